"""Test helpers that read like the user's story: make a team, submit a report."""

from __future__ import annotations

import io
import itertools
import math
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from sqlalchemy import insert, select
from werkzeug.test import EnvironBuilder, TestResponse

from intake.db import db
from intake.models import Report
from intake.sealing import TeamPrivateKey
from triage.models import Member
from triage.team.keys import create_team_key
from triage.team.members import create_member

PASSWORD = "correct horse battery staple"

# The (UTC) day this run began. A run lasts most of an hour, so it can cross midnight: a test that
# uses the ``midday`` fixture (``tests/conftest.py``) runs at noon of this day, where dates the
# test and the app take agree, and a module may name it at import (collection time) as today.
RUN_DAY = datetime.now(UTC).date()

# The ids of the reports sent in the running test, in the order they arrived. The database no
# longer keeps that order (random ids, issue 13), so the ``record_arrivals`` fixture in
# ``tests/conftest.py`` notes each report as the live submission hook sees it.
ARRIVALS: list[int] = []


def record_arrival(report: Report, answers: dict[str, Any]) -> None:
    ARRIVALS.append(report.id)


def reports_in_order() -> list[Report]:
    """Every report this test sent and the database kept, in the order they were sent."""
    kept = {r.id: r for r in db.session.scalars(select(Report).where(Report.id.in_(ARRIVALS)))}
    return [kept[i] for i in ARRIVALS if i in kept]


@dataclass
class Team:
    key: TeamPrivateKey
    lead: Member
    keys: dict[int, TeamPrivateKey] = field(default_factory=dict)


def blank_report(team: Team) -> int:
    """A report row with nothing sealed in it (for matching tests that write tokens directly)."""
    return int(
        db.session.execute(
            insert(Report)
            .values(
                reference=f"C-{secrets.token_hex(4)}",
                receipt_hash=secrets.token_bytes(32),
                team_key_id=team.key.key_id,
                content=b"",
                reporter_key=b"",
                received_on=date.today(),
            )
            .returning(Report.id)
        ).scalar_one()
    )


def make_team() -> Team:
    key = create_team_key()
    lead = create_member("lead@candour.test", "Lee Lead", "lead", PASSWORD, {key.key_id: key})
    db.session.commit()
    return Team(key=key, lead=lead, keys={key.key_id: key})


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any) -> TestResponse:
    """GET the page for its CSRF token, then POST the form as a browser would."""
    page = client.get(url)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def press_back(
    client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> TestResponse:
    """Press a question page's Back button with ``data`` typed: its form sent as it stands."""
    return post_form(client, url, {**(data or {}), "go": "back"}, **kwargs)


def back_to(client: FlaskClient, url: str) -> str:
    """Where the Back button of the question page ``url`` leads, pressed with nothing typed."""
    return redirected_to(press_back(client, url))


def refused(client: FlaskClient, response: TestResponse, page: str | None = None) -> str:
    """The page an answer was refused on, as the browser shows it: the POST redirects (303) back
    to the page whose GET shows the answer with its errors (post/redirect/get). A reporter's
    page posts to its own address; a team form may post elsewhere and name its ``page``."""
    assert response.status_code == 303, "the page should have refused the answer"
    location = urlsplit(response.headers["Location"])
    assert location.path == (page or response.request.path), "refused, back to its page"
    return client.get(response.headers["Location"]).get_data(as_text=True)


def redirected_to(response: TestResponse) -> str:
    """The path a reporter's POST redirected to (303, post/redirect/get): a refused answer goes
    back to its page, one over a rate limit to the page that explains the limit."""
    assert response.status_code == 303, f"expected a redirect, got {response.status_code}"
    return urlsplit(response.headers["Location"]).path


DEFAULT_REPORT: dict[str, Any] = {
    "categories": ["sexual_misconduct"],
    "when": "month",
    "when_month": "3/2025",
    "where": "Charing Cross station",
    "description": "He made comments about my appearance and touched me.",
    "people": [{"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}],
    "affected": ["reporter"],
    "witnesses": "",
    "together": "now",
    "files": [],
}


def send_fields(check_html: str) -> dict[str, str]:
    """The hidden fields of the "Send report" form on a check-answers page."""
    token = re.search(r'name="send_token" type="hidden" value="([^"]*)"', check_html)
    return {"csrf_token": csrf_token(check_html), "send_token": token.group(1) if token else ""}


def submit_report(client: FlaskClient, **answers: Any) -> str:
    """Walk the whole journey as a reporter and return the receipt shown at the end."""
    html = send_report(client, **answers).get_data(as_text=True)
    match = re.search(r'<p class="candour-receipt" id="receipt">([A-Z0-9-]+)</p>', html)
    assert match, html
    return match.group(1)


def first_question_mark(client: FlaskClient) -> dict[str, str]:
    """The hidden field the first question carries after a report was sent from this browser
    (which starts a new report when sent), as the page shows it; nothing before."""
    html = client.get("/report/what").get_data(as_text=True)
    found = re.search(r'name="new_report" value="([0-9a-f]+)"', html)
    return {"new_report": found[1]} if found else {}


def send_report(client: FlaskClient, **answers: Any) -> TestResponse:
    """Walk the whole journey as a reporter and return the confirmation page."""
    a = {**DEFAULT_REPORT, **answers}
    what = {
        "categories": a["categories"],
        "when": a["when"],
        "when_date": a.get("when_date", ""),
        "when_month": a.get("when_month", ""),
        "where": a["where"],
        "description": a["description"],
        **first_question_mark(client),
    }
    assert post_form(client, "/report/what", what).status_code == 302
    who: dict[str, Any] = {}
    for i, person in enumerate(a["people"]):
        for key, value in person.items():
            who[f"people-{i}-{key}"] = value
    if not a["people"]:
        who["unknown"] = "y"
    assert post_form(client, "/report/who", {**who, "submit": "Continue"}).status_code == 302
    affected = {"affected": a["affected"], "witnesses": a["witnesses"]}
    assert post_form(client, "/report/affected", affected).status_code == 302
    for name, content in a["files"]:
        response = post_form(
            client,
            "/report/evidence",
            {"upload": "Upload file", "file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    if a["people"]:
        together = post_form(client, "/report/together", {"together": a["together"]})
        assert together.status_code == 302
        # Asked only where another force's team could ask for the report.
        if together.location.endswith("/report/share"):
            shared = post_form(client, "/report/share", {"share": a.get("share", "yes")})
            assert shared.status_code == 302
    check = client.get("/report/check")
    assert check.status_code == 200
    return client.post(
        "/report/send", data=send_fields(check.get_data(as_text=True)), follow_redirects=True
    )


def open_status(client: FlaskClient, receipt: str) -> TestResponse:
    return post_form(client, "/status", {"receipt": receipt}, follow_redirects=True)


def sign_in_directly(client: FlaskClient, member: Member, keys: dict[int, TeamPrivateKey]) -> None:
    """Start a real staff session for ``member`` without the sign-in pages (tested elsewhere)."""
    from flask import session

    from triage.team.sessions import start_session

    with client.application.test_request_context():
        start_session(member, keys if member.reads_cases else {})
        db.session.commit()
        cookie = dict(session)
    with client.session_transaction() as stored:
        stored.clear()
        stored.update(cookie)


_member_numbers = itertools.count(1)


def add_member(role: str, team: Team, email: str | None = None) -> Member:
    """Another member of ``team`` with ``PASSWORD`` and a copy of the team keys."""
    email = email or f"{role}-{next(_member_numbers)}@candour.test"
    member = create_member(email, role.title(), role, PASSWORD, team.keys)
    db.session.commit()
    return member


def post_upload(
    client: FlaskClient, url: str, data: dict[str, Any], *, page: str | None = None
) -> TestResponse:
    """POST a multipart form with a CSRF token from ``page`` (default: ``url``), closing the
    spooled request body afterwards (the test client leaves large bodies' temporary files open)."""
    token = csrf_token(client.get(page or url).get_data(as_text=True))
    builder = EnvironBuilder(
        path=url,
        method="POST",
        data={"csrf_token": token, **data},
        content_type="multipart/form-data",
    )
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in {"script", "style", "title"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"script", "style", "title"}

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The words a reader sees on the page, whitespace collapsed (no markup, no attributes)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def quoted_wait_is_honest(minutes: int, window: int, before: float, after: float) -> bool:
    """Whether a wait of ``minutes`` quoted between ``before`` and ``after`` (``time.time()``)
    lasts until the counter of a ``window``-second limit, first hit in between, has reset: such a
    counter lives until the second clock boundary of its window (``intake.ratelimit``), so the
    window's length alone is too short. And that it is not longer than that by a minute, give or
    take the whole seconds a store counts in: the counter's life is rounded up to a second when it
    is set, and Redis rounds the time-to-live it reports, so its end can read up to two seconds
    after the boundary (failed once in CI when the burst began 0.7 s before a second ticked)."""
    rounding = 2
    soonest = (math.floor(before / window) + 2) * window
    latest = (math.floor(after / window) + 2) * window + rounding
    return after + 60 * minutes >= soonest and before + 60 * (minutes - 1) < latest


def submit_enough_to_calibrate(client: FlaskClient, person: dict[str, str]) -> None:
    """Eight reports each naming ``person`` and four people named nowhere else: enough matching
    pairs behind a first name and a unit for ``flask triage calibrate`` to learn their weights
    (a handful of reports leaves every weight as it was, and stores nothing)."""
    first = ("Alex", "Brian", "Carla", "Dev", "Erin", "Farah", "Gita", "Hugo", "Ines", "Jamal")
    for n in range(8):
        others = []
        for k in range(n * 4, n * 4 + 4):
            letters = "".join(chr(ord("a") + (k // 26**place) % 26) for place in range(3))
            others.append({"name": f"{first[k % 10]} Wor{letters}ton"})
        submit_report(client, people=[person, *others])
