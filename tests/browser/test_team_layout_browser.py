"""The team's pages as a caseworker or lead sees them on a desktop screen and a phone: the full
width for the queue, compact rows with references on one line, each case (person, report,
member) a labelled block on a phone, the header's "Sign out", oversight charts readable on a
phone and printed as a board pack, and "Please wait" while a password is set."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select

from intake.db import db
from intake.models import Report, ReportCategory
from intake.submission import new_reference, record_event, submit
from tests.browser.conftest import AXE, AxeScanner
from tests.helpers import DEFAULT_REPORT, PASSWORD, make_team, submit_report
from tests.test_subject_page import J_SMYTH, SMITH, SMYTH
from triage.models import Member, SubjectLink

pytestmark = pytest.mark.browser
ROWS = 50
# Before the wide layout the queue was 7,000 px tall for 50 rows at 1280 px (issue 15).
MAX_QUEUE_HEIGHT = 4_000
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def lead(live_app: tuple[Flask, str]) -> tuple[str, str, str]:
    """A lead with 60 open cases of several kinds and flags; their email and TOTP secret."""
    app, base = live_app
    with app.app_context():
        team = make_team()
        for n in range(60):
            report = Report(
                reference=new_reference(),
                receipt_hash=os.urandom(32),
                reporter_key=b"",
                team_key_id=team.key.key_id,
                content=b"",
                received_on=date.today() - timedelta(days=n * 3),
                urgent=n % 7 == 0,
                retaliation_on=date.today() if n % 5 == 0 else None,
                risk_score=40.0 if n % 4 == 0 else 0.0,
            )
            report.categories = [
                ReportCategory(category=c) for c in ("sexual_misconduct", "racism")[: n % 2 + 1]
            ]
            db.session.add(report)
        db.session.commit()
        found = (base, team.lead.email, team.lead.totp_secret or "")
        db.session.remove()
    return found


@pytest.fixture(scope="module")
def named_again(live_app: tuple[Flask, str], lead: tuple[str, str, str]) -> str:
    """Three reports naming one person, spelt three ways: the path of that person's page."""
    app, _ = live_app
    with app.app_context():
        for person in (SMYTH, SMITH, J_SMYTH):
            submit_report(app.test_client(), people=[person])
        clusters = set(db.session.scalars(select(SubjectLink.cluster_id)))
        db.session.remove()
    assert len(clusters) == 1
    return f"/team/subjects/{clusters.pop()}"


@pytest.fixture(scope="module")
def desk(browser: Browser, lead: tuple[str, str, str]) -> Iterator[Page]:
    base, email, secret = lead
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/team/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser, desk: Page, scanner: AxeScanner) -> Iterator[Page]:
    """The lead's session on a 375 px phone with JavaScript off, as Tor Browser "Safest" runs."""
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, storage_state=desk.context.storage_state()
    )
    yield scanner.new_page(context)
    context.close()


def check_on_a_phone(axe: AxeScanner, name: str, page: Page) -> None:
    """Scan ``page`` with axe-core, and screenshot it, as a phone lays it out."""
    size = axe.page.viewport_size
    axe.page.set_viewport_size(PHONE)
    try:
        axe.check(name, page)
    finally:
        if size:
            axe.page.set_viewport_size(size)


def test_the_queue_uses_the_screen_and_keeps_fifty_rows_compact(
    desk: Page, lead: tuple[str, str, str], scanner: AxeScanner, axe: AxeScanner
) -> None:
    page = scanner.watch(desk)
    page.goto(lead[0] + "/team/")
    rows = page.locator("tr.candour-case-row")
    expect(rows).to_have_count(ROWS)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"queue page height for {ROWS} rows at 1280 px wide: {height} px")
    assert height < MAX_QUEUE_HEIGHT
    main = page.locator("main").bounding_box()
    assert main and main["width"] > 1200  # not the 960 px GOV.UK column
    # A reference never wraps: its cell is one line high.
    link = rows.first.locator("th a").bounding_box()
    assert link and link["height"] < 30
    axe.check("team-queue-wide", page)
    axe.assert_done()


def test_sign_out_is_in_the_header_of_every_team_page(
    desk: Page, lead: tuple[str, str, str]
) -> None:
    page = desk
    for path in ("/team/", "/team/audit", "/team/members", "/team/oversight"):
        page.goto(lead[0] + path)
        header = page.get_by_role("banner")
        expect(header.get_by_role("button", name="Sign out")).to_be_visible()
        expect(header.get_by_role("link", name="Candour")).to_have_attribute("href", "/team/")


def test_the_oversight_page_prints_one_measure_a_page(
    desk: Page, lead: tuple[str, str, str]
) -> None:
    page = desk
    page.goto(lead[0] + "/team/oversight")
    page.emulate_media(media="print")
    try:
        expect(page.get_by_role("banner")).to_be_hidden()
        expect(page.get_by_role("button", name="Show figures for this period")).to_be_hidden()
        breaks = page.locator("section.candour-measure").evaluate_all(
            "sections => sections.map(s => getComputedStyle(s).breakBefore)"
        )
        assert len(breaks) > 5 and set(breaks) == {"page"}
    finally:
        page.emulate_media(media="screen")


def test_setting_a_password_disables_the_button_with_please_wait(
    desk: Page, lead: tuple[str, str, str]
) -> None:
    page = desk
    page.goto(lead[0] + "/team/account")
    # Answer the POST with "204 No Content": the browser stays on the page as the click left it.
    page.route(
        "**/team/account",
        lambda route: (
            route.fulfill(status=204) if route.request.method == "POST" else route.continue_()
        ),
    )
    try:
        page.get_by_role("button", name="Change password").click()
        button = page.locator("form[data-candour-wait] [type=submit]")
        expect(button).to_be_disabled()
        expect(button).to_have_text("Please wait: setting your password…")
    finally:
        page.unroute("**/team/account")


def test_on_a_phone_the_team_pages_scroll_their_tables_not_the_page(
    desk: Page, lead: tuple[str, str, str]
) -> None:
    page = desk
    page.set_viewport_size({"width": 375, "height": 740})
    try:
        for path in (
            "/team/",
            "/team/audit",
            "/team/members",
            "/team/oversight",
            "/team/keys",
            "/team/subjects",
        ):
            page.goto(lead[0] + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width} px wide on a 375 px phone"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_on_a_phone_each_case_in_the_queue_is_a_block_of_labelled_cells(
    phone: Page, lead: tuple[str, str, str], axe: AxeScanner
) -> None:
    """Scrolled sideways in its box, the queue hid its flags and stages past the screen's edge:
    on a phone every cell is in sight, under its column's heading, and nothing scrolls."""
    page = phone
    page.goto(lead[0] + "/team/")
    rows = page.locator("tr.candour-case-row")
    expect(rows).to_have_count(ROWS)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(".candour-table-scroll")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")
    right = page.locator("table.candour-queue :is(th, td, .govuk-tag)").evaluate_all(
        "cells => Math.max(...cells.map(cell => cell.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    labels = rows.first.locator("td:visible").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )
    assert labels[0] == '"Received"' and labels[-1] == '"Feedback within 3 months"'
    empty = page.locator("td.candour-queue__flags:empty")  # a case without flags
    assert empty.count() > 0
    expect(empty.first).to_be_hidden()
    check_on_a_phone(axe, "team-queue-phone", page)
    axe.assert_done()


def shown_as_labelled_blocks(page: Page, table: Locator) -> None:
    """``table`` on a phone: no page or box overflow, every cell and tag inside the screen, and
    each cell's label (its column's heading) shown above it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(table).to_have_class(re.compile(r"\bcandour-stacked-table\b"))
    box = page.locator(".candour-table-scroll").filter(has=table)
    assert box.count() == 0 or box.evaluate("box => box.scrollWidth <= box.clientWidth")
    right = table.locator(":is(th, td, .govuk-tag)").evaluate_all(
        "cells => Math.max(...cells.map(cell => cell.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    headings = table.locator("thead th").all_text_contents()
    for row in table.locator("tbody tr").all():
        cells = row.locator("[data-label]:visible")
        labels = cells.evaluate_all("cells => cells.map(cell => cell.dataset.label)")
        shown = cells.evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
        )
        assert labels and set(labels) <= {" ".join(h.split()) for h in headings}
        assert shown == [f'"{label}"' for label in labels]


def test_on_a_phone_people_reports_and_members_are_blocks_of_labelled_cells(
    phone: Page, lead: tuple[str, str, str], named_again: str, axe: AxeScanner
) -> None:
    """A person's reports ran 950 px wide at 375 px, their stage, outcome, flags and reasons
    past the screen's edge, as were columns of the list of people named again and of members:
    on a phone each row is a block of labelled cells, and nothing scrolls sideways."""
    page = phone
    page.goto(lead[0] + named_again)
    timeline = page.locator("#subject-timeline")
    expect(timeline.locator("tbody tr")).to_have_count(3)
    shown_as_labelled_blocks(page, timeline)
    expect(timeline.get_by_text("Why it was linked").first).to_be_visible()
    check_on_a_phone(axe, "team-subject-phone", page)
    page.goto(lead[0] + "/team/subjects")
    people = page.locator("main table")
    expect(people.locator("tbody tr")).to_have_count(1)
    shown_as_labelled_blocks(page, people)
    check_on_a_phone(axe, "team-subjects-phone", page)
    page.goto(lead[0] + "/team/members")
    members = page.locator("main table")
    expect(members.locator("tbody tr")).to_have_count(1)
    shown_as_labelled_blocks(page, members)
    check_on_a_phone(axe, "team-members-phone", page)
    axe.assert_done()


def test_on_a_phone_the_oversight_charts_keep_their_words_readable(
    phone: Page, desk: Page, lead: tuple[str, str, str], axe: AxeScanner
) -> None:
    """The wide drawing shrunk onto a phone drew its words 7 px tall: the narrow drawing shown
    there draws them at least 14 px, every word inside the chart; a desktop keeps the wide one."""
    page = phone
    page.goto(lead[0] + "/team/oversight")
    expect(page.locator("svg.candour-chart--wide").first).to_be_hidden()
    charts = page.locator("svg.candour-chart--narrow")
    assert charts.count() > 5
    words = charts.evaluate_all(
        """charts => charts.flatMap(chart => [...chart.querySelectorAll('text')].map(text => {
            const box = text.getBoundingClientRect(), edge = chart.getBoundingClientRect();
            return {
                size: parseFloat(text.getAttribute('font-size')) * text.getScreenCTM().a,
                height: box.height,
                inside: box.left >= edge.left && box.right <= edge.right + 0.5,
            };
        }))"""
    )
    assert min(word["size"] for word in words) >= 14
    assert min(word["height"] for word in words) >= 14
    assert all(word["inside"] for word in words)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_on_a_phone(axe, "team-oversight-phone", page)
    desk.goto(lead[0] + "/team/oversight")
    expect(desk.locator("svg.candour-chart--narrow").first).to_be_hidden()
    expect(desk.locator("svg.candour-chart--wide").first).to_be_visible()
    axe.assert_done()


def test_on_the_smallest_phone_the_case_timeline_scrolls_in_its_box_not_the_page(
    live_app: tuple[Flask, str], desk: Page, lead: tuple[str, str, str]
) -> None:
    """The timeline's "Who" column ("The reporter", a member's name) once made the whole case
    page scroll sideways at 320 px; now it scrolls in its labelled box, like every other table."""
    app, _ = live_app
    with app.app_context():
        report, _receipt = submit(dict(DEFAULT_REPORT))
        lee = db.session.scalars(select(Member).where(Member.email == lead[1])).one()
        record_event(report, "assigned", "Case assigned", lee.id)
        record_event(report, "stage", "Stage changed to Acknowledged", lee.id)
        record_event(report, "retaliation", "The reporter said they are facing retaliation")
        db.session.commit()
        reference = report.reference
        db.session.remove()
    page = desk
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        page.goto(f"{lead[0]}/team/cases/{reference}")
        timeline = page.get_by_role("region", name="Timeline, scrolls sideways")
        expect(timeline.get_by_role("cell", name="The reporter").first).to_be_attached()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the case page is {width} px wide on a 320 px phone"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


STATE = """() => [...document.querySelectorAll(".candour-table-scroll")].map((box) => ({
    scrolls: box.scrollWidth > box.clientWidth,
    stop: box.getAttribute("tabindex"),
    role: box.getAttribute("role"),
    label: box.getAttribute("aria-label"),
}))"""


def test_a_table_box_is_a_tab_stop_only_when_it_scrolls(
    browser: Browser, desk: Page, lead: tuple[str, str, str]
) -> None:
    """With JavaScript, a box that does not scroll at this width is no Tab stop, region or
    "scrolls sideways" (12 needless Tab stops on oversight at 1280 px); it becomes one again on
    a phone, where it scrolls. Without JavaScript every box stays one, as it may scroll."""
    page = desk
    page.goto(lead[0] + "/team/oversight")
    boxes = page.evaluate(STATE)
    assert boxes, "oversight has no table boxes"
    assert not any(box["scrolls"] for box in boxes), "a box scrolls at 1280 px"
    assert all(box["stop"] is None and box["role"] is None for box in boxes), boxes
    assert all(box["label"] is None for box in boxes), boxes
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        scrolling = page.locator(".candour-table-scroll[tabindex='0'][role='region']")
        expect(scrolling.first).to_be_attached()  # the resize is seen, then every box is checked
        for box in page.evaluate(STATE):
            assert (box["stop"] == "0") == box["scrolls"], box
            assert (box["role"] == "region") == box["scrolls"], box
            if box["scrolls"]:
                assert box["label"], box
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".candour-table-scroll[tabindex]")).to_have_count(0)

    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
        storage_state=desk.context.storage_state(),
    )
    try:
        plain = context.new_page()
        plain.goto(lead[0] + "/team/oversight")
        boxes = plain.evaluate(STATE)
        assert boxes and all(box["stop"] == "0" and box["role"] == "region" for box in boxes)
    finally:
        context.close()


def test_on_a_phone_the_first_case_is_not_two_screens_below_the_filters(
    browser: Browser, phone: Page, desk: Page, lead: tuple[str, str, str], axe: AxeScanner
) -> None:
    """Every filter open on a phone put the first case about 1,670 px down, on every visit:
    there the filters are folded into "Filter the queue", a <details> that opens without
    JavaScript, and that is open when a filter is set or, with JavaScript, on a wider screen."""
    base = lead[0]
    with_js = browser.new_context(viewport=PHONE, storage_state=desk.context.storage_state())
    try:
        for page in (phone, with_js.new_page()):
            page.goto(base + "/team/")
            first = page.locator("tr.candour-case-row").first.bounding_box()
            print(f"first case on a 375 px phone at {first and first['y']} px")
            assert first and first["y"] < PHONE["height"], first
            apply = page.get_by_role("button", name="Apply filters")
            expect(apply).to_be_hidden()
            page.locator("summary", has_text="Filter the queue").click()
            expect(apply).to_be_visible()
            page.get_by_label("Only cases with a clock overdue").check()
            apply.click()
            # Filtered, the queue opens with its filters shown, to see and change what is set.
            expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
        check_on_a_phone(axe, "team-queue-filtered-phone", phone)
    finally:
        with_js.close()
    desk.goto(base + "/team/")
    expect(desk.get_by_role("button", name="Apply filters")).to_be_visible()
    axe.assert_done()


def test_every_landmark_of_the_oversight_page_has_a_name_of_its_own(
    desk: Page, lead: tuple[str, str, str], scanner: AxeScanner
) -> None:
    """A stacked table's scrolling box is a region named as its measure, and so was the measure's
    section: two landmarks of one name (axe-core's landmark-unique). The page is read as sent,
    before candour.js takes the region off a box that does not scroll, as without JavaScript."""
    html = desk.request.get(lead[0] + "/team/oversight").text()
    assert 'id="compared-with-previous"' in html
    scanner.page.set_content(re.sub(r"<script\b[^>]*></script>", "", html), wait_until="load")
    scanner.page.add_script_tag(path=str(AXE))
    result = scanner.page.evaluate(
        "axe.run(document, {runOnly: ['landmark-unique', 'region'], resultTypes: ['violations']})"
    )
    found = [(v["id"], [n["html"][:90] for n in v["nodes"]]) for v in result["violations"]]
    assert found == []
