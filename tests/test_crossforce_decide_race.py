"""A lead's answer to another force's request to share is decided on what the request and the
case say once both cases' rows are locked (PostgreSQL): a reporter asking not to share, or
another tab or lead answering, at the same moment is seen, and nothing is shared against it or
twice. Before, the answer was checked first and the rows locked only after, so it waited for
the other transaction and then shared anyway.

The first transaction stops holding the case's row until the lead's answer waits for a lock
(seen in ``pg_locks``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from intake import followups, locks
from intake.db import db
from intake.models import Report
from intake.tenancy import use_force
from tests.conftest import schema_url
from tests.helpers import Team
from tests.test_crossforce_referral import Setting, ask, make_two_forces, north_referral_id
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock
from triage import audit
from triage.casework import crossforce
from triage.casework.crossforce import ReferralError
from triage.models import Member, SharedReport


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


@pytest.fixture
def asked(app: Flask, team: Team) -> Setting:
    """North's lead has a request from the default force to share North's report."""
    s = make_two_forces(app, team)
    assert ask(s) == 302
    db.session.commit()
    return s


def north_lead(s: Setting) -> tuple[int, crossforce.Keys]:
    with use_force(s.north.id):
        return s.north_team.lead.id, s.north_team.keys


def then_answer(
    app: Flask, s: Setting, first: Callable[[], object], pause: Callable[[Callable[[], None]], None]
) -> list[BaseException]:
    """Run ``first`` in North, stopped by ``pause`` while it holds the case's row, and North's
    lead accepting the request in another thread meanwhile; what each raised."""
    backends: dict[str, int] = {}
    first_holds = threading.Event()
    referral_id = north_referral_id(s)
    lead_id, keys = north_lead(s)

    def hold() -> None:
        if threading.current_thread().name == "first":
            first_holds.set()
            until(lambda: "answer" in backends and waiting_for_a_lock(backends["answer"]))

    pause(hold)
    errors: list[BaseException] = []

    def run(act: Callable[[], object]) -> None:
        name = threading.current_thread().name
        with app.app_context():
            try:
                if name == "answer":
                    assert first_holds.wait(TIMEOUT)
                with use_force(s.north.id):
                    backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))
                    act()
            except BaseException as error:  # returned below
                errors.append(error)
                first_holds.set()
            finally:
                db.session.remove()

    def accept() -> None:
        lead = db.session.get_one(Member, lead_id)
        crossforce.decide(referral_id, lead, keys, accept=True)

    threads = [
        threading.Thread(target=run, name="first", args=(first,)),
        threading.Thread(target=run, name="answer", args=(accept,)),
    ]
    run_to_the_end(threads)
    db.session.expire_all()
    return errors


def shares() -> int:
    return len(db.session.scalars(select(SharedReport)).all())


def test_a_reporter_asking_not_to_share_as_the_lead_accepts_is_never_shared(
    app: Flask, asked: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pause_at_the_timeline(hold: Callable[[], None]) -> None:
        count = locks.next_seq

        def count_then_hold(*args: Any) -> int:
            seq = count(*args)
            hold()
            return seq

        monkeypatch.setattr("intake.submission.next_seq", count_then_hold)

    def ask_not_to_share() -> None:
        followups.keep_from_other_forces(db.session.scalars(select(Report)).one())

    errors = then_answer(app, asked, ask_not_to_share, pause_at_the_timeline)
    assert [type(e) for e in errors] == [ReferralError]
    assert "The reporter asked that this report not be shared" in str(errors[0])
    assert shares() == 0
    with use_force(asked.north.id):
        assert db.session.scalars(select(Report.no_sharing)).one() is True


def test_two_leads_accepting_one_request_at_once_share_it_once(
    app: Flask, asked: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pause_at_the_audit_log(hold: Callable[[], None]) -> None:
        record = audit.record

        def hold_then_record(*args: Any, **kwargs: Any) -> Any:
            hold()
            return record(*args, **kwargs)

        monkeypatch.setattr(audit, "record", hold_then_record)

    referral_id = north_referral_id(asked)
    lead_id, keys = north_lead(asked)

    def accept_in_another_tab() -> None:
        lead = db.session.get_one(Member, lead_id)
        crossforce.decide(referral_id, lead, keys, accept=True)

    errors = then_answer(app, asked, accept_in_another_tab, pause_at_the_audit_log)
    assert [str(e) for e in errors] == ["This request has already been answered"]
    with use_force(asked.north.id):
        assert shares() == 0  # North's own case receives nothing
    assert shares() == 1  # the default force's case received it once
