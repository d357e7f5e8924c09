"""A reporter's pages in a real browser with JavaScript off, each state scanned by axe-core:
the journey with every page's errors, the confirmation, the status page and its action pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, FilePayload, Locator, Page, expect
from sqlalchemy import func, select

from intake.db import db
from intake.models import Message, Report
from intake.security import limiter
from intake.submission import add_message, submit
from tests.browser.conftest import AxeScanner, button_link
from tests.helpers import DEFAULT_REPORT, make_team, submit_report

pytestmark = pytest.mark.browser
ERRORS = ".govuk-error-summary"


@pytest.fixture(scope="module", autouse=True)
def team(live_app: tuple[Flask, str]) -> Iterator[None]:
    app, _ = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    yield


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def back_button(page: Page) -> Locator:
    """A question page's Back: a button of its form, which keeps what was typed."""
    return page.get_by_role("button", name="Back", exact=True)


def test_a_reporter_sends_a_report_and_returns_with_the_receipt(
    live_app: tuple[Flask, str],
    no_js_context: BrowserContext,
    no_js_page: Page,
    axe: AxeScanner,
) -> None:
    _, base = live_app
    page = no_js_page

    page.goto(base + "/")
    axe.check("reporter-start", page)
    button_link(page, "Start now").click()

    axe.check("reporter-what", page)
    continue_(page)  # nothing chosen: errors, nothing lost
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-what-errors", page)
    page.get_by_label("Sexual misconduct").check()
    page.get_by_role("radio", name="In a month").check()
    page.get_by_label("Month and year").fill("3/2025")
    page.get_by_label("What happened?").fill("He made remarks and then touched me in the van.")
    no_js_context.clear_cookies()  # the session is lost: the page comes back with the answers
    continue_(page)
    expect(page.get_by_label("What happened?")).to_have_value(
        "He made remarks and then touched me in the van."
    )
    axe.check("reporter-what-session-expired", page)
    continue_(page)  # the page came back with a token for the new session

    axe.check("reporter-who", page)
    continue_(page)  # no one named and "I don't know" not ticked
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-who-errors", page)
    page.get_by_label("Name as you know it").fill("PC Jon Smyth")
    page.get_by_role("button", name="Add another person").click()
    expect(page.get_by_label("Name as you know it")).to_have_count(2)
    axe.check("reporter-who-two-people", page)
    page.get_by_label("Name as you know it").nth(1).fill("DS Ann Lee")
    page.get_by_role("button", name="Remove person 2").click()
    expect(page.get_by_label("Name as you know it")).to_have_count(1)
    expect(page.get_by_label("Name as you know it")).to_have_value("PC Jon Smyth")
    collar = page.get_by_label("Shoulder (collar) number")
    collar.fill("1234AB")
    collar.press("Enter")  # Enter in a field is Continue, never Remove or Add another person
    expect(page.get_by_label("A member of the public")).to_be_visible()

    axe.check("reporter-affected", page)
    continue_(page)
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-affected-errors", page)
    page.get_by_label("A member of the public").check()
    continue_(page)

    axe.check("reporter-evidence", page)
    page.get_by_role("button", name="Upload file").click()  # no file chosen
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-evidence-errors", page)
    notes: FilePayload = {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Shift notes"}
    page.get_by_label("Upload a file").set_input_files(files=[notes])
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("term")).to_have_text("notes.txt")
    axe.check("reporter-evidence-with-file", page)
    continue_(page)

    axe.check("reporter-together", page)
    assert_fits(page, 320)
    continue_(page)
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-together-errors", page)
    page.get_by_label("Act on my report now").check()
    continue_(page)

    expect(page.get_by_text("PC Jon Smyth")).to_be_visible()
    axe.check("reporter-check", page)
    page.get_by_role("button", name="Send report").click()

    expect(page.locator("p#receipt")).to_be_visible()
    receipt = page.locator("p#receipt").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){4}", receipt)
    axe.check("reporter-confirmation", page)
    # One click, or a double-click, selects the whole receipt, to copy: never one group of it.
    page.locator("p#receipt").click()
    assert page.evaluate("getSelection().toString()").strip() == receipt
    page.locator("p#receipt").dblclick()
    assert page.evaluate("getSelection().toString()").strip() == receipt
    # On the narrowest phone the receipt still fits one line: it never breaks inside a group.
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    box = page.locator("p#receipt").bounding_box()
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('receipt')).lineHeight)"
    )
    assert box is not None and box["height"] < 1.5 * line
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if size:
        page.set_viewport_size(size)

    # A download whose receipt was altered in the page is refused, plainly.
    download = page.get_by_role("button", name="Download your receipt as a text file")
    altered = page.locator("form[action='/receipt.txt'] input[name='receipt']")
    altered.evaluate("field => { field.value = 'not a receipt' }")
    download.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Something was wrong with that request"
    )
    assert axe.check("error-400", page) == 400
    page.goto(base + "/report/sent")
    no_js_context.clear_cookies()  # the session is lost (the form's CSRF token matches none)
    download.click()  # says so, as the other forms do: not "something was wrong"
    expect(page.locator("#closed")).to_contain_text("so what you asked for was not done")

    axe.assert_done()


def test_a_reporter_works_with_the_team_from_the_status_page(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner
) -> None:
    app, base = live_app
    with app.app_context():
        _report, receipt = submit(dict(DEFAULT_REPORT))
        db.session.remove()
    page = no_js_page

    page.goto(base + "/status")
    axe.check("reporter-receipt", page)
    page.get_by_role("button", name="Check your report").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-receipt-errors", page)
    page.get_by_label("Your receipt").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Check your report").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("reporter-receipt-not-found", page)
    page.get_by_label("Your receipt").fill(receipt.lower().replace("-", " "))
    page.get_by_role("button", name="Check your report").click()
    expect(page.get_by_role("heading", name="Your report")).to_be_visible()
    axe.check("reporter-status", page)

    button_link(page, "Send a message to the team").click()
    expect(page).to_have_title("Send a message to the team – Candour")
    axe.check("reporter-status-reply", page)
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".govuk-error-message", has_text="Write your message")).to_be_visible()
    expect(page).to_have_title("Error: Send a message to the team – Candour")
    axe.check("reporter-status-reply-errors", page)
    page.goto(base + "/status")  # left another way (Back keeps only what was typed: below)
    # Nothing was typed, so no message waits: "not sent yet" here read as if an earlier failed.
    expect(page.locator("#unsent-reply")).to_have_count(0)

    # A file added meanwhile is confirmed, and the message page still has its error.
    button_link(page, "Add a file").click()
    expect(page).to_have_title("Add a file to your report – Candour")
    axe.check("reporter-status-evidence", page)
    page.get_by_role("button", name="Add evidence").click()  # no file chosen
    expect(page.locator(".govuk-error-message", has_text="Choose a file")).to_be_visible()
    axe.check("reporter-status-evidence-errors", page)
    page.get_by_label("Upload a file").set_input_files(
        FilePayload(name="rota.txt", mimeType="text/plain", buffer=b"Rota for March.")
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#done")).to_contain_text("File added")
    expect(page.locator("#unsent-reply")).to_have_count(0)
    button_link(page, "Send a message to the team").click()
    expect(page.locator(ERRORS)).to_contain_text("Write your message")

    page.get_by_label("Your message").fill("I can add more detail.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#done")).to_contain_text("Message sent")
    expect(page.get_by_text("I can add more detail.")).to_be_visible()
    page.go_back()  # onto the refused message: an ordinary page again, not "Confirm resubmission"
    expect(page.get_by_role("heading", name="Send a message to the team")).to_be_visible()
    expect(page.locator(ERRORS)).to_have_count(0)

    # Back keeps a half-written message, unsent, and the status page offers it back.
    page.get_by_label("Your message").fill("On Friday he said")
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#unsent-reply")).to_be_visible()
    page.get_by_role("link", name="Go back to your message").click()
    expect(page.get_by_label("Your message")).to_have_value("On Friday he said")

    page.goto(base + "/status")
    button_link(page, "Tell the team you are facing retaliation").click()
    axe.check("reporter-status-retaliation-page", page)
    page.get_by_label("What is happening? (optional)").fill("I was moved off my team.")
    page.get_by_role("button", name="Tell the team I am facing retaliation").click()
    expect(page.get_by_text("Your report is marked urgent.")).to_be_visible()
    axe.check("reporter-status-retaliation", page)

    page.get_by_role("link", name="Replace my receipt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to replace your receipt?"
    )
    axe.check("reporter-replace-receipt-confirm", page)
    # The receipt is asked for again, so a session left open cannot be taken over: a wrong one
    # is refused, at the field and in the summary, and never shown back.
    page.get_by_label("Enter your receipt to confirm").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Yes, replace my receipt").click()
    expect(page.locator(ERRORS)).to_contain_text("not the receipt for this report")
    expect(page.get_by_label("Enter your receipt to confirm")).to_have_value("")
    axe.check("reporter-replace-receipt-wrong", page)
    page.get_by_label("Enter your receipt to confirm").fill(receipt)
    page.get_by_role("button", name="Yes, replace my receipt").click()
    new_receipt = page.locator("p#receipt").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){4}", new_receipt) and new_receipt != receipt
    axe.check("reporter-new-receipt", page)
    page.reload()  # shows the same receipt: it never replaces the one just written down
    expect(page.locator("p#receipt")).to_have_text(new_receipt)

    page.goto(base + "/status")
    page.get_by_role("button", name="Sign out").click()
    expect(button_link(page, "Start now")).to_be_visible()
    expect(page.locator("#signed-out")).to_contain_text("You have signed out.")
    axe.check("reporter-signed-out", page)
    page.reload()  # said once
    expect(page.locator("#signed-out")).to_have_count(0)
    page.goto(base + "/status")  # left: the receipt is needed again
    expect(page.get_by_label("Your receipt")).to_be_visible()

    axe.assert_done()


def test_a_proof_of_reporting_is_downloaded_and_checked(
    live_app: tuple[Flask, str], no_js_page: Page, axe: AxeScanner, tmp_path: Path
) -> None:
    app, base = live_app
    with app.app_context():
        # Five reports of the same kind this month, so the proof may name the kind (issue 13).
        for _ in range(4):
            submit(dict(DEFAULT_REPORT))
        report, receipt = submit(dict(DEFAULT_REPORT))
        reference = report.reference
        db.session.remove()
    page = no_js_page
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download proof of reporting").click()
    statement = tmp_path / "proof.txt"
    download.value.save_as(statement)
    text = statement.read_text()
    assert "Sexual misconduct" in text and receipt not in text and reference not in text

    page.goto(base + "/proof/verify")
    axe.check("proof-verify", page)
    page.get_by_role("button", name="Check the statement").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("proof-verify-errors", page)
    changed = text.replace("Sexual misconduct", "Racism")
    page.get_by_label("Or paste the whole statement").fill(changed)
    page.get_by_role("button", name="Check the statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This statement is not valid")
    expect(page).to_have_title("Not a valid statement – Check a proof of reporting – Candour")
    axe.check("proof-verify-not-valid", page)
    page.get_by_label("Choose the statement file").set_input_files(statement)
    page.get_by_role("button", name="Check the statement").click()
    expect(page.locator("#result")).to_contain_text("Sexual misconduct")
    expect(page).to_have_title("Genuine statement – Check a proof of reporting – Candour")
    axe.check("proof-verify-genuine", page)
    # Post/redirect/get: a reload, or Back onto the last check, sends nothing again and shows
    # the form, saying the result is not kept.
    assert "checked=" in page.url
    page.reload()
    expect(page.locator("#not-kept")).to_contain_text("shown once and not kept")
    page.go_back()
    expect(page.locator("#not-kept")).to_be_visible()
    page.get_by_label("Choose the statement file").set_input_files(statement)
    page.get_by_role("button", name="Check the statement").click()
    expect(page.locator("#result")).to_contain_text("Sexual misconduct")

    page.get_by_role("link", name=re.compile("^[0-9a-f]{16}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candour's signing keys")
    axe.check("proof-keys", page)
    assert_fits(page, 320)
    axe.assert_done()


PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 375, "height": 812}


def assert_fits(page: Page, width: int) -> None:
    """The page, shown ``width`` pixels wide, never scrolls sideways (then back to its size)."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 640})
    try:
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url} is {wide} px wide at {width} px"
    finally:
        if size:
            page.set_viewport_size(size)


def fresh_limits(app: Flask) -> None:
    """Each of the phone tests below looks up receipts several times from one address; the
    per-minute limit on lookups (tested elsewhere) must not carry over from the test before."""
    with app.app_context():
        limiter.reset()


def exit_page(page: Page, *, javascript: bool) -> None:
    if javascript:
        expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()  # JS is running
        for _ in range(3):
            page.keyboard.press("Shift")
    else:
        button_link(page, "Exit this page").click()
    page.wait_for_url(re.compile(r".*/proof/keys$"))


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_exit_this_page_leaves_nothing_for_back_to_show(
    live_app: tuple[Flask, str], browser: Browser, javascript: bool
) -> None:
    app, base = live_app
    fresh_limits(app)
    with app.app_context():
        _report, receipt = submit(dict(DEFAULT_REPORT))
        db.session.remove()
    # Exit leads to one of Candour's own pages here, which keeps the test offline (Chromium
    # would not let a test answer for the BBC after a script-started redirect).
    app.config["CANDOUR_EXIT_URL"] = base + "/proof/keys"
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    page = context.new_page()

    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    button_link(page, "Send a message to the team").click()
    page.get_by_label("Your message").fill("The sergeant moved my shifts again.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("The sergeant moved my shifts again.")).to_be_visible()
    exit_page(page, javascript=javascript)
    page.go_back()
    expect(page.get_by_label("Your receipt")).to_be_visible()
    expect(page.get_by_text("The sergeant moved my shifts again.")).to_have_count(0)

    page.goto(base + "/report/what")
    page.get_by_label("Bullying").check()
    page.get_by_role("radio", name="I'm not sure").check()
    page.get_by_label("What happened?").fill("He shouted at me in the canteen.")
    continue_(page)
    page.get_by_label("Name as you know it").fill("Inspector Vale")
    exit_page(page, javascript=javascript)
    page.go_back()
    expect(page.get_by_label("Name as you know it")).to_have_value("")
    page.go_back()
    expect(page.get_by_label("What happened?")).to_have_value("")
    context.close()


def test_a_held_report_tells_the_truth_and_its_reporter_releases_it(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    app, base = live_app
    fresh_limits(app)
    for javascript in (False, True):
        mode = "js" if javascript else "no-js"
        with app.app_context():
            # Nobody else in this module names this person, so no match releases the report.
            alone = [{"name": f"Sgt Ada Quill {mode}", "collar_number": "", "unit": ""}]
            _report, receipt = submit({**DEFAULT_REPORT, "people": alone, "together": "together"})
            db.session.remove()
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        page = axe.new_page(context)

        page.goto(base + "/status")
        page.get_by_label("Your receipt").fill(receipt)
        page.get_by_role("button", name="Check your report").click()
        expect(page.get_by_role("heading", name="Your report is held")).to_be_visible()
        expect(page.get_by_text("marked urgent")).to_have_count(0)
        axe.check(f"reporter-status-held-{mode}", page)

        page.get_by_role("link", name="Release your report to the team now").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Release your report to the team")
        axe.check(f"reporter-release-{mode}", page)
        page.get_by_role("link", name="Keep my report held").click()
        expect(page.get_by_role("heading", name="Your report is held")).to_be_visible()

        button_link(page, "Tell the team you are facing retaliation").click()
        details = page.get_by_label("What is happening? (optional)")
        details.fill("I was moved off my team.")
        tell = page.get_by_role("button", name="Tell the team I am facing retaliation")
        tell.click()  # asks first: telling the team releases the held report
        expect(page).to_have_url(base + "/status/retaliation/release")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Release your report to tell the team about retaliation"
        )
        expect(page.locator("#what-you-wrote")).to_have_text("I was moved off my team.")
        axe.check(f"reporter-retaliation-release-{mode}", page)
        page.get_by_role("link", name="Go back and keep my report held").click()
        expect(details).to_have_value("I was moved off my team.")
        page.get_by_role("button", name="Back").click()  # keeps what was typed
        expect(page.get_by_role("heading", name="Your report is held")).to_be_visible()
        expect(page.locator("#unsent-retaliation")).to_be_visible()
        page.get_by_role("link", name="Go back to it").click()
        expect(details).to_have_value("I was moved off my team.")
        tell.click()
        page.get_by_label("Enter your receipt to confirm").fill(receipt)
        page.get_by_role("button", name="Release my report and tell the team").click()
        expect(page.get_by_text("Your report is marked urgent.")).to_be_visible()
        expect(page.get_by_role("heading", name="Your report is held")).to_have_count(0)
        axe.check(f"reporter-status-released-{mode}", page)
        context.close()
    axe.assert_done()


def first_question_on_a_phone(
    browser: Browser, base: str, *, javascript: bool
) -> tuple[BrowserContext, Page]:
    """A new phone-sized browser on "What happened", a kind of behaviour and "I'm not sure"
    chosen, the description left for the test."""
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/report/what")
    page.get_by_label("Bullying or harassment").check()
    page.get_by_role("radio", name="I'm not sure").check()
    return context, page


def test_add_and_remove_person_land_where_the_reporter_is_working(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    """On a phone, "Add another person" shows the new person's fields and "Remove" the list
    where the person was, not the top of the page; Enter in a field is still Continue."""
    _, base = live_app
    for javascript in (False, True):
        context, page = first_question_on_a_phone(browser, base, javascript=javascript)
        page.get_by_label("What happened?").fill("He shouted at me at the briefing.")
        continue_(page)
        names = page.get_by_label("Name as you know it")
        names.fill("PC Jon Smyth")
        page.get_by_role("button", name="Add another person").click()
        expect(page).to_have_url(base + "/report/who#person-2")
        expect(page.locator("#person-2 legend")).to_be_in_viewport()
        expect(names.nth(1)).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 0
        names.nth(1).fill("DS Ann Lee")
        page.get_by_role("button", name="Remove person 2").click()
        expect(page).to_have_url(base + "/report/who#add_person")
        expect(names).to_have_count(1)
        expect(page.get_by_role("button", name="Add another person")).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 0
        page.get_by_role("button", name="Add another person").click()
        page.get_by_role("button", name="Remove person 1").click()
        expect(page).to_have_url(base + "/report/who#person-1")
        expect(names).to_have_value("")  # both gone: one empty set of fields is left
        names.fill("PC Jon Smyth")
        names.press("Enter")  # Continue, never Remove or Add another person
        expect(page.get_by_role("heading", level=1)).to_have_text("Who was affected")
        # The fragment Add or Remove landed on is not carried to the next question's address.
        expect(page).to_have_url(base + "/report/affected")
        context.close()


def test_add_another_person_takes_focus_to_the_new_person(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    """A screen reader hears where "Add another person" led (the new person's group), not the
    top of the page or the button pressed; a blank last person is asked about instead."""
    _, base = live_app
    for javascript in (False, True):
        context, page = first_question_on_a_phone(browser, base, javascript=javascript)
        page.get_by_label("What happened?").fill("He shouted at me at the briefing.")
        continue_(page)
        page.get_by_label("Name as you know it").fill("PC Jon Smyth")
        page.get_by_role("button", name="Add another person").click()
        expect(page).to_have_url(base + "/report/who#person-2")
        expect(page.locator("#person-2")).to_be_focused()
        # Focused only to land there: no browser ring drawn through the fields' edges.
        expect(page.locator("#person-2")).to_have_css("outline-style", "none")
        page.keyboard.press("Tab")  # on into the new person's first box
        expect(page.get_by_label("Name as you know it").nth(1)).to_be_focused()
        page.get_by_role("button", name="Add another person").click()  # person 2 left blank
        expect(page.locator(ERRORS)).to_contain_text(
            "Enter something about person 2 before adding another"
        )
        expect(page.get_by_label("Name as you know it")).to_have_count(2)
        context.close()


def test_each_change_link_lands_with_its_question_in_view(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    """On a phone, each Change link on check your answers opens its question page with the
    question itself (legend, label or heading) on screen: a link to the first checkbox of a
    group scrolled its legend off the top, and the reporter saw answers with no question."""
    _, base = live_app
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript, viewport=SMALL_PHONE)
        page = context.new_page()
        page.goto(base + "/report/what")
        page.get_by_label("Bullying or harassment").check()
        page.get_by_role("radio", name="I'm not sure").check()
        page.get_by_label("Where did it happen? (optional)").fill("The parade room")
        page.get_by_label("What happened?").fill("He shouted at me at the briefing.")
        continue_(page)
        page.get_by_label("Name as you know it").fill("PC Jon Smyth")
        page.get_by_label("I don't know who it was").check()
        continue_(page)
        page.get_by_role("checkbox", name="Me", exact=True).check()
        page.get_by_label("Witnesses (optional)").fill("DC Ray Hill")
        continue_(page)
        continue_(page)  # no evidence
        page.get_by_role("radio", name="Now").check()
        continue_(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Check your"))
        links = page.locator(".govuk-summary-list__actions a")
        hrefs = [links.nth(n).get_attribute("href") or "" for n in range(links.count())]
        assert len(hrefs) == 10
        for href in hrefs:
            page.goto(base + href)
            fragment = href.partition("#")[2]
            target = page.locator(f"[id='{fragment}']")
            if not fragment:
                question = page.get_by_role("heading", level=1)
            elif target.evaluate("e => e.tagName") == "FIELDSET":
                question = target.locator("legend").first
            elif target.evaluate("e => e.tagName") == "INPUT":
                # A field's question: its group's legend, or (a lone checkbox) its own label.
                group = target.locator("xpath=ancestor::fieldset[1]/legend")
                question = group if group.count() else page.locator(f"label[for='{fragment}']")
            else:
                question = target
            expect(question, f"{href}, JavaScript {javascript}").to_be_in_viewport(ratio=1)
        context.close()


def test_back_onto_a_refused_answer_shows_the_question_again(
    live_app: tuple[Flask, str], browser: Browser
) -> None:
    """A reporter who leaves "What happened" empty, fixes it, goes on and presses Back (or
    reloads the error) sees the question, never the browser's "Confirm form resubmission"
    (ERR_CACHE_MISS in Chromium), which a POST-rendered error left in the history."""
    _, base = live_app
    for javascript in (False, True):
        context, page = first_question_on_a_phone(browser, base, javascript=javascript)
        continue_(page)
        expect(page.locator(ERRORS)).to_contain_text("Tell us what happened")
        expect(page).to_have_title(re.compile("^Error: "))
        expect(page.get_by_label("Bullying or harassment")).to_be_checked()  # kept as typed
        page.get_by_label("Where did it happen? (optional)").fill("The parade room")
        with page.expect_navigation():  # the same page again: wait for it before reloading
            continue_(page)
        page.reload()  # a plain GET, not a re-send: the error and what was typed, still there
        expect(page.locator(ERRORS)).to_contain_text("Tell us what happened")
        expect(page.get_by_label("Where did it happen? (optional)")).to_have_value(
            "The parade room"
        )
        page.get_by_label("What happened?").fill("He shouted at me at the briefing.")
        continue_(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Who was responsible")
        page.go_back()  # onto the address the refusal was shown at, its answer accepted since
        expect(page).to_have_url(re.compile(re.escape(base + "/report/what?refused=")))
        expect(page.get_by_label("What happened?")).to_have_value(
            "He shouted at me at the briefing."
        )
        expect(page.locator(ERRORS)).to_have_count(0)
        page.go_back()  # onto the error as the browser first showed it
        expect(page.get_by_label("What happened?")).to_be_visible()
        context.close()


def reports_stored(app: Flask) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Report)) or 0
        db.session.remove()
    return count


def test_a_sent_report_survives_back_reload_and_sending_again(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    """On a phone, as a frightened reporter would, with JavaScript off and then on: Back links
    through the journey, the date fields revealed by their radio, a future date refused, then
    Send, Back, reload and the same form sent again: one report, the same receipt every time."""
    for javascript in (False, True):
        send_back_reload_and_repeat(live_app, browser, axe, javascript=javascript)
    axe.assert_done()


def send_back_reload_and_repeat(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner, *, javascript: bool
) -> None:
    app, base = live_app
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    page = axe.new_page(context)
    name = "js" if javascript else "no-js"

    page.goto(base + "/")
    help_ = page.locator("#other-help")
    expect(help_.get_by_role("link", name="Police Care UK")).to_have_attribute(
        "href", "https://www.policecare.org.uk/"
    )
    button_link(page, "Start now").click()
    expect(back_button(page)).to_be_visible()
    date_field = page.get_by_label("Date", exact=True)
    if javascript:
        expect(date_field).to_be_hidden()  # revealed only once "On a date" is chosen
    else:
        expect(date_field).to_be_visible()  # without JavaScript the fields show plainly
    page.get_by_label("Bullying or harassment").check()
    page.get_by_role("radio", name="On a date").check()
    expect(date_field).to_be_visible()
    date_field.fill("1/1/2099")
    page.get_by_label("What happened?").fill("He shouted at me in front of the shift.")
    continue_(page)
    expect(page.locator(ERRORS)).to_contain_text("The date must be today or in the past")
    expect(date_field).to_be_visible()
    axe.check(f"reporter-what-future-date-{name}", page)
    date_field.fill("3/11/2025")
    continue_(page)

    page.get_by_label("Name as you know it").fill("Sgt Ray Hill")
    back_button(page).click()  # back to "What happened", answers kept
    expect(page.get_by_label("What happened?")).to_have_value(
        "He shouted at me in front of the shift."
    )
    continue_(page)
    page.get_by_label("Name as you know it").fill("Sgt Ray Hill")
    continue_(page)
    page.get_by_label("Me", exact=True).check()
    continue_(page)
    continue_(page)  # no evidence
    page.get_by_label("Act on my report now").check()
    continue_(page)

    when = page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_role("term").get_by_text("When", exact=True)
    )
    expect(when).to_contain_text("3 November 2025")
    expect(page.get_by_role("link", name="Back")).to_have_attribute("href", "/report/together")
    send_form = page.locator("form[action='/report/send']")
    fields = {
        field: send_form.locator(f"input[name='{field}']").input_value()
        for field in ("csrf_token", "send_token")
    }
    before = reports_stored(app)
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(base + "/report/sent")
    receipt = page.locator("p#receipt").inner_text()
    expect(page.locator("#other-help")).to_contain_text("999")
    axe.check(f"reporter-sent-{name}", page)

    page.go_back()  # to check answers, which says it was already sent
    expect(page.locator("p#receipt")).to_have_text(receipt)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your report has already been sent"
    )
    axe.check(f"reporter-sent-again-{name}", page)
    page.reload()
    expect(page.locator("p#receipt")).to_have_text(receipt)

    repeat = page.request.post(base + "/report/send", form=fields)  # the old form, sent again
    assert repeat.ok and receipt in repeat.text() and "already been sent" in repeat.text()
    assert reports_stored(app) == before + 1

    page.goto(base + "/report/what")  # a new report starts empty and says so
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your report was sent.")
    expect(page.get_by_label("What happened?")).to_have_value("")
    axe.check(f"reporter-what-after-sending-{name}", page)
    if javascript:  # last in this module: uses up the receipt download limit (20 an hour)
        page.goto(base + "/report/sent")
        download = page.locator("form[action='/receipt.txt'] input[name='csrf_token']")
        form = {"csrf_token": download.input_value(), "receipt": receipt}
        for _ in range(20):  # at most the limit; what is left of it is used up
            page.request.post(base + "/receipt.txt", form=form)
        page.get_by_role("button", name="Download your receipt as a text file").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
        expect(page.get_by_text(re.compile(r"Wait \d+ minutes, then try again\."))).to_be_visible()
        assert axe.check("error-429-wait-js", page) == 429
    context.close()


def test_a_send_over_the_limit_is_a_page_reload_and_back_show_again(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    """The eleventh report in an hour from one network is refused by a page of its own: a
    reload, Back and Forward show it again (never "Confirm form resubmission"), send nothing,
    and the answers are still there."""
    app, base = live_app
    fresh_limits(app)
    with app.app_context():
        for _ in range(10):  # other reporters on the same network
            submit_report(app.test_client())
        db.session.remove()
    before = reports_stored(app)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = axe.new_page(context)
    page.goto(base + "/report/what")
    page.get_by_label("Bullying or harassment").check()
    page.get_by_role("radio", name="I'm not sure").check()
    page.get_by_label("What happened?").fill("He shouted at me at the briefing.")
    continue_(page)
    page.get_by_label("I don't know who it was").check()
    continue_(page)
    page.get_by_label("Me", exact=True).check()
    continue_(page)
    continue_(page)  # no evidence
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(
        re.compile(re.escape(base) + r"/report/not-sent\?minutes=\d+&ends=\d+$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report was not sent yet")
    assert axe.check("reporter-send-limited", page) == 200
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report was not sent yet")
    page.go_back()
    expect(page).to_have_url(base + "/report/check")
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report was not sent yet")
    page.get_by_role("link", name="Go back to check your answers").click()
    expect(page.get_by_text("He shouted at me at the briefing.")).to_be_visible()
    assert reports_stored(app) == before
    context.close()
    fresh_limits(app)
    axe.assert_done()


def test_a_reporter_reads_back_sees_news_and_withdraws(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    app, base = live_app
    fresh_limits(app)
    for javascript in (False, True):
        mode = "js" if javascript else "no-js"
        with app.app_context():
            report, receipt = submit(dict(DEFAULT_REPORT))
            add_message(report, "Which van was it?", from_reporter=False)
            db.session.commit()
            db.session.remove()
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        page = axe.new_page(context)

        page.goto(base + "/status")
        page.get_by_label("Your receipt").fill(receipt)
        page.get_by_role("button", name="Check your report").click()
        expect(page.locator("#news")).to_contain_text("The team wrote to you on")
        expect(page.get_by_role("heading", name="What you sent")).to_be_visible()
        expect(page.get_by_text(DEFAULT_REPORT["description"])).to_be_visible()
        axe.check(f"reporter-status-news-and-read-back-{mode}", page)

        page.get_by_role("link", name="Withdraw your report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your report")
        axe.check(f"reporter-withdraw-{mode}", page)
        page.get_by_label("Why are you withdrawing your report? (optional)").fill("Moving on.")
        page.get_by_label("Enter your receipt to confirm").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
        page.get_by_role("button", name="Withdraw my report").click()
        expect(page.locator(ERRORS)).to_contain_text("not the receipt for this report")
        expect(page.get_by_label("Enter your receipt to confirm")).to_have_value("")
        expect(page.get_by_label("Why are you withdrawing your report? (optional)")).to_have_value(
            "Moving on."
        )
        axe.check(f"reporter-withdraw-wrong-receipt-{mode}", page)
        page.get_by_label("Enter your receipt to confirm").fill(receipt)
        page.get_by_role("button", name="Withdraw my report").click()
        expect(page.locator("#withdrawn")).to_contain_text("You withdrew this report on")
        expect(page.locator("#news")).to_have_count(0)
        axe.check(f"reporter-status-withdrawn-{mode}", page)

        # Not deleted as they withdrew: they can still ask, from the status page.
        page.get_by_role("link", name="Delete what you sent").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Delete what you sent")
        axe.check(f"reporter-delete-sent-{mode}", page)
        page.get_by_label("Enter your receipt to confirm").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
        page.get_by_role("button", name="Delete what I sent").click()
        expect(page.locator(ERRORS)).to_contain_text("not the receipt for this report")
        axe.check(f"reporter-delete-sent-wrong-receipt-{mode}", page)
        page.get_by_label("Enter your receipt to confirm").fill(receipt)
        page.get_by_role("button", name="Delete what I sent").click()
        expect(page.locator("#done")).to_contain_text("What you sent has been deleted")
        expect(page.locator("#content-destroyed")).to_contain_text(
            "You withdrew this report and asked for what you sent to be deleted"
        )
        expect(page.get_by_text(DEFAULT_REPORT["description"])).to_have_count(0)
        axe.check(f"reporter-status-deleted-{mode}", page)
        context.close()
    axe.assert_done()


def messages_stored(app: Flask) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Message)) or 0
        db.session.remove()
    return count


def test_a_reply_sent_after_the_session_ended_comes_back_to_send(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    """Typed, the session ends ("Exit this page" in another tab, or the browser's cookies gone),
    Send: nothing is sent; the receipt brings the message back filled in on its own page, a
    reload sends nothing, and Send sends it once."""
    app, base = live_app
    fresh_limits(app)
    app.config["CANDOUR_EXIT_URL"] = base + "/proof/keys"  # offline, as in the exit test
    for javascript in (False, True):
        mode = "js" if javascript else "no-js"
        with app.app_context():
            _report, receipt = submit(dict(DEFAULT_REPORT))
            db.session.remove()
        before = messages_stored(app)
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        page = axe.new_page(context)
        page.goto(base + "/status")
        page.get_by_label("Your receipt").fill(receipt)
        page.get_by_role("button", name="Check your report").click()
        typed = "I remembered the van's registration."
        button_link(page, "Send a message to the team").click()
        page.get_by_label("Your message").fill(typed)
        if javascript:
            context.clear_cookies()  # the browser dropped its cookies while they typed
        else:
            other = context.new_page()  # "Exit this page" in another tab
            other.goto(base + "/exit")
            other.close()
        page.get_by_role("button", name="Send message").click()
        expect(page.locator("#kept")).to_contain_text("your message has not been sent yet")
        expect(page.locator("#kept")).to_contain_text("Exit this page")
        expect(page.get_by_label("Your receipt")).to_have_value("")
        assert typed not in page.content()  # kept on the server, sealed, not in the page
        axe.check(f"reporter-receipt-kept-{mode}", page)
        page.get_by_label("Your receipt").fill(receipt)
        page.get_by_role("button", name="Check your report").click()
        expect(page).to_have_url(re.compile(r"/status/reply$"))
        expect(page.get_by_label("Your message")).to_have_value(typed)
        expect(page.locator("#unsent")).to_contain_text("Your message has not been sent yet")
        axe.check(f"reporter-reply-kept-{mode}", page)
        page.reload()
        expect(page.get_by_label("Your message")).to_have_value(typed)
        assert messages_stored(app) == before  # a reload sends nothing
        page.get_by_role("button", name="Send message").click()
        expect(page.get_by_text(typed)).to_be_visible()
        expect(page.locator("#unsent-reply")).to_have_count(0)
        assert messages_stored(app) == before + 1
        context.close()
    axe.assert_done()


def test_a_date_half_typed_before_choosing_in_a_month_is_ignored(
    live_app: tuple[Flask, str], no_js_page: Page
) -> None:
    """Without JavaScript every date box shows: one left half-typed before the reporter chose
    another option is not checked, and does not come back, even when the page is refused for
    another answer."""
    _, base = live_app
    page = no_js_page
    page.goto(base + "/report/what")
    page.get_by_label("Racism").check()
    page.get_by_label("Date", exact=True).fill("27/3/")
    page.get_by_role("radio", name="In a month").check()
    page.get_by_label("Month and year").fill("3/2025")
    continue_(page)  # "What happened?" left empty
    expect(page.locator(ERRORS)).to_have_text(re.compile(r"^\s*There is a problem\s*Tell us"))
    expect(page.get_by_label("Date", exact=True)).to_have_value("")
    page.get_by_label("What happened?").fill("He used a slur at the briefing.")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("What happened")
    expect(page.locator(ERRORS)).to_have_count(0)
    back_button(page).click()
    expect(page.get_by_label("Date", exact=True)).to_have_value("")
    expect(page.get_by_label("Month and year")).to_have_value("3/2025")


ACCOUNT = "He kept me behind after the briefing and said what he would do if I told anyone."


def test_back_keeps_what_the_reporter_typed(
    live_app: tuple[Flask, str], browser: Browser, axe: AxeScanner
) -> None:
    """On a small phone without JavaScript, what was typed on a page is still there after its
    Back, however the reporter comes back to it: pages are never cached, so a link lost it."""
    _, base = live_app
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = axe.new_page(context)
    page.goto(base + "/report/what")
    page.get_by_label("Bullying or harassment").check()
    page.get_by_label("What happened?").fill(ACCOUNT)
    back_button(page).click()  # "When" not answered yet: no error, back to the start page
    # Which says a report was started here and not sent, in no words of it, and offers it back
    # (Start now would not open it: on a shared device it may be the last person's).
    expect(page.locator("#unsent-report")).to_contain_text(
        "A report was started on this device and has not been sent"
    )
    expect(page.get_by_text(ACCOUNT)).to_have_count(0)
    axe.check("reporter-start-unsent-report", page)
    button_link(page, "Continue the report").click()
    expect(page.get_by_label("What happened?")).to_have_value(ACCOUNT)
    expect(page.get_by_label("Bullying or harassment")).to_be_checked()
    expect(page.locator(ERRORS)).to_have_count(0)
    axe.check("reporter-what-kept-by-back", page)
    page.get_by_role("radio", name="I'm not sure").check()
    # Enter in a field is still Continue, never the Back button placed before the form.
    page.get_by_label("Where did it happen? (optional)").press("Enter")
    page.get_by_label("Name as you know it").fill("Sgt Ray Hill")
    back_button(page).click()
    expect(page.get_by_label("What happened?")).to_have_value(ACCOUNT)
    continue_(page)
    expect(page.get_by_label("Name as you know it")).to_have_value("Sgt Ray Hill")
    expect(page.locator(ERRORS)).to_have_count(0)
    context.close()
    axe.assert_done()


# What makes GOV.UK's back link look as it does, to compare the Back button with.
LOOKS = """(button) => {
    const link = document.createElement("a");
    link.href = "/";
    link.className = "govuk-back-link";
    link.textContent = "Back";
    button.after(link);
    const names = ["color", "font-family", "font-size", "font-weight", "line-height",
        "text-decoration-line", "text-decoration-thickness", "text-underline-offset",
        "padding-top", "padding-right", "padding-bottom", "padding-left", "margin-top",
        "margin-bottom", "border-top-width", "border-bottom-width", "background-color",
        "box-shadow", "outline-style", "cursor", "display"];
    const look = (element) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {...Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)])),
            width: box.width, height: box.height};
    };
    const looks = [look(button), look(link)];
    button.focus();
    const focused = look(button);
    link.focus();
    return [...looks, focused, look(link)];
}"""


def test_the_back_button_looks_like_the_back_link(
    live_app: tuple[Flask, str], no_js_page: Page
) -> None:
    _, base = live_app
    page = no_js_page
    page.goto(base + "/report/what")
    button, link, focused_button, focused_link = page.locator("button.govuk-back-link").evaluate(
        LOOKS
    )
    assert button == link
    assert focused_button == focused_link and focused_button != button
