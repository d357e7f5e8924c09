"""Error pages in a real browser, each reached the way a person would reach it, and scanned.

This module's server has no team key yet, so the start page also shows its "not ready" warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from intake.db import db
from intake.security import MAX_REQUEST_BYTES
from tests.browser.conftest import AxeScanner
from tests.helpers import make_team

pytestmark = pytest.mark.browser


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_error_pages_are_plain_and_accessible(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner
) -> None:
    _, base = live_app
    page = no_js_page

    page.goto(base + "/")
    expect(page.get_by_text("Candour is not ready to take reports yet")).to_be_visible()
    axe.check("reporter-start-not-ready", page)

    page.goto(base + "/no-such-page")
    heading(page, "Page not found")
    assert axe.check("error-404", page) == 404

    page.goto(base + "/report/send")  # a POST-only address typed into the address bar
    heading(page, "This page cannot be opened directly")
    assert axe.check("error-405", page) == 405

    page.goto(base + "/status")
    for _ in range(10):  # the limit is 10 a minute
        page.get_by_label("Your receipt").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
        page.get_by_role("button", name="Check your report").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Your receipt").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Check your report").click()
    heading(page, "Too many attempts")  # a page of its own, by post/redirect/get
    # The wait is read from the counter: a minute's can hold for up to two.
    expect(page).to_have_url(re.compile(r"/status/too-many-attempts\?minutes=[12]&ends=\d+$"))
    assert axe.check("reporter-lookup-limited", page) == 200
    page.reload()  # a GET again, no "Confirm form resubmission", and not another attempt
    heading(page, "Too many attempts")

    # Where a receipt typed to confirm an action is redirected over its limit, with the words
    # its redirect gives (reached so in ``test_receipt_confirmation``, which needs a report).
    page.goto(base + "/status/too-many-receipts?action=withdraw&minutes=45")
    heading(page, "Too many attempts")
    expect(page.locator("#not-done")).to_have_text("Your report has not been withdrawn.")
    expect(page.get_by_role("link", name="Try again with your receipt")).to_have_attribute(
        "href", "/status/withdraw"
    )
    assert axe.check("reporter-confirmation-limited", page) == 200

    # Where a message, file or word of retaliation over a limit is redirected (reached so in
    # ``test_addition_limits``, which needs a report), here as the address's ceiling refused it.
    page.goto(base + "/status/not-added?action=retaliation&all=yes&minutes=45")
    heading(page, "Too many attempts")
    expect(page.locator("#not-done")).to_have_text(
        "The team has not been told about the retaliation."
    )
    expect(
        page.get_by_text("If you or someone else is in immediate danger, call 999.")
    ).to_be_visible()
    assert axe.check("reporter-addition-limited", page) == 200

    # The team's sign-in over its limit: a page of its own too, so a reload sends no password.
    page.goto(base + "/team/sign-in")
    for _ in range(10):
        page.get_by_label("Email address").fill("someone@candour.test")
        page.get_by_label("Password", exact=True).fill("a guess at a password")
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Email address").fill("someone@candour.test")
    page.get_by_label("Password", exact=True).fill("a guess at a password")
    page.get_by_role("button", name="Continue").click()
    heading(page, "Too many attempts")
    expect(page).to_have_url(re.compile(r"/team/too-many-attempts\?why=you&minutes=[12]&ends=\d+$"))
    assert axe.check("team-too-many-attempts", page) == 200
    page.reload()
    heading(page, "Too many attempts")

    # Where an invitation ends after too many wrong codes (reached by post/redirect/get).
    page.goto(base + "/team/enrol/closed")
    expect(page.locator("#why")).to_contain_text("wrong too many times")
    assert axe.check("team-enrol-closed", page) == 403

    axe.assert_done()


def test_no_report_is_begun_before_the_team_is_set_up(
    live_app: tuple[Flask, str], no_js_page: Page
) -> None:
    """A question page reached by its address (a bookmark, a shared link) took a whole report,
    refused only at Send: it now leads to the start page, which says why."""
    _, base = live_app
    page = no_js_page
    page.goto(base + "/report/what")
    expect(page).to_have_url(base + "/")
    expect(page.get_by_text("Candour is not ready to take reports yet")).to_be_visible()
    expect(page.get_by_role("button", name="Start now")).to_have_count(0)


def test_an_upload_over_the_request_limit_is_refused(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner, tmp_path: Path
) -> None:
    """Last in this module: its team is set up here, so that the evidence page is open."""
    app, base = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    page = no_js_page
    too_big = tmp_path / "video.txt"
    with too_big.open("wb") as file:
        file.truncate(MAX_REQUEST_BYTES + 1)
    page.goto(base + "/report/evidence")
    page.get_by_label("Upload a file").set_input_files(too_big)
    page.get_by_role("button", name="Upload file").click()
    heading(page, "That was too large to send")
    assert axe.check("error-413", page) == 413
    axe.assert_done()


def test_the_scanner_reports_serious_violations_it_is_shown(axe: AxeScanner) -> None:
    """The scans above prove something only if axe-core really runs and reports."""
    axe.scan(
        "self-test",
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="/static/x.png"><input type="text"></main></body></html>',
        screenshot=False,
    )
    found = " ".join(axe.problems["self-test"])
    assert "image-alt" in found and "label" in found
