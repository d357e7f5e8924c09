"""A DBA with the database alone cannot tell which report arrived first (issue 13, item 1).

Reports are sent in a known order, with the team working cases in between (as in the audit
that dated a report between two of a lead's notes). After ``flask privacy reorder`` has run, no
ordering the database keeps — ids, SQLite rowid, PostgreSQL ``ctid`` and ``xmin`` — puts the
rows of those reports in arrival order better than chance. Each check is Kendall's tau between
arrival and storage order over every pair of rows; with 60 reports chance gives |tau| > 0.35
about once in 30,000 tables, so a pass is not luck, and today's counters give tau = 1.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from intake.db import db
from intake.models import Report
from intake.submission import add_message, submit
from tests.helpers import DEFAULT_REPORT, Team

REPORTS = 60
CHANCE = 0.35
# Tables holding rows a reporter's action creates, and the column naming their report.
TABLES = {
    "report": "id",
    "report_category": "report_id",
    "case_event": "report_id",
    "message": "report_id",
    "subject_token": "report_id",
    "subject_link": "report_id",
}


def kendall_tau(pairs: list[tuple[Any, int]]) -> float:
    """Tau-a between a storage key and arrival position; ties (same report, or the same
    ``xmin`` for every row) count as neither agreeing nor disagreeing."""
    agree = disagree = 0
    for (key_a, arrived_a), (key_b, arrived_b) in combinations(pairs, 2):
        if key_a == key_b or arrived_a == arrived_b:
            continue
        if (key_a < key_b) == (arrived_a < arrived_b):
            agree += 1
        else:
            disagree += 1
    return (agree - disagree) / (len(pairs) * (len(pairs) - 1) / 2)


def send_reports_in_order(team: Team) -> dict[int, int]:
    """Sends the reports one after another, the team replying between them; returns each
    report's id with its arrival position."""
    arrival: dict[int, int] = {}
    for position in range(REPORTS):
        report, _ = submit(
            {
                **DEFAULT_REPORT,
                "description": f"Report number {position}.",
                "people": [{"name": f"PC Alex Person{position}", "collar_number": "", "unit": ""}],
            }
        )
        add_message(report, "Thank you, we are looking at it.", from_reporter=False)
        add_message(report, "Here is more detail.", from_reporter=True)
        db.session.commit()
        arrival[report.id] = position
    return arrival


def storage_orders(
    table: str, report_column: str, backend: str
) -> dict[str, list[tuple[Any, int]]]:
    """Each way the database orders ``table``'s rows, as (key, report id) pairs."""
    keys = {"rowid": "rowid"} if backend == "sqlite" else {"ctid": "ctid", "xmin": "xmin"}
    if table not in {"report_category", "subject_link"}:
        keys["id"] = "id"
    orders: dict[str, list[tuple[Any, int]]] = {}
    for name, expression in keys.items():
        if name == "ctid":
            # (page, slot) as numbers, so they sort as the rows lie on disk.
            expression = "(ctid::text::point)[0] * 100000 + (ctid::text::point)[1]"
        elif name == "xmin":
            expression = "xmin::text::bigint"
        # Names and expressions are this module's constants, never input.
        query = text(f"SELECT {expression}, {report_column} FROM {table}")  # noqa: S608
        orders[name] = [(key, report_id) for key, report_id in db.session.execute(query)]
    return orders


def arrival_correlations(arrival: dict[int, int], backend: str) -> dict[str, float]:
    found = {}
    for table, report_column in TABLES.items():
        for name, rows in storage_orders(table, report_column, backend).items():
            pairs = [(key, arrival[report_id]) for key, report_id in rows]
            assert len(pairs) >= REPORTS, f"{table} has too few rows to judge"
            found[f"{table} by {name}"] = kendall_tau(pairs)
    return found


def every_row() -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: sorted(map(tuple, db.session.execute(select(db.metadata.tables[name]))))
        for name in TABLES
    }


def test_after_the_nightly_job_nothing_stored_gives_the_arrival_order(
    app: Flask, team: Team
) -> None:
    backend = db.engine.dialect.name
    arrival = send_reports_in_order(team)
    db.session.remove()

    result = app.test_cli_runner().invoke(args=["privacy", "reorder"])
    assert result.exit_code == 0, result.output
    assert "Re-ordered" in result.output

    correlations = arrival_correlations(arrival, backend)
    leaking = {order: round(tau, 2) for order, tau in correlations.items() if abs(tau) > CHANCE}
    assert leaking == {}
    # Every ordering the backend has was checked.
    expected = {"rowid", "id"} if backend == "sqlite" else {"ctid", "xmin", "id"}
    assert {order.split(" by ")[1] for order in correlations} == expected


def test_the_job_keeps_every_row_and_each_case_reads_as_before(app: Flask, team: Team) -> None:
    arrival = send_reports_in_order(team)
    before = every_row()
    db.session.remove()

    assert app.test_cli_runner().invoke(args=["privacy", "reorder"]).exit_code == 0

    assert every_row() == before
    report = db.session.get(Report, next(iter(arrival)))
    assert report is not None
    # The thread still reads in the order it was written, though ids are random.
    assert [m.from_reporter for m in report.messages] == [False, True]
    assert report.events[0].kind == "received"


def test_ids_of_reports_sent_in_order_are_not_in_order(app: Flask, team: Team) -> None:
    """Even before the job runs, a report's id says nothing about when it came."""
    arrival = send_reports_in_order(team)
    pairs = [(report_id, position) for report_id, position in arrival.items()]
    assert abs(kendall_tau(pairs)) < CHANCE
