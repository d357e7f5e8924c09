"""A caseworker's day in a real browser: sign in with a TOTP code, open a case from the queue,
message the reporter and record an outcome; axe-core scans each team page."""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from tests.browser.conftest import AxeScanner
from tests.helpers import DEFAULT_REPORT, PASSWORD, make_team

pytestmark = pytest.mark.browser


def test_a_lead_signs_in_messages_a_reporter_and_records_an_outcome(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner
) -> None:
    app, base = live_app
    with app.app_context():
        team = make_team()
        report, _receipt = submit(dict(DEFAULT_REPORT))
        reference, email, secret = report.reference, team.lead.email, team.lead.totp_secret
        db.session.remove()
    assert secret
    page = no_js_page

    page.goto(base + "/team/")  # deny by default: sent to sign in
    axe.scan("team-sign-in", page.content())
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    axe.scan("team-sign-in-code", page.content())
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()

    axe.scan("team-queue", page.content())
    page.get_by_role("link", name=reference).click()
    axe.scan("team-case", page.content())
    assert "He made comments about my appearance" in page.content()

    page.get_by_label("Message to the reporter").fill("Thank you. Can you tell us the date?")
    page.get_by_role("button", name="Send message").click()
    assert "Thank you. Can you tell us the date?" in page.content()

    page.get_by_text("Record an outcome").click()  # a <details>: opens without JavaScript
    page.get_by_label("Outcome", exact=True).select_option(index=1)
    page.get_by_label("Reason for the outcome").fill("Hearing found the allegation proven.")
    page.get_by_role("button", name="Record outcome").click()

    for name, path in [("team-members", "/team/members"), ("team-audit", "/team/audit"),
                       ("team-account", "/team/account"), ("team-keys", "/team/keys"),
                       ("team-member", "/team/members/1")]:
        assert page.goto(base + path).status == 200
        axe.scan(name, page.content())

    with app.app_context():
        stored = db.session.scalars(select(Report).where(Report.reference == reference)).one()
        assert stored.outcome and stored.stage == "outcome"
        assert [m.from_reporter for m in stored.messages] == [False]
        db.session.remove()
    assert axe.problems == {}
