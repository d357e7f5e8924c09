"""Closing a case (the clocks stop) and a lead reopening it, each with the member's reason sealed
as a note, and who may close a case that lacks an acknowledgement or an outcome.

Written and audited together; the caller commits. Whether the member is a lead is checked here
only for closing a case that lacks an acknowledgement or an outcome; reopening is for leads and
the view checks that.
"""

from __future__ import annotations

from datetime import date

from intake.locks import lock_and_reread
from intake.models import Report
from triage.casework.checks import CaseworkError, changed_since, require_content
from triage.casework.iopc import IOPC_FIRST, REFER_FIRST, iopc_decision_pending, referral_unmade
from triage.casework.timeline import log_action, seal_note
from triage.models import Member


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
# ``triage.views.case_actions.reopen``).
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
    report.reporter_since_close_on = None  # open again, the case is in the queue anyway
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
