"""What a member writes on a case: an internal note (management action is recorded this way) or a
message to the reporter, which may count as the update on progress the second clock waits for.

The words are sealed before they reach the database; the timeline and audit entry use fixed
wording, never the words. Written and audited together, the caller commits.
"""

from __future__ import annotations

import re
from datetime import date

from intake.models import Report
from intake.submission import add_message
from triage.casework.checks import CaseworkError, lock_with_content
from triage.casework.clocks import UPDATE_ON_PROGRESS
from triage.casework.timeline import log_action, seal_note
from triage.models import Member

CLOSED_NO_UPDATE = (
    "This case is closed, so a message cannot count as an update on progress. Untick it to send "
    "the message, or ask a lead to reopen the case"
)


# Only the first update on progress counts for the feedback clock, for good: "." or "ok" ticked
# as one would meet it while telling the reporter nothing of what is being done. Different words,
# so that "ok ok ok ok" does not either; a short real sentence still passes, and the lead reads
# what was sent in the thread.
PROGRESS_UPDATE_WORDS = 4
TOO_SHORT_FOR_AN_UPDATE = (
    "An update on progress tells the reporter what has been done or what happens next, so it "
    f"needs at least {PROGRESS_UPDATE_WORDS} different words. Write more, or untick it to send "
    "the message"
)


def too_short_for_an_update(text: str) -> bool:
    return len({word.casefold() for word in re.findall(r"[^\W_]+", text)}) < PROGRESS_UPDATE_WORDS


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
    # Answered: a closed case the reporter wrote on leaves the working queue again.
    report.reporter_since_close_on = None
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
