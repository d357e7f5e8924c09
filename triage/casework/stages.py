"""Moving a case through its stages by hand: acknowledging the report (the first clock stops) and
moving it to a stage a member may choose. Outcome and closing have their own modules
(``triage.casework.outcome``, ``triage.casework.closing``).

Each step is written and audited together and the caller commits. Nothing here checks roles —
the views do that before calling.
"""

from __future__ import annotations

from datetime import date

from intake.locks import lock_and_reread
from intake.models import Report
from intake.submission import add_message
from intake.vocabulary import STAGES
from triage.casework import vocabulary
from triage.casework.checks import CaseworkError, changed_since, lock_with_content, require_open
from triage.casework.timeline import log_action
from triage.casework.writing import PROGRESS_UPDATE_WORDS, too_short_for_an_update
from triage.models import Member

# Stages a member may move a case to by hand; "outcome" and "closed" have their own actions.
MOVABLE_STAGES = ("acknowledged", "assessing")
# Once a case has an outcome (recorded, or set aside by a reopening and still standing) it moves
# by hand no more: back to "acknowledged" or "assessing" it would tell the reporter's status page
# and the queue's counts that the case is earlier than its recorded outcome. A lead's reopening
# is the way back, as it is for a closed case.
OUTCOME_STANDS = (
    "An outcome is recorded on this case, so it cannot go back to an earlier stage. If the "
    "outcome was wrong, record the right one; to work the case again, close it and ask a lead "
    "to reopen it"
)


TOO_SHORT_FOR_AN_ACKNOWLEDGEMENT = (
    "An acknowledgement tells the reporter their report was received and what happens next, "
    f"so it needs at least {PROGRESS_UPDATE_WORDS} different words. Write more, or send the "
    "standard acknowledgement"
)


def acknowledge(report: Report, member: Member, message: str | None = None) -> None:
    """Confirm receipt: the reporter gets the message (the standard one, or the member's own
    words in its place) and the first clock stops. Decided on the case's row as it is now,
    locked (``lock_with_content``): two members acknowledging at once sent two, and one sent
    while the reporter replaced their receipt was sealed to the old receipt's key.

    ``message`` None, or any standard wording as the page showed it, sends the standard one for
    the report as it is now (``standard_acknowledgement``): a page shown before the reporter
    withdrew it must not promise them an investigation and feedback."""
    lock_with_content(report)
    require_open(report)
    if report.acknowledged_on is not None:
        raise CaseworkError("This report has already been acknowledged")
    if message is not None and not message.strip():
        raise CaseworkError("Write the acknowledgement")
    standard = message is None or message.strip() in vocabulary.STANDARD_ACKNOWLEDGEMENTS
    if not standard and too_short_for_an_update(message or ""):
        # "." would stop the first clock while telling the reporter nothing: the same floor as
        # an update on progress, which stops the second.
        raise CaseworkError(TOO_SHORT_FOR_AN_ACKNOWLEDGEMENT)
    if message is None or standard:
        message = standard_acknowledgement(report)
    add_message(report, message, from_reporter=False, member_id=member.id)
    report.acknowledged_on = date.today()
    if report.stage == "received":
        report.stage = "acknowledged"
    log_action(
        report,
        member,
        "acknowledged",
        "Report acknowledged; the reporter was sent the "
        + ("standard message" if standard else "message"),
        "acknowledged",
        "standard message" if standard else "own message",
    )


def standard_acknowledgement(report: Report) -> str:
    """The standard acknowledgement of ``report`` as it is now: none promises a withdrawn report
    an investigation, nor one that already has an outcome feedback to come."""
    return vocabulary.acknowledgement_message(
        withdrawn=report.withdrawn_on is not None, decided=report.outcome is not None
    )


def stages_to_move_to(report: Report) -> tuple[str, ...]:
    """The stages ``move_stage`` would move the case to now, to offer: not the one it is at, nor
    "acknowledged" before the report is (the Acknowledge form, which sends the reporter the
    message, is the way there), nor any once the case has an outcome (``OUTCOME_STANDS``)."""
    if report.outcome is not None:
        return ()
    return tuple(
        stage
        for stage in MOVABLE_STAGES
        if stage != report.stage and (stage != "acknowledged" or report.acknowledged_on)
    )


def move_stage(report: Report, member: Member, stage: str, seen: str | None = None) -> bool:
    """Move the case to ``stage``; False if a second tab or a double click had moved it there
    already (nothing changed). ``seen`` is the stage the member's page showed; a move from a
    page left open while someone else moved the case (or recorded its outcome) is refused."""
    lock_and_reread(report)  # closed, or moved, at this moment: decided on what it is now
    require_open(report)
    if stage == report.stage and changed_since(report.stage, seen):
        return False  # a second tab or a double click, moved already: done, as the member asked
    if changed_since(report.stage, seen):
        raise CaseworkError(
            f"This case was moved to “{STAGES[report.stage][0]}” while you were looking (in "
            "another tab, or by someone else). Check and try again"
        )
    if stage not in MOVABLE_STAGES:
        raise CaseworkError("Choose a stage")
    if stage == report.stage:
        raise CaseworkError("The case is already at that stage")
    if report.outcome is not None:
        raise CaseworkError(OUTCOME_STANDS)
    if stage == "acknowledged" and report.acknowledged_on is None:
        raise CaseworkError(
            "Acknowledge the report first: that sends the reporter the standard message"
        )
    report.stage = stage
    log_action(
        report, member, "stage", f"Stage changed to {STAGES[stage][0]}", "stage_changed", stage
    )
    return True
