"""Fixtures: an app per test on SQLite, and again on PostgreSQL when it is there.

Every test runs against each backend. Locally the PostgreSQL run is skipped when no server
answers; with ``CI=true`` a missing server fails the run instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

for _name in ("SECRET_KEY", "RECEIPT_KEY", "MATCHING_KEY", "LIMITER_KEY"):
    os.environ.setdefault(f"CANDOUR_{_name}", secrets.token_hex(32))
os.environ.setdefault("CANDOUR_SECURE_COOKIES", "false")
# Argon2 at 64 MiB per hash makes a 500-test suite crawl; the hashing itself is the same code.
os.environ.setdefault("CANDOUR_ARGON2_MEMORY_KIB", "1024")

from typing import Any  # noqa: E402

from flask import Flask, g, has_app_context  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from werkzeug.test import TestResponse  # noqa: E402

from intake.db import db  # noqa: E402
from intake.security import limiter  # noqa: E402
from tests.helpers import Team, make_team  # noqa: E402
from wsgi import create_app  # noqa: E402

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


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and did not answer at {POSTGRES_URL}")
        pytest.skip("no PostgreSQL server answers locally")
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{POSTGRES_SCHEMA}"'))
    yield POSTGRES_SCHEMA
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{POSTGRES_SCHEMA}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'candour.db'}"
    schema = request.getfixturevalue("postgres_schema")
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


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


def build_app(database_url: str, **extra: object) -> Flask:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CANDOUR_SCRYPT_N": 2**10,  # production uses 2**17; tests only need it to work
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(extra)
    app = create_app(config)
    app.test_client_class = RequestScopedClient
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


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def team(app: Flask) -> Team:
    return make_team()


@pytest.fixture
def fresh_globals_per_request(app: Flask) -> Iterator[None]:
    """For tests that drive several clients inside the ``app`` fixture's one app context:
    without this, ``flask.g`` (the signed-in member, the CSRF token) would leak from one
    client's request into another's."""

    def forget() -> None:
        g.pop("member", None)
        g.pop("csrf_token", None)

    app.before_request(forget)
    yield
