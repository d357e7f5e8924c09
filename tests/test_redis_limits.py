"""Rate limits kept in a real Redis server when one is configured (as in production), under
counter names that say nothing about who, which route or when (issue 13, item 3)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from flask import Flask

from tests.conftest import REDIS_URL, build_app
from tests.helpers import open_status, post_form, redirected_to, submit_report

RECEIPT_SHAPED = "AAAA-BBBB-CCCC-DDDD-EEEE"
LIMITED = "/status/too-many-attempts"  # where a lookup over the limit is redirected


def names(store: redis.Redis, prefix: str) -> set[str]:
    return {key.decode() for key in store.keys(f"{prefix}:*")}


def counters(store: redis.Redis, prefix: str) -> set[str]:
    return {name for name in names(store, prefix) if not name.startswith(f"{prefix}:candour-day/")}


def test_status_lookups_are_limited_through_redis(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    client = redis_app.test_client()
    lookup = {"receipt": RECEIPT_SHAPED}
    paths = [redirected_to(post_form(client, "/status", lookup)) for _ in range(11)]
    assert paths == ["/status"] * 10 + [LIMITED]  # not found, back to the receipt page; limited
    assert counters(store, prefix), "the limiter kept its counters in Redis"


def test_wrong_receipts_kept_in_redis_refuse_no_right_one(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    """Over the lookup limit for wrong receipts, and one report over its limit for wrong
    confirmations, counted in Redis: a right receipt, in a fresh browser on the same address,
    still opens its report and replaces its receipt."""
    receipt = submit_report(redis_app.test_client())
    other = redis_app.test_client()
    other_receipt = submit_report(other)
    open_status(other, other_receipt)
    for _ in range(6):  # 5 wrong confirmations an hour for a report, then refused
        post_form(other, "/status/replace-receipt", {"receipt": RECEIPT_SHAPED})
    lookup = {"receipt": RECEIPT_SHAPED}
    stranger = redis_app.test_client()
    assert redirected_to(post_form(stranger, "/status", lookup)) == "/status"
    while redirected_to(post_form(stranger, "/status", lookup)) != LIMITED:
        pass
    reporter = redis_app.test_client()
    assert redirected_to(post_form(reporter, "/status", {"receipt": receipt})) == "/status"
    replaced = post_form(reporter, "/status/replace-receipt", {"receipt": receipt})
    assert replaced.headers["Location"] == "/status/new-receipt"


def test_counter_names_say_nothing_and_a_send_shares_nothing_with_later_lookups(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    reporter = redis_app.test_client()
    receipt = submit_report(reporter)
    after_send = counters(store, prefix)
    open_status(reporter, receipt)
    after_lookup = counters(store, prefix) - after_send
    assert after_send and after_lookup

    for name in after_send | after_lookup:
        assert re.fullmatch(rf"{prefix}:candour/[0-9a-f]{{40}}", name), name
        for telling in ("reporter", "send", "status", "hour", "minute", "127.0.0.1"):
            assert telling not in name
    # Nothing in a lookup's counter names repeats any part of the send's (before, both began
    # with the same hash of the client's address).
    parts = {part for name in after_send for part in re.split("[:/]", name)} - {prefix, "candour"}
    for name in after_lookup:
        assert not parts & set(re.split("[:/]", name))


def test_counters_expire_on_a_clock_boundary_not_a_period_after_the_first_request(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    submit_report(redis_app.test_client())
    for name in counters(store, prefix):
        ends = time.time() + store.pttl(name) / 1000
        # Every limit here counts per minute, hour or day: their windows end on a whole minute.
        off = ends % 60
        assert min(off, 60 - off) < 1.5, f"{name} expires {off:.1f} s past a whole minute"


def test_the_day_key_is_random_kept_in_redis_and_gone_an_hour_after_the_day(
    redis_app: Flask, store: redis.Redis, prefix: str
) -> None:
    client = redis_app.test_client()
    post_form(client, "/status", {"receipt": RECEIPT_SHAPED})
    today = datetime.now(UTC)
    salt_name = f"{prefix}:candour-day/{today:%Y-%m-%d}"
    salt = store.get(salt_name)
    assert salt is not None and len(salt) == 32
    gone_at = datetime.fromtimestamp(time.time() + store.pttl(salt_name) / 1000, UTC)
    tomorrow = today.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert abs(gone_at - (tomorrow + timedelta(hours=1))) < timedelta(seconds=2)


def test_a_new_days_key_gives_the_same_client_unrelated_counters(
    redis_app: Flask, store: redis.Redis, prefix: str, tmp_path: Path
) -> None:
    """Once a day's random part is gone (as Redis drops it an hour after the day), nothing, not
    even the key file, connects that day's counters to the next day's for the same client."""
    client = redis_app.test_client()
    for _ in range(10):
        post_form(client, "/status", {"receipt": RECEIPT_SHAPED})
    assert redirected_to(post_form(client, "/status", {"receipt": RECEIPT_SHAPED})) == LIMITED
    before = counters(store, prefix)
    for name in names(store, prefix) - before:
        store.delete(name)  # the day's random part expires
    # A worker that never saw the old day's key, with the same key file and database.
    next_day = build_app(
        f"sqlite:///{tmp_path}/redis.db",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
        CANDOUR_SECRETS=redis_app.config["CANDOUR_SECRETS"],
    )
    with next_day.app_context():
        same_client = next_day.test_client()
        assert post_form(same_client, "/status", {"receipt": RECEIPT_SHAPED}).status_code == 303
    assert counters(store, prefix) - before, "the new day counts under new names"
