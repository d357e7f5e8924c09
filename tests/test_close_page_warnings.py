"""The close page says what closing would leave behind: a reporter's message nobody has
answered, and the reporter's word of retaliation with no assessment open. A closed case leaves
the open queue, where both were shown; the walker's lead closed one without seeing either."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models import Report
from intake.submission import add_message
from tests.helpers import Team, open_status
from tests.journey_page import parse
from tests.test_case import case_url, reported, staff
from tests.test_queue_closed_input import post_status
from triage.casework import protection

__all__ = ["reported"]  # the fixture, used here by name

pytestmark = pytest.mark.usefixtures("midday")


def close_page_warnings(lead: FlaskClient, report: Report) -> set[str]:
    page = parse(lead.get(case_url(report) + "/close").get_data(as_text=True))
    return {found for found in ("close-unanswered", "close-retaliation") if page.find(id=found)}


def test_an_unanswered_reporter_message_is_named_until_the_team_answers(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    assert close_page_warnings(lead, report) == set()
    open_status(client, receipt)
    post_status(client, "/status/reply", {"body": "Did you get my report?"})
    assert close_page_warnings(lead, report) == {"close-unanswered"}
    add_message(report, "Yes, we are looking at it.", from_reporter=False)
    db.session.commit()
    assert close_page_warnings(lead, report) == set()


def test_retaliation_reported_is_named_until_an_assessment_is_open(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": ""})
    assert close_page_warnings(lead, report) == {"close-retaliation"}
    protection.record_protection(report, team.lead, "high", "Same team.", "Moved shift.")
    db.session.commit()
    assert close_page_warnings(lead, report) == set()
