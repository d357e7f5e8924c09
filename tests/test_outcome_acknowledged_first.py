"""An outcome is recorded only on an acknowledged report: the acknowledgement is a step of its
own with its own 7-day clock, and an outcome before it left that clock running beside the
outcome, and told the reporter how their report ended before telling them it was received. The
case page says so in place of the outcome form. A row made for the figures alone has nobody to
acknowledge to, so it needs no acknowledgement; nor does a report whose outcome was recorded
before the rule (older data), whose reporter was already told how it ended."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, refused
from tests.page_text import words
from tests.test_case import ACK, act, audit_actions, case_url, page_text, reported, staff
from triage.casework import outcome
from triage.casework.checks import CaseworkError
from triage.models import Note

__all__ = ["reported"]  # a fixture, used by name

FIRST = (
    "Acknowledge the report before recording an outcome: the reporter has not yet been told it "
    "was received"
)
TOLD = "We looked into your report and decided this."
REASON = "Nothing in it after the duty states were checked"


def outcome_form(report: Report) -> str:
    return f'action="{case_url(report, "outcome")}"'


def nothing_recorded(report: Report, audited: list[str]) -> bool:
    """The report as it was before an outcome was tried: no outcome, message, timeline line,
    sealed reason or audit entry."""
    db.session.expire_all()
    reasons = select(Note).where(Note.report_id == report.id, Note.kind == "outcome_reason")
    return (
        (report.outcome, report.outcome_on, report.stage, report.feedback_on)
        == (None, None, "received", None)
        and not report.messages
        and not [event for event in report.events if event.kind in ("outcome", "message")]
        and not db.session.scalars(reasons).all()
        and audit_actions() == audited
    )


def test_an_outcome_on_an_unacknowledged_report_is_refused_and_changes_nothing(
    team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    audited = audit_actions()
    with pytest.raises(CaseworkError, match=FIRST):
        outcome.record_outcome(report, team.lead, "no_further_action", REASON, told=TOLD)
    db.session.rollback()
    assert nothing_recorded(report, audited)


def test_the_refusal_keeps_what_was_typed_and_the_outcome_follows_the_acknowledgement(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Sent from a page shown before the report had to be acknowledged first (or forged): the
    refusal leads to "Work the case", where what was typed is shown above the Acknowledge form."""
    _, report = reported
    lead = staff(app, team.lead, team)
    sent = {"outcome": "no_further_action", "outcome_message": TOLD, "outcome_reason": REASON}
    posted = act(lead, report, "outcome", sent)
    assert posted.headers["Location"].endswith("#actions")
    html = refused(lead, posted, case_url(report))
    assert "There is a problem" in html and FIRST in words(html)
    assert REASON in html and TOLD in html  # nothing typed is lost
    assert html.index('id="unsaved"') < html.index('id="acknowledge-form"')
    assert "outcome_recorded" not in audit_actions() and report.outcome is None

    assert act(lead, report, "acknowledge", ACK).status_code == 302
    assert act(lead, report, "outcome", sent).status_code == 302
    assert report.outcome == "no_further_action"
    assert report.acknowledged_on is not None and report.outcome_on is not None
    assert report.acknowledged_on <= report.outcome_on


def an_outcome_from_before_the_rule(report: Report) -> None:
    """As older data holds: an outcome recorded (and told) on a report never acknowledged."""
    report.outcome, report.outcome_on, report.stage = "no_further_action", date.today(), "outcome"
    db.session.commit()


def test_already_recorded_and_recorded_meanwhile_are_said_on_an_unacknowledged_report(
    team: Team, reported: tuple[str, Report]
) -> None:
    """An unacknowledged report with an outcome is one recorded before the check: sent again, or
    from a page that did not show it, it is refused for that, as on any other report."""
    _, report = reported
    an_outcome_from_before_the_rule(report)
    with pytest.raises(outcome.AlreadyRecorded):
        outcome.record_outcome(report, team.lead, "no_further_action", REASON, told=TOLD)
    db.session.rollback()
    with pytest.raises(CaseworkError, match="was recorded while you were looking"):
        outcome.record_outcome(report, team.lead, "rprp", REASON, "", told=TOLD)
    db.session.rollback()
    assert report.outcome == "no_further_action"


def test_an_outcome_recorded_before_the_rule_can_be_changed_without_an_acknowledgement(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """The reporter was told how their report ended: an acknowledgement saying the team will
    look into it would come too late, so changing the outcome does not wait for one, and the
    case page shows the form to change it, not the inset."""
    _, report = reported
    an_outcome_from_before_the_rule(report)
    assert not outcome.acknowledge_first(report)
    lead = staff(app, team.lead, team)
    html = page_text(lead, report)
    assert outcome_form(report) in html and 'name="outcome_reason"' in html
    assert 'id="outcome-acknowledge-first"' not in html and FIRST not in words(html)
    assert "Change the outcome" in words(html)

    sent = {"outcome": "rprp", "outcome_message": TOLD, "outcome_reason": REASON}
    changed = act(lead, report, "outcome", {**sent, "outcome_seen": "no_further_action"})
    assert changed.status_code == 302
    assert report.outcome == "rprp" and report.acknowledged_on is None
    assert "outcome_recorded" in audit_actions()


def test_a_row_for_the_figures_alone_takes_an_outcome_without_an_acknowledgement(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    report.reporter_key = b""  # as a row made for the figures alone: nobody to acknowledge to
    db.session.commit()
    html = page_text(staff(app, team.lead, team), report)
    assert outcome_form(report) in html and 'id="outcome-acknowledge-first"' not in html
    outcome.record_outcome(report, team.lead, "no_further_action", REASON, told="")
    db.session.commit()
    assert report.outcome == "no_further_action" and report.acknowledged_on is None


def test_the_case_page_says_to_acknowledge_first_in_place_of_the_outcome_form(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    html = page_text(lead, report)
    assert outcome_form(report) not in html and 'name="outcome_reason"' not in html
    assert 'id="outcome-acknowledge-first"' in html and FIRST in words(html)
    # It points to the Acknowledge form, on the same page: a link, so no script is needed.
    assert 'href="#acknowledge-form"' in html and 'id="acknowledge-form"' in html
    assert 'id="close-form"' in html  # a lead may still close it without an acknowledgement

    assert act(lead, report, "acknowledge", ACK).status_code == 302
    html = page_text(lead, report)
    assert outcome_form(report) in html and 'name="outcome_reason"' in html
    assert 'id="outcome-acknowledge-first"' not in html and FIRST not in words(html)
