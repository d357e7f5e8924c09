"""Cases reopened, counted from the timeline's "reopened" lines, as at ``as_at``.

A case closed before a month's end and reopened after it showed as closed in that month's
figures, and as open again (with its close gone) in every later month's: without a count of
reopenings, closing open cases at a month's end and reopening them after it would flatter one
month's board pack where no later one could show it. So the page counts the cases reopened, and
of them those reopened in a later month than the close they undid (which some month's figures
counted). Aggregate SQL over clear columns: timeline lines are dated by day, kept with a case's
content destroyed, and never deleted, so a reopening after ``as_at`` has not happened yet.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement

from intake.db import db
from intake.models import CaseEvent, Report
from triage.oversight.sql import month_key

# The timeline lines that close a case: a lead's close, or the reporter's withdrawal of an open
# case (a withdrawal of a case already closed closes nothing, but can only make its close read
# later, so a reopening in a later month than the close is never counted as in the same one).
CLOSING_KINDS = ("closed", "withdrawn")


def reopened_counts(visible: ColumnElement[bool], as_at: date) -> Counter[str]:
    """Of the ``visible`` reports: ``reopened``, those reopened at least once by ``as_at``, and
    ``later_month``, those with a reopening in a later month than the close before it."""
    reopening, closing = aliased(CaseEvent), aliased(CaseEvent)
    # Each reopening with the day of the last close before it on the same timeline.
    undone = (
        select(
            reopening.report_id.label("report_id"),
            reopening.on.label("reopened_on"),
            func.max(closing.on).label("closed_on"),
        )
        .outerjoin(
            closing,
            and_(
                closing.report_id == reopening.report_id,
                closing.kind.in_(CLOSING_KINDS),
                closing.seq < reopening.seq,
            ),
        )
        .where(reopening.kind == "reopened", reopening.on <= as_at)
        .group_by(reopening.id, reopening.report_id, reopening.on)
        .subquery()
    )
    later = month_key(undone.c.reopened_on) != month_key(undone.c.closed_on)
    reopened, later_month = db.session.execute(
        select(
            func.count(distinct(undone.c.report_id)),
            func.count(distinct(case((later, undone.c.report_id)))),
        )
        .select_from(undone)
        .join(Report, Report.id == undone.c.report_id)
        .where(visible)
    ).one()
    return +Counter(reopened=int(reopened), later_month=int(later_month))
