"""The audit log: every decryption, download, note, message, assignment, stage change, outcome,
sign-in, member change and key operation, appended and hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that row on. Each entry also keeps its place in its
force's chain (1, 2, 3…), which the audit page shows in place of its id. Entries name members and
case references, never reporters, and hold no report content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256

from sqlalchemy import select, text

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
    prev_hash, place = (last.entry_hash, last.place + 1) if last is not None else (GENESIS, 1)
    entry = AuditEntry(
        place=place,
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


@dataclass(frozen=True)
class Verification:
    entries: int  # checked, the broken one included
    broken_at: int | None  # the place of the first entry that does not hold, as the page shows it
    problem: str


def verify() -> Verification:
    """Walk the chain in order; report the first entry that was altered, removed, moved or
    renumbered."""
    prev_hash = GENESIS
    count = 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != prev_hash:
            return Verification(
                count,
                entry.place,
                "does not follow the entry before it (an entry was removed, inserted or reordered)",
            )
        if entry.entry_hash != _digest(prev_hash, entry):
            return Verification(count, entry.place, "was altered after it was written")
        # The place is not hashed: adding it to ``_digest`` would break every chain written
        # before places were kept. Checking that they run 1, 2, 3… in the chain's order catches
        # an edited one as surely, and removing or reordering entries already breaks the links.
        if entry.place != count:
            return Verification(
                count,
                entry.place,
                f"was renumbered after it was written (its place in the chain is {count})",
            )
        prev_hash = entry.entry_hash
    return Verification(count, None, "")
