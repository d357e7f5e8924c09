"""A reporter who withdrew without asking for what they sent to be deleted, or who has changed
their mind since, can have it deleted from their status page, with their receipt: it was offered
only on the withdraw form, and afterwards the status page said nothing of it."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.forms.status import NOT_THIS_RECEIPT
from intake.models import Attachment, Report
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    redirected_to,
    refused,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.journey_page import errors
from triage.casework import protection

DESCRIPTION = "The custody sergeant read my messages aloud to the team."
WRONG = "AAAA-BBBB-CCCC-DDDD-EEE2"
DELETE = "/status/delete"
WITHDRAWN_ON = date.today() - timedelta(days=3)


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def status_text(client: FlaskClient) -> str:
    return visible_text(client.get("/status").get_data(as_text=True))


def withdrawn(client: FlaskClient, receipt: str) -> None:
    """Open the report and withdraw it, without asking for it to be deleted."""
    open_status(client, receipt)
    sent = {"receipt": receipt, "reason": "I want to move on."}
    assert post_form(client, "/status/withdraw", sent).headers["Location"] == "/status"
    assert the_report().content_destroyed_on is None


def assert_kept() -> None:
    report = the_report()
    assert report.content_destroyed_on is None
    assert report.content != b"" and report.reporter_content is not None
    assert "deletion_asked" not in [event.kind for event in report.events]


def test_withdrawn_then_deleted_later_the_content_is_gone(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION, files=[("a.txt", b"abc")])
    withdrawn(client, receipt)
    # Withdrawn some days ago: whose request it was is not read from the day alone.
    report = the_report()
    report.withdrawn_on = report.closed_on = WITHDRAWN_ON
    db.session.commit()
    html = client.get("/status").get_data(as_text=True)
    assert f'href="{DELETE}">Delete what you sent</a>' in html
    assert DESCRIPTION in visible_text(html)

    page = visible_text(client.get(DELETE).get_data(as_text=True))
    assert "your report, evidence and messages are deleted now and cannot be brought back" in page
    assert "The team keeps only counts and dates." in page
    assert "Enter your receipt to confirm" in page and "Delete what I sent" in page

    deleted = post_form(client, DELETE, {"receipt": receipt})
    assert deleted.status_code == 302 and deleted.headers["Location"] == "/status"
    report = the_report()
    assert report.content_destroyed_on == date.today()
    assert report.content == b"" and report.reporter_content is None
    assert db.session.scalars(select(Attachment)).all() == []
    text = status_text(client)
    assert "What you sent has been deleted" in text  # said once, at the top
    assert DESCRIPTION not in text
    assert "You withdrew this report and asked for what you sent to be deleted" in text
    assert "retention policy" not in text
    assert text.count("Nothing more can be added") == 1
    assert "Delete what you sent" not in text
    assert "What you sent has been deleted" not in status_text(client)  # once only

    # The team sees whose request it was, not the retention policy, in words true of a later
    # deletion; the timeline names the reporter.
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    case = visible_text(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    assert "at the reporter's request" in case and "under the retention policy" not in case
    assert "The reporter asked for what they sent to be deleted The reporter" in case
    assert "Sealed content destroyed at the reporter's request, after they withdrew it" in case


def test_a_wrong_receipt_is_refused_and_nothing_is_deleted(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    for typed, error in (("", "Enter your receipt"), (WRONG, NOT_THIS_RECEIPT)):
        html = refused(client, post_form(client, DELETE, {"receipt": typed}))
        assert errors(html) == [error]
        assert WRONG not in html and receipt not in html  # a receipt is never shown back
    assert_kept()
    assert DESCRIPTION in status_text(client)
    # A later visit is a fresh form, not the last one's error.
    assert errors(client.get(DELETE).get_data(as_text=True)) == []


def test_it_is_neither_offered_nor_done_while_a_protective_measure_is_open(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    protection.record_protection(the_report(), team.lead, "high", "Same team.", "Moved shift.")
    db.session.commit()
    html = client.get("/status").get_data(as_text=True)
    assert f'href="{DELETE}"' not in html
    assert "measures in place to protect you, so what you sent is kept" in visible_text(html)
    assert client.get(DELETE).headers["Location"] == "/status"
    # A page opened before the measure, sent after: nothing is deleted.
    posted = client.post(DELETE, data={"receipt": receipt})
    assert posted.status_code == 302 and posted.headers["Location"] == "/status"
    assert_kept()


def test_a_page_opened_before_a_protective_measure_deletes_nothing_after(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    page = client.get(DELETE).get_data(as_text=True)
    protection.record_protection(the_report(), team.lead, "high", "Same team.", "Moved shift.")
    db.session.commit()
    posted = client.post(DELETE, data={"csrf_token": csrf_token(page), "receipt": receipt})
    assert posted.headers["Location"] == "/status"
    assert_kept()
    assert "What you sent has been deleted" not in status_text(client)


def test_it_is_not_offered_before_withdrawing(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    open_status(client, receipt)
    assert f'href="{DELETE}"' not in client.get("/status").get_data(as_text=True)
    assert client.get(DELETE).headers["Location"] == "/status"
    posted = client.post(DELETE, data={"receipt": receipt})
    assert posted.headers["Location"] == "/status"
    assert_kept()
    assert the_report().withdrawn_on is None


def test_reload_and_back_after_deleting_do_nothing_more(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    page = client.get(DELETE).get_data(as_text=True)
    token = csrf_token(page)
    assert client.post(DELETE, data={"csrf_token": token, "receipt": receipt}).status_code == 302
    events = [event.kind for event in the_report().events]
    assert events.count("deletion_asked") == 1 and events.count("content_destroyed") == 1
    status_text(client)  # the redirect followed
    # Reload: the status page, a GET; Back: the page, which is no longer there.
    assert "What you sent has been deleted" not in status_text(client)
    back = client.get(DELETE)
    assert back.status_code == 302 and back.headers["Location"] == "/status"
    # The form sent again (a browser resubmitting it) does nothing more either.
    again = client.post(DELETE, data={"csrf_token": token, "receipt": receipt})
    assert again.headers["Location"] == "/status"
    events = [event.kind for event in the_report().events]
    assert events.count("deletion_asked") == 1 and events.count("content_destroyed") == 1
    text = status_text(client)
    assert "What you sent has been deleted" not in text
    assert "You withdrew this report and asked for what you sent to be deleted" in text


def test_a_deletion_over_its_limit_is_refused_on_the_limits_page(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    for _ in range(10):
        assert post_form(client, DELETE, {"receipt": WRONG}).status_code == 303
    over = post_form(client, DELETE, {"receipt": WRONG})
    assert redirected_to(over) == "/status/too-many-receipts"
    said = visible_text(client.get(over.headers["Location"]).get_data(as_text=True))
    assert "What you sent has not been deleted." in said
    assert_kept()
    assert post_form(client, DELETE, {"receipt": receipt}).headers["Location"] == "/status"
    assert the_report().content_destroyed_on == date.today()


def test_a_form_whose_token_expired_deletes_nothing_and_is_shown_again(
    client: FlaskClient, team: Team
) -> None:
    """As the other confirmations: the page again, saying the session timed out, never the
    receipt typed, and nothing deleted until it is sent again with a live token."""
    receipt = submit_report(client, description=DESCRIPTION)
    withdrawn(client, receipt)
    stale = client.post(DELETE, data={"csrf_token": "stale", "receipt": receipt})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "your session timed out" in visible_text(html)
    assert receipt not in html
    assert_kept()
    posted = client.post(DELETE, data={"csrf_token": csrf_token(html), "receipt": receipt})
    assert posted.headers["Location"] == "/status"
    assert the_report().content_destroyed_on == date.today()


def test_deleting_a_withdrawn_held_report_does_not_say_the_team_saw_it(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: for a report withdrawn while held, which nobody on the team may ever
    have read, the page said "The team will still see that you withdrew your report"."""
    receipt = submit_report(client, together="together")
    withdrawn(client, receipt)
    page = visible_text(client.get(DELETE).get_data(as_text=True))
    assert "If your report was still held when you withdrew it, nobody on the team read it" in page
    assert "The team will still see that you withdrew your report" not in page
