"""A word longer than a phone is wide (a pasted link, a row of one letter) in a message or note,
and a member's name as long as a name may be, never make a team page wider than a 375 px
phone: the page itself never scrolls sideways (a wide table scrolls in its own box)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.db import db
from intake.models import Report
from tests.browser.conftest import AxeScanner
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import add_member, make_team, submit_report
from triage.team.members import NAME_LENGTH

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
LONG_WORD = "Unbroken" + "x" * 192  # 200 characters, no break in them
# As long as a member's name may be, with no space or hyphen to break it at.
LONG_NAME = ("Featherstonehaugh" * 6)[:NAME_LENGTH]


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> tuple[str, Person, str, int]:
    app, base = live_app
    with app.app_context():
        team = make_team()
        team.lead.name = LONG_NAME
        caseworker = add_member("caseworker", team)
        caseworker.name = LONG_NAME[::-1]  # offered in "Assign to"
        db.session.commit()
        submit_report(app.test_client())
        reference = db.session.query(Report.reference).scalar()
        lead, other = person(team.lead), caseworker.id
        db.session.remove()
    return base, lead, str(reference), other


@pytest.fixture
def phone(browser: Browser, axe: AxeScanner) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    yield axe.new_page(context)
    context.close()


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e =>
        e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 1 &&
        ![...e.children].some(c => c.getBoundingClientRect().right >
            document.scrollingElement.clientWidth + 1)).slice(0, 8).map(e =>
        e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))""")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide in {widths[1]} px {wide}"


def test_long_words_and_names_never_widen_a_team_page_on_a_phone(
    world: tuple[str, Person, str, int], phone: Page, axe: AxeScanner
) -> None:
    base, lead, reference, caseworker = world
    page = phone
    sign_in(page, base, lead)
    page.goto(f"{base}/team/cases/{reference}")
    page.get_by_role("button", name="Assign to me").click()  # the name in "Assigned to"
    page.get_by_role("button", name="Acknowledge and send the message").click()
    page.get_by_label("Internal note").fill(f"See {LONG_WORD} for the rota")
    page.get_by_role("button", name="Add note").click()
    page.get_by_label("Message to the reporter").fill(f"Thank you. {LONG_WORD}")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    expect(page.locator(".candour-member-name").first).to_have_text(LONG_NAME)
    # The name in the timeline, the thread, the notes and "Assigned to", and the long word in
    # the note and the message, all on this one page.
    assert page.locator(".candour-member-name").count() >= 4
    no_sideways_scroll(page)
    axe.check("team-case-long-names", page)

    pages = ("/team/", "/team/account", "/team/members", f"/team/members/{caseworker}")
    for path in (*pages, "/team/audit"):
        page.goto(base + path)
        no_sideways_scroll(page)
