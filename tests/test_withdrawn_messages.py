"""A team message on a withdrawn report: the team may still write (to offer protection, say),
but the reporter cannot answer through Candour. The team is told so before they send; the
reporter's page says so without also saying that nothing more can be added, and says what they
can do instead."""

from __future__ import annotations

from datetime import date

from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.templating import day
from tests.helpers import Team, csrf_token, open_status, post_form, sign_in_directly, submit_report
from tests.journey_page import parse

PROTECTION = "We take retaliation seriously and can help protect you."


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def case_page(lead: FlaskClient, report: Report) -> str:
    return lead.get(f"/team/cases/{report.reference}").get_data(as_text=True)


def signed_in_lead(app: Flask, team: Team) -> FlaskClient:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    return lead


def test_the_team_is_told_before_sending_that_a_withdrawn_reporter_cannot_reply(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    lead = signed_in_lead(app, team)
    assert not parse(case_page(lead, the_report())).find(id="withdrawn-no-reply")

    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    report = the_report()
    form = parse(case_page(lead, report)).find(id="message-form")[0]
    said = form.find(id="withdrawn-no-reply")
    assert said, form.words
    words = said[0].words
    assert f"The reporter withdrew this report on {day(date.today())}" in words
    assert "cannot reply through Candour" in words
    assert "status page" in words  # what is sent still reaches them
    # The notice comes before the box, and the box is still there: writing is legitimate.
    assert form.find("textarea") and form.words.index(words) < form.words.index("Send message")


def test_a_team_message_after_withdrawal_reads_without_contradiction_to_the_reporter(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    lead = signed_in_lead(app, team)
    report = the_report()
    token = csrf_token(case_page(lead, report))
    sent = lead.post(
        f"/team/cases/{report.reference}/messages",
        data={"csrf_token": token, "message_body": PROTECTION},
    )
    assert sent.status_code in (302, 303)

    page = parse(client.get("/status").get_data(as_text=True))
    text = page.words
    assert PROTECTION in text and "New" in text
    # It said "Nothing more can be added to it" just above a message added after it.
    assert "Nothing more can be added" not in text
    assert "Send a message to the team" not in text
    cannot = page.find(id="cannot-reply")
    assert cannot, text
    assert "you cannot reply here" in cannot[0].words
    assert "make a new report" in cannot[0].words
    with app.test_request_context():
        start = url_for("reporter.start")
    assert [a.attrs.get("href") for a in cannot[0].find("a")] == [start]
    assert "You cannot add anything more to it" in page.find(id="withdrawn")[0].words


def test_a_withdrawn_report_without_team_messages_says_nothing_of_replying(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    assert not parse(client.get("/status").get_data(as_text=True)).find(id="cannot-reply")
