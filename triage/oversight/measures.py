"""The oversight measures as aggregate SQL over clear columns: nothing is ever decrypted.

Every figure is about the reports received in the chosen period (``Period``), as the team can see
them: go-together reports still waiting for a match are counted only in the go-together figures,
because nobody can work them yet. Each query returns counts (or a histogram of day differences,
from which the percentiles are read), never a row per report. Small-number suppression is applied
later (``triage.oversight.tables``), on the counts computed here.

Every figure is as at one day, ``as_at`` (``triage.oversight.period.figures_as_at``, the end of
last month): what happened after it (a report received, retaliation reported, a held report
released, a report withdrawn, and the team's acknowledgements, feedback, outcomes and closes) is
read as not having happened yet, so that the figures do not move from day to day within a month
and cannot tell oversight on which day a reporter did something. Case decisions are dated the day
they were recorded and wait for their month's end as outcomes do (those recorded before decisions
were dated count as they stand). A decision, outcome, close or subject's ethnic group taken away
or replaced this month (a reopening undates the close and outcome) is counted as it stood at the
end of last month, from the copy the first change of the month kept
(``Report.keep_figures_before_change``). Subject links are counted as they stand now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Index, and_, case, func, literal, not_, or_, select
from sqlalchemy.sql.expression import ColumnElement

from intake.db import db
from intake.models import CaseEvent, Report, ReportCategory
from triage.casework.clocks import (
    ACKNOWLEDGE_DAYS,
    FEEDBACK_MONTHS,
    UPDATE_ON_PROGRESS,
    add_months,
)
from triage.models import SubjectLink
from triage.oversight.histogram import Histogram
from triage.oversight.iopc_referrals import referral_counts
from triage.oversight.reporting_year import quarter_start, reporting_year, year_end, year_start
from triage.oversight.sql import day_key, days_between, month_key, plus_days

# "Action taken" (the Casey measure): an outcome was recorded and it is not one that ends the
# matter without any action. No further action and "misconduct not proven" at a meeting, hearing
# or staff procedure are no action; the reflective practice review process, a vetting referral,
# warnings, reduction in rank and dismissal are action. A "no case to answer" decision is a
# decision, not an outcome: such a case counts once its outcome is recorded (usually no further
# action; reflective practice after no case to answer counts as action, as the Regulations make
# it a formal process).
NO_ACTION_OUTCOMES = frozenset(
    {
        "no_further_action",
        "meeting_not_proven",
        "hearing_not_proven",
        "staff_not_proven",
    }
)
CASE_TO_ANSWER = frozenset({"case_misconduct", "case_gross_misconduct"})

# Outcome codes grouped for the outcome mix (triage.casework.vocabulary.OUTCOMES has them all).
OUTCOME_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "no_action": ("No further action or not proven", NO_ACTION_OUTCOMES),
    "practice": (
        "Reflective practice or vetting referral",
        frozenset({"rprp", "vetting_referral"}),
    ),
    "warning": (
        "Written or final written warning",
        frozenset(
            {
                "meeting_written_warning",
                "meeting_final_written_warning",
                "hearing_written_warning",
                "hearing_final_written_warning",
                "staff_first_written_warning",
                "staff_final_written_warning",
            }
        ),
    ),
    "removal": (
        "Reduction in rank or dismissal",
        frozenset(
            {
                "hearing_reduction_in_rank",
                "hearing_dismissal",
                "staff_dismissal_with_notice",
                "staff_summary_dismissal",
            }
        ),
    ),
}
ACTION_GROUPS = ("practice", "warning", "removal")


def outcome_group(outcome: str | None) -> str | None:
    for group, (_, codes) in OUTCOME_GROUPS.items():
        if outcome in codes:
            return group
    return None


# Every column the oversight queries read, in one index, so SQLite answers them from the index
# alone instead of reading report rows (whose sealed content, stored before these columns, spills
# onto overflow pages); PostgreSQL can use it for index-only scans. ``id`` joins categories and
# subject links. Declared here, next to the queries that need it, as the queue's index is.
# ``force_id`` leads: every query is scoped to one force (and on PostgreSQL the row policy's
# condition can then be met from the index too), so a force's figures read only its own entries;
# at 1,000,000 reports in 43 forces this took the national page from 44 s to 18 s.
Index(
    "ix_report_oversight",
    Report.force_id,
    Report.received_on,
    Report.escrow,
    Report.acknowledged_on,
    Report.feedback_on,
    Report.closed_on,
    Report.outcome_on,
    Report.outcome,
    Report.case_decision,
    Report.subject_ethnicity,
    Report.retaliation_on,
    Report.withdrawn_on,
    Report.released_on,
    Report.decision_on,
    Report.figures_changed_on,
    Report.before_decision,
    Report.before_outcome,
    Report.before_outcome_on,
    Report.before_closed_on,
    Report.before_subject_ethnicity,
    Report.id,
)
# The cluster of each named subject, by report, without reading the sealed link reasons.
Index(
    "ix_subject_link_report_cluster",
    SubjectLink.force_id,
    SubjectLink.report_id,
    SubjectLink.cluster_id,
)


@dataclass(frozen=True)
class Period:
    """Whole months: the first day of ``start``'s month to the last day of ``end``'s."""

    start: date
    end: date


@dataclass
class Decisions:
    """Case decisions and outcomes of one group of reports (a category, an ethnic group...)."""

    decisions: Counter[str] = field(default_factory=Counter)  # case decision code → reports
    outcomes: Counter[str] = field(default_factory=Counter)  # outcome group → reports


@dataclass
class Measures:
    period: Period
    as_at: date  # the day the figures are as at (``triage.oversight.period.figures_as_at``)
    by_month: dict[tuple[int, int], int]
    # Reports received in each month of the reporting years the period falls in: a month's
    # figure is shown or withheld once for its year, alike in the year's and its quarter's view
    # (``triage.oversight.figures.decide_months``).
    months_around: dict[tuple[int, int], int]
    by_category: dict[str, int]
    received: int
    acknowledged_in_time: int
    acknowledgement_due: int
    feedback_in_time: int
    feedback_due: int
    # Cases open as at ``as_at`` whose first feedback was due by then, and those of them the
    # team updated in the FEEDBACK_MONTHS months to ``as_at`` (``_open_updates``): only the
    # first feedback counts in the two above, so one early update would otherwise hide a case
    # left silent for a year.
    open_updated: int
    open_update_due: int
    to_outcome: Histogram
    to_close: Histogram
    # Cases not closed as at ``as_at``: days from receipt to ``as_at``, how long each has been
    # open so far. Without it a team that left its slowest cases open would flatter the other
    # two rows, which count only cases that got that far.
    still_open: Histogram
    # Cases the team closed as at ``as_at`` with neither a case decision nor an outcome
    # (``closed_by_team``): they are in no decision or outcome rate, so without this count a
    # team could leave those rates looking better by closing the hard cases undecided.
    closed_without_decision: int
    # Cases the team closed as at ``as_at`` with a case decision (to answer or not) but no
    # outcome: they are in the case to answer rate but in no outcome rate, so a team could
    # otherwise keep its action taken rate up by closing, unrecorded, the cases that came to
    # nothing (after no case to answer, "no further action" is an outcome without action).
    closed_without_outcome: int
    decisions_by_category: dict[str, Decisions]
    decisions_all: Decisions
    decisions_by_ethnicity: dict[str | None, Decisions]
    subjects: int
    repeat_subjects: int
    retaliation: Counter[tuple[bool, bool]]  # (category retaliation, reporter said so) → reports
    together: Counter[str]  # "waiting" / "released" → go-together reports received
    # Confirmed IOPC referrals recorded in Candour by their deadline, after it, or not at all
    # (``iopc_referrals.REFERRAL_COUNTS``): by the day recorded, not only the date typed.
    iopc_referrals: Counter[str]

    @classmethod
    def empty(cls, period: Period, as_at: date) -> Measures:
        """Nothing counted yet: what sums of several forces' measures start from."""
        return cls(
            period=period,
            as_at=as_at,
            by_month={},
            months_around={},
            by_category={},
            received=0,
            acknowledged_in_time=0,
            acknowledgement_due=0,
            feedback_in_time=0,
            feedback_due=0,
            open_updated=0,
            open_update_due=0,
            to_outcome=Histogram(),
            to_close=Histogram(),
            still_open=Histogram(),
            closed_without_decision=0,
            closed_without_outcome=0,
            decisions_by_category={},
            decisions_all=Decisions(),
            decisions_by_ethnicity={},
            subjects=0,
            repeat_subjects=0,
            retaliation=Counter(),
            together=Counter(),
            iopc_referrals=Counter(),
        )

    @property
    def timings(self) -> tuple[tuple[str, Histogram], ...]:
        """The histograms of the days-to-outcome table, by the name their counts go under."""
        return (
            ("to_outcome", self.to_outcome),
            ("to_close", self.to_close),
            ("still_open", self.still_open),
        )


def _in_period(period: Period) -> ColumnElement[bool]:
    return and_(Report.received_on >= period.start, Report.received_on <= period.end)


def _by(column: Any, as_at: date) -> ColumnElement[Any]:
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
    return _then(as_at, _by(Report.before_closed_on, as_at), _by(Report.closed_on, as_at))


def outcome_on_then(as_at: date) -> ColumnElement[Any]:
    return _then(as_at, _by(Report.before_outcome_on, as_at), _by(Report.outcome_on, as_at))


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
    clocks count it, ``_clock_conditions``)."""
    closed_on, withdrawn_on = closed_then(as_at), _by(Report.withdrawn_on, as_at)
    return and_(closed_on.is_not(None), or_(withdrawn_on.is_(None), withdrawn_on > closed_on))


def _released_by(as_at: date) -> ColumnElement[bool]:
    """A go-together report released by ``as_at``: one released later was still held then."""
    return and_(
        Report.escrow == "released", or_(Report.released_on.is_(None), Report.released_on <= as_at)
    )


def _visible(period: Period, as_at: date) -> ColumnElement[bool]:
    return and_(_in_period(period), or_(Report.escrow == "none", _released_by(as_at)))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _day_key(day: date) -> int:
    """``sql.day_key`` of a day known here."""
    return (day.year * 12 + day.month) * 100 + day.day


def _feedback_due_key(as_at: date, start: Any) -> ColumnElement[Any]:
    """The ``day_key`` of the day first feedback falls due: FEEDBACK_MONTHS calendar months
    after the acknowledgement, or after day 7 when there was none by ``as_at`` or it came later
    (``clocks.feedback_due``); ``day_key`` turns "within n months" into a comparison of
    numbers."""
    acknowledged_on, day_seven = (
        _by(Report.acknowledged_on, as_at),
        plus_days(start, ACKNOWLEDGE_DAYS),
    )
    feedback_from = case(
        (and_(acknowledged_on.is_not(None), acknowledged_on < day_seven), acknowledged_on),
        else_=day_seven,
    )
    return day_key(feedback_from) + 100 * FEEDBACK_MONTHS


def _clock_conditions(as_at: date, start: Any) -> dict[str, ColumnElement[bool]]:
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
        _by(Report.acknowledged_on, as_at),
        _by(Report.feedback_on, as_at),
    )
    closed_on, withdrawn_on = closed_then(as_at), _by(Report.withdrawn_on, as_at)
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


def _histogram(period: Period, as_at: date, finished_on: Any) -> Histogram:
    """Days from receipt to ``finished_on``, a day as at ``as_at`` (NULL when not yet)."""
    days, month = days_between(finished_on, Report.received_on), month_key(Report.received_on)
    found = Histogram()
    for d, key, n in db.session.execute(
        select(days, month, func.count())
        .where(_visible(period, as_at), finished_on.is_not(None))
        .group_by(days, month)
    ):
        found.days[int(d)] += int(n)
        found.quarters[quarter_start(int(key[:4]), int(key[5:7]))] += int(n)
    return found


def open_until(as_at: date) -> ColumnElement[Any]:
    """``as_at`` for a case received by then and not closed as at ``as_at`` (a reopening kept
    until its month's end counts as closed, a withdrawal closes the case), else NULL: the day
    its "open so far" is counted to."""
    open_then = and_(Report.received_on <= as_at, closed_then(as_at).is_(None))
    return case((open_then, literal(as_at, Date)), else_=None)


def updates_since(as_at: date) -> date:
    """The first day of the FEEDBACK_MONTHS whole months up to ``as_at`` (1 July for 30
    September): an open case with no update on progress from then on was left without one."""
    return add_months(as_at.replace(day=1), 1 - FEEDBACK_MONTHS)


def _open_updates(period: Period, as_at: date) -> tuple[int, int]:
    """Of the cases open as at ``as_at`` whose first feedback was due by then: how many had an
    update on progress or an outcome (a line of their timeline, or their first feedback) from
    ``updates_since`` to ``as_at``, and how many there were. Timeline lines are never deleted,
    not even with a case's content, and are dated by day, so what came after ``as_at`` is not
    counted."""
    since = updates_since(as_at)
    # An IN, not a correlated EXISTS: with EXISTS the count read every force's reports on
    # SQLite (the application's force criteria scoped only the subquery; on PostgreSQL the
    # row policy still held).
    updated_lately = select(CaseEvent.report_id).where(
        CaseEvent.on >= since,
        CaseEvent.on <= as_at,
        or_(
            CaseEvent.kind == "outcome",
            and_(CaseEvent.kind == "message", CaseEvent.detail == UPDATE_ON_PROGRESS),
        ),
    )
    first_feedback = _by(Report.feedback_on, as_at) >= since
    start = func.coalesce(Report.released_on, Report.received_on)  # ``Report.clocks_from``
    due = literal(_day_key(as_at)) > _feedback_due_key(as_at, start)
    count, updated = db.session.execute(
        select(func.count(), _count_if(or_(first_feedback, Report.id.in_(updated_lately))))
        .select_from(Report)
        .where(_visible(period, as_at), open_until(as_at).is_not(None), due)
    ).one()
    return int(updated), int(count)


def _add(found: Decisions, decision: str | None, outcome: str | None, count: int) -> None:
    if decision:
        found.decisions[decision] += count
    group = outcome_group(outcome)
    if group:
        found.outcomes[group] += count


def years_around(period: Period) -> Period:
    """The whole reporting years ``period`` falls in."""
    return Period(year_start(reporting_year(period.start)), year_end(reporting_year(period.end)))


def _received_by_month(period: Period, as_at: date) -> dict[tuple[int, int], int]:
    """Reports received in each month of ``period`` up to ``as_at``."""
    month = month_key(Report.received_on)
    shown = Period(period.start, min(period.end, as_at))
    rows = db.session.execute(
        select(month, func.count()).where(_visible(shown, as_at)).group_by(month)
    )
    return {(int(key[:4]), int(key[5:7])): int(count) for key, count in rows}


def _released_clocks(period: Period, as_at: date) -> Counter[str]:
    """The clock counts of the released go-together reports, whose clocks start on release: a
    query of their own, so the main pass reads only the columns of ``ix_report_oversight``."""
    clocks = _clock_conditions(as_at, Report.released_on)
    row = db.session.execute(
        select(*(_count_if(c) for c in clocks.values())).where(
            _in_period(period), _released_by(as_at)
        )
    ).one()
    return Counter({name: int(value) for name, value in zip(clocks, row, strict=True)})


def compute(period: Period, as_at: date) -> Measures:
    """Ten aggregate queries: one pass over the reports (with the cases closed with no
    decision or outcome), one over their categories, the clocks of released go-together
    reports, the open cases updated lately (``_open_updates``), three histograms (to outcome,
    to close, open so far), the subject clusters, the go-together reports and the confirmed
    IOPC referrals; and an eleventh, the months of the reporting years around the period,
    unless it is those years (so far).
    Everything as at ``as_at`` (``triage.oversight.period.figures_as_at``, the end of last
    month); ``period`` ends by then."""
    visible = _visible(period, as_at)
    open_updated, open_update_due = _open_updates(period, as_at)
    not_released = Report.escrow != "released"
    clocks = {
        name: and_(not_released, condition)
        for name, condition in _clock_conditions(as_at, Report.received_on).items()
    }

    month = month_key(Report.received_on)
    said = Report.retaliation_on <= as_at  # NULL (never said) counts as not said
    decision_sql, outcome_sql = decision_then(as_at), outcome_then(as_at)
    ethnicity_sql = ethnicity_then(as_at)
    by_month: Counter[tuple[int, int]] = Counter()
    by_ethnicity: dict[str | None, Decisions] = {}
    clock_totals = _released_clocks(period, as_at)
    said_total = closed_without_decision = closed_without_outcome = 0
    for row in db.session.execute(
        select(
            month,
            ethnicity_sql,
            decision_sql,
            outcome_sql,
            func.count(),
            *(_count_if(c) for c in clocks.values()),
            _count_if(said),
            _count_if(closed_by_team(as_at)),
        )
        .where(visible)
        .group_by(month, ethnicity_sql, decision_sql, outcome_sql)
    ):
        key, ethnicity, decision, outcome, count, *sums, said_count, team_closed = row
        by_month[(int(key[:4]), int(key[5:7]))] += int(count)
        _add(by_ethnicity.setdefault(ethnicity, Decisions()), decision, outcome, int(count))
        for name, value in zip(clocks, sums, strict=True):
            clock_totals[name] += int(value)
        said_total += int(said_count)
        if not decision and not outcome:
            closed_without_decision += int(team_closed)
        elif not outcome:
            closed_without_outcome += int(team_closed)

    by_category: Counter[str] = Counter()
    by_category_decisions: dict[str, Decisions] = {}
    retaliation: Counter[tuple[bool, bool]] = Counter()
    for category, decision, outcome, was_said, count in db.session.execute(
        select(ReportCategory.category, decision_sql, outcome_sql, said, func.count())
        .join(Report, Report.id == ReportCategory.report_id)
        .where(visible)
        .group_by(ReportCategory.category, decision_sql, outcome_sql, said)
    ):
        by_category[category] += int(count)
        _add(by_category_decisions.setdefault(category, Decisions()), decision, outcome, int(count))
        if category == "retaliation":
            retaliation[(True, bool(was_said))] += int(count)
    retaliation[(False, True)] = said_total - retaliation[(True, True)]

    # A subject is a cluster of linked names; counted among reports received in the period.
    # Named in more than one report: its lowest and highest report differ (cheaper than a
    # distinct count; one report naming the same person twice still counts once).
    per_cluster = (
        select(
            func.min(SubjectLink.report_id).label("first"),
            func.max(SubjectLink.report_id).label("last"),
        )
        .join(Report, Report.id == SubjectLink.report_id)
        .where(visible)
        .group_by(SubjectLink.cluster_id)
        .subquery()
    )
    subjects, repeat = db.session.execute(
        select(func.count(), _count_if(per_cluster.c.first < per_cluster.c.last))
    ).one()

    # Released after ``as_at``: still waiting then.
    escrow = case((_released_by(as_at), "released"), else_="waiting")
    together = Counter(
        {
            state: int(n)
            for state, n in db.session.execute(
                select(escrow, func.count())
                .where(
                    Report.escrow.in_(("waiting", "released")),
                    _in_period(period),
                    # Withdrawn while held: never released, so not waiting for anything.
                    or_(
                        _released_by(as_at),
                        Report.withdrawn_on.is_(None),
                        Report.withdrawn_on > as_at,
                    ),
                )
                .group_by(escrow)
            )
        }
    )

    decisions_all = Decisions()
    for found in by_ethnicity.values():
        decisions_all.decisions.update(found.decisions)
        decisions_all.outcomes.update(found.outcomes)
    around = years_around(period)
    whole_years = period.start == around.start and period.end >= min(around.end, as_at)
    return Measures(
        period=period,
        as_at=as_at,
        by_month=dict(by_month),
        months_around=dict(by_month) if whole_years else _received_by_month(around, as_at),
        by_category=dict(by_category),
        received=sum(by_month.values()),
        acknowledged_in_time=clock_totals["ack_met"],
        acknowledgement_due=clock_totals["ack_due"],
        feedback_in_time=clock_totals["fb_met"],
        feedback_due=clock_totals["fb_due"],
        open_updated=open_updated,
        open_update_due=open_update_due,
        to_outcome=_histogram(period, as_at, outcome_on_then(as_at)),
        to_close=_histogram(period, as_at, closed_then(as_at)),
        still_open=_histogram(period, as_at, open_until(as_at)),
        closed_without_decision=closed_without_decision,
        closed_without_outcome=closed_without_outcome,
        decisions_by_category=by_category_decisions,
        decisions_all=decisions_all,
        decisions_by_ethnicity=by_ethnicity,
        subjects=int(subjects),
        repeat_subjects=int(repeat),
        retaliation=+retaliation,
        together=together,
        iopc_referrals=referral_counts(visible, as_at),
    )
