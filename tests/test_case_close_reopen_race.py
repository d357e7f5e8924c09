"""Two closes (or two reopenings) of one case at the same moment, from two tabs or two members,
act once, and retention never destroys a case reopened as it runs (PostgreSQL): each locks the
case's row and reads it again before deciding (``intake.locks.lock_and_reread``), so the second
finds the case already closed (or reopened) and says so. Without it, both read the case open,
the second waited only to write its lines, and the case was closed twice, with two reasons, two
timeline lines and two audit entries.

The first stops at its audit entry, holding the case's row, until the second, acting on the case
as it read it before, waits for a lock (seen in ``pg_locks``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from intake.db import db
from intake.models import Report
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_retention import LONG_AGO, close_on
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock
from triage import audit
from triage.casework import closing
from triage.casework.checks import CaseworkError
from triage.casework.closing import ALREADY_CLOSED, ALREADY_REOPENED
from triage.casework.retention import apply_retention
from triage.models import AuditEntry, Member

Act = Callable[[Report, Member], None]


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def both_at_once(
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    report_id: int,
    lead_id: int,
    act: Act,
    second_act: Act | None = None,
) -> list[BaseException]:
    """``act`` on the case in two threads and app contexts (requests on two workers), the
    second (or ``second_act``) on the case as it read it before the first acted; what each
    raised."""
    backends: dict[str, int] = {}
    second_read, first_holds = threading.Event(), threading.Event()
    record = audit.record

    def record_in_turn(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "first":
            first_holds.set()
            until(lambda: waiting_for_a_lock(backends["second"]))
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record_in_turn)
    errors: list[BaseException] = []

    def run(after: threading.Event, act: Act) -> None:
        name = threading.current_thread().name
        with app.app_context():
            try:
                backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))
                report = db.session.get_one(Report, report_id)
                lead = db.session.get_one(Member, lead_id)
                report.closed_on  # noqa: B018 (read now, as the page showed it; acted on below)
                if name == "second":
                    second_read.set()
                assert after.wait(TIMEOUT)
                act(report, lead)
                db.session.commit()
            except BaseException as error:  # returned below
                errors.append(error)
                db.session.rollback()
                first_holds.set()
                second_read.set()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, name="first", args=(second_read, act)),
        threading.Thread(target=run, name="second", args=(first_holds, second_act or act)),
    ]
    run_to_the_end(threads)
    db.session.expire_all()
    return errors


def audited(action: str) -> int:
    return db.session.scalars(select(AuditEntry.action)).all().count(action)


@pytest.fixture
def case(app: Flask, team: Team) -> int:
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    db.session.commit()
    return report.id


def test_two_closes_at_once_close_the_case_once(
    app: Flask, team: Team, case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def close(report: Report, lead: Member) -> None:
        closing.close(report, lead, "No further action", closing.reopenings_seen(report))

    errors = both_at_once(app, monkeypatch, case, team.lead.id, close)
    assert [str(e) for e in errors if isinstance(e, CaseworkError)] == [ALREADY_CLOSED]
    assert len(errors) == 1
    assert audited("closed") == 1
    assert db.session.get_one(Report, case).closed_on == date.today()


def test_two_reopenings_at_once_reopen_the_case_once(
    app: Flask, team: Team, case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = db.session.get_one(Report, case)
    closing.close(report, team.lead, "No further action")
    db.session.commit()

    def reopen(report: Report, lead: Member) -> None:
        closing.reopen(report, lead, "New evidence", closing.reopenings_seen(report))

    errors = both_at_once(app, monkeypatch, case, team.lead.id, reopen)
    assert [str(e) for e in errors if isinstance(e, CaseworkError)] == [ALREADY_REOPENED]
    assert len(errors) == 1
    assert audited("reopened") == 1
    assert db.session.get_one(Report, case).closed_on is None


def test_retention_running_as_a_lead_reopens_an_old_case_keeps_it(
    app: Flask, team: Team, case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retention found the case due, then waited for its row while a lead reopened it, and
    destroyed what the reopened case holds. It now reads the cases again once locked."""
    close_on(db.session.get_one(Report, case), team, LONG_AGO)
    db.session.commit()

    def reopen(report: Report, lead: Member) -> None:
        closing.reopen(report, lead, "New evidence", closing.reopenings_seen(report))

    def retention(_: Report, __: Member) -> None:
        assert apply_retention(24).cases == 0

    errors = both_at_once(app, monkeypatch, case, team.lead.id, reopen, retention)
    assert errors == []
    report = db.session.get_one(Report, case)
    assert report.closed_on is None and report.content_destroyed_on is None
    assert report.content
