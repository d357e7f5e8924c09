"""A case form submitted again (Back and submit, a second tab) changes nothing, and says so
plainly; and the case page offers only what can be done."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, refused
from tests.page_text import words
from tests.test_case import (
    ACK,
    NO_FURTHER_ACTION,
    act,
    audit_actions,
    case_url,
    page_text,
    post_from,
    refused_act,
    reported,
    staff,
)
from triage.models import Note

__all__ = ["reported"]  # the fixture, used here by name

RPRP = "Reflective practice review process (RPRP)"


def outcome_reasons() -> int:
    return len(db.session.scalars(select(Note).where(Note.kind == "outcome_reason")).all())


def test_the_same_outcome_recorded_again_changes_nothing_and_says_so(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    page = page_text(lead, report)  # the page before the outcome, as Back shows it again
    chosen = {
        "outcome": "rprp",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Admitted and reflected",
    }
    first = post_from(lead, page, report, "outcome", chosen)
    assert first.status_code == 302 and report.outcome == "rprp"
    lead.get(first.location)  # its notice read
    # Oversight counts from the outcome's date: a repeat days later must not move it.
    report.outcome_on = date.today() - timedelta(days=3)
    db.session.commit()

    again = post_from(lead, page, report, "outcome", chosen)
    assert again.status_code == 302 and again.location == first.location
    notice = words(lead.get(again.location).get_data(as_text=True))
    assert "This outcome is already recorded, so nothing was changed." in notice
    assert "Outcome recorded." not in notice and "changed from" not in notice
    assert report.outcome_on == date.today() - timedelta(days=3)
    assert audit_actions().count("outcome_recorded") == 1 and outcome_reasons() == 1
    assert report.events[-1].detail == f"Outcome recorded: {RPRP}"


def test_the_same_outcome_with_another_reason_is_refused_keeping_the_reason(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Another member (or this one, later) choosing the outcome already recorded: nothing is
    changed and the reason typed is kept on the page, to be added as a note."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "outcome",
        {
            "outcome": "rprp",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted",
        },
    )
    other = staff(app, team.lead, team)
    again = {
        "outcome": "rprp",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "He also apologised to the team",
    }
    html = refused_act(other, report, "outcome", again)
    assert "This outcome is already recorded, so nothing was changed. To add to the reason" in (
        words(html)
    )
    assert "He also apologised to the team" in html  # nothing typed is lost
    assert audit_actions().count("outcome_recorded") == 1 and outcome_reasons() == 1
    assert "changed from" not in " ".join(e.detail for e in report.events)
    # From a page showing the outcome, the same: refused, not a change to itself.
    html = refused(other, post_from(other, html, report, "outcome", again), case_url(report))
    assert "This outcome is already recorded" in words(html)
    assert audit_actions().count("outcome_recorded") == 1


def stage_form(html: str) -> str:
    found = re.search(r'<div id="stage-section">(.*?)</form>', html, re.S)
    return found.group(1) if found else ""


def test_acknowledged_is_offered_as_a_stage_only_once_the_report_is(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Moving a report not yet acknowledged to "Acknowledged" is always refused (the Acknowledge
    form, which sends the reporter the message, is the way there): it is not offered."""
    _, report = reported
    lead = staff(app, team.lead, team)
    received = page_text(lead, report)
    form = stage_form(received)
    assert report.stage == "received" and "acknowledged" not in form
    # The one stage left is a button naming it, not a lone radio, and it works without JS.
    assert 'type="radio"' not in form and 'name="stage" value="assessing"' in form
    assert "Move the case to “Being assessed”" in words(form)
    moved = post_from(lead, received, report, "stage", {"stage": "assessing"})
    assert moved.status_code == 302 and report.stage == "assessing"
    # Being assessed and still not acknowledged: nowhere to move it, so no stage form.
    assessing = page_text(lead, report)
    assert 'id="stage-section"' not in assessing and "Acknowledge the report" in assessing
    # Once acknowledged, it may go back to "Acknowledged".
    act(lead, report, "acknowledge", ACK)
    assert "Move the case to “Acknowledged”" in words(stage_form(page_text(lead, report)))
    # With an outcome it goes back no more (``stages.OUTCOME_STANDS``): no stage form.
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "None"},
    )
    assert 'id="stage-section"' not in page_text(lead, report)


def test_a_stale_move_to_acknowledged_is_refused_pointing_at_work_the_case(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """From a page shown before the case reached a stage with no stage form, the refusal's
    error summary links to "Work the case", not to a form no longer on the page."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "stage", {"stage": "assessing"})
    html = refused_act(lead, report, "stage", {"stage": "acknowledged"})
    summary = re.search(r'class="govuk-error-summary.*?href="#([\w-]+)"', html, re.S)
    assert "Acknowledge the report first" in html and summary and summary.group(1) == "actions"
