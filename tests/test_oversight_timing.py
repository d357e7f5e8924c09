"""Averages and percentiles (days to outcome and to close) never give away a withheld one by
subtraction: a figure is shown only when it is shown for each quarter of its period and, on the
national page, for each force (the walker's two situations, notes/walk-oversight.md item 1)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date

from flask import Flask

from tests.helpers import Team, visible_text
from tests.test_oversight_measures import table, with_outcomes
from tests.test_oversight_page import staff
from triage.oversight.histogram import Histogram
from triage.oversight.measures import Decisions, Measures, Period
from triage.oversight.national import merge, suppress_together
from triage.oversight.received_tables import TIMING_RULE
from triage.oversight.summary import from_json, to_json
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

YEAR = Period(date(2023, 4, 1), date(2024, 3, 31))
Q4 = Period(date(2024, 1, 1), date(2024, 3, 31))
TODAY = date(2026, 12, 3)
CASES, AVERAGE, MEDIAN, P90 = 0, 1, 2, 3  # cells of a timing row


def timing(period: Period, to_outcome: Histogram) -> list[str]:
    found = with_outcomes(Measures.empty(period, TODAY), to_outcome.days)
    found.to_outcome = to_outcome  # its own quarters
    return table(build(found), "days-to-outcome")["Outcome"]


def mean_of(*parts: tuple[int, int]) -> float:
    return sum(d * n for d, n in parts) / sum(n for _, n in parts)


def test_a_years_average_is_withheld_when_a_quarters_is() -> None:
    # The walker's year: 15 cases in Q4 (222 days) and 2 in Q1 (264 and 445). Q4 shows its
    # mean; had the year shown its own, year × 17 − Q4 × 15 would give the two cases' mean.
    q4 = Counter({222: 15})
    q1 = Counter({264: 1, 445: 1})
    year = Histogram(q4 + q1, Counter({(2024, 1): 15, (2023, 4): 2}))
    assert timing(Q4, Histogram.received_in(Q4.start, q4))[AVERAGE] == "222"
    year_row = timing(YEAR, year)
    assert year_row[CASES] == "15"  # 17 cases, rounded: the count itself is shown
    assert year_row[AVERAGE] == year_row[MEDIAN] == WITHHELD


def test_a_years_average_is_shown_when_every_quarter_shows_its_own() -> None:
    quarters = {(2023, 4): 10, (2023, 7): 12, (2023, 10): 10, (2024, 1): 15}
    days = Counter({100: 20, 300: 27})
    assert (
        timing(YEAR, Histogram(days, Counter(quarters)))[AVERAGE]
        == f"{mean_of((100, 20), (300, 27)):,.0f}"
    )
    # One quarter with no case at all still withholds the year: showing it would say that
    # quarter's withheld count was 0.
    del quarters[(2023, 7)]
    assert timing(YEAR, Histogram(days, Counter(quarters)))[AVERAGE] == WITHHELD


def national_timing(*forces: Counter[int]) -> tuple[list[str], list[list[str]]]:
    per_force = [with_outcomes(Measures.empty(Q4, TODAY), days) for days in forces]
    national = merge(Q4, TODAY, per_force)
    national_figures, force_figures = suppress_together(national, per_force)
    rows = [
        table(build(m, f), "days-to-outcome")["Outcome"]
        for m, f in [(national, national_figures), *zip(per_force, force_figures, strict=True)]
    ]
    return rows[0], rows[1:]


def test_a_national_average_is_withheld_when_a_forces_is() -> None:
    # The walker's quarter: South 25 cases averaging 153 days, North 6 averaging 122. North's
    # page withholds its mean; all forces' less South's would give it back.
    south, north = Counter({153: 25}), Counter({120: 3, 124: 3})
    national, (south_row, north_row) = national_timing(south, north)
    assert south_row[CASES] == "25" and south_row[AVERAGE] == "153"
    assert north_row[AVERAGE] == WITHHELD
    assert national[AVERAGE : P90 + 1] == [WITHHELD, WITHHELD, WITHHELD]
    assert national[CASES] == "30"  # a count, protected as counts are


def test_a_national_average_is_shown_when_every_force_shows_its_own() -> None:
    national, forces = national_timing(Counter({150: 25}), Counter({120: 12}))
    assert all(row[AVERAGE] != WITHHELD for row in forces)
    assert national[AVERAGE] == f"{mean_of((150, 25), (120, 12)):,.0f}"
    assert national[P90] == WITHHELD  # no force has the 50 cases a 90th percentile needs


def test_counts_kept_before_quarters_were_kept_withhold_every_average() -> None:
    counted = with_outcomes(Measures.empty(Q4, TODAY), Counter({9: 40}))
    assert table(build(counted), "days-to-outcome")["Outcome"][AVERAGE] == "9"
    kept = json.loads(to_json(counted))
    del kept["to_outcome_quarters"]
    old = from_json(json.dumps(kept), Q4, TODAY)
    assert old.to_outcome.days == counted.to_outcome.days and not old.to_outcome.quarters
    assert table(build(old), "days-to-outcome")["Outcome"][AVERAGE] == WITHHELD


# --- a figure in two tables is withheld or shown alike in both (walk item 3) ------------------


def shared_cells(m: Measures) -> list[tuple[str, str]]:
    """Each figure the page shows in two tables, as each of the two shows it."""
    tables = {t.slug: dict(t.rows) for t in build(m)}
    return [
        (
            tables["received-by-category"]["Retaliation for speaking up"][0].text,
            tables["retaliation"]["About retaliation for speaking up"][0].text,
        ),
        (
            tables["days-to-outcome"]["Outcome"][CASES].text,
            tables["outcomes"]["All reports"][4].text,  # outcomes recorded
        ),
    ]


def test_retaliation_reports_read_alike_in_the_category_and_retaliation_tables() -> None:
    # The walker's reproduction (scratch/walkC/synth.py): 5 retaliation reports, all of which
    # also said "I face retaliation". Withheld in the retaliation table to protect its 0
    # "category only" cell, it was shown as 5 in the category table.
    m = replace(
        Measures.empty(Q4, TODAY),
        by_category={"retaliation": 5, "bullying": 35},
        retaliation=Counter({(True, True): 5, (False, True): 20}),
    )
    assert shared_cells(m)[0] == (WITHHELD, WITHHELD)


def test_cases_with_an_outcome_read_alike_in_the_timing_and_outcome_tables() -> None:
    # 8 outcomes, one a removal: the outcome lines withhold "outcomes recorded", which the
    # days-to-outcome table showed as its 10 cases.
    groups = Counter({"no_action": 4, "practice": 3, "removal": 1})
    m = replace(
        Measures.empty(Q4, TODAY),
        to_outcome=Histogram.received_in(Q4.start, Counter({100: 6, 400: 2})),
        decisions_all=Decisions(Counter(), groups),
        decisions_by_ethnicity={None: Decisions(Counter(), groups)},
    )
    assert shared_cells(m)[1] == (WITHHELD, WITHHELD)


def test_the_page_states_the_rule_for_averages(app: Flask, team: Team) -> None:
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    said = visible_text(html)
    assert (
        "An average or percentile is shown only if it is also shown for each quarter of the "
        "period." in said
    )
    assert TIMING_RULE in said  # under the days table
