"""Operations that meet on one case take their locks in one order, so none waits for another
that waits for it (PostgreSQL): the force's cluster lock, then report rows, then the audit log's
lock (``intake.locks``).

A message to a case's reporter holds the case's row (it counts the thread's next place) and
then appends to the audit log. Accepting another force's request to share the same case wrote
its first audit entry and only then the "shared" line on the case's timeline, taking the row:
each waited for the other, and PostgreSQL ended one. It now takes the rows first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from intake.db import db
from intake.models import CaseEvent, Message, Report
from intake.models.force import DEFAULT_FORCE_ID
from intake.tenancy import use_force
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_crossforce_referral import ask, make_two_forces, north_referral_id
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock
from triage import audit
from triage.casework import crossforce, outcome, stages, writing
from triage.matching.sql_store import cluster_lock_key
from triage.models import Member

Act = Callable[[], None]


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no locks to order."""
    return schema_url(postgres_schema)


def run_together(app: Flask, monkeypatch: pytest.MonkeyPatch, message: Act, other: Act) -> None:
    """Send a message to a case's reporter and run ``other`` at once, each from its own thread
    and app context (as requests on two workers), and fail unless both commit.

    The message's side reaches the audit log holding its case's row (it counted the thread's
    next place) and goes on only once ``other`` waits for a lock: for that row, taken before the
    audit log's lock as it now is, or, as before, for the row while holding the audit log's
    lock, which the message then waited for in turn."""
    backends: dict[str, int] = {}
    message_holds_its_row = threading.Event()
    record = audit.record

    def record_in_turn(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "message":
            message_holds_its_row.set()
            until(lambda: waiting_for_a_lock(backends["other"]))
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record_in_turn)
    errors: list[BaseException] = []

    def run(act: Act) -> None:
        with app.app_context():
            try:
                backends[threading.current_thread().name] = db.session.scalar(
                    text("SELECT pg_backend_pid()")
                )
                if threading.current_thread().name == "other":
                    assert message_holds_its_row.wait(TIMEOUT)
                act()
                db.session.commit()
            except BaseException as error:  # reported below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, name="message", args=(message,)),
        threading.Thread(target=run, name="other", args=(other,)),
    ]
    run_to_the_end(threads)
    # Both kept: before, PostgreSQL found the deadlock and ended one of them.
    assert errors == []


def team_messages(report_id: int) -> int:
    return len(
        db.session.scalars(
            select(Message).where(Message.report_id == report_id, Message.from_reporter.is_(False))
        ).all()
    )


def test_sharing_with_another_force_and_a_message_to_the_shared_case_both_go_through(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepting another force's request writes "shared" on the case's timeline after the first
    audit entry; before, it took the case's row only then."""
    s = make_two_forces(app, team)
    assert ask(s) == 302
    referral_id = north_referral_id(s)
    with use_force(s.north.id):
        north_report = db.session.scalars(select(Report)).one().id
        lead_id, keys = s.north_team.lead.id, s.north_team.keys
    db.session.commit()

    def send_message() -> None:
        with use_force(s.north.id):
            lead = db.session.get_one(Member, lead_id)
            report = db.session.get_one(Report, north_report)
            writing.message_reporter(report, lead, "Could you tell us the date?")

    def accept() -> None:
        with use_force(s.north.id):
            lead = db.session.get_one(Member, lead_id)
            crossforce.decide(referral_id, lead, keys, accept=True)

    run_together(app, monkeypatch, send_message, accept)
    db.session.expire_all()
    with use_force(s.north.id):
        assert team_messages(north_report) == 1
        shared = db.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.report_id == north_report)
        )
        assert "shared" in list(shared)


def test_an_outcome_takes_the_cluster_lock_before_its_row_and_the_audit_log(
    app: Flask, team: Team
) -> None:
    """An outcome re-scores the person's clusters, as matching does: it waits for the cluster
    lock before it holds anything a matcher could want. Before, it took none, and re-scored
    holding the case's row and the audit log's lock."""
    submit_report(app.test_client())
    report_id = db.session.scalars(select(Report.id)).one()
    lead_id = team.lead.id
    stages.acknowledge(db.session.get_one(Report, report_id), team.lead)
    db.session.commit()
    matcher = db.engine.connect()  # holds the force's cluster lock, as a matcher would
    matcher.execute(
        text("SELECT pg_advisory_xact_lock(:key)"), {"key": cluster_lock_key(DEFAULT_FORCE_ID)}
    )
    backends: dict[str, int] = {}
    started = threading.Event()
    errors: list[BaseException] = []

    def record_outcome() -> None:
        with app.app_context():
            try:
                backends["outcome"] = db.session.scalar(text("SELECT pg_backend_pid()"))
                started.set()
                report = db.session.get_one(Report, report_id)
                lead = db.session.get_one(Member, lead_id)
                outcome.record_outcome(
                    report,
                    lead,
                    "no_further_action",
                    "Nothing found",
                    told="We looked into your report and decided this.",
                )
                db.session.commit()
            except BaseException as error:  # reported below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    thread = threading.Thread(target=record_outcome)
    thread.start()
    try:
        assert started.wait(TIMEOUT)
        until(lambda: waiting_for_a_lock(backends["outcome"]))
        with db.engine.connect() as other:  # the audit log's lock is free meanwhile
            assert other.scalar(text("SELECT pg_try_advisory_xact_lock(4242)")) is True
    finally:
        matcher.rollback()
        matcher.close()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert errors == []
