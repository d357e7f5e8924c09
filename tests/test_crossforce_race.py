"""Two reports naming one person that arrive at the same moment in two forces still find each
other (PostgreSQL): each stores its national tokens in its own transaction, and the lookups are
serialised by per-token advisory locks, so the second lookup sees the first report. Both the
warrant number and the name said in a force a roster person served in (``name_force`` and
``former_force``) are locked, so each gives its notices in both forces exactly once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from intake.db import db
from intake.models.force import Force
from intake.tenancy import use_force
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_crossforce import IN_DEFAULT, IN_NORTH, national, north, north_team, notices
from tests.test_crossforce_former_forces import NAMED, ROURKE, import_roster
from tests.test_tenancy import client_of
from triage.matching import national as national_matching
from triage.matching.national_lookup import NATIONAL_LOCK
from triage.models import CrossForceNotice

__all__ = ["national", "north", "north_team"]  # fixtures, used by name


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


TIMEOUT = 60.0  # seconds; only ends a broken run, never paces a working one


def arrive_together(
    app: Flask, monkeypatch: pytest.MonkeyPatch, *sends: Callable[[], object]
) -> None:
    """Send each report from its own thread and app context (as requests on several workers).

    Each stores its national tokens and waits (a barrier) until every other has too, none yet
    committed. After its lookup, and before it commits, each waits again until every other has
    looked up as well or is waiting for one of the lookup locks (seen in ``pg_locks``). Without
    the locks every lookup therefore runs before any commit and misses the others' tokens, every
    time; with them one lookup waits for the other's commit and finds it."""
    count = len(sends)
    all_stored = threading.Barrier(count, timeout=TIMEOUT)
    looked_up = [threading.Event() for _ in sends]
    backends: list[int] = [0] * count  # each arrival's PostgreSQL backend
    mine = threading.local()
    store_tokens, find_matches = national_matching.store_tokens, national_matching.find_matches

    def store_then_wait(session: Any, *args: Any) -> None:
        store_tokens(session, *args)
        backends[mine.index] = session.scalar(text("SELECT pg_backend_pid()"))
        all_stored.wait()

    def waiting_for_a_lookup_lock(backend: int) -> bool:
        with db.engine.connect() as connection:
            return bool(
                connection.scalar(
                    text(
                        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = :pid "
                        "AND locktype = 'advisory' AND classid::bigint = :kind AND NOT granted)"
                    ),
                    {"pid": backend, "kind": NATIONAL_LOCK},
                )
            )

    def look_up_then_wait(*args: Any) -> Any:
        found = find_matches(*args)
        looked_up[mine.index].set()
        deadline = time.monotonic() + TIMEOUT
        for other in set(range(count)) - {mine.index}:
            # An event wait with a short timeout, so the lock table is read again meanwhile.
            while not looked_up[other].wait(0.01):
                if waiting_for_a_lookup_lock(backends[other]):
                    break
                assert time.monotonic() < deadline, "the other arrival neither looked up nor waits"
        return found

    monkeypatch.setattr(national_matching, "store_tokens", store_then_wait)
    monkeypatch.setattr(national_matching, "find_matches", look_up_then_wait)
    failures: list[BaseException] = []

    def arrive(index: int, send: Callable[[], object]) -> None:
        mine.index = index
        try:
            with app.app_context():  # the thread's own, as a request in production has
                send()
        except BaseException as exc:  # handed to the test's own thread below
            failures.append(exc)
            all_stored.abort()
            for event in looked_up:  # nobody waits for an arrival that failed
                event.set()

    db.session.commit()
    arrivals = [threading.Thread(target=arrive, args=item) for item in enumerate(sends)]
    for thread in arrivals:
        thread.start()
    for thread in arrivals:
        thread.join()
    assert not failures, failures
    db.session.expire_all()


def test_two_simultaneous_arrivals_in_two_forces_still_find_each_other(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arrive_together(
        app,
        monkeypatch,
        lambda: submit_report(app.test_client(), people=[IN_DEFAULT]),
        lambda: submit_report(client_of(app, north.slug), people=[IN_NORTH]),
    )
    [here] = notices()
    assert (here.other_force_id, here.strength, here.agreement) == (north.id, "strong", "warrant")
    here_id = here.id
    with use_force(north.id):
        [there] = db.session.scalars(select(CrossForceNotice)).all()
        assert there.other_notice_id == here_id


def test_a_name_said_in_the_force_a_transferee_left_arriving_with_his_new_forces_report_is_found(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # No warrant number on either side: the default force's report gives his name (hashed with
    # "default"), North's resolves to its roster person who served in the default force (his
    # name hashed with "default" as a former force). The lock both take is that token's.
    assert import_roster(app, tmp_path, "north", ROURKE)[0] == 0
    arrive_together(
        app,
        monkeypatch,
        lambda: submit_report(app.test_client(), people=[NAMED]),
        lambda: submit_report(client_of(app, north.slug), people=[NAMED]),
    )
    [here] = notices()
    assert (here.other_force_id, here.strength, here.agreement) == (
        north.id,
        "probable",
        "name_served_here",
    )
    here_id = here.id
    with use_force(north.id):
        [there] = db.session.scalars(select(CrossForceNotice)).all()
        assert (there.other_notice_id, there.agreement) == (here_id, "name_served_there")
