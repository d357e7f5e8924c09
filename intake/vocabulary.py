"""The reporter's vocabulary: the codes a report is filed under, their labels, the fields that
describe a person, and how typed dates are read. Pure: no Flask, no database.

Every other module (database rows, forms, matching and pattern scoring, oversight, the
``python -m triage`` commands) imports these names from here, so a new category is added in one
place; ``tests/test_vocabulary.py`` checks that they all agree.
"""

from __future__ import annotations

from datetime import date

# Code → plain label, in the order the form shows them.
CATEGORIES: dict[str, str] = {
    "bullying": "Bullying or harassment",
    "sexism_misogyny": "Sexism or misogyny",
    "sexual_misconduct": "Sexual misconduct",
    "racism": "Racism",
    "homophobia": "Homophobia",
    "transphobia": "Transphobia",
    "other_discrimination": "Other discrimination",
    "domestic_abuse": "Domestic abuse",
    "abuse_of_position": "Abuse of position",
    "retaliation": "Retaliation for speaking up",
    "other": "Something else",
}
CATEGORY_CODES: frozenset[str] = frozenset(CATEGORIES)

# Discrimination in the Casey Review's sense (its baseline for discrimination allegations).
DISCRIMINATION: frozenset[str] = frozenset(
    {"sexism_misogyny", "racism", "homophobia", "transphobia", "other_discrimination"}
)

# Who was affected: code → the label the reporter chooses.
AFFECTED: dict[str, str] = {
    "reporter": "Me",
    "colleague": "A colleague",
    "junior_colleague": "A junior colleague or probationer",
    "member_of_public": "A member of the public",
    "victim_of_crime": "A victim of crime",
    "child": "A child",
}
AFFECTED_CODES: frozenset[str] = frozenset(AFFECTED)
# People the service owes most care: weigh harm to them more heavily in pattern risk.
VULNERABLE: frozenset[str] = frozenset(
    {"member_of_public", "victim_of_crime", "child", "junior_colleague"}
)
PUBLIC: frozenset[str] = frozenset({"member_of_public", "victim_of_crime", "child"})

# Stage → (label shown to everyone, what it means for the reporter).
STAGES: dict[str, tuple[str, str]] = {
    # True whatever the team has done short of acknowledging it: it may already have written.
    "received": ("Received", "Your report has arrived. The team has not acknowledged it yet."),
    "acknowledged": (
        "Acknowledged",
        "A member of the independent team has read your report and confirmed it.",
    ),
    "assessing": (
        "Being assessed",
        "The team is assessing what happened and what should be done.",
    ),
    "outcome": ("Outcome recorded", "The team has recorded a decision on your report."),
    "closed": ("Closed", "The team has finished working on your report."),
}

# What a reporter may say about each person they name (all optional).
PERSON_FIELDS: tuple[str, ...] = ("name", "collar_number", "warrant_number", "rank", "unit")

# Nothing a reporter describes happened before this day.
EARLIEST_DAY = date(1970, 1, 1)


def _numbers(text: str, count: int) -> list[int] | None:
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != count or not all(p.strip().isdigit() for p in parts):
        return None
    return [int(p) for p in parts]


def parse_day(text: str, today: date | None = None) -> date | None:
    """A day typed as day/month/year (``/``, ``-`` or ``.``), between 1970 and today."""
    numbers = _numbers(text, 3)
    if numbers is None:
        return None
    day, month, year = numbers
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST_DAY <= value <= (today or date.today()) else None


def parse_month(text: str, today: date | None = None) -> tuple[int, int] | None:
    """(year, month) typed as month/year, between 1970 and this year."""
    numbers = _numbers(text, 2)
    if numbers is None:
        return None
    month, year = numbers
    if not 1 <= month <= 12 or not EARLIEST_DAY.year <= year <= (today or date.today()).year:
        return None
    return year, month
