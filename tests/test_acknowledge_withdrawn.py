"""The standard acknowledgement of a report its reporter withdrew, then a lead reopened (to record
an outcome, which needs an acknowledgement first): it says the team has read the report they
withdrew, and promises neither to look into it nor feedback within three months, which a
reporter who withdrew is not owed. The case page's Acknowledge form starts with those words.
A report with an outcome recorded before acknowledge-first has its own standard words too
(``tests/test_acknowledge_decided.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake import followups
from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, open_status
from tests.page_text import words
from tests.test_case import act, case_url, page_text, reported, staff
from tests.test_outcome_acknowledged_first import an_outcome_from_before_the_rule
from triage.casework import closing, stages
from triage.casework.vocabulary import (
    ACKNOWLEDGEMENT_MESSAGE,
    ACKNOWLEDGEMENT_MESSAGE_DECIDED,
    ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN,
)
from triage.models import AuditEntry

__all__ = ["reported"]  # a fixture, used by name


def withdrawn_and_reopened(report: Report, team: Team) -> None:
    followups.withdraw(report, "", destroy_now=False)  # closes the case, content kept
    closing.reopen(report, team.lead, "To record the outcome of the work already done")
    db.session.commit()


def acknowledgement_box(html: str) -> str:
    box = re.search(r'<textarea[^>]*name="acknowledgement"[^>]*>(.*?)</textarea>', html, re.S)
    assert box, "the Acknowledge form is on the page"
    return box.group(1).strip()


def last_audit_detail() -> str:
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "acknowledged").order_by(AuditEntry.id)
    ).all()[-1]
    return entry.detail


def reopened_withdrawn(report: Report, team: Team) -> None:
    withdrawn_and_reopened(report, team)


def decided_before_the_rule(report: Report, _: Team) -> None:
    an_outcome_from_before_the_rule(report)


@pytest.mark.parametrize(
    ("made_so", "standard"),
    [
        (reopened_withdrawn, ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN),
        (decided_before_the_rule, ACKNOWLEDGEMENT_MESSAGE_DECIDED),
    ],
    ids=["withdrawn", "outcome already recorded"],
)
def test_a_report_is_acknowledged_without_promising_to_look_into_it(
    app: Flask,
    client: FlaskClient,
    team: Team,
    reported: tuple[str, Report],
    made_so: Callable[[Report, Team], None],
    standard: str,
) -> None:
    """Withdrawn, or with an outcome recorded before acknowledge-first (older data): the
    Acknowledge form starts with the report's own standard words, and they are sent as such."""
    receipt, report = reported
    made_so(report, team)
    lead = staff(app, team.lead, team)
    assert acknowledgement_box(page_text(lead, report)) == standard

    sent = act(lead, report, "acknowledge", {"acknowledgement": standard})
    assert sent.status_code == 302 and report.acknowledged_on is not None
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert standard in status
    assert "will look into it" not in status and "within three months" not in status
    assert (
        report.events[-1].detail
        == "Report acknowledged; the reporter was sent the standard message"
    )
    assert last_audit_detail() == "standard message"


def test_the_usual_wording_from_a_page_shown_before_the_withdrawal_sends_the_right_one(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    """The page was opened while the report was still live, and sent after the reporter withdrew
    it and a lead reopened the case: the standard words it showed are sent as the standard words
    for the report as it is now."""
    receipt, report = reported
    lead = staff(app, team.lead, team)
    assert acknowledgement_box(page_text(lead, report)) == ACKNOWLEDGEMENT_MESSAGE
    token = csrf_token(page_text(lead, report))
    withdrawn_and_reopened(report, team)
    sent = lead.post(
        case_url(report, "acknowledge"),
        data={"csrf_token": token, "acknowledgement": ACKNOWLEDGEMENT_MESSAGE},
    )
    assert sent.status_code == 302 and report.acknowledged_on is not None
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN in status and ACKNOWLEDGEMENT_MESSAGE not in status
    assert last_audit_detail() == "standard message"


def test_the_operation_sends_the_standard_words_for_the_report_as_it_is(
    client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    withdrawn_and_reopened(report, team)
    stages.acknowledge(report, team.lead)
    db.session.commit()
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN in status and ACKNOWLEDGEMENT_MESSAGE not in status
    assert (
        report.events[-1].detail
        == "Report acknowledged; the reporter was sent the standard message"
    )
    assert last_audit_detail() == "standard message"


def test_own_words_are_sent_as_written_on_a_withdrawn_report(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    withdrawn_and_reopened(report, team)
    own = "Thank you. We have read the report you withdrew and need nothing more from you."
    assert act(staff(app, team.lead, team), report, "acknowledge", {"acknowledgement": own})
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert own in status and ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN not in status
    assert last_audit_detail() == "own message"


def test_a_report_not_withdrawn_keeps_the_usual_standard_words(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    assert acknowledgement_box(page_text(lead, report)) == ACKNOWLEDGEMENT_MESSAGE
    assert "will look into it" in ACKNOWLEDGEMENT_MESSAGE
    for promise in ("will look into it", "three months", "reply to us", "add evidence"):
        assert promise not in ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN
