"""``flask seed demo``: a demo team and demo reports, so a newcomer sees a working Candour.

Reports go through the same submission code as real ones (sealed, matched, scored); only their
received dates are moved back in time afterwards. Demo passwords are printed and are for local
use only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from seeds.synthetic import generate
from triage.keys import create_recovery, create_team_key
from triage.members import create_member
from triage.models import Member

DEMO_PASSWORD = "demo-password-123"  # noqa: S105  (demo only, printed for local use)
DEMO_TEAM = [
    ("lead@candour.example", "Lee Lead", "lead"),
    ("casey@candour.example", "Casey Worker", "caseworker"),
    ("sam@candour.example", "Sam Worker", "caseworker"),
    ("olive@candour.example", "Olive Oversight", "oversight"),
]
seed = AppGroup("seed", help="Demo and benchmark data.")


def answers_from(raw: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A synthetic report in the shape the reporter's journey produces."""
    people = [{k: (s.get(k) or "") for k in ("name", "collar_number", "warrant_number", "rank",
                                              "unit")} for s in raw.get("subjects", [])]
    month = raw.get("incident_date") or ""
    when_month = f"{int(month[5:7])}/{month[:4]}" if len(month) >= 7 else ""
    return {
        "categories": raw["categories"], "when": "month" if when_month else "unsure",
        "when_date": "", "when_month": when_month, "where": "", "description": raw["narrative"],
        "people": people, "unknown": not people, "affected": raw.get("affected") or ["reporter"],
        "witnesses": "", "together": "together" if rng.random() < 0.03 else "now", "files": [],
    }


def create_demo_team() -> None:
    key = create_team_key()
    for email, name, role in DEMO_TEAM:
        create_member(email, name, role, DEMO_PASSWORD, {key.key_id: key})
    create_recovery({key.key_id: key})


def create_demo_reports(count: int) -> int:
    rng = random.Random(2023)
    today = date.today()
    made = 0
    for raw in generate(count, seed=2023):
        report, _receipt = submit(answers_from(raw, rng))
        received = min(date.fromisoformat(raw["received_date"]), today)
        report.received_on = received
        age = (today - received).days
        if age > 14 and report.escrow != "waiting":
            report.stage = "acknowledged"
            report.acknowledged_on = received + timedelta(days=rng.randint(1, 9))
        if age > 200 and rng.random() < 0.6:
            report.stage = "closed"
            report.closed_on = received + timedelta(days=rng.randint(90, 420))
        made += 1
    db.session.commit()
    return made


@seed.command("demo")
@click.option("--reports", default=300, show_default=True, help="How many demo reports.")
@click.option("--if-empty", is_flag=True, help="Do nothing if a team already exists.")
def seed_demo(reports: int, if_empty: bool) -> None:
    """Create a demo team (lead, two caseworkers, oversight) and demo reports."""
    if db.session.scalar(select(func.count(Member.id))):
        if if_empty:
            click.echo("Demo data already present.")
            print_sign_in()
            return
        raise click.ClickException("This database already has a team; use an empty database.")
    create_demo_team()
    db.session.commit()
    made = create_demo_reports(reports)
    click.echo(f"Created the demo team and {made} demo reports "
               f"({db.session.scalar(select(func.count(Report.id)))} in the database).")
    print_sign_in()


def print_sign_in() -> None:
    click.echo("Demo sign-in (password for every member: " + DEMO_PASSWORD + "):")
    for member in db.session.scalars(select(Member).order_by(Member.id)):
        click.echo(f"  {member.role:<11} {member.email:<26} authenticator secret "
                   f"{member.totp_secret}")
    click.echo("  Current codes: python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\"")


def init_seed_cli(app: Flask) -> None:
    app.cli.add_command(seed)
