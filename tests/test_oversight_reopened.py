"""Cases reopened. A lead closed open cases before a month's end with no outcome and reopened
them after it: that month's figures showed fewer cases still open, every later month's showed
them back, and no figure counted the reopenings, so the flattered board pack could not be
reconciled with the next. The page counts the cases reopened, and those reopened in a later month
than they were closed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import time_machine
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import CaseEvent, Report
from tests.helpers import Team
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.oversight import counting
from triage.oversight.measures import Period
from triage.oversight.period import figures_as_at

YEAR = "2026-27"
PERIOD = Period(date(2026, 4, 1), date(2027, 1, 31))
TODAY = date(2027, 2, 14)  # the figures are as at 31 January 2027
RECEIVED = date(2026, 10, 1)


def closed_and_reopened(team: Team, count: int, closed: date, reopened: date) -> None:
    """``count`` cases closed on ``closed`` and reopened on ``reopened``, as their timelines
    say."""
    before = set(db.session.scalars(select(Report.id)))
    cases_received(team, RECEIVED, count)
    for report_id in set(db.session.scalars(select(Report.id))) - before:
        for seq, (kind, on) in enumerate((("closed", closed), ("reopened", reopened)), start=1):
            db.session.add(CaseEvent(report_id=report_id, seq=seq, on=on, kind=kind, detail=""))
    db.session.commit()


def test_cases_closed_before_a_month_end_and_reopened_after_it_are_counted(
    app: Flask, team: Team
) -> None:
    with time_machine.travel(
        datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC), tick=False
    ):
        closed_and_reopened(team, 7, date(2026, 12, 5), date(2027, 1, 4))
        closed_and_reopened(team, 5, date(2027, 1, 2), date(2027, 1, 20))  # within January
        closed_and_reopened(team, 5, date(2026, 12, 5), date(2027, 2, 3))  # after 31 January
        cases_received(team, RECEIVED, 5)  # never closed
        found = counting.compute(PERIOD, figures_as_at(date.today()))
        assert found.reopened == Counter(reopened=12, later_month=7)
        html = staff(app, team.lead, team).get(f"/team/oversight?period={YEAR}")
        rows = {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))["reopened"]}
        assert rows["Reopened by a lead"] == ["10", "5", "50%"]
