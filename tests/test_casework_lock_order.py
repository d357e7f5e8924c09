"""Judging two people the same or different, splitting them, reopening a judgement and a
reporter releasing a held report take their locks in the order every transaction takes them
(``intake.locks``), PostgreSQL: the force's cluster lock first, then both cases' rows, then the
audit log's lock.

Each test holds one lock in another transaction and starts the operation: it must wait, and
while it waits hold nothing it should take only after that lock. Taken in another order (or
not at all), the operation would hold a row or the audit log's lock while waiting, which is
how two operations came to wait for each other until PostgreSQL ended one.

Not caught here: a judgement, split or reopening without its explicit ``lock_reports``. Its
re-score writes both cases' scores (flushed in id order) before the audit entry, so on these
reports it still waits as it should; only a re-score that left a score unchanged would show the
difference."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from intake import followups
from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_matching_live import SMYTH
from tests.test_possible_matches import two_reports
from tests.test_seq_race import TIMEOUT, until, waiting_for_a_lock
from triage.matching import judged_apart, possible
from triage.matching.sql_store import cluster_lock_key
from triage.models import AuditEntry, Member, PossibleMatch

AUDIT_LOCK = 4242  # ``triage.audit.record``


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no locks to order."""
    return schema_url(postgres_schema)


@dataclass(frozen=True)
class Operation:
    act: Callable[[], object]
    rows: tuple[int, ...]  # the cases' rows it locks
    held_row: int  # the row another transaction holds in the second test
    done: Callable[[], bool]


def audited(action: str) -> Callable[[], bool]:
    return lambda: db.session.scalars(select(AuditEntry.action)).all().count(action) == 1


def match_operation(client: FlaskClient, team: Team, name: str) -> Operation:
    """One of the operations on a possible match, set up on two reports that possibly name one
    person, acting from the later case as a lead."""
    earlier, later, match = two_reports(client)
    lead_id, match_id, later_id = team.lead.id, match.id, later.id
    if name in ("split", "reopen"):
        possible.judge(later, team.lead, match_id, same=name == "split", reason="Not him")
        db.session.commit()

    def act() -> None:
        lead = db.session.get_one(Member, lead_id)
        case = db.session.get_one(Report, later_id)
        if name == "split":
            possible.split(case, lead, match_id, "Different warrant numbers")
        elif name == "reopen":
            judged_apart.reopen(case, lead, match_id, "The HR record shows one officer")
        else:
            possible.judge(case, lead, match_id, same=name == "same", reason="Different units")

    after = {"same": "linked", "different": "rejected", "split": "rejected", "reopen": "open"}

    def done() -> bool:
        return db.session.get_one(PossibleMatch, match_id).status == after[name]

    rows = (earlier.id, later.id)
    return Operation(act, rows, min(rows), done)  # the row locked first


def release_operation(client: FlaskClient) -> Operation:
    submit_report(client, people=[SMYTH], together="together")
    held_id = db.session.scalars(select(Report.id)).one()

    def act() -> None:
        followups.release(db.session.get_one(Report, held_id))

    def done() -> bool:
        return db.session.get_one(Report, held_id).escrow == "released"

    return Operation(act, (held_id,), held_id, done)


OPERATIONS = ["same", "different", "split", "reopen", "release"]


def operation(name: str, client: FlaskClient, team: Team) -> Operation:
    op = release_operation(client) if name == "release" else match_operation(client, team, name)
    db.session.commit()  # nothing of the test's own transaction held meanwhile
    return op


@contextmanager
def running(app: Flask, op: Operation) -> Iterator[None]:
    """Run the operation in its own thread and app context (a request on another worker); the
    block runs once it waits for a lock, and must let that lock go. Fails unless the operation
    then commits."""
    backend: list[int] = []
    errors: list[BaseException] = []
    finished = threading.Event()

    def run() -> None:
        with app.app_context():
            try:
                backend.append(db.session.scalar(text("SELECT pg_backend_pid()")))
                op.act()
                db.session.commit()
            except BaseException as error:  # reported below
                errors.append(error)
                db.session.rollback()
            finally:
                finished.set()
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    until(lambda: finished.is_set() or (bool(backend) and waiting_for_a_lock(backend[0])))
    assert errors == []
    assert not finished.is_set(), "it went on without waiting for the lock held"
    yield
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert errors == []
    db.session.expire_all()
    assert op.done()


def lock_is_free(key: int) -> bool:
    with db.engine.connect() as other:  # taken and let go at once
        return bool(other.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}))


def rows_are_free(app: Flask, report_ids: tuple[int, ...]) -> bool:
    with app.app_context():  # its own session and transaction, let go at once
        try:
            locked = db.session.scalars(
                select(Report.id).where(Report.id.in_(report_ids)).with_for_update(nowait=True)
            ).all()
            return sorted(locked) == sorted(report_ids)
        except OperationalError:  # held by the operation
            return False
        finally:
            db.session.rollback()


@contextmanager
def holding_row(app: Flask, report_id: int) -> Iterator[Callable[[], None]]:
    """Hold a case's row in another transaction until the block calls what it is given."""
    with app.app_context():
        db.session.scalars(select(Report.id).where(Report.id == report_id).with_for_update()).one()
        try:
            yield db.session.rollback
        finally:
            db.session.rollback()


@pytest.mark.parametrize("name", OPERATIONS)
def test_waiting_for_the_cluster_lock_it_holds_no_row_and_not_the_audit_log(
    app: Flask, client: FlaskClient, team: Team, name: str
) -> None:
    op = operation(name, client, team)
    matcher = db.engine.connect()  # holds the force's cluster lock, as a matcher would
    matcher.execute(
        text("SELECT pg_advisory_xact_lock(:key)"), {"key": cluster_lock_key(DEFAULT_FORCE_ID)}
    )
    try:
        with running(app, op):
            assert rows_are_free(app, op.rows)
            assert lock_is_free(AUDIT_LOCK)
            matcher.rollback()
    finally:
        matcher.close()


@pytest.mark.parametrize("name", OPERATIONS)
def test_waiting_for_a_cases_row_it_holds_the_cluster_lock_and_not_the_audit_log(
    app: Flask, client: FlaskClient, team: Team, name: str
) -> None:
    op = operation(name, client, team)
    with holding_row(app, op.held_row) as let_go, running(app, op):
        assert not lock_is_free(cluster_lock_key(DEFAULT_FORCE_ID))
        assert rows_are_free(app, tuple(r for r in op.rows if r != op.held_row))
        assert lock_is_free(AUDIT_LOCK)
        let_go()
