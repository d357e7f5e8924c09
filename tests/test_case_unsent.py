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
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, submit_report
from tests.test_case import ACK, act, case_url, staff
from tests.test_case_refusals import readable_in_the_database
from tests.test_possible_matches import confirm_url, two_reports
from triage.models import Note, PossibleMatch

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
    act(lead, case, "acknowledge", ACK)  # the outcome's boxes are there once it is acknowledged
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


def links_back(page: str, reference: str) -> list[str]:
    """The addresses of the confirmation page's links back to the case ("Back to the case",
    "No, go back to the case")."""
    return [
        html_module.unescape(href)
        for href in re.findall(rf'href="(/team/cases/{reference}[?#][^"]*)"', page)
    ]


def judgement_carrying(
    client: FlaskClient, report: Report, match: PossibleMatch, judgement: str, **unsent: str
) -> str:
    """Choose ``judgement`` on the case page with text typed in the page's other boxes and not
    sent (``unsent``, carried as ``candour.js`` carries it): the confirmation page's address."""
    url = case_url(report)
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {f"possible-{match.id}-csrf_token": token, f"possible-{match.id}-judgement": judgement}
    data |= {f"unsent-{name}": text for name, text in unsent.items()}
    chosen = client.post(f"{url}/possible/{match.id}", data=data)
    assert chosen.status_code == 303
    location: str = chosen.location
    assert location.startswith(confirm_url(report, match, judgement) + "&unsent=")
    return location


@pytest.mark.parametrize("judgement", ["same", "different"])
def test_unsent_text_comes_back_after_a_possible_match_is_confirmed(
    app: Flask, team: Team, judgement: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    earlier, _, match = two_reports(app.test_client())
    lead = staff(app, team.lead, team)
    confirming = judgement_carrying(lead, earlier, match, judgement, message_body=MESSAGE)
    page = lead.get(confirming).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page)}
    # Refused first (no reason): the confirmation page again, still carrying the message.
    refused = lead.post(confirming, data=data)
    assert refused.status_code == 303 and "unsent=" in refused.location
    page = lead.get(refused.location).get_data(as_text=True)
    if judgement == "different":
        assert "Give the reason they are different people" in page
        data["different_reason"] = "Different stations and shoulder numbers"
    else:
        assert "Give the reason they are the same person" in page
        data["same_reason"] = "Same shoulder number and station"
    action = html_module.unescape(re.findall(r'<form method="post" action="([^"]+)"', page)[-1])
    confirmed = lead.post(action, data=data)
    assert confirmed.status_code == 302
    assert confirmed.location.startswith(f"{case_url(earlier)}?refused=")
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status != "open"  # judged

    case_page = lead.get(confirmed.location).get_data(as_text=True)
    assert "Linked:" in case_page or "Recorded: not the same person." in case_page
    assert shown_as_typed(box(case_page, "message_body"), MESSAGE)
    assert not readable_in_the_database("which week it was")
    assert not any("which week it was" in record.getMessage() for record in caplog.records)


def test_unsent_text_comes_back_when_the_member_goes_back_from_the_confirmation(
    app: Flask, team: Team
) -> None:
    earlier, _, match = two_reports(app.test_client())
    lead = staff(app, team.lead, team)
    note = "Spoke to the duty inspector"
    confirming = judgement_carrying(
        lead, earlier, match, "different", message_body=MESSAGE, note_body=note
    )
    page = lead.get(confirming).get_data(as_text=True)
    backs = links_back(page, earlier.reference)
    assert len(backs) == 2  # the back link and "No, go back to the case"
    for back in backs:
        case_page = lead.get(back).get_data(as_text=True)
        assert "There is a problem" not in case_page
        assert shown_as_typed(box(case_page, "message_body"), MESSAGE)
        assert box(case_page, "note_body") == note
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"


def test_unsent_text_comes_back_when_the_match_was_judged_meanwhile(app: Flask, team: Team) -> None:
    earlier, _, match = two_reports(app.test_client())
    lead = staff(app, team.lead, team)
    confirming = judgement_carrying(lead, earlier, match, "same", message_body=MESSAGE)
    page = lead.get(confirming).get_data(as_text=True)
    # Another tab (a session of its own) judges it first.
    other = staff(app, team.lead, team)
    other_page = other.get(confirm_url(earlier, match, "different")).get_data(as_text=True)
    other.post(
        confirm_url(earlier, match, "different"),
        data={"csrf_token": csrf_token(other_page), "different_reason": "Not the same station"},
    )
    refused = lead.post(
        confirming, data={"csrf_token": csrf_token(page), "same_reason": "Same station"}
    )
    assert refused.status_code == 303
    case_page = lead.get(refused.location).get_data(as_text=True)
    assert "already been judged" in case_page
    assert shown_as_typed(box(case_page, "message_body"), MESSAGE)


def test_a_confirmation_address_naming_no_kept_text_leads_back_to_the_case_unmarked(
    app: Flask, team: Team
) -> None:
    earlier, _, match = two_reports(app.test_client())
    lead = staff(app, team.lead, team)
    page = lead.get(confirm_url(earlier, match, "same") + "&unsent=0123456789abcdef")
    assert page.status_code == 200
    assert all(
        "refused=" not in back
        for back in links_back(page.get_data(as_text=True), earlier.reference)
    )
