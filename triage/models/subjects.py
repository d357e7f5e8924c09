"""Blind index of the people reports name, and the clusters they are linked into.

Only keyed hashes (HMAC under the matching key, kept outside the database) of normalised match
keys are stored, so a lookup is an equality query and no subject name is kept in clear.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db


class SubjectToken(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "subject_token"
    __table_args__ = (
        Index("ix_subject_token_subject", "report_id", "subject_no"),
        # Covers ``candidates`` and ``count``: an equality lookup answered from the index alone.
        Index("ix_subject_token_lookup", "token", "report_id", "subject_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"))
    subject_no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))


class SubjectLink(db.Model):  # type: ignore[name-defined,misc]
    """Which cluster a named subject belongs to, and why it was linked (sealed reason)."""

    __tablename__ = "subject_link"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    subject_no: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed: names the new subject


class ClusterRisk(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "cluster_risk"

    cluster_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    report_count: Mapped[int]
    score: Mapped[float] = mapped_column(index=True)
    level: Mapped[str] = mapped_column(String(12))
    predatory: Mapped[bool]
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of plain sentences without names
