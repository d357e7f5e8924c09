"""Mandatory IOPC referrals: the grounds triage flags at submission, in plain words, and a lead's
decision to confirm or reject the referral.

Triage only suggests (``Report.iopc_flags``, codes set by ``triage.matching.on_arrival``); a lead
decides.
The decision is a code on the case, the lead's reason is sealed as a note, and the timeline line
and audit entry use fixed wording, never the reason. Nothing here checks roles: the view lets only
leads post a decision.
"""

from __future__ import annotations

from datetime import date

from intake.models import Report
from triage.casework import vocabulary
from triage.casework.operations import CaseworkError, log_action, require_content, seal_note
from triage.models import Member

# The codes ``triage.matching.on_arrival.IOPC_CODES`` stores, in words a caseworker reads on the
# case.
FLAG_LABELS: dict[str, str] = {
    "serious_sexual_offence": "Serious sexual offence",
    "sexual_abuse_of_position": "Abuse of position for a sexual purpose",
    "serious_assault": "Serious assault",
    "discrimination": "Behaviour aggravated by discrimination",
}
NOTE_KIND = "iopc_reason"
EVENT_WORDING = {
    "confirmed": "IOPC referral confirmed by a lead",
    "rejected": "IOPC referral rejected by a lead: not a mandatory referral",
}


def flag_codes(report: Report) -> list[str]:
    return vocabulary.split_codes(report.iopc_flags)


def flag_label(code: str) -> str:
    """Plain words for a flag; a code added to triage later still reads as words."""
    return FLAG_LABELS.get(code, code.replace("_", " ").capitalize())


def awaiting_decision(report: Report) -> bool:
    """Triage raised a ground for referral and no lead has decided yet."""
    return bool(flag_codes(report)) and report.iopc_decision is None


def decide(report: Report, member: Member, decision: str, reason: str) -> None:
    """Record a lead's decision on the flagged referral, with the reason sealed as a note.

    A decision stands once made: a referral confirmed may already have gone to the IOPC, so
    changing it is a new piece of case work (a note and the assessment's referrals), not an
    overwrite of this record.
    """
    require_content(report)
    if not flag_codes(report):
        raise CaseworkError("Triage did not flag this case for an IOPC referral")
    if report.iopc_decision is not None:
        raise CaseworkError("A lead has already decided on the IOPC referral for this case")
    if decision not in vocabulary.IOPC_DECISIONS:
        raise CaseworkError("Select whether the referral is confirmed or not needed")
    if not reason.strip():
        raise CaseworkError("Give the reason for the decision")
    today = date.today()
    report.iopc_decision = decision
    report.iopc_decided_on = today
    if decision == "confirmed":
        referrals = [*vocabulary.split_codes(report.referrals), "iopc"]
        report.referrals = vocabulary.join_codes(referrals, vocabulary.REFERRALS)
    seal_note(report, member, reason, NOTE_KIND)
    log_action(
        report,
        member,
        "iopc",
        EVENT_WORDING[decision],
        "referral_decided",
        f"iopc {decision} ({report.iopc_flags})",
    )
