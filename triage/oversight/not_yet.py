"""Periods before a force took reports: its figures there say "not yet using Candour".

Every count of such a period is 0, so each was shown as "withheld", which board readers take to
mean 1 to 4 reports. A force's taking reports is no secret (until its team set up its key, its
start page told anyone that it took none), so saying it was not yet using Candour reveals nothing
the suppression hides: the national figures already leave such a force out of their sums as
known to hold nothing (``triage.oversight.national.suppress_together``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from intake.db import db
from intake.models import Report, TeamKey
from triage.oversight.figures import Cell
from triage.oversight.measures import Period
from triage.oversight.suppression import WITHHELD
from triage.oversight.table import Table

NOT_YET = "not yet using Candour"


def first_day_taking() -> date | None:
    """The first day the current force could hold a report, or None if it still cannot: the day
    its team set up its first key (before then its start page says so to anyone), or its first
    report's day if earlier (none can be, but a force holding a report is never said to hold
    none)."""
    first_key = select(func.min(TeamKey.created_on)).scalar_subquery()
    first_report = select(func.min(Report.received_on)).scalar_subquery()
    found = db.session.execute(select(first_key, first_report)).one()
    days = [day for day in found if day is not None]
    return min(days) if days else None


def taking_in(since: date | None, period: Period) -> bool:
    """Whether a force taking reports from ``since`` (None: not yet) could hold one in
    ``period``: else it is known to hold none there."""
    return since is not None and since <= period.end


def not_yet_using(tables: list[Table], whose: str) -> list[Table]:
    """``tables`` of a period before ``whose`` (a force's name) took reports: each withheld cell,
    a count of 0 or a figure built on one, says so instead, and each table says why."""
    return [
        replace(
            table,
            rows=[
                (heading, [Cell(NOT_YET) if cell.text == WITHHELD else cell for cell in cells])
                for heading, cells in table.rows
            ],
            notes=[
                *table.notes,
                f"{whose} was not yet using Candour in this period, so it holds no reports "
                "from it.",
            ],
        )
        for table in tables
    ]
