"""Case work the reporter never sees: internal notes, conflict-of-interest recusals and the
retaliation-risk assessments (with protective measures) that outlive the case.

Everything a member writes here is sealed to the team key; only codes and day dates are clear.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models import Report
from intake.models.force import ForceOwned
from intake.models.ids import ID_TYPE


class Note(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    created_on: Mapped[date]
    body: Mapped[bytes] = mapped_column(LargeBinary)  # sealed text, field "note:<uid>"
    # A code from ``triage.casework.vocabulary.NOTE_KINDS`` (note, management action, outcome
    # reason...).
    kind: Mapped[str] = mapped_column(String(24), default="note")


class Recusal(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A member's declared conflict of interest: they may not open or decrypt the case."""

    __tablename__ = "recusal"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ID_TYPE, ForeignKey("report.id"), primary_key=True, index=True
    )
    declared_on: Mapped[date]


class Protection(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A retaliation-risk assessment and the protective measures put in place for the reporter.

    It stays open, and visible on the case, after the case closes: only a lead ends it. Recording
    a new assessment ends the one before (``ended_reason`` "replaced") so history is kept.
    """

    __tablename__ = "protection"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # triage.casework.vocabulary.RISK_LEVELS
    note: Mapped[bytes] = mapped_column(LargeBinary)  # sealed, field "protection:<uid>:note"
    measures: Mapped[bytes] = mapped_column(LargeBinary)  # sealed, "protection:<uid>:measures"
    opened_on: Mapped[date]
    opened_by: Mapped[int] = mapped_column(ForeignKey("member.id"))
    ended_on: Mapped[date | None]
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    ended_reason: Mapped[str | None] = mapped_column(String(12))  # "ended" or "replaced"


# The queue's order by risk (urgent first, then repeat-subject risk, newest first, id to break
# ties) as one index, so a page of 50 out of 100,000 cases is read straight off it. The default
# order (most pressing) sorts the cases filtered: see benchmarks/queue_benchmark.py. It belongs
# to the report table but is declared here, next to the team-side queries that need it.
Index(
    "ix_report_queue_order",
    Report.urgent,
    Report.risk_score,
    Report.received_on,
    Report.id,
)
