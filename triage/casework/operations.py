"""What a team member does to a case, each step written and audited together.

Every operation changes the case, adds a line to its timeline (``CaseEvent``, fixed wording chosen
here, never anything a person typed) and appends to the audit log in the same transaction; the
caller commits. Whatever a member writes (notes, reasons, messages, protective measures) is sealed
to the team key before it reaches the database. Opening a case to read it is in
``triage.casework.reading``. Nothing here checks roles or recusal — the views do that before calling
— and nothing here may log or return plaintext except to the member who asked for it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from sqlalchemy import update

from intake.db import db
from intake.locks import lock_and_reread, lock_report
from intake.models import Report
from intake.submission import add_message, new_uid, record_event, seal_for
from intake.vocabulary import STAGES
from triage import audit
from triage.casework import vocabulary
from triage.casework.clocks import UPDATE_ON_PROGRESS
from triage.casework.queries import (
    assignable_members,
    is_recused,
    member_names,
    protections_of,
)
from triage.matching.cluster_risk import rescore_reports
from triage.matching.sql_store import lock_clusters
from triage.models import IopcReferral, Member, Note, Recusal
from triage.models.case import Protection

# Stages a member may move a case to by hand; "outcome" and "closed" have their own actions.
MOVABLE_STAGES = ("acknowledged", "assessing")


class CaseworkError(Exception):
    """The action does not fit the case as it stands; the message is shown to the member."""


def log_action(
    report: Report, member: Member, kind: str, wording: str, action: str, audit_detail: str = ""
) -> None:
    record_event(report, kind, wording, member.id)
    audit.record(action, member.id, report.reference, audit_detail)


def seal_note(report: Report, member: Member, text: str, kind: str) -> Note:
    uid = new_uid()
    note = Note(
        uid=uid,
        report_id=report.id,
        member_id=member.id,
        created_on=date.today(),
        body=seal_for(report, text.encode(), f"note:{uid}"),
        kind=kind,
    )
    db.session.add(note)
    return note


CLOSED_NO_UPDATE = (
    "This case is closed, so a message cannot count as an update on progress. Untick it to send "
    "the message, or ask a lead to reopen the case"
)


# Only the first update on progress counts for the feedback clock, for good: "." or "ok" ticked
# as one would meet it while telling the reporter nothing of what is being done.
PROGRESS_UPDATE_WORDS = 4
TOO_SHORT_FOR_AN_UPDATE = (
    "An update on progress tells the reporter what has been done or what happens next, so it "
    f"needs at least {PROGRESS_UPDATE_WORDS} words. Write more, or untick it to send the message"
)


def too_short_for_an_update(text: str) -> bool:
    return len(re.findall(r"[^\W_]+", text)) < PROGRESS_UPDATE_WORDS


def _require_open(report: Report) -> None:
    if report.closed_on is not None:
        raise CaseworkError("This case is closed. A lead must reopen it first")


def acknowledge(
    report: Report, member: Member, message: str = vocabulary.ACKNOWLEDGEMENT_MESSAGE
) -> None:
    """Confirm receipt: the reporter gets the message (the standard one, or the member's own
    words in its place) and the first clock stops. Decided on the case's row as it is now,
    locked (``lock_with_content``): two members acknowledging at once sent two, and one sent
    while the reporter replaced their receipt was sealed to the old receipt's key."""
    lock_with_content(report)
    _require_open(report)
    if report.acknowledged_on is not None:
        raise CaseworkError("This report has already been acknowledged")
    if not message.strip():
        raise CaseworkError("Write the acknowledgement")
    add_message(report, message, from_reporter=False, member_id=member.id)
    report.acknowledged_on = date.today()
    if report.stage == "received":
        report.stage = "acknowledged"
    standard = message == vocabulary.ACKNOWLEDGEMENT_MESSAGE
    log_action(
        report,
        member,
        "acknowledged",
        "Report acknowledged; the reporter was sent the "
        + ("standard message" if standard else "message"),
        "acknowledged",
        "standard message" if standard else "own message",
    )


def assign_to_self(report: Report, member: Member) -> None:
    """A caseworker or lead takes an unassigned case; only a lead moves an assigned one."""
    lock_and_reread(report)  # two members taking it at once: the second finds it taken
    _require_open(report)
    if report.assignee_id == member.id:  # a second tab or a double click: already done
        return
    if report.assignee_id is not None:
        raise CaseworkError("This case is already assigned. Ask a lead to reassign it")
    report.assignee_id = member.id
    report.needs_reassignment = False
    role = "A lead" if member.is_lead else "A caseworker"
    log_action(
        report,
        member,
        "assigned",
        f"{role} assigned the case to themselves",
        "assigned",
        f"to member {member.id} (themselves)",
    )


def changed_since(current: object, seen: str | None) -> bool:
    """Whether a value differs from ``seen``, what the member's page showed ("" for nothing);
    None means the page did not say, so nothing is compared."""
    return seen is not None and seen != ("" if current is None else str(current))


def _assigned_meanwhile(report: Report) -> CaseworkError:
    if report.assignee_id is None:
        now = "unassigned"
    else:
        now = f"assigned to {member_names({report.assignee_id}).get(report.assignee_id)}"
    return CaseworkError(
        f"This case was {now} while you were looking (in another tab, or by someone else). "
        "Check and try again"
    )


def assign(report: Report, member: Member, assignee_id: int, seen: str | None = None) -> None:
    """``seen`` is the assignee as the lead's page showed it: if the case was assigned (or
    unassigned) since, nothing changes, instead of the later choice silently overwriting."""
    if changed_since(report.assignee_id, seen):
        raise _assigned_meanwhile(report)
    assignee = next((m for m in assignable_members(report) if m.id == assignee_id), None)
    if assignee is None:
        raise CaseworkError("Choose a caseworker or lead who is not recused from this case")
    # Conditional, so two leads posting from the same page at the same moment cannot both win.
    updated = db.session.execute(
        update(Report)
        .where(Report.id == report.id, Report.assignee_id.is_not_distinct_from(report.assignee_id))
        .values(assignee_id=assignee.id, needs_reassignment=False)
        .execution_options(synchronize_session="fetch")
    )
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(report)
        raise _assigned_meanwhile(report)
    log_action(report, member, "assigned", "Case assigned", "assigned", f"to member {assignee.id}")


def move_stage(report: Report, member: Member, stage: str, seen: str | None = None) -> None:
    """``seen`` is the stage the member's page showed; a move from a page left open while
    someone else moved the case (or recorded its outcome) is refused."""
    lock_and_reread(report)  # closed, or moved, at this moment: decided on what it is now
    _require_open(report)
    if stage == report.stage and changed_since(report.stage, seen):
        return  # a second tab or a double click, moved already: done, as the member asked
    if changed_since(report.stage, seen):
        raise CaseworkError(
            f"This case was moved to “{STAGES[report.stage][0]}” while you were looking (in "
            "another tab, or by someone else). Check and try again"
        )
    if stage not in MOVABLE_STAGES:
        raise CaseworkError("Choose a stage")
    if stage == report.stage:
        raise CaseworkError("The case is already at that stage")
    if stage == "acknowledged" and report.acknowledged_on is None:
        raise CaseworkError(
            "Acknowledge the report first: that sends the reporter the standard message"
        )
    report.stage = stage
    log_action(
        report, member, "stage", f"Stage changed to {STAGES[stage][0]}", "stage_changed", stage
    )


def assessment_seen(report: Report) -> str:
    """The assessment as a page shows it, in a short opaque form for the page to send back."""
    fields = (
        report.subject_type,
        report.severity,
        report.case_decision,
        report.referrals,
        report.standards,
        report.subject_ethnicity,
        report.warning_in_force,
    )
    text = "|".join("" if value is None else value for value in fields)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_WARNING_FOR_OFFICERS = (
    "A warning in force is recorded for police officers and special constables only: police "
    "staff follow the force's own misconduct procedure. Select no warning, or change who the "
    "subject is"
)
_OUTCOME_RECORDED = (
    "The outcome recorded ({}) cannot follow from that assessment. If the outcome was wrong "
    "too, record no further action first (it can follow from any assessment), then change the "
    "assessment and record the right outcome"
)


def record_assessment(
    report: Report,
    member: Member,
    *,
    subject_type: str | None,
    severity: str | None,
    case_decision: str | None,
    referrals: list[str],
    standards: list[str],
    subject_ethnicity: str | None = None,
    warning_in_force: str | None = None,
    seen: str | None = None,
) -> None:
    """The coded assessment: who the subject is, how serious, the decision and referrals.

    ``subject_ethnicity`` (from HR records, for the oversight disparity measure): a code from
    ``vocabulary.ETHNIC_GROUPS``, "" to clear it, or None to leave it as it is.
    ``warning_in_force``: a code from ``vocabulary.WARNINGS_IN_FORCE`` (officers only), or None
    or "" for none. ``seen`` is
    ``assessment_seen`` of the member's page: an assessment someone else saved since is not
    silently reverted (the whole form is saved at once, so a stale page would undo it all).

    A closed case's assessment stands as it was closed with, as its outcome does: the record the
    oversight figures count is frozen until a lead reopens the case (and the reopening, with its
    reason, is in the timeline before any change).
    """
    lock_and_reread(report)  # saved at this moment elsewhere: ``seen`` is compared with that
    _require_open(report)
    if changed_since(assessment_seen(report), seen):
        raise CaseworkError(
            "The assessment was changed while you were looking (in another tab, or by someone "
            "else). Check it and try again"
        )
    for value, table in (
        (subject_type, vocabulary.SUBJECT_TYPES),
        (severity, vocabulary.SEVERITIES),
        (case_decision, vocabulary.CASE_DECISIONS),
        (subject_ethnicity, vocabulary.ETHNIC_GROUPS),
        (warning_in_force, vocabulary.WARNINGS_IN_FORCE),
    ):
        if value and value not in table:
            raise CaseworkError("Choose from the options given")
    if warning_in_force and subject_type not in vocabulary.OFFICER_TYPES:
        raise CaseworkError(_WARNING_FOR_OFFICERS)
    if report.outcome and report.outcome not in vocabulary.outcomes_for(
        subject_type or None, case_decision or None, warning_in_force or None
    ):
        # The outcome form offers only outcomes the assessment can lead to; changing the
        # assessment under a recorded outcome would leave the two contradicting each other in
        # the oversight figures (a hearing's dismissal counted under "no case to answer", say).
        raise CaseworkError(_OUTCOME_RECORDED.format(vocabulary.OUTCOMES[report.outcome]))
    ethnicity = ethnicity_change(report.subject_ethnicity, report.subject_ethnicity)
    if subject_ethnicity is not None:
        ethnicity = ethnicity_change(report.subject_ethnicity, subject_ethnicity or None)
        if (subject_ethnicity or None) != report.subject_ethnicity:
            # The group feeds the oversight figures by ethnic group, which are as at the end of
            # last month: the change waits for this month's end, as a decision does.
            report.keep_figures_before_change(date.today())
            report.subject_ethnicity = subject_ethnicity or None
    report.subject_type = subject_type or None
    report.severity = severity or None
    if (case_decision or None) != report.case_decision:
        # Dated the day it changes, and only then: saving the assessment again for another field
        # keeps the day the decision standing was made, which oversight counts it from.
        report.keep_figures_before_change(date.today())
        report.case_decision = case_decision or None
        report.decision_on = date.today() if report.case_decision else None
    report.warning_in_force = warning_in_force or None
    report.referrals = vocabulary.join_codes(referrals, vocabulary.REFERRALS)
    report.standards = vocabulary.join_codes(standards, vocabulary.STANDARDS)
    # The standards last: with all ten ticked they alone fill most of the audit entry's 300
    # characters, and the entry is cut there.
    detail = (
        f"subject={report.subject_type} severity={report.severity} "
        f"decision={report.case_decision} warning={report.warning_in_force} "
        f"referrals={report.referrals} "
        f"ethnicity={ethnicity} "
        f"standards={report.standards}"
    )
    log_action(report, member, "assessment", "Assessment recorded", "assessment_recorded", detail)


def ethnicity_change(before: str | None, after: str | None) -> str:
    """What the audit entry says of the subject's ethnic group: never the group, but whether an
    assessment recorded, kept, changed or removed it, so that recoding the groups behind the
    oversight disparity figures shows in the audit log."""
    if before == after:
        return "unchanged" if after else "none"
    if before is None:
        return "recorded"
    return "cleared" if after is None else "changed"


def iopc_decision_pending(report: Report) -> bool:
    """Triage raised a ground for a mandatory IOPC referral and no lead has decided yet."""
    return bool(vocabulary.split_codes(report.iopc_flags)) and report.iopc_decision is None


IOPC_FIRST = "A lead must first decide whether this case is referred to the IOPC"
REFER_FIRST = (
    "The referral to the IOPC was confirmed but is not recorded as made: record the referral "
    "before closing the case"
)


def referral_unmade(report: Report) -> bool:
    """A lead confirmed the referral to the IOPC and nobody has recorded it as made."""
    return report.iopc_decision == "confirmed" and db.session.get(IopcReferral, report.id) is None


_CHANGE_FIRST = ", or change the case decision first if it was wrong"
_CHANGE_ASSESSMENT = ", or change the assessment first if it was wrong"
# Why a warning is refused when the officer already had one in force (regulation 42).
_WARNING_RULES_OUT = {
    "written_warning": "The officer had a written warning in force when the severity was "
    "assessed, so another written warning cannot be given: choose one of the outcomes listed"
    + _CHANGE_ASSESSMENT,
    "final_written_warning": "The officer had a final written warning in force when the "
    "severity was assessed, so neither a written warning nor another final written warning can "
    "be given: choose one of the outcomes listed" + _CHANGE_ASSESSMENT,
}
# Why an outcome does not fit the case-to-answer decision (``vocabulary.DECISION_OUTCOMES``).
_DOES_NOT_FIT = {
    "no_case": "The assessment says no case to answer: choose no further action, reflective "
    "practice or a vetting referral" + _CHANGE_FIRST,
    "case_misconduct": "The assessment says case to answer for misconduct, which goes to a "
    "misconduct meeting (a hearing only with a final written warning in force, or the staff "
    "procedure short of summary dismissal): choose one of the outcomes listed" + _CHANGE_FIRST,
    "case_misconduct_at_a_hearing": "The assessment says case to answer for misconduct with a "
    "final written warning in force, which goes to a misconduct hearing: choose one of the "
    "outcomes listed" + _CHANGE_FIRST,
    "case_gross_misconduct": "The assessment says case to answer for gross misconduct, which "
    "goes to a misconduct hearing (or the staff procedure): choose one of the outcomes listed"
    + _CHANGE_FIRST,
}


def record_outcome(
    report: Report, member: Member, outcome: str, reason: str, seen: str | None = None
) -> None:
    """``seen`` is the outcome the member's page showed ("" for none): one recorded by someone
    else since is not silently replaced."""
    _require_open(report)
    if changed_since(report.outcome, seen):
        label = vocabulary.OUTCOMES.get(report.outcome or "", report.outcome)
        raise CaseworkError(
            f"An outcome ({label}) was recorded while you were looking (in another tab, or by "
            "someone else). Check and try again"
        )
    if iopc_decision_pending(report):
        # An outcome (or closing) would take the case out of the leads' view of referrals to
        # decide, and the IOPC may investigate it itself.
        raise CaseworkError(IOPC_FIRST)
    if outcome not in vocabulary.outcomes_for(report.subject_type):
        raise CaseworkError("Choose an outcome that applies to this subject")
    warning = report.warning_in_force
    if outcome in vocabulary.ruled_out_by(warning):
        raise CaseworkError(_WARNING_RULES_OUT[warning or ""])
    if outcome not in vocabulary.outcomes_for(report.subject_type, report.case_decision, warning):
        # An outcome the decision cannot lead to contradicts the assessment, and both feed the
        # oversight figures: change the decision first if it was wrong.
        at_a_hearing = vocabulary.misconduct_at_a_hearing(report.case_decision, warning)
        raise CaseworkError(
            _DOES_NOT_FIT[
                "case_misconduct_at_a_hearing" if at_a_hearing else report.case_decision or ""
            ]
        )
    if not reason.strip():
        raise CaseworkError("Give the reason for the outcome")
    # The re-score below writes the clusters' risk and other reports' scores, as matching does:
    # the cluster lock first, then this report's row, and the audit log's lock last
    # (``intake.locks``), or an outcome and a report arriving at once could each wait for the
    # other.
    lock_clusters(db.session)
    lock_report(report)
    replaced = report.outcome
    report.keep_figures_before_change(date.today())
    report.outcome = outcome
    report.outcome_on = date.today()
    report.stage = "outcome"
    # The reporter's status page shows that an outcome was reached: feedback, if none came first.
    report.feedback_on = report.feedback_on or report.outcome_on
    report.update_owed_since = None
    seal_note(report, member, reason, "outcome_reason")
    # An outcome replaced says what it replaced, in the timeline and the audit log: a quick "no
    # further action" (which counts as feedback) changed months later is then plain to a lead.
    wording = f"Outcome recorded: {vocabulary.OUTCOMES[outcome]}"
    if replaced is not None:
        wording = (
            f"Outcome changed from {vocabulary.OUTCOMES.get(replaced, replaced)} to "
            f"{vocabulary.OUTCOMES[outcome]}"
        )
    detail = outcome if replaced is None else f"{outcome} replacing {replaced}"
    rescore_reports(db.session, [report])  # a proven outcome counts in the person's risk
    log_action(report, member, "outcome", wording, "outcome_recorded", detail)


def lead_must_close(report: Report) -> bool:
    """A case never acknowledged, or closed without an outcome, is closed only by a lead: it is
    where closing could hide a missed clock or a complaint nobody worked."""
    return report.acknowledged_on is None or report.outcome is None


def _gaps(report: Report, unacknowledged: str, no_outcome: str) -> list[str]:
    """The words given for what a case lacks that only a lead may close it without."""
    lacks = ((unacknowledged, report.acknowledged_on is None), (no_outcome, report.outcome is None))
    return [words for words, absent in lacks if absent]


def why_lead_must_close(report: Report) -> str:
    """The reason ``lead_must_close`` holds, as the end of "This case ...", or "" if it does
    not: "was never acknowledged", "has no outcome yet" or both."""
    return " and ".join(_gaps(report, "was never acknowledged", "has no outcome yet"))


def reopenings_seen(report: Report) -> str:
    """How many times the case has been reopened, as a page showed it, for the page to send
    back with a close or reopen: one sent from a page shown before another tab or member closed
    and reopened the case (or reopened and closed it) is then refused, although the case is
    open (or closed) again as that page showed it."""
    return str(sum(1 for event in report.events if event.kind == "reopened"))


# A close or reopen sent from a page shown before another tab or member did it: refused, with
# the reason typed shown on the case to copy (``triage.views.case_confirm.close``, and
# ``triage.views.case.reopen``).
ALREADY_CLOSED = "This case was already closed, so your reason was not recorded"
ALREADY_REOPENED = "This case was already reopened, so your reason was not recorded"


def close(report: Report, member: Member, reason: str, seen: str | None = None) -> None:
    """Close the case with the member's reason sealed as a note; the clocks stop. ``seen`` is
    ``reopenings_seen`` as the member's page showed it."""
    # Two tabs (or two members) closing at once would otherwise both find it open and both
    # close it, each with its reason.
    lock_and_reread(report)
    if report.closed_on is not None:
        raise CaseworkError(ALREADY_CLOSED)
    if changed_since(reopenings_seen(report), seen):
        raise CaseworkError(
            "This case was closed and reopened while you were looking (in another tab, or by "
            "someone else), so it was not closed. Check and try again"
        )
    require_content(report)
    if iopc_decision_pending(report):
        raise CaseworkError(IOPC_FIRST)
    if referral_unmade(report):
        # Closed, the case leaves the queue, and the referral's deadline with it.
        raise CaseworkError(REFER_FIRST)
    if lead_must_close(report) and not member.is_lead:
        raise CaseworkError(f"This case {why_lead_must_close(report)}, so only a lead can close it")
    if not reason.strip():
        raise CaseworkError("Give the reason for closing the case")
    report.keep_figures_before_change(date.today())
    report.closed_on = date.today()
    report.stage = "closed"
    if report.outcome and report.outcome_on is None:
        report.outcome_on = report.closed_on  # the outcome set aside on reopening stands: now
    seal_note(report, member, reason, "close_reason")
    missing = _gaps(report, "without acknowledgement", "without an outcome")
    wording = "Case closed" + (f" by a lead {' and '.join(missing)}" if missing else "")
    log_action(report, member, "closed", wording, "closed", ", ".join(missing))


def reopen(report: Report, member: Member, reason: str, seen: str | None = None) -> None:
    """Leads only (checked by the view). Open protective measures were never affected. ``seen``
    is ``reopenings_seen`` as the lead's page showed it."""
    lock_and_reread(report)  # as ``close``: never reopened twice at once
    if report.closed_on is None:
        raise CaseworkError(ALREADY_REOPENED)
    if changed_since(reopenings_seen(report), seen):
        raise CaseworkError(
            "This case was reopened and closed again while you were looking (in another tab, or "
            "by someone else), so it was not reopened. Check and try again"
        )
    require_content(report)
    if not reason.strip():
        raise CaseworkError("Give the reason for reopening the case")
    # Oversight goes on counting the close and outcome as they stood until this month has
    # ended (``Report.keep_figures_before_change``): undone today, they would move figures
    # already shown on the day of the reopening.
    report.keep_figures_before_change(date.today())
    report.closed_on = None
    report.stage = "assessing" if report.acknowledged_on else "received"
    # What the reporter was told before closing no longer describes the case. The earliest
    # reopening still unanswered is kept, so closing and reopening again cannot push the
    # update's deadline later.
    report.update_owed_since = report.update_owed_since or date.today()
    # The outcome stands (it still counts in the person's risk and the outcome rates) but loses
    # its date until the case closes again or a new one is recorded: otherwise a quick outcome
    # recorded before a reopening and months more work would be what "days to outcome" counts.
    standing = report.outcome is not None
    report.outcome_on = None
    seal_note(report, member, reason, "reopen_reason")
    wording = "Case reopened by a lead" + (
        ": its outcome stands, dated again when the case closes, unless a new one is recorded"
        if standing
        else ""
    )
    log_action(report, member, "reopened", wording, "reopened")


def require_content(report: Report) -> None:
    # After retention nothing new may be sealed onto the case: it would outlive the policy.
    if report.content_destroyed_on is not None:
        raise CaseworkError(
            "This case's content was destroyed"
            + ("" if report.destroyed_on_withdrawal else " under the retention policy")
            + ", so nothing more can be added to it"
        )


def lock_with_content(report: Report) -> None:
    """Lock the case's row, read it again and ``require_content``: a page opened before
    retention destroyed the content (or the reporter withdrew and had it deleted) would
    otherwise seal a note, message or measure onto the destroyed case once retention's lock
    was released, to outlive the policy."""
    lock_and_reread(report)
    require_content(report)


def add_note(report: Report, member: Member, text: str, *, management_action: bool) -> None:
    """An internal note. Management action is recorded this way: it is no longer an outcome."""
    lock_with_content(report)
    if not text.strip():
        raise CaseworkError("Write the note")
    kind = "management_action" if management_action else "note"
    seal_note(report, member, text, kind)
    wording = "Management action recorded" if management_action else "Internal note added"
    log_action(report, member, "note", wording, "note_added", kind)


def message_reporter(
    report: Report, member: Member, text: str, *, progress_update: bool = False
) -> None:
    """A message the reporter reads on their status page, sealed to the team and to them.

    Only a message the member marks as an update on progress is the feedback the second clock
    waits for: a question to the reporter tells them nothing of what is being done.
    """
    lock_with_content(report)
    if not text.strip():
        raise CaseworkError("Write the message")
    if progress_update and report.acknowledged_on is None:
        raise CaseworkError("Acknowledge the report before sending an update on progress")
    if progress_update and report.closed_on is not None:
        # Closing stopped the clocks: feedback not given by then was missed, and an "update"
        # sent afterwards must not turn a missed clock into a met one.
        raise CaseworkError(CLOSED_NO_UPDATE)
    if progress_update and too_short_for_an_update(text):
        raise CaseworkError(TOO_SHORT_FOR_AN_UPDATE)
    add_message(report, text, from_reporter=False, member_id=member.id)
    if progress_update:
        report.feedback_on = report.feedback_on or date.today()
        report.update_owed_since = None
    log_action(
        report,
        member,
        "message",
        UPDATE_ON_PROGRESS if progress_update else "The team sent the reporter a message",
        "message_sent",
        "progress update" if progress_update else "",
    )


def declare_conflict(report: Report, member: Member) -> None:
    """Recuse ``member`` at once; a case they held goes back to the leads for reassignment."""
    lock_and_reread(report)  # declared in another tab at this moment: found, not written twice
    if is_recused(member, report):
        raise CaseworkError("You have already declared a conflict of interest in this case")
    db.session.add(Recusal(member_id=member.id, report_id=report.id, declared_on=date.today()))
    unassigned = report.assignee_id == member.id
    if unassigned:
        report.assignee_id = None
        report.needs_reassignment = True
    log_action(
        report,
        member,
        "conflict",
        "A team member declared a conflict of interest and was recused",
        "conflict_declared",
        "unassigned" if unassigned else "",
    )


def current_protection_id(report: Report) -> int | None:
    """The retaliation risk record in force (not ended), if any."""
    return next((p.id for p in protections_of(report) if p.ended_on is None), None)


def record_protection(
    report: Report,
    member: Member,
    level: str,
    note: str,
    measures: str,
    seen: str | None = None,
) -> Protection:
    """Record the retaliation risk and protective measures; the previous record is replaced.
    ``seen`` is the record in force as the member's page showed it ("" for none): one that
    someone else recorded or ended since is not silently replaced."""
    lock_with_content(report)
    if changed_since(current_protection_id(report), seen):
        raise CaseworkError(
            "The retaliation risk record was changed while you were looking (in another tab, or "
            "by someone else). Check it and try again"
        )
    if level not in vocabulary.RISK_LEVELS:
        raise CaseworkError("Choose the level of risk")
    if not note.strip():
        raise CaseworkError("Explain the risk of retaliation")
    today = date.today()
    for current in protections_of(report):
        if current.ended_on is None:
            current.ended_on, current.ended_by, current.ended_reason = today, member.id, "replaced"
    uid = new_uid()
    protection = Protection(
        uid=uid,
        report_id=report.id,
        level=level,
        opened_on=today,
        opened_by=member.id,
        note=seal_for(report, note.encode(), f"protection:{uid}:note"),
        measures=seal_for(report, measures.encode(), f"protection:{uid}:measures"),
    )
    db.session.add(protection)
    log_action(
        report,
        member,
        "protection",
        f"Retaliation risk assessed as {vocabulary.RISK_LEVELS[level].lower()}"
        + ("; protective measures recorded" if measures.strip() else ""),
        "protection_recorded",
        level,
    )
    return protection


def open_protection(report: Report, protection_id: int) -> Protection | None:
    """The report's protective measures ``protection_id``, if they are still open."""
    found = next((p for p in protections_of(report) if p.id == protection_id), None)
    return found if found is not None and found.ended_on is None else None


def end_protection(report: Report, member: Member, protection_id: int, reason: str) -> None:
    """Leads only (checked by the view). The reason is sealed as a note."""
    lock_with_content(report)  # ended at this moment by another lead: found ended
    protection = open_protection(report, protection_id)
    if protection is None:
        raise CaseworkError("These protective measures were already ended")
    if not reason.strip():
        raise CaseworkError("Give the reason for ending the protective measures")
    seal_note(report, member, reason, "protection_end_reason")
    protection.ended_on, protection.ended_by = date.today(), member.id
    protection.ended_reason = "ended"
    log_action(
        report,
        member,
        "protection_ended",
        "Protective measures ended by a lead",
        "protection_ended",
    )
