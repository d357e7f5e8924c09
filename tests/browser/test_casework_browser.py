"""Casework confirmations in a real browser with JavaScript off, at phone size, each state
scanned by axe-core: a lead judges two reports to name the same person (both shown side by side
first), splits the person again, and records a confirmed IOPC referral."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

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
NUMBERED = {"name": "Liam Kingsmouth", "collar_number": "9871NE", "unit": "NE BCU"}
NAME_ONLY = {"name": "PC Liam Kingsmouth"}


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> tuple[str, Person, str]:
    app, base = live_app
    with app.app_context():
        team = make_team()
        lead = person(team.lead)
        submit({**DEFAULT_REPORT, "people": [NUMBERED]})
        later, _ = submit({**DEFAULT_REPORT, "people": [NAME_ONLY], "description": "He shouted."})
        # As if a lead had confirmed triage's flag: the referral record's form is on the page.
        later.iopc_flags, later.iopc_decision = "serious_sexual_offence", "confirmed"
        later.iopc_decided_on = date.today()
        db.session.commit()
        reference = later.reference
        db.session.remove()
    return base, lead, reference


@pytest.fixture
def phone_page(browser: Browser, axe: AxeScanner) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    yield axe.new_page(context)
    context.close()


def test_a_lead_confirms_the_same_person_side_by_side_and_splits_them_again(
    world: tuple[str, Person, str], phone_page: Page, axe: AxeScanner
) -> None:
    base, lead, reference = world
    page = phone_page
    sign_in(page, base, lead)
    page.goto(f"{base}/team/cases/{reference}")
    page.get_by_label("Yes, the same person: link them").check()
    page.get_by_role("button", name="Save judgement").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.get_by_text("9871NE")).to_be_visible()  # the other reporter's details
    axe.check("team-case-possible-confirm", page)
    # A judgement of the same person needs its reason too, as "different people" does.
    page.get_by_role("button", name="Yes, the same person: link them").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the reason they are the same person"
    )
    page.get_by_label("Why are they the same person?").fill("Same shoulder number, same station")
    page.get_by_role("button", name="Yes, the same person: link them").click()
    expect(page.get_by_text("Linked: the two reports now count")).to_be_visible()
    # Back onto the side-by-side page, once judged: the case again, saying why, never "Confirm
    # form resubmission".
    page.go_back()
    expect(page).to_have_url(f"{base}/team/cases/{reference}")
    judged = "That possible match has already been judged the same person."
    expect(page.locator("#important")).to_contain_text(judged)

    # A pasted address with no break in it wraps: neither the case nor the person's timeline
    # becomes wider than the phone (the timeline's table scrolls in its own box).
    page.get_by_label("Internal note").fill("https://example.org/" + "a" * 420)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("https://example.org/aaaa")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="See every report naming person 1 on a timeline").click()
    expect(page.locator("#subject-timeline")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name=f"Back to case {reference}").click()

    page.get_by_role("link", name="Split them: not the same person").click()
    expect(page.get_by_role("heading", name="Split person 1")).to_be_visible()
    axe.check("team-case-split", page)
    page.get_by_role("button", name="Split them: not the same person").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("team-case-split-errors", page)
    page.get_by_label("Why are they not the same person?").fill("Different shoulder numbers.")
    page.get_by_role("button", name="Split them: not the same person").click()
    expect(page.get_by_text("Split: the two reports no longer count")).to_be_visible()
    expect(page.get_by_text("Different shoulder numbers.")).to_be_visible()

    # The split is listed as a judgement of different people, which a lead can reopen.
    expect(page.get_by_role("heading", name="Judged different people")).to_be_visible()
    axe.check("team-case-judged-different", page)
    page.get_by_role("link", name="Reopen the judgement").click()
    expect(page.get_by_role("heading", name="Reopen the judgement that person 1")).to_be_visible()
    axe.check("team-case-reopen-judgement", page)
    page.get_by_role("button", name="Reopen the judgement").click()
    expect(page.locator(ERRORS)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe.check("team-case-reopen-judgement-errors", page)
    page.get_by_label("Why should they be judged again?").fill("Split by mistake.")
    page.get_by_role("button", name="Reopen the judgement").click()
    expect(page.get_by_text("Reopened: the possible match is waiting")).to_be_visible()
    expect(page.get_by_role("button", name="Save judgement")).to_be_visible()

    page.get_by_role("button", name="Save the referral record").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("team-case-iopc-referral-errors", page)
    today = date.today()
    referred = page.get_by_role("group", name="Date referred to the IOPC")
    referred.get_by_label("Day").fill(str(today.day))
    referred.get_by_label("Month").fill(str(today.month))
    referred.get_by_label("Year").fill(str(today.year))
    page.get_by_label("IOPC reference (optional)").fill("2026/004711")
    page.get_by_role("button", name="Save the referral record").click()
    expect(page.get_by_text("IOPC referral record saved.")).to_be_visible()
    expect(page.get_by_text("2026/004711")).to_be_visible()
    axe.check("team-case-iopc-referral", page)
    axe.assert_done()
