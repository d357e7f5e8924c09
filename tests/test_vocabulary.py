"""One vocabulary: the reporter's form, the database, matching and pattern scoring, the offline
commands and the oversight figures all use the codes in ``intake.vocabulary``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from flask import Flask

from intake import vocabulary
from intake.forms.report import AffectedForm, PersonForm, WhatHappenedForm
from intake.vocabulary import AFFECTED, CATEGORIES, PERSON_FIELDS, STAGES, parse_day, parse_month
from seeds.synthetic import generate
from triage.__main__ import parse_report
from triage.forms.queue import QueueFilterForm
from triage.matching import iopc_grounds, patterns


def test_reporter_forms_offer_exactly_the_vocabulary(app: Flask) -> None:
    with app.test_request_context():
        assert [c for c, _ in WhatHappenedForm().categories.choices] == list(CATEGORIES)
        assert [c for c, _ in AffectedForm().affected.choices] == list(AFFECTED)
        assert tuple(PersonForm().data) == PERSON_FIELDS


def test_queue_filters_offer_every_stage_and_category(app: Flask) -> None:
    with app.test_request_context():
        form = QueueFilterForm()
        assert [c for c, _ in form.stage.choices if c] == list(STAGES)
        assert [c for c, _ in form.category.choices if c] == list(CATEGORIES)


def test_pattern_sets_are_subsets_of_the_codes() -> None:
    assert vocabulary.DISCRIMINATION <= vocabulary.CATEGORY_CODES
    assert vocabulary.VULNERABLE <= vocabulary.AFFECTED_CODES
    assert vocabulary.PUBLIC <= vocabulary.VULNERABLE
    assert patterns.DISCRIMINATION is vocabulary.DISCRIMINATION
    # The IOPC grounds left patterns.py with their own import of the same sets.
    assert iopc_grounds.DISCRIMINATION is vocabulary.DISCRIMINATION
    assert iopc_grounds.VULNERABLE is vocabulary.VULNERABLE


def test_offline_command_accepts_every_code_and_refuses_others() -> None:
    line = {
        "id": "r1",
        "received_date": "2025-01-02",
        "categories": list(CATEGORIES),
        "affected": list(AFFECTED),
        "subjects": [dict.fromkeys(PERSON_FIELDS, "x")],
    }
    report = parse_report(json.dumps(line))
    assert report.categories == vocabulary.CATEGORY_CODES
    assert report.affected == vocabulary.AFFECTED_CODES
    with pytest.raises(ValueError, match="unknown categories: harassment"):
        parse_report(json.dumps({**line, "categories": ["harassment"]}))


def test_generated_reports_use_only_the_codes() -> None:
    for report in generate(300, 1):
        assert set(report["categories"]) <= vocabulary.CATEGORY_CODES
        assert set(report["affected"]) <= vocabulary.AFFECTED_CODES


def test_oversight_tables_have_a_row_for_every_category(app: Flask) -> None:
    from triage.oversight.counting import compute
    from triage.oversight.period import default_period
    from triage.oversight.tables import build

    today = date(2026, 11, 30)
    with app.app_context():
        tables = build(compute(default_period(today), today))
    labels = {label for table in tables for label, _ in table.rows}
    assert set(CATEGORIES.values()) <= labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/11/2025", date(2025, 11, 3)),
        ("03-11-2025", date(2025, 11, 3)),
        ("1.1.1970", date(1970, 1, 1)),
        ("3 11 2025", date(2025, 11, 3)),
        ("3 November 2025", date(2025, 11, 3)),
        ("3rd Nov 2025", date(2025, 11, 3)),
        ("November 3, 2025", date(2025, 11, 3)),
        (" 3-NOV-2025 ", date(2025, 11, 3)),
        ("2025-11-03", date(2025, 11, 3)),
        ("3rd of November 2025", date(2025, 11, 3)),
    ],
)
def test_days_are_read_day_first(text: str, expected: date) -> None:
    assert parse_day(text, today=date(2026, 1, 1)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2025",
        "2/1/2026",
        "1/1/1969",
        "yesterday",
        "3/11",
        "",
        "3/11/25",
        "3 Novem 2025",
        "March March 2025",
        "3 2025 March",
        "３/11/2025",
    ],
)
def test_impossible_or_future_days_are_refused(text: str) -> None:
    assert parse_day(text, today=date(2026, 1, 1)) is None


def test_months_are_read_month_first() -> None:
    assert parse_month("3/2025", today=date(2026, 1, 1)) == (2025, 3)
    assert parse_month("13/2025", today=date(2026, 1, 1)) is None
    assert parse_month("1/2027", today=date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2025", (2025, 3)),
        ("mar 2025", (2025, 3)),
        ("Sept. 2025", (2025, 9)),
        ("12 2025", (2025, 12)),
    ],
)
def test_months_may_be_written_as_names(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text, today=date(2026, 1, 1)) == expected
