"""A reporter's reply and a team member's message added to one report at the same moment take
two places in its thread (PostgreSQL): each counts the next ``seq`` in the database while
holding the report's row, so the second counts after the first has committed. Before, both
counted the same place, and the second was refused by the unique constraint (or, before that,
shared the place)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from intake import followups, locks
from intake.db import db
from intake.models import Message, Report
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from triage.casework import writing
from triage.models import Member

TIMEOUT = 30.0  # seconds; only ends a broken run, never paces a working one


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def waiting_for_a_lock(backend: int) -> bool:
    """Whether that PostgreSQL backend is waiting for a lock another transaction holds."""
    with db.engine.connect() as connection:
        return bool(
            connection.scalar(
                text("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = :pid AND NOT granted)"),
                {"pid": backend},
            )
        )


def run_to_the_end(threads: list[threading.Thread]) -> None:
    """Start every thread, then wait for each to finish; fails the test if one never does."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)


def until(condition: Callable[[], bool]) -> None:
    """Check ``condition`` again and again (no pause: each check is a round trip to the
    database) until it holds; fails the test if it never does."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "the other side never got there"


def test_a_reply_and_a_message_sent_at_once_take_two_places(
    app: Flask, client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    report_id, lead_id = report.id, team.lead.id
    db.session.commit()
    names = ("reporter", "team")
    counted = {name: threading.Event() for name in names}
    backends: dict[str, int] = {}
    started = threading.Barrier(len(names), timeout=TIMEOUT)
    count = locks.next_seq

    def count_then_wait(of: Report, model: Any) -> int:
        """Each side, having counted its message's place, waits until the other has counted
        too or waits for a lock: without the report's row lock, both count before either
        commits, every time."""
        seq = count(of, model)
        if model is Message:
            me = threading.current_thread().name
            other = next(name for name in names if name != me)
            counted[me].set()
            until(lambda: counted[other].is_set() or waiting_for_a_lock(backends[other]))
        return seq

    monkeypatch.setattr("intake.submission.next_seq", count_then_wait)
    errors: list[BaseException] = []

    def as_reporter() -> None:
        followups.reply(db.session.get_one(Report, report_id), "They shouted at me again")

    def as_team() -> None:
        member = db.session.get_one(Member, lead_id)
        writing.message_reporter(db.session.get_one(Report, report_id), member, "Thank you")
        db.session.commit()

    def run(send: Callable[[], None]) -> None:
        with app.app_context():
            try:
                backends[threading.current_thread().name] = db.session.scalar(
                    text("SELECT pg_backend_pid()")
                )
                started.wait()
                send()
            except BaseException as error:  # reported by the test below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, name="reporter", args=(as_reporter,)),
        threading.Thread(target=run, name="team", args=(as_team,)),
    ]
    run_to_the_end(threads)
    assert errors == []
    db.session.expire_all()
    thread_lines = db.session.scalars(
        select(Message).where(Message.report_id == report_id).order_by(Message.seq)
    ).all()
    assert [m.seq for m in thread_lines] == [1, 2]
    assert {m.from_reporter for m in thread_lines} == {True, False}
