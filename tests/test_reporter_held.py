"""A held "go together" report, from the reporter's side: every page says it is held and unread,
for how long and how to release it; retaliation releases it, after a page that says so and asks
to confirm, so the team can really act, and nothing claims "urgent" while the team cannot see it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    open_status,
    post_form,
    send_report,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.journey_page import back_link, heading, parse, section


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def team_sees(app: Flask, team: Team, report: Report) -> bool:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    return lead.get(f"/team/cases/{report.reference}").status_code == 200


def test_the_confirmation_says_a_held_report_is_held_and_promises_no_acknowledgement(
    client: FlaskClient, team: Team
) -> None:
    text = visible_text(send_report(client, together="together").get_data(as_text=True))
    assert "You asked for your report to be held" in text
    assert "no time limit" in text
    assert "release it" in text
    assert "within 7 days" not in text


def test_the_status_page_says_a_held_report_is_held_unread_and_how_to_release_it(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    text = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert "Held" in text and "nobody on the team can read it" in text
    assert "waiting for the team to read it" not in text
    assert "There is no time limit" in text
    assert "Release your report to the team now" in text
    assert "You will be asked to confirm before your report is released" in text
    # Signing out says nothing of the team having it, which they cannot read.
    assert "stays with the team" not in text and "Nothing you sent is lost" in text


def retaliation_form(client: FlaskClient) -> dict[str, str]:
    """The retaliation page's form, every field as the page fills it in."""
    html = client.get("/status/retaliation").get_data(as_text=True)
    [form] = [f for f in parse(html).find("form") if f.attrs.get("method") == "post"]
    fields = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find("input")}
    fields |= {t.attrs["name"]: t.text.lstrip("\n") for t in form.find("textarea")}
    return fields


def test_telling_the_team_about_retaliation_on_a_held_report_asks_first_and_releases_nothing(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, together="together"))
    sent = client.post(
        "/status/retaliation", data={**retaliation_form(client), "details": "Moved off my team"}
    )
    # One press of the page's button asks first; what was typed never goes in the address.
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/status/retaliation/release"
    report = the_report()
    assert report.escrow == "waiting" and not report.urgent and report.messages == []
    assert not team_sees(app, team, report)

    asked = client.get("/status/retaliation/release").get_data(as_text=True)
    assert heading(asked) == "Release your report to tell the team about retaliation"
    text = visible_text(asked)
    assert "If you continue, your report is released now" in text
    assert "even if nobody else ever names the same person" in text
    assert "it cannot be held again" in text and "marked urgent" in text
    assert section(asked, "what-you-wrote").words == "Moved off my team"
    assert back_link(asked) == "/status/retaliation"
    assert the_report().escrow == "waiting"  # reading the page releases nothing


def test_going_back_from_the_retaliation_question_keeps_what_was_written(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, together="together"))
    typed = "My shifts were changed\nafter I spoke up."
    client.post("/status/retaliation", data={**retaliation_form(client), "details": typed})
    assert retaliation_form(client)["details"] == typed
    status = client.get("/status").get_data(as_text=True)
    assert 'id="unsent-retaliation"' in status  # the status page says it waits, unsent
    assert the_report().escrow == "waiting"


def test_retaliation_on_a_held_report_releases_it_once_confirmed_so_the_team_sees_it_urgent(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    client.post(
        "/status/retaliation", data={**retaliation_form(client), "details": "Moved off my team"}
    )
    post_form(client, "/status/retaliation/release", {"receipt": receipt})
    report = the_report()
    assert report.escrow == "released" and report.urgent
    assert "released_by_reporter" in [event.kind for event in report.events]
    assert team_sees(app, team, report)
    status = client.get("/status").get_data(as_text=True)
    text = visible_text(status)
    assert "Your report is marked urgent" in text and "Your report is held" not in text
    assert "Moved off my team" in text  # in the thread, sent: no longer waiting in the form
    assert 'id="unsent-retaliation"' not in status
    assert retaliation_form(client)["details"] == ""
    # Nothing is left waiting to be confirmed.
    assert client.get("/status/retaliation/release").status_code == 302


def test_the_retaliation_question_without_anything_waiting_goes_back_to_the_status_page(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, together="together"))
    response = client.get("/status/retaliation/release")
    assert response.status_code == 302 and response.headers["Location"] == "/status/retaliation"
    assert the_report().escrow == "waiting"


def test_a_reporter_releases_a_held_report_after_reading_what_it_means(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    explained = visible_text(client.get("/status/release").get_data(as_text=True))
    assert "even if nobody else ever names the same person" in explained
    assert "it cannot be held again" in explained
    assert the_report().escrow == "waiting"  # reading the page releases nothing

    post_form(client, "/status/release", {"receipt": receipt})
    report = the_report()
    assert report.escrow == "released" and not report.urgent
    assert team_sees(app, team, report)
    assert client.get("/status/release").status_code == 302  # nothing left to release
    # Both sides say the reporter released it (the reporter's side never whether anyone else
    # had named the person: intake.followups.match_untold).
    status = visible_text(client.get("/status").get_data(as_text=True))
    assert "Your report is with the team: you asked for it to be released on" in status
    assert "Another report named the same person" not in status
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    case = visible_text(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    assert "then released it to the team themselves before anyone had" in case
    assert "That happened, so it was released" not in case
