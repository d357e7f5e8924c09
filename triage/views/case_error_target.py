"""Where a case page's error summary points when one of its forms was refused.

The error summary links to the form that was sent. A page overtaken by another tab (or
another member) may no longer have that form, so the link points at what now stands in its
place: the clocks for acknowledging, closing and reopening, "Work the case" for a closed
case's stage and outcome (and for an outcome before the report is acknowledged), the note that
stands for the outcome form while an IOPC decision is owed, and a possible match's judgement once
it has been judged.
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.models import Report
from triage.casework.iopc import iopc_decision_owed
from triage.casework.outcome import acknowledge_first
from triage.casework.stages import stages_to_move_to

# The id of the element holding each of the case page's forms, by the form's name.
FORM_ANCHORS = {
    "acknowledge": "acknowledge-form",
    "assign_to_me": "assigned-to",
    "iopc_referral": "iopc-referral",
    "assign": "assign-form",
    "stage": "stage-section",
    "outcome": "outcome-section",
    "close": "close-form",
    "reopen": "reopen-form",
    "note": "note-form",
    "message": "message-form",
    "assessment": "assessment-form",
    "protection": "protection-form",
}

POSSIBLE_MATCH_PREFIX = "possible-"

# The note the case page shows for the outcome form while a lead must decide on an IOPC referral.
OUTCOME_AFTER_IOPC = "outcome-iopc-first"


def error_target(
    failed: str | None,
    report: Report,
    open_match_ids: Iterable[int],
    judged_same_ids: Iterable[int],
    judged_different_ids: Iterable[int],
) -> str:
    """The id the error summary links to for the refused form ``failed``."""
    if not failed:
        return "actions"
    if failed.startswith(POSSIBLE_MATCH_PREFIX):
        return _possible_match_target(
            failed, set(open_match_ids), set(judged_same_ids), set(judged_different_ids)
        )
    overtaken = (
        (failed == "acknowledge" and report.acknowledged_on is not None)
        or (failed == "reopen" and report.closed_on is None)
        or (failed == "close" and report.closed_on is not None)
    )
    if overtaken:
        return "clocks"
    if failed in ("stage", "outcome") and report.closed_on is not None:
        return "actions"  # "Work the case" says how to reopen
    if failed == "stage" and not stages_to_move_to(report):
        return "actions"  # no stage to move to, so the stage form is not shown
    if failed == "outcome" and iopc_decision_owed(report):
        return OUTCOME_AFTER_IOPC  # what was typed is shown below that note
    if failed == "outcome" and acknowledge_first(report):
        # No outcome form until the report is acknowledged: what was typed is shown above the
        # Acknowledge form, which comes first.
        return "actions"
    return FORM_ANCHORS.get(failed, failed)


def overtaken(failed: str | None, target: str) -> bool:
    """Whether the refused form ``failed`` is no longer on the page, so the error summary links
    to what stands in its place (``target``) and what was typed in it is shown there."""
    return failed is not None and target != FORM_ANCHORS.get(failed, failed)


def _possible_match_target(
    failed: str, open_ids: set[int], same_ids: set[int], different_ids: set[int]
) -> str:
    suffix = failed.removeprefix(POSSIBLE_MATCH_PREFIX)
    match_id = int(suffix) if suffix.isdigit() else None
    if match_id in open_ids:
        return failed
    if match_id in same_ids:
        return "judged-same"
    if match_id in different_ids:
        return "judged-different"
    return "possible" if open_ids else "clocks"
