"""The force roster as Candour keeps it: each person's entry sealed to the team key, and keyed
hashes of its match keys for lookup. No name, number or unit is stored in clear."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class RosterPerson(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """One person on the roster, across re-imports (found again by ``person_token``)."""

    __tablename__ = "roster_person"
    # A transferee is on two forces' rosters: the same person token, once in each.
    __table_args__ = (
        UniqueConstraint("force_id", "person_token", name="uq_roster_person_force_token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The keyed hash of the person's stable key (``triage.matching.roster.person_key``): the
    # value of the ``person`` token a mention resolved to them carries.
    person_token: Mapped[bytes] = mapped_column(LargeBinary(32))
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    content: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON of the entry as imported
    version: Mapped[int]  # the import that last listed them
    # The day they left: from the import, or the day an import first no longer listed them.
    left_on: Mapped[date | None]
    # PostgreSQL only (NULL on SQLite): the person's ``roster_token`` tokens as one array and
    # the kinds they hold as bits (``roster_sql.BITS``), so that resolving a mention reads one
    # row of each person it gathers rather than one index entry per token. ``roster_sql.pack``
    # writes them from ``roster_token`` after every import, and ``flask backup restore`` after a
    # restore: a backup does not carry the copy (``intake.backup.REBUILT``), which would not
    # restore into SQLite.
    tokens: Mapped[list[bytes] | None] = mapped_column(
        ARRAY(LargeBinary).with_variant(LargeBinary(), "sqlite"), info={"backup": "rebuilt"}
    )
    kinds: Mapped[int | None]


class RosterToken(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "roster_token"
    __table_args__ = (
        # Both carry force_id (PostgreSQL) so the row-level policy is checked from the index:
        # without it every entry read costs a visit to the table.
        Index("ix_roster_token_lookup", "token", "person_id", postgresql_include=["force_id"]),
        # What a mention's resolution reads of each person it gathers, from the index alone.
        Index(
            "ix_roster_token_person",
            "person_id",
            "kind",
            "token",
            postgresql_include=["force_id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("roster_person.id"))
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))
