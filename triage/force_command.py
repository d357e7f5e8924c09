"""``flask force rename``: a force's display name changes; its slug never does.

The slug keys more than the force's addresses: every full name said in the force is hashed
under the national key together with it, and so is every roster person's name with each force
they served in before (``triage.matching.national``), so a new slug would silently stop
transferees being found. The old name is kept among the force's former names, so a roster that
still lists the force by it resolves (``triage.matching.roster_file.ServiceForces``).

Part of ``flask force`` (``intake.cli``), made here because the rename is recorded in the
force's own audit chain, which is the team side's.
"""

from __future__ import annotations

import click
from sqlalchemy import select

from intake.db import db
from intake.models.force import SLUG_FIXED, Force
from intake.tenancy import rename_force, use_force
from triage import audit


@click.command("rename")
@click.argument("slug")
@click.option("--name", default=None, help="The force's new display name.")
@click.option("--slug", "new_slug", default=None, help="Refused: a force's slug never changes.")
def rename_command(slug: str, name: str | None, new_slug: str | None) -> None:
    """Change the display name of the force at /SLUG/ (its slug stays)."""
    # The slug refusal comes first, so whoever tries --slug alone learns why it cannot change.
    if new_slug is not None:
        raise click.ClickException(SLUG_FIXED)
    if name is None:
        raise click.UsageError('Give the new name: --name "...".')
    force = db.session.scalars(select(Force).where(Force.slug == slug)).one_or_none()
    if force is None:
        raise click.ClickException(f"No force has the slug {slug!r} (flask force list).")
    with use_force(force.id):  # the entry goes into this force's own audit chain
        force = db.session.get_one(Force, force.id)
        try:
            old = rename_force(force, name)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        if old is None:
            click.echo(f"/{slug}/ is already called {force.name!r}: nothing changed.")
            return
        new = force.name
        audit.record("force_renamed", None, detail=f"name {old!r} to {new!r}")
    click.echo(f"Renamed /{slug}/ from {old!r} to {new!r}.")
    click.echo(
        f"Its slug, addresses and national matching tokens are unchanged; {old!r} is kept as a "
        "former name, so rosters that list it as a former force still resolve."
    )
