"""A held "go together" report, from the reporter's side: every page says it is held and unread,
for how long and how to release it; retaliation releases it (as the button says) so the team can
really act, and nothing claims "urgent" while the team cannot see it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    send_report,
    sign_in_directly,
    submit_report,
    visible_text,
)


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
    assert "Your report is held" in text
    assert "no time limit" in text
    assert "release it" in text
    assert "within 7 days" not in text


def test_the_status_page_says_a_held_report_is_held_unread_and_how_to_release_it(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    text = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert "Held" in text and "nobody on the team has read it" in text
    assert "waiting for the team to read it" not in text
    assert "There is no time limit" in text
    assert "Release your report to the team now" in text
    assert "Release my report and tell the team I am facing retaliation" in text


def test_retaliation_on_a_held_report_releases_it_so_the_team_sees_it_urgent(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    assert not team_sees(app, team, the_report())
    page = open_status(client, receipt).get_data(as_text=True)
    client.post(
        "/status/retaliation",
        data={"csrf_token": csrf_token(page), "release": "yes", "details": "Moved off my team"},
    )
    report = the_report()
    assert report.escrow == "released" and report.urgent
    assert "released_by_reporter" in [event.kind for event in report.events]
    assert team_sees(app, team, report)
    text = visible_text(client.get("/status").get_data(as_text=True))
    assert "Your report is marked urgent" in text and "Your report is held" not in text


def test_retaliation_on_a_held_report_without_the_release_button_changes_nothing(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    page = open_status(client, receipt).get_data(as_text=True)
    response = client.post(
        "/status/retaliation", data={"csrf_token": csrf_token(page), "details": "Moved"}
    )
    assert "Release it so the team can see this" in visible_text(response.get_data(as_text=True))
    report = the_report()
    assert report.escrow == "waiting" and not report.urgent


def test_a_reporter_releases_a_held_report_after_reading_what_it_means(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    explained = visible_text(client.get("/status/release").get_data(as_text=True))
    assert "even if nobody else ever names the same person" in explained
    assert "it cannot be held again" in explained
    assert the_report().escrow == "waiting"  # reading the page releases nothing

    post_form(client, "/status/release", {})
    report = the_report()
    assert report.escrow == "released" and not report.urgent
    assert team_sees(app, team, report)
    assert client.get("/status/release").status_code == 302  # nothing left to release
    # Both sides say the reporter released it: nobody else had named the same person.
    status = visible_text(client.get("/status").get_data(as_text=True))
    assert "You released your report to the team on" in status
    assert "Someone else independently named" not in status
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    case = visible_text(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    assert "then released it to the team themselves before anyone had" in case
    assert "That happened, so it was released" not in case
