"""The audit log: every decryption, download, note, message, assignment, stage change, outcome,
sign-in, member change and key operation, appended and hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that row on. Entries name members and case references,
never reporters, and hold no report content.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256

from sqlalchemy import func, select, text

from intake.db import db
from triage.models import AuditEntry

GENESIS = b"\x00" * 32


def _digest(prev_hash: bytes, entry: AuditEntry) -> bytes:
    fields = [
        entry.at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        entry.member_id,
        entry.action,
        entry.case_reference,
        entry.detail,
    ]
    canonical = json.dumps(fields, separators=(",", ":"), ensure_ascii=True).encode()
    return sha256(prev_hash + canonical).digest()


def record(
    action: str, member_id: int | None, case_reference: str | None = None, detail: str = ""
) -> AuditEntry:
    """Append an entry in the caller's transaction (it commits with the action it records)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # One writer at a time, so two appends can never chain from the same previous entry.
        db.session.execute(text("SELECT pg_advisory_xact_lock(4242)"))
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.entry_hash if last is not None else GENESIS
    entry = AuditEntry(
        at=datetime.now(UTC).replace(tzinfo=None),
        member_id=member_id,
        action=action,
        case_reference=case_reference,
        detail=detail[:300],
        prev_hash=prev_hash,
        entry_hash=b"",
    )
    entry.entry_hash = _digest(prev_hash, entry)
    db.session.add(entry)
    db.session.flush()
    return entry


def positions(ids: Collection[int]) -> dict[int, int]:
    """Where each of these entries stands in this force's chain (1 for its first), by id.

    Ids come from one sequence shared by every force, so one force's ids jump over the others'
    entries: shown to a lead they would hint at another force's activity and read as entries
    deleted. The chain itself is ordered by id, so this is the place ``verify`` walks it in."""
    if not ids:
        return {}
    numbered = select(
        AuditEntry.id, func.row_number().over(order_by=AuditEntry.id).label("place")
    ).subquery()
    rows = db.session.execute(
        select(numbered.c.id, numbered.c.place).where(numbered.c.id.in_(ids))
    ).all()
    return {row.id: row.place for row in rows}


@dataclass(frozen=True)
class Verification:
    entries: int  # checked, the broken one included: its place in the chain when there is one
    broken_at: int | None  # id of the first entry whose link does not hold
    problem: str


def verify() -> Verification:
    """Walk the chain in order; report the first entry that was altered, removed or moved."""
    prev_hash = GENESIS
    count = 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != prev_hash:
            return Verification(
                count,
                entry.id,
                "does not follow the entry before it (an entry was removed, inserted or reordered)",
            )
        if entry.entry_hash != _digest(prev_hash, entry):
            return Verification(count, entry.id, "was altered after it was written")
        prev_hash = entry.entry_hash
    return Verification(count, None, "")
