"""The privacy notice, cookies page and accessibility statement, reached from the footer as a
reporter would, scanned by axe-core and checked not to scroll sideways on the narrowest phone."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

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
