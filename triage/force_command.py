"""``flask force add``, ``rename`` and ``remove``, and ``flask proof rotate-key``: operator
commands that change what a force is or signs with, each recorded in the force's own audit
chain, which is the team side's (so they are made here, not in ``intake.cli``).

``add`` makes a force and starts its audit chain with that. ``rotate-key`` retires the force's
proof-of-reporting signing key: statements signed before still verify, so a rotation is worth
knowing about when one is questioned.

``rename``: a force's display name changes; its slug never does.

``remove``: a force added by mistake (a mistyped slug, which can never change) is taken out
while it holds nothing but its own audit entries. Its chain goes with it, so every remaining
force's chain records the removal, with the removed chain's length and last hash: the removal is
visible to every team, and a copy of the chain kept elsewhere (a backup) can be checked against
what was recorded.

The slug keys more than the force's addresses: every full name said in the force is hashed
under the national key together with it, and so is every roster person's name with each force
they served in before (``triage.matching.national``), so a new slug would silently stop
transferees being found. The old name is kept among the force's former names, so a roster that
still lists the force by it resolves (``triage.matching.roster_file.ServiceForces``).

"""

from __future__ import annotations

import click
from sqlalchemy import delete, func, select

from intake.config import MAX_RETENTION_MONTHS
from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID, DEFAULT_FORCE_NAME, SLUG_FIXED, Force
from intake.models.reporter_session import ReporterSession
from intake.proof import keys as proof_keys
from intake.tenancy import (
    create_force,
    current_force,
    forget_forces,
    on_behalf_of,
    rename_force,
    use_force,
    work_across_forces,
)
from triage import audit
from triage.cli_words import counted
from triage.models.audit import AuditEntry


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
    if old.lower() == new.lower():  # ``rename_force`` keeps no former name for a case change
        click.echo(
            "Its slug, addresses and national matching tokens are unchanged; rosters match a "
            "force's name in any case, so no former name is kept."
        )
        return
    click.echo(
        f"Its slug, addresses and national matching tokens are unchanged; {old!r} is kept as a "
        "former name, so rosters that list it as a former force still resolve."
    )


@click.command("add")
@click.argument("slug")
@click.argument("name")
@click.option(
    "--retention-months",
    type=click.IntRange(min=1, max=MAX_RETENTION_MONTHS),
    default=None,
    help="How long its closed cases keep their sealed content (default CANDOUR_RETENTION_MONTHS).",
)
@click.option(
    "--national",
    is_flag=True,
    help="National oversight: no reporters and no cases; its oversight members see the "
    "aggregate figures of every force.",
)
def add_command(slug: str, name: str, retention_months: int | None, national: bool) -> None:
    """Add a force: its reporters start at /SLUG/ and its team signs in at /SLUG/team/."""
    try:
        force = create_force(slug, name, retention_months, national=national)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    # The first entry of the new force's own chain, committed with the force itself.
    with on_behalf_of(force.id):
        months = f"{retention_months} months" if retention_months else "the default"
        kind = "national oversight" if national else "reports"
        audit.record("force_added", None, detail=f"/{slug}/ {force.name!r}; {kind}; {months}")
    db.session.commit()
    click.echo(f"Added {force.name} at /{force.slug}/ (id {force.id}).")
    _warn_if_former_name(force)
    if national:
        click.echo(
            f"Next: CANDOUR_FORCE={force.slug} flask team add-member --role oversight "
            "--email ... --name ... (it has no team key and takes no reports)"
        )
    else:
        click.echo(f"Next: CANDOUR_FORCE={force.slug} flask team init --email ... --name ...")
    _warn_if_first_unnamed()


@click.command("remove")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Remove it without asking (for scripts).")
def remove_command(slug: str, yes: bool) -> None:
    """Remove the force at /SLUG/, added by mistake: only while it holds nothing but its own
    audit entries (no member, report, draft, roster, key or anything else)."""
    force = db.session.scalars(select(Force).where(Force.slug == slug)).one_or_none()
    if force is None:
        raise click.ClickException(f"No force has the slug {slug!r} (flask force list).")
    if force.id == DEFAULT_FORCE_ID:
        raise click.ClickException(
            f"/{slug}/ is the first force, which a single-force deployment is: it cannot be "
            "removed (rename it instead: flask force rename)."
        )
    work_across_forces(db.session.connection())  # count and delete its rows past the wall
    held = _rows_held(force.id)
    if held:
        listed = ", ".join(f"{table} {rows}" for table, rows in held.items())
        raise click.ClickException(
            f"/{slug}/ holds more than its own audit entries ({listed}), so it is not a force "
            "added by mistake and is not removed."
        )
    with on_behalf_of(force.id):  # its own chain, past the application's wall
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.place)).all()
        sessions = db.session.scalar(select(func.count()).select_from(ReporterSession)) or 0
    ending = (
        f" ({counted(sessions, 'visitor session')} at its address will end)" if sessions else ""
    )
    if not yes:
        click.confirm(
            f"Remove {force.name} (/{slug}/) and its audit chain of "
            f"{counted(len(entries), 'entry', 'entries')}{ending}?",
            abort=True,
        )
    last = entries[-1].entry_hash.hex()[:16] if entries else "none"
    said = (
        f"/{slug}/ {force.name!r} (id {force.id}), which held nothing; its own audit chain of "
        f"{counted(len(entries), 'entry', 'entries')}, last hash {last}, went with it"
    )
    with on_behalf_of(force.id):
        db.session.execute(delete(AuditEntry).where(AuditEntry.force_id == force.id))
        db.session.execute(delete(ReporterSession).where(ReporterSession.force_id == force.id))
    db.session.delete(force)
    db.session.flush()
    for other in db.session.scalars(select(Force.id).order_by(Force.id)).all():
        with on_behalf_of(other):
            audit.record("force_removed", None, detail=said)
    db.session.commit()
    forget_forces()
    click.echo(f"Removed {said}. The removal is recorded in every other force's audit chain.")


def _rows_held(force_id: int) -> dict[str, int]:
    """Every row but its audit entries that refers to the force ``force_id``, by table: its own
    (``force_id``) and any other force's that names it (a referral, a share)."""
    held: dict[str, int] = {}
    # A visitor's session at its address (a receipt tried there, say) holds nothing of the
    # force's and ends on its own: it goes with the force rather than keep it for ever.
    passing = (Force.__tablename__, AuditEntry.__tablename__, ReporterSession.__tablename__)
    for table in db.metadata.sorted_tables:
        if table.name in passing:
            continue
        for column in table.columns:
            if not any(key.column.table.name == Force.__tablename__ for key in column.foreign_keys):
                continue
            rows = db.session.execute(
                select(func.count()).select_from(table).where(column == force_id)
            ).scalar_one()
            if rows:
                held[table.name] = held.get(table.name, 0) + rows
    return held


def _warn_if_former_name(added: Force) -> None:
    """A new force may take a name another force has left, and a roster's former force given by
    that name then means the new force: say so, as transferees' former force may be listed by it."""
    wanted = added.name.lower()
    for other in db.session.scalars(select(Force).where(Force.id != added.id)):
        for former in (n for n in other.former_names if n.lower() == wanted):
            click.echo(
                f"Warning: {other.name} (/{other.slug}/) was called {former!r} before. "
                f"Rosters that list {former!r} as a former force now mean /{added.slug}/; "
                f"give /{other.slug}/ instead where they mean that force, or rename this one: "
                f'flask force rename {added.slug} --name "..."',
                err=True,
            )


def _warn_if_first_unnamed() -> None:
    """With two forces, start pages and team headers name each: the first force still called
    what the migration called it would be shown to its reporters and team as "Default force"
    (docs/national-service.md: name it before adding others)."""
    first = db.session.get(Force, DEFAULT_FORCE_ID)
    if first is None or first.name != DEFAULT_FORCE_NAME:
        return
    click.echo(
        f'Warning: the first force (/{first.slug}/) is still called "{DEFAULT_FORCE_NAME}", '
        "which its start page and team pages now show, as there is more than one force. Name "
        f'it: flask force rename {first.slug} --name "..."',
        err=True,
    )


def refuse_national(so: str, instead: str = "set CANDOUR_FORCE to one of the forces.") -> None:
    """Stop a command about a force's reports when CANDOUR_FORCE names a national oversight
    force: it takes no reports, ``so`` the command has nothing to act on (and must not make,
    say, a key or a roster for it); ``instead`` says what to do."""
    if current_force().national:
        raise click.ClickException(f"A national force takes no reports, {so}: {instead}")


@click.command("rotate-key")
def rotate_key_command() -> None:
    """Retire the force's proof-of-reporting signing key (it stays published) and make a new one."""
    # It would publish a signing key for a force no statement of reporting can come from.
    refuse_national(
        "so it signs no proof of reporting", "set CANDOUR_FORCE to the force whose key to rotate."
    )
    current = proof_keys.current_row()
    force = f"for {current_force().slug}"
    if current is None:  # nothing retired: the force's first key
        audit.record("proof_key_made", None, detail=force)
    else:
        audit.record("proof_key_rotated", None, detail=f"retired key {current.key_id}; {force}")
    old, key = proof_keys.rotate()  # commits, with the entry above
    if old is not None:
        click.echo(f"Retired key {old.key_id}; statements it signed still verify.")
    click.echo(f"New statements are now signed with key {key.key_id}.")
