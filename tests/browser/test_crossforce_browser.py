"""Referral between forces in a real browser with JavaScript off, each state scanned by
axe-core: a transferee named in two forces shows "named in another force" on the default
force's case, its lead asks North to share, North's lead answers from the list of requests
(first without a choice), the shared report appears on the asking force's case, and North's
reporter is told on their status page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from intake.db import db
from intake.submission import submit
from intake.tenancy import create_force, use_force
from tests.browser.conftest import AxeScanner
from tests.browser.test_reporter_browser import continue_
from tests.browser.test_team_browser import Person, person, sign_in
from tests.browser.test_team_layout_browser import PHONE, shown_as_labelled_blocks
from tests.helpers import DEFAULT_REPORT, make_team
from tests.test_crossforce import IN_DEFAULT, IN_NORTH, NATIONAL_KEY

pytestmark = pytest.mark.browser
ERRORS = ".govuk-error-summary"
NORTH_WORDS = "He followed me home from the Kestrel Road station twice."


@dataclass(frozen=True)
class TwoForces:
    base: str
    lead: Person
    north_lead: Person
    reference: str
    north_reference: str
    north_receipt: str


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> TwoForces:
    app, base = live_app
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    with app.app_context():
        lead = person(make_team().lead)
        north_id = create_force("north", "North Force").id
        db.session.commit()
        with use_force(north_id):
            north_lead = person(make_team().lead)
        report, _ = submit({**DEFAULT_REPORT, "people": [IN_DEFAULT]})
        reference = report.reference
        with use_force(north_id):
            north_report, receipt = submit(
                {**DEFAULT_REPORT, "people": [IN_NORTH], "description": NORTH_WORDS}
            )
            north_reference = north_report.reference
        db.session.remove()
    return TwoForces(base, lead, north_lead, reference, north_reference, receipt)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made = [browser.new_context(java_script_enabled=False) for _ in range(3)]
    yield made
    for context in made:
        context.close()


def test_a_lead_asks_another_force_to_share_and_its_lead_accepts(
    world: TwoForces, contexts: list[BrowserContext], axe: AxeScanner
) -> None:
    asking, answering, reporter = (axe.new_page(context) for context in contexts)
    sign_in(asking, world.base, world.lead)
    asking.goto(f"{world.base}/team/cases/{world.reference}")
    expect(asking.get_by_role("heading", name="Named in another force")).to_be_visible()
    asking.get_by_role("button", name="Ask North Force’s lead to share").click()
    expect(asking.get_by_text("You asked North Force’s lead to share").first).to_be_visible()

    north = f"{world.base}/north"
    sign_in(answering, north, world.north_lead)
    answering.goto(f"{north}/team/crossforce/requests")
    expect(answering.get_by_role("cell", name="Default force")).to_be_visible()
    axe.check("team-crossforce-requests", answering)
    # On a phone each request is a block of labelled cells: its columns ran past the screen.
    size = answering.viewport_size
    answering.set_viewport_size(PHONE)
    shown_as_labelled_blocks(answering, answering.locator("#share-requests"))
    if size:
        answering.set_viewport_size(size)
    answering.get_by_role("link", name=f"Answer the request about {world.north_reference}").click()
    expect(
        answering.get_by_role("heading", name=f"Share case {world.north_reference}?")
    ).to_be_visible()
    axe.check("team-crossforce-answer", answering)
    answering.get_by_role("button", name="Send answer").click()
    expect(answering.locator(ERRORS)).to_be_visible()
    axe.check("team-crossforce-answer-errors", answering)
    answering.get_by_label("Share the narrative and this person's details with them").check()
    answering.get_by_role("button", name="Send answer").click()
    expect(answering.get_by_text("You shared the narrative")).to_be_visible()

    asking.goto(f"{world.base}/team/cases/{world.reference}")
    expect(asking.get_by_text(NORTH_WORDS)).to_be_visible()
    axe.check("team-case-shared-by-another-force", asking)

    reporter.goto(f"{north}/status")
    reporter.get_by_label("Your receipt").fill(world.north_receipt)
    reporter.get_by_role("button", name="Check your report").click()
    expect(reporter.locator("#shared")).to_contain_text("another police force’s independent team")
    axe.check("reporter-status-shared", reporter)
    # The reporter asks that it not be shared again: the page says it already was.
    reporter.get_by_role("link", name="Ask the team not to share your report").click()
    expect(reporter.locator("#already-shared")).to_contain_text("cannot be taken back")
    axe.check("reporter-no-sharing", reporter)
    reporter.get_by_role("button", name="Do not share my report").click()
    expect(reporter.locator("#not-shared")).to_be_visible()

    # A new report in North names someone: with two forces its reporter is asked about sharing.
    reporter.goto(f"{north}/report/what")
    reporter.get_by_label("Bullying").check()
    reporter.get_by_role("radio", name="I'm not sure").check()
    reporter.get_by_label("What happened?").fill("He shouted at me in the yard.")
    continue_(reporter)
    reporter.get_by_label("Name as you know it").fill("PS Jon Smyth")
    continue_(reporter)
    reporter.get_by_label("Me", exact=True).check()
    continue_(reporter)
    continue_(reporter)  # no evidence
    reporter.get_by_label("Act on my report now").check()
    continue_(reporter)
    expect(
        reporter.get_by_role(
            "heading", name="Can the team share your report with another police force?"
        )
    ).to_be_visible()
    axe.check("reporter-share", reporter)
    continue_(reporter)
    expect(reporter.locator(ERRORS)).to_be_visible()
    axe.check("reporter-share-error", reporter)
    reporter.get_by_label("No, keep it with this force’s independent team").check()
    continue_(reporter)
    expect(reporter.get_by_text("No, keep it with this force’s team")).to_be_visible()
    axe.assert_done()


def test_a_reporter_at_another_forces_address_finds_their_own(
    world: TwoForces, contexts: list[BrowserContext], axe: AxeScanner
) -> None:
    """A North officer given the main address learns whose start page it is, finds North's from
    the list of forces, and is told on check answers that the report goes to North's team."""
    reporter = axe.new_page(contexts[0])
    reporter.goto(f"{world.base}/")
    expect(reporter.locator("#which-force")).to_contain_text("start page for Default force")
    reporter.get_by_role("link", name="Not your force?").click()
    expect(reporter.get_by_role("heading", name="Find your force")).to_be_visible()
    axe.check("reporter-find-your-force", reporter)
    reporter.get_by_role("link", name="North Force").click()
    expect(reporter.locator("#which-force")).to_contain_text("start page for North Force")
    assert reporter.url == f"{world.base}/north/"
    reporter.goto(f"{world.base}/north/report/what")
    reporter.get_by_label("Bullying").check()
    reporter.get_by_role("radio", name="I'm not sure").check()
    reporter.get_by_label("What happened?").fill("He shouted at me in the yard.")
    continue_(reporter)
    reporter.get_by_label("I don't know who it was").check()
    continue_(reporter)
    reporter.get_by_label("Me", exact=True).check()
    continue_(reporter)
    continue_(reporter)  # no evidence
    expect(reporter.locator("#sent-to")).to_contain_text(
        "Your report will go to North Force’s independent team"
    )
    axe.check("reporter-check-names-the-force", reporter)
    axe.assert_done()
