"""Proposing in a real browser with JavaScript off, at phone size, each state scanned by
axe-core: a caseworker says a person is someone in another case triage never offered, from the
person's subject page, and the proposal waits on the case as a possible match for someone else
to judge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.db import db
from intake.submission import submit
from tests.browser.conftest import AxeScanner
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser
ERRORS = ".govuk-error-summary"


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> tuple[str, Person, str, str]:
    app, base = live_app
    with app.app_context():
        team = make_team()
        lead = person(team.lead)
        first, _ = submit({**DEFAULT_REPORT, "people": [{"name": "Liam Kingsmouth"}]})
        second, _ = submit({**DEFAULT_REPORT, "people": [{"name": "Kingy", "unit": "TSG"}]})
        db.session.commit()
        references = first.reference, second.reference
        db.session.remove()
    return base, lead, *references


@pytest.fixture
def phone_page(browser: Browser, axe: AxeScanner) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    yield axe.new_page(context)
    context.close()


def test_a_member_proposes_two_people_triage_never_offered_as_one(
    world: tuple[str, Person, str, str], phone_page: Page, axe: AxeScanner
) -> None:
    base, lead, first, second = world
    page = phone_page
    sign_in(page, base, lead)
    page.goto(f"{base}/team/cases/{first}")
    # Named in no other report: no subject page yet, so proposed from the case page.
    page.get_by_text("Named in another case that triage did not offer?").click()
    page.get_by_role("link", name="Person 1 is the same as someone in another case").click()
    expect(page.get_by_role("heading", name="Is person 1 the same as someone")).to_be_visible()
    axe.check("team-propose-same", page)
    page.get_by_role("button", name="Propose them as a possible match").click()
    expect(page.locator(ERRORS)).to_contain_text("Give the case reference of the other report")
    axe.check("team-propose-same-errors", page)
    page.get_by_label("Case reference of the other report").fill(second)
    page.get_by_label("Why do you think they are the same person?").fill("Same night, same van.")
    page.get_by_role("button", name="Propose them as a possible match").click()
    expect(page.get_by_text("Proposed: both cases now show it")).to_be_visible()
    expect(page.get_by_text("proposed by a team member: triage did not offer it")).to_be_visible()
    # Someone else on the team judges it: the proposer is told so and offered no judgement.
    expect(
        page.get_by_text("You proposed this. Someone else on the team judges it")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Save judgement")).to_have_count(0)
    axe.assert_done()
