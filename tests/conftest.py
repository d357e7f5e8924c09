"""Fixtures: an app per test on SQLite, and again on PostgreSQL when it is there.

Every test runs against each backend. Locally the PostgreSQL run is skipped when no server
answers; with ``CI=true`` a missing server fails the run instead.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import Connection, create_engine, text
from werkzeug.test import TestResponse

from intake import hooks
from intake.db import db
from intake.security import limiter
from tests.helpers import ARRIVALS, RUN_DAY, Team, make_team, record_arrival

# Configuration is read when an app is created (``intake.config``), never at import, so these
# only need to be set before the first ``create_app`` — including ``wsgi``'s module-level app.
for _name in ("SECRET_KEY", "RECEIPT_KEY", "MATCHING_KEY", "LIMITER_KEY"):
    os.environ.setdefault(f"CANDOUR_{_name}", secrets.token_hex(32))
os.environ.setdefault("CANDOUR_SECURE_COOKIES", "false")
# Argon2 at 64 MiB per hash makes an 800-test suite crawl; the hashing itself is the same code.
os.environ.setdefault("CANDOUR_ARGON2_MEMORY_KIB", "1024")

POSTGRES_URL = os.environ.get(
    "CANDOUR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_postgres_ready: bool | None = None


def postgres_available() -> bool:
    global _postgres_ready
    if _postgres_ready is None:
        engine = create_engine(POSTGRES_URL)
        try:
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            _postgres_ready = True
        except Exception:  # any failure to connect means "no server here"
            _postgres_ready = False
        finally:
            engine.dispose()
    return _postgres_ready


# Each test process works in its own schema of the test database, so parallel runs never meet.
POSTGRES_SCHEMA = f"candour_test_{os.getpid()}"
# The tests connect as a superuser, whom row-level security never restricts: the app's own
# transactions switch to this unprivileged role (``CANDOUR_DATABASE_ROLE``), as a deployment's
# do, so every PostgreSQL test runs behind the force policies.
APP_ROLE = "candour_app"


def grant_app_role(connection: Connection, schema: str) -> None:
    """Create the app role if this cluster lacks it, and let it use ``schema``'s tables and
    sequences (those created later too), as a deployment's owner would."""
    connection.execute(
        text(
            "DO $$ BEGIN CREATE ROLE candour_app NOLOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    )
    connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {APP_ROLE}'))
    connection.execute(
        text(
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}"
        )
    )
    connection.execute(
        text(
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
            f"GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}"
        )
    )


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and did not answer at {POSTGRES_URL}")
        pytest.skip("no PostgreSQL server answers locally")
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{POSTGRES_SCHEMA}"'))
        grant_app_role(connection, POSTGRES_SCHEMA)
    yield POSTGRES_SCHEMA
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{POSTGRES_SCHEMA}" CASCADE'))
    engine.dispose()


def schema_url(schema: str) -> str:
    """The test database's URL with ``schema`` as the search path."""
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


REDIS_URL = os.environ.get("CANDOUR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis() -> str:
    """The test Redis URL once it answers; skipped locally without one, a failure in CI."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and did not answer at {REDIS_URL}")
        pytest.skip("no Redis server answers locally")
    return REDIS_URL


@pytest.fixture
def prefix() -> str:
    """This test's own corner of the shared test Redis, so tests running at once cannot meet."""
    return f"limits-{uuid.uuid4().hex}"


@pytest.fixture
def store(prefix: str) -> Any:
    """The test Redis, for reading what the limiter kept under ``prefix``."""
    import redis

    return redis.Redis.from_url(require_redis())


@pytest.fixture
def redis_app(tmp_path: Path, prefix: str, store: Any) -> Iterator[Flask]:
    """An app whose rate-limit counters live in the test Redis, under ``prefix``."""
    app = build_app(
        f"sqlite:///{tmp_path}/redis.db",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
    )
    with app.app_context():
        db.create_all()
        make_team()  # reports are sealed to the team's key
        yield app
        limiter.reset()  # deletes this prefix's keys only
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'candour.db'}"
    return schema_url(request.getfixturevalue("postgres_schema"))


class RequestScopedClient(FlaskClient):
    """A test client whose every request gets its own app context (so its own ``g`` and database
    session), as in production, even though the test body holds an app context of its own."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        if has_app_context():
            db.session.commit()  # what the test set up is visible to the request
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # and what the request wrote is visible to the test
        return response


# Every app ``build_app`` made on PostgreSQL during the running test, whose pooled connections
# ``dispose_built_apps`` closes after it: a test that built its own app and left its pool open
# leaked a connection that the garbage collector found during some later test, as a
# ResourceWarning that failed that test instead. An app a module shares is only emptied of idle
# connections, and opens new ones as it needs them.
_BUILT: list[Flask] = []


@pytest.fixture(autouse=True)
def dispose_built_apps() -> Iterator[None]:
    yield
    while _BUILT:
        with _BUILT.pop().app_context():
            for engine in db.engines.values():
                engine.dispose()


def build_app(database_url: str, **extra: object) -> Flask:
    from wsgi import create_app  # importing wsgi builds its module-level app from the environment

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CANDOUR_SCRYPT_N": 2**10,  # production uses 2**17; tests only need it to work
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    if database_url.startswith("postgresql"):
        config["CANDOUR_DATABASE_ROLE"] = APP_ROLE
    config.update(extra)
    app = create_app(config)
    app.test_client_class = RequestScopedClient
    if database_url.startswith("postgresql"):
        _BUILT.append(app)
    return app


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = build_app(database_url)
    with app.app_context():
        limiter.reset()  # limits are per test, not carried over from the one before
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def record_arrivals() -> Iterator[None]:
    """Keeps the order reports arrive in for ``tests.helpers.reports_in_order``."""
    ARRIVALS.clear()
    hooks.on_report_received.append(record_arrival)
    yield
    hooks.on_report_received.remove(record_arrival)
    ARRIVALS.clear()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def team(app: Flask) -> Team:
    return make_team()


@pytest.fixture
def midday() -> Iterator[None]:
    """Runs the test at noon (UTC) of ``RUN_DAY``, the clock ticking on from there, for tests
    that compare dates the app takes (``date.today()``) with dates the test took, at import or
    in its body: without it, a run crossing midnight (or a month's or year's end) between the two
    would fail though nothing broke. Noon is the same day in every time zone within 12 hours of
    UTC, Britain's summer time included. Not for tests against Redis or a browser, whose clocks
    are not moved."""
    with time_machine.travel(datetime.combine(RUN_DAY, time(12), UTC), tick=True):
        yield
