"""Blind index of the people reports name, and the clusters they are linked into.

Only keyed hashes (HMAC under the matching key, kept outside the database) of normalised match
keys are stored, so a lookup is an equality query and no subject name is kept in clear.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, Select, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned
from intake.models.ids import ID_TYPE, random_primary_key


class SubjectToken(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "subject_token"
    __table_args__ = (
        Index("ix_subject_token_subject", "report_id", "subject_no"),
        # Covers ``candidates`` and ``count``: an equality lookup answered from the index alone,
        # the row-level policy's force_id included (PostgreSQL), so that under the policy a
        # lookup still reads at most its limit of index entries and never the table.
        Index(
            "ix_subject_token_lookup",
            "token",
            "report_id",
            "subject_no",
            postgresql_include=["force_id"],
        ),
    )

    id: Mapped[int] = random_primary_key()
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"))
    subject_no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))


class SubjectLink(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """Which cluster a named subject belongs to, and why it was linked (sealed reason)."""

    __tablename__ = "subject_link"

    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), primary_key=True)
    subject_no: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed: names the new subject


class ClusterRisk(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "cluster_risk"

    cluster_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    report_count: Mapped[int]
    score: Mapped[float] = mapped_column(index=True)
    level: Mapped[str] = mapped_column(String(12))
    predatory: Mapped[bool]
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of plain sentences without names


class PossibleMatch(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A person in a new report who may be a person in an earlier one, for a caseworker to judge.

    The matcher found the earlier person at least ``triage.matching.weights.POSSIBLE_PROBABILITY``
    likely, but below the link threshold. The reason names the new subject in
    words, so it is sealed on the new report like a link reason. ``status`` is ``open`` until a
    caseworker or lead judges it ``linked`` (the two clusters merged) or ``rejected`` (and the
    matcher never joins those two people afterwards: ``SubjectStore.judged_apart``).
    """

    __tablename__ = "possible_match"

    id: Mapped[int] = random_primary_key()
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    subject_no: Mapped[int]
    other_report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    other_subject_no: Mapped[int]
    probability: Mapped[float]
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed on the new report
    status: Mapped[str] = mapped_column(String(10), default="open")
    decided_on: Mapped[date | None]
    # Set when judged the same person: JSON of the subjects ([report id, subject no] pairs) the
    # merge moved from the smaller cluster, and whether the judgement wrote the link reason, so
    # a lead can split them again exactly (``triage.matching.possible.split``).
    merged_side: Mapped[str | None] = mapped_column(Text)
    # The member who proposed it (``triage.matching.proposals``), who may not judge it; None for
    # the matcher's own. Kept here because the timeline lines a proposal writes name only the
    # person on each side, and one person may be proposed against several cases. A member's
    # id, not a foreign key: the matching tables stand alone (benchmarks build only them).
    proposer_id: Mapped[int | None]


def with_subject_links(query: Select[Any], ours: Any, theirs: Any) -> Select[Any]:
    """``query`` over ``PossibleMatch`` joined to the ``subject_link`` rows of its two subjects:
    ``ours`` (aliased) for the new report's, ``theirs`` for the earlier report's."""
    return query.join(
        ours,
        and_(
            ours.report_id == PossibleMatch.report_id,
            ours.subject_no == PossibleMatch.subject_no,
        ),
    ).join(
        theirs,
        and_(
            theirs.report_id == PossibleMatch.other_report_id,
            theirs.subject_no == PossibleMatch.other_subject_no,
        ),
    )
