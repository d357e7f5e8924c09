"""Open cases updated in the last 3 months: only a case's first update on progress counts towards
"Feedback within 3 months", so one update on day 1 would hide a case then left silent for a year.
This row counts, of the cases open at the end of last month whose first feedback was due by then,
how many the team updated in the 3 months to it."""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime

import time_machine
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.models.force import Force
from intake.submission import record_event
from intake.tenancy import create_force, use_force
from tests.helpers import Team, make_team, reports_in_order, submit_report
from tests.test_national_oversight import national, national_member
from tests.test_oversight_measures import table
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.casework import closing, stages, writing
from triage.casework.clocks import OUTCOME_TOLD, UPDATE_ON_PROGRESS
from triage.models import OversightSummary
from triage.oversight import counting
from triage.oversight.clock_counts import updates_since
from triage.oversight.measures import Measures, Period
from triage.oversight.national import merge, suppress_together
from triage.oversight.period import figures_as_at
from triage.oversight.received_tables import UPDATED
from triage.oversight.summary import from_json, stored, to_json
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

__all__ = ["national"]  # a fixture, used by name

YEAR = "2026-27"  # April 2026 to March 2027, so far
PERIOD = Period(date(2026, 4, 1), date(2026, 9, 30))
RECEIVED = date(2026, 4, 1)
ACKNOWLEDGED = date(2026, 4, 2)  # first feedback due 2 July
UPDATE = "We have spoken to the witnesses you named and will write again."


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


def counted_now() -> tuple[int, int]:
    found = counting.compute(PERIOD, figures_as_at(date.today()))
    return found.open_updated, found.open_update_due


def page_row(app: Flask, team: Team) -> list[str]:
    html = staff(app, team.lead, team).get(f"/team/oversight?period={YEAR}")
    return {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))["time-limits"]}[UPDATED]


def test_the_window_is_the_last_three_whole_months() -> None:
    assert updates_since(date(2026, 9, 30)) == date(2026, 7, 1)
    assert updates_since(date(2027, 1, 31)) == date(2026, 11, 1)


def test_an_update_on_day_one_then_silence_shows_and_a_new_one_counts_once_its_month_has_ended(
    app: Flask, team: Team
) -> None:
    with at(RECEIVED):
        submit_report(app.test_client(), people=[])
    report = reports_in_order()[0]
    with at(ACKNOWLEDGED):
        stages.acknowledge(report, team.lead)
        writing.message_reporter(report, team.lead, UPDATE, progress_update=True)
        db.session.commit()
    with at(date(2026, 10, 14)):
        # Feedback met on day 1, and nothing since July: open, due, not updated.
        assert counted_now() == (0, 1)
        writing.message_reporter(report, team.lead, UPDATE, progress_update=True)
        db.session.commit()
        assert counted_now() == (0, 1)  # sent this month: as at 30 September, not yet
    with at(date(2026, 11, 2)):
        assert counted_now() == (1, 1)
    with at(date(2027, 2, 3)):  # a plain message is not an update on progress
        writing.message_reporter(report, team.lead, "Can you call us back?")
        db.session.commit()
    with at(date(2027, 3, 1)):
        assert counted_now() == (0, 1)  # 31 January to 28 February: nothing since October
        closing.close(report, team.lead, "Nothing more to do")
        db.session.commit()
        assert counted_now() == (0, 1)  # closed this month: still open at 28 February
    with at(date(2027, 4, 1)):
        assert counted_now() == (0, 0)  # closed by 31 March: no longer owed an update


def test_the_row_counts_open_cases_whose_first_feedback_was_due(app: Flask, team: Team) -> None:
    with at(date(2026, 10, 14)):
        cases_received(team, RECEIVED, 6, acknowledged_on=ACKNOWLEDGED, feedback_on=ACKNOWLEDGED)
        cases_received(team, RECEIVED, 6, acknowledged_on=ACKNOWLEDGED, feedback_on=ACKNOWLEDGED)
        # Not in the row: received in August (first feedback due in November), closed, and
        # withdrawn (which closes the case).
        cases_received(team, date(2026, 8, 1), 5, acknowledged_on=date(2026, 8, 1))
        cases_received(team, RECEIVED, 5, stage="closed", closed_on=date(2026, 6, 1))
        cases_received(
            team,
            RECEIVED,
            5,
            stage="closed",
            closed_on=date(2026, 6, 1),
            withdrawn_on=date(2026, 6, 1),
        )
        reports = db.session.scalars(
            select(Report).where(Report.feedback_on.is_not(None)).order_by(Report.id)
        ).all()
    # In August five were sent an update on progress and one was told an outcome recorded; one
    # was sent a plain message: no news to the reporter; the rest heard nothing after April.
    with at(date(2026, 8, 20)):
        for report in reports[:5]:
            record_event(report, "message", UPDATE_ON_PROGRESS)
        record_event(reports[5], "outcome", "Outcome recorded: No further action")
        record_event(reports[5], "message", OUTCOME_TOLD)
        record_event(reports[6], "message", "The team sent the reporter a message")
        db.session.commit()
    with at(date(2026, 10, 14)):
        assert counted_now() == (6, 12)
        assert page_row(app, team) == ["5", "10", "50%"]
        page = staff(app, team.lead, team).get(f"/team/oversight?period={YEAR}")
        assert "a case left without news after an early update shows there" in page.get_data(
            as_text=True
        )
        csv_file = staff(app, team.lead, team).get(f"/team/oversight/time-limits.csv?period={YEAR}")
        assert f"{UPDATED},5,10,50%" in csv_file.get_data(as_text=True)


def test_an_outcome_line_counts_where_there_was_a_reporter_to_tell_whenever_recorded(
    app: Flask, team: Team
) -> None:
    """Before outcomes were recorded with the message telling them, an outcome was recorded
    alone and the reporter's status page told it: such a line still counts as news, on
    whatever day a service took the change (a date in the code would be the day the code
    changed, and a service deploying later would lose its earlier months' updates). Only a case
    with nobody to tell has an outcome line that told nobody."""
    with at(date(2026, 10, 14)):
        cases_received(team, RECEIVED, 2, acknowledged_on=ACKNOWLEDGED, feedback_on=ACKNOWLEDGED)
        told, nobody = db.session.scalars(select(Report).order_by(Report.id)).all()
        told.reporter_key = bytes(32)  # a reporter's key: made by the old code, unlike ``nobody``
    with at(date(2026, 12, 18)):  # after the code changed
        for report in (told, nobody):
            record_event(report, "outcome", "Outcome recorded: No further action")
        db.session.commit()
    with at(date(2027, 1, 4)):  # as at 31 December: October to December
        assert counted_now() == (1, 2)


def owed(due: int, updated: int) -> Measures:
    return replace(
        Measures.empty(PERIOD, date(2026, 9, 30)), open_update_due=due, open_updated=updated
    )


def test_a_small_count_is_withheld_with_what_would_give_it() -> None:
    assert table(build(owed(20, 13)), "time-limits")[UPDATED] == ["15", "20", "75%"]
    assert table(build(owed(20, 3)), "time-limits")[UPDATED] == [WITHHELD, "20", WITHHELD]
    # 2 left silent: the 18 updated, less than the 20 due, would give it.
    assert table(build(owed(20, 18)), "time-limits")[UPDATED] == [WITHHELD, "20", WITHHELD]
    assert table(build(owed(4, 4)), "time-limits")[UPDATED] == [WITHHELD] * 3


def test_the_national_row_is_the_forces_summed_and_never_gives_a_withheld_one() -> None:
    south, north = owed(20, 12), owed(20, 10)
    total = merge(PERIOD, south.as_at, [south, north])
    assert (total.open_updated, total.open_update_due) == (22, 40)
    figures, _ = suppress_together(total, [south, north])
    assert table(build(total, figures), "time-limits")[UPDATED] == ["20", "40", "50%"]
    small = owed(20, 3)
    total = merge(PERIOD, south.as_at, [south, small])
    figures, _ = suppress_together(total, [south, small])
    assert table(build(total, figures), "time-limits")[UPDATED] == [WITHHELD, "40", WITHHELD]


def test_the_national_page_shows_the_row(app: Flask, team: Team, national: Force) -> None:
    with at(date(2026, 10, 14)):
        north = create_force("north", "North Force")
        db.session.commit()
        # In each force 6 cases whose first feedback came late, in August (an update in the
        # last 3 months), and 6 left silent since April.
        late = dict(acknowledged_on=ACKNOWLEDGED, feedback_on=date(2026, 8, 20))
        silent = dict(acknowledged_on=ACKNOWLEDGED, feedback_on=ACKNOWLEDGED)
        for each in (team, None):
            with use_force(north.id) if each is None else nullcontext():
                found = each or make_team()
                cases_received(found, RECEIVED, 6, **late)
                cases_received(found, RECEIVED, 6, **silent)
        browser = national_member(app, national)
        html = browser.get(f"/team/oversight?period={YEAR}").get_data(as_text=True)
        # 12 of 24 updated: rounded to 10 and 25.
        row = {r[0]: r[1:] for r in page_tables(html)["time-limits"]}[UPDATED]
        assert row == ["10", "25", "40%"]
        csv_file = browser.get(f"/team/oversight/time-limits.csv?period={YEAR}")
        assert f"{UPDATED},10,25,40%" in csv_file.get_data(as_text=True)


def test_counts_kept_before_the_row_are_counted_again(app: Flask, team: Team) -> None:
    with at(date(2026, 10, 14)):
        cases_received(team, RECEIVED, 6, acknowledged_on=ACKNOWLEDGED)
        as_at = figures_as_at(date.today())
        counted = counting.compute(PERIOD, as_at)
        assert counted.open_update_due == 6
        assert from_json(to_json(counted), PERIOD, as_at) == counted
        kept = json.loads(to_json(counted))
        del kept["open_updated"], kept["open_update_due"]
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
        assert stored([force_id], [PERIOD], as_at) == {}  # read as 0, none would be owed one
