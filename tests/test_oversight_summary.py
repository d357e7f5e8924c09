"""The national page from counts kept nightly (``flask oversight refresh``): the counts round-trip
exactly, the page adds them up and says the day they were made, a force or period without them
is counted live, and each force's counts stay behind its wall."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select, text

from intake.db import db
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import Team, make_team, visible_text
from tests.test_national_oversight import national, national_member, received
from tests.test_oversight_measures import empty_measures
from tests.test_oversight_page import last_month_cases, page_tables
from triage.models import OversightSummary
from triage.oversight import counting
from triage.oversight.histogram import Histogram
from triage.oversight.measures import Decisions
from triage.oversight.national import as_of
from triage.oversight.period import default_choice, figures_as_at
from triage.oversight.summary import Counted, from_json, stored, to_json

__all__ = ["national"]  # a fixture, used by name


def test_kept_counts_read_back_exactly_as_counted() -> None:
    counted = empty_measures(
        by_month={(2025, 4): 12, (2025, 5): 3},
        by_category={"bullying": 10, "retaliation": 5},
        received=15,
        acknowledged_in_time=11,
        acknowledgement_due=14,
        feedback_in_time=4,
        feedback_due=9,
        to_outcome=Histogram(Counter({3: 2, 40: 1}), Counter({(2025, 4): 3})),
        to_close=Histogram(Counter({90: 4}), Counter({(2025, 4): 1, (2025, 7): 3})),
        still_open=Histogram(Counter({200: 5}), Counter({(2025, 4): 5})),
        decisions_by_category={"bullying": Decisions(Counter({"case_misconduct": 2}))},
        decisions_all=Decisions(Counter({"case_misconduct": 2}), Counter({"warning": 1})),
        decisions_by_ethnicity={None: Decisions(Counter({"no_case": 1})), "white": Decisions()},
        subjects=7,
        repeat_subjects=2,
        retaliation=Counter({(True, True): 2, (False, True): 1}),
        together=Counter({"waiting": 1}),
    )
    assert from_json(to_json(counted), counted.period, counted.as_at) == counted


def refresh(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["oversight", "refresh"])
    assert result.exit_code == 0, result.output
    assert "counted (2 of 2" in result.output


def test_the_national_page_adds_up_the_nightly_counts_and_says_when_they_were_made(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    last_month_cases(team, 10)
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    browser = national_member(app, national)
    live = page_tables(browser.get("/team/oversight").get_data(as_text=True))
    refresh(app)
    kept = browser.get("/team/oversight").get_data(as_text=True)
    today = date.today()
    said = f"Figures for all forces as counted on {today.day} {today:%B %Y} (the nightly refresh)"
    assert said in visible_text(kept)
    assert "counted now;" not in visible_text(kept)  # every force's counts were kept
    assert page_tables(kept) == live  # the same figures, cell for cell, suppression included
    # A downloaded table says so too, after its rows, so a file never passes for today's.
    for slug in ("by-force", "received-by-month"):
        rows = list(
            csv.reader(
                io.StringIO(browser.get(f"/team/oversight/{slug}.csv").get_data(as_text=True))
            )
        )
        assert rows[-2] == [] and rows[-1][0].startswith(said), slug
        assert rows[:-2] == live[slug], slug

    # Reports recorded after the refresh (here, as received last month) wait for the next one
    # on the national tables (which say the day), while a chosen force's tables are counted now.
    last_month_cases(team, 10)
    tables = page_tables(browser.get("/team/oversight").get_data(as_text=True))
    assert received(tables, "Default force") == "10"
    chosen = page_tables(browser.get("/team/oversight?force=default").get_data(as_text=True))
    assert chosen["received-by-month"][-1] == ["Total", "20"]
    refresh(app)
    tables = page_tables(browser.get("/team/oversight").get_data(as_text=True))
    assert received(tables, "Default force") == "20"


def test_a_force_without_kept_counts_is_counted_live(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    last_month_cases(team, 10)
    refresh(app)
    south = create_force("south", "South Force")
    db.session.commit()
    with use_force(south.id):
        last_month_cases(make_team(), 15)
    html = national_member(app, national).get("/team/oversight").get_data(as_text=True)
    assert "2 of the 6 force figures for the two periods counted now" in visible_text(html)
    assert received(page_tables(html), "South Force") == "15"


def test_each_force_reads_only_its_own_kept_counts(app: Flask, team: Team, national: Force) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    refresh(app)
    as_at = figures_as_at(date.today())  # counted as the force's own page counts them
    year = default_choice(as_at).period
    assert year.end == as_at
    with use_force(north.id):
        [mine] = db.session.scalars(
            select(OversightSummary).where(OversightSummary.period_start == year.start)
        ).all()
        assert from_json(mine.measures, year, as_at) == counting.compute(year, as_at)
        if db.engine.dialect.name == "postgresql":
            # SQL text passes the application's wall; PostgreSQL's policy still stops the rest.
            rows = db.session.execute(text("SELECT DISTINCT force_id FROM oversight_summary"))
            assert rows.all() == [(north.id,)]
    # Counts kept in another month are as at another day: left out, counted live instead.
    assert (north.id, year) in stored([north.id], [year], as_at)
    assert stored([north.id], [year], figures_as_at(as_at)) == {}
    everyone = db.session.scalar(select(func.count()).select_from(OversightSummary))
    assert everyone == 2  # the default force's own two periods only


def test_the_page_warns_when_the_kept_counts_are_old() -> None:
    year = default_choice(date.today()).period
    old = date.today() - timedelta(days=3)
    counted = {(1, year): Counted(empty_measures(), old)}
    said = as_of(counted, 2, date.today())
    assert said is not None
    assert f"as counted on {old.day} {old:%B %Y}" in said
    assert "1 of the 2 force figures for the two periods counted now" in said
    assert "The oldest were counted 3 days ago: check that the nightly refresh runs" in said
    assert as_of({}, 2, date.today()) is None  # all counted now: nothing to say
    yesterday = {(1, year): Counted(empty_measures(), date.today() - timedelta(days=1))}
    assert "days ago" not in (as_of(yesterday, 1, date.today()) or "")


def test_the_refresh_can_count_chosen_forces_and_refuses_unknown_ones(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["oversight", "refresh", "--force", "north"])
    assert result.exit_code == 0 and "north: counted (1 of 1" in result.output
    with use_force(north.id):
        assert db.session.scalar(select(func.count()).select_from(OversightSummary)) == 2
    assert db.session.scalar(select(func.count()).select_from(OversightSummary)) == 0
    for wrong in ("nowhere", "national"):
        result = runner.invoke(args=["oversight", "refresh", "--force", wrong])
        assert (
            result.exit_code != 0 and f"no such force (or a national one): {wrong}" in result.output
        )
