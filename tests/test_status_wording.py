"""The status page's words for "Received" stay true when the team writes to the reporter before
acknowledging the report: "The team wrote to you" above "The team has not acknowledged it yet"
read as a contradiction to a worried reporter. Writing is not acknowledging (the 7-day clock
waits for the Acknowledge action), so the page says both."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, open_status, submit_report, visible_text
from triage.casework import stages, writing


def the_report() -> Report:
    return db.session.scalars(select(Report).order_by(Report.id.desc())).first()  # type: ignore[return-value]


def status_meaning(client: FlaskClient) -> str:
    """The words of the page's Status row: its tag, then what it means."""
    html = client.get("/status").get_data(as_text=True)
    return visible_text(html.split(">Status</dt>", 1)[1].split("</dd>", 1)[0])


def test_a_message_before_acknowledgement_is_not_contradicted(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    assert "The team has not acknowledged it yet." in status_meaning(client)

    writing.message_reporter(the_report(), team.lead, "Can you tell us which shift it was?")
    db.session.commit()

    said = status_meaning(client)
    assert "has not acknowledged it yet" not in said
    assert "the team has written to you" in said and "acknowledgement" in said
    assert said.startswith("Received ") and "is still to come" in said
    report = the_report()
    assert report.stage == "received" and report.acknowledged_on is None  # the clock still runs


def test_once_acknowledged_the_page_says_so(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    writing.message_reporter(the_report(), team.lead, "Can you tell us which shift it was?")
    stages.acknowledge(the_report(), team.lead)
    db.session.commit()
    said = status_meaning(client)
    assert "still to come" not in said and "has read your report and confirmed it" in said
