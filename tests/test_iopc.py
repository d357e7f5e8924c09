"""IOPC referral flags on the case page: a lead confirms or rejects, a caseworker only reads, and
the queue finds the cases still waiting for a lead's decision."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import CaseEvent, Report
from intake.sealing import open_sealed
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    refused,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from triage.models import AuditEntry, Note

RAPE = "He raped me after a shift at the station."
PUNCH = "He punched me in the face in the locker room."
REASON = "Serious sexual offence alleged against a serving officer: mandatory referral."


def flagged_report(client: FlaskClient, description: str = RAPE, **answers: object) -> Report:
    submit_report(client.application.test_client(), description=description, **answers)
    report = reports_in_order()[-1]
    return report


def decide(client: FlaskClient, report: Report, **data: str) -> tuple[int, str]:
    page = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    response = client.post(
        f"/team/cases/{report.reference}/iopc", data={"csrf_token": csrf_token(page), **data}
    )
    if response.status_code == 303:  # refused: the case page shows it again
        return 303, refused(client, response, f"/team/cases/{report.reference}")
    return response.status_code, response.get_data(as_text=True)


def iopc_trail(report: Report) -> tuple[list[Note], list[CaseEvent], list[AuditEntry]]:
    notes = list(
        db.session.scalars(
            select(Note).where(Note.report_id == report.id, Note.kind == "iopc_reason")
        )
    )
    events = list(
        db.session.scalars(
            select(CaseEvent).where(CaseEvent.report_id == report.id, CaseEvent.kind == "iopc")
        )
    )
    audits = list(
        db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.case_reference == report.reference,
                AuditEntry.action == "referral_decided",
            )
        )
    )
    return notes, events, audits


def test_the_case_page_shows_the_flags_in_plain_words_and_a_lead_the_form(
    client: FlaskClient, team: Team
) -> None:
    report = flagged_report(client)
    assert report.iopc_flags == "serious_sexual_offence"  # raised by triage at submission
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert "Referral to the IOPC" in html
    assert "<li>Serious sexual offence</li>" in html
    assert "IOPC referral to decide" in html
    assert f'action="/team/cases/{report.reference}/iopc"' in html


def test_a_lead_confirms_the_referral(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    status, _ = decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)
    assert status == 302
    db.session.refresh(report)
    assert report.iopc_decision == "confirmed"
    assert report.iopc_decided_on is not None
    assert report.referrals is None  # the decision is the record; the assessment shows it
    notes, events, audits = iopc_trail(report)
    assert len(notes) == 1 and REASON.encode() not in notes[0].body  # sealed, not in clear
    opened = open_sealed(
        team.keys, notes[0].body, record=report.record, field=f"note:{notes[0].uid}"
    )
    assert opened.decode() == REASON
    assert [e.detail for e in events] == ["IOPC referral confirmed by a lead"]
    assert events[0].member_id == team.lead.id
    assert len(audits) == 1 and audits[0].member_id == team.lead.id
    assert audits[0].detail.startswith("iopc confirmed") and REASON not in audits[0].detail

    html = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert "Referral to the IOPC confirmed" in html
    assert REASON in html  # the reason, opened with the lead's keys
    assert f'action="/team/cases/{report.reference}/iopc"' not in html  # decided once
    assert "IOPC referral to decide" not in html


def test_confirming_keeps_referrals_already_recorded(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    report.referrals = "criminal"
    db.session.commit()
    sign_in_directly(client, team.lead, team.keys)
    assert decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)[0] == 302
    db.session.refresh(report)
    assert report.referrals == "criminal"
    html = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    shown = re.search(r'id="assessment-referrals">([^<]*)<', html)
    assert shown is not None and shown.group(1).startswith("Referred to the IOPC (a lead")
    assert shown.group(1).endswith("Referred for criminal investigation")


def test_a_lead_rejects_the_referral(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client, description=PUNCH, categories=["bullying"])
    assert report.iopc_flags == "serious_assault"
    sign_in_directly(client, team.lead, team.keys)
    status, _ = decide(
        client,
        report,
        iopc_decision="rejected",
        iopc_reason="A shove, no injury: not a serious assault.",
    )
    assert status == 302
    db.session.refresh(report)
    assert report.iopc_decision == "rejected"
    assert report.referrals is None
    notes, events, audits = iopc_trail(report)
    assert len(notes) == 1
    assert [e.kind for e in events] == ["iopc"] and "rejected" in events[0].detail
    assert len(audits) == 1 and audits[0].detail.startswith("iopc rejected")
    html = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert "Referral to the IOPC not needed" in html


def test_a_second_decision_is_refused(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    assert decide(client, report, iopc_decision="rejected", iopc_reason="Not serious.")[0] == 302
    status, html = decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)
    assert status == 303
    assert "A lead has already decided on the IOPC referral" in html
    db.session.refresh(report)
    assert report.iopc_decision == "rejected" and report.referrals is None
    assert len(iopc_trail(report)[0]) == 1


def test_a_caseworker_sees_the_flags_but_cannot_decide(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    sign_in_directly(client, add_member("caseworker", team), team.keys)
    html = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert "<li>Serious sexual offence</li>" in html
    assert "A lead must confirm or reject this referral." in html
    assert f'action="/team/cases/{report.reference}/iopc"' not in html

    status, _ = decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)
    assert status == 403
    db.session.refresh(report)
    assert report.iopc_decision is None and report.iopc_decided_on is None
    assert report.referrals is None
    assert iopc_trail(report) == ([], [], [])


def test_a_bad_decision_gets_an_error_and_keeps_the_reason(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    status, html = decide(client, report, iopc_decision="maybe", iopc_reason=REASON)
    assert status == 303
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "Select whether the referral to the IOPC is confirmed or not needed" in html
    assert 'href="#iopc_decision"' in html
    assert REASON in html  # what the lead typed is not lost

    status, html = decide(client, report, iopc_decision="confirmed", iopc_reason="   ")
    assert status == 303
    assert "Give the reason for your decision" in html
    db.session.refresh(report)
    assert report.iopc_decision is None and report.referrals is None
    assert iopc_trail(report) == ([], [], [])


def test_the_queue_filters_cases_awaiting_a_decision_and_tags_them(
    client: FlaskClient, team: Team
) -> None:
    waiting = flagged_report(client)
    decided = flagged_report(client, description=PUNCH)
    plain = flagged_report(
        client, description="He shouts at me in every briefing.", categories=["bullying"], people=[]
    )
    assert plain.iopc_flags is None
    decided.iopc_decision = "rejected"
    db.session.commit()
    sign_in_directly(client, add_member("caseworker", team), team.keys)

    everything = client.get("/team/").get_data(as_text=True)
    for report in (waiting, decided, plain):
        assert report.reference in everything
    rows = {
        ref: row
        for row, ref in re.findall(
            r'(<tr class="govuk-table__row candour-case-row">.*?/team/cases/(C-[A-Z0-9]+).*?</tr>)',
            everything,
            re.S,
        )
    }
    assert "IOPC referral to decide" in rows[waiting.reference]
    assert "IOPC referral to decide" not in rows[decided.reference]
    assert "IOPC referral to decide" not in rows[plain.reference]

    filtered = client.get("/team/?iopc_pending=y").get_data(as_text=True)
    assert "IOPC referral awaiting a lead&#39;s decision" in filtered
    assert waiting.reference in filtered
    assert decided.reference not in filtered and plain.reference not in filtered
    assert '<p class="govuk-body" id="case-count">1 case</p>' in filtered


def test_no_outcome_or_closing_until_a_lead_decides_on_the_referral(
    client: FlaskClient, team: Team
) -> None:
    """A flagged case closed or given an outcome first would leave the leads' list of referrals
    to decide, and the IOPC may take the case itself: both wait for the lead's decision."""
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    page = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert "A lead must first decide whether it is referred" in page
    token = {"csrf_token": csrf_token(page)}
    client.post(f"/team/cases/{report.reference}/acknowledge", data=token)
    outcome = client.post(
        f"/team/cases/{report.reference}/outcome",
        data={
            **token,
            "outcome": "no_further_action",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Nothing to act on.",
        },
    )
    shown = refused(client, outcome, f"/team/cases/{report.reference}")
    assert "A lead must first decide whether this case is referred to the IOPC" in shown
    closing = refused(
        client,
        client.post(
            f"/team/cases/{report.reference}/close", data={**token, "close_reason": "Done."}
        ),
    )
    assert "A lead must first decide whether this case is referred to the IOPC" in closing
    db.session.refresh(report)
    assert report.outcome is None and report.closed_on is None
    decide(client, report, iopc_decision="rejected", iopc_reason=REASON)
    client.post(
        f"/team/cases/{report.reference}/close", data={**token, "close_reason": "Referred."}
    )
    db.session.refresh(report)
    assert report.closed_on is not None  # once decided, a lead can close it


def test_the_case_page_says_by_when_a_lead_must_decide_and_when_that_has_passed(
    client: FlaskClient, team: Team
) -> None:
    """As the queue does: by the end of the next working day after triage raised the flag."""
    thursday = datetime(2026, 9, 3, 12, tzinfo=UTC)
    with time_machine.travel(thursday, tick=False):
        report = flagged_report(client)
    for day, tag in (
        (thursday, "IOPC referral to decide by 4 Sep 2026"),
        (thursday + timedelta(days=4), "IOPC referral decision overdue: was due 4 Sep 2026"),
    ):
        with time_machine.travel(day, tick=False):
            sign_in_directly(client, team.lead, team.keys)
            assert tag in client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
