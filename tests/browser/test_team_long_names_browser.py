"""A word longer than a phone is wide (a pasted link, a row of one letter) in a message or note,
and a member's name as long as a name may be, never make a team page wider than a 375 px
phone: the page itself never scrolls sideways (a wide table scrolls in its own box)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report
from intake.tenancy import create_force, use_force
from tests.browser.conftest import AxeScanner
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import PASSWORD, add_member, make_team, submit_report
from tests.test_tenancy import client_of
from triage.models import SubjectLink
from triage.team.members import NAME_LENGTH, create_member

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


SMALLEST_PHONE = {"width": 320, "height": 640}
# Eighty characters with no space or hyphen to break at: a force's name, a person's name and
# unit as a reporter typed them.
LONG_FORCE = ("Northumbriaandtheborders" * 4)[:80]
LONG_PERSON = {
    "name": ("Wolfeschlegelsteinhausen" * 4)[:80],
    "collar_number": "4321ZX",
    "unit": ("Specialistfirearmscommand" * 4)[:80],
}


@pytest.fixture(scope="module")
def national_world(
    live_app: tuple[Flask, str], world: tuple[str, Person, str, int]
) -> tuple[Person, Person, str]:
    """A national oversight member; the lead of a force with a long name ("north"); and the
    cluster of two reports to that force naming a person with a long name and unit."""
    app, _ = live_app
    with app.app_context():
        north = create_force("north", LONG_FORCE)
        national = create_force("national", "National oversight", national=True)
        db.session.commit()
        with use_force(north.id):
            north_lead = person(make_team().lead)
        reporter = client_of(app, north.slug)
        for _ in range(2):
            submit_report(reporter, people=[LONG_PERSON])
        with use_force(north.id):
            # Report ids are random: the cluster is the one the two reports share.
            [cluster] = db.session.scalars(
                select(SubjectLink.cluster_id)
                .group_by(SubjectLink.cluster_id)
                .having(func.count() == 2)
            )
        with use_force(national.id):
            member = create_member("nat@candour.test", "Nat", "oversight", PASSWORD, {})
            db.session.commit()
            overseer = person(member)
        db.session.remove()
    return overseer, north_lead, cluster


def nothing_past_the_edge(page: Page) -> None:
    """Nothing reaches past the phone's right edge, and no text runs out of the block holding
    it, even inside a box that would scroll it sideways or an SVG that would cut it off: but for
    a table of figures kept in columns (oversight's, by design) and what is visually hidden."""
    past = page.evaluate("""(() => {
        const edge = document.scrollingElement.clientWidth + 1;
        const hidden = e => e.closest('.govuk-visually-hidden, .govuk-skip-link, ' +
            '.candour-stacked-table .govuk-table__head');
        const scrolls = e => e.closest(
            '.candour-table-scroll:not(:has(.candour-stacked-table)) table');
        const text = 'h1, h2, p, li, dt, dd, th, td, a:not(.govuk-button), span, label, option';
        return [...document.querySelectorAll('body *')].filter(e => !hidden(e) && !scrolls(e) &&
            (e.getBoundingClientRect().right > edge ||
             (e.matches(text) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) ||
             (e.closest('svg') && e.getBoundingClientRect().right >
                 e.closest('svg').getBoundingClientRect().right + 1)))
        .slice(0, 8).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40) +
            ' ' + Math.round(e.getBoundingClientRect().right));
    })()""")
    assert past == [], f"{page.url}: past the right edge: {past}"


# The words of a table's cells drawn across two lines: a word broken mid-word.
WORDS_BROKEN = """table => [...table.querySelectorAll('th, td')].flatMap(cell => {
    const broken = [], walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.data.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(word[0]);
        }
    }
    return broken;
})"""


def test_long_names_never_widen_oversight_or_subject_pages_on_the_smallest_phone(
    world: tuple[str, Person, str, int],
    national_world: tuple[Person, Person, str],
    browser: Browser,
    axe: AxeScanner,
) -> None:
    """At 320 px, without JavaScript: the national oversight page (a force's long name in its
    "by force" table, the force menu and a chosen force's heading), a force's own oversight page,
    a person's page (a long name and unit as reporters wrote them) and the pages of a force with
    a long name never scroll sideways, and nothing on them reaches past the edge; the "by force"
    table fits in its box rather than scrolling inside it."""
    base = world[0]
    overseer, north_lead, cluster = national_world
    national = "national"
    context = browser.new_context(java_script_enabled=False, viewport=SMALLEST_PHONE)
    page = axe.new_page(context)
    sign_in(page, f"{base}/{national}", overseer)
    page.goto(f"{base}/{national}/team/oversight")
    table = page.locator("#table-by-force")
    expect(table).to_contain_text(LONG_FORCE)
    no_sideways_scroll(page)
    nothing_past_the_edge(page)
    box = page.locator(".candour-table-scroll").filter(has=table)
    fits = box.evaluate("b => b.scrollWidth <= b.clientWidth")
    assert fits, "the by-force table scrolls sideways in its box"
    compared = page.locator("#table-compared-with-previous")
    box = page.locator(".candour-table-scroll").filter(has=compared)
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), "the comparison scrolls"
    assert compared.evaluate(WORDS_BROKEN) == [], "a word in the comparison breaks mid-word"
    box = page.locator(".candour-table-scroll").filter(has=table)
    axe.check("national-oversight-phone", page)
    # Stacked on a tablet too, and in columns from desktop width, where the force's long name
    # breaks rather than widening its column past the box.
    for width in (768, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), f"scrolls at {width} px"
        nothing_past_the_edge(page)
    page.set_viewport_size(SMALLEST_PHONE)
    page.goto(f"{base}/{national}/team/oversight?force=north")
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONG_FORCE)
    no_sideways_scroll(page)
    nothing_past_the_edge(page)
    context.close()

    # The force's own pages, its name heading each: a person's page (a long name and unit as
    # reporters wrote them), the queue, its oversight, and its reporters' pages.
    context = browser.new_context(java_script_enabled=False, viewport=SMALLEST_PHONE)
    page = axe.new_page(context)
    sign_in(page, f"{base}/north", north_lead)
    page.goto(f"{base}/north/team/subjects/{cluster}")
    expect(page.locator("#person-name")).to_contain_text(LONG_PERSON["name"])
    expect(page.locator("#subject-timeline")).to_contain_text(re.compile(LONG_PERSON["unit"], re.I))
    no_sideways_scroll(page)
    nothing_past_the_edge(page)
    axe.check("subject-long-names-phone", page)
    for path in ("/team/", "/team/subjects", "/team/oversight", "/", "/privacy"):
        page.goto(f"{base}/north{path}")
        no_sideways_scroll(page)
        nothing_past_the_edge(page)
    context.close()
