"""What the oversight page says about its figures: what counts as a met time limit, what each
chart draws, and that a chart gives a figure exactly as its table does (walk items 4, 9, 10)."""

from __future__ import annotations

import re
from collections import Counter

from tests.test_oversight_measures import QUARTER_3, TODAY, empty_measures, with_outcomes
from triage.oversight.charts import bar_chart
from triage.oversight.measures import Measures
from triage.oversight.national import ForceTables, NationalTables, Overseen, by_force
from triage.oversight.tables import build


def test_the_time_limits_say_met_is_the_teams_own_marking() -> None:
    clocks = next(t for t in build(empty_measures()) if t.slug == "time-limits")
    said = " ".join(clocks.notes)
    assert "the team's own records" in said
    # The team may send its own words in place of the standard message, and they count.
    assert "an acknowledgement (the standard message, or its own words in its place)" in said
    assert "standard acknowledgement message" not in said
    assert "(or of day 7, if the acknowledgement came later or not at all)" in said
    assert "time limits run from the day it was released" in said
    assert "a report its reporter withdrew before a limit fell due is not counted" in said
    assert "a message it marked as an update on progress" in said
    assert "do not check what a message said" in said


def test_the_by_force_chart_says_it_draws_reports_received() -> None:
    tables = build(empty_measures(received=40, by_month={(2025, 4): 40}))
    north = ForceTables(Overseen(1, "north", "North"), tables)
    table = by_force(NationalTables(national=tables, forces=[north]))
    assert table.chart is not None
    assert "reports each force received" in table.chart.explanation
    drawn = str(bar_chart(table, "chart-by-force"))
    assert "reports each force received in the period" in drawn  # in the SVG's description


def test_a_chart_gives_a_rate_as_its_table_does() -> None:
    # 5 of 85: the table says 6%, and the chart said 5.88%.
    subjects = next(
        t
        for t in build(empty_measures(subjects=85, repeat_subjects=5))
        if t.slug == "repeat-subjects"
    )
    assert subjects.rows[0][1][2].text == "6%"
    drawn = str(bar_chart(subjects, "chart-repeat-subjects"))
    values = [t for t in re.findall(r">([^<>]*%)</text>", drawn) if "baseline" not in t]
    assert values == ["6%", "6%"]  # the wide drawing and the narrow one
    assert "5.88" not in drawn


def test_a_chart_gives_days_as_its_table_does() -> None:
    timing = next(
        t
        for t in build(with_outcomes(Measures.empty(QUARTER_3, TODAY), Counter({1234: 12})))
        if t.slug == "days-to-outcome"
    )
    drawn = str(bar_chart(timing, "chart-days"))
    assert ">1,234 days</text>" in drawn
