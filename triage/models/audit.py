"""The append-only, hash-chained audit log of what team members did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class AuditEntry(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]  # members' actions keep exact times; reporters never appear here
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    action: Mapped[str] = mapped_column(String(40))
    case_reference: Mapped[str | None] = mapped_column(String(12))
    detail: Mapped[str] = mapped_column(String(300), default="")
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
