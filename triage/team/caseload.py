"""The cases a member holds, as the members pages count them, and giving them back to the leads
when the member can no longer hold cases (made oversight, or removed).

Nothing here audits or commits: the operation that changes the member does both.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select, update

from intake.db import db
from intake.models import Report
from triage.casework.queue import closed_awaiting_condition
from triage.models import Member


def held_by(member_ids: list[int]) -> ColumnElement[bool]:
    """The cases assigned to these members that the queue's "Open cases" shows them: the open
    ones and the closed ones whose reporter has written since closing, not yet answered. Each
    is work the member owes."""
    return and_(
        Report.assignee_id.in_(member_ids),
        or_(Report.closed_on.is_(None), closed_awaiting_condition()),
    )


def held(member: Member) -> int:
    """How many cases ``member`` holds (``held_by``)."""
    return db.session.scalar(select(func.count(Report.id)).where(held_by([member.id]))) or 0


def release(member: Member) -> None:
    """Unassign every case ``member`` holds and flag it as needing reassignment, so the leads
    find it in the queue (``?assignee=reassign``) rather than left with someone who cannot
    work it."""
    db.session.execute(
        update(Report).where(held_by([member.id])).values(assignee_id=None, needs_reassignment=True)
    )
