"""Closing a case freezes its assessment, as it does its outcome, until a lead reopens it.

Before, a closed case's assessment could still be changed (from its form, still on the page):
the record closed, and counted in the oversight figures, changed afterwards with only an audit
entry to show for it.
"""

from __future__ import annotations

from flask import Flask

from intake.models import Report
from tests.helpers import Team, add_member, submit_report
from tests.page_text import words
from tests.test_case import ACK, act, audit_actions, case_url, refused_act, staff, the_report

NO_CASE = {"subject_type": "officer", "severity": "neither", "case_decision": "no_case"}
CHANGED = {"subject_type": "officer", "severity": "misconduct", "case_decision": "no_case"}


def closed_case(app: Flask, team: Team) -> Report:
    submit_report(app.test_client())
    report = the_report()
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    assert act(lead, report, "assessment", NO_CASE).status_code == 302
    nothing = {
        "outcome": "no_further_action",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "No evidence",
    }
    assert act(lead, report, "outcome", nothing).status_code == 302
    assert act(lead, report, "close", {"close_reason": "Outcome recorded"}).status_code == 302
    return report


def test_a_closed_cases_assessment_cannot_be_changed_until_it_is_reopened(
    app: Flask, team: Team
) -> None:
    report = closed_case(app, team)
    lead = staff(app, team.lead, team)
    page = words(lead.get(case_url(report)).get_data(as_text=True))
    assert "This case is closed, so its assessment cannot be changed." in page
    assert "To change it, reopen the case first" in page
    assert 'action="/team/cases/' + report.reference + '/assessment"' not in page
    assessed = audit_actions().count("assessment_recorded")

    # Sent anyway (a page opened before the case was closed, or forged): refused, and why.
    refused = words(refused_act(lead, report, "assessment", CHANGED))
    assert "This case is closed. A lead must reopen it first" in refused
    assert report.severity == "neither"
    assert audit_actions().count("assessment_recorded") == assessed

    assert (
        act(lead, report, "reopen", {"reopen_reason": "Severity reconsidered"}).status_code == 302
    )
    assert act(lead, report, "assessment", CHANGED).status_code == 302
    assert report.severity == "misconduct"
    # The change follows the reopening in the audit trail.
    done = [action for action in audit_actions() if action != "decrypted"]  # the page opened
    assert done[-2:] == ["reopened", "assessment_recorded"]


def test_a_caseworker_is_told_a_lead_must_reopen_it(app: Flask, team: Team) -> None:
    report = closed_case(app, team)
    caseworker = staff(app, add_member("caseworker", team), team)
    page = words(caseworker.get(case_url(report)).get_data(as_text=True))
    assert "This case is closed, so its assessment cannot be changed. A lead must reopen" in page
