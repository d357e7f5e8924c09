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
from datetime import date
from typing import Any

from sqlalchemy import Index, and_, case, func, or_, select

from intake.db import db
from intake.models import Report, ReportCategory
from triage.models import SubjectLink
from triage.oversight.as_at import (
    closed_by_team,
    closed_then,
    count_if,
    decision_then,
    ethnicity_then,
    in_period,
    open_until,
    outcome_on_then,
    outcome_then,
    released_by,
    visible_in,
)
from triage.oversight.changes import changed_counts
from triage.oversight.clock_counts import clock_conditions, open_updates, released_clocks
from triage.oversight.histogram import Histogram
from triage.oversight.iopc_referrals import flag_counts, referral_counts
from triage.oversight.measures import Decisions, Measures, Period, years_around
from triage.oversight.outcome_groups import outcome_group
from triage.oversight.reopenings import reopened_counts
from triage.oversight.reporting_year import quarter_start
from triage.oversight.sql import days_between, month_key

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


def _histogram(period: Period, as_at: date, finished_on: Any) -> Histogram:
    """Days from receipt to ``finished_on``, a day as at ``as_at`` (NULL when not yet)."""
    days, month = days_between(finished_on, Report.received_on), month_key(Report.received_on)
    found = Histogram()
    for d, key, n in db.session.execute(
        select(days, month, func.count())
        .where(visible_in(period, as_at), finished_on.is_not(None))
        .group_by(days, month)
    ):
        found.days[int(d)] += int(n)
        found.quarters[quarter_start(int(key[:4]), int(key[5:7]))] += int(n)
    return found


def _add(found: Decisions, decision: str | None, outcome: str | None, count: int) -> None:
    if decision:
        found.decisions[decision] += count
    group = outcome_group(outcome)
    if group:
        found.outcomes[group] += count


def _received_by_month(period: Period, as_at: date) -> dict[tuple[int, int], int]:
    """Reports received in each month of ``period`` up to ``as_at``."""
    month = month_key(Report.received_on)
    shown = Period(period.start, min(period.end, as_at))
    rows = db.session.execute(
        select(month, func.count()).where(visible_in(shown, as_at)).group_by(month)
    )
    return {(int(key[:4]), int(key[5:7])): int(count) for key, count in rows}


def compute(period: Period, as_at: date) -> Measures:
    """Twelve aggregate queries: one pass over the reports (with the cases closed with no
    decision or outcome), one over their categories, the clocks of released go-together
    reports, the open cases updated lately (``open_updates``), three histograms (to outcome,
    to close, open so far), the subject clusters, the go-together reports, the confirmed
    IOPC referrals, the IOPC flags (``flag_counts``) and the cases reopened
    (``reopened_counts``); and a thirteenth, the months of the reporting years around the
    period, unless it is those years (so far).
    Everything as at ``as_at`` (``triage.oversight.period.figures_as_at``, the end of last
    month); ``period`` ends by then."""
    visible = visible_in(period, as_at)
    open_updated, open_update_due = open_updates(period, as_at)
    not_released = Report.escrow != "released"
    clocks = {
        name: and_(not_released, condition)
        for name, condition in clock_conditions(as_at, Report.received_on).items()
    }

    month = month_key(Report.received_on)
    said = Report.retaliation_on <= as_at  # NULL (never said) counts as not said
    decision_sql, outcome_sql = decision_then(as_at), outcome_then(as_at)
    ethnicity_sql = ethnicity_then(as_at)
    by_month: Counter[tuple[int, int]] = Counter()
    by_ethnicity: dict[str | None, Decisions] = {}
    clock_totals = released_clocks(period, as_at)
    said_total = closed_without_decision = closed_without_outcome = 0
    for row in db.session.execute(
        select(
            month,
            ethnicity_sql,
            decision_sql,
            outcome_sql,
            func.count(),
            *(count_if(c) for c in clocks.values()),
            count_if(said),
            count_if(closed_by_team(as_at)),
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
        select(func.count(), count_if(per_cluster.c.first < per_cluster.c.last))
    ).one()

    # Released after ``as_at``: still waiting then.
    escrow = case((released_by(as_at), "released"), else_="waiting")
    together = Counter(
        {
            state: int(n)
            for state, n in db.session.execute(
                select(escrow, func.count())
                .where(
                    Report.escrow.in_(("waiting", "released")),
                    in_period(period),
                    # Withdrawn while held: never released, so not waiting for anything.
                    or_(
                        released_by(as_at),
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
        iopc_flags=flag_counts(visible, as_at),
        reopened=reopened_counts(visible, as_at),
        changed=changed_counts(visible, as_at),
    )
