"""What every casework operation writes beside its change: the line in the case's timeline and the
audit entry, in the same transaction, and a member's words sealed as a note.

The timeline and the audit log take fixed wording chosen by the operation, never anything a
person typed: what a member writes reaches the database only sealed to the team key.
"""

from __future__ import annotations

from datetime import date

from intake.db import db
from intake.models import Report
from intake.submission import new_uid, record_event, seal_for
from triage import audit
from triage.models import Member, Note


def log_action(
    report: Report, member: Member, kind: str, wording: str, action: str, audit_detail: str = ""
) -> None:
    record_event(report, kind, wording, member.id)
    audit.record(action, member.id, report.reference, audit_detail)


def seal_note(report: Report, member: Member, text: str, kind: str) -> Note:
    uid = new_uid()
    note = Note(
        uid=uid,
        report_id=report.id,
        member_id=member.id,
        created_on=date.today(),
        body=seal_for(report, text.encode(), f"note:{uid}"),
        kind=kind,
    )
    db.session.add(note)
    return note
