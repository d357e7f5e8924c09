"""What a reporter expects on the status page: to read back what they sent (sealed to their
receipt's key, so the server cannot read it at rest), to withdraw, and to see what is new."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Attachment, Report
from intake.sealing import SealError, open_sealed
from intake.submission import add_message
from tests.helpers import (
    Team,
    open_status,
    post_form,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.journey_page import summary_value
from triage.casework import closing, protection

DESCRIPTION = "The custody sergeant read my messages aloud to the team."


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def status_text(client: FlaskClient) -> str:
    return visible_text(client.get("/status").get_data(as_text=True))


def test_the_status_page_reads_back_the_report_as_sent_with_its_files(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(
        client,
        description=DESCRIPTION,
        witnesses="PC Rowe saw it",
        files=[("shift-notes.txt", b"0123456789")],
    )
    text = visible_text(open_status(client, receipt).get_data(as_text=True))
    sent = text.split("What you sent", 1)[1]
    assert DESCRIPTION in sent
    assert "PC Jon Smyth" in sent and "PC Rowe saw it" in sent and "Charing Cross" in sent
    assert "shift-notes.txt (10 bytes)" in sent
    # Sealed to the receipt's key: the team's key cannot open the reporter's copy.
    report = the_report()
    assert report.reporter_content is not None
    assert DESCRIPTION.encode() not in report.reporter_content
    with pytest.raises(SealError):
        open_sealed(team.keys, report.reporter_content, record=report.record, field="report")


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        ({"when": "month", "when_month": "3/2025"}, "March 2025"),
        ({"when": "date", "when_date": "27/3/2025"}, "27 March 2025"),
        ({"when": "unsure", "when_month": ""}, "I'm not sure"),
    ],
)
def test_the_status_page_says_when_as_check_answers_did(
    client: FlaskClient, team: Team, when: dict[str, str], shown: str
) -> None:
    # The check answers page says "March 2025" (test_journey_questions); this said "3/2025".
    receipt = submit_report(client, **when)
    assert summary_value(open_status(client, receipt).get_data(as_text=True), "When") == shown


def test_a_replaced_receipt_still_reads_back_what_was_sent(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION, files=[("a.txt", b"abc")])
    open_status(client, receipt)
    html = post_form(
        client, "/status/replace-receipt", {"receipt": receipt}, follow_redirects=True
    ).get_data(as_text=True)
    new_receipt = html.split('id="receipt">')[1].split("<")[0]
    other = app.test_client()
    text = visible_text(open_status(other, new_receipt).get_data(as_text=True))
    assert DESCRIPTION in text and "a.txt (3 bytes)" in text


def test_a_reporter_withdraws_with_a_reason_and_the_team_sees_why(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    explained = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    assert "Withdraw your report" in explained and "Delete what I sent straight away" in explained
    post_form(
        client,
        "/status/withdraw",
        {"receipt": receipt, "reason": "I have moved force and want to move on."},
    )

    report = the_report()
    assert report.withdrawn_on == date.today() and report.closed_on == date.today()
    assert report.content_destroyed_on is None  # kept for the retention schedule
    assert "withdrawn" in [event.kind for event in report.events]
    text = status_text(client)
    assert "You withdrew this report on" in text and "Send a message" not in text
    # The status says withdrawn, not that the team finished; nor that the team will write.
    assert "Withdrawn" in text and "The team has finished working" not in text
    assert "The team will write here" not in text

    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    case = visible_text(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    assert "The reporter withdrew their report" in case
    assert "I have moved force and want to move on." in case


def test_withdrawing_and_asking_to_delete_destroys_the_content_at_once(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION, files=[("a.txt", b"abc")])
    open_status(client, receipt)
    post_form(client, "/status/withdraw", {"receipt": receipt, "destroy_now": "y"})
    report = the_report()
    assert report.content_destroyed_on == date.today()
    assert report.content == b"" and report.reporter_content is None
    assert db.session.scalars(select(Attachment)).all() == []
    text = status_text(client)
    assert DESCRIPTION not in text
    assert "You withdrew this report and asked for what you sent to be deleted" in text
    assert "retention policy" not in text
    assert text.count("Nothing more can be added") == 1  # said once, not in two paragraphs


def test_the_team_page_of_a_case_deleted_at_withdrawal_says_so_and_offers_no_forms_to_refuse(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """It said the content was destroyed "under the retention policy", and still offered a
    message to the reporter (whose status page no longer shows messages) and a note, each of
    which could only be refused."""
    receipt = submit_report(client, description=DESCRIPTION)
    open_status(client, receipt)
    post_form(client, "/status/withdraw", {"receipt": receipt, "destroy_now": "y"})
    report = the_report()
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    html = lead.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    text = visible_text(html)
    assert "at the reporter's request, after they withdrew the report" in text
    assert "retention policy" not in text
    assert f"/cases/{report.reference}/messages" not in html
    assert f"/cases/{report.reference}/notes" not in html
    assert "No message can be sent: this case's content was destroyed." in text
    assert f"/cases/{report.reference}/protection" not in html
    assert f"/cases/{report.reference}/reopen" not in html
    assert "its content was destroyed, so it cannot be reopened" in text


def test_deleting_at_once_is_not_offered_while_a_protective_measure_is_open(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    protection.record_protection(the_report(), team.lead, "high", "Same team.", "Moved shift.")
    db.session.commit()
    open_status(client, receipt)
    page = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    assert "Delete what I sent straight away" not in page
    assert "measures in place to protect you" in page
    post_form(
        client, "/status/withdraw", {"receipt": receipt, "destroy_now": "y"}
    )  # a forged tick changes nothing
    report = the_report()
    assert report.withdrawn_on == date.today() and report.content_destroyed_on is None


def test_the_team_s_new_messages_are_marked_and_announced_once(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    assert "The team wrote to you" not in status_text(client)
    message = add_message(the_report(), "Can you tell us the date?", from_reporter=False)
    message.sent_on = date(2026, 11, 3)
    db.session.commit()

    text = status_text(client)
    assert "The team wrote to you on 3 November 2026." in text
    assert "The independent team, 3 November 2026 New" in text
    again = status_text(client)  # seen now: nothing new on the next visit
    assert "The team wrote to you" not in again and "2026 New" not in again


def test_the_message_page_shows_the_team_s_last_message_to_answer(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    assert "The team’s last message" not in visible_text(
        client.get("/status/reply").get_data(as_text=True)
    )
    for day, text in ((1, "Which shift was it?"), (3, "Can you tell us the date?")):
        message = add_message(the_report(), text, from_reporter=False)
        message.sent_on = date(2026, 11, day)
    add_message(the_report(), "It was nights.", from_reporter=True)
    db.session.commit()
    page = visible_text(client.get("/status/reply").get_data(as_text=True))
    # On a phone the status page is out of sight: the question is on the page that answers it.
    assert "The team’s last message, 3 November 2026 Can you tell us the date?" in page
    assert "Which shift was it?" not in page and "It was nights." not in page
    # Reading it there is not seeing it: the status page still announces it.
    assert "most recently on 3 November 2026." in status_text(client)


def test_two_new_messages_are_announced_as_two(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    for day, text in ((1, "Which shift was it?"), (3, "Can you tell us the date?")):
        message = add_message(the_report(), text, from_reporter=False)
        message.sent_on = date(2026, 11, day)
    db.session.commit()
    text = status_text(client)
    # Not "since you last checked": the first visit after sending is no second one.
    assert "New messages The team has written to you 2 times that you have not seen here" in text
    assert "most recently on 3 November 2026." in text
    assert "New message The team" not in text


def test_the_withdraw_page_of_a_closed_case_does_not_say_the_team_will_close_it(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    closing.close(the_report(), team.lead, "Resolved informally")
    db.session.commit()
    open_status(client, receipt)
    page = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    assert "will close the case" not in page
    assert "the team has already closed the case" in page
