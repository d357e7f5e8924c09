"""A shared work device, with JavaScript on: what one reporter leaves behind in the browser for
the next person. A receipt copied with "Copy receipt" is emptied from the clipboard by "Exit this
page", and a receipt typed at /status is not offered back by the browser after Back."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from intake.db import db
from intake.security import limiter
from intake.submission import submit
from tests.browser.conftest import button_link
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module", autouse=True)
def team(live_app: tuple[Flask, str]) -> Iterator[None]:
    app, _ = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    yield


@pytest.fixture
def context(live_app: tuple[Flask, str], browser: Browser) -> Iterator[BrowserContext]:
    app, base = live_app
    with app.app_context():
        limiter.reset()  # each test looks up a receipt; an earlier one's lookups do not count
    # Exit leads to one of Candour's own pages here, which keeps the test offline and lets it
    # read the clipboard there.
    app.config["CANDOUR_EXIT_URL"] = base + "/proof/keys"
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    yield context
    context.close()


def a_receipt(app: Flask) -> str:
    with app.app_context():
        _report, receipt = submit(dict(DEFAULT_REPORT))
        db.session.remove()
    return receipt


def new_receipt_page(page: Page, base: str, receipt: str) -> str:
    """Open the report with ``receipt`` and replace it: the page showing the new one, which has
    a "Copy receipt" button, as the confirmation page does."""
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    page.get_by_role("link", name="Replace my receipt").click()
    page.get_by_label("Enter your receipt to confirm").fill(receipt)
    page.get_by_role("button", name="Yes, replace my receipt").click()
    return page.locator("p#receipt").inner_text()


@pytest.mark.parametrize("how", ["button", "shift"])
def test_exit_this_page_empties_the_clipboard_of_a_copied_receipt(
    live_app: tuple[Flask, str], context: BrowserContext, how: str
) -> None:
    app, base = live_app
    page = context.new_page()
    receipt = new_receipt_page(page, base, a_receipt(app))
    page.get_by_role("button", name="Copy receipt").click()
    expect(page.locator("p#receipt-copied[role=status]")).to_have_text(
        "Receipt copied. Paste it somewhere only you can see, such as a password manager on "
        "your own device."
    )
    assert page.evaluate("navigator.clipboard.readText()") == receipt
    if how == "button":
        button_link(page, "Exit this page").click()
    else:
        expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(re.compile(r".*/proof/keys$"))
    assert page.evaluate("navigator.clipboard.readText()") == ""


def test_exit_this_page_leaves_the_clipboard_alone_when_nothing_was_copied(
    live_app: tuple[Flask, str], context: BrowserContext
) -> None:
    # What the reporter copied elsewhere is theirs: only a receipt copied here is emptied.
    app, base = live_app
    page = context.new_page()
    new_receipt_page(page, base, a_receipt(app))
    page.evaluate("navigator.clipboard.writeText('something of theirs')")
    button_link(page, "Exit this page").click()
    page.wait_for_url(re.compile(r".*/proof/keys$"))
    assert page.evaluate("navigator.clipboard.readText()") == "something of theirs"


def test_a_receipt_typed_at_status_is_not_there_after_going_away_and_back(
    live_app: tuple[Flask, str], context: BrowserContext
) -> None:
    _, base = live_app
    page = context.new_page()
    page.goto(base + "/status")
    mistyped = "ABCD-EFGH-JKMN-PQRS-TVW1"
    page.get_by_label("Your receipt").fill(mistyped)
    page.get_by_role("button", name="Check your report").click()
    # Shown back at once, in groups of four, so the slip is easy to spot against the written one.
    expect(page.get_by_label("Your receipt")).to_have_value(mistyped)
    page.goto(base + "/proof/keys")  # another site, as far as this page knows
    page.go_back()
    expect(page.get_by_text("We could not find a report with that receipt").first).to_be_visible()
    expect(page.get_by_label("Your receipt")).to_have_value("")


def open_report(page: Page, base: str, receipt: str) -> None:
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_exit_this_page_leaves_no_cookie(
    live_app: tuple[Flask, str], context: BrowserContext
) -> None:
    app, base = live_app
    page = context.new_page()
    open_report(page, base, a_receipt(app))
    assert context.cookies()
    button_link(page, "Exit this page").click()
    page.wait_for_url(re.compile(r".*/proof/keys$"))
    assert context.cookies() == []


def test_signing_out_leaves_no_cookie_and_says_so(
    live_app: tuple[Flask, str], context: BrowserContext
) -> None:
    """After "Sign out" a cookie named "candour" stayed on the device (holding a form's CSRF
    token), where "Exit this page" leaves none: on a shared device it said the service was used."""
    app, base = live_app
    page = context.new_page()
    open_report(page, base, a_receipt(app))
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#signed-out")).to_contain_text("You have signed out.")
    assert context.cookies() == []
    page.reload()  # said once, and still nothing kept
    expect(page.locator("#signed-out")).to_have_count(0)
    assert context.cookies() == []


@pytest.mark.parametrize("how", ["button", "shift", "sign out"])
def test_ending_the_session_in_one_tab_makes_every_other_tab_leave_at_once(
    live_app: tuple[Flask, str], context: BrowserContext, how: str
) -> None:
    """ "Exit this page" in one tab left the whole report readable in another tab of the same
    browser until it was reloaded. With JavaScript the other tab now leaves at once for where
    Exit goes; told by a BroadcastChannel, so nothing is stored on the device to say so."""
    app, base = live_app
    here, other = context.new_page(), context.new_page()
    open_report(here, base, a_receipt(app))
    other.goto(base + "/status")  # the same report, open in a second tab
    expect(other.get_by_role("button", name="Sign out")).to_be_visible()
    writing = context.new_page()  # and a report being written in a third
    writing.goto(base + "/report/what")
    writing.get_by_label("What happened?").fill("He shouted at me in the canteen.")
    if how == "button":
        button_link(here, "Exit this page").click()
        here.wait_for_url(re.compile(r".*/proof/keys$"))
    elif how == "shift":
        expect(here.locator(".govuk-exit-this-page__indicator")).to_be_attached()
        for _ in range(3):
            here.keyboard.press("Shift")
        here.wait_for_url(re.compile(r".*/proof/keys$"))
    else:
        here.get_by_role("button", name="Sign out").click()
        expect(here.locator("#signed-out")).to_contain_text("You have signed out.")
    for tab in (other, writing):
        tab.wait_for_url(re.compile(r".*/proof/keys$"), timeout=10_000)
        expect(tab.get_by_text("He shouted at me in the canteen.")).to_have_count(0)
        expect(tab.get_by_role("button", name="Sign out")).to_have_count(0)
    assert context.cookies() == []
    # Nothing was kept on the device to say so.
    for tab in (here, other):
        assert tab.evaluate("localStorage.length + sessionStorage.length") == 0
