"""Text typed in one of the case page's boxes and not sent, carried along by another form sent
from the page (``candour.js`` adds it as ``unsent-<box>`` fields: a browser sends only the form
whose button was pressed), comes back in its own box on the page the form redirects to, whether
that form was accepted or refused; kept sealed in the member's session, never in clear in the
database or a log."""

from __future__ import annotations

import html as html_module
import logging
import re

import pytest
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, submit_report
from tests.test_case import ACK, act, case_url, staff
from tests.test_case_refusals import readable_in_the_database
from triage.models import Note

MESSAGE = "Thank you for telling us about the rota.\r\nCould you say which week it was?"


def box(html: str, name: str) -> str:
    """What the text box ``name`` shows."""
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, f"no text box {name}"
    return html_module.unescape(found.group(1)).strip()


def shown_as_typed(shown: str, typed: str) -> bool:
    # A browser sends line breaks as CRLF; the page may show them as LF.
    return shown.replace("\r\n", "\n") == typed.replace("\r\n", "\n")


@pytest.fixture
def case(app: Flask, team: Team) -> Report:
    submit_report(app.test_client())
    return db.session.scalars(select(Report)).one()


def test_a_message_not_sent_comes_back_in_its_box_after_a_note_is_added(
    app: Flask, team: Team, case: Report, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lead = staff(app, team.lead, team)
    posted = act(lead, case, "notes", {"note_body": "Rota checked", "unsent-message_body": MESSAGE})
    assert posted.status_code == 302
    marked, _, anchor = posted.headers["Location"].partition("#")
    assert marked.startswith(f"{case_url(case)}?refused=") and anchor == "notes"
    assert len(db.session.scalars(select(Note)).all()) == 1  # the note was added

    page = lead.get(marked).get_data(as_text=True)
    assert "Note added." in page and "There is a problem" not in page
    assert shown_as_typed(box(page, "message_body"), MESSAGE)
    assert box(page, "note_body") == ""
    # A reload, or Back onto it, shows it again; the case opened afresh does not.
    assert shown_as_typed(box(lead.get(marked).get_data(as_text=True), "message_body"), MESSAGE)
    assert box(lead.get(case_url(case)).get_data(as_text=True), "message_body") == ""
    # Sealed: never in clear in the database, nor in a log.
    assert not readable_in_the_database("which week it was")
    assert not any("which week it was" in record.getMessage() for record in caplog.records)


def test_unsent_text_comes_back_beside_a_refused_form(app: Flask, team: Team, case: Report) -> None:
    lead = staff(app, team.lead, team)
    reason = "Management advice given to the officer"
    posted = act(lead, case, "notes", {"note_body": "", "unsent-outcome_reason": reason})
    assert posted.status_code == 303
    page = lead.get(posted.headers["Location"]).get_data(as_text=True)
    assert "Write the note" in page  # the note's own error
    assert box(page, "outcome_reason") == reason


def test_only_other_boxes_typed_in_are_carried(app: Flask, team: Team, case: Report) -> None:
    lead = staff(app, team.lead, team)
    # Its own box, a name that is no box of the page, the acknowledgement as the page shows it
    # before anything is typed, and blank text: nothing to carry, so nothing is kept.
    nothing = {
        "note_body": "Rota checked",
        "unsent-note_body": "Not this",
        "unsent-password": "hunter2",
        "unsent-acknowledgement": ACK["acknowledgement"],
        "unsent-message_body": "  ",
    }
    posted = act(lead, case, "notes", nothing)
    assert posted.status_code == 302
    assert "refused=" not in posted.headers["Location"]
    assert not readable_in_the_database("hunter2")


def test_the_acknowledgement_rewritten_comes_back_after_a_message_is_sent(
    app: Flask, team: Team, case: Report
) -> None:
    lead = staff(app, team.lead, team)
    mine = "Thank you. I will read your report today and write again by Friday."
    posted = act(lead, case, "messages", {"message_body": "Hello", "unsent-acknowledgement": mine})
    page = lead.get(posted.headers["Location"]).get_data(as_text=True)
    assert box(page, "acknowledgement") == mine
    assert box(page, "message_body") == ""
