"""Finding audit entries for an investigation: by case, member, action and day, newest first.

What a lead may see is decided here: never an entry about a case they are recused from, whether
the case is the entry's own or one its detail names (a judged match names the other case). Only
reads; the views audit the search itself where it leaves the building (CSV export).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, or_, select

from intake.db import db
from intake.models import Report
from triage.casework.queries import normalise_reference
from triage.models import AuditEntry, Member, Recusal


@dataclass(frozen=True)
class AuditFilters:
    case: str = ""  # a case reference as typed
    member_id: int | None = None
    action: str = ""
    start: date | None = None  # first day included (UTC)
    end: date | None = None  # last day included (UTC)

    def describe(self) -> str:
        """The filters in words, for the export's own audit entry."""
        parts = [
            f"case {normalise_reference(self.case)}" if self.case else "",
            f"member {self.member_id}" if self.member_id is not None else "",
            f"action {self.action}" if self.action else "",
            f"from {self.start.isoformat()}" if self.start else "",
            f"to {self.end.isoformat()}" if self.end else "",
        ]
        return ", ".join(p for p in parts if p) or "all entries"


def _mentions(reference: str) -> ColumnElement[bool]:
    # Never NULL (an entry about no case), so that "not about this case" keeps those entries.
    return or_(
        func.coalesce(AuditEntry.case_reference, "") == reference,
        AuditEntry.detail.contains(reference, autoescape=True),
    )


def _conditions(filters: AuditFilters, viewer: Member) -> list[ColumnElement[bool]]:
    recused = db.session.scalars(
        select(Report.reference)
        .join(Recusal, Recusal.report_id == Report.id)
        .where(Recusal.member_id == viewer.id)
    ).all()
    conditions = [~_mentions(reference) for reference in recused]
    if filters.case:
        conditions.append(_mentions(normalise_reference(filters.case)))
    if filters.member_id is not None:
        conditions.append(AuditEntry.member_id == filters.member_id)
    if filters.action:
        conditions.append(AuditEntry.action == filters.action)
    if filters.start:
        conditions.append(AuditEntry.at >= datetime.combine(filters.start, time()))
    if filters.end:
        conditions.append(AuditEntry.at < datetime.combine(filters.end + timedelta(days=1), time()))
    return conditions


def count(filters: AuditFilters, viewer: Member) -> int:
    query = select(func.count(AuditEntry.id)).where(*_conditions(filters, viewer))
    return db.session.scalar(query) or 0


def entries(
    filters: AuditFilters, viewer: Member, *, offset: int = 0, limit: int | None = None
) -> Sequence[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(*_conditions(filters, viewer))
        .order_by(AuditEntry.place.desc())  # the chain's order, read from its index
        .offset(offset)
        .limit(limit)
    )
    return db.session.scalars(query).all()


def members_in_log() -> list[tuple[int, str]]:
    """Every member who ever acted, removed ones too, for the member filter: by name, and by
    email address too where two members share a name, so the lead can tell them apart."""
    members = db.session.scalars(select(Member).order_by(Member.name, Member.email)).all()
    names = Counter(m.name for m in members)
    return [(m.id, m.name if names[m.name] == 1 else f"{m.name} ({m.email})") for m in members]
