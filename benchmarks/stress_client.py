"""Simulated reporters for the load and fault scripts: the real journey over HTTP.

Each journey is one new reporter: a fresh cookie jar and its own loopback source address
(127.a.b.c; Linux routes all of 127.0.0.0/8 to the loopback interface). Candour's rate limits are
per client address, as they should be in production, so giving every simulated reporter its own
address spreads the load the way real reporters would arrive, and the limiter stays on (its Redis
round trips are part of what is measured) without being raised for the run.

What each reporter typed is kept in memory (never written anywhere) so the verifier can open the
sealed report afterwards and compare it byte for byte.
"""

from __future__ import annotations

import http.client
import itertools
import re
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SEND_TOKEN = re.compile(r'name="send_token" type="hidden" value="([^"]+)"')
RECEIPT = re.compile(r'<p class="candour-receipt" id="receipt">([A-Z0-9-]+)</p>')
NAMES = [
    "PC Jon Smyth",
    "Sgt Anne Rowe",
    "DC Ravi Patel",
    "Insp Mary Cole",
    "PC Tom Hale",
    "PS Ade Okafor",
    "DS Kim Walsh",
    "PC Lee Grant",
]
UNITS = ["CW BCU", "NE BCU", "Territorial Support Group", "Roads Policing"]
_addresses = itertools.count()


def next_address() -> str:
    """A loopback address no earlier journey used (16 million before any repeats)."""
    n = next(_addresses) % (254**3)
    return f"127.{n // 254**2 + 1}.{n // 254 % 254 + 1}.{n % 254 + 1}"


class JourneyFailed(Exception):
    """A step got an unexpected answer or no answer; the reporter gives up on this journey."""


@dataclass
class Sent:
    """Everything one reporter typed and got back, kept to check the sealed copy against."""

    receipt: str
    categories: list[str]
    when_month: str
    where: str
    description: str
    person: dict[str, str]
    affected: list[str]
    witnesses: str
    evidence_name: str
    evidence: bytes
    replies: list[str] = field(default_factory=list)


@dataclass
class Recorder:
    """Latency samples per step, failures per step, and the receipts handed out."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    sent: list[Sent] = field(default_factory=list)
    journeys_started: int = 0
    journeys_done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timing(self, step: str, seconds: float) -> None:
        with self.lock:
            self.timings[step].append(seconds)

    def failure(self, step: str, what: str) -> None:
        with self.lock:
            self.failures[step][what] += 1


class Browser:
    """One reporter's browser: a cookie jar and a loopback address of its own."""

    def __init__(self, port: int, recorder: Recorder, timeout: float = 60.0) -> None:
        self.port = port
        self.recorder = recorder
        self.address = next_address()
        self.cookies: dict[str, str] = {}
        self.timeout = timeout

    def request(
        self,
        step: str,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
        expect: int = 200,
    ) -> str:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.address, 0)
        )
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.recorder.failure(step, type(error).__name__)
            raise JourneyFailed(step) from error
        finally:
            connection.close()
        self.recorder.timing(step, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "1970" not in rest:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        if response.status != expect:
            self.recorder.failure(step, f"HTTP {response.status}")
            raise JourneyFailed(f"{step}: {response.status}")
        return text

    def form_page(self, step: str, path: str) -> str:
        match = CSRF.search(self.request(f"GET {step}", "GET", path))
        if match is None:
            self.recorder.failure(f"GET {step}", "no CSRF token")
            raise JourneyFailed(step)
        return match.group(1)

    def post(self, step: str, path: str, fields: list[tuple[str, str]], expect: int = 302) -> str:
        return self.request(
            f"POST {step}",
            "POST",
            path,
            urlencode(fields).encode(),
            "application/x-www-form-urlencoded",
            expect,
        )

    def post_multipart(
        self,
        step: str,
        path: str,
        fields: list[tuple[str, str]],
        file: tuple[str, bytes],
        expect: int = 302,
    ) -> str:
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields
        ]
        name, data = file
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            f"POST {step}", "POST", path, body, f"multipart/form-data; boundary={boundary}", expect
        )


def invent_report(rng: secrets.SystemRandom) -> Sent:
    """What one reporter writes: unique, with non-ASCII text and line breaks to round-trip."""
    tag = secrets.token_hex(8)
    return Sent(
        receipt="",
        categories=sorted(rng.sample(["bullying", "sexism_misogyny", "racism", "other"], 2)),
        when_month=f"{rng.randint(1, 12)}/2025",
        where=f"Custody suite {tag[:4]} – “back office”",
        description=(
            f"Report {tag}: he said things about my appearance in front of the team.\n"
            f"Ça a duré des mois; ich habe es gemeldet – nichts passierte. 🚓 {tag}"
        ),
        person={
            "name": rng.choice(NAMES),
            "collar_number": f"{rng.randint(100, 9999)}AB",
            "unit": rng.choice(UNITS),
        },
        affected=["reporter"],
        witnesses=f"Two colleagues saw it ({tag[4:]})",
        evidence_name=f"notes-{tag[:6]}.txt",
        evidence=f"Notes {tag}\nDates and what was said — “verbatim”.\n".encode(),
    )


def journey(port: int, recorder: Recorder, rng: secrets.SystemRandom) -> None:
    """One reporter: the whole report journey, then a status check and a reply."""
    browser = Browser(port, recorder)
    report = invent_report(rng)
    browser.request("GET start", "GET", "/")
    token = browser.form_page("what", "/report/what")
    browser.post(
        "what",
        "/report/what",
        [
            ("csrf_token", token),
            *[("categories", c) for c in report.categories],
            ("when", "month"),
            ("when_month", report.when_month),
            ("where", report.where),
            ("description", report.description),
        ],
    )
    token = browser.form_page("who", "/report/who")
    browser.post(
        "who",
        "/report/who",
        [
            ("csrf_token", token),
            *[(f"people-0-{k}", v) for k, v in report.person.items()],
            ("submit", "Continue"),
        ],
    )
    token = browser.form_page("affected", "/report/affected")
    browser.post(
        "affected",
        "/report/affected",
        [
            ("csrf_token", token),
            *[("affected", a) for a in report.affected],
            ("witnesses", report.witnesses),
        ],
    )
    token = browser.form_page("evidence", "/report/evidence")
    browser.post_multipart(
        "upload",
        "/report/evidence",
        [("csrf_token", token), ("keep_original", "y"), ("upload", "Upload file")],
        (report.evidence_name, report.evidence),
    )
    browser.post("evidence", "/report/evidence", [("csrf_token", token), ("submit", "Continue")])
    token = browser.form_page("together", "/report/together")
    browser.post("together", "/report/together", [("csrf_token", token), ("together", "now")])
    check = browser.request("GET check", "GET", "/report/check")
    token_match, send_match = CSRF.search(check), SEND_TOKEN.search(check)
    if token_match is None or send_match is None:
        recorder.failure("GET check", "no send form")
        raise JourneyFailed("check")
    fields = [("csrf_token", token_match.group(1)), ("send_token", send_match.group(1))]
    browser.post("send", "/report/send", fields, expect=303)
    page = browser.request("GET sent", "GET", "/report/sent")  # post/redirect/get
    match = RECEIPT.search(page)
    if match is None:
        recorder.failure("POST send", "no receipt on the page")
        raise JourneyFailed("send")
    report.receipt = match.group(1)
    with recorder.lock:
        recorder.sent.append(report)  # from here on the service owes this reporter their report

    token = browser.form_page("status", "/status")
    # The receipt is entered by post/redirect/get: 303 See Other, to the page the receipt leads
    # to (the status page here, with nothing kept from an ended session).
    browser.post(
        "status", "/status", [("csrf_token", token), ("receipt", report.receipt)], expect=303
    )
    status = browser.request("GET status (open)", "GET", "/status")
    token_match = CSRF.search(status)
    if token_match is None or "Received" not in status:
        recorder.failure("GET status (open)", "report not shown")
        raise JourneyFailed("status")
    reply = f"Thank you. One more thing – it happened again on the {rng.randint(1, 28)}th. ✓"
    browser.post("reply", "/status/reply", [("csrf_token", token_match.group(1)), ("body", reply)])
    report.replies.append(reply)


def run_reporters(
    port: int,
    reporters: int,
    *,
    duration: float | None,
    count: int | None,
    recorder: Recorder,
    stop: threading.Event | None = None,
    each: Callable[[int, Recorder, secrets.SystemRandom], None] = journey,
) -> float:
    """Run ``reporters`` concurrent reporters until ``duration`` seconds or ``count`` journeys
    have started; returns the wall time taken."""
    stop = stop or threading.Event()
    deadline = time.monotonic() + duration if duration else None

    def reporter() -> None:
        rng = secrets.SystemRandom()
        while not stop.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                return
            with recorder.lock:
                if count is not None and recorder.journeys_started >= count:
                    return
                recorder.journeys_started += 1
            try:
                each(port, recorder, rng)
            except JourneyFailed:
                time.sleep(0.2)  # a person does not retry within microseconds of an error page
                continue
            with recorder.lock:
                recorder.journeys_done += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=reporter, daemon=True) for _ in range(reporters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def bare_post(port: int, recorder: Recorder, rng: secrets.SystemRandom) -> None:
    """One POST to the bare Flask endpoint, with a form the size of a typical journey step."""
    browser = Browser(port, recorder)
    body = [("csrf_token", secrets.token_urlsafe(60)), ("description", "x" * 200)]
    browser.post("bare", "/echo", body, expect=200)
