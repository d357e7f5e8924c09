"""Offering several released go-together reports to the other forces at once (a relink that
released them, ``triage.matching.relink_run``) takes all their national lookup locks in one
ordered batch, as every other transaction does (``intake.locks``), so a report arriving in
another force and naming the same people waits for it and then finds them (PostgreSQL).

Before, the relink took one report's lookup locks, looked it up, then took the next one's. A
report arriving in North naming both people took its locks in ascending order: holding the
second report's (lower) lock, it waited for the first's, which the relink held while waiting
for the second's, and PostgreSQL ended one of them."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from intake import hooks
from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.tenancy import use_force
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_crossforce import IN_DEFAULT, national, north, north_team, notices
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock
from tests.test_tenancy import client_of
from triage.matching import national as national_matching
from triage.models import NationalToken

__all__ = ["national", "north", "north_team"]  # fixtures, used by name

OTHER = {"name": "PS Dara Okafor", "warrant_number": "W 0077190", "unit": "Response"}
# The kinds a report in North naming the same people shares with these (a name with a force
# is hashed with the force, so it differs).
SHARED_KINDS = ("warrant", "surname_unit")


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no locks to order."""
    return schema_url(postgres_schema)


def lowest_shared_lock(report_id: int) -> int:
    """The lowest lookup lock key (``national_lookup.lock_lookups``) of the report's tokens that
    a report naming the same people in another force shares."""
    key = text("('x' || encode(substr(token, 1, 4), 'hex'))::bit(32)::integer")
    return db.session.scalar(
        select(func.min(key)).where(
            NationalToken.report_id == report_id, NationalToken.kind.in_(SHARED_KINDS)
        )
    )


def test_reports_offered_together_and_a_report_naming_their_people_elsewhere_both_go_through(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for person in (IN_DEFAULT, OTHER):
        submit_report(app.test_client(), people=[person], together="together")
    ids = list(db.session.scalars(select(Report.id).where(Report.escrow == "waiting")))
    # Offered first the one whose shared locks come after the other's.
    ids.sort(key=lowest_shared_lock, reverse=True)
    assert lowest_shared_lock(ids[0]) > lowest_shared_lock(ids[1])
    db.session.commit()

    backends: dict[str, int] = {}
    offering_holds = threading.Event()
    find_matches = national_matching.find_matches

    def look_up_in_turn(*args: Any) -> Any:
        """The offering side, having locked and looked up the first report, goes on only once
        the arrival waits for a lock."""
        if threading.current_thread().name == "offer" and not offering_holds.is_set():
            offering_holds.set()
            until(lambda: "arrive" in backends and waiting_for_a_lock(backends["arrive"]))
        return find_matches(*args)

    def note_arrival_backend(*_: Any) -> None:
        """The arrival's requests before it committed: its matching runs on this backend."""
        backends["arrive"] = db.session.scalar(text("SELECT pg_backend_pid()"))

    monkeypatch.setattr(national_matching, "find_matches", look_up_in_turn)
    monkeypatch.setattr(
        hooks, "on_report_received", [note_arrival_backend, *hooks.on_report_received]
    )
    errors: list[BaseException] = []

    def offer() -> None:
        with app.app_context():
            try:
                released = [db.session.get_one(Report, report_id) for report_id in ids]
                national_matching.release(db.session, released, DEFAULT_FORCE_ID)
                db.session.commit()
            except BaseException as error:  # reported below
                errors.append(error)
                db.session.rollback()
                offering_holds.set()
            finally:
                db.session.remove()

    def arrive() -> None:
        with app.app_context():
            try:
                assert offering_holds.wait(TIMEOUT)
                submit_report(client_of(app, north.slug), people=[IN_DEFAULT, OTHER])
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=offer, name="offer"),
        threading.Thread(target=arrive, name="arrive"),
    ]
    run_to_the_end(threads)
    # Both kept (before, PostgreSQL found the deadlock and ended one), and the arrival, having
    # waited, found both reports offered.
    assert errors == []
    db.session.expire_all()
    assert sorted(n.report_id for n in notices()) == sorted(ids)
    with use_force(north.id):
        assert len(notices()) == 2
