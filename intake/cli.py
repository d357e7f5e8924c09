"""Every reporter-side operator command, registered by ``wsgi.create_app``: ``flask force``
(list the forces served; ``add`` and ``rename`` are the team side's, ``triage.force_command``, as
they are audited), ``flask proof`` (list published keys, check a statement file, measure how
many reports each proof fits; ``rotate-key`` is the team side's, audited too) and ``flask
privacy`` (scramble the order reporter-side rows are stored in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)

from intake import reorder as reordering
from intake.db import db
from intake.models.force import Force
from intake.proof import keys as proof_keys
from intake.proof.anonymity import anonymity_sets
from intake.proof.statement import MAX_DOCUMENT_BYTES
from intake.templating import day


class OperatorGroup(AppGroup):
    """A group of operator commands: a database that cannot be reached, has no tables yet or
    no such role as CANDOUR_DATABASE_ROLE, or a change clashing with one another command made at
    the same moment, is said in a line saying what to check, rather than a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError, DataError) as error:
            raise click.ClickException(
                f"The database could not be used ({type(error).__name__}: "
                f"{_driver_line(error)}). If it cannot be reached or has no tables, check "
                "CANDOUR_DATABASE_URL (and CANDOUR_DATABASE_ROLE), that the database is running, "
                "and that `flask db upgrade` has been run on it; if it was busy (locked, a "
                "deadlock), run the command again."
            ) from None
        except IntegrityError as error:
            # Two operators changing the same records at once (two roster imports, say): the
            # second's transaction clashes with what the first committed and is rolled back.
            raise click.ClickException(
                f"The database refused a change that clashed with a record already there "
                f"({_driver_line(error)}), so nothing this command did was kept. If another "
                "command was changing the same records at the same time, run this one again."
            ) from None


def _driver_line(error: DBAPIError) -> str:
    """The driver's first line only ("no such table: force", "connection refused"), never the
    statement or its parameters, which SQLAlchemy's own message adds."""
    return str(error.orig).strip().splitlines()[0][:200] if error.orig else ""


# Anonymity-set sizes, grouped for ``flask proof anonymity``.
SIZE_BANDS = (("1", 1, 1), ("2-4", 2, 4), ("5-9", 5, 9), ("10-49", 10, 49), ("50+", 50, 10**12))

proof_commands = OperatorGroup(
    "proof", help="Proof-of-reporting statements and their signing keys."
)


@proof_commands.command("keys")
def keys() -> None:
    """Print every published public key."""
    rows = proof_keys.all_rows()
    if not rows:
        click.echo("No signing key yet: one is made when the first proof is downloaded.")
    for row in rows:
        state = f"retired on {day(row.retired_on)}" if row.retired_on else "current"
        click.echo(f"Key id {row.key_id} ({state}), created on {day(row.created_on)}")
        click.echo(proof_keys.pem_of(row))


@proof_commands.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(file: Path) -> None:
    """Check a proof-of-reporting FILE; exit status 0 if valid, 1 if not."""
    with file.open("rb") as handle:
        # One byte more than the limit is enough for verify_proof to say "too large".
        document = handle.read(MAX_DOCUMENT_BYTES + 1)
    result = proof_keys.verify(document)
    if not result.valid:
        click.echo(f"INVALID: {result.check.message}")
        raise SystemExit(1)
    click.echo(f"VALID: {result.check.message}")
    click.echo(f"Categories: {', '.join(result.categories)}")
    click.echo(f"Report received: {result.when or 'not stated'}")
    click.echo(f"Reference: {result.reference}")
    key = result.key
    if key is not None and key.retired_on is not None:
        click.echo(f"Signed with: retired key {key.key_id} (retired on {day(key.retired_on)})")
    else:
        click.echo(f"Signed with: current key {result.check.key_id}")


@proof_commands.command("anonymity")
def anonymity() -> None:
    """How many reports each report's proof fits (its anonymity set), before and now."""
    sets, kinds = anonymity_sets()
    for rule, sizes in sets.items():
        total = sum(sizes.values())
        click.echo(f"Proofs giving {rule}: {total} reports")
        for label, low, high in SIZE_BANDS:
            count = sum(n for size, n in sizes.items() if low <= size <= high)
            click.echo(
                f"  fits {label:>7} reports: {count:4d} ({100 * count / max(total, 1):.0f}%)"
            )
        if sizes:
            click.echo(f"  smallest set: {min(sizes)}")
    click.echo("What proofs give now:")
    for kind, count in kinds.most_common():
        click.echo(f"  {kind}: {count}")


privacy_commands = OperatorGroup(
    "privacy", help="Keep the database from revealing when reports came."
)


@privacy_commands.command("reorder")
def reorder() -> None:
    """Rewrite reporter-side rows in random order and rebuild the tables (daily, from cron)."""
    db.session.remove()  # hold no connection or lock while the tables are rebuilt
    result = reordering.reorder(db.engine)
    total = sum(result.rows.values())
    click.echo(f"Re-ordered {total} rows in {len(result.rows)} tables.")


force_commands = OperatorGroup(
    "force",
    help="The forces this service serves. Other commands work for the default force, or for "
    "the one CANDOUR_FORCE names (its slug).",
)


@force_commands.command("list")
def list_forces() -> None:
    """Every force, with its address and retention period."""
    for force in db.session.scalars(select(Force).order_by(Force.id)):
        months = force.retention_months or "default"
        national = "\tnational oversight" if force.national else ""
        formerly = f"\tformerly {'; '.join(force.former_names)}" if force.former_names else ""
        click.echo(
            f"{force.id}\t/{force.slug}/\t{force.name}\tretention {months}{national}{formerly}"
        )


def register_commands(app: Flask) -> None:
    app.cli.add_command(force_commands)
    app.cli.add_command(proof_commands)
    app.cli.add_command(privacy_commands)
