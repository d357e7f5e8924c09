"""The coded assessment of a case: who the subject is, how serious, the decision and referrals,
the subject's ethnic group and any warning in force, which the oversight figures count.

Written and audited together; the caller commits. The audit entry never names the subject's
ethnic group, only whether it was recorded, kept, changed or removed. Nothing here checks roles.
"""

from __future__ import annotations

import hashlib
from datetime import date

from intake.locks import lock_and_reread
from intake.models import Report
from triage.casework import vocabulary
from triage.casework.checks import CaseworkError, changed_since, require_open
from triage.casework.timeline import log_action
from triage.models import Member

# How the timeline line of an assessment that changed the case decision begins; oversight counts
# those lines (``triage.oversight.changes``).
DECISION_CHANGED = "Assessment recorded: the decision changed from"


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
IOPC_IS_A_LEADS = (
    "Whether the case is referred to the IOPC is a lead's decision, recorded with its date in "
    "Referral to the IOPC, not in the assessment: ask a lead to record it"
)
_OUTCOME_RECORDED = (
    "The outcome recorded ({}) cannot follow from that assessment. If the outcome was wrong "
    "too, record no further action first (it can follow from any assessment), then change the "
    "assessment and record the right outcome"
)
# A reopening sets the outcome aside but it still counts beside the decision in the oversight
# figures (``oversight.as_at``: an undated outcome stands) and stands again if the case closes
# without a new one, so it binds the assessment as an outcome in place does. The case page shows
# it as the outcome before reopening, so the refusal names it so, and says how to move on.
_OUTCOME_BEFORE_REOPENING = (
    "The outcome recorded before the case was reopened ({}) cannot follow from that assessment, "
    "and it still counts in the figures and stands again if the case closes without a new one. "
    "Record the new outcome first (no further action can follow from any assessment), then "
    "change the assessment and, if need be, record the right outcome"
)

_DECISION_UNDER_AN_OUTCOME = (
    "An outcome is recorded on this case, so only a lead can change the case-to-answer decision "
    "it followed from. Ask a lead"
)
_DECISION_UNDER_AN_OUTCOME_SET_ASIDE = (
    "The outcome recorded before the case was reopened still counts in the figures, so only a "
    "lead can change the case-to-answer decision it followed from. Ask a lead"
)
_CASE_TO_ANSWER_NEEDS_SEVERITY = (
    "A case to answer needs a severity of misconduct or gross misconduct. Change the severity, "
    "or the decision"
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
) -> bool:
    """The coded assessment: who the subject is, how serious, the decision and referrals.
    False if it was saved as it already stood: nothing changed, and nothing is recorded (a
    timeline of identical "Assessment recorded" lines would read as work done).

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
    require_open(report)
    standing = assessment_seen(report)
    if changed_since(standing, seen):
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
    if "iopc" in referrals:
        raise CaseworkError(IOPC_IS_A_LEADS)
    if warning_in_force and subject_type not in vocabulary.OFFICER_TYPES:
        raise CaseworkError(_WARNING_FOR_OFFICERS)
    if severity == "neither" and case_decision in vocabulary.CASE_TO_ANSWER:
        raise CaseworkError(_CASE_TO_ANSWER_NEEDS_SEVERITY)
    decision_before = report.case_decision
    decision_changes = (case_decision or None) != decision_before
    if decision_changes and report.outcome and not member.is_lead:
        # The decision is what the case-to-answer rate counts; changed under an outcome it
        # rewrites a case already decided and acted on (turning "no case to answer" into "case
        # to answer" moves the rate with no new work), so it is a lead's call, and the timeline
        # says what it was before.
        raise CaseworkError(
            _DECISION_UNDER_AN_OUTCOME_SET_ASIDE
            if report.outcome_set_aside
            else _DECISION_UNDER_AN_OUTCOME
        )
    if report.outcome and report.outcome not in vocabulary.outcomes_for(
        subject_type or None, case_decision or None, warning_in_force or None
    ):
        # The outcome form offers only outcomes the assessment can lead to; changing the
        # assessment under a recorded outcome would leave the two contradicting each other in
        # the oversight figures (a hearing's dismissal counted under "no case to answer", say).
        refusal = _OUTCOME_BEFORE_REOPENING if report.outcome_set_aside else _OUTCOME_RECORDED
        raise CaseworkError(refusal.format(vocabulary.OUTCOMES[report.outcome]))
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
    if decision_changes:
        # Dated the day it changes, and only then: saving the assessment again for another field
        # keeps the day the decision standing was made, which oversight counts it from.
        report.keep_figures_before_change(date.today())
        report.case_decision = case_decision or None
        report.decision_on = date.today() if report.case_decision else None
    report.warning_in_force = warning_in_force or None
    # Any "iopc" code an assessment saved before is dropped: the lead's decision is the record.
    report.referrals = vocabulary.join_codes(referrals, vocabulary.ASSESSMENT_REFERRALS)
    report.standards = vocabulary.join_codes(standards, vocabulary.STANDARDS)
    if assessment_seen(report) == standing:
        return False
    # The standards last: with all ten ticked they alone fill most of the audit entry's 300
    # characters, and the entry is cut there.
    detail = (
        f"subject={report.subject_type} severity={report.severity} "
        f"decision={report.case_decision} "
        f"{f'decision_before={decision_before} ' if decision_changes else ''}"
        f"warning={report.warning_in_force} "
        f"referrals={report.referrals} "
        f"ethnicity={ethnicity} "
        f"standards={report.standards}"
    )
    wording = "Assessment recorded"
    # A decision first recorded under an outcome moves the case to answer rate of every period
    # the case counts in, as one replaced does: both are changes for the oversight figure
    # (``triage.oversight.changes``), or quick outcomes now and decisions later would show none.
    if decision_changes and (decision_before is not None or report.outcome is not None):
        wording = (
            f"{DECISION_CHANGED} {decision_label(decision_before)} "
            f"to {decision_label(report.case_decision)}"
        )
    log_action(report, member, "assessment", wording, "assessment_recorded", detail)
    return True


def decision_hint(report: Report, member: Member) -> str | None:
    """What the assessment form says of its case-to-answer decision under a recorded outcome
    (in place, or set aside by a reopening): which decisions ``record_assessment`` would let
    ``member`` save, by the rule the outcome form lists its outcomes by. None when any would do."""
    if report.outcome is None:
        return None
    label = vocabulary.OUTCOMES.get(report.outcome, report.outcome)
    if report.outcome_set_aside:
        named = f"The outcome recorded before the case was reopened, “{label}”,"
        stands, first = "still counts", "record the new outcome first"
    else:
        named = f"The outcome recorded, “{label}”,"
        stands, first = "stands on this case", "change the outcome first"
    if not member.is_lead:
        return f"{named} {stands}, so only a lead can record or change this decision."
    leading = vocabulary.decisions_leading_to(
        report.outcome, report.subject_type, report.warning_in_force
    )
    if len(leading) == len(vocabulary.CASE_DECISIONS):
        return None
    follows = (
        "can follow only " + " or ".join(f"“{decision_label(code).lower()}”" for code in leading)
        if leading
        else "cannot follow any of these decisions"
    )
    return f"{named} {follows}. To save another decision, {first}."


def decision_label(code: str | None) -> str:
    return vocabulary.CASE_DECISIONS[code] if code else "not decided"


def ethnicity_change(before: str | None, after: str | None) -> str:
    """What the audit entry says of the subject's ethnic group: never the group, but whether an
    assessment recorded, kept, changed or removed it, so that recoding the groups behind the
    oversight disparity figures shows in the audit log."""
    if before == after:
        return "unchanged" if after else "none"
    if before is None:
        return "recorded"
    return "cleared" if after is None else "changed"
