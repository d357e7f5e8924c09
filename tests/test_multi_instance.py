"""Several workers and several hosts: nothing a request needs lives in one process's memory.

Two independent app instances (as two gunicorn workers, or two hosts behind a load balancer,
would be) share one database and one Redis. A browser whose requests alternate between them —
every GET on one, the POST after it on the other — makes a report, returns with the receipt,
and a signed-in team member reads the case; a rate limit counted by one instance holds on an
instance built afterwards, with nothing of the first one's memory.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Report
from intake.security import limiter
from tests.conftest import REDIS_URL, build_app, require_redis
from tests.helpers import (
    make_team,
    open_status,
    post_form,
    redirected_to,
    sign_in_directly,
    submit_report,
)

WRONG_RECEIPT = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}


class LoadBalancedClient(FlaskClient):
    """One browser (one cookie jar) whose requests go to each app in turn, as a round-robin
    load balancer without sticky sessions would send them."""

    def __init__(self, apps: list[Flask], **kwargs: Any) -> None:
        super().__init__(apps[0], **kwargs)
        self._turns = itertools.cycle(apps)
        self.served: dict[int, int] = {id(app): 0 for app in apps}

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        self.application = next(self._turns)
        self.served[id(self.application)] += 1
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def two_hosts(database_url: str) -> Iterator[list[Flask]]:
    require_redis()
    hosts = [build_app(database_url, RATELIMIT_STORAGE_URI=REDIS_URL) for _ in range(2)]
    with hosts[0].app_context():
        limiter.reset()
        db.drop_all()
        db.create_all()
    yield hosts
    with hosts[0].app_context():
        limiter.reset()
        db.session.remove()
        db.drop_all()
    for host in hosts:
        with host.app_context():
            db.engine.dispose()


def test_a_reporter_journey_moves_between_hosts(two_hosts: list[Flask]) -> None:
    with two_hosts[0].app_context():
        make_team()
    browser = LoadBalancedClient(two_hosts)
    # Every step's form comes from one host and is posted to the other: the draft (database),
    # its key and the CSRF token (cookie) must both be found by the host that did not make them.
    receipt = submit_report(browser, description="Told in front of the team I was useless.")
    assert all(count >= 5 for count in browser.served.values()), browser.served
    status = open_status(browser, receipt).get_data(as_text=True)
    assert "Your report" in status and "Received" in status
    # And back on the status page from either host, without entering the receipt again.
    for _ in two_hosts:
        assert "Your report" in browser.get("/status").get_data(as_text=True)


def test_a_team_member_signed_in_on_one_host_is_signed_in_on_the_other(
    two_hosts: list[Flask],
) -> None:
    first, second = two_hosts
    with first.app_context():
        team = make_team()
        submit_report(first.test_client(), description="The sergeant keeps my rota from me.")
        signing_in = first.test_client()
        sign_in_directly(signing_in, team.lead, team.keys)
        reference = db.session.scalars(select(Report.reference)).one()
    browser = LoadBalancedClient([first, second])
    with signing_in.session_transaction() as signed_in, browser.session_transaction() as stored:
        stored.update(signed_in)
    # Each host opens the case with the keys the session unlocked on sign-in — held sealed in
    # the database under a key in the cookie, not in the memory of the host that signed in.
    for _ in two_hosts:
        case = browser.get(f"/team/cases/{reference}")
        assert case.status_code == 200
        assert "The sergeant keeps my rota from me." in case.get_data(as_text=True)
    assert set(browser.served.values()) == {1}


def eleventh_lookup_after(storage: str, database_url: str) -> str:
    """Ten receipt attempts on one instance, then one more on an instance built afterwards
    (a fresh process's memory); returns where that eleventh attempt was redirected."""
    first = build_app(database_url, RATELIMIT_STORAGE_URI=storage)
    with first.app_context():
        limiter.reset()
        db.create_all()
    client = first.test_client()
    paths = [redirected_to(post_form(client, "/status", WRONG_RECEIPT)) for _ in range(10)]
    assert paths == ["/status"] * 10  # each refused, back to the receipt page
    later = build_app(database_url, RATELIMIT_STORAGE_URI=storage)
    eleventh = redirected_to(post_form(later.test_client(), "/status", WRONG_RECEIPT))
    with later.app_context():
        limiter.reset()
        db.drop_all()
    for app in (first, later):
        with app.app_context():
            db.engine.dispose()
    return eleventh


def test_a_rate_limit_counted_on_one_host_applies_on_another(database_url: str) -> None:
    require_redis()
    assert eleventh_lookup_after(REDIS_URL, database_url) == "/status/too-many-attempts"
    # The same steps with limits in process memory would let the eleventh attempt through,
    # which is why production must point CANDOUR_RATELIMIT_STORAGE_URL at Redis.
    assert eleventh_lookup_after("memory://", database_url) == "/status"
