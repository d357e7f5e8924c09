"""The standard acknowledgement of a report that already has an outcome, recorded before an
outcome needed an acknowledgement first (older data): its reporter was told how it ended, so it
says the team has read the report and promises neither to look into it nor feedback within three
months. The case page's Acknowledge form starts with those words
(``tests/test_acknowledge_withdrawn.py``), and the usual words sent from a page shown before the
outcome was recorded send them too."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, open_status
from tests.page_text import words
from tests.test_acknowledge_withdrawn import (
    acknowledgement_box,
    withdrawn_and_reopened,
)
from tests.test_case import case_url, page_text, reported, staff
from tests.test_outcome_acknowledged_first import an_outcome_from_before_the_rule
from triage.casework import stages
from triage.casework.vocabulary import (
    ACKNOWLEDGEMENT_MESSAGE,
    ACKNOWLEDGEMENT_MESSAGE_DECIDED,
    ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN,
)

__all__ = ["reported"]  # a fixture, used by name


def test_the_usual_wording_from_a_page_shown_before_the_outcome_sends_the_right_one(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    html = page_text(lead, report)
    assert acknowledgement_box(html) == ACKNOWLEDGEMENT_MESSAGE
    an_outcome_from_before_the_rule(report)
    sent = lead.post(
        case_url(report, "acknowledge"),
        data={"csrf_token": csrf_token(html), "acknowledgement": ACKNOWLEDGEMENT_MESSAGE},
    )
    assert sent.status_code == 302 and report.acknowledged_on is not None
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert ACKNOWLEDGEMENT_MESSAGE_DECIDED in status and ACKNOWLEDGEMENT_MESSAGE not in status


def test_a_withdrawn_report_with_an_outcome_is_told_it_was_withdrawn(
    client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    """Withdrawn says the most the reporter needs to know: neither wording promises anything."""
    receipt, report = reported
    an_outcome_from_before_the_rule(report)
    withdrawn_and_reopened(report, team)
    stages.acknowledge(report, team.lead)
    db.session.commit()
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN in status
    assert ACKNOWLEDGEMENT_MESSAGE_DECIDED not in status


def test_the_decided_wording_promises_nothing_still_to_come() -> None:
    for promise in ("will look into it", "three months"):
        assert promise in ACKNOWLEDGEMENT_MESSAGE
        assert promise not in ACKNOWLEDGEMENT_MESSAGE_DECIDED
