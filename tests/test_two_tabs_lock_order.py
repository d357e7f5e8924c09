"""Two tabs of one team session acting on a case at once never deadlock (PostgreSQL).

A note or message first records its text in the session's row (``sessions.first_sending``, so
that Back and send again does not send it twice) and then appends to the audit log, under the
audit's lock. Any other action sent from a page that showed it refused first appends to the audit
log and then clears that refusal from the same session row (``redisplay.accepted``). Taken in
those opposite orders, each tab waited for the other, and PostgreSQL ended one of them: a 503.
The text is now recorded after the action, under the audit lock, like every other session
change."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.conftest import schema_url
from tests.helpers import Team, csrf_token, sign_in_directly, submit_report
from tests.test_seq_race import TIMEOUT, run_to_the_end
from triage import audit
from triage.models import Note
from triage.team import sessions
from triage.views import case_access, case_actions


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no locks to order."""
    return schema_url(postgres_schema)


def second_tab(app: Flask, first: FlaskClient) -> FlaskClient:
    """Another tab of the same browser: the same session cookie, so the same session row."""
    tab = app.test_client()
    cookie = first.get_cookie("candour")
    assert cookie is not None
    tab.set_cookie("candour", cookie.value)
    return tab


def test_a_note_and_a_refused_action_sent_again_in_two_tabs_both_go_through(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two cases, so that the tabs share only the session row and the audit log's lock.
    submit_report(app.test_client())
    submit_report(app.test_client())
    report, other = db.session.scalars(select(Report).order_by(Report.id)).all()
    case, other_case = f"/team/cases/{report.reference}", f"/team/cases/{other.reference}"
    notes_tab = app.test_client()
    sign_in_directly(notes_tab, team.lead, team.keys)
    stage_tab = second_tab(app, notes_tab)

    # The stage tab's form is refused once (no stage chosen): its page now carries the refusal.
    page = stage_tab.get(other_case).get_data(as_text=True)
    seen = re.search(r'name="stage_seen" type="hidden" value="([^"]*)"', page)
    assert seen, "the stage form says which stage the page showed"
    refused = stage_tab.post(
        f"{other_case}/stage", data={"csrf_token": csrf_token(page), "stage_seen": seen[1]}
    )
    assert refused.status_code == 303
    mark = re.search(r"refused=([0-9a-f]+)", refused.headers["Location"])
    assert mark, refused.headers["Location"]
    stage_form = {
        "csrf_token": csrf_token(page),
        "stage_seen": seen[1],
        "stage": "assessing",
        "refused": mark[1],
    }
    note_form = {
        "csrf_token": csrf_token(notes_tab.get(case).get_data(as_text=True)),
        "note_body": "Spoke to the inspector",
    }

    # Every request first marks its session row seen, in a transaction of its own: the stage's
    # tab does that before the note's tab records its text there. The note's tab then reaches
    # the audit log and waits until the stage's tab holds the audit lock; the stage's tab takes
    # it only once the note's tab has got that far.
    stage_signed_in = threading.Event()
    note_at_audit, stage_holds_audit = threading.Event(), threading.Event()
    record, find_case, record_text = audit.record, case_access.case_or_abort, sessions.first_sending

    def find_case_in_turn(reference: str) -> Report:
        found = find_case(reference)
        if threading.current_thread().name == "stage":
            stage_signed_in.set()
        return found

    def record_text_in_turn(place: str, text: str) -> bool:
        assert stage_signed_in.wait(TIMEOUT)
        return record_text(place, text)

    def record_in_turn(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "note":
            note_at_audit.set()
            assert stage_holds_audit.wait(TIMEOUT)
            return record(*args, **kwargs)
        if threading.current_thread().name == "stage":
            assert note_at_audit.wait(TIMEOUT)
            entry = record(*args, **kwargs)
            stage_holds_audit.set()
            return entry
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record_in_turn)
    monkeypatch.setattr(case_actions, "case_or_abort", find_case_in_turn)
    monkeypatch.setattr(case_actions, "first_sending", record_text_in_turn)
    answers: dict[str, int] = {}

    def send(name: str, tab: FlaskClient, url: str, form: dict[str, str]) -> None:
        answers[name] = tab.post(url, data=form).status_code

    threads = [
        threading.Thread(
            target=send, name="note", args=("note", notes_tab, f"{case}/notes", note_form)
        ),
        threading.Thread(
            target=send, name="stage", args=("stage", stage_tab, f"{other_case}/stage", stage_form)
        ),
    ]
    run_to_the_end(threads)
    # Both kept: before, PostgreSQL found the deadlock and ended one of them (a 503).
    assert answers == {"note": 302, "stage": 302}
    db.session.expire_all()
    assert db.session.get(Report, other.id).stage == "assessing"
    assert db.session.scalars(select(Note).where(Note.report_id == report.id)).all()
