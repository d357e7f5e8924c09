"""A case page sent after the member signed out in another tab gives back what was typed in
each of its boxes, under that box's own label: with JavaScript on, the form pressed carries the
other boxes' text too, and two unnamed boxes ("What you typed (1)", "(2)") let an internal note be
pasted back into the message to the reporter."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from tests.browser.test_team_browser import person, sign_in
from tests.helpers import DEFAULT_REPORT, make_team

pytestmark = pytest.mark.browser
NOTE = "Rota checked with the duty sergeant"
MESSAGE = "Thank you for writing again.\nCould you tell us which week the rota changed?"


def test_each_box_typed_in_is_given_back_under_its_own_label(
    browser: Browser, live_app: tuple[Flask, str]
) -> None:
    app, base = live_app
    with app.app_context():
        lead = person(make_team().lead)
        submit(dict(DEFAULT_REPORT))
        db.session.commit()
        reference = db.session.scalars(select(Report.reference)).one()
        db.session.remove()
    context = browser.new_context()  # JavaScript on: the note's form carries the message
    try:
        case = context.new_page()
        sign_in(case, base, lead)
        case.goto(f"{base}/team/cases/{reference}")
        case.get_by_label("Message to the reporter").fill(MESSAGE)
        case.get_by_label("Internal note").fill(NOTE)
        other_tab = context.new_page()
        other_tab.goto(f"{base}/team/")
        other_tab.get_by_role("banner").get_by_role("button", name="Sign out", exact=True).click()
        expect(other_tab.get_by_role("button", name="Continue")).to_be_visible()

        case.get_by_role("button", name="Add note").click()
        expect(case.get_by_role("heading", name="Your session ended")).to_be_visible()
        expect(case.get_by_label("What you typed in “Internal note”")).to_have_value(NOTE)
        given_back = case.get_by_label("What you typed in “Message to the reporter”")
        expect(given_back).to_have_value(MESSAGE)
        expect(case.get_by_text("What you typed (")).to_have_count(0)
    finally:
        context.close()
