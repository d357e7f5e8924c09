"""Two reports naming one person that arrive at the same moment in two forces still find each
other (PostgreSQL): each stores its national tokens in its own transaction, and the lookups are
serialised by per-token advisory locks, so the second lookup sees the first report."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models.force import Force
from intake.tenancy import use_force
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_crossforce import IN_DEFAULT, IN_NORTH, national, north, north_team, notices
from tests.test_tenancy import client_of
from triage.matching import national as national_matching
from triage.models import CrossForceNotice

__all__ = ["national", "north", "north_team"]  # fixtures, used by name


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def test_two_simultaneous_arrivals_in_two_forces_still_find_each_other(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Both arrivals wait here, each with its tokens stored and not committed, until the other
    # has got as far: without the locks each lookup then misses the other's tokens.
    both_stored = threading.Barrier(2, timeout=60)  # the timeout only ends a broken run
    store_tokens = national_matching.store_tokens

    def store_then_wait(*args: Any) -> None:
        store_tokens(*args)
        both_stored.wait()

    monkeypatch.setattr(national_matching, "store_tokens", store_then_wait)
    failures: list[BaseException] = []

    def arrive(send: Callable[[], object]) -> None:
        try:
            with app.app_context():  # the thread's own, as a request in production has
                send()
        except BaseException as exc:  # handed to the test's own thread below
            failures.append(exc)
            both_stored.abort()

    db.session.commit()
    arrivals = [
        threading.Thread(
            target=arrive, args=(lambda: submit_report(app.test_client(), people=[IN_DEFAULT]),)
        ),
        threading.Thread(
            target=arrive,
            args=(lambda: submit_report(client_of(app, north.slug), people=[IN_NORTH]),),
        ),
    ]
    for thread in arrivals:
        thread.start()
    for thread in arrivals:
        thread.join()
    assert not failures, failures
    db.session.expire_all()
    [here] = notices()
    assert (here.other_force_id, here.strength, here.agreement) == (north.id, "strong", "warrant")
    here_id = here.id
    with use_force(north.id):
        [there] = db.session.scalars(select(CrossForceNotice)).all()
        assert there.other_notice_id == here_id
