"""Onion visitors are counted per Tor circuit, with one ceiling for all circuits together
(issue 13, item 4).

Tor's ``HiddenServiceExportCircuitID haproxy`` sends gunicorn a PROXY-protocol header whose source
is fc00:dead:beef:4dad::<circuit id>, which gunicorn makes REMOTE_ADDR (tested end to end in
tests/test_gunicorn_server.py). Before, every onion visitor arrived as 127.0.0.1 and shared one
counter: ten junk lookups locked out a genuine reporter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.security import limiter
from tests.conftest import build_app
from tests.helpers import DEFAULT_REPORT, make_team, post_form, redirected_to, submit_report

RECEIPT_SHAPED = "AAAA-BBBB-CCCC-DDDD-EEEE"
NOT_FOUND, LIMITED = "/status", "/status/too-many-attempts"  # where a lookup is redirected


def circuit(number: int) -> str:
    return f"fc00:dead:beef:4dad::{number >> 16:x}:{number & 0xFFFF:x}"


def build(tmp_path: Path, **config: object) -> Iterator[Flask]:
    app = build_app(f"sqlite:///{tmp_path}/onion.db", **config)
    with app.app_context():
        limiter.reset()
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield from build(tmp_path, CANDOUR_ONION_CEILING="5 per minute")


def visitor(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def look_up(client: FlaskClient) -> str:
    return redirected_to(post_form(client, "/status", {"receipt": RECEIPT_SHAPED}))


def test_two_tor_circuits_are_counted_apart(tmp_path: Path) -> None:
    for app in build(tmp_path):  # the real ceiling: far above one circuit's limit
        junk, genuine = visitor(app, circuit(1)), visitor(app, circuit(70000))
        assert [look_up(junk) for _ in range(11)] == [NOT_FOUND] * 10 + [LIMITED]
        assert look_up(genuine) == NOT_FOUND


def test_all_circuits_together_stop_at_the_onion_ceiling(app: Flask) -> None:
    assert [look_up(visitor(app, circuit(n))) for n in range(1, 7)] == [NOT_FOUND] * 5 + [LIMITED]
    # The ceiling is the onion service's alone: a visitor from the internet is not held by it.
    assert look_up(visitor(app, "203.0.113.9")) == NOT_FOUND


def test_an_onion_visitor_cannot_choose_an_address_with_forwarded_headers(
    tmp_path: Path,
) -> None:
    for app in build(tmp_path, CANDOUR_PROXY_COUNT=1):
        junk = visitor(app, circuit(1))
        paths = [
            redirected_to(
                post_form(
                    junk,
                    "/status",
                    {"receipt": RECEIPT_SHAPED},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                )
            )
            for n in range(11)
        ]
        assert paths == [NOT_FOUND] * 10 + [LIMITED]


def test_addresses_in_one_ipv6_64_share_a_counter(tmp_path: Path) -> None:
    """One phone or household gets a whole /64 and can use any address in it."""
    for app in build(tmp_path):
        paths = [look_up(visitor(app, f"2001:db8:1:2::{n:x}")) for n in range(1, 12)]
        assert paths == [NOT_FOUND] * 10 + [LIMITED]
        assert look_up(visitor(app, "2001:db8:1:3::1")) == NOT_FOUND


def test_a_fresh_64_for_each_attempt_is_still_held_by_its_48(tmp_path: Path) -> None:
    """A home or business may be given a /48: 65,536 /64s, each with a limit of its own. The
    /48 is counted too, at ten times each limit (lookups: 100 a minute)."""
    for app in build(tmp_path):
        paths = [
            look_up(visitor(app, f"2001:db8:1:{network:x}::{n:x}"))
            for network in range(10)
            for n in range(1, 11)
        ]
        assert paths == [NOT_FOUND] * 100
        assert look_up(visitor(app, "2001:db8:1:ffff::1")) == LIMITED
        assert look_up(visitor(app, "2001:db8:2::1")) == NOT_FOUND  # another /48


def test_tor_circuits_and_ipv4_mapped_addresses_are_not_counted_together(
    tmp_path: Path,
) -> None:
    """Circuits all share one /96, and IPv4-mapped addresses one /96 too: each is counted alone
    (circuits under their ceiling, here raised out of the way)."""
    for app in build(tmp_path, CANDOUR_ONION_CEILING="1000 per minute"):
        circuits = [look_up(visitor(app, circuit(n))) for n in range(1, 102)]
        mapped = [look_up(visitor(app, f"::ffff:198.51.100.{n}")) for n in range(1, 102)]
        assert circuits == mapped == [NOT_FOUND] * 101


def test_limits_counted_outside_flask_limiter_count_the_48_too(tmp_path: Path) -> None:
    """Addresses no route matches (60 a minute per client) are counted by Candour itself, not
    by Flask-Limiter: the /48 is held there as well (600 a minute), and named by no address."""
    for app in build(tmp_path):
        statuses = [
            visitor(app, f"2001:db8:1:{network:x}::1").get(f"/no-such-page-{n}").status_code
            for network in range(10)
            for n in range(60)
        ]
        assert statuses == [404] * 600
        assert visitor(app, "2001:db8:1:ffff::1").get("/no-such-page").status_code == 429
        assert visitor(app, "2001:db8:2::1").get("/no-such-page").status_code == 404
        stored = repr(vars(limiter.storage.inner))
        assert "candour/" in stored and "2001:db8" not in stored and "2001:0db8" not in stored


def test_junk_lookups_over_many_circuits_do_not_keep_an_onion_reporter_from_their_report(
    app: Flask,
) -> None:
    """The onion ceiling is shared by every circuit, and circuits are free: it counted right
    receipts too, so anyone could post five junk receipts (here; 60 a minute really) and keep
    every reporter using the onion service from their report. Like the lookup's own limit, it
    now counts and refuses wrong receipts only."""
    make_team()
    receipt = submit_report(visitor(app, "203.0.113.9"))
    assert [look_up(visitor(app, circuit(n))) for n in range(1, 7)] == [NOT_FOUND] * 5 + [LIMITED]

    reporter = visitor(app, circuit(99))
    assert redirected_to(post_form(reporter, "/status", {"receipt": receipt})) == "/status"
    page = reporter.get("/status").get_data(as_text=True)
    assert DEFAULT_REPORT["description"] in page and 'name="receipt"' not in page
    assert look_up(visitor(app, circuit(100))) == LIMITED  # wrong ones are still held
