"""The retaliation risk assessed for a reporter and the protective measures recorded for them: a
new record replaces the one in force, and a lead ends measures with a reason.

The risk note, the measures and the reason for ending them are sealed before they reach the
database; the timeline and audit entry use fixed wording. Written and audited together, the
caller commits. Nothing here checks roles — the view lets only leads end measures.
"""

from __future__ import annotations

from datetime import date

from intake.db import db
from intake.models import Report
from intake.submission import new_uid, seal_for
from triage.casework import vocabulary
from triage.casework.checks import CaseworkError, changed_since, lock_with_content
from triage.casework.queries import protections_of
from triage.casework.timeline import log_action, seal_note
from triage.models import Member
from triage.models.case import Protection


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
