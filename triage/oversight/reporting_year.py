"""The reporting year police forces and the IOPC publish by (April to March) and its quarters."""

from __future__ import annotations

import calendar
from datetime import date

FIRST_MONTH = 4  # the reporting year starts in April
QUARTERS = ((4, 6), (7, 9), (10, 12), (1, 3))  # first and last month of Q1 to Q4


def reporting_year(day: date) -> int:
    """The calendar year in which the reporting year holding ``day`` starts."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_start(first: int) -> date:
    return date(first, FIRST_MONTH, 1)


def year_end(first: int) -> date:
    return end_of_month(first + 1, FIRST_MONTH - 1)


def quarter_start(year: int, month: int) -> tuple[int, int]:
    """The first month (year, month) of the quarter holding ``month`` of ``year``."""
    low = next(low for low, high in QUARTERS if low <= month <= high)
    return year, low


def quarter_end(year: int, month: int) -> date:
    """The last day of the quarter holding ``month`` of ``year``."""
    high = next(high for low, high in QUARTERS if low <= month <= high)
    return end_of_month(year, high)
