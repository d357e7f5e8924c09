"""Operator commands for backups and retention: ``flask backup create|verify|restore`` and
``flask retention apply``. Each is recorded in the audit log; none prints report content."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from intake.backup import BackupError, Manifest, create_backup, restore_backup, verify_backup
from intake.db import db
from triage import audit
from triage.casework.retention import DEFAULT_MONTHS, apply_retention

backup_group = AppGroup("backup", help="Back up and restore the database (sealed content only).")
retention_group = AppGroup("retention", help="Destroy the sealed content of old closed cases.")


def _summary(manifest: Manifest) -> str:
    return (
        f"{manifest.rows} rows in {len(manifest.tables)} tables, schema revision "
        f"{manifest.alembic_revision or 'none'}, SHA-256 {manifest.sha256}"
    )


@backup_group.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path) -> None:
    """Write a backup of every lasting table to PATH (gzip'd JSON lines with a manifest).

    The key file is not in it: back that up separately."""
    try:
        manifest = create_backup(path, current_app.config["CANDOUR_SECRETS"])
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    audit.record(
        "backup_created", None, detail=f"{manifest.rows} rows; sha256 {manifest.sha256[:16]}"
    )
    db.session.commit()
    click.echo(f"Backup written to {path}: {_summary(manifest)}")
    for table, rows in manifest.tables.items():
        click.echo(f"  {table}: {rows}")


@backup_group.command("verify")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def verify(path: Path) -> None:
    """Check PATH's checksum, counts and tables without restoring anything."""
    try:
        manifest = verify_backup(path, current_app.config["CANDOUR_SECRETS"])
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backup intact: {_summary(manifest)}, made {manifest.created_on} on {manifest.dialect}"
    )


@backup_group.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Delete everything in this database first (otherwise it must be empty).",
)
def restore(path: Path, replace: bool) -> None:
    """Restore PATH into this database in one transaction (all of it or nothing)."""
    try:
        manifest = restore_backup(path, current_app.config["CANDOUR_SECRETS"], replace=replace)
    except BackupError as error:
        raise click.ClickException(f"{error}") from error
    audit.record(
        "backup_restored",
        None,
        detail=(
            f"{manifest.rows} rows from a backup made {manifest.created_on}; sha256 "
            f"{manifest.sha256[:16]}" + ("; replaced the previous contents" if replace else "")
        ),
    )
    db.session.commit()
    click.echo(f"Restored {_summary(manifest)}. Everyone must sign in again.")


def _default_months() -> int:
    value = os.environ.get("CANDOUR_RETENTION_MONTHS", "").strip()
    if not value:
        return DEFAULT_MONTHS
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise click.ClickException("CANDOUR_RETENTION_MONTHS must be a whole number of months")
    return int(value)


@retention_group.command("apply")
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=None,
    help="Retention period (default CANDOUR_RETENTION_MONTHS, or 24).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be destroyed.")
def apply(months: int | None, dry_run: bool) -> None:
    """Destroy the sealed content of cases closed more than the retention period ago."""
    months = months or _default_months()
    result = apply_retention(months, dry_run=dry_run)
    db.session.commit()
    verb = "Would destroy" if dry_run else "Destroyed"
    click.echo(
        f"{verb} the sealed content of {result.cases} cases closed before "
        f"{result.cutoff.isoformat()} (retention {months} months): "
        f"{result.attachments} attachments, {result.messages} messages, "
        f"{result.notes} notes, {result.subject_tokens} subject tokens."
    )
    if result.kept_for_protection:
        click.echo(
            f"Kept {result.kept_for_protection} due cases whose protective measures are "
            "still open; a lead must end them first."
        )


def init_maintenance_cli(app: Flask) -> None:
    app.cli.add_command(backup_group)
    app.cli.add_command(retention_group)
