"""``/healthz``: "ok" or "unavailable", nothing else, never rate-limited, never leaking detail."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID
from intake.security import SECURITY_HEADERS
from intake.views.session_end import EXIT_URL
from tests.conftest import build_app, require_redis
from tests.helpers import post_form, redirected_to

# Nothing listens on port 1; the password is there to prove it never reaches a log or a body.
DEAD_POSTGRES = "postgresql+psycopg://candour:hunter2-secret@127.0.0.1:1/none?connect_timeout=2"
DEAD_REDIS = "redis://:hunter2-secret@127.0.0.1:1/0"


def assert_plain(response: TestResponse, status: int, body: str) -> None:
    assert response.status_code == status
    assert response.get_data(as_text=True) == body
    assert response.mimetype == "text/plain"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_ok_when_the_database_answers(app: Flask) -> None:
    assert_plain(app.test_client().get("/healthz"), 200, "ok")


def test_only_get_is_served(app: Flask) -> None:
    assert app.test_client().post("/healthz").status_code == 405


def test_a_load_balancer_polling_from_one_address_is_never_limited(app: Flask) -> None:
    client = app.test_client()
    # The same address is limited on the reporter side after 10 receipt attempts a minute...
    paths = [
        redirected_to(post_form(client, "/status", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}))
        for _ in range(11)
    ]
    assert paths[-1] == "/status/too-many-attempts"
    # ...and more polls than any reporter route allows a minute (120) all still answer "ok".
    answers = {client.get("/healthz").get_data(as_text=True) for _ in range(150)}
    assert answers == {"ok"}


@pytest.fixture
def unavailable_apps(tmp_path: Path) -> Iterator[list[Flask]]:
    # The app makes its SQLite file (0600) when it starts; its folder then disappears, as a
    # lost volume would, so the database cannot be opened.
    gone = tmp_path / "volume"
    gone.mkdir()
    apps = [
        build_app(f"sqlite:///{gone}/candour.db"),
        build_app(DEAD_POSTGRES),
        build_app(f"sqlite:///{tmp_path}/fine.db", RATELIMIT_STORAGE_URI=DEAD_REDIS),
    ]
    shutil.rmtree(gone)
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_unavailable_without_saying_why(
    unavailable_apps: list[Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for app in unavailable_apps:
        assert_plain(app.test_client().get("/healthz"), 503, "unavailable")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "health check: database unavailable" in logged
    assert "health check: rate-limit storage unavailable" in logged
    assert "hunter2" not in logged and "127.0.0.1:1" not in logged
    assert not any(
        record.exc_info for record in caplog.records if record.name.startswith("candour")
    )


def test_ok_with_redis_answering(tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path}/candour.db", RATELIMIT_STORAGE_URI=require_redis())
    assert_plain(app.test_client().get("/healthz"), 200, "ok")
    with app.app_context():
        db.engine.dispose()


def test_pages_say_try_again_when_the_database_is_down(caplog: pytest.LogCaptureFixture) -> None:
    app = build_app(DEAD_POSTGRES)  # built last, so the limiter's storage is its memory store
    response = app.test_client().get("/proof/keys")  # reads the published keys
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "briefly unavailable" in page and "Nothing from this step was saved" in page
    assert "OperationalError" not in page and "127.0.0.1" not in page
    assert "database unavailable: OperationalError" in caplog.text


def test_exit_this_page_leads_away_even_with_the_database_down() -> None:
    app = build_app(DEAD_POSTGRES)
    client = app.test_client()
    with client.session_transaction() as stored:
        # a reporter's session cookie at the default force
        stored[f"reporter-{DEFAULT_FORCE_ID}"] = {"token": "a" * 43, "key": "00" * 32}
    page = client.get("/report/what")  # the database is down: the 503 page, with the way out
    assert page.status_code == 503 and 'href="/exit"' in page.get_data(as_text=True)
    left = client.get("/exit")
    with app.app_context():
        db.engine.dispose()
    assert left.status_code == 302 and left.headers["Location"] == EXIT_URL
    with client.session_transaction() as stored:
        assert not any(name.startswith("reporter") for name in stored)  # the session's hold gone
