"""The privacy notice, cookies page and accessibility statement say what this installation
really does: they read the same settings the code obeys, so a change to one shows in the other."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID, Force
from tests.conftest import build_app
from tests.helpers import make_team
from tests.test_share_question import NATIONAL_KEY, two_forces


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_privacy_notice_gives_the_forces_own_retention_period(
    app: Flask, client: FlaskClient
) -> None:
    default = app.config["CANDOUR_RETENTION_MONTHS"]
    assert f"deleted {default} months later" in text(client, "/privacy")

    db.session.get(Force, DEFAULT_FORCE_ID).retention_months = 7
    db.session.commit()
    assert "deleted 7 months later" in text(client, "/privacy")


def test_the_privacy_notice_mentions_sharing_with_another_force_only_where_it_can_happen(
    app: Flask, client: FlaskClient
) -> None:
    assert "another force's independent team" not in text(client, "/privacy")

    two_forces(app)
    assert "another force's independent team" in text(client, "/privacy")


def test_the_privacy_notice_says_named_people_are_compared_across_forces_where_they_are(
    app: Flask, client: FlaskClient
) -> None:
    """With a national matching key, keyed codes of named people are compared with other
    forces', and the other force may be told a person was named here and in which year,
    whatever the reporter answered about sharing: said only then, as the sharing question does."""
    told = (
        "that force’s independent team may be told that the same person was named in a report "
        "here, and in which year, whatever you answer about sharing"
    )
    assert told not in text(client, "/privacy")
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    notice = text(client, "/privacy")
    assert told in notice and "compared with those of people named in reports to other" in notice


@pytest.mark.parametrize(("secure", "name"), [(True, "__Host-candour"), (False, "candour")])
def test_the_cookies_page_names_the_cookie_the_browser_is_given(
    database_url: str, secure: bool, name: str
) -> None:
    app = build_app(database_url, SESSION_COOKIE_SECURE=secure)
    with app.app_context():
        db.create_all()
        try:
            make_team()  # a question page, whose form needs the session, is open once it has a key
            client = app.test_client()
            page = text(client, "/cookies")
            assert f'<td class="govuk-table__cell" id="cookie-name">{name}</td>' in page
            set_cookies = client.get("/report/what").headers.getlist("Set-Cookie")
            assert set_cookies and all(cookie.startswith(f"{name}=") for cookie in set_cookies)
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.mark.parametrize("url", ["/", "/team/sign-in"])
def test_every_page_links_to_the_privacy_notice_cookies_and_accessibility_statement(
    client: FlaskClient, url: str
) -> None:
    page = text(client, url)
    for href, words in [
        ("/privacy", "Privacy"),
        ("/cookies", "Cookies"),
        ("/accessibility", "Accessibility statement"),
    ]:
        assert f'href="{href}">{words}</a>' in page


def test_the_accessibility_statement_offers_a_way_to_report_a_problem_without_a_report(
    app: Flask, client: FlaskClient
) -> None:
    """Someone a problem stops from making a report has no status page to tell the team from:
    the statement gives them the force's confidential line, where it has one, and the IOPC."""
    app.config["CANDOUR_CONFIDENTIAL_LINE"] = ""
    page = text(client, "/accessibility")
    assert "If a problem stops you making a report at all" in page
    assert "policeconduct.gov.uk" in page and "confidential line" not in page

    app.config["CANDOUR_CONFIDENTIAL_LINE"] = "Call 0800 000 0000, weekdays 8am to 6pm"
    page = text(client, "/accessibility")
    assert "force's confidential line about it" in page and "0800 000 0000" in page
