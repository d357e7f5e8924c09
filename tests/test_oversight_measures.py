"""Oversight measures on small hand-built data sets with known answers, and the suppression rule.

Reports are inserted as rows with chosen dates and codes and empty sealed fields: the measures
never open them.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from intake.db import db
from intake.models import Report, ReportCategory
from intake.submission import new_reference
from tests.helpers import Team
from triage.models import SubjectLink
from triage.oversight.counting import compute
from triage.oversight.histogram import Histogram
from triage.oversight.measures import Decisions, Measures, Period
from triage.oversight.period import (
    choices,
    default_choice,
    default_period,
    figures_as_at,
    read_period,
)
from triage.oversight.suppression import WITHHELD, Counts
from triage.oversight.table import Table
from triage.oversight.tables import build

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 1, 15)


def add(
    team: Team, received: date, categories: tuple[str, ...] = ("bullying",), **fields: Any
) -> Report:
    report = Report(
        reference=new_reference(),
        receipt_hash=os.urandom(32),
        reporter_key=b"",
        team_key_id=team.key.key_id,
        content=b"",
        received_on=received,
        **fields,
    )
    report.categories = [ReportCategory(category=c) for c in categories]
    db.session.add(report)
    db.session.flush()
    return report


def measures(period: Period = YEAR_2025) -> Measures:
    db.session.commit()
    return compute(period, TODAY)


# --- measures straight from the database ----------------------------------------------------


def test_reports_by_month_and_category_count_only_the_period_and_visible_reports(
    team: Team,
) -> None:
    add(team, date(2025, 1, 1), ("bullying", "racism"))
    add(team, date(2025, 1, 31))
    add(team, date(2025, 3, 15), ("racism",))
    add(team, date(2025, 12, 31), ("sexual_misconduct",))
    add(team, date(2024, 12, 31))  # before the period
    add(team, date(2026, 1, 1))  # after it
    add(team, date(2025, 6, 1), go_together=True, escrow="waiting")  # nobody can work it yet
    found = measures()
    assert found.by_month == {(2025, 1): 2, (2025, 3): 1, (2025, 12): 1}
    assert found.by_category == {"bullying": 2, "racism": 2, "sexual_misconduct": 1}
    assert found.received == 4
    narrower = measures(Period(date(2025, 2, 1), date(2025, 3, 31)))
    assert narrower.by_month == {(2025, 3): 1} and narrower.received == 1
    # The month table is decided per reporting year (April to March): a quarter's measures
    # count every month of its year, and a period across two years both years.
    assert narrower.months_around == {(2024, 12): 1, (2025, 1): 2, (2025, 3): 1}
    assert found.months_around == {**narrower.months_around, (2025, 12): 1, (2026, 1): 1}


def test_acknowledged_within_seven_days(team: Team) -> None:
    start = date(2025, 3, 1)
    for days in (0, 3, 7):  # day 7 is still in time
        add(team, start, acknowledged_on=start + timedelta(days=days))
    add(team, start, acknowledged_on=start + timedelta(days=8))  # late
    add(team, start)  # never acknowledged: its time ran out
    add(team, TODAY - timedelta(days=3))  # received on 12 January: not yet due (outside period)
    add(team, date(2025, 12, 31))  # due 7 January, not met
    found = measures()
    assert (found.acknowledged_in_time, found.acknowledgement_due) == (3, 6)


def test_a_case_closed_without_acknowledgement_counts_as_a_miss(team: Team) -> None:
    # Closing an unacknowledged case must not take it out of the figure: that would let a team
    # improve its acknowledgement rate by closing what it had not answered.
    add(team, date(2025, 3, 1), acknowledged_on=date(2025, 3, 2))
    add(team, date(2025, 3, 1), closed_on=date(2025, 3, 3))  # closed on day 2, never answered
    add(team, date(2025, 12, 30), closed_on=date(2025, 12, 30))  # closed on day 0
    found = measures()
    assert (found.acknowledged_in_time, found.acknowledgement_due) == (1, 3)


def test_feedback_within_three_calendar_months(team: Team) -> None:
    # Acknowledged 31 May: feedback due 31 August; 30 November: due 28 February (not yet).
    add(team, date(2025, 5, 29), acknowledged_on=date(2025, 5, 31), feedback_on=date(2025, 8, 31))
    add(team, date(2025, 5, 29), acknowledged_on=date(2025, 5, 31), feedback_on=date(2025, 9, 1))
    add(team, date(2025, 11, 28), acknowledged_on=date(2025, 11, 30))
    # Not acknowledged: the clock starts on day 7 (17 January), so feedback is due 17 April.
    add(team, date(2025, 1, 10), feedback_on=date(2025, 4, 17))
    add(team, date(2025, 1, 10))  # no feedback at all: missed
    found = measures()
    assert (found.feedback_in_time, found.feedback_due) == (2, 4)


def test_a_late_acknowledgement_does_not_move_the_feedback_deadline(team: Team) -> None:
    # Received 10 January, acknowledged late on 1 February: feedback is still due 17 April
    # (three months after day 7), so feedback on 20 April is late, whatever the acknowledgement.
    add(team, date(2025, 1, 10), acknowledged_on=date(2025, 2, 1), feedback_on=date(2025, 4, 20))
    add(team, date(2025, 1, 10), acknowledged_on=date(2025, 2, 1), feedback_on=date(2025, 4, 17))
    found = measures()
    assert (found.feedback_in_time, found.feedback_due) == (1, 2)


def test_a_case_closed_without_feedback_counts_as_a_miss(team: Team) -> None:
    add(team, date(2025, 11, 1), acknowledged_on=date(2025, 11, 2), feedback_on=date(2025, 11, 9))
    # Closed a week in, before feedback fell due, with nothing said to the reporter: a miss.
    add(team, date(2025, 11, 1), acknowledged_on=date(2025, 11, 2), closed_on=date(2025, 11, 8))
    add(team, date(2025, 11, 1), acknowledged_on=date(2025, 11, 2))  # open, not yet due: out
    found = measures()
    assert (found.feedback_in_time, found.feedback_due) == (1, 2)


def test_a_released_go_together_reports_clocks_start_on_its_release(team: Team) -> None:
    """Held from 10 January until a match released it on 20 March, nobody could see it: it was
    counted as acknowledged late (and its feedback due from 17 January) although the team
    acknowledged it the day after release."""
    held = {"go_together": True, "escrow": "released", "released_on": date(2025, 3, 20)}
    add(
        team,
        date(2025, 1, 10),
        acknowledged_on=date(2025, 3, 21),
        feedback_on=date(2025, 6, 20),
        **held,
    )
    add(
        team,
        date(2025, 1, 10),
        acknowledged_on=date(2025, 3, 28),  # a day late: feedback due 27 June, given late
        feedback_on=date(2025, 6, 30),
        **held,
    )
    add(team, date(2025, 1, 10), **held)  # never acknowledged: missed, from its release
    add(
        team, date(2025, 12, 20), released_on=date(2026, 1, 12), go_together=True, escrow="released"
    )
    found = measures()  # the last, released 3 days ago, is due neither yet
    assert (found.acknowledged_in_time, found.acknowledgement_due) == (1, 3)
    assert (found.feedback_in_time, found.feedback_due) == (1, 3)


def test_what_happened_after_the_as_at_day_is_not_counted(team: Team) -> None:
    """Figures are as at one day (``figures_as_at``, the end of last month): retaliation
    reported, a held report released or withdrawn, an acknowledgement, outcome or close after it
    has not happened yet, so none of them moves a figure within the month."""
    as_at, later = date(2025, 12, 31), date(2026, 1, 9)
    received = date(2025, 11, 3)
    add(team, received, retaliation_on=later)
    add(team, received, go_together=True, escrow="released", released_on=later)
    add(team, received, go_together=True, escrow="waiting", withdrawn_on=later)
    add(team, received, acknowledged_on=later, outcome="rprp", outcome_on=later, closed_on=later)
    add(team, date(2026, 1, 5))  # received after the day
    db.session.commit()
    found = compute(YEAR_2025, as_at)
    assert found.received == 2  # the two ordinary reports; both go-together ones still held
    assert found.retaliation == Counter()
    assert found.together == Counter({"waiting": 2})
    assert (found.acknowledged_in_time, found.acknowledgement_due) == (0, 2)  # both missed
    assert found.decisions_all.outcomes == Counter()
    assert found.to_outcome.count == found.to_close.count == 0
    now = compute(YEAR_2025, later)  # once the day has passed, each counts
    assert now.retaliation == Counter({(False, True): 1})
    assert now.together == Counter({"released": 1})
    assert now.decisions_all.outcomes == Counter({"practice": 1})
    assert now.to_outcome.count == now.to_close.count == 1


def test_a_clock_the_reporter_withdrew_before_it_fell_due_is_not_counted(team: Team) -> None:
    """Withdrawn on day 2, before anyone acknowledged it, the report counted as a missed
    acknowledgement (and a missed feedback): only the reporter can withdraw, so the team's
    figure must not carry it. Closed by the team instead, it still counts as missed (even if
    the reporter withdraws afterwards), and a withdrawal after a clock fell due does not
    excuse it."""
    received = date(2025, 3, 3)
    withdrawn = {"closed_on": date(2025, 3, 5), "withdrawn_on": date(2025, 3, 5)}
    add(team, received, **withdrawn)  # both clocks ended by the reporter: neither counted
    add(team, received, closed_on=date(2025, 3, 5))  # closed by the team: both missed
    late = date(2025, 3, 20)  # withdrawn after the acknowledgement fell due, unacknowledged
    add(team, received, closed_on=late, withdrawn_on=late)
    acknowledged = {"acknowledged_on": date(2025, 3, 4)}
    add(team, received, **acknowledged, **withdrawn)  # met, then withdrawn: met, no feedback due
    # Closed by the team on day 2, then withdrawn by a reporter who saw it closed: the team
    # ended it, so both clocks were missed (else closing unacknowledged could end as excused).
    add(team, received, closed_on=date(2025, 3, 4), withdrawn_on=date(2025, 3, 6))
    found = measures()
    assert (found.acknowledged_in_time, found.acknowledgement_due) == (1, 4)
    assert (found.feedback_in_time, found.feedback_due) == (0, 2)


def test_days_to_outcome_and_close_from_a_histogram(team: Team) -> None:
    received = date(2025, 1, 1)
    for days in (10, 20, 30, 40, 50, 60, 70, 400, 800, 900):
        add(
            team,
            received,
            outcome="no_further_action",
            outcome_on=received + timedelta(days=days),
            closed_on=received + timedelta(days=days + 5),
        )
    add(team, received)  # no outcome yet
    db.session.commit()
    found = compute(YEAR_2025, date(2027, 12, 31))  # as at a day after the last outcome
    assert found.to_outcome.count == 10
    assert found.to_outcome.percentile(0.5) == 50  # nearest rank: the 5th of 10
    assert found.to_outcome.percentile(0.9) == 800  # the 9th of 10
    assert found.to_outcome.mean() == 238
    assert found.to_outcome.quarters == {(2025, 1): 10}  # by the quarter they were received in
    assert (found.to_outcome.over(365), found.to_outcome.over(730)) == (3, 2)
    assert found.to_close.percentile(0.5) == 55


def test_decisions_and_outcomes_by_category_and_ethnic_group(team: Team) -> None:
    day = date(2025, 4, 1)
    add(
        team,
        day,
        ("sexual_misconduct", "bullying"),
        case_decision="case_misconduct",
        outcome="meeting_written_warning",
        subject_ethnicity="black",
    )
    add(
        team,
        day,
        ("sexual_misconduct",),
        case_decision="no_case",
        outcome="no_further_action",
        subject_ethnicity="white",
    )
    add(team, day, ("sexual_misconduct",), case_decision="no_case", outcome="rprp")
    add(
        team,
        day,
        ("racism",),
        case_decision="case_gross_misconduct",
        outcome="hearing_not_proven",
        subject_ethnicity="white",
    )
    add(team, day, ("racism",), case_decision="case_gross_misconduct")  # no outcome yet
    found = measures()
    sexual = found.decisions_by_category["sexual_misconduct"]
    assert sexual.decisions == Counter({"no_case": 2, "case_misconduct": 1})
    assert sexual.outcomes == Counter({"no_action": 1, "warning": 1, "practice": 1})
    racism = found.decisions_by_category["racism"]
    assert racism.decisions == Counter({"case_gross_misconduct": 2})
    assert racism.outcomes == Counter({"no_action": 1})  # not proven is no action
    assert found.decisions_all.decisions["case_gross_misconduct"] == 2
    assert sum(found.decisions_all.outcomes.values()) == 4
    assert found.decisions_by_ethnicity["white"].decisions == Counter(
        {"no_case": 1, "case_gross_misconduct": 1}
    )
    assert found.decisions_by_ethnicity[None].outcomes == Counter({"practice": 1})


def test_subjects_named_in_more_than_one_report(team: Team) -> None:
    day = date(2025, 5, 1)
    first, second, third = (add(team, day) for _ in range(3))
    earlier = add(team, date(2024, 5, 1))
    db.session.add_all(
        [
            SubjectLink(report_id=first.id, subject_no=0, cluster_id="A"),
            SubjectLink(report_id=second.id, subject_no=0, cluster_id="A"),  # A: two reports
            SubjectLink(report_id=third.id, subject_no=0, cluster_id="B"),
            SubjectLink(report_id=third.id, subject_no=1, cluster_id="B"),  # B: twice in one report
            SubjectLink(report_id=second.id, subject_no=1, cluster_id="C"),
            SubjectLink(
                report_id=earlier.id, subject_no=0, cluster_id="C"
            ),  # C: once in the period
        ]
    )
    found = measures()
    assert (found.subjects, found.repeat_subjects) == (3, 1)


def test_retaliation_and_go_together(team: Team) -> None:
    day = date(2025, 7, 1)
    add(team, day, ("retaliation",))
    add(team, day, ("bullying",), retaliation_on=day)
    add(team, day, ("retaliation", "bullying"), retaliation_on=day)
    add(team, day)
    add(team, day, go_together=True, escrow="waiting")
    add(team, day, go_together=True, escrow="released", released_on=day)
    add(team, day, go_together=True, escrow="released", released_on=day)
    found = measures()
    assert found.retaliation == Counter({(True, False): 1, (False, True): 1, (True, True): 1})
    assert found.together == Counter({"waiting": 1, "released": 2})


def test_a_held_report_withdrawn_is_not_counted_as_waiting_for_a_match(team: Team) -> None:
    """Withdrawn while held, a report is never released (``release_escrow``) and nobody will
    read it, yet it stayed in "Waiting for a match" for ever. A released report later
    withdrawn was still released, and a release by the reporter counts as one too."""
    day = date(2025, 7, 1)
    held = {"go_together": True}
    add(team, day, escrow="waiting", **held)
    add(team, day, escrow="waiting", withdrawn_on=day, closed_on=day, **held)
    add(team, day, escrow="released", released_on=day, withdrawn_on=day, closed_on=day, **held)
    add(team, day, escrow="released", released_on=day, **held)  # by the reporter, say
    assert measures().together == Counter({"waiting": 1, "released": 2})
    table = next(t for t in build(measures()) if t.slug == "go-together")
    assert [heading for heading, _ in table.rows] == [
        "Waiting for a match",
        "Released (by a match, or by the reporter)",
    ]


# --- suppression ------------------------------------------------------------------------------


def test_counts_under_five_are_hidden_and_no_single_hidden_count_follows_from_a_total() -> None:
    counts = Counts()
    for key, value in {"a": 3, "b": 7, "c": 9, "total": 19}.items():
        counts.set(key, value)
    counts.relate(["a", "b", "c"], "total")
    counts.suppress()
    # b is withheld too (else a = 19 - 7 - 9); what is shown is rounded to 5.
    assert [counts.label(k) for k in ("a", "b", "c", "total")] == [WITHHELD, WITHHELD, "10", "20"]


def test_a_small_count_is_never_pinned_by_a_withheld_one() -> None:
    # a + b = 5 once c is known: with b "withheld" (so at least 5), a would have to be 0.
    counts = Counts()
    for key, value in {"a": 0, "b": 5, "c": 20, "total": 25}.items():
        counts.set(key, value)
    counts.relate(["a", "b", "c"], "total")
    counts.suppress()
    assert counts.hidden("a") and counts.hidden("b") and counts.hidden("c")
    assert counts.label("total") == "25"


def test_hiding_spreads_to_every_line_a_hidden_count_is_in() -> None:
    # A 2x2 table with row and column totals: hiding one cell must hide three others.
    counts = Counts()
    cells = {("r1", "c1"): 2, ("r1", "c2"): 10, ("r2", "c1"): 8, ("r2", "c2"): 12}
    for key, value in cells.items():
        counts.set(key, value)
    for row in ("r1", "r2"):
        counts.set(row, sum(v for (r, _), v in cells.items() if r == row))
        counts.relate([(row, "c1"), (row, "c2")], row)
    for column in ("c1", "c2"):
        counts.set(column, sum(v for (_, c), v in cells.items() if c == column))
        counts.relate([("r1", column), ("r2", column)], column)
    counts.suppress()
    assert all(counts.hidden(key) for key in cells)
    assert not any(counts.hidden(key) for key in ("r1", "r2", "c1", "c2"))


def test_percentile_is_nearest_rank() -> None:
    histogram = Histogram(Counter({1: 1, 2: 1, 3: 1, 4: 1}))
    assert histogram.percentile(0.5) == 2
    assert histogram.percentile(0.9) == 4
    assert Histogram().percentile(0.5) is None


# --- the tables built from the measures -------------------------------------------------------


def empty_measures(**changes: Any) -> Measures:
    return replace(Measures.empty(YEAR_2025, TODAY), **changes)


def with_outcomes(m: Measures, days: Counter[int]) -> Measures:
    """``m`` with cases received in its first quarter that reached an outcome (no further
    action) after ``days``: in the timing table and among the outcomes recorded alike."""
    outcomes = Decisions(Counter(), Counter({"no_action": sum(days.values())}))
    return replace(
        m,
        to_outcome=Histogram.received_in(m.period.start, days),
        decisions_all=outcomes,
        decisions_by_ethnicity={None: outcomes},
    )


def table(tables: list[Table], slug: str) -> dict[str, list[str]]:
    found = next(t for t in tables if t.slug == slug)
    return {heading: [cell.text for cell in cells] for heading, cells in found.rows}


def test_month_table_suppresses_small_months_and_one_more() -> None:
    months = {(2025, m): 10 for m in range(1, 13)}
    months[(2025, 2)] = 3
    months[(2025, 5)] = 8
    rows = table(
        build(empty_measures(by_month=months, received=sum(months.values()))), "received-by-month"
    )
    assert rows["February 2025"] == [WITHHELD]
    assert rows["May 2025"] == [WITHHELD]  # the smallest other month, so 3 cannot be derived
    assert rows["January 2025"] == ["10"] and rows["December 2025"] == ["10"]
    assert len(rows) == 13
    assert rows["Total"] == ["110"]  # 111, rounded to 5


REPORTING_YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))
QUARTER_3 = Period(date(2025, 10, 1), date(2025, 12, 31))
AFTER_THE_YEAR = date(2026, 6, 1)


def month_view(period: Period, year: dict[tuple[int, int], int]) -> dict[str, list[str]]:
    """The month table of ``period``, a quarter or a year of ``year``'s months."""
    by_month = {k: n for k, n in year.items() if period.start <= date(*k, 1) <= period.end}
    found = replace(
        Measures.empty(period, AFTER_THE_YEAR),
        by_month=by_month,
        months_around=year,
        received=sum(by_month.values()),
    )
    return table(build(found), "received-by-month")


def year_of_months(**changes: int) -> dict[tuple[int, int], int]:
    """20 reports in each month of 2025-26 but those given (``m2025_6=6`` for June 2025)."""
    year = {(2025, m): 20 for m in range(4, 13)} | {(2026, m): 20 for m in range(1, 4)}
    for name, count in changes.items():
        y, mo = name[1:].split("_")
        year[(int(y), int(mo))] = count
    return year


def test_a_period_off_the_grid_starting_in_november_or_december_is_counted() -> None:
    # Benchmarks and tests count any period; one starting in the last two months of a year
    # asked for "the end of month 13" while working out whether it was a quarter.
    year = year_of_months()
    for start in (date(2025, 11, 1), date(2025, 12, 15)):
        rows = month_view(Period(start, date(2026, 2, 28)), year)
        shown = ["November 2025", "December 2025", "January 2026", "February 2026", "Total"]
        assert list(rows) == shown[start.month - 11 :]


def test_a_month_is_shown_or_withheld_alike_in_its_quarter_and_its_year() -> None:
    # November has 3. Decided in each view apart, the quarter hid October (its smallest other
    # month) and the year hid June instead, so the year's table gave October back to anyone
    # reading the quarter's: its total less December left November.
    year = year_of_months(m2025_6=6, m2025_10=15, m2025_11=3)
    quarter, whole = month_view(QUARTER_3, year), month_view(REPORTING_YEAR, year)
    for month in ("October 2025", "November 2025", "December 2025"):
        assert quarter[month] == whole[month], month
    assert quarter["November 2025"] == quarter["October 2025"] == [WITHHELD]
    assert quarter["December 2025"] == ["20"] and quarter["Total"] == ["40"]  # 38, rounded
    assert whole["June 2025"] == ["5"] and whole["Total"] == ["205"]  # 204


def test_rates_hide_when_either_side_is_small() -> None:
    rows = table(
        build(
            empty_measures(
                acknowledged_in_time=8, acknowledgement_due=10, feedback_in_time=6, feedback_due=12
            )
        ),
        "time-limits",
    )
    # 8 of 10 would say that 2 were late: the 8 is withheld and no rate is shown.
    assert rows["Acknowledged within 7 days"] == [WITHHELD, "10", WITHHELD]
    # 6 of 12, published as 5 of 10: the rate is of the published counts.
    assert rows["Feedback within 3 months"] == ["5", "10", "50%"]


def test_averages_and_percentiles_never_single_out_the_slowest_cases() -> None:
    def rows(days: Counter[int]) -> list[str]:
        quarter = with_outcomes(Measures.empty(QUARTER_3, TODAY), days)
        return table(build(quarter), "days-to-outcome")["Outcome"]

    # 9 cases: a median would be one case's figure
    assert rows(Counter({30: 5, 800: 4}))[:4] == ["10", WITHHELD, WITHHELD, WITHHELD]
    # 40 cases: median shown, 90th still hidden
    assert rows(Counter({30: 36, 800: 4}))[1:4] == ["107", "30", WITHHELD]
    assert rows(Counter({30: 45, 800: 5}))[2:4] == ["30", "30"]


def test_case_to_answer_rate_beside_the_casey_baselines() -> None:
    sexual = Decisions(
        decisions=Counter({"case_misconduct": 6, "case_gross_misconduct": 6, "no_case": 18})
    )
    everything = Decisions(
        decisions=Counter({"case_misconduct": 10, "case_gross_misconduct": 10, "no_case": 30})
    )
    rows = table(
        build(
            empty_measures(
                decisions_by_category={"sexual_misconduct": sexual},
                decisions_all=everything,
                decisions_by_ethnicity={None: everything},
            )
        ),
        "case-to-answer",
    )
    # 6, 6, 18 and 30 published as 5, 5, 20 and 30; 12 with a case to answer as 10.
    assert rows["Sexual misconduct"] == ["5", "5", "20", "30", "10", "33%", "29%", "67%"]
    assert rows["All reports"][4:7] == ["20", "40%", "33% (55–60% no case)"]
    assert rows["Racism"][5:7] == [WITHHELD, "20%"]


def test_action_taken_counts_every_outcome_but_no_further_action_and_not_proven() -> None:
    found = Decisions(
        outcomes=Counter({"no_action": 10, "practice": 5, "warning": 5, "removal": 5})
    )
    rows = table(
        build(
            empty_measures(
                decisions_by_category={"bullying": found},
                decisions_all=found,
                decisions_by_ethnicity={None: found},
            )
        ),
        "outcomes",
    )
    assert rows["Bullying or harassment"] == ["10", "5", "5", "5", "25", "15", "60%"]


def test_disparity_ratio_against_white_subjects_with_small_groups_hidden() -> None:
    def group(case: int, no_case: int, action: int, no_action: int) -> Decisions:
        return Decisions(
            decisions=Counter({"case_misconduct": case, "no_case": no_case}),
            outcomes=Counter({"warning": action, "no_action": no_action}),
        )

    by_group = {
        "white": group(5, 15, 6, 14),
        "black": group(5, 5, 6, 6),
        "asian": group(1, 2, 1, 2),
        "mixed": group(1, 1, 1, 1),
    }
    everything = Decisions()
    for found in by_group.values():
        everything.decisions.update(found.decisions)
        everything.outcomes.update(found.outcomes)
    rows = table(
        build(empty_measures(decisions_by_ethnicity=by_group, decisions_all=everything)),
        "ethnicity",
    )
    white = "White"
    black = "Black, Black British, Caribbean or African"
    # Rates and ratios are of the published (rounded) counts: 6 is 5 and 12 is 10.
    assert rows[white] == ["20", "5", "25%", "reference group", "20", "5", "25%", "reference group"]
    # Black subjects: 50% case to answer (2.00 times White) and 50% action (2.00 times).
    assert rows[black] == ["10", "5", "50%", "2.00", "10", "5", "50%", "2.00"]
    assert rows["Asian or Asian British"] == [
        WITHHELD,
        WITHHELD,
        WITHHELD,
        WITHHELD,
        WITHHELD,
        WITHHELD,
        WITHHELD,
        WITHHELD,
    ]
    assert rows["All subjects"][:3] == ["35", "10", "29%"]


def test_no_ratio_is_claimed_shown_or_withheld_when_only_white_subjects_have_enough() -> None:
    # The walker's period: too few decided cases for a case-to-answer ratio, enough outcomes
    # among White subjects for their own action-taken rate only. The note said no ratio could
    # be shown while White's "ratio to White" read 1.00.
    white = Decisions(Counter({"no_case": 3}), Counter({"warning": 5, "no_action": 10}))
    black = Decisions(Counter({"no_case": 2}), Counter({"no_action": 2}))
    everything = Decisions(Counter({"no_case": 5}), Counter({"warning": 5, "no_action": 12}))
    m = empty_measures(
        decisions_by_ethnicity={"white": white, "black": black}, decisions_all=everything
    )
    tables = {t.slug: t for t in build(m)}
    rows = table(list(tables.values()), "ethnicity")
    assert rows["White"][3] == rows["White"][7] == "reference group"
    assert rows["Black, Black British, Caribbean or African"][7] == WITHHELD
    assert "too few decided cases in this period for any ratio" in tables["ethnicity"].notes[0]
    # With an action-taken ratio shown (Black subjects' 6 of 13, and a third group so that
    # the ethnic group columns pin nothing), the note no longer says none can be.
    asian = Decisions(Counter(), Counter({"warning": 1, "no_action": 1}))
    black.outcomes.update({"warning": 6, "no_action": 5})
    everything.outcomes.update({"warning": 7, "no_action": 6})
    m.decisions_by_ethnicity["asian"] = asian
    found = next(t for t in build(m) if t.slug == "ethnicity")
    assert table([found], "ethnicity")["Black, Black British, Caribbean or African"][7] != WITHHELD
    assert not any("too few" in note for note in found.notes)


def test_repeat_subjects_beside_casey() -> None:
    rows = table(build(empty_measures(subjects=40, repeat_subjects=10)), "repeat-subjects")
    assert rows["Subjects"] == ["40", "10", "25%", "20%"]


def test_periods_are_whole_quarters_and_reporting_years_only() -> None:
    # The current reporting year so far, to the end of last month, by default.
    as_at = figures_as_at(date(2026, 2, 15))
    assert as_at == date(2026, 1, 31)
    assert default_period(as_at) == Period(date(2025, 4, 1), date(2026, 1, 31))
    offered = {c.key: c for c in choices(as_at)}
    assert offered["2025-26"].label == "April 2025 to January 2026 (so far)"
    assert offered["2024-25"].period == Period(date(2024, 4, 1), date(2025, 3, 31))
    assert offered["2024-25"].label == "April 2024 to March 2025"
    assert offered["2024-25-q4"].period == Period(date(2025, 1, 1), date(2025, 3, 31))
    assert offered["2025-26-q4"].label == "January 2026 (so far)"
    assert offered["2025-26-q4"].period == Period(date(2026, 1, 1), date(2026, 1, 31))
    assert "2026-27" not in offered  # not begun
    chosen = read_period({"period": "2024-25-q2"}, TODAY)
    assert chosen.period == Period(date(2024, 7, 1), date(2024, 9, 30)) and not chosen.error


def test_a_period_whose_first_month_has_not_ended_is_not_offered() -> None:
    """Figures run to the end of last month (``figures_as_at``): a quarter in its first month
    has none yet, and in April the reporting year just begun has none, so the page opens on the
    year before."""
    in_january = {c.key: c for c in choices(figures_as_at(date(2026, 1, 15)))}
    assert "2025-26-q4" not in in_january
    assert in_january["2025-26-q3"].label == "October to December 2025"  # over: not "so far"
    assert not in_january["2025-26-q3"].so_far
    in_april = figures_as_at(date(2026, 4, 20))
    assert "2026-27" not in {c.key for c in choices(in_april)}
    assert "2026-27-q1" not in {c.key for c in choices(in_april)}
    assert default_choice(in_april).key == "2025-26"
    assert default_choice(in_april).label == "April 2025 to March 2026"
    assert read_period({"period": "2026-27"}, in_april).error


def test_a_range_of_months_is_not_a_period() -> None:
    for typed in ("2025-11", "<script>", "2019-20", "2026-27"):
        assert read_period({"period": typed}, TODAY).error == (
            "Select a quarter or a year from the list"
        )
    # The old month-range fields are not read at all.
    months = {"from-month": "1", "from-year": "2024", "to-month": "11", "to-year": "2025"}
    assert read_period(months, TODAY).period == default_period(TODAY)
