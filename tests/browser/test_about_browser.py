"""The privacy notice, cookies page and accessibility statement, reached from the footer as a
reporter would, scanned by axe-core and checked not to scroll sideways on the narrowest phone."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import AxeScanner
from tests.browser.test_reporter_browser import assert_fits

pytestmark = pytest.mark.browser


def test_a_reporter_reads_what_candour_keeps_before_starting(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner
) -> None:
    app, base = live_app
    page = no_js_page
    page.goto(base + "/")

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    months = app.config["CANDOUR_RETENTION_MONTHS"]
    expect(page.locator("#how-long + p")).to_contain_text(f"deleted {months} months later")
    axe.check("privacy", page)
    assert_fits(page, 320)

    page.get_by_role("link", name="start page").click()
    expect(page.locator("#how-to-stay-anonymous")).to_be_in_viewport()
    page.go_back()

    page.get_by_role("link", name="Read about the cookie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    expect(page.locator("#cookie-name")).to_have_text(app.config["SESSION_COOKIE_NAME"])
    axe.check("cookies", page)
    assert_fits(page, 320)

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Candour")
    axe.check("accessibility", page)
    assert_fits(page, 320)
    axe.assert_done()


# WCAG 1.4.12: text spacing a reader may set in their own stylesheet, which must lose nothing.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.mark.parametrize("address", ["/privacy", "/cookies", "/accessibility"])
def test_the_about_pages_fit_the_narrowest_phone_with_text_spacing_widened(
    live_app: tuple[Flask, str], browser: Browser, address: str
) -> None:
    """At 320 px with WCAG's text spacing the cookies table made the whole page 340 px wide: it
    now scrolls sideways in its own box, which a keyboard can reach and which says it scrolls."""
    _, base = live_app
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()

        # A reader's own stylesheet, added after the page's (with JavaScript off nothing can be
        # injected into the page itself).
        def widened(route: Route) -> None:
            response = route.fetch()
            route.fulfill(response=response, body=response.text() + TEXT_SPACING)

        page.route("**/static/candour.css", widened)
        page.goto(base + address)
        spacing = page.evaluate("getComputedStyle(document.querySelector('h1')).wordSpacing")
        assert spacing != "0px", "the text spacing was not applied"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320, f"{address} is {wide} px wide at 320 px with text spacing widened"
        for table in page.locator("main table").all():
            box = table.locator("xpath=..")
            expect(box).to_have_class("candour-table-scroll")
            expect(box).to_have_attribute("tabindex", "0")
            expect(box).to_have_attribute("role", "region")
            expect(box).to_have_attribute("aria-label", re.compile(r", scrolls sideways$"))
    finally:
        context.close()
