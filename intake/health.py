"""``/healthz`` for a load balancer: "ok" (200) or "unavailable" (503), and nothing else.

It answers "ok" only when this worker can run a query on the database and, when rate limits are
kept in Redis, when Redis answers a PING — without either, reporters would get errors, so the
host should be taken out of rotation.

It is the one unauthenticated route without a rate limit, on purpose:
- a load balancer polls it from one address every few seconds; a limit would eventually answer
  it with 429 and take a healthy host out of rotation;
- a limit is counted in Redis, so with Redis down the limiter, not this check, would decide the
  answer (and "unavailable" is exactly what must come out then);
- it costs one ``SELECT 1`` and one PING, no more than a 404 page, and tells a caller nothing.
The proxy in front should still not route it from the internet (README, "Running in
production"). The body never says what failed, and the log says only which dependency did:
exception messages can carry connection URLs and hostnames.
"""

from __future__ import annotations

import logging

import redis
from flask import Flask, Response, current_app
from sqlalchemy import text

from intake.db import db
from intake.ratelimit import SCHEME_PREFIX
from intake.security import limiter

log = logging.getLogger("candour.health")
_REDIS_EXTENSION = "candour_health_redis"
REDIS_TIMEOUT_SECONDS = 2.0


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
        return True
    except Exception:  # any failure at all means "not healthy"; the cause is not ours to print
        db.session.rollback()
        return False


def _redis_client(app: Flask) -> redis.Redis | None:
    """A client for the limiter's Redis (one pool per app and process), or None without Redis."""
    url = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://")).removeprefix(SCHEME_PREFIX)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    if _REDIS_EXTENSION not in app.extensions:
        app.extensions[_REDIS_EXTENSION] = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
    client: redis.Redis = app.extensions[_REDIS_EXTENSION]
    return client


def _redis_answers(app: Flask) -> bool:
    client = _redis_client(app)
    if client is None:
        return True
    try:
        return bool(client.ping())
    except Exception:  # connection refused, timeout, authentication: all "not healthy"
        return False


def healthz() -> Response:
    failed = [
        name
        for name, healthy in (
            ("database", _database_answers()),
            ("rate-limit storage", _redis_answers(current_app)),
        )
        if not healthy
    ]
    if failed:
        log.warning("health check: %s unavailable", " and ".join(failed))
        return Response("unavailable", status=503, mimetype="text/plain")
    return Response("ok", status=200, mimetype="text/plain")


def init_health(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", limiter.exempt(healthz), methods=["GET"])
