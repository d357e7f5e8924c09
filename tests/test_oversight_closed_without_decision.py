"""Cases closed with no case decision and no outcome: they are in neither the case to answer nor
the action taken rate, so without their own count a team could close its hard cases undecided and
leave both rates looking better, seen only by its leads in the timeline."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
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
from triage.oversight.summary import from_json, stored, to_json
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

__all__ = ["national"]  # a fixture, used by name

SLUG = "closed-without-decision"
ROW = "With no case decision and no outcome"
NO_OUTCOME = "With a case decision but no outcome"
Q2 = "2026-27-q2"  # July to September 2026
PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))
RECEIVED = date(2026, 7, 1)
CLOSED = date(2026, 8, 3)


def page_row(app: Flask, team: Team) -> list[str]:
    html = staff(app, team.lead, team).get(f"/team/oversight?period={Q2}")
    return {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))[SLUG]}[ROW]


def counted_now() -> Measures:
    return counting.compute(PERIOD, figures_as_at(date.today()))


def test_a_close_with_no_decision_or_outcome_counts_once_its_month_has_ended(
    app: Flask, team: Team
) -> None:
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, RECEIVED, 7, stage="closed", closed_on=CLOSED)
        cases_received(
            team,
            RECEIVED,
            8,
            stage="closed",
            closed_on=CLOSED,
            outcome="no_further_action",
            outcome_on=CLOSED,
        )
        cases_received(team, RECEIVED, 5, acknowledged_on=RECEIVED)
        # As at 30 September: 15 closed, 7 of them with neither (rounded to 15 and 5).
        assert counted_now().closed_without_decision == 7
        assert page_row(app, team) == ["15", "5", "33%"]
        page = staff(app, team.lead, team).get(f"/team/oversight?period={Q2}")
        assert "Cases the team closed without recording a case to answer decision or an " in (
            page.get_data(as_text=True)
        )
        csv_file = staff(app, team.lead, team).get(f"/team/oversight/{SLUG}.csv?period={Q2}")
        assert f"{ROW},15,5,33%" in csv_file.get_data(as_text=True)

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        for report in db.session.scalars(select(Report).where(Report.closed_on.is_(None))).all():
            closing.close(report, team.lead, "Nothing more to do")
        undecided = db.session.scalars(
            select(Report).where(Report.closed_on == CLOSED, Report.outcome.is_(None))
        ).first()
        assert undecided is not None
        closing.reopen(undecided, team.lead, "Closed too soon")
        db.session.commit()
        # Closed and reopened this month: as at 31 October, nothing moved yet.
        assert counted_now().closed_without_decision == 7
        assert page_row(app, team) == ["15", "5", "33%"]

    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        # As at 30 November: 7 less the reopened one, and the 5 closed on 20 November.
        assert counted_now().closed_without_decision == 11
        assert counted_now().to_close.count == 19
        assert page_row(app, team) == ["20", "10", "50%"]


def test_a_decision_counts_from_its_months_end_and_a_withdrawal_is_not_the_teams_close(
    team: Team,
) -> None:
    cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED)
    decided_late = dict(case_decision="no_case", decision_on=date(2026, 10, 2))
    cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, **decided_late)
    decided = dict(case_decision="no_case", decision_on=CLOSED)
    cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, **decided)
    # Withdrawn, which closed it; and one the team closed before its reporter withdrew.
    cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, withdrawn_on=CLOSED)
    after = date(2026, 8, 20)
    cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, withdrawn_on=after)
    # As at 30 September the decision dated 2 October was not yet recorded.
    found = counting.compute(PERIOD, date(2026, 9, 30))
    assert (found.closed_without_decision, found.to_close.count) == (3, 5)
    found = counting.compute(PERIOD, date(2026, 10, 31))
    assert (found.closed_without_decision, found.to_close.count) == (2, 5)


def test_a_case_decided_and_closed_with_no_outcome_is_counted_in_its_own_row(
    app: Flask, team: Team
) -> None:
    to_answer = dict(case_decision="case_misconduct", decision_on=CLOSED)
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, RECEIVED, 6, stage="closed", closed_on=CLOSED, **to_answer)
        gross = dict(to_answer, case_decision="case_gross_misconduct")
        cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, **gross)
        # No case to answer and no outcome: closing those unrecorded would leave out a "no
        # further action" that lowers the action taken rate, so they count as well.
        no_case = dict(to_answer, case_decision="no_case")
        cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, **no_case)
        # Not counted: one with its outcome, one the reporter withdrew, and one still open.
        ended = dict(to_answer, outcome="no_further_action", outcome_on=CLOSED)
        cases_received(team, RECEIVED, 5, stage="closed", closed_on=CLOSED, **ended)
        withdrawn = dict(to_answer, withdrawn_on=CLOSED)
        cases_received(team, RECEIVED, 1, stage="closed", closed_on=CLOSED, **withdrawn)
        cases_received(team, RECEIVED, 6, **to_answer)
        found = counted_now()
        assert (found.closed_without_outcome, found.closed_without_decision) == (8, 0)
        assert found.to_close.count == 14
        html = staff(app, team.lead, team).get(f"/team/oversight?period={Q2}")
        rows = {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))[SLUG]}
        # 14 closed (15), 8 decided with no outcome (10): 67%, from rounded counts.
        assert rows[NO_OUTCOME] == ["15", "10", "67%"]
        csv_file = staff(app, team.lead, team).get(f"/team/oversight/{SLUG}.csv?period={Q2}")
        assert f"{NO_OUTCOME},15,10,67%" in csv_file.get_data(as_text=True)


def closed(count: int, undecided: int, days: int = 400) -> Measures:
    return replace(
        Measures.empty(PERIOD, date(2026, 9, 30)),
        to_close=Histogram.received_in(PERIOD.start, Counter({days: count})),
        closed_without_decision=undecided,
    )


def test_a_small_count_is_withheld_with_the_rate_it_would_give() -> None:
    assert table(build(closed(20, 3)), SLUG)[ROW] == ["20", WITHHELD, WITHHELD]
    assert table(build(closed(20, 0)), SLUG)[ROW] == ["20", WITHHELD, WITHHELD]
    assert table(build(closed(20, 12)), SLUG)[ROW] == ["20", "10", "50%"]
    # 17 of 20: the 3 closed with one are worked out from the rate, so 17 is withheld too.
    assert table(build(closed(20, 17)), SLUG)[ROW] == ["20", WITHHELD, WITHHELD]


def test_the_closed_count_is_withheld_here_when_the_close_row_withholds_it() -> None:
    # 5 cases closed, none over a year: the close row withholds its count, as 0 over a year
    # and 5 in all would pin each other. Shown here, it would give that count away.
    tables = build(closed(5, 2, days=30))
    assert table(tables, "days-to-outcome")["Close"][0] == WITHHELD
    assert table(tables, SLUG)[ROW] == [WITHHELD, WITHHELD, WITHHELD]


def test_the_national_count_is_the_forces_summed_and_never_gives_a_withheld_one() -> None:
    south, north = closed(20, 12), closed(20, 10)
    total = merge(PERIOD, south.as_at, [south, north])
    assert total.closed_without_decision == 22
    with_outcome_missing = [
        replace(m, closed_without_outcome=n) for m, n in ((south, 6), (north, 3))
    ]
    assert merge(PERIOD, south.as_at, with_outcome_missing).closed_without_outcome == 9
    figures, _ = suppress_together(total, [south, north])
    assert table(build(total, figures), SLUG)[ROW] == ["40", "20", "50%"]
    # North's 3 is withheld on its own page: the national 15 less south's 12 would give it.
    small = closed(20, 3)
    total = merge(PERIOD, south.as_at, [south, small])
    figures, force_figures = suppress_together(total, [south, small])
    assert table(build(small, force_figures[1]), SLUG)[ROW][1] == WITHHELD
    assert table(build(total, figures), SLUG)[ROW] == ["40", WITHHELD, WITHHELD]


def test_the_national_page_shows_every_forces_cases_closed_undecided(
    app: Flask, team: Team, national: Force
) -> None:
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        north = create_force("north", "North Force")
        db.session.commit()
        outcome = dict(outcome="no_further_action", outcome_on=CLOSED)
        for each in (team, None):
            with use_force(north.id) if each is None else nullcontext():
                found = each or make_team()
                cases_received(found, RECEIVED, 6, stage="closed", closed_on=CLOSED)
                cases_received(found, RECEIVED, 6, stage="closed", closed_on=CLOSED, **outcome)
        browser = national_member(app, national)
        html = browser.get(f"/team/oversight?period={Q2}").get_data(as_text=True)
        # 24 closed, 12 with neither: rounded to 25 and 10.
        assert {r[0]: r[1:] for r in page_tables(html)[SLUG]}[ROW] == ["25", "10", "40%"]
        csv_file = browser.get(f"/team/oversight/{SLUG}.csv?period={Q2}")
        assert f"{ROW},25,10,40%" in csv_file.get_data(as_text=True)


@pytest.mark.parametrize("name", ["closed_without_decision", "closed_without_outcome"])
@time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False)
def test_counts_kept_before_it_was_counted_are_counted_again(
    app: Flask, team: Team, name: str
) -> None:
    cases_received(team, RECEIVED, 6, stage="closed", closed_on=CLOSED)
    as_at = figures_as_at(date.today())
    counted = counting.compute(PERIOD, as_at)
    assert from_json(to_json(counted), PERIOD, as_at) == counted
    kept = json.loads(to_json(counted))
    del kept[name]
    db.session.add(
        OversightSummary(
            period_start=PERIOD.start,
            period_end=PERIOD.end,
            counted_on=date.today(),
            measures=json.dumps(kept),
        )
    )
    db.session.commit()
    force_id = db.session.scalars(select(Force.id).where(Force.national.is_(False))).first()
    assert force_id is not None
    assert stored([force_id], [PERIOD], as_at) == {}  # read as 0, it would say there were none
