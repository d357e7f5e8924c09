"""Operator commands: ``flask team ...`` and ``flask audit verify``.

Commands that hand out access (``add-member``, ``recover``) have no signed-in lead whose keys they
could pass on, so they ask for the recovery key printed by ``flask team init`` and record in the
audit log that it was used. Passwords and recovery keys are prompted, never taken from arguments
that would land in shell history, and never logged or audited. Invitation links are printed once.
"""

from __future__ import annotations

import os

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import func, select

from intake.db import db
from intake.sealing import SealError, TeamPrivateKey
from triage import audit
from triage.models import ROLES, Member
from triage.team.invitations import EmailTaken, MissingKeys, invite, restore_access
from triage.team.keys import create_recovery, create_team_key, unlock_recovery
from triage.team.members import create_member, normalise_email
from triage.team.passwords import MIN_PASSWORD_LENGTH, totp_uri

team = AppGroup("team", help="Set up and manage the independent team.")
audit_cli = AppGroup("audit", help="Check the audit log.")


def _link(token: str) -> str:
    """The invitation URL; the site's address comes from CANDOUR_BASE_URL."""
    base = os.environ.get("CANDOUR_BASE_URL") or current_app.config.get(
        "CANDOUR_BASE_URL", "http://127.0.0.1:5000"
    )
    with current_app.test_request_context(base_url=base):
        return url_for("team.accept_invitation", token=token, _external=True)


def _recovery_keys(why: str) -> dict[int, TeamPrivateKey]:
    recovery = click.prompt("Recovery key", hide_input=True)
    try:
        keys = unlock_recovery(recovery)
    except SealError as error:
        audit.record("recovery_refused", None, detail=f"wrong recovery key ({why})")
        db.session.commit()
        raise click.ClickException("That recovery key does not open the team's keys.") from error
    audit.record("recovery_used", None, detail=why)
    return keys


@team.command("init")
@click.option("--email", required=True, help="The first lead's email address.")
@click.option("--name", required=True, help="The first lead's name.")
@click.password_option(help="The first lead's password (prompted if not given).")
def init_team(email: str, name: str, password: str) -> None:
    """Create the team key pair and the first lead; print what the operator must keep."""
    if db.session.scalar(select(func.count(Member.id))):
        raise click.ClickException("The team already exists; add members from the web UI.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    key = create_team_key()
    lead = create_member(email, name, "lead", password, {key.key_id: key})
    recovery = create_recovery({key.key_id: key})
    audit.record(
        "team_created",
        None,
        detail=f"team key {key.key_id}; first lead {lead.name} (member {lead.id})",
    )
    db.session.commit()
    click.echo(f"Team key {key.key_id} created; lead {lead.email} added.")
    click.echo(f"Authenticator secret for {lead.email}: {lead.totp_secret}")
    click.echo(f"  ({totp_uri(lead.totp_secret or '', lead.email)})")
    click.echo("Recovery key (shown once; keep it offline, it can restore the team's access):")
    click.echo(f"  {recovery}")


@team.command("add-member")
@click.option("--email", required=True, help="The new member's email address.")
@click.option("--name", required=True, help="The new member's name.")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="Their role.")
def add_member(email: str, name: str, role: str) -> None:
    """Invite a member and print their one-time link. Caseworkers and leads need a copy of the
    team keys, so this asks for the recovery key; a lead can instead invite from the web UI."""
    keys = _recovery_keys(f"to invite {name.strip()} as {role}") if role != "oversight" else {}
    try:
        member, token = invite(email, name, role, keys, None)
    except EmailTaken as error:
        raise click.ClickException("A member with this email address already exists.") from error
    except MissingKeys as error:
        raise click.ClickException(
            "The recovery key does not cover every team key; invite from the web UI as a lead."
        ) from error
    db.session.commit()
    click.echo(
        f"{member.name} invited as {ROLES[role].lower()}. Send them this one-time link "
        "(it works once, for 7 days; it is not shown again):"
    )
    click.echo(f"  {_link(token)}")


@team.command("recover")
@click.option("--email", required=True, help="The member whose access to restore.")
def recover(email: str) -> None:
    """Use the recovery key to give a member (say, a locked-out lead) a fresh set-up link with a
    copy of every team key. Their old password and authenticator stop working when they use it."""
    member = db.session.scalars(
        select(Member).where(Member.email == normalise_email(email), Member.active.is_(True))
    ).first()
    if member is None:
        raise click.ClickException("There is no current member with that email address.")
    keys = _recovery_keys(f"to restore access for {member.name} (member {member.id})")
    token = restore_access(member, keys, None, how=" using the recovery key")
    db.session.commit()
    click.echo(
        f"Send {member.name} this one-time link to set a new password and authenticator "
        "(it works once, for 7 days; it is not shown again):"
    )
    click.echo(f"  {_link(token)}")


@team.command("new-recovery-key")
def new_recovery_key() -> None:
    """Replace the recovery key (after it was used or may have been seen); prints the new one."""
    keys = _recovery_keys("to replace the recovery key")
    recovery = create_recovery(keys)
    db.session.commit()
    click.echo("New recovery key (shown once; the old one no longer works):")
    click.echo(f"  {recovery}")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Walk the hash chain; exit 1 naming the first entry that was altered, removed or moved."""
    result = audit.verify()
    if result.broken_at is None:
        click.echo(f"Audit log intact: {result.entries} entries")
        return
    click.echo(f"Audit log broken at entry {result.broken_at}: {result.problem}")
    raise SystemExit(1)


def init_cli(app: Flask) -> None:
    app.cli.add_command(team)
    app.cli.add_command(audit_cli)
