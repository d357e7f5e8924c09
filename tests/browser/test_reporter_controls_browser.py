"""A reporter's controls in a real browser, on the smallest phone and a desktop, with JavaScript
on and off: "Exit this page" stays on the screen however far the page is scrolled, links that
look like buttons are announced as buttons only when Space works on them, and signing out says so
on the start page, once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.db import db
from intake.submission import submit
from tests.browser.conftest import AXE, AxeScanner
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser
SMALLEST = {"width": 320, "height": 568}
DESKTOP = {"width": 1280, "height": 720}
EXIT = ".govuk-exit-this-page__button"


@pytest.fixture(scope="module", autouse=True)
def team(live_app: tuple[Flask, str]) -> Iterator[None]:
    app, _ = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    yield


def receipt(app: Flask) -> str:
    with app.app_context():
        _report, code = submit(dict(DEFAULT_REPORT))
        db.session.remove()
    return code


def open_status(page: Page, base: str, code: str) -> None:
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(code)
    page.get_by_role("button", name="Check your report").click()
    expect(page.get_by_role("heading", name="Your report", exact=False).first).to_be_visible()


def on_screen(page: Page, selector: str) -> bool:
    """True when the whole of ``selector``'s box is inside the viewport."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return (
        box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


def scroll_to_bottom(page: Page) -> None:
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 300, "the page is too short to test scrolling"


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("viewport", [SMALLEST, DESKTOP], ids=["320px", "1280px"])
def test_exit_this_page_stays_on_screen_as_the_page_scrolls(
    live_app: tuple[Flask, str], browser: Browser, javascript: bool, viewport: dict[str, int]
) -> None:
    app, base = live_app
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(base + "/report/what")
        # At the top it covers nothing: not the header, the back link or the heading.
        exit_box = page.locator(EXIT).bounding_box()
        assert exit_box is not None
        for other in ("header", "h1"):
            box = page.locator(other).first.bounding_box()
            assert box is not None
            apart = (
                exit_box["y"] >= box["y"] + box["height"]
                or box["y"] >= exit_box["y"] + exit_box["height"]
                or exit_box["x"] >= box["x"] + box["width"]
                or box["x"] >= exit_box["x"] + exit_box["width"]
            )
            assert apart, f"Exit this page covers the {other} at the top of the page"

        # Scrolled to the question at the bottom of the page, it is still on the screen.
        page.get_by_label("What happened?").scroll_into_view_if_needed()
        scroll_to_bottom(page)
        assert on_screen(page, EXIT), "Exit this page scrolled off the screen"
        # Each question an error message leads to lands below it, not under it.
        page.get_by_role("button", name="Continue").click()
        links = page.locator(".govuk-error-summary__list a")
        expect(links.first).to_be_visible()
        assert links.count() >= 2
        for n in range(links.count()):
            page.evaluate("window.scrollTo(0, 0)")
            target = links.nth(n).get_attribute("href")
            assert target is not None
            links.nth(n).click()
            expect(page.locator(target)).to_be_in_viewport()
            field = page.locator(target).bounding_box()
            exit_box = page.locator(EXIT).bounding_box()
            assert field is not None and exit_box is not None
            assert (
                field["y"] >= exit_box["y"] + exit_box["height"]
                or field["x"] + field["width"] <= exit_box["x"]
            ), f"the question {target} lands under Exit this page"

        # The skip link still comes first and still leads to the main content.
        page.goto(base + "/report/what")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(base + "/report/what#main-content")

        # The status page, on a desktop too.
        open_status(page, base, receipt(app))
        scroll_to_bottom(page)
        assert on_screen(page, EXIT), "Exit this page scrolled off the status page"
    finally:
        context.close()


STATUS_LINKS = (
    "Send a message to the team",
    "Add a file",
    "Tell the team you are facing retaliation",
)


def test_links_styled_as_buttons_are_links_without_javascript(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    """Space does nothing on a link without JavaScript, so none is announced as a button."""
    app, base = live_app
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + "/")
        for name in ("Start now", "Exit this page"):
            expect(page.get_by_role("link", name=name)).to_have_count(1)
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        open_status(page, base, receipt(app))
        for name in (*STATUS_LINKS, "Exit this page"):
            expect(page.get_by_role("link", name=name)).to_have_count(1)
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        # Enter still follows them, and Exit this page still works.
        app.config["CANDOUR_EXIT_URL"] = base + "/proof/keys"
        page.get_by_role("link", name="Add a file").focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(base + "/status/evidence")
        page.get_by_role("link", name="Exit this page").click()
        expect(page).to_have_url(base + "/proof/keys")
    finally:
        context.close()


def test_with_javascript_space_presses_links_styled_as_buttons(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    app, base = live_app
    app.config["CANDOUR_EXIT_URL"] = base + "/proof/keys"
    context = browser.new_context(java_script_enabled=True, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + "/")
        page.get_by_role("button", name="Start now").focus()
        page.keyboard.press(" ")
        expect(page).to_have_url(base + "/report/what")

        open_status(page, base, receipt(app))
        for name in STATUS_LINKS:
            expect(page.get_by_role("button", name=name)).to_have_count(1)
        page.get_by_role("button", name="Add a file").focus()
        page.keyboard.press(" ")
        expect(page).to_have_url(base + "/status/evidence")

        page.get_by_role("button", name="Exit this page").focus()
        page.keyboard.press(" ")
        expect(page).to_have_url(base + "/proof/keys")
    finally:
        context.close()


def focused(page: Page) -> str:
    """What Tab reached: the focused element's own words, or its tag for an element without."""
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return (e.innerText || '').trim() || e.tagName.toLowerCase(); })()"
        )
    )


# Pages of every kind a reporter meets: a question (with its Back button), a page with a back
# link, one without, the status page and an error.
LANDMARK_PAGES = ("/report/what", "/cookies", "/status", "/", "/no-such-page")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_exit_this_page_is_in_the_main_content_and_still_the_third_tab_stop(
    live_app: tuple[Flask, str], browser: Browser, scanner: AxeScanner, javascript: bool
) -> None:
    """Between the header and <main> it was outside every landmark (axe-core's "region"): it now
    starts the main content, where GOV.UK places it, still reached third by Tab, right after
    the skip link's target, and before the back link."""
    _, base = live_app
    context = browser.new_context(java_script_enabled=javascript, viewport=DESKTOP)
    page = context.new_page()
    try:
        for address in LANDMARK_PAGES:
            page.goto(base + address)
            expect(page.locator("main > .govuk-exit-this-page")).to_have_count(1)
            back = page.locator("nav[aria-label=Back] .govuk-back-link")
            stops = ["Skip to main content", "Candour", "Exit this page"]
            if back.count():
                stops.append("Back")
            reached = []
            for _ in stops:
                page.keyboard.press("Tab")
                reached.append(focused(page))
            assert reached == stops, address
            # The skip link leads to the main content, whose first stop is Exit this page.
            page.goto(base + address)
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            assert focused(page) == "Exit this page", address

            # Nothing is outside a landmark, with JavaScript off as on.
            scanner.page.set_content(page.content(), wait_until="load")
            scanner.page.add_script_tag(path=str(AXE))
            result = scanner.page.evaluate(
                "axe.run(document, {runOnly: ['region', 'landmark-unique'],"
                " resultTypes: ['violations']})"
            )
            found = [(v["id"], [n["html"][:80] for n in v["nodes"]]) for v in result["violations"]]
            assert found == [], address
    finally:
        context.close()
