"""The period the oversight page covers, read from the query string (month and year of each end).

Without any value the page covers the last 12 months, this month included. A partly filled or
impossible period is refused with GOV.UK error messages that name the field to fix; the page then
shows the form again with what was typed, and no figures.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from triage.oversight.measures import Period

FIRST_YEAR = 2000
FIELDS = ("from-month", "from-year", "to-month", "to-year")
_NAMES = {"from": "start", "to": "end"}


@dataclass
class PeriodInput:
    values: dict[str, str]
    period: Period
    errors: dict[str, str] = field(default_factory=dict)  # field id → message

    def marked(self, name: str) -> bool:
        """Whether input ``name`` gets the error border: the one named, or both when both
        halves of a date are missing."""
        prefix = name.split("-")[0]
        both = self.errors.get(f"{prefix}-month", "").startswith("Enter the month and year")
        return name in self.errors or both


def default_period(today: date) -> Period:
    index = today.year * 12 + today.month - 1 - 11
    return Period(
        date(index // 12, index % 12 + 1, 1),
        date(today.year, today.month, calendar.monthrange(today.year, today.month)[1]),
    )


# ASCII digits only: str.isdigit() also accepts characters such as "²" that int() refuses.
_DIGITS = re.compile(r"[0-9]{1,4}")


def _month(
    prefix: str, values: Mapping[str, str], today: date, errors: dict[str, str]
) -> tuple[int, int] | None:
    name = _NAMES[prefix]
    month_text, year_text = values[f"{prefix}-month"], values[f"{prefix}-year"]
    if not month_text and not year_text:
        errors[f"{prefix}-month"] = f"Enter the month and year of the {name} of the period"
        return None
    if not _DIGITS.fullmatch(month_text) or not 1 <= int(month_text) <= 12:
        errors[f"{prefix}-month"] = f"The {name} month must be a number from 1 to 12"
        return None
    if not _DIGITS.fullmatch(year_text) or len(year_text) != 4:
        errors[f"{prefix}-year"] = f"The {name} year must be 4 digits, for example {today.year}"
        return None
    month, year = int(month_text), int(year_text)
    if year < FIRST_YEAR or (year, month) > (today.year, today.month):
        errors[f"{prefix}-year"] = (
            f"The {name} of the period must be between {FIRST_YEAR} and this month"
        )
        return None
    return year, month


def read_period(args: Mapping[str, str], today: date) -> PeriodInput:
    values = {name: str(args.get(name, "")).strip()[:10] for name in FIELDS}
    default = default_period(today)
    if not any(values.values()):
        values = {
            "from-month": str(default.start.month),
            "from-year": str(default.start.year),
            "to-month": str(default.end.month),
            "to-year": str(default.end.year),
        }
        return PeriodInput(values, default)
    errors: dict[str, str] = {}
    start = _month("from", values, today, errors)
    end = _month("to", values, today, errors)
    if start and end and start > end:
        errors["to-month"] = "The end of the period must be the same as or after the start"
    if errors or start is None or end is None:
        return PeriodInput(values, default, errors)
    last = calendar.monthrange(end[0], end[1])[1]
    return PeriodInput(values, Period(date(start[0], start[1], 1), date(end[0], end[1], last)))
