"""Operator command ``flask triage rescore``: recompute every cluster's risk from stored signals.

Use after the scoring rules change. Reads only derived signals and cluster links; never decrypts.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from triage.matching.on_arrival import rescore
from triage.models.subjects import SubjectLink

triage_group = AppGroup("triage", help="Maintain repeat-subject clusters and their risk.")
CHUNK = 1000


@triage_group.command("rescore")
def rescore_all() -> None:
    """Re-score every cluster and every report's risk from the stored signals."""
    clusters = list(db.session.scalars(select(SubjectLink.cluster_id).distinct()))
    for start in range(0, len(clusters), CHUNK):
        rescore(db.session, clusters[start : start + CHUNK])
    unlinked = db.session.scalars(
        select(Report).where(~Report.id.in_(select(SubjectLink.report_id)))
    ).all()
    rescore(db.session, [], also=unlinked)
    db.session.commit()
    click.echo(f"Re-scored {len(clusters)} clusters and {len(unlinked)} reports naming nobody.")


def init_triage_cli(app: Flask) -> None:
    app.cli.add_command(triage_group)
