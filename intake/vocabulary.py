"""The reporter's vocabulary: the codes a report is filed under, their labels, the fields that
describe a person, and how typed dates are read. Pure: no Flask, no database.

Every other module (database rows, forms, matching and pattern scoring, oversight, the
``python -m triage`` commands) imports these names from here, so a new category is added in one
place; ``tests/test_vocabulary.py`` checks that they all agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

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
    "outcome": ("Outcome recorded", "The team has recorded a decision on your report: see below."),
    "closed": ("Closed", "The team has finished working on your report."),
}
# "Received" once the team has written to the reporter but not yet acknowledged the report:
# "has not acknowledged it yet" under "The team wrote to you" read as a contradiction. Writing
# does not acknowledge (the 7-day clock stops only at the Acknowledge action,
# ``triage.casework.stages.acknowledge``, which sends the standard acknowledgement), so this
# says both, each true.
RECEIVED_AND_WRITTEN = (
    "Your report has arrived and the team has written to you. Its acknowledgement, the message "
    "saying the team will look into your report and give you feedback within 3 months, is still "
    "to come."
)

# A case reopened after its outcome was shown to the reporter: the outcome is set aside until it
# closes or a new one is recorded, so the status page no longer shows it, while the thread's
# latest message may still announce it. Says why, never the internal reason for reopening.
LOOKED_AT_AGAIN = (
    "The team is looking at your report again, so the outcome it told you about may change."
)

# What a reporter may say about each person they name (all optional).
PERSON_FIELDS: tuple[str, ...] = ("name", "collar_number", "warrant_number", "rank", "unit")


def in_a_sentence(label: str) -> str:
    """A label as written after the start of a sentence: "that it is about racism", not
    "Racism". A label that starts with a capitalised word ("IOPC") keeps it."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def named_people(answers: Mapping[str, Any]) -> list[dict[str, str]]:
    """The people a reporter's answers describe with at least one detail."""
    return [p for p in answers.get("people") or [] if any(p.get(f) for f in PERSON_FIELDS)]


# Nothing a reporter describes happened before this day.
EARLIEST_DAY = date(1970, 1, 1)


MONTH_NUMBERS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# One part of a typed date: a number (a day may carry its ordinal, "14th") or a month's name.
_DATE_PART = re.compile(r"(?P<number>\d{1,4})(?:st|nd|rd|th)?|(?P<name>[a-z]+)", re.ASCII)


def _date_words(text: str) -> list[str]:
    return [p for p in re.split(r"[\s/.,-]+", text.strip().lower()) if p and p != "of"]


def short_year(text: str, count: int) -> bool:
    """Whether ``text`` would be a date of ``count`` parts (``date_parts``) but that its year has
    fewer than four numbers, as in "27/3/25"."""
    parts = _date_words(text)
    if not parts or not parts[-1].isdigit() or len(parts[-1]) >= 4:
        return False
    return date_parts(" ".join([*parts[:-1], "2000"]), count) is not None


def date_parts(text: str, count: int) -> list[int] | None:
    """The numbers of a typed date, day (when ``count`` is 3) then month then a four-digit year:
    "27/3/2025", "27-3-2025", "27.3.2025", "27 3 2025", "27 March 2025", "27th of Mar 2025",
    "March 27 2025" (a month written as a name says which number it is, so either order reads)
    or "2025-03-27" (a month: "2025-03"); None when it is not that shape. GOV.UK asks services
    to accept months as names."""
    parts = _date_words(text)
    if len(parts) == count and len(parts[0]) == 4 and parts[0].isdigit():
        parts = parts[::-1]  # 2025-03-27 or 2025-03, as a date picker or a log writes it
    if len(parts) != count:
        return None
    numbers: list[int] = []
    month: int | None = None
    for part in parts:
        found = _DATE_PART.fullmatch(part)
        if found is None:
            return None
        if found["name"] is not None:
            if month is not None or found["name"] not in MONTH_NUMBERS:
                return None
            month = MONTH_NUMBERS[found["name"]]
        else:
            numbers.append(int(found["number"]))
    if len(parts[-1]) != 4 or not parts[-1].isdigit():
        return None  # "3/25": which century is a guess
    if month is not None:
        numbers.insert(count - 2, month)
    return numbers


def parse_day(text: str, today: date | None = None) -> date | None:
    """A day typed as day, month and year (``date_parts``), between 1970 and today."""
    numbers = date_parts(text, 3)
    if numbers is None:
        return None
    day, month, year = numbers
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST_DAY <= value <= (today or date.today()) else None


def parse_month(text: str, today: date | None = None) -> tuple[int, int] | None:
    """(year, month) typed as month and year (``date_parts``), between 1970 and this year."""
    numbers = date_parts(text, 2)
    if numbers is None:
        return None
    month, year = numbers
    if not 1 <= month <= 12 or not EARLIEST_DAY.year <= year <= (today or date.today()).year:
        return None
    return year, month


def when_written(answers: Mapping[str, Any]) -> str | None:
    """When it happened, as GOV.UK writes dates (3 November 2026, January 2026), however the
    reporter typed it; the text as typed if it cannot be read; None for "not sure"."""
    when = answers.get("when")
    if when == "date" and (day := parse_day(str(answers.get("when_date") or ""), date.max)):
        return f"{day.day} {day:%B %Y}"
    if when == "month" and (month := parse_month(str(answers.get("when_month") or ""), date.max)):
        return f"{date(month[0], month[1], 1):%B %Y}"
    typed = answers.get("when_date") if when == "date" else answers.get("when_month")
    return str(typed) if when in ("date", "month") and typed else None


def when_text(answers: Mapping[str, Any]) -> str:
    """When it happened, as the reporter's pages say it (check answers, the status page)."""
    return when_written(answers) or ("I'm not sure" if answers.get("when") == "unsure" else "")


# Outcome code (``triage.casework.vocabulary.OUTCOMES``) → (what the reporter's status page calls
# it, what it means in plain words). Written for the reporter: no internal reasons, no severity
# or forum jargon ("gross misconduct", "barred list"), only what was decided.
_PROVEN = "found that misconduct was proven"
OUTCOMES_TOLD: dict[str, tuple[str, str]] = {
    "no_further_action": (
        "No further action",
        "The team looked into your report and decided that no formal action will follow it.",
    ),
    "rprp": (
        "Reflective practice",
        "The person will go through reflective practice: they look back at what happened with a "
        "manager and agree what they will do differently. It is not a disciplinary sanction.",
    ),
    "vetting_referral": (
        "Referred for a vetting review",
        "The person’s vetting, the checks on whether they may keep working in policing, will be "
        "reviewed.",
    ),
    "meeting_not_proven": (
        "Misconduct not proven",
        "A misconduct meeting was held and found that misconduct was not proven.",
    ),
    "meeting_written_warning": (
        "Written warning",
        f"A misconduct meeting {_PROVEN} and gave the person a written warning.",
    ),
    "meeting_final_written_warning": (
        "Final written warning",
        f"A misconduct meeting {_PROVEN} and gave the person a final written warning.",
    ),
    "hearing_not_proven": (
        "Misconduct not proven",
        "A misconduct hearing was held and found that misconduct was not proven.",
    ),
    "hearing_written_warning": (
        "Written warning",
        f"A misconduct hearing {_PROVEN} and gave the person a written warning.",
    ),
    "hearing_final_written_warning": (
        "Final written warning",
        f"A misconduct hearing {_PROVEN} and gave the person a final written warning.",
    ),
    "hearing_reduction_in_rank": (
        "Reduction in rank",
        f"A misconduct hearing {_PROVEN} and the person was reduced in rank.",
    ),
    "hearing_dismissal": (
        "Dismissal",
        f"A misconduct hearing {_PROVEN} and the person was dismissed from the police.",
    ),
    "staff_not_proven": (
        "Misconduct not proven",
        "The police staff misconduct procedure found that misconduct was not proven.",
    ),
    "staff_first_written_warning": (
        "First written warning",
        f"The police staff misconduct procedure {_PROVEN} and gave the person a first written "
        "warning.",
    ),
    "staff_final_written_warning": (
        "Final written warning",
        f"The police staff misconduct procedure {_PROVEN} and gave the person a final written "
        "warning.",
    ),
    "staff_dismissal_with_notice": (
        "Dismissal",
        f"The police staff misconduct procedure {_PROVEN} and the person was dismissed.",
    ),
    "staff_summary_dismissal": (
        "Dismissal",
        f"The police staff misconduct procedure {_PROVEN} and the person was dismissed without "
        "notice.",
    ),
}
