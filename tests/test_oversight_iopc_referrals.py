"""Referrals to the IOPC recorded by the deadline: of the referrals a lead confirmed, how many were
recorded in Candour by the end of the next day, after it, or not at all. The day Candour was told
decides, not only the date the lead typed: a referral typed in as made on the deadline day but
recorded a week later counts as late."""

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
from tests.helpers import Team
from tests.test_oversight_measures import table
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.models import IopcReferral, OversightSummary
from triage.oversight import counting
from triage.oversight.measures import Measures, Period
from triage.oversight.national import merge, suppress_together
from triage.oversight.period import figures_as_at
from triage.oversight.summary import from_json, stored, to_json
from triage.oversight.suppression import WITHHELD
from triage.oversight.tables import build

YEAR = "2026-27"  # April 2026 to March 2027, so far
PERIOD = Period(date(2026, 4, 1), date(2026, 9, 30))
TODAY = date(2026, 10, 14)  # the figures are as at 30 September
RECEIVED = date(2026, 4, 1)
CONFIRMED = date(2026, 9, 1)  # due by the end of 2 September
ROW = "Confirmed by a lead"


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


def referrals(
    team: Team,
    count: int,
    confirmed: date = CONFIRMED,
    referred_on: date | None = None,
    recorded_on: date | None = None,
) -> None:
    """``count`` cases whose IOPC referral a lead confirmed on ``confirmed``, recorded as made on
    ``referred_on`` on the day ``recorded_on`` (or not recorded)."""
    before = set(db.session.scalars(select(Report.id)))
    cases_received(team, RECEIVED, count, iopc_decision="confirmed", iopc_decided_on=confirmed)
    if referred_on is None or recorded_on is None:
        return
    for report_id in set(db.session.scalars(select(Report.id))) - before:
        db.session.add(
            IopcReferral(
                report_id=report_id,
                referred_on=referred_on,
                recorded_on=recorded_on,
                recorded_by=team.lead.id,
            )
        )
    db.session.commit()


def counts(on_time: int, late: int, unrecorded: int) -> Measures:
    found = Counter(on_time=on_time, late=late, unrecorded=unrecorded)
    return replace(Measures.empty(PERIOD, date(2026, 9, 30)), iopc_referrals=+found)


def test_a_referral_recorded_after_its_deadline_counts_as_late_whatever_date_was_typed(
    app: Flask, team: Team
) -> None:
    with at(TODAY):
        deadline = date(2026, 9, 2)
        referrals(team, 6, referred_on=deadline, recorded_on=deadline)
        # Typed in as made on the deadline day, a week after it.
        referrals(team, 6, referred_on=deadline, recorded_on=date(2026, 9, 9))
        referrals(team, 5)  # never recorded
        # Recorded this month: not recorded as at 30 September.
        referrals(team, 5, referred_on=deadline, recorded_on=date(2026, 10, 5))
        # Not counted: confirmed on 30 September (due 1 October), or after it.
        referrals(team, 3, confirmed=date(2026, 9, 30))
        referrals(team, 2, confirmed=date(2026, 10, 3))
        found = counting.compute(PERIOD, figures_as_at(date.today()))
        assert found.iopc_referrals == Counter(on_time=6, late=6, unrecorded=10)
        html = staff(app, team.lead, team).get(f"/team/oversight?period={YEAR}")
        row = {r[0]: r[1:] for r in page_tables(html.get_data(as_text=True))["iopc-referrals"]}
        # 22 due, rounded: 20; 6, 6 and 10 of them: 5, 5 and 10.
        assert row[ROW] == ["20", "5", "5", "10", "25%"]
        csv_file = staff(app, team.lead, team).get(
            f"/team/oversight/iopc-referrals.csv?period={YEAR}"
        )
        assert f"{ROW},20,5,5,10,25%" in csv_file.get_data(as_text=True)


def test_a_small_count_is_withheld_with_what_would_give_it() -> None:
    assert table(build(counts(12, 6, 5)), "iopc-referrals")[ROW] == ["25", "10", "5", "5", "40%"]
    # 3 late: withheld, and so is one more of the row (else 23 less 20 would give it).
    shown = table(build(counts(20, 3, 0)), "iopc-referrals")[ROW]
    assert shown[2] == WITHHELD and shown.count(WITHHELD) >= 2
    assert table(build(counts(2, 1, 1)), "iopc-referrals")[ROW] == [WITHHELD] * 5


def test_the_national_row_is_the_forces_summed_and_never_gives_a_withheld_one() -> None:
    south, north = counts(10, 5, 5), counts(10, 6, 0)
    total = merge(PERIOD, south.as_at, [south, north])
    assert total.iopc_referrals == Counter(on_time=20, late=11, unrecorded=5)
    figures, _ = suppress_together(total, [south, north])
    shown = table(build(total, figures), "iopc-referrals")[ROW]
    # North's 0 not recorded is withheld on its own page: the national 5 would give it.
    assert shown[0] == "35" and shown[3] == WITHHELD


def test_counts_kept_before_the_row_are_counted_again(app: Flask, team: Team) -> None:
    with at(TODAY):
        referrals(team, 6)
        as_at = figures_as_at(date.today())
        counted = counting.compute(PERIOD, as_at)
        assert counted.iopc_referrals == Counter(unrecorded=6)
        assert from_json(to_json(counted), PERIOD, as_at) == counted
        kept = json.loads(to_json(counted))
        del kept["iopc_referrals"]
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
        assert stored([force_id], [PERIOD], as_at) == {}  # read as 0, none would be late
