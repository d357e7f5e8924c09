"""Adding evidence on a phone (390×844), with JavaScript off and on, each state scanned by axe:
a file chosen and "Continue" pressed is kept, sizes read sensibly, a renamed file is explained,
and a kept original says what it may still show."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.browser.conftest import AxeScanner
from tests.fixtures.hostile.make import gps_jpeg
from tests.helpers import Team, make_team, open_status, post_upload, sign_in_directly, submit_report

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module", autouse=True)
def team(live_app: tuple[Flask, str]) -> Iterator[Team]:
    app, _ = live_app
    with app.app_context():
        made = make_team()
        db.session.remove()
    yield made


@pytest.fixture(params=[False, True], ids=["javascript off", "javascript on"])
def phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    context = browser.new_context(java_script_enabled=request.param, viewport=PHONE)
    yield context
    context.close()


def reach_evidence(page: Page, base: str) -> None:
    page.goto(base + "/report/what")
    page.get_by_label("Bullying or harassment").check()
    page.get_by_role("radio", name="In a month").check()
    page.get_by_label("Month and year").fill("3/2025")
    page.get_by_label("What happened?").fill("Shouted at me in front of the shift, twice.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I don't know who it was").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Me", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence (optional)")


def choose(page: Page, name: str, content: bytes, mime: str) -> None:
    payload: FilePayload = {"name": name, "mimeType": mime, "buffer": content}
    page.locator("input#file").set_input_files(files=[payload])


def listed(page: Page, waiting_for: str | None = None) -> dict[str, str]:
    """The files the page lists, by name; with ``waiting_for``, once the page (reached by the
    click just made) lists that one, so the old page is never read while the new one loads."""
    if waiting_for is not None:
        expect(page.locator(".govuk-summary-list__key", has_text=waiting_for)).to_have_count(1)
    keys = page.locator(".govuk-summary-list__key").all_inner_texts()
    values = page.locator(".govuk-summary-list__value").all_inner_texts()
    return {k.strip(): " ".join(v.split()) for k, v in zip(keys, values, strict=True)}


def test_a_reporter_on_a_phone_adds_evidence_without_losing_a_file(
    live_app: tuple[Flask, str], phone: BrowserContext, axe: AxeScanner
) -> None:
    _, base = live_app
    page = axe.new_page(phone)
    reach_evidence(page, base)
    axe.check("evidence-phone", page)

    # Chosen, then "Continue" pressed instead of "Upload file": the file goes with the report.
    choose(page, "notes.txt", b"Said twice, on 3 and 4 March.", "text/plain")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Evidence (optional)")
    page.go_back()
    page.reload()
    assert listed(page) == {"notes.txt": "29 bytes"}

    # A text file named .docx is kept as text, and the page says so.
    choose(page, "minutes.docx", b"Minutes of the briefing.", "application/msword")
    page.get_by_role("button", name="Upload file").click()
    assert listed(page, waiting_for="minutes.txt")["minutes.txt"] == (
        "24 bytes ‘minutes.docx’ is a plain text file, so it was saved as ‘minutes.txt’."
    )

    # A photo kept as it is: the page says what it may still show.
    choose(page, "photo.jpg", gps_jpeg(), "image/jpeg")
    page.get_by_label("Keep the original file, including its hidden details").check()
    page.get_by_role("button", name="Upload file").click()
    assert (
        "It may still show, among other things: the place the photo was taken (GPS)"
        in (listed(page, waiting_for="photo.jpg")["photo.jpg"])
    )
    # Confirmed at the top, where the page starts (and, with JavaScript, where focus is).
    expect(page.locator("#done")).to_contain_text("File added")
    expect(page.locator("#done")).to_contain_text("photo.jpg was added to your report")
    if page.locator("body.js-enabled").count():  # GOV.UK Frontend focuses a success banner
        expect(page.locator("#done")).to_be_focused()
    axe.check("evidence-phone-three-files", page)

    # Removed, and confirmed by name; a reload says nothing again.
    page.get_by_role("button", name="Remove minutes.txt").click()
    expect(page.locator("#done")).to_contain_text("minutes.txt was removed")
    assert list(listed(page)) == ["notes.txt", "photo.jpg"]
    axe.check("evidence-phone-removed", page)
    page.reload()
    expect(page.locator("#done")).to_have_count(0)

    # A file Candour cannot take, chosen and "Continue" pressed: stopped, with the reason.
    choose(page, "clip.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("‘clip.gif’ is not one of")
    axe.check("evidence-phone-refused", page)
    axe.assert_done()


def test_the_case_page_warning_about_a_kept_original_is_accessible(
    live_app: tuple[Flask, str], team: Team, axe: AxeScanner
) -> None:
    app, _ = live_app
    reporter = app.test_client()
    receipt = submit_report(reporter)
    open_status(reporter, receipt)
    added = post_upload(
        reporter,
        "/status/evidence",
        {
            "upload": "Add evidence",
            "file": (io.BytesIO(gps_jpeg()), "kept.jpg"),
            "keep_original": "y",
        },
        page="/status/evidence",
    )
    assert added.status_code == 302
    with app.app_context():
        reference = db.session.scalars(select(Report.reference)).all()[-1]
        lead = app.test_client()
        sign_in_directly(lead, db.session.merge(team.lead), team.keys)
        html = lead.get(f"/team/cases/{reference}").get_data(as_text=True)
        db.session.remove()

    assert "The reporter kept this file as it was sent" in html
    axe.scan("case-kept-original-warning", html)
    axe.assert_done()


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript off", "javascript on"])
def test_a_reporter_on_a_phone_copies_the_whole_receipt(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner, javascript: bool
) -> None:
    """One tap selects the whole receipt, never one group of it; with JavaScript a "Copy
    receipt" button copies it and says so to a screen reader. Without, there is no button that
    would do nothing."""
    _, base = live_app
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    if javascript:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    try:
        page = axe.new_page(context)
        reach_evidence(page, base)
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Send report").click()
        receipt = page.locator("p#receipt").inner_text()

        page.locator("p#receipt").click()
        assert page.evaluate("getSelection().toString()").strip() == receipt

        copy = page.get_by_role("button", name="Copy receipt")
        if not javascript:
            expect(copy).to_have_count(0)
            return
        expect(page.locator("p#receipt-copied[role=status]")).to_have_text("")
        page.evaluate("navigator.clipboard.writeText('')")
        copy.click()
        expect(page.locator("p#receipt-copied[role=status]")).to_have_text(
            "Receipt copied. Paste it somewhere only you can see, such as a password manager on "
            "your own device."
        )
        assert page.evaluate("navigator.clipboard.readText()") == receipt
        axe.check("confirmation-receipt-copied", page)
    finally:
        context.close()
