"""Mandatory IOPC referrals: the grounds triage flags at submission, in plain words, a lead's
decision to confirm or reject the referral, and the record of a confirmed referral (date
referred, the IOPC's reference, its mode of investigation, date returned) with its deadline.
Until a lead decides, a flagged case takes no outcome and cannot close; a confirmed referral
must be recorded as made before the case closes. A lead may also confirm a referral triage did
not flag (its flags are only suggestions).

The lead's decision is the one record of whether a case was referred to the IOPC: the assessment
shows it (``referrals_shown``) and cannot set it, so no caseworker can record a referral around
the lead, or one with no date for the referral clocks to run from.

Triage only suggests (``Report.iopc_flags``, codes set by ``triage.matching.on_arrival``); a lead
decides.
The decision is a code on the case, the lead's reason is sealed as a note, and the timeline line
and audit entry use fixed wording, never the reason. Nothing here checks roles: the view lets only
leads post a decision.
"""

from __future__ import annotations

import hashlib
from datetime import date

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, open_sealed
from intake.submission import seal_for
from intake.templating import day
from triage.casework import vocabulary
from triage.casework.checks import CaseworkError, changed_since, lock_with_content, require_open
from triage.casework.reading import Keys
from triage.casework.timeline import log_action, seal_note
from triage.models import IopcReferral, Member

# The codes ``triage.matching.on_arrival.IOPC_CODES`` stores, in words a caseworker reads on the
# case.
FLAG_LABELS: dict[str, str] = {
    "serious_sexual_offence": "Serious sexual offence",
    "sexual_abuse_of_position": "Abuse of position for a sexual purpose",
    "serious_assault": "Serious assault",
    "discrimination": "Behaviour aggravated by discrimination",
}
NOTE_KIND = "iopc_reason"
REFERENCE_FIELD = "iopc:reference"
EVENT_WORDING = {
    "confirmed": "IOPC referral confirmed by a lead",
    "rejected": "IOPC referral rejected by a lead: not a mandatory referral",
}


def flag_codes(report: Report) -> list[str]:
    return vocabulary.split_codes(report.iopc_flags)


def flag_label(code: str) -> str:
    """Plain words for a flag; a code added to triage later still reads as words."""
    return FLAG_LABELS.get(code, code.replace("_", " ").capitalize())


def referrals_shown(report: Report) -> list[str]:
    """The case's referrals in words, as its assessment shows them: the IOPC referral when a lead
    confirmed it (with the day), then those the assessment records (``ASSESSMENT_REFERRALS``).
    An "iopc" code stored in the assessment's column (ticked there before the lead's decision
    was the one record) is not shown: the timeline and audit log still say it was ticked."""
    shown = []
    if report.iopc_decision == "confirmed":
        decided = f", {day(report.iopc_decided_on)}" if report.iopc_decided_on else ""
        shown.append(f"{vocabulary.REFERRALS['iopc']} (a lead's decision{decided})")
    return shown + [
        vocabulary.ASSESSMENT_REFERRALS[code]
        for code in vocabulary.split_codes(report.referrals)
        if code in vocabulary.ASSESSMENT_REFERRALS
    ]


def iopc_decision_pending(report: Report) -> bool:
    """Triage raised a ground for a mandatory IOPC referral and no lead has decided yet."""
    return bool(vocabulary.split_codes(report.iopc_flags)) and report.iopc_decision is None


def iopc_decision_owed(report: Report) -> bool:
    """A decision is pending and can still be made: not once the content was deleted
    (``queue.iopc_pending_condition``)."""
    return iopc_decision_pending(report) and report.content_destroyed_on is None


IOPC_FIRST = "A lead must first decide whether this case is referred to the IOPC"
REFER_FIRST = (
    "The referral to the IOPC was confirmed but is not recorded as made: record the referral "
    "before closing the case"
)


def referral_unmade(report: Report) -> bool:
    """A lead confirmed the referral to the IOPC and nobody has recorded it as made."""
    return report.iopc_decision == "confirmed" and db.session.get(IopcReferral, report.id) is None


def decisions_open(report: Report) -> dict[str, str]:
    """The decisions a lead may record on the case: confirm or reject a flagged referral; on a
    case triage did not flag, only confirm one (there is no flag to reject, and a "not needed"
    recorded for nothing would stand in the way of a referral found needed later)."""
    if flag_codes(report):
        return vocabulary.IOPC_DECISIONS
    return {"confirmed": vocabulary.IOPC_DECISIONS["confirmed"]}


def decide(report: Report, member: Member, decision: str, reason: str) -> None:
    """Record a lead's decision on the referral, with the reason sealed as a note.

    A decision stands once made: a referral confirmed may already have gone to the IOPC, so
    changing it is a new piece of case work (a note), not an overwrite of this record.
    """
    lock_with_content(report)  # read again, a decision already made by another lead is seen
    if not flag_codes(report):
        # A referral triage did not suggest is new case work, so it needs the case open, as an
        # assessment does. (A flagged case cannot close undecided, unless its reporter withdrew
        # it: the decision is still owed then.)
        require_open(report)
    if report.iopc_decision is not None:
        raise CaseworkError("A lead has already decided on the IOPC referral for this case")
    if decision not in vocabulary.IOPC_DECISIONS:
        raise CaseworkError("Select whether the referral is confirmed or not needed")
    if decision not in decisions_open(report):
        raise CaseworkError(
            "Triage did not flag this case for an IOPC referral, so there is nothing to reject: "
            "record a decision only to confirm a referral"
        )
    if not reason.strip():
        raise CaseworkError("Give the reason for the decision")
    today = date.today()
    report.iopc_decision = decision
    report.iopc_decided_on = today
    seal_note(report, member, reason, NOTE_KIND)
    log_action(
        report,
        member,
        "iopc",
        EVENT_WORDING[decision],
        "referral_decided",
        f"iopc {decision} ({report.iopc_flags})",
    )


# The referral record, once a lead has confirmed the referral ---------------------------------


def referral_of(report: Report) -> IopcReferral | None:
    return db.session.get(IopcReferral, report.id)


def opened_reference(report: Report, referral: IopcReferral, keys: Keys) -> str | None:
    """The IOPC's reference as the lead typed it, or None when there is none or it cannot be
    opened with these keys."""
    if not referral.reference:
        return None
    try:
        opened = open_sealed(keys, referral.reference, record=report.record, field=REFERENCE_FIELD)
    except SealError:
        return None
    return opened.decode()


def referral_seen(report: Report) -> str:
    """The referral record as a page shows it, in a short opaque form for the page to send back
    ("" before there is one)."""
    referral = referral_of(report)
    if referral is None:
        return ""
    fields = (referral.referred_on, referral.mode, referral.returned_on, referral.reference)
    text = "|".join("" if value is None else str(value) for value in fields)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


RETURNED_DATE_NEEDED = "Enter the date it was returned to the force"


def referred_on_problem(report: Report, referred_on: date, today: date) -> str | None:
    """What is wrong with the date the referral was made, in words for its field on the form
    (None when nothing is)."""
    if referred_on > today:
        return "Date referred to the IOPC must be today or in the past"
    if referred_on < report.received_on:
        return (
            "Date referred to the IOPC must be on or after the day the report was received "
            f"({day(report.received_on)})"
        )
    if report.iopc_decided_on is not None and referred_on < report.iopc_decided_on:
        # The deadline runs from the confirmation: a date before it would show a referral on
        # time whenever it was really made.
        return (
            "Date referred to the IOPC must be on or after the day the referral was confirmed "
            f"({day(report.iopc_decided_on)})"
        )
    return None


def returned_on_problem(
    referred_on: date | None, returned_on: date | None, mode: str, today: date
) -> str | None:
    """What is wrong with the date the IOPC returned the matter to the force, in words for its
    field on the form (None when nothing is). A matter returned to be handled as the force sees
    fit has no other date to show when that happened, so it needs one; under any other mode,
    or none yet, the date is optional."""
    if returned_on is None:
        return RETURNED_DATE_NEEDED if mode == "returned" else None
    if returned_on > today:
        return "Date returned to the force must be today or in the past"
    if referred_on is not None and returned_on < referred_on:
        return "Date returned to the force must be on or after the date referred"
    return None


def record_referral(
    report: Report,
    member: Member,
    *,
    referred_on: date,
    reference: str,
    mode: str,
    returned_on: date | None,
    today: date,
    seen: str | None = None,
) -> None:
    """Record, or bring up to date, the referral: the date it went, the IOPC's reference (sealed),
    the IOPC's decision on the mode of investigation and the date it returned the matter.

    Leads only (checked by the view). The timeline and the audit log use fixed wording. ``seen``
    is ``referral_seen`` of the lead's page: the whole record is saved at once, so a page shown
    before another lead brought it up to date would silently undo that (a return date cleared).
    """
    lock_with_content(report)
    if changed_since(referral_seen(report), seen):
        raise CaseworkError(
            "The referral record was changed while you were looking (in another tab, or by "
            "someone else). Check it and try again"
        )
    if report.iopc_decision != "confirmed" or report.iopc_decided_on is None:
        raise CaseworkError("Confirm the referral to the IOPC before recording it")
    if mode and mode not in vocabulary.IOPC_MODES:
        raise CaseworkError("Choose the mode of investigation from the options given")
    for problem in (
        referred_on_problem(report, referred_on, today),
        returned_on_problem(referred_on, returned_on, mode, today),
    ):
        if problem is not None:
            raise CaseworkError(problem)
    referral = referral_of(report)
    new = referral is None
    if referral is None:
        # ``recorded_on`` is the server's day, set here once: an edit keeps the first.
        referral = IopcReferral(
            report_id=report.id, referred_on=referred_on, recorded_on=today, recorded_by=member.id
        )
        db.session.add(referral)
    was_referred_on = referral.referred_on
    referral.referred_on = referred_on
    referral.recorded_by = member.id
    referral.mode = mode or None
    referral.returned_on = returned_on
    if reference.strip():  # left blank, the reference already recorded stays
        referral.reference = seal_for(report, reference.strip().encode(), REFERENCE_FIELD)
    log_action(
        report,
        member,
        "iopc_referral",
        _referral_wording(new, was_referred_on, referred_on),
        "iopc_referral_recorded",
        f"referred {_date_change(was_referred_on, referred_on)} mode={referral.mode} "
        f"returned={returned_on.isoformat() if returned_on else 'no'}",
    )


def _referral_wording(new: bool, was: date, now: date) -> str:
    """The timeline line: a changed date referred names the old and the new date, so a date
    moved after it was first recorded is there for anyone reading the case."""
    if new:
        return f"IOPC referral recorded by a lead: referred on {day(now)}"
    if was != now:
        return (
            "IOPC referral record updated by a lead: date referred changed from "
            f"{day(was)} to {day(now)}"
        )
    return "IOPC referral record updated by a lead"


def _date_change(was: date, now: date) -> str:
    return now.isoformat() if was == now else f"{was.isoformat()} changed to {now.isoformat()}"
