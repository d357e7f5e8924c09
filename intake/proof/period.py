"""Days and periods as a proof-of-reporting statement words them.

A version 2 statement says when a report arrived only as a month ("2026-03"), a quarter
("2026-Q1"), a year ("2026") or not at all (""), whichever keeps it among enough reports
(``intake.proof.anonymity``). Month names are spelled out here because strftime("%B") depends
on the process locale.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|-Q([1-4]))?")


def human_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def year_of(day: date) -> str:
    return str(day.year)


def period_kind(period: str) -> str:
    """ "month", "quarter", "year", or "" for no period."""
    if not period:
        return ""
    return "quarter" if "Q" in period else "month" if "-" in period else "year"


def period_bounds(period: str) -> tuple[date, date] | None:
    """First and last day of a period ("2026-03", "2026-Q1", "2026"), or None if malformed."""
    match = _PERIOD.fullmatch(period)
    if match is None:
        return None
    year, month, quarter = int(match[1]), match[2], match[3]
    first, last = 1, 12
    if month is not None:
        first = last = int(month)
    elif quarter is not None:
        first = 3 * int(quarter) - 2
        last = first + 2
    if not 1 <= first <= last <= 12 or not 1 <= year <= 9998:
        return None
    after = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), after - timedelta(days=1)


def period_words(period: str) -> str:
    """ "March 2026", "January to March 2026", "2026", or "" for no period."""
    bounds = period_bounds(period)
    if bounds is None:
        return ""
    first, last = bounds
    if first.month == 1 and last.month == 12:
        return str(first.year)
    if first.month == last.month:
        return f"{MONTHS[first.month - 1]} {first.year}"
    return f"{MONTHS[first.month - 1]} to {MONTHS[last.month - 1]} {first.year}"
