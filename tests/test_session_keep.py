"""The session's time limit, adjustable (WCAG 2.2.1): every page where a reporter types says near
its top, without JavaScript, how long answers are kept without selecting a button; with
JavaScript a warning offers "Keep my answers", which posts to ``/session/keep``. That endpoint
moves the session's last use to now, as any page does, and does nothing else: it needs the
page's CSRF token, it is rate-limited, and it stores and logs nothing new."""

from __future__ import annotations

import logging
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from intake.models import Draft, ReporterSession
from intake.reporter_session import IDLE_MINUTES, _open
from intake.views.session_end import KEEP_LIMIT
from tests.helpers import Team, csrf_token, open_status, post_form, submit_report
from tests.test_reporter_sessions import HERE, start_a_draft, walk_away


def keep(client: FlaskClient, token: str | None) -> int:
    data = {} if token is None else {"csrf_token": token}
    return client.post("/session/keep", data=data).status_code


def page_token(client: FlaskClient, url: str = "/report/who") -> str:
    return csrf_token(client.get(url).get_data(as_text=True))


def sealed_state(client: FlaskClient) -> tuple[dict[str, object], ReporterSession]:
    from hashlib import sha256

    with client.session_transaction() as stored:
        token, key = stored[HERE]["token"], bytes.fromhex(stored[HERE]["key"])
    row_id = sha256(token.encode()).hexdigest()
    db.session.expire_all()
    row = db.session.get_one(ReporterSession, row_id)
    state = _open(key, row_id, row.blob)
    assert state is not None
    return state, row


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


def test_keep_my_answers_moves_the_time_limit_on(client: FlaskClient, team: Team) -> None:
    start_a_draft(client, "What the sergeant said in the yard")
    token = page_token(client)
    walk_away(client, IDLE_MINUTES - 1)  # the warning shows, and the reporter keeps the answers
    assert keep(client, token) == 204
    walk_away(client, IDLE_MINUTES - 1)  # long past the first limit, within the kept one
    html = client.get("/report/what").get_data(as_text=True)
    assert "What the sergeant said in the yard" in html
    assert "answers-lost" not in html and "timed out" not in html
    assert db.session.scalars(select(Draft)).all() != []


def test_keep_without_the_pages_token_keeps_nothing(client: FlaskClient, team: Team) -> None:
    start_a_draft(client, "What the sergeant said in the yard")
    page_token(client)
    walk_away(client, IDLE_MINUTES - 1)
    assert keep(client, None) == 400
    assert keep(client, "forged") == 400
    walk_away(client, 2)  # the limit counts from the last page, not from the refused posts
    html = client.get("/report/what", follow_redirects=True).get_data(as_text=True)
    assert "What the sergeant said in the yard" not in html
    assert db.session.scalars(select(Draft)).all() == []


def test_keep_after_the_session_ended_says_so_and_starts_nothing(
    client: FlaskClient, team: Team
) -> None:
    start_a_draft(client, "What the sergeant said in the yard")
    token = page_token(client)
    walk_away(client, IDLE_MINUTES + 1)
    assert keep(client, token) == 410
    assert db.session.scalars(select(ReporterSession)).all() == []
    assert db.session.scalars(select(Draft)).all() == []


def test_keep_is_rate_limited(client: FlaskClient, team: Team) -> None:
    start_a_draft(client, "What the sergeant said in the yard")
    token = page_token(client)
    allowed = int(KEEP_LIMIT.split()[0])
    assert {keep(client, token) for _ in range(allowed)} == {204}
    assert keep(client, token) == 429


def test_keep_stores_and_logs_nothing_new(
    client: FlaskClient, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    start_a_draft(client, "What the sergeant said in the yard")
    token = page_token(client)
    walk_away(client, 5)
    before, row = sealed_state(client)
    expires_on, counts = row.expires_on, row_counts()
    caplog.set_level(logging.DEBUG)
    assert keep(client, token) == 204
    after, row = sealed_state(client)
    assert caplog.records == []
    assert row_counts() == counts
    # The sealed state is the same but for its time of last use; the row's only clear value
    # is still a day.
    assert {k: v for k, v in after.items() if k != "seen"} == {
        k: v for k, v in before.items() if k != "seen"
    }
    assert int(str(after["seen"])) > int(str(before["seen"]))
    assert row.expires_on == expires_on


NOTICE = re.compile(r'<div class="govuk-inset-text" id="timeout-notice">(.*?)</div>', re.S)


def notice(html: str) -> str:
    found = NOTICE.search(html)
    assert found, "no time-limit notice"
    # Near the top: before the page's heading.
    assert html.index('id="timeout-notice"') < html.index("<h1")
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


@pytest.mark.parametrize(
    "url",
    ["/report/what", "/report/who", "/report/affected", "/report/evidence", "/report/check"],
)
def test_question_pages_say_near_the_top_how_long_answers_are_kept(
    client: FlaskClient, team: Team, url: str
) -> None:
    submit_report(client)  # a report sent from this browser, so every page opens
    start_a_draft(client, "What the sergeant said in the yard")
    post_form(client, "/report/who", {"unknown": "y", "submit": "Continue"})
    post_form(client, "/report/affected", {"affected": ["reporter"], "witnesses": ""})
    post_form(client, "/report/evidence", {"submit": "Continue"})
    html = client.get(url).get_data(as_text=True)
    said = notice(html)
    assert f"your answers are deleted after {IDLE_MINUTES} minutes without selecting" in said
    # Pages with nothing to type in say nothing of typing ("Typing counts too" with JavaScript
    # on meant nothing on check answers or the evidence page).
    nothing_typed = url in ("/report/evidence", "/report/check")
    assert ("Typing" not in said) if nothing_typed else ("Typing does not count" in said)
    button = "Send report" if url == "/report/check" else "Continue"
    assert f"Select “{button}” before then to keep your answers" in said
    # With JavaScript, the warning: present (closed) only with a session to keep.
    assert '<dialog class="candour-timeout" id="timeout-warning"' in html
    assert "Keep my answers" in html and "Delete my answers and leave" in html


def test_the_first_question_before_any_answer_has_the_notice_but_no_warning(
    client: FlaskClient, team: Team
) -> None:
    html = client.get("/report/what").get_data(as_text=True)
    assert "Typing does not count" in notice(html)
    assert "timeout-warning" not in html


@pytest.mark.parametrize(
    ("url", "button"),
    [
        ("/status/reply", "Send message"),
        ("/status/evidence", "Add evidence"),
        ("/status/retaliation", "Tell the team I am facing retaliation"),
        ("/status/withdraw", "Withdraw my report"),  # its reason may be long
    ],
)
def test_status_follow_up_pages_say_near_the_top_how_long_the_report_stays_open(
    client: FlaskClient, team: Team, url: str, button: str
) -> None:
    open_status(client, submit_report(client))
    html = client.get(url).get_data(as_text=True)
    said = notice(html)
    assert f"your report closes on this device after {IDLE_MINUTES} minutes" in said
    typing = "Typing" not in said if url == "/status/evidence" else "Typing does not count" in said
    assert typing and f"Select “{button}” before then" in said
    assert 'id="timeout-warning"' in html


def test_the_accessibility_statement_says_how_to_get_more_time(
    client: FlaskClient, team: Team
) -> None:
    html = client.get("/accessibility").get_data(as_text=True)
    section = html[html.index('id="time-limit"') :]
    assert f"{IDLE_MINUTES} minutes" in section and "Keep my answers" in section
