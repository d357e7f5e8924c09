"""A reporter's sessions at two forces in one browser: the one cookie holds a session for each
force, so looking at another force's pages never loses the report being written or the status
page opened at the first; signing out of one force's status page ends that force's session, and
"Exit this page" at either ends both."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Draft, ReporterSession
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.conftest import RequestScopedClient
from tests.helpers import Team, csrf_token, make_team, open_status, submit_report
from tests.journey_page import parse
from tests.test_reporter_sessions import start_a_draft
from tests.test_tenancy import ForceClient, client_of

WRITING = "Something I started writing about my sergeant"


@pytest.fixture
def north(app: Flask, team: Team) -> Force:
    force = create_force("north", "North Force")
    db.session.commit()
    with use_force(force.id):
        make_team()
    return force


def at_default(browser: ForceClient, path: str, **form: Any) -> TestResponse:
    """The same browser at the default force's address: a POST of ``form``, or a GET."""
    if form:
        return RequestScopedClient.open(browser, path, method="POST", **form)
    return RequestScopedClient.open(browser, path)


def answer_shown(page: str) -> str:
    """What the first question's "What happened?" box holds."""
    [box] = parse(page).find("textarea", name="description")
    return box.text.strip()


def test_a_report_being_written_survives_a_look_at_another_forces_pages(
    app: Flask, north: Force
) -> None:
    browser = client_of(app, north.slug)
    start_a_draft(browser, WRITING)
    assert browser.at_root("/").status_code == 200
    assert answer_shown(browser.at_root("/report/what").get_data(as_text=True)) == ""

    assert answer_shown(browser.get("/report/what").get_data(as_text=True)) == WRITING


def test_a_status_page_opened_at_one_force_stays_open_after_another_forces(
    app: Flask, north: Force
) -> None:
    browser = client_of(app, north.slug)
    open_status(browser, submit_report(client_of(app, north.slug), description="Kestrel Road."))
    at_default = browser.at_root("/status").get_data(as_text=True)
    assert "Kestrel Road." not in at_default and "Your receipt" in at_default

    assert "Kestrel Road." in browser.get("/status").get_data(as_text=True)


def test_exit_this_page_at_one_force_ends_the_sessions_at_both(app: Flask, north: Force) -> None:
    browser = client_of(app, north.slug)
    start_a_draft(browser, WRITING)
    assert browser.at_root("/exit").status_code == 302

    with use_force(north.id):
        assert db.session.scalars(select(Draft)).all() == []
        assert db.session.scalars(select(ReporterSession)).all() == []
    assert answer_shown(browser.get("/report/what").get_data(as_text=True)) == ""


def test_signing_out_of_one_forces_status_page_leaves_the_report_written_at_another(
    app: Flask, north: Force
) -> None:
    browser = client_of(app, north.slug)
    start_a_draft(browser, WRITING)  # at North
    receipt = submit_report(app.test_client())  # a report at the default force, opened there
    token = csrf_token(browser.at_root("/status").get_data(as_text=True))
    opened = at_default(browser, "/status", data={"csrf_token": token, "receipt": receipt})
    page = at_default(browser, opened.headers["Location"]).get_data(as_text=True)
    assert "Sign out" in page
    at_default(browser, "/status/leave", data={"csrf_token": csrf_token(page)})

    assert "Your receipt" in browser.at_root("/status").get_data(as_text=True)
    assert answer_shown(browser.get("/report/what").get_data(as_text=True)) == WRITING
