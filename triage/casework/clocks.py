"""The two clocks on every case (design §7), and the IOPC referral deadline, as pure functions
of day dates.

Acknowledge a report within 7 days of receiving it; give feedback within 3 months of the
acknowledgement, or of day 7 when no acknowledgement was sent (EU Directive 2019/1937 Art. 9 and
ISO 37002 practice). An acknowledgement sent late does not move the feedback deadline later: it
runs from day 7 then, so nobody can buy time by acknowledging late. A go-together report's
clocks start when it is released (``Report.clocks_from``), as nobody could see it before. A
clock is overdue the day after it falls due and stops when it is met or the case is closed.
Closing a case before a clock is met counts as missing it, whoever closed it, except when the
reporter withdrew the report, while it was open, on or before the day it fell due: the reporter
ended the case, so the clock is not counted at all ("not needed"); only the reporter can
withdraw, and a withdrawal after the team closed the case excuses nothing. A
case a lead reopens owes the reporter an update within 3 months of the reopening, shown beside
the first feedback, which stays as it was (it is what the oversight figure counts). "Today" is
always passed in, so nothing here reads the system clock, touches the database or imports Flask.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.models import Report

ACKNOWLEDGE_DAYS = 7
FEEDBACK_MONTHS = 3
# The timeline's wording of an update on progress (``writing.message_reporter``) and of the
# message telling the reporter an outcome (``outcome.record_outcome``): the oversight figure of
# open cases updated lately finds updates by them, so they must not change. An outcome recorded
# without a message (nobody left to tell) is not an update: the reporter learnt nothing.
UPDATE_ON_PROGRESS = "The team sent the reporter an update on progress"
OUTCOME_TOLD = "The team told the reporter the outcome"
FEEDBACK_WORDINGS = (UPDATE_ON_PROGRESS, OUTCOME_TOLD)
CASEY_BASELINE_DAYS = 400  # Casey Review (2023): misconduct cases took about 400 days to finalise


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, kept inside the target month (31 May + 3 → 31
    Aug; 30 Nov + 3 → 28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def acknowledge_due(received_on: date) -> date:
    return received_on + timedelta(days=ACKNOWLEDGE_DAYS)


def feedback_due(received_on: date, acknowledged_on: date | None) -> date:
    start = acknowledge_due(received_on)
    if acknowledged_on is not None and acknowledged_on < start:
        start = acknowledged_on
    return add_months(start, FEEDBACK_MONTHS)


@dataclass(frozen=True)
class Clock:
    due: date
    met_on: date | None
    overdue: bool
    stopped: bool  # the case closed before the clock was met
    excused: bool = False  # the reporter withdrew by the day it fell due: not counted

    @property
    def running(self) -> bool:
        return self.met_on is None and not self.stopped

    @property
    def late(self) -> bool:
        """Met, but after it fell due."""
        return self.met_on is not None and self.met_on > self.due


def _clock(
    due: date,
    met_on: date | None,
    closed_on: date | None,
    today: date,
    withdrawn_on: date | None = None,
) -> Clock:
    # The reporter ended the case only if it was open when they withdrew: a withdrawal closes
    # an open case that day, so a close before the withdrawal was the team's, and its misses
    # stand (else closing a case unacknowledged, and the reporter withdrawing on seeing it
    # closed, would take the missed clocks out of the figures).
    excused = (
        met_on is None
        and withdrawn_on is not None
        and withdrawn_on <= due
        and (closed_on is None or closed_on >= withdrawn_on)
    )
    stopped = met_on is None and closed_on is not None and not excused
    return Clock(
        due=due,
        met_on=met_on,
        overdue=met_on is None and not stopped and not excused and today > due,
        stopped=stopped,
        excused=excused,
    )


def acknowledge_clock(
    received_on: date,
    acknowledged_on: date | None,
    closed_on: date | None,
    today: date,
    withdrawn_on: date | None = None,
) -> Clock:
    return _clock(acknowledge_due(received_on), acknowledged_on, closed_on, today, withdrawn_on)


def feedback_clock(
    received_on: date,
    acknowledged_on: date | None,
    feedback_on: date | None,
    closed_on: date | None,
    today: date,
    withdrawn_on: date | None = None,
) -> Clock:
    due = feedback_due(received_on, acknowledged_on)
    return _clock(due, feedback_on, closed_on, today, withdrawn_on)


def case_clocks(report: Report, today: date) -> tuple[Clock, Clock]:
    """A case's acknowledgement and feedback clocks, as its page and the queue show them."""
    start, acknowledged, closed = report.clocks_from, report.acknowledged_on, report.closed_on
    return (
        acknowledge_clock(start, acknowledged, closed, today, report.withdrawn_on),
        feedback_clock(start, acknowledged, report.feedback_on, closed, today, report.withdrawn_on),
    )


def reopened_update_clock(
    update_owed_since: date | None, closed_on: date | None, today: date
) -> Clock | None:
    """The update a reopened case owes the reporter, due FEEDBACK_MONTHS after the reopening as
    first feedback is after the acknowledgement; None when nothing is owed (an update on
    progress or an outcome since the reopening clears it, so it is never shown met)."""
    if update_owed_since is None:
        return None
    return _clock(add_months(update_owed_since, FEEDBACK_MONTHS), None, closed_on, today)


def days_open(received_on: date, closed_on: date | None, today: date) -> int:
    """Whole days from receipt to closing (or to today while open)."""
    return ((closed_on or today) - received_on).days


@dataclass(frozen=True)
class OverdueCutoffs:
    """Day thresholds that turn "is this clock overdue?" into indexed comparisons in SQL.

    A case's acknowledgement is overdue when it is unacknowledged, open and received on or before
    ``acknowledge_received_by``. Its feedback is overdue when it has no feedback, is open, and
    either was acknowledged on or before ``feedback_acknowledged_by`` or, acknowledged or not,
    was received on or before ``feedback_received_by`` (its deadline runs from day 7 at the
    latest).
    """

    acknowledge_received_by: date
    feedback_acknowledged_by: date
    feedback_received_by: date
    update_owed_by: date  # a reopened case owes an update since on or before this day


def _latest_start(today: date, due_from_start: Callable[[date], date]) -> date:
    """The latest start day whose due day is before ``today``.

    Adding months is monotonic but has no exact inverse (several starts share 28 Feb as their
    due day), so step down from a start that is certainly not yet overdue.
    """
    start = add_months(today, -FEEDBACK_MONTHS) + timedelta(days=2 * ACKNOWLEDGE_DAYS)
    while due_from_start(start) >= today:
        start -= timedelta(days=1)
    return start


def overdue_cutoffs(today: date) -> OverdueCutoffs:
    return OverdueCutoffs(
        acknowledge_received_by=today - timedelta(days=ACKNOWLEDGE_DAYS + 1),
        feedback_acknowledged_by=_latest_start(today, lambda d: feedback_due(d, d)),
        feedback_received_by=_latest_start(today, lambda d: feedback_due(d, None)),
        update_owed_by=_latest_start(today, lambda d: add_months(d, FEEDBACK_MONTHS)),
    )


# A matter that must be referred to the IOPC is referred "not later than the end of the day
# following the day on which it first becomes clear" that it must be (Police (Complaints and
# Misconduct) Regulations 2020, reg. 4): here, the day after a lead confirms the referral.
IOPC_REFERRAL_DAYS = 1


@dataclass(frozen=True)
class ReferralClock(Clock):
    """The IOPC referral clock: met on the date the lead gave, which Candour cannot check, so
    it also carries the day Candour was first told (``IopcReferral.recorded_on``). A referral
    recorded after its deadline is late whatever date was typed: typing the deadline day days
    later must not make a late referral look on time."""

    recorded_on: date | None = None

    @property
    def recorded_late(self) -> bool:
        return self.recorded_on is not None and self.recorded_on > self.due

    @property
    def late(self) -> bool:
        return super().late or self.recorded_late


def iopc_referral_clock(
    confirmed_on: date, referred_on: date | None, recorded_on: date | None, today: date
) -> ReferralClock:
    due = confirmed_on + timedelta(days=IOPC_REFERRAL_DAYS)
    return ReferralClock(
        due=due,
        met_on=referred_on,
        overdue=referred_on is None and today > due,
        stopped=False,
        recorded_on=recorded_on,
    )


# A flag triage raises for a mandatory IOPC referral is decided by a lead by the end of the next
# working day after it was raised (the day the team could first see the report,
# ``Report.clocks_from``): the referral itself is due the day after it becomes clear a matter
# must be referred, so the decision that makes it clear must not wait either. Otherwise a lead
# could sit on the flag and still show every referral made on time, since that deadline runs
# from the decision. Working days are Monday to Friday; bank holidays are not taken out, which
# only ever makes the rule stricter.
def next_working_day(day: date) -> date:
    following = day + timedelta(days=1)
    while following.weekday() >= 5:  # Saturday, Sunday
        following += timedelta(days=1)
    return following


def iopc_decision_due(raised_on: date) -> date:
    return next_working_day(raised_on)


def iopc_decision_overdue(raised_on: date, today: date) -> bool:
    """A flag still awaiting a lead's decision on ``today`` is overdue the day after it fell
    due."""
    return today > iopc_decision_due(raised_on)


def iopc_decision_raised_by(today: date) -> date:
    """The latest day a flag could be raised and be overdue on ``today`` undecided: the queue's
    overdue cases find those raised on or before it, an indexed comparison."""
    raised = today - timedelta(days=1)
    while iopc_decision_due(raised) >= today:
        raised -= timedelta(days=1)
    return raised


# Days from a flag raised on each weekday (``date.weekday()``, Monday 0) to its decision's due
# day, for the oversight figures, which judge it in SQL.
IOPC_DECISION_DAYS_BY_WEEKDAY = {
    weekday: (iopc_decision_due(date(2024, 1, 1 + weekday)) - date(2024, 1, 1 + weekday)).days
    for weekday in range(7)
}
