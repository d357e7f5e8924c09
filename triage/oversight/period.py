"""The period the oversight page covers: one whole quarter or one whole reporting year (April to
March, the year police forces and the IOPC publish by), chosen from a fixed list.

Why a fixed grid and not any range of months: two ranges that differ by a month (January 2024 to
November 2026, and January 2024 to October 2026) give that month's figures by subtraction, hidden
small counts included. On this grid two periods are either apart, or a year and one of its
quarters, and every count shown is rounded to base 5 (``triage.oversight.suppression``), so no
subtraction of shown figures pins a hidden count.

The current quarter and year, and any period whose last day is still to come, are shown "so far",
up to today. An unknown period is refused with a GOV.UK error message (400) and the list shown
again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from triage.oversight.measures import Period
from triage.oversight.reporting_year import (
    FIRST_MONTH,
    QUARTERS,
    end_of_month,
    reporting_year,
    year_end,
    year_start,
)

YEARS_OFFERED = 6  # this reporting year and the five before it
FIELD = "period"


@dataclass(frozen=True)
class GridPeriod:
    key: str  # "2025-26" for a year, "2025-26-q3" for a quarter: what the query string holds
    label: str
    period: Period
    so_far: bool  # the current quarter or year, up to the end of this month
    quarter: int | None = None  # 1 to 4, or None for a whole year


def _name(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _make(first: int, quarter: int | None, today: date) -> GridPeriod:
    key = f"{first}-{(first + 1) % 100:02d}"
    if quarter is None:
        start, end = year_start(first), year_end(first)
    else:
        low, high = QUARTERS[quarter - 1]
        year = first if low >= FIRST_MONTH else first + 1
        start, end = date(year, low, 1), end_of_month(year, high)
        key += f"-q{quarter}"
    this_month_end = end_of_month(today.year, today.month)
    so_far = end >= today  # its last month counts as over only once it has ended
    label = _name(start, end) + (" (so far)" if so_far else "")
    return GridPeriod(key, label, Period(start, min(end, this_month_end)), so_far, quarter)


def choices(today: date) -> list[GridPeriod]:
    """Every period offered, newest first: each year, then those of its quarters begun."""
    current = reporting_year(today)
    offered: list[GridPeriod] = []
    for first in range(current, current - YEARS_OFFERED, -1):
        offered.append(_make(first, None, today))
        quarters = [_make(first, q, today) for q in range(4, 0, -1)]
        offered += [q for q in quarters if q.period.start <= today]
    return offered


def default_choice(today: date) -> GridPeriod:
    """The current reporting year, so far."""
    return _make(reporting_year(today), None, today)


def default_period(today: date) -> Period:
    return default_choice(today).period


def previous(chosen: GridPeriod, today: date) -> GridPeriod:
    """The whole period before ``chosen`` on the same grid: the year before, or the quarter."""
    first = int(chosen.key[:4])
    if chosen.quarter is None:
        return _make(first - 1, None, today)
    if chosen.quarter == 1:
        return _make(first - 1, 4, today)
    return _make(first, chosen.quarter - 1, today)


@dataclass(frozen=True)
class PeriodInput:
    chosen: GridPeriod
    error: str | None = None

    @property
    def period(self) -> Period:
        return self.chosen.period


def read_period(args: Mapping[str, str], today: date) -> PeriodInput:
    key = str(args.get(FIELD, "")).strip()[:12]
    if not key:
        return PeriodInput(default_choice(today))
    found = next((c for c in choices(today) if c.key == key), None)
    if found is None:
        return PeriodInput(default_choice(today), "Select a quarter or a year from the list")
    return PeriodInput(found)
