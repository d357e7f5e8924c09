"""The force roster as Candour keeps it: each person's entry sealed to the team key, and keyed
hashes of its match keys for lookup. No name, number or unit is stored in clear."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db


class RosterPerson(db.Model):  # type: ignore[name-defined,misc]
    """One person on the roster, across re-imports (found again by ``person_token``)."""

    __tablename__ = "roster_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The keyed hash of the person's stable key (``triage.matching.roster.person_key``): the
    # value of the ``person`` token a mention resolved to them carries.
    person_token: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    content: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON of the entry as imported
    version: Mapped[int]  # the import that last listed them
    # The day they left: from the import, or the day an import first no longer listed them.
    left_on: Mapped[date | None]


class RosterToken(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "roster_token"
    __table_args__ = (
        Index("ix_roster_token_lookup", "token", "person_id"),
        # What a mention's resolution reads of each person it gathers, from the index alone.
        Index("ix_roster_token_person", "person_id", "kind", "token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("roster_person.id"))
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))
