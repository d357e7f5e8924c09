"""What a reporter does to a held ("go together") report, at the same moment as something else
does to it, happens once and consistently (PostgreSQL): two tabs releasing it, a release and a
report naming the same person, retaliation and a release, a withdrawal and a release or a new
report naming the same person, two withdrawals.

Each test reads the held report in one transaction (as the status page does before its button
is pressed), lets another transaction act on it and hold what it locked, and only then acts on
what it read. The first commits once the second waits for a lock (seen in ``pg_locks``). Before,
the second acted on what it had read: both tabs recorded a release (and ran its hooks twice),
and a report withdrawn meanwhile was released."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from intake import followups, hooks, locks
from intake.db import db
from intake.models import CaseEvent, Message, Report
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_matching_live import SMITH, SMYTH
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock

RELEASES = ("released", "released_by_reporter")


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


@pytest.fixture
def held(app: Flask, team: Team) -> int:
    """A go-together report, waiting for someone else to name the same person."""
    submit_report(app.test_client(), people=[SMYTH], together="together")
    report = db.session.scalars(select(Report)).one()
    assert followups.is_held(report)
    db.session.commit()
    return report.id


def act_while_held(
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    report_id: int,
    *,
    first: Callable[[Report], object],
    paused_in: str,
    second: Callable[[Report], object],
) -> None:
    """Read the report in a second transaction, then run ``first`` in its own; ``first`` stops
    in the hook ``paused_in`` (or, given "next_seq", having counted the report's next line),
    holding what it has locked so far, until the second, now acting on what it read before,
    waits for a lock. Each runs in its own thread and app context, as requests on two workers
    do; fails unless both commit."""
    backends: dict[str, int] = {}
    second_read, first_holds = threading.Event(), threading.Event()

    def pause(*_: Any) -> None:
        if threading.current_thread().name == "first":
            first_holds.set()
            until(lambda: waiting_for_a_lock(backends["second"]))

    def note_backend(*_: Any) -> None:
        """A report's arrival commits the requests before it: its backend is the one its
        matching runs on."""
        name = threading.current_thread().name
        backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))

    monkeypatch.setattr(hooks, "on_report_received", [note_backend, *hooks.on_report_received])
    if paused_in == "next_seq":  # having counted the report's next line, holding its row
        count = locks.next_seq
        monkeypatch.setattr("intake.submission.next_seq", lambda *a: (count(*a), pause())[0])
    else:
        monkeypatch.setattr(hooks, paused_in, [*getattr(hooks, paused_in), pause])
    errors: list[BaseException] = []

    def run(name: str, act: Callable[[Report], object], after: threading.Event) -> None:
        with app.app_context():
            try:
                note_backend()
                report = db.session.get_one(Report, report_id)
                assert report.escrow == "waiting"  # read now, acted on below
                if name == "second":
                    second_read.set()
                assert after.wait(TIMEOUT)
                act(report)
                db.session.commit()
            except BaseException as error:  # reported below
                errors.append(error)
                db.session.rollback()
                first_holds.set()
                second_read.set()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, name="first", args=("first", first, second_read)),
        threading.Thread(target=run, name="second", args=("second", second, first_holds)),
    ]
    run_to_the_end(threads)
    assert errors == []
    db.session.expire_all()


def event_kinds(report_id: int) -> list[str]:
    return list(db.session.scalars(select(CaseEvent.kind).where(CaseEvent.report_id == report_id)))


def releases(report_id: int) -> list[str]:
    return [kind for kind in event_kinds(report_id) if kind in RELEASES]


def arrival_naming_the_same_person(app: Flask) -> Callable[[Report], object]:
    return lambda _: submit_report(app.test_client(), people=[SMITH])


def test_two_tabs_releasing_a_held_report_release_it_once(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    scored: list[int] = []
    monkeypatch.setattr(
        hooks, "on_report_released", [*hooks.on_report_released, lambda r: scored.append(r.id)]
    )
    act_while_held(
        app,
        monkeypatch,
        held,
        first=followups.release,
        paused_in="on_report_released",
        second=followups.release,
    )
    assert releases(held) == ["released_by_reporter"]
    assert scored == [held]  # the team side re-scored it once
    assert db.session.get_one(Report, held).escrow == "released"


def test_a_release_racing_a_report_naming_the_same_person_is_recorded_once(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=arrival_naming_the_same_person(app),
        paused_in="on_report_received",
        second=followups.release,
    )
    assert releases(held) == ["released"]


def test_retaliation_racing_a_release_releases_once_and_is_still_told(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=followups.release,
        paused_in="on_report_released",
        second=lambda report: followups.report_retaliation(report, "Moved off my team"),
    )
    assert releases(held) == ["released_by_reporter"]
    assert "retaliation" in event_kinds(held)
    assert db.session.get_one(Report, held).urgent


def withdraw_at_once(report: Report) -> None:
    followups.withdraw(report, "I changed my mind", destroy_now=True)


def test_a_release_racing_a_withdrawal_never_releases_the_withdrawn_report(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=withdraw_at_once,
        paused_in="destroy_content",
        second=followups.release,
    )
    report = db.session.get_one(Report, held)
    assert report.withdrawn_on is not None and followups.withdrawn_unread(report)
    assert (report.escrow, report.released_on, releases(held)) == ("waiting", None, [])


def test_a_report_naming_the_same_person_never_releases_one_withdrawn_meanwhile(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=withdraw_at_once,
        paused_in="destroy_content",
        second=arrival_naming_the_same_person(app),
    )
    report = db.session.get_one(Report, held)
    assert followups.withdrawn_unread(report)
    assert (report.escrow, report.released_on, releases(held)) == ("waiting", None, [])


def test_two_tabs_withdrawing_withdraw_once(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=withdraw_at_once,
        paused_in="destroy_content",
        second=lambda report: followups.withdraw(report, "Sent again", destroy_now=False),
    )
    assert event_kinds(held).count("withdrawn") == 1
    reasons = select(Message).where(Message.report_id == held, Message.from_reporter.is_(True))
    assert db.session.scalars(reasons).all() == []  # destroyed at once, and none added after


def test_two_tabs_asking_not_to_share_record_it_once(
    app: Flask, held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_while_held(
        app,
        monkeypatch,
        held,
        first=followups.keep_from_other_forces,
        paused_in="next_seq",
        second=followups.keep_from_other_forces,
    )
    assert event_kinds(held).count("no_sharing") == 1
    assert db.session.get_one(Report, held).no_sharing
