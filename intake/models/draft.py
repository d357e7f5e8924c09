"""A report being written. The server keeps only ciphertext under a key that lives in the
reporter's session cookie, so an abandoned draft is unreadable here and is purged after
``DRAFT_DAYS`` days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned

DRAFT_DAYS = 3


class Draft(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the draft token
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    started_on: Mapped[date] = mapped_column(index=True)
