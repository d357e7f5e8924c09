"""Before the report is acknowledged, the case page says to acknowledge it first where the outcome
form would be, and its link leads to the Acknowledge form, with JavaScript off; once
acknowledged, the outcome form is there."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, expect

from intake.db import db
from intake.submission import submit
from tests.browser.conftest import AxeScanner
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> tuple[str, Person, str]:
    app, base = live_app
    with app.app_context():
        team = make_team()
        lead = person(team.lead)
        report, _ = submit(dict(DEFAULT_REPORT))
        db.session.commit()
        reference = report.reference
        db.session.remove()
    return base, lead, reference


def test_the_case_page_leads_to_the_acknowledgement_before_an_outcome(
    scanner: AxeScanner,
    axe: AxeScanner,
    no_js_context: BrowserContext,
    world: tuple[str, Person, str],
) -> None:
    base, lead, reference = world
    page = scanner.new_page(no_js_context)
    sign_in(page, base, lead)
    page.goto(f"{base}/team/cases/{reference}")
    first = page.locator("#outcome-acknowledge-first")
    expect(first).to_contain_text(
        "Acknowledge the report before recording an outcome: the reporter has not yet been told "
        "it was received"
    )
    expect(page.get_by_role("button", name="Record outcome")).to_have_count(0)
    axe.check("team-case-acknowledge-first", page)
    first.get_by_role("link", name="Acknowledge the report").click()
    expect(page.locator("#acknowledge-form")).to_be_in_viewport()

    page.get_by_role("button", name="Acknowledge and send the message").click()
    expect(page.get_by_text("Report acknowledged.")).to_be_visible()
    expect(first).to_have_count(0)
    page.get_by_text("Record an outcome").click()  # a details element: no script needed
    expect(page.get_by_role("button", name="Record outcome")).to_be_visible()
    axe.assert_done()
