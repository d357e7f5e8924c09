"""The report's columns as they stood at one day, ``as_at``, as SQL expressions for the oversight
queries: a close, outcome, decision, withdrawal or release after it has not happened yet, and a
decision, outcome, close or subject's ethnic group changed after it is read from the copy the
first change of the month kept (``Report.keep_figures_before_change``). Also which reports the
team could see in a period. Expressions only: nothing here runs a query or reads sealed content.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, or_
from sqlalchemy.sql.expression import ColumnElement

from intake.models import Report
from triage.oversight.measures import Period


def in_period(period: Period) -> ColumnElement[bool]:
    return and_(Report.received_on >= period.start, Report.received_on <= period.end)


def on_or_before(column: Any, as_at: date) -> ColumnElement[Any]:
    """``column``'s day if it is on or before ``as_at``, else NULL: as it stood that day."""
    return case((column <= as_at, column), else_=None)


def _then(as_at: date, before: Any, now: Any) -> ColumnElement[Any]:
    """``now`` as at ``as_at``, or ``before`` (the same field as the month of a change began,
    ``Report.keep_figures_before_change``) when the decision, outcome, close or subject's ethnic
    group changed after ``as_at``."""
    return case((Report.figures_changed_on > as_at, before), else_=now)


def _dated_by(code: Any, day: Any, as_at: date) -> ColumnElement[Any]:
    """``code`` unless its ``day`` is after ``as_at``; an undated code stands (an outcome set
    aside by a reopening, a decision recorded before decisions were dated)."""
    return case((day > as_at, None), else_=code)


def closed_then(as_at: date) -> ColumnElement[Any]:
    """The day the case closed, as at ``as_at``: NULL if it was open then."""
    return _then(
        as_at, on_or_before(Report.before_closed_on, as_at), on_or_before(Report.closed_on, as_at)
    )


def outcome_on_then(as_at: date) -> ColumnElement[Any]:
    return _then(
        as_at, on_or_before(Report.before_outcome_on, as_at), on_or_before(Report.outcome_on, as_at)
    )


def outcome_then(as_at: date) -> ColumnElement[Any]:
    return _then(
        as_at,
        _dated_by(Report.before_outcome, Report.before_outcome_on, as_at),
        _dated_by(Report.outcome, Report.outcome_on, as_at),
    )


def decision_then(as_at: date) -> ColumnElement[Any]:
    return _then(
        as_at, Report.before_decision, _dated_by(Report.case_decision, Report.decision_on, as_at)
    )


def ethnicity_then(as_at: date) -> ColumnElement[Any]:
    """The subject's ethnic group as recorded at ``as_at``."""
    return _then(as_at, Report.before_subject_ethnicity, Report.subject_ethnicity)


def closed_by_team(as_at: date) -> ColumnElement[bool]:
    """Closed as at ``as_at``, and not by the reporter's withdrawal: a withdrawal closes an open
    case, so one withdrawn by the day it closed was closed by the reporter, not the team (as the
    clocks count it, ``clock_conditions``)."""
    closed_on, withdrawn_on = closed_then(as_at), on_or_before(Report.withdrawn_on, as_at)
    return and_(closed_on.is_not(None), or_(withdrawn_on.is_(None), withdrawn_on > closed_on))


def released_by(as_at: date) -> ColumnElement[bool]:
    """A go-together report released by ``as_at``: one released later was still held then."""
    return and_(
        Report.escrow == "released", or_(Report.released_on.is_(None), Report.released_on <= as_at)
    )


def visible_in(period: Period, as_at: date) -> ColumnElement[bool]:
    return and_(in_period(period), or_(Report.escrow == "none", released_by(as_at)))


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def open_until(as_at: date) -> ColumnElement[Any]:
    """``as_at`` for a case received by then and not closed as at ``as_at`` (a reopening kept
    until its month's end counts as closed, a withdrawal closes the case), else NULL: the day
    its "open so far" is counted to."""
    open_then = and_(Report.received_on <= as_at, closed_then(as_at).is_(None))
    return case((open_then, literal(as_at, Date)), else_=None)
