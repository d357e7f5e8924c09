"""Hardening of the reporter side: CSRF, rate limits, headers, hostile input, size limits."""

from __future__ import annotations

import io
import math
import re
import struct
import time
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.reporter_session import IDLE_MINUTES
from intake.security import SECURITY_HEADERS
from tests.conftest import build_app
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    csrf_token,
    make_team,
    open_status,
    post_form,
    post_upload,
    quoted_wait_is_honest,
    redirected_to,
    refused,
    send_fields,
    send_report,
    submit_report,
    visible_text,
)
from tests.journey_page import parse

REPORTER_PAGES = [
    "/",
    "/report/what",
    "/report/who",
    "/report/affected",
    "/report/evidence",
    "/report/together",
    "/status",
    "/privacy",
    "/cookies",
    "/accessibility",
]
FORM_POSTS = [
    "/report/what",
    "/report/who",
    "/report/affected",
    "/report/evidence",
    "/report/together",
    "/report/send",
    "/receipt.txt",
    "/status",
    "/status/reply",
    "/status/evidence",
    "/status/retaliation",
    "/status/replace-receipt",
]


@pytest.mark.parametrize("url", REPORTER_PAGES)
def test_every_page_carries_the_security_headers(client: FlaskClient, team: Team, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)  # no inline script at all


def test_the_session_cookie_is_httponly_strict_and_secure_when_configured(
    database_url: str,
) -> None:
    app = build_app(database_url, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        db.create_all()
        make_team()  # a question page, whose form needs the session, is open once it has a key
        client = app.test_client()
        set_cookie = client.get("/report/what").headers["Set-Cookie"]
        # The "__Host-" prefix: no other site of the domain can plant one (see init_security).
        assert client.get_cookie("candour") is None
        cookie = client.get_cookie("__Host-candour")
        assert cookie is not None
        assert cookie.http_only and cookie.secure and cookie.same_site == "Strict"
        assert set_cookie.startswith("__Host-candour=") and "Path=/;" in set_cookie
        assert "Domain=" not in set_cookie
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.mark.parametrize("url", FORM_POSTS)
def test_a_post_without_a_csrf_token_changes_nothing(
    client: FlaskClient, team: Team, url: str
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    before = db.session.scalars(select(Report)).one()
    snapshot = (before.urgent, before.receipt_hash, len(before.messages), len(before.attachments))
    response = client.post(
        url,
        data={
            "body": "forged",
            "details": "forged",
            "receipt": receipt,
            "categories": ["bullying"],
            "description": "forged",
        },
    )
    # 302: nothing to send, back to the form; 303: already sent, to its confirmation
    assert response.status_code in {200, 302, 303, 400}
    if response.status_code == 200:  # shown again, with what was typed, asking to resend
        assert "session timed out" in response.get_data(as_text=True)
    after = db.session.scalars(select(Report)).one()
    unchanged = (after.urgent, after.receipt_hash, len(after.messages), len(after.attachments))
    assert unchanged == snapshot
    assert db.session.scalar(select(db.func.count(Report.id))) == 1


def test_an_expired_token_shows_the_page_again_with_everything_typed(
    client: FlaskClient, team: Team
) -> None:
    client.get("/report/what")
    with client.session_transaction() as stored:
        stored.clear()  # the session (and its CSRF token) expired while they typed
    response = client.post(
        "/report/what",
        data={
            "csrf_token": "stale",
            "categories": ["racism"],
            "when": "unsure",
            "description": "A long account I spent an hour writing",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "session timed out" in html
    assert "A long account I spent an hour writing" in html
    assert 'value="racism" checked' in html


def test_status_lookups_are_rate_limited(client: FlaskClient, team: Team) -> None:
    lookup = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}
    paths = [redirected_to(post_form(client, "/status", lookup)) for _ in range(12)]
    assert paths[:10] == ["/status"] * 10  # refused, back to the receipt page (post/redirect/get)
    assert paths[10:] == ["/status/too-many-attempts"] * 2


def test_too_many_lookups_is_a_page_a_reload_does_not_count_against_the_limit(
    client: FlaskClient, team: Team
) -> None:
    lookup = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}
    for _ in range(9):
        post_form(client, "/status", lookup)
    for _ in range(5):  # reloads, or Back and Forward onto it: GETs, not attempts
        shown = client.get("/status/too-many-attempts?minutes=1")
        assert shown.status_code == 200
        assert "Wait 1 minute, then try again." in visible_text(shown.get_data(as_text=True))
    assert redirected_to(post_form(client, "/status", lookup)) == "/status"  # the tenth
    limited = post_form(client, "/status", lookup)
    assert redirected_to(limited) == "/status/too-many-attempts"
    page = client.get(limited.headers["Location"])
    assert page.status_code == 200
    assert "Too many attempts" in visible_text(page.get_data(as_text=True))


def test_a_too_many_attempts_page_opened_again_later_says_what_is_left_or_that_it_is_over(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: the page opened again from the browser's history an hour later still
    said "Too many attempts ... Wait 2 minutes", though no limit held any more."""
    lookup = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}
    for _ in range(10):
        post_form(client, "/status", lookup)
    limited = post_form(client, "/status", lookup)
    assert redirected_to(limited) == "/status/too-many-attempts"
    address = limited.headers["Location"]
    query = parse_qs(urlsplit(address).query)
    minutes, ends = int(query["minutes"][0]), int(query["ends"][0])
    assert 1 <= minutes <= 2 and ends == math.ceil(time.time() / 60) + minutes
    now = visible_text(client.get(address).get_data(as_text=True))
    assert f"Wait {minutes} minute" in now and "You can try again now" not in now
    with time_machine.travel(ends * 60 - 30, tick=False):  # half a minute left: "1 minute"
        later = visible_text(client.get(address).get_data(as_text=True))
        assert "Wait 1 minute, then try again." in later
    with time_machine.travel(ends * 60 + 3600, tick=False):  # from the history, an hour on
        over = client.get(address)
        shown = visible_text(over.get_data(as_text=True))
        assert over.status_code == 200
        assert "You can try again now The wait after too many attempts is over." in shown
        assert "Too many attempts" not in shown and "Wait" not in shown
        # The reporter's other limited pages, and the team's, say the same.
        shown = visible_text(
            client.get(f"/status/too-many-receipts?action=withdraw&minutes=5&ends={ends}").get_data(
                as_text=True
            )
        )
        assert "The wait after too many attempts is over." in shown and "Wait" not in shown
        assert "Try again with your receipt" in shown
        team_page = client.get(f"/team/too-many-attempts?why=you&minutes=2&ends={ends}")
        shown = visible_text(team_page.get_data(as_text=True))
        assert "You can try again now The wait after too many attempts is over" in shown
        assert "Too many attempts" not in shown
        assert shown.lower().count("try again now") == 1  # the heading, not again below it
        what = {"categories": ["bullying"], "when": "unsure", "description": "He shouted."}
        post_form(client, "/report/what", what)  # a draft, which the send-limit page is about
        shown = visible_text(
            client.get(f"/report/not-sent?minutes=60&ends={ends}").get_data(as_text=True)
        )
        assert "The wait is over: you can send it now." in shown
        assert "Nothing was sent. You can send it" not in shown and "If you wait" not in shown
    # A forged or mangled word changes nothing but what its own reader sees.
    far = visible_text(
        client.get("/status/too-many-attempts?minutes=5&ends=99999999999").get_data(as_text=True)
    )
    assert "Wait 5 minutes, then try again." in far
    junk = visible_text(
        client.get("/status/too-many-attempts?minutes=5&ends=soon").get_data(as_text=True)
    )
    assert "Wait 5 minutes, then try again." in junk


def test_a_too_many_attempts_page_opened_without_its_wait_says_the_most_it_could_be(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: opened directly (a bookmark, Back from much later), the page said
    "Wait 120 minutes" as if it knew. Without the wait its redirect named, it cannot know."""
    shown = visible_text(client.get("/status/too-many-attempts").get_data(as_text=True))
    # An hour's counter lives up to two (intake.ratelimit).
    assert "Wait up to 120 minutes, then try again." in shown
    named = visible_text(client.get("/status/too-many-attempts?minutes=7").get_data(as_text=True))
    assert "Wait 7 minutes, then try again." in named and "up to" not in named
    what = {"categories": ["bullying"], "when": "unsure", "description": "He shouted at me."}
    post_form(client, "/report/what", what)  # a draft, which the send-limit page is about
    not_sent = visible_text(client.get("/report/not-sent").get_data(as_text=True))
    assert "or from this network in up to 120 minutes." in not_sent


def test_rate_limit_keys_are_not_raw_addresses(app: Flask) -> None:
    from intake.security import client_key

    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        key = client_key()
    assert "10.1.2.3" not in key and len(key) == 32


def test_script_in_every_field_is_shown_as_text(client: FlaskClient, team: Team) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_form(
        client,
        "/report/what",
        {"categories": ["other"], "when": "unsure", "where": attack, "description": attack},
    )
    post_form(
        client,
        "/report/who",
        {"people-0-name": attack, "people-0-unit": attack, "submit": "Continue"},
    )
    post_form(client, "/report/affected", {"affected": ["colleague"], "witnesses": attack})
    post_form(client, "/report/evidence", {"submit": "Continue"})
    post_form(client, "/report/together", {"together": "now"})
    html = client.get("/report/check").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def _png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge 1-bit image (decompresses to width*height/8 bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = zlib.compress(b"\x00" * ((width // 8 + 1) * height), 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", _png_bomb(30_000, 30_000), "too large an image"),
        ("macro.docm", b"PK\x03\x04" + b"\x00" * 64, "is not one of the photos"),
        ("empty.txt", b"", "is empty"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    client: FlaskClient, team: Team, name: str, content: bytes, message: str
) -> None:
    response = post_upload(
        client, "/report/evidence", {"upload": "Upload file", "file": (io.BytesIO(content), name)}
    )
    html = refused(client, response)
    assert message in html
    assert "Files added" not in html


def test_a_request_over_the_size_limit_gets_a_friendly_413(client: FlaskClient, team: Team) -> None:
    page = client.get("/report/evidence").get_data(as_text=True)
    body = io.BytesIO(b"--x\r\n")  # the declared length is what the server refuses on
    response = client.post(
        "/report/evidence",
        input_stream=body,
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(60 * 1024 * 1024)},
        query_string={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "too large to send" in html
    # "Go back and choose a smaller file": a Back link to the page, and the way out at once.
    assert [a.attrs["href"] for a in parse(html).find(cls="govuk-back-link")] == [
        "/report/evidence"
    ]
    assert 'href="/exit"' in html and "govuk-exit-this-page" in html


def test_a_reporter_error_page_has_exit_this_page_and_a_team_one_does_not(
    client: FlaskClient,
) -> None:
    reporter = client.get("/report/no-such-page").get_data(as_text=True)
    assert "govuk-exit-this-page" in reporter and 'href="/exit"' in reporter
    assert not parse(reporter).find(cls="govuk-back-link")  # a GET: Back is the browser's
    team = client.get("/team/no-such-page").get_data(as_text=True)
    assert "govuk-exit-this-page" not in team


def test_error_pages_reveal_nothing(client: FlaskClient) -> None:
    response = client.get("/no-such-page?x=<b>canary</b>")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and "canary" not in html and "Traceback" not in html


def test_a_send_refused_by_the_limit_keeps_the_answers_and_says_why(
    client: FlaskClient, team: Team
) -> None:
    # Ten reports from one network in an hour (say a police station's): the eleventh reporter
    # presses Send once and is refused, but told the truth and given their answers back.
    before = time.time()
    for _ in range(10):
        submit_report(client.application.test_client())
    reporter = client.application.test_client()
    shown = send_report(reporter)  # Send, and the page its redirect leads to
    after = time.time()
    assert [r.status_code for r in shown.history] == [303]  # post/redirect/get
    assert shown.request.path == "/report/not-sent" and shown.status_code == 200
    text = visible_text(shown.get_data(as_text=True))
    assert "Your report was not sent yet" in text
    assert "you may share it with many other people" in text
    wait = re.search(r"from this network in (\d+) minutes", text)
    assert wait and "Exit this page" in text
    # The wait quoted is the limit's own, read from its counter: an hour's window can hold for
    # up to two, and coming back after one hour would be refused again.
    assert quoted_wait_is_honest(int(wait[1]), 3600, before, after)
    for _ in range(3):  # a reload, or Back and Forward onto it, shows the page again
        again = reporter.get(shown.request.full_path)
        assert visible_text(again.get_data(as_text=True)) == text
    check = reporter.get("/report/check")
    assert check.status_code == 200
    assert DEFAULT_REPORT["description"] in visible_text(check.get_data(as_text=True))
    # The limit still holds: Send again is refused the same way, and nothing is stored.
    retry = reporter.post("/report/send", data=send_fields(check.get_data(as_text=True)))
    assert redirected_to(retry) == "/report/not-sent"
    assert len(db.session.scalars(select(Report)).all()) == 10


def test_reloading_the_send_limit_page_is_not_another_attempt(
    client: FlaskClient, team: Team
) -> None:
    for _ in range(9):
        submit_report(client.application.test_client())
    reporter = client.application.test_client()
    what = {"categories": ["bullying"], "when": "unsure", "description": "He shouted at me."}
    post_form(reporter, "/report/what", what)  # a draft, kept while the page is reloaded
    for _ in range(5):
        assert reporter.get("/report/not-sent?minutes=60").status_code == 200
    assert send_report(reporter).request.path == "/report/sent"  # the tenth report is sent
    assert send_report(client.application.test_client()).request.path == "/report/not-sent"


def test_the_send_limit_page_says_waiting_loses_the_answers(
    client: FlaskClient, team: Team
) -> None:
    # The wait (an hour) is longer than unsent answers live without use: the page must not
    # suggest they will still be there.
    for _ in range(10):
        submit_report(client.application.test_client())
    text = visible_text(send_report(client.application.test_client()).get_data(as_text=True))
    assert re.search(r"If you wait \d+ minutes, your answers will be deleted", text)
    assert f"deleted after {IDLE_MINUTES} minutes without use" in text
    # Not "copy it somewhere": on a shared or work device, the next person finds it there.
    assert "Do not save them on a shared or work device" in text
    assert "copy what you wrote" not in text


def test_an_unexpected_error_logs_where_it_happened_never_its_message(
    client: FlaskClient,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # An exception's message can quote what was typed (PostgreSQL's "invalid input syntax for
    # type integer: ..." does); the log keeps its type and the frames, not the words.
    def breaks(answers: dict[str, object]) -> None:
        try:
            int(f"{answers}")  # the cause, as a driver's error under SQLAlchemy's would be
        except ValueError as cause:
            raise RuntimeError(f"cannot keep {answers}") from cause

    monkeypatch.setattr("intake.drafts.save", breaks)
    what = {"categories": ["racism"], "when": "unsure", "description": "My sergeant Canaryname"}
    response = post_form(client, "/report/what", what)
    assert response.status_code == 500
    assert "Canaryname" not in response.get_data(as_text=True)
    assert "unhandled RuntimeError" in caplog.text and "in breaks" in caplog.text
    # The cause is named too, by its type, for the operator to follow.
    assert "caused by ValueError (message not logged):" in caplog.text
    assert "Canaryname" not in caplog.text
