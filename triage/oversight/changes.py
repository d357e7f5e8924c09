"""Case decisions and outcomes changed after they were recorded, counted from the timeline's
lines, as at ``as_at``.

An outcome of "no further action" changed after the fact to one with action taken (or a decision
of no case to answer to a case to answer) raises the action taken (or case to answer) rate of
every period the case counts in, past months' included once the month of the change ends, and
needs no lead and no reopening. The timeline and the audit log say so, but oversight sees
neither: without a count, a team could record quick outcomes to meet the feedback clock and
better ones later, and the board pack would show only the better rates. So the page counts the
cases whose decision or outcome was changed. Aggregate SQL over clear columns: timeline lines are
dated by day, kept with a case's content destroyed and never deleted, so a change after
``as_at`` has not happened yet.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.sql.expression import ColumnElement

from intake.db import db
from intake.models import CaseEvent, Report
from triage.casework.assessment import DECISION_CHANGED
from triage.casework.outcome import OUTCOME_CHANGED

# What each count is made of: the timeline lines of that kind that begin so.
CHANGES = {"decision": ("assessment", DECISION_CHANGED), "outcome": ("outcome", OUTCOME_CHANGED)}


def changed_counts(visible: ColumnElement[bool], as_at: date) -> Counter[str]:
    """Of the ``visible`` reports, those whose case decision (``decision``) or outcome
    (``outcome``) was changed at least once by ``as_at``."""
    columns = [
        func.count(
            distinct(
                case(
                    (
                        and_(
                            CaseEvent.kind == kind,
                            CaseEvent.detail.startswith(begins, autoescape=True),
                        ),
                        CaseEvent.report_id,
                    )
                )
            )
        )
        for kind, begins in CHANGES.values()
    ]
    found = db.session.execute(
        select(*columns)
        .select_from(CaseEvent)
        .join(Report, Report.id == CaseEvent.report_id)
        .where(visible, CaseEvent.on <= as_at)
    ).one()
    return +Counter({name: int(n) for name, n in zip(CHANGES, found, strict=True)})
