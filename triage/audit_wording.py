"""Audit entries in words: what each action was, and its detail with member names and labels in
place of ids and codes ("To Casey Worker", "No further action").

Entries are stored exactly as written, so the hash chain still verifies; only their display is
translated here. An action or detail this module does not know is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from intake.vocabulary import STAGES
from triage.casework import vocabulary
from triage.models import AuditEntry

ACTIONS: dict[str, str] = {
    "signed_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "account_locked": "Account locked",
    "sign_in_slowed": "Sign-in slowed after failed attempts",
    "signed_out": "Signed out",
    "signed_out_everywhere": "Signed out everywhere",
    "password_changed": "Changed password",
    "member_invited": "Invited a member",
    "invitation_accepted": "Set up their account",
    "invitation_revoked": "Revoked an invitation",
    "invitation_locked": "Invitation closed after wrong codes",
    "access_restored": "Restored a member's access",
    "member_removed": "Removed a member",
    "role_changed": "Changed a member's role",
    "key_rotated": "Rotated the team key",
    "key_rotation_refused": "Key rotation refused",
    "recovery_used": "Used the recovery key",
    "recovery_refused": "Wrong recovery key entered",
    "team_created": "Set up the team",
    "audit_verified": "Verified the audit log",
    "audit_exported": "Exported the audit log",
    "decrypted": "Read a case",
    "downloaded": "Downloaded a file",
    "acknowledged": "Acknowledged a report",
    "assigned": "Assigned a case",
    "stage_changed": "Moved a case to another stage",
    "assessment_recorded": "Recorded an assessment",
    "outcome_recorded": "Recorded an outcome",
    "closed": "Closed a case",
    "reopened": "Reopened a case",
    "note_added": "Added a note",
    "message_sent": "Sent the reporter a message",
    "conflict_declared": "Declared a conflict of interest",
    "protection_recorded": "Assessed the risk of retaliation",
    "protection_ended": "Ended protective measures",
    "referral_decided": "Decided an IOPC referral",
    "iopc_referral_recorded": "Recorded an IOPC referral",
    "exported": "Exported a case bundle",
    "roster_imported": "Imported the force roster",
    "relinked": "Re-resolved everyone named in reports",
    "reread": "Read the people named in reports again",
    "weights_calibrated": "Learnt the matching weights from the stored tokens",
    "weights_reset": "Went back to the hand-set matching weights",
    "possible_match_linked": "Judged two people to be the same person",
    "possible_match_split": "Split a person judged the same by mistake",
    "possible_match_proposed": "Proposed two people as a possible match to judge",
    "possible_match_rejected": "Judged two people to be different people",
    "possible_match_reopened": "Reopened a judgement that two people are different",
    "retention_applied": "Destroyed content past its retention period",
    "backup_created": "Made a backup",
    "backup_restored": "Restored a backup",
    "force_added": "Added the force to the service",
    "force_renamed": "Renamed the force",
    "force_removed": "Removed a force added by mistake",
    "proof_key_made": "Made the first key that signs proofs of reporting",
    "proof_key_rotated": "Changed the key that signs proofs of reporting",
    "risk_rescored": "Re-scored everyone's risk",
    "crossforce_requested": "Asked another force to share a report",
    "crossforce_request_received": "Another force asked to share a report",
    "crossforce_accepted": "Agreed to share a report with another force",
    "crossforce_declined": "Declined to share a report with another force",
    "crossforce_shared": "Sealed a report's content to another force",
    "crossforce_accepted_there": "Another force agreed to share its report",
    "crossforce_declined_there": "Another force declined to share its report",
    "crossforce_received": "Received a report another force shared",
}

_MEMBER = re.compile(r"\bmember (\d+)\b")
_PEOPLE = re.compile(r"^person (\d+) here and person (\d+) in (C-[A-Z0-9]+)$")
_ASSESSMENT = re.compile(r"(\w+)=(\S*)")
_IOPC = re.compile(r"^iopc (\w+) \(([^)]*)\)$")


def action_label(action: str) -> str:
    """Plain words for an action; actions recorded by other parts of Candour read as written."""
    return ACTIONS.get(action, action.replace("_", " ").capitalize())


def _codes(value: str, labels: Mapping[str, str]) -> str:
    return ", ".join(labels.get(code, code) for code in value.split(",") if code)


def _assessment(detail: str, _: Mapping[int, str]) -> str:
    fields = dict(_ASSESSMENT.findall(detail))
    parts = []
    for name, heading, labels in (
        ("subject", "Subject", vocabulary.SUBJECT_TYPES),
        ("severity", "Severity", vocabulary.SEVERITIES),
        ("decision", "Decision", vocabulary.CASE_DECISIONS),
        ("warning", "Warning in force", vocabulary.WARNINGS_IN_FORCE),
        ("referrals", "Referrals", vocabulary.REFERRALS),
        ("standards", "Standards", vocabulary.STANDARDS),
    ):
        value = fields.get(name, "None")
        if name == "warning" and name not in fields:
            continue  # recorded before the assessment had the field
        parts.append(f"{heading}: {_codes(value, labels) if value != 'None' else 'not recorded'}")
    if "ethnicity" in fields:
        said = ETHNICITY_CHANGES.get(fields["ethnicity"], "not recorded")
        parts.append(f"Subject's ethnicity: {said}")
    return "; ".join(parts)


# How an assessment left the subject's ethnic group (``operations.ethnicity_change``): never the
# group itself, which is special category data, but whether it moved, which changes the figures.
ETHNICITY_CHANGES = {
    "recorded": "recorded",
    "unchanged": "recorded, unchanged",
    "changed": "changed to another group",
    "cleared": "removed",
}


def _people(detail: str, _: Mapping[int, str]) -> str:
    match = _PEOPLE.match(detail)
    if match is None:
        return detail
    own, other, reference = match.groups()
    return f"Person {own} in this case and person {other} in {reference}"


def _referral(detail: str, _: Mapping[int, str]) -> str:
    match = _IOPC.match(detail)
    if match is None:
        return detail
    decision, flags = match.groups()
    return vocabulary.IOPC_DECISIONS.get(decision, decision) + (
        f" (flagged: {flags.replace(',', ', ').replace('_', ' ')})" if flags else ""
    )


def _labelled(labels: Mapping[str, str]) -> Callable[[str, Mapping[int, str]], str]:
    return lambda detail, _: labels.get(detail, detail)


def _outcome(detail: str, _: Mapping[int, str]) -> str:
    """ "rprp" or, for an outcome that replaced another, "rprp replacing no_further_action"."""
    outcome, _replacing, replaced = detail.partition(" replacing ")
    label = vocabulary.OUTCOMES.get(outcome, outcome)
    if not replaced:
        return label
    was = vocabulary.OUTCOMES.get(replaced, replaced)
    return f"{label}, replacing {was[:1].lower()}{was[1:]}"  # "(RPRP)" stays in capitals


def _case_read(detail: str, _: Mapping[int, str]) -> str:
    if detail == "case page":
        return "Case page"
    if detail.startswith("subject page "):
        return "Page of reports that may name one person: " + detail.partition(": ")[2]
    return detail


_DETAILS: dict[str, Callable[[str, Mapping[int, str]], str]] = {
    "assessment_recorded": _assessment,
    "possible_match_linked": _people,
    "possible_match_rejected": _people,
    "possible_match_split": _people,
    "possible_match_reopened": _people,
    "possible_match_proposed": _people,
    "referral_decided": _referral,
    "outcome_recorded": _outcome,
    "stage_changed": _labelled({code: label for code, (label, _) in STAGES.items()}),
    "note_added": _labelled(vocabulary.NOTE_KINDS),
    "protection_recorded": _labelled(vocabulary.RISK_LEVELS),
    "conflict_declared": _labelled({"unassigned": "Taken off the case they were assigned"}),
    "decrypted": _case_read,
    "downloaded": lambda detail, _: "An attachment" if detail.startswith("attachment ") else detail,
}


def readable_detail(entry: AuditEntry, names: Mapping[int, str]) -> str:
    """The entry's detail in words, with members named rather than numbered."""
    translate = _DETAILS.get(entry.action)
    detail = translate(entry.detail, names) if translate else entry.detail

    def name(match: re.Match[str]) -> str:
        return names.get(int(match.group(1)), match.group(0))

    detail = _MEMBER.sub(name, detail)
    return detail[:1].upper() + detail[1:]


def member_ids(entries: list[AuditEntry]) -> set[int]:
    """Every member an entry was made by or names in its detail, to look their names up."""
    ids = {e.member_id for e in entries if e.member_id is not None}
    for entry in entries:
        ids |= {int(n) for n in _MEMBER.findall(entry.detail)}
    return ids
