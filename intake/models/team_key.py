"""The independent team's public keys. Private halves never touch this table in clear: members
hold wrapped copies (``triage.models.KeyWrap``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import LargeBinary, select
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class TeamKey(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "team_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_on: Mapped[date]
    retired_on: Mapped[date | None]

    @staticmethod
    def current() -> TeamKey | None:
        """The key new reports are sealed to: the newest one not retired."""
        query = select(TeamKey).where(TeamKey.retired_on.is_(None)).order_by(TeamKey.id.desc())
        return db.session.scalars(query.limit(1)).first()
