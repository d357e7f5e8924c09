"""``flask seed demo``: a demo team and a living set of demo cases, so a newcomer sees Candour at
work the moment they open it.

About 300 reports over the last three years (``seeds.demo.background`` around the planted
stories of ``seeds.demo.stories``) go through the live submission path in the order they were
received (``seeds.demo.intake``), then are worked with the live casework functions
(``seeds.demo.casework``); only the day columns are moved back afterwards. The same ``--seed``
gives the same demo, relative to the day it runs. Demo passwords are printed and are for local
use only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from intake.db import db
from intake.models.force import Force
from intake.tenancy import create_force, current_force, rename_force, use_force
from seeds.demo.background import background_reports
from seeds.demo.casework import CaseSeeder, Crew, Tally
from seeds.demo.intake import backdate_signals_and_rescore, submit_all
from seeds.demo.stories import DemoReport, planted_reports, variety_reports
from seeds.demo.summary import print_sign_in, print_summary
from seeds.demo.team import DEMO_DOMAIN, DemoTeam, create_demo_team, demo_emails
from seeds.demo.transferee import (
    import_transferee_roster,
    refer_transferee,
    transferee_reports,
)
from triage.models import Member

seed = AppGroup("seed", help="Demo and benchmark data.")
COMMIT_EVERY = 50  # cases worked per transaction
VARIETY_EVERY = 30  # one report of a rarely generated kind per this many background reports
# The other forces of a several-force demo (invented), and the fewest reports each gets.
OTHER_FORCES = [("north", "North Demo Constabulary"), ("east", "East Demo Police")]
FIRST_FORCE_NAME = "South Demo Police"
MIN_OTHER_REPORTS = 40


def create_demo(
    reports: int,
    seed_value: int,
    domain: str = DEMO_DOMAIN,
    planted: list[DemoReport] | None = None,
    before_reports: Callable[[date], None] | None = None,
) -> tuple[Tally, DemoTeam, dict[int, str]]:
    """The current force's demo team and ``reports`` reports (at least the planted stories),
    worked and dated, and the receipts kept of them (``RECEIPTS_KEPT``) by report id.
    ``planted`` replaces the first force's stories (a second force's demo); ``before_reports``
    runs once the team exists (a second force's roster)."""
    started = date.today()
    team = create_demo_team(domain)
    db.session.commit()
    if before_reports:
        before_reports(started)
    if planted is None:
        planted = planted_reports(started)
    rng = random.Random(f"demo-intake:{seed_value}:{domain}")
    others = max(0, reports - len(planted))
    variety = variety_reports(started, others // VARIETY_EVERY, rng)
    items = background_reports(others - len(variety), seed_value, started) + variety + planted
    receipts: dict[int, str] = {}
    made = submit_all(items, rng, started, receipts)
    backdate_signals_and_rescore(made)
    crew = Crew(lead=team.lead, caseworkers=team.caseworkers)
    tally = Tally()
    worker = CaseSeeder(crew, started, started, tally)
    for index, (report, item) in enumerate(zip(made, items, strict=True)):
        # One generator per case, so changing one story leaves the others' casework alone.
        worker.work(report, item, random.Random(f"demo-case:{seed_value}:{domain}:{index}"))
        if index % COMMIT_EVERY == COMMIT_EVERY - 1:
            db.session.commit()
    db.session.commit()
    return tally, team, receipts


def create_other_forces(count: int, reports: int, seed_value: int) -> list[tuple[Force, DemoTeam]]:
    """Forces 2..``count`` of a several-force demo, each with its own team and a fifth as many
    reports, among them the transferee the first force also has."""
    made = []
    for slug, name in OTHER_FORCES[: count - 1]:
        force = create_force(slug, name)
        db.session.commit()
        with use_force(force.id):
            started = date.today()
            _, team, _ = create_demo(
                max(MIN_OTHER_REPORTS, reports // 5),
                seed_value + force.id,
                f"{slug}.{DEMO_DOMAIN}",
                transferee_reports(started, first_force=False),
                before_reports=import_transferee_roster,
            )
        made.append((force, team))
    return made


@seed.command("demo")
@click.option(
    "--reports",
    default=300,
    show_default=True,
    help="How many demo reports (the planted stories are always included).",
)
@click.option(
    "--seed",
    "seed_value",
    default=2023,
    show_default=True,
    help="Random seed: the same seed gives the same demo.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing if a team already exists.")
@click.option(
    "--forces",
    default=1,
    show_default=True,
    type=click.IntRange(1, 1 + len(OTHER_FORCES)),
    help="How many forces: the first gets the full demo, each other a smaller one, and one "
    "officer who moved between them is named in both.",
)
def seed_demo(reports: int, seed_value: int, if_empty: bool, forces: int) -> None:
    """Create a demo team (lead, two caseworkers, oversight) and worked demo cases."""
    if current_app.config.get("CANDOUR_PRODUCTION"):
        raise click.ClickException("The demo is for trying Candour out, not for production.")
    if db.session.scalar(select(func.count(Member.id))):
        if if_empty:
            demo = select(Member.id).where(Member.email.in_(demo_emails()))
            if db.session.scalars(demo).first() is None:  # a real team: say nothing of a demo
                click.echo("This database already has a team (not the demo's): nothing seeded.")
                return
            click.echo("Demo data already present.")
            print_sign_in()
            return
        raise click.ClickException("This database already has a team; use an empty database.")
    if forces > 1 and not current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY"):
        raise click.ClickException(
            "Several forces find the same person only under a national matching key: set "
            "CANDOUR_NATIONAL_MATCHING_KEY (python3 -c 'import secrets; "
            "print(secrets.token_hex(32))') and run it again."
        )
    began = time.perf_counter()
    planted = None
    if forces > 1:
        planted = planted_reports(date.today()) + transferee_reports(date.today(), True)
        rename_force(current_force(), FIRST_FORCE_NAME)  # not "Default force" beside the others'
        db.session.commit()
    tally, first, receipts = create_demo(reports, seed_value, planted=planted)
    others = create_other_forces(forces, reports, seed_value)
    print_summary(tally, time.perf_counter() - began)
    for force, team in others:
        notices, shared = refer_transferee(first, team, force.id)
        click.echo(
            f'  {force.name}: its own team and reports; {notices} of its cases carry a "named '
            'in another force" notice, among them those naming PC Daniel Rourke, who moved '
            "there; its lead's request to share was accepted by the first force's lead."
        )
        if shared in receipts:
            click.echo(
                f"  The reporter whose report was shared with {force.name} sees it on the "
                f"status page (/status) with the receipt {receipts[shared]}."
            )
    print_sign_in(where=" (first force: / and /team/)" if others else "")
    _print_recovery(first, "" if not others else " of the first force")
    for force, team in others:
        with use_force(force.id):
            print_sign_in(f"{force.slug}.{DEMO_DOMAIN}", f" ({force.name}: /{force.slug}/team/)")
        _print_recovery(team, f" of {force.name}")


def _print_recovery(team: DemoTeam, whose: str) -> None:
    click.echo(
        f"Recovery key{whose}, shown this once as a real team's is (flask triage reread and "
        f"flask team add-member ask for it): {team.recovery}"
    )


def init_seed_cli(app: Flask) -> None:
    app.cli.add_command(seed)
