"""The "Still open" row of the days-to-outcome table: cases not closed as at the end of last month,
with the days each has been open so far, so that a team leaving its slowest cases open cannot
flatter the outcome and close rows unseen."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

import time_machine
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import Team, make_team
from tests.test_national_oversight import national, national_member
from tests.test_oversight_measures import table
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.casework import closing
from triage.models import OversightSummary
from triage.oversight import counting
from triage.oversight.histogram import Histogram
from triage.oversight.measures import Measures, Period
from triage.oversight.national import merge, suppress_together
from triage.oversight.period import figures_as_at
from triage.oversight.received_tables import STILL_OPEN
from triage.oversight.summary import from_json, stored, to_json
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

__all__ = ["national"]  # a fixture, used by name

Q2 = "2026-27-q2"  # July to September 2026
RECEIVED = date(2026, 7, 1)
CLOSED_QUICKLY = date(2026, 7, 4)


def timing_rows(app: Flask, team: Team, period: str = Q2) -> dict[str, list[str]]:
    html = staff(app, team.lead, team).get(f"/team/oversight?period={period}")
    return {row[0]: row[1:] for row in page_tables(html.get_data(as_text=True))["days-to-outcome"]}


def still_open_now() -> Counter[int]:
    as_at = figures_as_at(date.today())
    return counting.compute(Period(date(2026, 7, 1), date(2026, 9, 30)), as_at).still_open.days


def test_cases_left_open_show_with_their_age_until_the_month_of_their_close_has_ended(
    app: Flask, team: Team
) -> None:
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, RECEIVED, 3, stage="closed", closed_on=CLOSED_QUICKLY)
        cases_received(team, RECEIVED, 12)
        # As at 30 September: the 12 open cases 91 days old; the close row has only the 3
        # closed in 3 days, which on their own would say this team is quick.
        assert still_open_now() == {91: 12}
        rows = timing_rows(app, team)
        assert rows["Close"][:3] == [WITHHELD, WITHHELD, WITHHELD]
        assert rows[STILL_OPEN][:3] == ["10", "91", "91"]  # 12 cases, rounded
        page = staff(app, team.lead, team).get(f"/team/oversight?period={Q2}")
        assert "counts the cases not closed by the end of last month" in page.get_data(as_text=True)
        csv_file = staff(app, team.lead, team).get(
            f"/team/oversight/days-to-outcome.csv?period={Q2}"
        )
        assert f"{STILL_OPEN},10,91,91," in csv_file.get_data(as_text=True)

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        open_cases = list(db.session.scalars(select(Report).where(Report.closed_on.is_(None))))
        for report in open_cases[:7]:
            closing.close(report, team.lead, "Nothing more to do")
        quick = db.session.scalars(select(Report).where(Report.closed_on == CLOSED_QUICKLY)).first()
        assert quick is not None
        closing.reopen(quick, team.lead, "New evidence")
        db.session.commit()
        # Closed and reopened this month: as at 31 October, nothing moved yet.
        assert still_open_now() == {122: 12}
        assert timing_rows(app, team)[STILL_OPEN][:3] == ["10", "122", "122"]

    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        # As at 30 November: the 5 left open and the reopened one, 152 days old; the 7 closed
        # on 20 November (142 days) are in the close row.
        assert still_open_now() == {152: 6}
        rows = timing_rows(app, team)
        assert rows[STILL_OPEN][0] == "5"
        assert rows[STILL_OPEN][1] == WITHHELD  # 6 cases: too few for an average
        as_at = figures_as_at(date.today())
        closed = counting.compute(Period(date(2026, 7, 1), date(2026, 9, 30)), as_at).to_close
        assert closed.days == {3: 2, 142: 7}


def test_a_withdrawn_case_is_closed_not_still_open(team: Team) -> None:
    cases_received(team, RECEIVED, 1, withdrawn_on=date(2026, 8, 1))
    cases_received(team, RECEIVED, 1)
    withdrawn = db.session.scalars(select(Report).where(Report.withdrawn_on.is_not(None))).one()
    withdrawn.stage, withdrawn.closed_on = "closed", date(2026, 8, 1)  # as a withdrawal does
    db.session.commit()
    found = counting.compute(Period(date(2026, 7, 1), date(2026, 9, 30)), date(2026, 9, 30))
    assert found.still_open.days == {91: 1}
    assert found.to_close.days == {31: 1}


def open_for(days: Counter[int]) -> Measures:
    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    return replace(
        Measures.empty(period, date(2026, 9, 30)),
        still_open=Histogram.received_in(period.start, days),
    )


def test_a_few_cases_still_open_read_withheld() -> None:
    row = table(build(open_for(Counter({400: 3}))), "days-to-outcome")[STILL_OPEN]
    assert row == [WITHHELD] * 6
    days = Counter({300: 6, 400: 6, 800: 6})
    shown = table(build(open_for(days)), "days-to-outcome")[STILL_OPEN]
    # 18 cases (20): 12 open over a year (10) and 6 over two (5), as the rounded counts give.
    assert shown == ["20", "500", "400", WITHHELD, "50%", "25%"]


def test_the_national_still_open_row_is_the_forces_summed() -> None:
    south, north = open_for(Counter({200: 12})), open_for(Counter({100: 10}))
    total = merge(south.period, south.as_at, [south, north])
    assert total.still_open.days == {200: 12, 100: 10}
    figures, _ = suppress_together(total, [south, north])
    assert table(build(total, figures), "days-to-outcome")[STILL_OPEN][:3] == [
        "20",
        f"{(200 * 12 + 100 * 10) / 22:,.0f}",
        "200",
    ]
    # A force whose own page withholds its average withholds the national one.
    small = open_for(Counter({100: 4}))
    total = merge(south.period, south.as_at, [south, small])
    figures, _ = suppress_together(total, [south, small])
    assert table(build(total, figures), "days-to-outcome")[STILL_OPEN][1] == WITHHELD


def test_the_national_page_shows_every_forces_cases_still_open(
    app: Flask, team: Team, national: Force
) -> None:
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        north = create_force("north", "North Force")
        db.session.commit()
        cases_received(team, RECEIVED, 12)
        with use_force(north.id):
            cases_received(make_team(), date(2026, 8, 1), 10)
        html = national_member(app, national).get(f"/team/oversight?period={Q2}")
        rows = {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))["days-to-outcome"]}
        # 12 cases 91 days old and 10 cases 60 days old.
        assert rows[STILL_OPEN][:2] == ["20", f"{(91 * 12 + 60 * 10) / 22:,.0f}"]


@time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False)
def test_counts_kept_before_cases_still_open_were_counted_are_counted_again(
    app: Flask, team: Team
) -> None:
    cases_received(team, date(2026, 7, 1), 12)
    as_at = figures_as_at(date.today())
    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    counted = counting.compute(period, as_at)
    assert from_json(to_json(counted), period, as_at) == counted
    kept = json.loads(to_json(counted))
    del kept["still_open"], kept["still_open_quarters"]
    db.session.add(
        OversightSummary(
            period_start=period.start,
            period_end=period.end,
            counted_on=date.today(),
            measures=json.dumps(kept),
        )
    )
    db.session.commit()
    force_id = db.session.scalars(select(Force.id).where(Force.national.is_(False))).first()
    assert force_id is not None
    assert stored([force_id], [period], as_at) == {}  # read as 0, it would say none were open
