"""Text half written in one of the case page's boxes survives pressing another form's button:
with JavaScript on, the form sent carries it along and the page it comes back to shows it in its
own box; with JavaScript off, the page says that each button sends only its own form."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from tests.browser.test_casework_browser import NAME_ONLY, NUMBERED
from tests.browser.test_team_browser import Person, person, sign_in
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser
MESSAGE = "Thank you for writing again.\nCould you tell us which week the rota changed?"
HINT = "Each button on this page sends only its own form"


@pytest.fixture(scope="module")
def lead_and_case(live_app: tuple[Flask, str]) -> tuple[str, Person, str]:
    app, base = live_app
    with app.app_context():
        team = make_team()
        submit(dict(DEFAULT_REPORT))
        db.session.commit()
        reference = db.session.scalars(select(Report.reference)).one()
        lead = person(team.lead)
        db.session.remove()
    return base, lead, reference


@pytest.fixture(scope="module")
def contexts(
    browser: Browser, lead_and_case: tuple[str, Person, str]
) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    """The lead signed in once (a code works once), with JavaScript on and off."""
    base, lead, _ = lead_and_case
    with_js, without_js = browser.new_context(), browser.new_context(java_script_enabled=False)
    sign_in(with_js.new_page(), base, lead)
    without_js.add_cookies(with_js.cookies())
    yield with_js, without_js
    with_js.close()
    without_js.close()


def test_a_message_half_written_is_still_there_after_adding_a_note(
    lead_and_case: tuple[str, Person, str], contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    base, _, reference = lead_and_case
    page: Page = contexts[0].new_page()
    page.goto(f"{base}/team/cases/{reference}")
    expect(page.get_by_text(HINT)).to_be_hidden()  # with JavaScript on, the text is carried
    page.get_by_label("Message to the reporter").fill(MESSAGE)
    page.get_by_label("Internal note").fill("Rota checked with the duty sergeant")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    expect(page.get_by_text("Rota checked with the duty sergeant")).to_be_visible()
    expect(page.get_by_label("Internal note")).to_have_value("")
    expect(page.get_by_label("Message to the reporter")).to_have_value(MESSAGE)
    # A reload shows it again; the message, sent, goes as typed.
    page.reload()
    expect(page.get_by_label("Message to the reporter")).to_have_value(MESSAGE)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    expect(page.get_by_label("Message to the reporter")).to_have_value("")


def test_a_message_half_written_survives_a_possible_matchs_confirmation_page(
    live_app: tuple[Flask, str],
    lead_and_case: tuple[str, Person, str],
    contexts: tuple[BrowserContext, BrowserContext],
) -> None:
    """A judgement of a possible match leads through a page of its own, both reports side by
    side, before the case again: the message half written comes back in its box whether the
    member goes back from that page or confirms there."""
    app, _ = live_app
    base, _, _ = lead_and_case
    with app.app_context():
        submit({**DEFAULT_REPORT, "people": [NUMBERED]})
        later, _ = submit({**DEFAULT_REPORT, "people": [NAME_ONLY]})
        db.session.commit()
        reference = later.reference
        db.session.remove()
    page: Page = contexts[0].new_page()
    page.goto(f"{base}/team/cases/{reference}")
    message = page.get_by_label("Message to the reporter")
    for leave_by in ("No, go back to the case", "Yes, the same person: link them"):
        message.fill(MESSAGE)
        page.get_by_label("Yes, the same person: link them").check()
        page.get_by_role("button", name="Save judgement").click()
        expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
        page.get_by_label("Why are they the same person?").fill("Same shoulder number")
        page.get_by_role("link", name=leave_by).or_(
            page.get_by_role("button", name=leave_by)
        ).click()
        expect(message).to_have_value(MESSAGE)
    expect(page.get_by_text("Linked: the two reports now count")).to_be_visible()


def test_without_javascript_the_page_says_each_button_sends_only_its_own_form(
    lead_and_case: tuple[str, Person, str], contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    base, _, reference = lead_and_case
    page: Page = contexts[1].new_page()
    page.goto(f"{base}/team/cases/{reference}")
    expect(page.get_by_text(HINT)).to_be_visible()


def test_a_refused_form_gives_the_focus_to_its_field_in_error_not_to_nothing(
    lead_and_case: tuple[str, Person, str], contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    """The refused form comes back at its own place on the long case page; going there used to
    take the focus from the error summary and leave it on nothing, so a screen reader said
    nothing of the refusal. The field in error takes it, read out with its error."""
    base, _, reference = lead_and_case
    page: Page = contexts[0].new_page()
    page.goto(f"{base}/team/cases/{reference}")
    page.get_by_role("button", name="Add note").click()  # nothing typed: refused
    expect(page).to_have_url(re.compile(r"#note-form$"))
    # Refused like every other form of the page: an error summary at the top leads to the box.
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Write the note")).to_have_attribute(
        "href", "#note_body"
    )
    note = page.get_by_label("Internal note")
    expect(note).to_be_focused()
    expect(note).to_be_in_viewport()
    described = note.get_attribute("aria-describedby") or ""
    assert any("error" in part for part in described.split())  # its error is read with it


def test_a_form_accepted_on_a_phone_gives_the_focus_to_the_success_banner_in_view(
    browser: Browser,
    lead_and_case: tuple[str, Person, str],
    contexts: tuple[BrowserContext, BrowserContext],
) -> None:
    """Accepted, a form comes back at its own place on the long case page, with a success banner
    at the top: GOV.UK Frontend focused the banner, going to the place took the focus away (to
    nothing) and left the banner far above, out of sight on a phone, so neither a screen reader
    nor the member learnt that it was done. A refused form still focuses its field in error."""
    base, _, reference = lead_and_case
    phone = browser.new_context(viewport={"width": 375, "height": 667})
    phone.add_cookies(contexts[0].cookies())
    try:
        page: Page = phone.new_page()
        page.goto(f"{base}/team/cases/{reference}")
        page.get_by_label("Internal note").fill("Spoke to the duty inspector")
        page.get_by_role("button", name="Add note").click()
        expect(page).to_have_url(re.compile(r"#notes$"))
        banner = page.get_by_role("alert").filter(has_text="Note added.")
        expect(banner).to_be_focused()
        expect(banner).to_be_in_viewport()

        page.get_by_role("button", name="Add note").click()  # nothing typed: refused
        expect(page).to_have_url(re.compile(r"#note-form$"))
        note = page.get_by_label("Internal note")
        expect(note).to_be_focused()
        expect(note).to_be_in_viewport()
    finally:
        phone.close()
