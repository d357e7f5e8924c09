"""The append-only, hash-chained audit log of what team members did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class AuditEntry(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "audit_entry"
    # Also the audit page's order: a force's newest entries read from its end, not a scan.
    __table_args__ = (UniqueConstraint("force_id", "place", name="uq_audit_entry_force_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Its place in this force's own chain, 1 for the first (``triage.audit.record``): what the
    # audit page, its CSV and ``flask audit verify`` number it by. Ids come from one sequence
    # shared by every force, so one force's ids jump over the others' entries: shown, they would
    # hint at another force's activity and read as entries deleted.
    place: Mapped[int]
    at: Mapped[datetime]  # members' actions keep exact times; reporters never appear here
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    action: Mapped[str] = mapped_column(String(40))
    case_reference: Mapped[str | None] = mapped_column(String(12))
    detail: Mapped[str] = mapped_column(String(300), default="")
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
