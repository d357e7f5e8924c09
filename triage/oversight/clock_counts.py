"""The two deadline clocks (acknowledgement and first feedback) and the open cases updated lately,
counted in aggregate SQL as at ``as_at``, as the case page's clocks (``triage.casework.clocks``)
judge each case. Counts only, never a row per report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlalchemy.sql.expression import ColumnElement

from intake.db import db
from intake.models import CaseEvent, Report
from triage.casework.clocks import (
    ACKNOWLEDGE_DAYS,
    FEEDBACK_MONTHS,
    FEEDBACK_WORDINGS,
    add_months,
)
from triage.oversight.as_at import (
    closed_then,
    count_if,
    in_period,
    on_or_before,
    open_until,
    released_by,
    visible_in,
)
from triage.oversight.measures import Period
from triage.oversight.sql import day_key, days_between, plus_days


def _day_key(day: date) -> int:
    """``sql.day_key`` of a day known here."""
    return (day.year * 12 + day.month) * 100 + day.day


def _feedback_due_key(as_at: date, start: Any) -> ColumnElement[Any]:
    """The ``day_key`` of the day first feedback falls due: FEEDBACK_MONTHS calendar months
    after the acknowledgement, or after day 7 when there was none by ``as_at`` or it came later
    (``clocks.feedback_due``); ``day_key`` turns "within n months" into a comparison of
    numbers."""
    acknowledged_on, day_seven = (
        on_or_before(Report.acknowledged_on, as_at),
        plus_days(start, ACKNOWLEDGE_DAYS),
    )
    feedback_from = case(
        (and_(acknowledged_on.is_not(None), acknowledged_on < day_seven), acknowledged_on),
        else_=day_seven,
    )
    return day_key(feedback_from) + 100 * FEEDBACK_MONTHS


def clock_conditions(as_at: date, start: Any) -> dict[str, ColumnElement[bool]]:
    """Per report: acknowledgement and feedback given in time, and whether each clock counts (it
    has been met, has run out, or the case was closed without it). Closing a case does not take
    it out of a figure: a case closed unacknowledged is a missed acknowledgement, one closed
    without feedback a missed feedback, as the case page says (``triage.casework.clocks``);
    only a reporter's withdrawal by the day a clock fell due, of a case still open, takes that
    clock out of the figure.
    The feedback counted is the first (``feedback_on``, which reopening never clears), as the
    case page's "First feedback": reopening and closing again can neither unmeet a met clock nor
    meet a missed one. The update a reopening owes is shown beside it, not counted here.
    ``start`` is the day the clocks start (``Report.clocks_from``): the day received, or for a
    released go-together report the day it was released. Each clock is as at ``as_at``: an
    acknowledgement, feedback, close or withdrawal after it has not happened yet."""
    acknowledged_on, feedback_on = (
        on_or_before(Report.acknowledged_on, as_at),
        on_or_before(Report.feedback_on, as_at),
    )
    closed_on, withdrawn_on = closed_then(as_at), on_or_before(Report.withdrawn_on, as_at)
    ack_days = days_between(acknowledged_on, start)
    ack_met = and_(acknowledged_on.is_not(None), ack_days <= ACKNOWLEDGE_DAYS)
    day_seven = plus_days(start, ACKNOWLEDGE_DAYS)
    # Withdrawn by the reporter by the day a clock fell due, unmet: not counted either way;
    # unless the team had closed the case before the withdrawal (``clocks._clock``).
    withdrawn_open = and_(
        withdrawn_on.is_not(None), or_(closed_on.is_(None), closed_on >= withdrawn_on)
    )
    ack_excused = and_(withdrawn_open, withdrawn_on <= day_seven)
    ack_missed = and_(
        acknowledged_on.is_(None),
        or_(start < as_at - timedelta(days=ACKNOWLEDGE_DAYS), closed_on.is_not(None)),
        not_(ack_excused),
    )
    due_key = _feedback_due_key(as_at, start)
    fb_met = and_(feedback_on.is_not(None), day_key(feedback_on) <= due_key)
    as_at_key = _day_key(as_at)
    fb_excused = and_(withdrawn_open, day_key(withdrawn_on) <= due_key)
    fb_missed = and_(
        feedback_on.is_(None),
        or_(literal(as_at_key) > due_key, closed_on.is_not(None)),
        not_(fb_excused),
    )
    return {
        "ack_met": ack_met,
        "ack_due": or_(acknowledged_on.is_not(None), ack_missed),
        "fb_met": fb_met,
        "fb_due": or_(feedback_on.is_not(None), fb_missed),
    }


def updates_since(as_at: date) -> date:
    """The first day of the FEEDBACK_MONTHS whole months up to ``as_at`` (1 July for 30
    September): an open case with no update on progress from then on was left without one."""
    return add_months(as_at.replace(day=1), 1 - FEEDBACK_MONTHS)


def open_updates(period: Period, as_at: date) -> tuple[int, int]:
    """Of the cases open as at ``as_at`` whose first feedback was due by then: how many had an
    update on progress or an outcome told to the reporter (a line of their timeline, or their
    first feedback, or an outcome's own line where there was a reporter to tell) from
    ``updates_since`` to ``as_at``, and how many there were. Timeline lines are never deleted,
    not even with a case's content, and are dated by day, so what came after ``as_at`` is not
    counted.

    An outcome's own line counts on a case with a reporter's key (``outcome.reporter_to_tell``)
    because the reporter was told: outcomes are now recorded with the message that tells them
    (its own line, counted anyway), and before that was so, an outcome was recorded alone and
    its status page told it. Only a case with nobody to tell has an outcome line that told
    nobody. The rule needs no date of the change, which would be the day each service deployed
    it, not the day the code changed."""
    since = updates_since(as_at)
    # An IN, not a correlated EXISTS: with EXISTS the count read every force's reports on
    # SQLite (the application's force criteria scoped only the subquery; on PostgreSQL the
    # row policy still held).
    lately = and_(CaseEvent.on >= since, CaseEvent.on <= as_at)
    told_lately = select(CaseEvent.report_id).where(
        lately, CaseEvent.kind == "message", CaseEvent.detail.in_(FEEDBACK_WORDINGS)
    )
    outcome_lately = select(CaseEvent.report_id).where(lately, CaseEvent.kind == "outcome")
    someone_to_tell = func.length(Report.reporter_key) > 0
    first_feedback = on_or_before(Report.feedback_on, as_at) >= since
    start = func.coalesce(Report.released_on, Report.received_on)  # ``Report.clocks_from``
    due = literal(_day_key(as_at)) > _feedback_due_key(as_at, start)
    count, updated = db.session.execute(
        select(
            func.count(),
            count_if(
                or_(
                    first_feedback,
                    Report.id.in_(told_lately),
                    and_(someone_to_tell, Report.id.in_(outcome_lately)),
                )
            ),
        )
        .select_from(Report)
        .where(visible_in(period, as_at), open_until(as_at).is_not(None), due)
    ).one()
    return int(updated), int(count)


def released_clocks(period: Period, as_at: date) -> Counter[str]:
    """The clock counts of the released go-together reports, whose clocks start on release: a
    query of their own, so the main pass reads only the columns of ``ix_report_oversight``."""
    clocks = clock_conditions(as_at, Report.released_on)
    row = db.session.execute(
        select(*(count_if(c) for c in clocks.values())).where(in_period(period), released_by(as_at))
    ).one()
    return Counter({name: int(value) for name, value in zip(clocks, row, strict=True)})
