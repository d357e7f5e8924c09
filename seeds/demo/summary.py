"""What the demo seed prints when it finishes: stages, clusters, where to go and how to sign in.

Everything is counted from clear columns (stages, flags, cluster risk); nothing is decrypted.
"""

from __future__ import annotations

import json

import click
from flask import current_app
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report
from seeds.demo.casework import Tally
from seeds.demo.team import DEMO_DOMAIN, DEMO_PASSWORD, demo_emails
from seeds.demo.timeline import STAGE_ORDER
from triage.models import Member
from triage.models.subjects import ClusterRisk, PossibleMatch

TOP_CLUSTERS = 3


def base_url() -> str:
    base: str = current_app.config["CANDOUR_BASE_URL"]
    return base


def print_summary(tally: Tally, seconds: float) -> None:
    count = db.session.scalar(select(func.count(Report.id))) or 0
    stages = dict(
        db.session.execute(
            select(Report.stage, func.count(Report.id))
            .where(Report.escrow != "waiting")
            .group_by(Report.stage)
        ).all()
    )
    escrow = dict(
        db.session.execute(
            select(Report.escrow, func.count(Report.id)).group_by(Report.escrow)
        ).all()
    )
    click.echo(f"Created the demo team and {count} demo reports in {seconds:.0f} s.")
    click.echo(
        "  Stages (visible to the team): "
        + ", ".join(f"{stage} {stages.get(stage, 0)}" for stage in STAGE_ORDER)
    )
    click.echo(
        f"  Go together: {escrow.get('waiting', 0)} waiting for a matching report, "
        f"{escrow.get('released', 0)} released by one."
    )
    flagged = (
        db.session.scalar(select(func.count(Report.id)).where(Report.iopc_flags.is_not(None))) or 0
    )
    click.echo(
        f"  Retaliation reported on {tally.retaliation} cases; {tally.conflicts} conflicts "
        f"of interest; IOPC referral flagged on {flagged}, decided by a lead on "
        f"{tally.iopc_decided}."
    )
    click.echo(
        f"  Sealed: {tally.messages} team messages, {tally.reporter_replies} reporter "
        f"replies, {tally.notes} notes."
    )
    print_clusters()
    click.echo(f"Open {base_url()}/team/sign-in (reporters start at {base_url()}/).")


def print_clusters() -> None:
    repeat = select(ClusterRisk).where(ClusterRisk.report_count > 1)
    clusters = db.session.scalar(select(func.count()).select_from(repeat.subquery())) or 0
    predatory = (
        db.session.scalar(
            select(func.count()).select_from(
                repeat.where(ClusterRisk.predatory.is_(True)).subquery()
            )
        )
        or 0
    )
    click.echo(
        f"  Repeat subjects: {clusters} people named in two or more reports, "
        f"{predatory} with predatory signs. Highest risk:"
    )
    top = db.session.scalars(repeat.order_by(ClusterRisk.score.desc()).limit(TOP_CLUSTERS))
    for risk in top:
        reasons = json.loads(risk.reasons)
        click.echo(
            f"    {risk.report_count} reports, risk {risk.score:.0f} ({risk.level}): "
            + "; ".join(reasons[:3])
        )
    possible = (
        db.session.scalar(
            select(func.count(PossibleMatch.id)).where(PossibleMatch.status == "open")
        )
        or 0
    )
    click.echo(
        f"  Possible matches for a caseworker to judge: {possible} (queue filter "
        '"Possible match with another report to judge").'
    )


def print_sign_in(domain: str = DEMO_DOMAIN, where: str = "") -> None:
    """The current force's demo members and their authenticator secrets; ``where`` names the
    force and its sign-in address when there are several."""
    # Only the demo's own accounts: pointed at a real team's database this must print nobody's
    # authenticator secret.
    members = db.session.scalars(
        select(Member).where(Member.email.in_(demo_emails(domain))).order_by(Member.id)
    ).all()
    if not members:
        return
    click.echo(f"Demo sign-in{where} (password for every member: {DEMO_PASSWORD}):")
    for member in members:
        click.echo(
            f"  {member.role:<11} {member.email:<26} authenticator secret {member.totp_secret}"
        )
    click.echo("  Current code: python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\"")
