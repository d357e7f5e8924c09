"""The period the oversight page covers: one whole quarter or one whole reporting year (April to
March, the year police forces and the IOPC publish by), chosen from a fixed list.

Why a fixed grid and not any range of months: two ranges that differ by a month (January 2024 to
November 2026, and January 2024 to October 2026) give that month's figures by subtraction, hidden
small counts included. On this grid two periods are either apart, or a year and one of its
quarters, and every count shown is rounded to base 5 (``triage.oversight.suppression``), so no
subtraction of shown figures pins a hidden count.

The grid alone does not cover the same period seen on different days: reloading the current
quarter every day would show the day a rounded count moved (from withheld to 5, or 10 to 15), and
so roughly the day a report arrived, to oversight members who may be the very people a reporter
fears. So every figure is as at the end of the last whole month (``figures_as_at``): a period
still running is shown "so far", to the end of last month, and one whose first month has not
ended yet is not offered. An unknown period is refused with a GOV.UK error message (400) and the
list shown again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from triage.oversight.measures import Period
from triage.oversight.reporting_year import (
    FIRST_MONTH,
    QUARTERS,
    end_of_month,
    reporting_year,
    year_end,
    year_start,
)


def figures_as_at(today: date) -> date:
    """The day oversight figures are as at: the last day of the month before ``today``'s.

    Why not today: figures that moved from day to day within a month would tell an oversight
    member, reloading the page daily, roughly on which day a report arrived (or a reporter said
    they faced retaliation, released or withdrew a report). As at the end of last month, nothing
    a reporter does this month changes any figure until the month has ended. Every oversight
    figure (force and national pages, their CSV files, the nightly refresh) is counted as at
    this day."""
    return today.replace(day=1) - timedelta(days=1)


YEARS_OFFERED = 6  # this reporting year and the five before it
FIELD = "period"


@dataclass(frozen=True)
class GridPeriod:
    key: str  # "2025-26" for a year, "2025-26-q3" for a quarter: what the query string holds
    label: str
    period: Period
    so_far: bool  # the current quarter or year, up to the end of last month
    quarter: int | None = None  # 1 to 4, or None for a whole year


def _name(start: date, end: date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"  # a quarter so far, in its second month
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _make(first: int, quarter: int | None, as_at: date) -> GridPeriod:
    """The period on the grid, cut at ``as_at`` (``figures_as_at``) when it runs past it."""
    key = f"{first}-{(first + 1) % 100:02d}"
    if quarter is None:
        start, end = year_start(first), year_end(first)
    else:
        low, high = QUARTERS[quarter - 1]
        year = first if low >= FIRST_MONTH else first + 1
        start, end = date(year, low, 1), end_of_month(year, high)
        key += f"-q{quarter}"
    so_far = end > as_at
    shown = Period(start, min(end, as_at))
    label = _name(shown.start, shown.end) + " (so far)" if so_far else _name(start, end)
    return GridPeriod(key, label, shown, so_far, quarter)


def choices(as_at: date) -> list[GridPeriod]:
    """Every period offered, newest first: each year, then those of its quarters whose first
    month has ended by ``as_at`` (``figures_as_at``). In April the reporting year just begun
    has no whole month yet: the newest offered is the year before."""
    current = reporting_year(as_at)
    offered: list[GridPeriod] = []
    for first in range(current, current - YEARS_OFFERED, -1):
        offered.append(_make(first, None, as_at))
        quarters = [_make(first, q, as_at) for q in range(4, 0, -1)]
        offered += [q for q in quarters if q.period.start <= as_at]
    return offered


def default_choice(as_at: date) -> GridPeriod:
    """The reporting year holding ``as_at`` (``figures_as_at``), so far."""
    return _make(reporting_year(as_at), None, as_at)


def default_period(as_at: date) -> Period:
    return default_choice(as_at).period


def previous(chosen: GridPeriod, as_at: date) -> GridPeriod:
    """The whole period before ``chosen`` on the same grid: the year before, or the quarter."""
    first = int(chosen.key[:4])
    if chosen.quarter is None:
        return _make(first - 1, None, as_at)
    if chosen.quarter == 1:
        return _make(first - 1, 4, as_at)
    return _make(first, chosen.quarter - 1, as_at)


@dataclass(frozen=True)
class PeriodInput:
    chosen: GridPeriod
    error: str | None = None

    @property
    def period(self) -> Period:
        return self.chosen.period


def read_period(args: Mapping[str, str], as_at: date) -> PeriodInput:
    key = str(args.get(FIELD, "")).strip()[:12]
    if not key:
        return PeriodInput(default_choice(as_at))
    found = next((c for c in choices(as_at) if c.key == key), None)
    if found is None:
        return PeriodInput(default_choice(as_at), "Select a quarter or a year from the list")
    return PeriodInput(found)
