"""What to tell the reporter, left out of "Record an outcome": said at its box, its form group
marked, and the error summary's link leads to the box, with JavaScript on and off."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.db import db
from intake.submission import submit
from tests.browser.conftest import AxeScanner
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import DEFAULT_REPORT, add_member, make_team
from triage.casework import stages
from triage.casework.outcome import TELL_THE_REPORTER, TOO_SHORT_TO_TELL

pytestmark = pytest.mark.browser
ERRORS = ".govuk-error-summary"


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> tuple[str, dict[bool, Person], str]:
    """The case, and a lead for each browser: one with JavaScript, one without (a code from an
    authenticator app signs in once)."""
    app, base = live_app
    with app.app_context():
        team = make_team()
        leads = {False: person(team.lead), True: person(add_member("lead", team))}
        report, _ = submit(dict(DEFAULT_REPORT))
        stages.acknowledge(report, team.lead)
        db.session.commit()
        reference = report.reference
        db.session.remove()
    return base, leads, reference


@pytest.fixture(scope="module", params=[False, True], ids=["javascript-off", "javascript-on"])
def signed_in(
    browser: Browser,
    scanner: AxeScanner,
    world: tuple[str, dict[bool, Person], str],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    base, leads, _ = world
    context = browser.new_context(java_script_enabled=request.param)
    page = scanner.new_page(context)
    sign_in(page, base, leads[request.param])
    yield page
    context.close()


@pytest.mark.parametrize("told", ["", "ok ok ok ok"])
def test_what_to_tell_the_reporter_is_asked_for_at_its_box(
    world: tuple[str, dict[bool, Person], str], signed_in: Page, axe: AxeScanner, told: str
) -> None:
    base, _, reference = world
    page = signed_in
    page.goto(f"{base}/team/cases/{reference}")
    page.get_by_text("Record an outcome").click()
    page.get_by_label("Outcome", exact=True).select_option(label="No further action")
    page.get_by_label("Reason for the outcome").fill("Internal: corroborated.")
    page.get_by_label("What to tell the reporter").fill(told)
    page.get_by_role("button", name="Record outcome").click()
    words = TOO_SHORT_TO_TELL if told else TELL_THE_REPORTER
    link = page.locator(ERRORS).get_by_role("link", name=words)
    expect(link).to_have_attribute("href", "#outcome_message")
    box = page.locator("#outcome_message")
    group = page.locator(".govuk-form-group", has=box)
    expect(group).to_have_class(re.compile(r"\bgovuk-form-group--error\b"))
    expect(page.locator("#outcome_message-error")).to_have_text(f"Error: {words}")
    axe.check("team-outcome-error", page)
    link.click()
    expect(box).to_be_visible()
    expect(box).to_be_in_viewport()
    axe.assert_done()
