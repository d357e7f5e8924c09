"""What the oversight page says when its figures look inconsistent: month rows that do not add up
to the total (each is rounded on its own), a time limit withheld for a whole quarter (too few
missed it), and which periods can be compared. Figures as the demo data gives them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Flask

from tests.helpers import Team
from tests.test_oversight_measures import table
from tests.test_oversight_page import last_month_cases, staff
from triage.oversight.measures import Measures, Period
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

AS_AT = date(2026, 11, 30)
YEAR_SO_FAR = Period(date(2026, 4, 1), AS_AT)
QUARTER_2 = Period(date(2026, 7, 1), date(2026, 9, 30))
# The demo's reports received, April to November 2026: 87 in all.
DEMO_MONTHS = {
    (2026, 4): 11,
    (2026, 5): 14,
    (2026, 6): 8,
    (2026, 7): 13,
    (2026, 8): 5,
    (2026, 9): 13,
    (2026, 10): 11,
    (2026, 11): 12,
}


def received(period: Period, **changes: object) -> Measures:
    months = {k: n for k, n in DEMO_MONTHS.items() if period.start <= date(*k, 1) <= period.end}
    m = Measures.empty(period, AS_AT)
    return replace(
        m, by_month=months, months_around=DEMO_MONTHS, received=sum(months.values()), **changes
    )


def clocks(m: Measures) -> tuple[dict[str, list[str]], list[str]]:
    tables = build(m)
    found = next(t for t in tables if t.slug == "time-limits")
    return table(tables, "time-limits"), found.notes


def test_the_month_table_says_why_its_rows_need_not_add_up_to_the_total() -> None:
    tables = build(received(YEAR_SO_FAR))
    rows = table(tables, "received-by-month")
    total = rows.pop("Total")
    # 87 reports: the total rounds to 85, the eight months (each rounded) to 90.
    assert total == ["85"] and sum(int(cells[0]) for cells in rows.values()) == 90
    notes = next(t for t in tables if t.slug == "received-by-month").notes
    assert any("rounded to the nearest 5 separately" in note for note in notes)
    assert any("may not add up exactly to the total" in note for note in notes)


def test_a_time_limit_withheld_because_few_missed_it_says_so() -> None:
    # 29 of the quarter's 31 acknowledged in time: 29 would give away the 2 missed.
    rows, notes = clocks(
        received(QUARTER_2, acknowledged_in_time=29, acknowledgement_due=31, feedback_due=31)
    )
    assert rows["Acknowledged within 7 days"] == [WITHHELD, "30", WITHHELD]
    said = [note for note in notes if "is withheld because" in note]
    assert said == [
        '"Acknowledged within 7 days" is withheld because under 5 of the reports due were not '
        "acknowledged in time, and the number met would show how many."
    ]  # feedback: none of 31 met, withheld for being under 5 itself, which the page says


def test_a_time_limit_shown_or_withheld_for_being_small_adds_no_note() -> None:
    for met in (20, 3):
        rows, notes = clocks(received(QUARTER_2, acknowledged_in_time=met, acknowledgement_due=31))
        assert not [note for note in notes if "is withheld because" in note]
    assert rows["Acknowledged within 7 days"] == [WITHHELD, "30", WITHHELD]


def test_the_page_says_months_are_shown_alike_in_a_quarter_and_its_year(
    app: Flask, team: Team
) -> None:
    last_month_cases(team, 6)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    assert "Figures are given for whole quarters and years only" not in html
    assert "You can choose only a whole quarter or a whole year" in html
    assert "each month has the same figure, shown or withheld, in its quarter and in its year" in (
        html
    )
