"""Every route counts against its blueprint's limits, besides any limit of its own.

Flask-Limiter lets a route's own limit replace its blueprint's unless it is declared with
``override_defaults=False``. Candour's routes with a limit of their own (the account and key
pages, signing in, the reporter's sending, look-ups and status forms) were declared without it,
so they skipped the blueprint's page limits altogether: and as most of those limits count only
POSTs, their GETs (``/team/account``, ``/team/keys``, ``/status``...) were counted by no limit at
all. Routes are read from ``app.url_map``, so a route added later is checked without editing this
file; the only ones left out are ``/healthz`` (unlimited on purpose, ``intake.health``) and
static files (counted apart, ``intake.security.STATIC_LIMIT``).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from limits import RateLimitItem, parse

from intake.security import limiter
from intake.views import PAGES_LIMIT
from tests.conftest import build_app
from tests.helpers import Team, sign_in_directly
from triage.views import ADDRESS_LIMIT, PAGE_LIMIT

UNLIMITED = {"healthz", "static"}
BLUEPRINT_LIMITS = {
    "reporter": {parse(PAGES_LIMIT)},
    "team": {parse(PAGE_LIMIT), parse(ADDRESS_LIMIT)},
}


def _routes() -> list[tuple[str, str]]:
    """(endpoint, method) for every method of every route but ``UNLIMITED``."""
    app = build_app("sqlite://")
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in UNLIMITED
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


ROUTES = _routes()


def test_every_route_but_the_unlimited_ones_belongs_to_a_limited_blueprint() -> None:
    assert ROUTES
    assert {endpoint.split(".")[0] for endpoint, _ in ROUTES} == set(BLUEPRINT_LIMITS)


@pytest.fixture
def counted(app: Flask) -> list[RateLimitItem]:
    """The limits the last request was counted against (``limiter.current_limits``)."""
    limits: list[RateLimitItem] = []

    @app.after_request
    def record(response: object) -> object:
        limits[:] = [limit.limit for limit in limiter.current_limits]
        return response

    return limits


@pytest.mark.parametrize(("endpoint", "method"), ROUTES)
def test_each_route_counts_against_its_blueprints_limits(
    app: Flask, team: Team, counted: list[RateLimitItem], endpoint: str, method: str
) -> None:
    client: FlaskClient = app.test_client()
    sign_in_directly(client, team.lead, team.keys)  # team views are reached, reporter's unchanged
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    # Any value will do: the limits are counted before the view looks anything up.
    path = app.url_map.bind("localhost").build(endpoint, dict.fromkeys(rule.arguments, 1))
    client.open(path, method=method)
    expected = BLUEPRINT_LIMITS[endpoint.split(".")[0]]
    assert expected <= set(counted), (endpoint, method, [str(limit) for limit in counted])
