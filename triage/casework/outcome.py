"""Recording a case's outcome: only one the assessment can lead to, never before a lead has decided
on a mandatory IOPC referral nor before the report is acknowledged (unless it already has an
outcome, from before that rule), and re-scoring the person's risk with it.

The member's reason is sealed as a note; what the member tells the reporter is sent as a message
in their thread, and only that message is feedback. The timeline and audit entry use fixed wording.
Written and audited together, the caller commits. Nothing here checks roles.
"""

from __future__ import annotations

from datetime import date

from intake.db import db
from intake.locks import lock_and_reread
from intake.models import Report
from intake.submission import add_message
from triage.casework import vocabulary
from triage.casework.checks import CLOSED, CaseworkError, changed_since, require_open
from triage.casework.clocks import OUTCOME_TOLD
from triage.casework.iopc import IOPC_FIRST, iopc_decision_pending
from triage.casework.timeline import log_action, seal_note
from triage.casework.writing import PROGRESS_UPDATE_WORDS, too_short_for_an_update
from triage.matching.cluster_risk import rescore_reports
from triage.matching.sql_store import lock_clusters
from triage.models import Member

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
# Why an outcome does not fit the case-to-answer decision (``vocabulary.outcomes_for``).
_DOES_NOT_FIT = {
    "": "No case to answer decision is recorded in the assessment, and a misconduct meeting, a "
    "misconduct hearing or the staff procedure follows only a case to answer: record the "
    "assessment first (in Assessment, “Record or change the assessment”), or choose no further "
    "action, reflective practice or a vetting referral",
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


def before_reopening(report: Report) -> date | None:
    """The day the outcome was recorded when a reopening has set it aside, else None.

    A reopening leaves the outcome in place, undated (``closing.reopen``): it still counts in the
    person's risk and the outcome figures, and is dated again if the case closes without a new
    one. But the case is being worked again, so pages show it as the outcome before reopening,
    not the current one. Its day is the timeline's last outcome line (the outcome's own date was
    cleared so that "days to outcome" counts the work since)."""
    if not report.outcome_set_aside:
        return None
    recorded = [event.on for event in report.events if event.kind == "outcome"]
    return recorded[-1] if recorded else None


class AlreadyRecorded(CaseworkError):
    """The outcome chosen is the one recorded: nothing was changed. The view says so plainly
    when this session had just recorded it with the same reason (Back and "Record outcome"
    again); otherwise the reason typed is shown again, to be added as a note."""


# How the timeline line of an outcome replacing another begins; oversight counts those lines
# (``triage.oversight.changes``).
OUTCOME_CHANGED = "Outcome changed from"
ALREADY_RECORDED = "This outcome is already recorded, so nothing was changed"
TELL_THE_REPORTER = "Write what to tell the reporter about the outcome"
TOO_SHORT_TO_TELL = (
    "Tell the reporter what was decided and what it means for them, in at least "
    f"{PROGRESS_UPDATE_WORDS} different words, as an update on progress needs"
)


# Why an outcome is refused on a report not yet acknowledged. The acknowledgement is a step of its
# own with its own clock (``clocks.acknowledge_clock``): an outcome before it would leave that
# clock running beside the outcome, and tell the reporter how their report ended before telling
# them it was received.
ACKNOWLEDGE_FIRST = (
    "Acknowledge the report before recording an outcome: the reporter has not yet been told it "
    "was received"
)

# What the team is told when an outcome is recorded on a case with ``reporter_to_tell`` False.
NOBODY_TO_TELL = "Nobody was told: there is no reporter to tell on this case"


def reporter_to_tell(report: Report) -> bool:
    """Whether anyone can be told the outcome of this open case: not when the report has no
    reporter's key (a row made for the figures alone), as nobody could read a message. Then
    none is needed, and the outcome is not feedback: nobody was told anything.

    An outcome needs an open case, and an open case always has its content: withdrawing closes
    the case (and only then may destroy it), retention destroys only closed cases' content, and
    a case whose content was destroyed cannot be reopened. A withdrawn report reopened with its
    content still has its reporter: the receipt opens the status page, which shows the outcome,
    so they are told it as on any other."""
    return bool(report.reporter_key)


def acknowledge_first(report: Report) -> bool:
    """Whether an outcome must wait for the report to be acknowledged (``ACKNOWLEDGE_FIRST``):
    not on a row made for the figures alone, which has nobody to acknowledge to, nor on one that
    already has an outcome (recorded before the rule, in older data): its reporter has been told
    how it ended, so an acknowledgement saying the team will look into it would come too late,
    and changing the outcome stays open as on any other case."""
    return reporter_to_tell(report) and report.acknowledged_on is None and report.outcome is None


def no_outcome_form(report: Report) -> str | None:
    """Why the case page shows no outcome form, in the words ``record_outcome`` refuses one in,
    or None when it shows one. An outcome form sent from a page shown before (another tab, or
    another member, closed the case meanwhile, say) is refused in these words whatever its
    fields hold: its fields' own errors would lead to boxes no longer on the page."""
    if report.closed_on is not None:
        return CLOSED
    if iopc_decision_pending(report):
        return IOPC_FIRST
    if acknowledge_first(report):
        return ACKNOWLEDGE_FIRST
    return None


def record_outcome(
    report: Report,
    member: Member,
    outcome: str,
    reason: str,
    seen: str | None = None,
    *,
    told: str,
) -> str:
    """Record ``outcome`` and return the timeline's line for it ("Outcome changed from ... to
    ..." when it replaced another), for the view's confirmation to say the same.

    ``seen`` is the outcome the member's page showed ("" for none): one recorded by someone
    else since is not silently replaced. ``told`` is the message to the reporter, which their
    status page shows beside the outcome in plain words (``intake.vocabulary.OUTCOMES_TOLD``);
    ignored when there is nobody to tell (``reporter_to_tell``)."""
    # The re-score below writes the clusters' risk and other reports' scores, as matching does:
    # the cluster lock first, then this report's row, and the audit log's lock last
    # (``intake.locks``), or an outcome and a report arriving at once could each wait for the
    # other. Taken before the checks, so they are made on the row as it is now: two tabs
    # recording the same outcome at once record it once.
    lock_clusters(db.session)
    lock_and_reread(report)
    require_open(report)
    again = report.outcome_set_aside and outcome == report.outcome
    if outcome == report.outcome and not again:
        # Recorded again (Back and submit, a second tab): nothing changes, above all not the
        # outcome's date, which oversight's clocks count from.
        raise AlreadyRecorded(
            f"{ALREADY_RECORDED}. To add to the reason given, add it to the case as a note"
        )
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
    if acknowledge_first(report):
        raise CaseworkError(ACKNOWLEDGE_FIRST)
    if outcome not in vocabulary.outcomes_of_forums(report.subject_type):
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
    tell = reporter_to_tell(report)
    if tell and not told.strip():
        raise CaseworkError(TELL_THE_REPORTER)
    if tell and too_short_for_an_update(told):
        # The message is what meets the feedback clock: "." must not meet it, as it must not
        # as an update on progress (``writing.too_short_for_an_update``).
        raise CaseworkError(TOO_SHORT_TO_TELL)
    replaced = report.outcome
    report.keep_figures_before_change(date.today())
    report.outcome = outcome
    report.outcome_on = date.today()
    report.stage = "outcome"
    seal_note(report, member, reason, "outcome_reason")
    if tell:
        # Feedback is what the reporter is told, never the outcome alone: the reason is an
        # internal note, so without this message they would learn nothing.
        add_message(report, told, from_reporter=False, member_id=member.id)
        report.feedback_on = report.feedback_on or report.outcome_on
        report.update_owed_since = None
    # An outcome replaced says what it replaced, in the timeline and the audit log: a quick "no
    # further action" (which counts as feedback) changed months later is then plain to a lead.
    wording = f"Outcome recorded: {vocabulary.OUTCOMES[outcome]}"
    if again:
        # The work since the reopening reached the same outcome: dated today, so "days to
        # outcome" counts that work, as closing without a new one would.
        wording = f"Outcome recorded again after reopening: {vocabulary.OUTCOMES[outcome]}"
    elif replaced is not None:
        wording = (
            f"{OUTCOME_CHANGED} {vocabulary.OUTCOMES.get(replaced, replaced)} to "
            f"{vocabulary.OUTCOMES[outcome]}"
        )
    detail = outcome if replaced is None or again else f"{outcome} replacing {replaced}"
    rescore_reports(db.session, [report])  # a proven outcome counts in the person's risk
    if tell:  # the message, then the outcome it tells of, which is the case's last line
        log_action(report, member, "message", OUTCOME_TOLD, "message_sent", "outcome told")
    log_action(report, member, "outcome", wording, "outcome_recorded", detail)
    return wording
