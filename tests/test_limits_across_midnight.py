"""A burst of attempts across UTC midnight is counted as one burst (``intake.ratelimit``).

Counters are renamed every day, so that no counter links a client across days. Before, a
counter begun at 23:59 was simply not found at 00:00: the count started again, and a burst
straddling midnight got twice the attempts (twenty receipt guesses a minute instead of ten).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import redis
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from intake.security import limiter
from tests.helpers import RUN_DAY, Team, post_form, redirected_to, visible_text

LOOKUP = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}  # shaped like a receipt, matching none
LIMITED = "/status/too-many-attempts"
MIDNIGHT = datetime.combine(RUN_DAY, time(0), UTC)


def look_up(client: FlaskClient) -> str:
    """Where one receipt lookup leads: back to the receipt page (not found), or to LIMITED."""
    return redirected_to(post_form(client, "/status", LOOKUP))


def test_ten_lookups_a_minute_hold_across_midnight(client: FlaskClient, team: Team) -> None:
    with time_machine.travel(MIDNIGHT - timedelta(seconds=30), tick=False) as clock:
        assert [look_up(client) for _ in range(10)] == ["/status"] * 10
        clock.move_to(MIDNIGHT + timedelta(seconds=30))
        limited = post_form(client, "/status", LOOKUP)
        assert redirected_to(limited) == LIMITED
        # The minute's counter began at 23:59:30 and ends at 00:01:00, thirty seconds on.
        shown = visible_text(client.get(limited.headers["Location"]).get_data(as_text=True))
        assert "Wait 1 minute, then try again." in shown
        clock.move_to(MIDNIGHT + timedelta(minutes=1, seconds=1))
        assert look_up(client) == "/status"


def test_sixty_lookups_an_hour_hold_across_midnight_and_the_wait_quoted_is_right(
    client: FlaskClient, team: Team
) -> None:
    # Ten every two minutes, from 23:48 to 23:58: a minute's counter lives until the second
    # whole minute after it began, so ten a minute would be refused from the second minute.
    with time_machine.travel(MIDNIGHT - timedelta(minutes=12), tick=False) as clock:
        for burst in range(6):
            clock.move_to(MIDNIGHT - timedelta(minutes=12 - 2 * burst))
            assert [look_up(client) for _ in range(10)] == ["/status"] * 10
        clock.move_to(MIDNIGHT + timedelta(seconds=30))
        limited = post_form(client, "/status", LOOKUP)
        assert redirected_to(limited) == LIMITED
        # The hour's counter began at 23:48 and lives until 01:00 (the second whole hour).
        shown = visible_text(client.get(limited.headers["Location"]).get_data(as_text=True))
        assert "Wait 60 minutes, then try again." in shown
        clock.move_to(MIDNIGHT + timedelta(minutes=59, seconds=50))
        assert look_up(client) == LIMITED, "the wait quoted was not yet over"
        clock.move_to(MIDNIGHT + timedelta(hours=1, seconds=1))
        assert look_up(client) == "/status", "once it is over, lookups are allowed again"


def test_after_the_hour_past_midnight_yesterdays_counters_are_not_consulted(
    client: FlaskClient, team: Team
) -> None:
    """The reach-back is bounded: from 01:00 only today's names count, and the memory store has
    forgotten yesterday's salt (its only copy), so yesterday's names can no longer be made."""
    storage = limiter._storage
    with time_machine.travel(MIDNIGHT - timedelta(seconds=30), tick=False) as clock:
        look_up(client)
        assert list(storage._salts) == [f"{RUN_DAY - timedelta(days=1):%Y-%m-%d}"]
        clock.move_to(MIDNIGHT + timedelta(seconds=30))
        look_up(client)  # counted on under yesterday's names, begun before midnight
        assert f"{RUN_DAY - timedelta(days=1):%Y-%m-%d}" in storage._salts
        clock.move_to(MIDNIGHT + timedelta(hours=1, seconds=1))
        look_up(client)
        assert list(storage._salts) == [f"{RUN_DAY:%Y-%m-%d}"]


def test_a_burst_across_midnight_is_counted_as_one_in_redis(
    redis_app: Flask, prefix: str, store: redis.Redis
) -> None:
    """Redis counts time-to-live on its own clock, which the test cannot move: the midnight is
    one two days ahead (so the days' salts are set to expire in the future), and the wait
    quoted is checked above, on the memory store, through the same names."""
    client = redis_app.test_client()
    midnight = datetime.combine(datetime.now(UTC).date() + timedelta(days=2), time(0), UTC)
    with time_machine.travel(midnight - timedelta(seconds=30), tick=False) as clock:
        assert [look_up(client) for _ in range(10)] == ["/status"] * 10
        before = set(store.keys(f"{prefix}:*"))
        clock.move_to(midnight + timedelta(seconds=30))
        assert look_up(client) == LIMITED
    # Counted on under yesterday's names: no counter (nor today's salt) was begun after midnight.
    assert set(store.keys(f"{prefix}:*")) == before
