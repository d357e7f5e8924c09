"""A reporter's whole journey in a real browser with JavaScript off, scanned by axe-core."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page

from intake.db import db
from tests.browser.conftest import AxeScanner
from tests.helpers import make_team

pytestmark = pytest.mark.browser


def test_a_reporter_sends_a_report_and_returns_with_the_receipt(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner
) -> None:
    app, base = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    page = no_js_page

    page.goto(base + "/")
    axe.scan("start", page.content())
    page.get_by_role("button", name="Start now").click()

    axe.scan("what", page.content())
    page.get_by_role("button", name="Continue").click()  # nothing chosen: errors, nothing lost
    assert page.locator(".govuk-error-summary").is_visible()
    axe.scan("what-errors", page.content())
    page.get_by_label("Sexual misconduct").check()
    page.get_by_role("radio", name="In a month").check()
    page.get_by_label("If in a month: the month and year").fill("3/2025")
    page.get_by_label("What happened?").fill("He made remarks and then touched me in the van.")
    page.get_by_role("button", name="Continue").click()

    axe.scan("who", page.content())
    page.get_by_label("Name as you know it").fill("PC Jon Smyth")
    page.get_by_label("Shoulder (collar) number").fill("1234AB")
    page.get_by_role("button", name="Continue").click()

    axe.scan("affected", page.content())
    page.get_by_label("A member of the public").check()
    page.get_by_role("button", name="Continue").click()

    axe.scan("evidence", page.content())
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Shift notes"}])
    page.get_by_role("button", name="Upload file").click()
    assert "notes.txt" in page.content()
    page.get_by_role("button", name="Continue").click()

    axe.scan("together", page.content())
    page.get_by_label("Act on my report now").check()
    page.get_by_role("button", name="Continue").click()

    axe.scan("check", page.content())
    assert "PC Jon Smyth" in page.content()
    page.get_by_role("button", name="Send report").click()

    axe.scan("confirmation", page.content())
    receipt = page.locator("#receipt").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){4}", receipt)

    page.goto(base + "/status")
    axe.scan("receipt", page.content())
    page.get_by_label("Your receipt").fill(receipt.lower().replace("-", " "))
    page.get_by_role("button", name="Check your report").click()
    axe.scan("status", page.content())
    page.get_by_label("Send a message to the team").fill("I can add more detail.")
    page.get_by_role("button", name="Send message").click()
    assert "I can add more detail." in page.content()

    assert axe.problems == {}
