"""Addresses that match no route (404) or not with their method (405) are rate limited per
client like every other unauthenticated address (``intake.security.UNROUTED_LIMITS``): before,
Flask-Limiter skipped every request without an endpoint, so a scanner could try unknown paths
without end. Counted in the limiter's store, memory or Redis, under its keyed names."""

from __future__ import annotations

import re

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import Team, submit_report

LIMIT = "3 per minute; 5 per hour"


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("intake.security.UNROUTED_LIMITS", LIMIT)


def assert_limited(response: object, what: str) -> None:
    assert getattr(response, "status_code", None) == 429, what
    page = response.get_data(as_text=True)  # type: ignore[attr-defined]
    # The same page as a route's limit: its title, and the wait until the counter resets.
    assert "Too many attempts" in page, what
    assert re.search(r"Wait \d+ minutes?, then try again", page), what


def test_unknown_addresses_past_the_limit_are_refused(client: FlaskClient) -> None:
    codes = [client.get(f"/wp-admin/{n}.php").status_code for n in range(3)]
    assert codes == [404, 404, 404]
    refused = client.get("/.env")
    assert_limited(refused, "fourth unknown address")
    # Only the per-minute limit is broken: its counter resets within two minutes.
    assert re.search(r"Wait [12] minutes?,", refused.get_data(as_text=True))
    # A method an address does not take counts against the same limit, and is refused too.
    assert_limited(client.get("/report/send"), "GET of a form's address")
    assert_limited(client.get("/status%00"), "an address with a NUL in it")


def test_pages_and_unknown_addresses_count_apart(client: FlaskClient, team: Team) -> None:
    for _ in range(5):
        assert client.get("/").status_code == 200
    # Visiting pages used none of the unknown addresses' allowance...
    assert [client.get("/nothing-here").status_code for _ in range(3)] == [404] * 3
    assert client.get("/nothing-here").status_code == 429
    # ...and using it up leaves the pages, and the stylesheet, to their own limits.
    assert client.get("/").status_code == 200
    stylesheet = client.get("/static/candour.css")
    stylesheet.close()
    assert stylesheet.status_code == 200
    assert submit_report(client)  # the whole journey, each of its routes under its own limits


def test_method_not_allowed_is_counted_as_well(client: FlaskClient) -> None:
    codes = [client.get("/receipt.txt").status_code for _ in range(3)]
    assert codes == [405, 405, 405]
    assert_limited(client.get("/receipt.txt"), "fourth GET of a POST-only address")


def test_the_hourly_limit_holds_across_addresses(client: FlaskClient) -> None:
    # Spread over both kinds, five in the hour are answered and the sixth is not.
    codes = [client.get(path).status_code for path in ("/a", "/b", "/receipt.txt")]
    assert codes == [404, 404, 405]
    assert client.get("/c").status_code == 429


def test_another_client_is_not_refused(app: Flask) -> None:
    scanner = app.test_client()
    for _ in range(3):
        scanner.get("/x", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert scanner.get("/x", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 429
    other = app.test_client()
    assert other.get("/x", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 404


def test_unknown_addresses_are_limited_through_redis(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    client = redis_app.test_client()
    assert [client.get("/admin").status_code for _ in range(3)] == [404] * 3
    assert_limited(client.get("/admin"), "fourth, counted in Redis")
    kept = {key.decode() for key in store.keys(f"{prefix}:*")}
    counters = {name for name in kept if not name.startswith(f"{prefix}:candour-day/")}
    assert counters, "the counters were kept in Redis"
    for name in counters:
        # Named as every other counter: a keyed hash, no address, route or limit in clear.
        assert re.fullmatch(rf"{prefix}:candour/[0-9a-f]{{40}}", name), name
        for telling in ("unrouted", "admin", "127.0.0.1", "minute", "hour"):
            assert telling not in name


def test_a_route_refused_for_a_nul_in_its_address_still_counts(client: FlaskClient) -> None:
    # The refusal used to run before Flask-Limiter counted the route, so these were unlimited.
    codes = [client.get("/?reference=%00").status_code for _ in range(121)]
    assert codes == [404] * 120 + [429]  # the reporter pages' "120 per minute"
