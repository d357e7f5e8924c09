"""Rates are worked out from counts rounded to the nearest 5 (from the exact counts they would give
those counts away), so while counts are small one case can swing a rate by many points: 20 of 35
is 57%, 25 of 35 is 71%. The page says so, and the comparison with the previous period gives no
change in points that rounding alone could make."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.helpers import Team
from tests.test_oversight_page import last_month_cases, staff
from triage.oversight.comparison import NO_CLEAR_CHANGE, _change
from triage.oversight.figures import Cell, Figures, rate_bounds


def rate(part: int, whole: int) -> Cell:
    """A rate as the page works it out from these exact counts."""
    f = Figures()
    f.counts.set("part", part)
    f.counts.set("whole", whole)
    f.counts.suppress()
    return f.rate("part", "whole")


def test_a_rate_carries_what_its_true_counts_could_give() -> None:
    assert rate(20, 35).text == "57%"
    assert rate(20, 35).bounds == pytest.approx((100 * 18 / 37, 100 * 22 / 33))
    assert rate(22, 33).bounds == rate(20, 35).bounds  # 22 and 33 round to 20 and 35
    assert rate_bounds(5, 5) == pytest.approx((100 * 5 / 7, 100))  # shown counts are 5 or more


def test_a_difference_rounding_alone_could_make_is_no_clear_change() -> None:
    # 57% against 71%: one case (22 of 33 against 23 of 37) could give either.
    assert _change(rate(20, 35), rate(25, 35), "point").text == NO_CLEAR_CHANGE
    assert _change(rate(21, 34), rate(20, 36), "point").text == NO_CLEAR_CHANGE  # 57% and 57%
    # With hundreds of cases a 3 point fall is more than rounding could make.
    assert _change(rate(800, 1000), rate(830, 1000), "point").text == "down 3 points"


def test_the_page_says_rates_come_from_rounded_counts(app: Flask, team: Team) -> None:
    last_month_cases(team, 5)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    assert "Rates and ratios are worked out from the rounded counts" in html
    assert "rounding alone could account for the difference" in html


def test_a_rate_on_a_half_rounds_up_as_a_reader_would() -> None:
    # 25 of 40 is 62.5%: Python's rounding (halves to even) had shown 62%, and 15 of 40 38%.
    assert rate(25, 40).text == "63%"
    assert rate(15, 40).text == "38%"
    assert rate(5, 40).text == "13%"
    # The change is the difference of the figures as shown: 63% against 60% is up 3 points.
    assert _change(rate(250, 400), rate(600, 1000), "point").text == "up 3 points"
