"""The case-to-answer decision and the outcome that followed it never contradict each other: the
assessment form says which decisions the outcome can follow and refuses the others, naming the
outcome (as the case page does, "before the case was reopened" once a reopening set it aside)
and keeping what was typed; one rule decides both ways (``vocabulary.outcomes_for``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member
from tests.page_text import words
from tests.test_case import act, page_text, refused_act, staff
from tests.test_casework_rules import NOTHING_MORE, OFFICER, SHOUTING, new_report
from triage.casework import closing
from triage.models import AuditEntry

MISCONDUCT = {**OFFICER, "case_decision": "case_misconduct"}
MEETING_WARNING = {
    "outcome": "meeting_written_warning",
    "outcome_message": "We looked into your report and decided this.",
    "outcome_reason": "Proven at the meeting.",
}
# A decision the meeting's warning cannot follow, with more typed beside it to be kept.
NO_CASE_TYPED = {
    **OFFICER,
    "case_decision": "no_case",
    "subject_ethnicity": "black",
    "standards": ["use_of_force"],
}


class _AssessmentForm(HTMLParser):
    """The values the case page's assessment form shows chosen: ticked boxes and radios, and the
    selected option of each list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chosen: dict[str, list[str]] = {}
        self._inside = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._inside = (found.get("action") or "").endswith("/assessment")
        elif not self._inside:
            return
        elif tag == "input" and "checked" in found:
            self.chosen.setdefault(found["name"] or "", []).append(found["value"] or "")
        elif tag == "select":
            self._select = found["name"]
        elif tag == "option" and "selected" in found and self._select:
            self.chosen.setdefault(self._select, []).append(found["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


def assessment_shown(html: str) -> dict[str, list[str]]:
    parser = _AssessmentForm()
    parser.feed(html)
    return parser.chosen


def error_summary(html: str) -> str:
    """The words of the error summary's list of errors."""
    listed = html[html.index('class="govuk-list govuk-error-summary__list"') :]
    return words(listed[listed.index(">") + 1 : listed.index("</ul>")])


def decision_hint(html: str) -> str | None:
    """The hint under the assessment form's "Case to answer decision", if it has one."""
    hint = re.search(r'id="case_decision-hint"[^>]*>(.*?)</div>', html, re.S)
    return None if hint is None else words(hint.group(1))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def warned_at_a_meeting(client: FlaskClient, lead: FlaskClient) -> Report:
    """A case to answer for misconduct, and a written warning from the misconduct meeting."""
    report = new_report(client, SHOUTING)
    assert (
        act(
            lead, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."}
        ).status_code
        == 302
    )
    assert act(lead, report, "assessment", MISCONDUCT).status_code == 302
    assert act(lead, report, "outcome", MEETING_WARNING).status_code == 302
    return report


def refused_keeping_what_was_typed(lead: FlaskClient, report: Report) -> str:
    """The assessment the outcome cannot follow, refused with nothing recorded and everything
    typed shown again: the error summary's words."""
    events, entries = len(report.events), len(audit_actions())
    html = refused_act(lead, report, "assessment", NO_CASE_TYPED)
    assert report.case_decision == "case_misconduct" and report.subject_ethnicity is None
    assert len(report.events) == events
    # Only the pages' own reading of the case: nothing says an assessment was recorded.
    assert set(audit_actions()[entries:]) == {"decrypted"}
    assert assessment_shown(html) == {
        "subject_type": ["officer"],
        "severity": ["misconduct"],
        "case_decision": ["no_case"],
        "standards": ["use_of_force"],
        "subject_ethnicity": ["black"],
    }
    assert '<details class="govuk-details" open>' in html[html.index('id="assessment-form"') :]
    return error_summary(html)


def test_the_decision_an_outcome_cannot_follow_is_refused_and_what_was_typed_kept(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    lead = staff(app, team.lead, team)
    report = warned_at_a_meeting(client, lead)
    said = refused_keeping_what_was_typed(lead, report)
    assert said.startswith(
        "The outcome recorded (Misconduct meeting: written warning) cannot follow from that "
        "assessment. If the outcome was wrong too, record no further action first"
    )
    # The way out it names: an outcome both decisions can lead to, then the decision.
    assert act(lead, report, "outcome", NOTHING_MORE).status_code == 302
    assert act(lead, report, "assessment", NO_CASE_TYPED).status_code == 302
    assert report.case_decision == "no_case" and report.outcome == "no_further_action"
    assert report.events[-1].detail == (
        "Assessment recorded: the decision changed from Case to answer (misconduct) to "
        "No case to answer"
    )


def test_a_reopened_case_names_the_outcome_before_reopening_which_still_binds_the_decision(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """A set-aside outcome still counts beside the decision in the figures and stands again if
    the case closes without a new one, so it binds the decision; the refusal calls it what the
    case page calls it, not "the outcome recorded" on a page that says none is."""
    lead = staff(app, team.lead, team)
    report = warned_at_a_meeting(client, lead)
    closing.close(report, team.lead, "Done.")
    closing.reopen(report, team.lead, "The reporter sent more.")
    db.session.commit()
    assert report.outcome_set_aside

    assert decision_hint(page_text(lead, report)) == (
        "The outcome recorded before the case was reopened, “Misconduct meeting: written "
        "warning”, can follow only “case to answer (misconduct)”. To save another decision, "
        "record the new outcome first."
    )
    said = refused_keeping_what_was_typed(lead, report)
    assert said == (
        "The outcome recorded before the case was reopened (Misconduct meeting: written "
        "warning) cannot follow from that assessment, and it still counts in the figures and "
        "stands again if the case closes without a new one. Record the new outcome first (no "
        "further action can follow from any assessment), then change the assessment and, if "
        "need be, record the right outcome"
    )
    caseworker = staff(app, add_member("caseworker", team), team)
    assert decision_hint(page_text(caseworker, report)) == (
        "The outcome recorded before the case was reopened, “Misconduct meeting: written "
        "warning”, still counts, so only a lead can record or change this decision."
    )
    assert error_summary(refused_act(caseworker, report, "assessment", NO_CASE_TYPED)) == (
        "The outcome recorded before the case was reopened still counts in the figures, so only "
        "a lead can change the case-to-answer decision it followed from. Ask a lead"
    )

    assert act(lead, report, "outcome", NOTHING_MORE).status_code == 302  # the new outcome
    assert not report.outcome_set_aside
    assert act(lead, report, "assessment", NO_CASE_TYPED).status_code == 302
    assert report.case_decision == "no_case"


def test_the_assessment_form_says_which_decisions_the_outcome_can_follow(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    lead = staff(app, team.lead, team)
    report = warned_at_a_meeting(client, lead)
    assert decision_hint(page_text(lead, report)) == (
        "The outcome recorded, “Misconduct meeting: written warning”, can follow only “case to "
        "answer (misconduct)”. To save another decision, change the outcome first."
    )
    caseworker = staff(app, add_member("caseworker", team), team)
    assert decision_hint(page_text(caseworker, report)) == (
        "The outcome recorded, “Misconduct meeting: written warning”, stands on this case, so "
        "only a lead can record or change this decision."
    )
    # No further action can follow any decision (after proceedings too): nothing to say.
    assert act(lead, report, "outcome", NOTHING_MORE).status_code == 302
    assert decision_hint(page_text(lead, report)) is None
