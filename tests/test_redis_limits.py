"""Rate limits kept in a real Redis server when one is configured (as in production)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from intake.db import db
from intake.security import limiter
from tests.conftest import REDIS_URL, build_app, require_redis
from tests.helpers import post_form


@pytest.fixture
def redis_app(tmp_path: Path) -> Iterator[Flask]:
    require_redis()
    app = build_app(f"sqlite:///{tmp_path}/redis.db", RATELIMIT_STORAGE_URI=REDIS_URL)
    with app.app_context():
        limiter.reset()
        db.create_all()
        yield app
        limiter.reset()
        db.session.remove()
        db.engine.dispose()


def test_status_lookups_are_limited_through_redis(redis_app: Flask) -> None:
    client = redis_app.test_client()
    codes = [
        post_form(client, "/status", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    stored = redis.Redis.from_url(REDIS_URL).keys("*")
    assert stored, "the limiter kept its counters in Redis"
    assert not any(b"127.0.0.1" in key for key in stored)  # keys are HMACs, not addresses
