"""Rules one careless or motivated caseworker could otherwise break to make a case's record, and
so the oversight figures, say something untrue: an IOPC referral recorded around the lead's
decision, a stage moved back under an outcome, and an outcome with no case to answer behind it.
Each is refused where the change is made (``triage.casework``), and the case page says why."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, reports_in_order, submit_report
from tests.page_text import words
from tests.test_case import act, outcome_options, page_text, refused_act, staff
from triage.casework import assessment, closing, iopc, outcome, stages
from triage.casework.checks import CaseworkError
from triage.models import AuditEntry, Member

RAPE = "He raped me after a shift at the station."
SHOUTING = "He shouts at me in every briefing."
NOTHING_MORE = {
    "outcome": "no_further_action",
    "outcome_message": "We looked into your report and decided this.",
    "outcome_reason": "Nothing more to do.",
}
OFFICER = {"subject_type": "officer", "severity": "misconduct"}


def new_report(client: FlaskClient, description: str) -> Report:
    if description == RAPE:
        submit_report(client.application.test_client(), description=description)
    else:
        submit_report(
            client.application.test_client(),
            description=description,
            categories=["bullying"],
            people=[],
        )
    return reports_in_order()[-1]


def referrals_row(html: str) -> str:
    shown = re.search(r'id="assessment-referrals">([^<]*)<', html)
    assert shown is not None
    return shown.group(1)


def save_assessment(
    report: Report,
    member: Member,
    *,
    severity: str | None = None,
    referrals: list[str] | None = None,
) -> None:
    """An officer's assessment with no case-to-answer decision, saved by the operation itself."""
    assessment.record_assessment(
        report,
        member,
        subject_type="officer",
        severity=severity,
        case_decision=None,
        referrals=referrals or [],
        standards=[],
    )


# --- 1. the IOPC referral is the lead's decision, and only that --------------------------------


def test_the_assessment_cannot_record_an_iopc_referral(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, RAPE)
    casey = add_member("caseworker", team)
    with pytest.raises(CaseworkError, match="a lead's decision"):
        save_assessment(report, casey, referrals=["iopc"])
    db.session.rollback()

    caseworker = staff(app, casey, team)
    html = page_text(caseworker, report)
    assert 'name="referrals" type="checkbox" value="iopc"' not in html  # not offered
    assert 'value="criminal"' in html
    # A page from before (or a forged form) that sends the IOPC box: the page says why.
    sent = {**OFFICER, "referrals": ["iopc", "criminal"]}
    refused = words(refused_act(caseworker, report, "assessment", sent))
    assert "There is a problem" in refused
    assert "Whether the case is referred to the IOPC is a lead's decision" in refused
    assert report.referrals is None and report.subject_type is None
    assert "IOPC referral to decide" in page_text(caseworker, report)  # still the lead's


def test_the_assessment_shows_the_leads_decision_not_a_tick_saved_before(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, RAPE)
    # Saved by an assessment before the decision was the one record: ticked, never decided.
    report.referrals = "iopc,criminal"
    db.session.commit()
    lead = staff(app, team.lead, team)
    assert referrals_row(page_text(lead, report)) == "Referred for criminal investigation"

    reason = {"iopc_decision": "rejected", "iopc_reason": "No sexual offence in the account."}
    assert act(lead, report, "iopc", reason).status_code == 302
    html = page_text(lead, report)
    assert "Referral to the IOPC not needed" in html
    assert "Referred to the IOPC" not in referrals_row(html)  # one answer, the lead's

    # Saving the assessment again leaves only the referrals it records.
    assert (
        act(lead, report, "assessment", {**OFFICER, "referrals": ["criminal"]}).status_code == 302
    )
    assert report.referrals == "criminal"


def test_a_lead_confirms_a_referral_triage_did_not_flag(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    assert report.iopc_flags is None
    casey = staff(app, add_member("caseworker", team), team)
    assert f'action="/team/cases/{report.reference}/iopc"' not in page_text(casey, report)

    with pytest.raises(CaseworkError, match="nothing to reject"):
        iopc.decide(report, team.lead, "rejected", "Not needed.")
    db.session.rollback()

    lead = staff(app, team.lead, team)
    html = page_text(lead, report)
    assert "Confirm a referral to the IOPC" in html
    offered = re.findall(r'name="iopc_decision"[^>]*value="(\w+)"', html)
    assert offered == ["confirmed"]
    confirm = {"iopc_decision": "confirmed", "iopc_reason": "Discrimination came out at interview."}
    assert act(lead, report, "iopc", confirm).status_code == 302
    assert report.iopc_decision == "confirmed" and report.iopc_decided_on == date.today()
    html = page_text(casey, report)
    assert referrals_row(html).startswith("Referred to the IOPC (a lead")
    assert "Refer by the end of the day after confirming" in html  # the referral clock runs


# --- 2. no stage before the outcome ---------------------------------------------------------


def test_a_case_with_an_outcome_cannot_move_back_a_stage(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    casey = add_member("caseworker", team)
    caseworker = staff(app, casey, team)
    act(caseworker, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    assert act(caseworker, report, "outcome", NOTHING_MORE).status_code == 302
    assert report.stage == "outcome"

    html = page_text(caseworker, report)
    assert "Move the case to another stage" not in html  # no move is offered
    for stage in ("acknowledged", "assessing"):
        refused = words(refused_act(caseworker, report, "stage", {"stage": stage}))
        assert "There is a problem" in refused
        assert "An outcome is recorded on this case, so it cannot go back" in refused
        assert report.stage == "outcome"
        with pytest.raises(CaseworkError, match="cannot go back"):
            stages.move_stage(report, casey, stage)
        db.session.rollback()


def test_a_reopened_case_keeps_its_outcome_and_cannot_go_back_before_assessing(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    casey = add_member("caseworker", team)
    stages.acknowledge(report, casey)
    outcome.record_outcome(
        report,
        casey,
        "no_further_action",
        "Nothing to do.",
        told="We looked into your report and decided this.",
    )
    closing.close(report, casey, "Done.")
    closing.reopen(report, team.lead, "The reporter sent more.")
    db.session.commit()
    assert report.stage == "assessing" and report.outcome_set_aside
    assert stages.stages_to_move_to(report) == ()
    with pytest.raises(CaseworkError, match="cannot go back"):
        stages.move_stage(report, casey, "acknowledged")


# --- 3. an outcome of proceedings needs a case to answer ---------------------------------------


def test_a_hearing_outcome_needs_an_assessment_with_a_case_to_answer(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    casey = add_member("caseworker", team)
    caseworker = staff(app, casey, team)
    act(caseworker, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    dismissal = {
        "outcome": "hearing_dismissal",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Dismissed at the hearing.",
    }

    offered = outcome_options(caseworker, report)
    assert offered == ["no_further_action", "rprp", "vetting_referral"]
    refused = words(refused_act(caseworker, report, "outcome", dismissal))
    assert "There is a problem" in refused
    assert "No case to answer decision is recorded in the assessment" in refused
    assert "record the assessment first" in refused
    assert "Dismissed at the hearing." in refused_act(caseworker, report, "outcome", dismissal)
    assert report.outcome is None
    with pytest.raises(CaseworkError, match="record the assessment first"):
        outcome.record_outcome(
            report,
            casey,
            "hearing_dismissal",
            "Dismissed.",
            told="We looked into your report and decided this.",
        )
    db.session.rollback()

    # An assessment with no decision at all (subject and severity only) is not enough either.
    gross = {"subject_type": "officer", "severity": "gross_misconduct"}
    assert act(caseworker, report, "assessment", gross).status_code == 302
    assert "No case to answer decision" in words(
        refused_act(caseworker, report, "outcome", dismissal)
    )
    decided = {**gross, "case_decision": "case_gross_misconduct"}
    assert act(caseworker, report, "assessment", decided).status_code == 302
    assert act(caseworker, report, "outcome", dismissal).status_code == 302
    assert report.outcome == "hearing_dismissal"


def test_the_case_to_answer_cannot_be_taken_away_from_under_an_outcome_of_proceedings(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    act(lead, report, "assessment", {**OFFICER, "case_decision": "case_misconduct"})
    meeting = {
        "outcome": "meeting_written_warning",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven at the meeting.",
    }
    assert act(lead, report, "outcome", meeting).status_code == 302
    # The same check both ways: the decision cleared would leave the meeting's warning standing
    # on a case with no case to answer recorded.
    refused = words(refused_act(lead, report, "assessment", OFFICER))
    assert "The outcome recorded (Misconduct meeting: written warning) cannot follow" in refused
    assert report.case_decision == "case_misconduct"
    with pytest.raises(CaseworkError, match="cannot follow"):
        save_assessment(report, team.lead, severity="misconduct")


def test_a_referral_triage_did_not_flag_is_not_confirmed_on_a_closed_case(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    stages.acknowledge(report, team.lead)
    outcome.record_outcome(
        report,
        team.lead,
        "no_further_action",
        "Nothing to do.",
        told="We looked into your report and decided this.",
    )
    closing.close(report, team.lead, "Done.")
    db.session.commit()
    with pytest.raises(CaseworkError, match="A lead must reopen it first"):
        iopc.decide(report, team.lead, "confirmed", "Found at a later review.")
    db.session.rollback()
    html = page_text(staff(app, team.lead, team), report)
    assert f'action="/team/cases/{report.reference}/iopc"' not in html
    assert report.iopc_decision is None


# --- 4. the decision an outcome followed from is a lead's to change ----------------------------


def test_only_a_lead_changes_the_decision_under_an_outcome_and_the_timeline_says_from_what(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """A caseworker untick "No case to answer" under a recorded "No further action", or turned it
    into "Case to answer", and the oversight case-to-answer rate moved (57% to 83% in the demo)
    with the timeline saying only "Assessment recorded"."""
    report = new_report(client, SHOUTING)
    casey = add_member("caseworker", team)
    caseworker = staff(app, casey, team)
    act(caseworker, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    no_case = {**OFFICER, "case_decision": "no_case"}
    assert act(caseworker, report, "assessment", no_case).status_code == 302
    assert act(caseworker, report, "outcome", NOTHING_MORE).status_code == 302

    for changed in (OFFICER, {**OFFICER, "case_decision": "case_misconduct"}):
        refused = words(refused_act(caseworker, report, "assessment", changed))
        assert "There is a problem" in refused
        assert "only a lead can change the case-to-answer decision" in refused
        assert report.case_decision == "no_case"
    # Other fields of the assessment stay the caseworker's to correct.
    assert act(caseworker, report, "assessment", {**no_case, "severity": "gross_misconduct"})
    assert report.severity == "gross_misconduct" and report.case_decision == "no_case"

    lead = staff(app, team.lead, team)
    assert act(lead, report, "assessment", {**OFFICER, "case_decision": "case_misconduct"})
    assert report.case_decision == "case_misconduct"
    assert report.events[-1].detail == (
        "Assessment recorded: the decision changed from No case to answer to "
        "Case to answer (misconduct)"
    )
    assert (
        "decision_before=no_case"
        in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        .one()
        .detail
    )
    assert "the decision changed from No case to answer" in page_text(lead, report)


def test_a_case_to_answer_needs_a_severity_of_misconduct(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = new_report(client, SHOUTING)
    lead = staff(app, team.lead, team)
    contradiction = {
        "subject_type": "officer",
        "severity": "neither",
        "case_decision": "case_gross_misconduct",
    }
    refused = words(refused_act(lead, report, "assessment", contradiction))
    assert "A case to answer needs a severity of misconduct or gross misconduct" in refused
    assert report.case_decision is None and report.severity is None
    assert act(lead, report, "assessment", {**contradiction, "case_decision": "no_case"})
    assert report.severity == "neither"
