"""Every team-side operator command, registered by ``wsgi.create_app``:

- ``flask team init|add-member|recover``: set up the team and hand out access;
- ``flask audit verify``: check the hash chain;
- ``flask triage rescore``: recompute every cluster's risk from stored signals;
- ``flask triage calibrate``: learn the matching weights from the stored tokens;
- ``flask triage reread``: make every named person's tokens again with this version's reader
  (decrypting with the recovery key, the one command here that does) and relink;
- ``flask backup create|verify|restore`` and ``flask retention apply``;
- ``flask force rename`` (``triage.force_command``), in the ``flask force`` group.

Commands that hand out access (``add-member``, ``recover``) have no signed-in lead whose keys they
could pass on, so they ask for the recovery key printed by ``flask team init`` and record in the
audit log that it was used. Passwords and recovery keys are prompted, never taken from arguments
that would land in shell history, and never logged or audited. Invitation links are printed once.
Each command is recorded in the audit log where it changes anything; none prints report content,
and only ``reread`` decrypts (to make tokens, never to show anything).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from intake.addresses import public_url
from intake.backup import (
    NO_NATIONAL_KEY,
    BackupError,
    Manifest,
    create_backup,
    restore_backup,
    verify_backup,
)
from intake.cli import OperatorGroup, force_commands, proof_commands
from intake.config import LOOPBACK_HOSTS, MAX_RETENTION_MONTHS
from intake.db import db
from intake.models import Report, TeamKey
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.sealing import SealError, TeamPrivateKey
from intake.tenancy import current_force, force_secret, on_behalf_of, use_force
from triage import audit
from triage.casework.retention import apply_retention
from triage.cli_words import counted
from triage.force_command import (
    add_command,
    refuse_national,
    remove_command,
    rename_command,
    rotate_key_command,
)
from triage.matching.calibrate import MIN_SUBJECTS, calibrate, surname_frequencies
from triage.matching.calibrate import table as weights_table
from triage.matching.cluster_risk import clusters_of_report_ids, rescore
from triage.matching.relink import judgements, stored_subjects
from triage.matching.relink_run import matching_state, relink_current_force
from triage.matching.reread import reread, write_signals
from triage.matching.roster_file import RosterFileError, ServiceForces, read_roster_file
from triage.matching.roster_sql import pack as pack_roster
from triage.matching.roster_store import ImportPlan, import_roster, plan_import
from triage.matching.weights_store import latest_weights, store_weights, uses_hand_set
from triage.models import ROLES, AuditEntry, Member
from triage.models.subjects import SubjectLink
from triage.oversight.command import oversight_commands
from triage.team.invitations import (
    EmailTaken,
    MissingKeys,
    email_taken,
    invite,
    restore_access,
)
from triage.team.keys import create_recovery, unlock_recovery
from triage.team.members import (
    create_team,
    email_problem,
    name_problem,
    normalise_email,
)
from triage.team.passwords import password_problem, totp_uri

team_commands = OperatorGroup("team", help="Set up and manage the independent team.")
audit_commands = OperatorGroup("audit", help="Check the audit log.")


def _link(token: str) -> str:
    """The invitation URL, at CANDOUR_BASE_URL (and a force other than the default under its
    slug, where its members' invitations are kept): ``intake.addresses.public_url``."""
    base = current_app.config["CANDOUR_BASE_URL"].rstrip("/")
    address = urlsplit(base)
    if current_app.config.get("CANDOUR_PRODUCTION") and (
        address.scheme != "https" or address.hostname in LOOPBACK_HOSTS
    ):
        # A link nobody can open would be sent all the same: say so before it is printed.
        click.echo(
            f"Warning: CANDOUR_BASE_URL is {base}, which is not the service's public https "
            "address: set it, or send the link with its start replaced by that address.",
            err=True,
        )
    return public_url("team.accept_invitation", token=token)


def _recovery_keys(why: str) -> dict[int, TeamPrivateKey]:
    force = current_force()
    if force.national:
        raise click.ClickException(
            "A national force has no team keys and no recovery key: it has oversight members only."
        )
    if TeamKey.current() is None:  # no key to recover: asking would only record a refusal
        raise click.ClickException(
            f"{force.name} has no team yet: run `{_force_prefix()}flask team init` first."
        )
    recovery = click.prompt("Recovery key", hide_input=True)
    try:
        keys = unlock_recovery(recovery)
    except SealError as error:
        audit.record("recovery_refused", None, detail=f"wrong recovery key ({why})")
        db.session.commit()
        raise click.ClickException("That recovery key does not open the team's keys.") from error
    audit.record("recovery_used", None, detail=why)
    return keys


def _check_member(email: str, name: str) -> None:
    """As the web invitation checks them, before anything is asked for or kept."""
    if problem := name_problem(name) or email_problem(email):
        raise click.ClickException(problem + ".")


@team_commands.command("init")
@click.option("--email", required=True, help="The first lead's email address.")
@click.option("--name", required=True, help="The first lead's name.")
def init_team(email: str, name: str) -> None:
    """Create the team key pair and the first lead; print what the operator must keep. The
    lead's password is prompted for (twice), once everything else has been checked."""
    if current_force().national:
        # No key pair means no report can ever be sealed to (or sent at) a national force.
        raise click.ClickException(
            "A national force takes no reports and has no team key: add its oversight members "
            "with `flask team add-member --role oversight`."
        )
    if db.session.scalar(select(func.count(Member.id))):
        raise click.ClickException("The team already exists; add members from the web UI.")
    _check_member(email, name)
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, [email, name])
    if problem is not None:
        raise click.ClickException(problem + ".")
    key_id, lead, recovery = create_team(email, name, password)
    db.session.commit()
    click.echo(f"Team key {key_id} created; lead {lead.email} added.")
    click.echo(f"Authenticator secret for {lead.email}: {lead.totp_secret}")
    click.echo(f"  ({totp_uri(lead.totp_secret or '', lead.email)})")
    click.echo("Recovery key (shown once; keep it offline, it can restore the team's access):")
    click.echo(f"  {recovery}")


@team_commands.command("add-member")
@click.option("--email", required=True, help="The new member's email address.")
@click.option("--name", required=True, help="The new member's name.")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="Their role.")
def add_member(email: str, name: str, role: str) -> None:
    """Invite a member and print their one-time link. Caseworkers and leads need a copy of the
    team keys, so this asks for the recovery key; a lead can instead invite from the web UI.
    A national force has only oversight members, added here."""
    if current_force().national and role != "oversight":
        raise click.ClickException("A national force has oversight members only.")
    _check_member(email, name)
    # Before the recovery key is asked for: it is not typed in for an invitation that fails.
    if email_taken(email):
        raise click.ClickException("A member with this email address already exists.")
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


@team_commands.command("recover")
@click.option("--email", required=True, help="The member whose access to restore.")
def recover(email: str) -> None:
    """Use the recovery key to give a member (say, a locked-out lead) a fresh set-up link with a
    copy of every team key. Their old password and authenticator stop working when they use it.
    An oversight member holds no keys, so theirs needs no recovery key."""
    member = db.session.scalars(
        select(Member).where(Member.email == normalise_email(email), Member.active.is_(True))
    ).first()
    if member is None:
        raise click.ClickException("There is no current member with that email address.")
    if member.role == "oversight":
        # They hold no team keys (``add-member`` invites them without the recovery key), and a
        # national force, whose members they all are, has no recovery key to ask for.
        token = restore_access(member, {}, None, how=" by the operator (oversight: no keys)")
    else:
        keys = _recovery_keys(f"to restore access for {member.name} (member {member.id})")
        token = restore_access(member, keys, None, how=" using the recovery key")
    db.session.commit()
    click.echo(
        f"Send {member.name} this one-time link to set a new password and authenticator "
        "(it works once, for 7 days; it is not shown again):"
    )
    click.echo(f"  {_link(token)}")


@team_commands.command("new-recovery-key")
def new_recovery_key() -> None:
    """Replace the recovery key (after it was used or may have been seen); prints the new one."""
    keys = _recovery_keys("to replace the recovery key")
    recovery = create_recovery(keys)
    db.session.commit()
    click.echo("New recovery key (shown once; the old one no longer works):")
    click.echo(f"  {recovery}")


def _since_hash(since: str) -> bytes:
    """--since as bytes; a mistyped one is refused before the chain is walked."""
    try:
        return bytes.fromhex(since.strip())
    except ValueError:
        raise click.UsageError("--since takes the hash as the last run printed it.") from None


def _still_there(wanted: bytes) -> bool:
    """Whether the entry an earlier run printed as the last is still in the chain."""
    if db.session.scalars(select(AuditEntry.id).where(AuditEntry.entry_hash == wanted)).first():
        return True
    click.echo(
        "The entry that was last when --since's hash was printed is gone: entries were removed "
        "from the end of the log (or the hash is another force's or mistyped)."
    )
    return False


@audit_commands.command("verify")
@click.option(
    "--all-forces",
    is_flag=True,
    help="Every force's chain in turn (each force has its own), rather than the command's force's.",
)
@click.option(
    "--since",
    metavar="HASH",
    default=None,
    help="The last entry's hash as an earlier run printed it: exit 1 if that entry is gone "
    "(entries removed from the end leave an intact but shorter chain).",
)
def verify_audit(all_forces: bool, since: str | None) -> None:
    """Walk the hash chain; exit 1 naming the first entry that was altered, removed or moved.
    Keep the hash it prints, and give it to the next run as --since."""
    if all_forces and since:
        raise click.UsageError("--since is one force's: give it without --all-forces.")
    if not all_forces:
        wanted = _since_hash(since) if since else None
        # Named as --all-forces names each: "default: ..." says it was this force's chain only.
        if not _verify_chain(f"{current_force().slug}: ") or (
            wanted is not None and not _still_there(wanted)
        ):
            raise SystemExit(1)
        return
    forces = db.session.execute(select(Force.id, Force.slug).order_by(Force.id)).all()
    broken: list[str] = []
    for force_id, slug in forces:
        with use_force(force_id):
            if not _verify_chain(f"{slug}: "):
                broken.append(slug)
    if broken:
        click.echo(f"Broken in {counted(len(broken), 'force')}: {', '.join(broken)}.")
        raise SystemExit(1)
    click.echo(f"Every force's audit log is intact ({counted(len(forces), 'force')}).")


def _verify_chain(prefix: str) -> bool:
    result = audit.verify()
    if result.broken_at is None:
        last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        head = f"; the last, {last.place}, has hash {last.entry_hash.hex()}" if last else ""
        click.echo(f"{prefix}Audit log intact: {result.entries} entries{head}")
        return True
    click.echo(f"{prefix}Audit log broken at entry {result.broken_at}: {result.problem}")
    return False


triage_commands = OperatorGroup("triage", help="Maintain repeat-subject clusters and their risk.")
CHUNK = 1000


@triage_commands.command("rescore")
def rescore_all() -> None:
    """Re-score every cluster and every report's risk from the stored signals."""
    refuse_national("so it has none to score")
    clusters = list(db.session.scalars(select(SubjectLink.cluster_id).distinct()))
    for start in range(0, len(clusters), CHUNK):
        rescore(db.session, clusters[start : start + CHUNK])
        if len(clusters) > CHUNK:  # a force's worth takes minutes: say how far it has got
            _say(f"  {min(start + CHUNK, len(clusters))} of {len(clusters)} clusters")
    unlinked = db.session.scalars(
        select(Report).where(~Report.id.in_(select(SubjectLink.report_id)))
    ).all()
    rescore(db.session, [], also=unlinked)
    # Scores order the queue: who re-scored them, and when, is on record.
    audit.record("risk_rescored", None, detail=f"{len(clusters)} clusters, {len(unlinked)} reports")
    db.session.commit()
    _say(f"Re-scored {len(clusters)} clusters and {len(unlinked)} reports naming nobody.")


@triage_commands.command("relink")
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
@click.option(
    "--all-forces",
    is_flag=True,
    help="Every force in turn (national oversight forces hold no reports), each in its own "
    "transaction, rather than the command's force alone.",
)
def relink_all(dry_run: bool, all_forces: bool) -> None:
    """Re-cluster every person named, from tokens, against the current roster, keeping
    caseworkers' judgements; apply it in one transaction per force, audited and re-scored."""
    if not all_forces:
        refuse_national(
            "so it has nobody to relink",
            "set CANDOUR_FORCE to one of the forces, or give --all-forces.",
        )
        if not relink_current_force(db.session, dry_run, _say):
            raise SystemExit(1)
        return
    forces = db.session.execute(
        select(Force.id, Force.slug).where(Force.national.is_(False)).order_by(Force.id)
    ).all()
    started = time.perf_counter()
    changed: list[str] = []
    for number, (force_id, slug) in enumerate(forces, start=1):
        click.echo(f"Force {slug} ({number} of {len(forces)}):")
        # Its own transaction, under its own row-level setting: a force's relink sees, and
        # changes, only that force's reports and roster.
        with use_force(force_id):
            if not relink_current_force(db.session, dry_run, _say):
                changed.append(slug)
    took = f"{time.perf_counter() - started:.1f}s"
    if dry_run:
        click.echo(f"{counted(len(forces), 'force')} checked in {took} (nothing written).")
    else:
        click.echo(f"{counted(len(forces), 'force')} relinked in {took}.")
    if changed:
        click.echo(f"Not written, changed meanwhile (run these again): {', '.join(changed)}.")
        raise SystemExit(1)


@triage_commands.command("reread")
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
def reread_all(dry_run: bool) -> None:
    """Read the people named in every report again with this version of Candour (the recovery
    key opens the reports; nothing is printed or kept in clear), replace the tokens made
    differently before, then relink. Reports sent before an upgrade that reads names or units
    better are matched as if they had arrived after it."""
    refuse_national("so it has none to read")
    keys = _recovery_keys("read the people named in reports again")
    db.session.commit()  # the recovery key's use stays on record whatever follows
    secret = force_secret(current_app.config["CANDOUR_SECRETS"].matching_key)
    # Taken first: a report withdrawn, or one arriving, while reports are read again means
    # nothing is written (the withdrawn one's tokens would otherwise come back).
    state = matching_state(db.session)
    result = reread(db.session, keys, secret, lambda done, total: _say(f"  {done} of {total}"))
    summary = (
        f"{counted(result.subjects, 'person', 'people')} named in "
        f"{counted(result.reports, 'report')}: {result.changed} read differently"
    )
    if result.signals:
        summary += f", and the units named in {counted(len(result.signals), 'report')}"
    if result.destroyed:
        summary += f"; {counted(result.destroyed, 'report')} with its content destroyed, not read"
    if result.unopened:
        summary += f"; {counted(result.unopened, 'report')} the recovery key does not open"
    _say(f"{'Would read' if dry_run else 'Read'} again {summary}.")

    def write_under_lock() -> None:
        write_signals(db.session, result.signals)
        changed = list(result.signals)
        for start in range(0, len(changed), CHUNK):  # the units weigh in each person's risk
            rescore(db.session, clusters_of_report_ids(db.session, changed[start : start + CHUNK]))
        audit.record("reread", None, detail=summary)

    # One transaction with the relink: if reports arrive meanwhile, nothing of either is kept.
    if not relink_current_force(
        db.session, dry_run, _say, since=state, under_lock=write_under_lock
    ):
        raise SystemExit(1)


@triage_commands.command("calibrate")
@click.option("--dry-run", is_flag=True, help="Only print the table; store nothing.")
@click.option("--reset", is_flag=True, help="Go back to the hand-set weights (the default).")
def calibrate_weights(dry_run: bool, reset: bool) -> None:
    """Learn what each agreement is worth from the stored tokens (Fellegi-Sunter m and u by
    EM; nothing is decrypted), print it, and store the weights live matching and relink use."""
    if reset:
        if dry_run:
            raise click.UsageError("--reset and --dry-run cannot be used together.")
        _reset_weights()
        return
    started = time.perf_counter()
    _say("Reading the stored tokens ...")
    subjects = stored_subjects(db.session)
    if len(subjects) < MIN_SUBJECTS:
        raise click.ClickException(
            f"Nothing to learn from: {len(subjects)} people named in reports, fewer than "
            f"{MIN_SUBJECTS}. Nothing stored; matching keeps the weights in use."
        )
    _, apart = judgements(db.session)
    in_use = latest_weights(db.session)
    weights, fit = calibrate(subjects, apart, base=in_use, progress=_say)
    for line in weights_table(fit, surname_frequencies(subjects)):
        _say(line)
    if dry_run:
        _say("Nothing stored (--dry-run).")
        return
    if weights == in_use:
        # A new version that changes nothing would read in the audit as a calibration.
        _say(
            "Every weight is the one in use (those with too few pairs to learn from are kept, "
            "as the table says): nothing stored; matching keeps the weights in use."
        )
        return
    version = store_weights(db.session, weights, date.today())
    pairs = sum(s.pairs for s in fit.sessions)
    audit.record(
        "weights_calibrated",
        None,
        detail=f"version {version}: from {len(subjects)} subjects and {pairs} pairs",
    )
    db.session.commit()
    _say(
        f"Stored matching weights version {version} in {time.perf_counter() - started:.1f}s; "
        f"matching and relink use them from now on (`{_force_prefix()}flask triage calibrate "
        "--reset` goes back to the hand-set weights)."
    )


def _reset_weights() -> None:
    """Back to the hand-set weights: a new version saying so, audited in the same transaction."""
    if uses_hand_set(db.session):
        _say("Matching already uses the hand-set weights: nothing changed.")
        return
    version = store_weights(db.session, None, date.today())
    audit.record("weights_reset", None, detail=f"version {version}: the hand-set weights")
    db.session.commit()
    _say(
        f"Stored matching weights version {version}: the hand-set weights, which matching uses "
        f"from now on. Run `{_force_prefix()}flask triage relink` to weigh the people already "
        "named with them."
    )


backup_commands = OperatorGroup(
    "backup", help="Back up and restore the database (sealed content only)."
)
retention_commands = OperatorGroup(
    "retention", help="Destroy the sealed content of old closed cases."
)


def _summary(manifest: Manifest) -> str:
    return (
        f"{manifest.rows} rows in {len(manifest.tables)} tables, schema revision "
        f"{manifest.alembic_revision or 'none'}, SHA-256 {manifest.sha256}"
    )


def _national_key() -> bytes | None:
    key: bytes | None = current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY")
    return key


def _national_key_said(manifest: Manifest) -> str:
    """What ``backup verify`` says of the national matching key (already checked to fit)."""
    if manifest.national_key_check is None:
        return "National matching key: not recorded (the backup is older than that check)."
    if manifest.national_key_check == NO_NATIONAL_KEY:
        return "National matching key: none was set when it was made."
    return "National matching key: the one set here (CANDOUR_NATIONAL_MATCHING_KEY)."


def _audit_in_every_force(action: str, detail: str) -> None:
    """A backup holds, and a restore replaces, every force's data: each force's own chain says
    so, in this transaction (a force's team sees only its own chain)."""
    for force_id in db.session.scalars(select(Force.id).order_by(Force.id)).all():
        with on_behalf_of(force_id):
            audit.record(action, None, detail=detail)


@backup_commands.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Write over PATH if it exists (otherwise an existing file is refused).",
)
def create(path: Path, replace: bool) -> None:
    """Write a backup of every lasting table to PATH (gzip'd JSON lines with a manifest).

    The key file is not in it: back that up separately."""
    # A mistyped or reused name must not silently destroy the last good backup.
    if path.is_file() and not replace:
        raise click.ClickException(
            f"{path} already exists and was left as it was. Give a new file name, "
            "or add --replace to write over it."
        )
    try:
        manifest = create_backup(
            path, current_app.config["CANDOUR_SECRETS"], national_key=_national_key()
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    _audit_in_every_force("backup_created", f"{manifest.rows} rows; sha256 {manifest.sha256[:16]}")
    db.session.commit()
    click.echo(f"Backup written to {path}: {_summary(manifest)}")
    for table, rows in manifest.tables.items():
        click.echo(f"  {table}: {rows}")


@backup_commands.command("verify")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def verify(path: Path) -> None:
    """Check PATH's checksum, counts and tables without restoring anything."""
    try:
        manifest = verify_backup(
            path, current_app.config["CANDOUR_SECRETS"], national_key=_national_key()
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backup intact: {_summary(manifest)}, made {manifest.created_on} on {manifest.dialect}"
    )
    click.echo(_national_key_said(manifest))


@backup_commands.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Delete everything in this database first (otherwise it must be empty).",
)
def restore(path: Path, replace: bool) -> None:
    """Restore PATH into this database in one transaction (all of it or nothing)."""
    try:
        manifest = restore_backup(
            path,
            current_app.config["CANDOUR_SECRETS"],
            national_key=_national_key(),
            replace=replace,
        )
    except BackupError as error:
        # A restore is one transaction: whatever went wrong, nothing of the backup was kept.
        raise click.ClickException(f"{str(error).rstrip('.')}. Nothing was restored.") from error
    pack_roster(db.session)  # the copy of roster tokens a backup leaves out, in this transaction
    _audit_in_every_force(
        "backup_restored",
        f"{manifest.rows} rows from a backup made {manifest.created_on}; sha256 "
        f"{manifest.sha256[:16]}" + ("; replaced the previous contents" if replace else ""),
    )
    db.session.commit()
    click.echo(f"Restored {_summary(manifest)}. Everyone must sign in again.")


def _default_months() -> int:
    """The force's own retention period, else the deployment's."""
    months: int = current_force().retention_months or current_app.config["CANDOUR_RETENTION_MONTHS"]
    return months


@retention_commands.command("apply")
@click.option(
    "--months",
    type=click.IntRange(min=1, max=MAX_RETENTION_MONTHS),
    default=None,
    help="Retention period (default the force's own, else CANDOUR_RETENTION_MONTHS, or 24).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be destroyed.")
@click.option(
    "--all-forces",
    is_flag=True,
    help="Every force in turn (national oversight forces hold no reports), each with its own "
    "retention period and in its own transaction, rather than the command's force alone.",
)
def apply(months: int | None, dry_run: bool, all_forces: bool) -> None:
    """Destroy the sealed content of cases closed more than the retention period ago."""
    if not all_forces:
        _apply_retention_here(months, dry_run)
        return
    forces = db.session.execute(
        select(Force.id, Force.slug).where(Force.national.is_(False)).order_by(Force.id)
    ).all()
    failed: list[str] = []
    for force_id, slug in forces:
        # Its own transaction, under its own row-level setting: one force's failure keeps
        # nothing of that force's and does not stop the others'.
        try:
            with use_force(force_id):
                _apply_retention_here(months, dry_run)
        except SQLAlchemyError as error:
            click.echo(
                f"{slug}: failed ({type(error).__name__}); nothing of this force's was destroyed."
            )
            failed.append(slug)
    done = "checked (nothing destroyed)" if dry_run else "done"
    click.echo(f"Retention {done} in {counted(len(forces) - len(failed), 'force')}.")
    if failed:
        click.echo(
            f"Failed in {counted(len(failed), 'force')} (run it again): {', '.join(failed)}."
        )
        raise SystemExit(1)


def _apply_retention_here(months: int | None, dry_run: bool) -> None:
    """The command's force, or the one ``use_force`` chose; each line starts with its slug so
    that a log of many forces' runs can be told apart."""
    slug = current_force().slug
    months = months or _default_months()
    result = apply_retention(months, dry_run=dry_run)
    db.session.commit()
    verb = "Would destroy" if dry_run else "Destroyed"
    click.echo(
        f"{slug}: {verb} the sealed content of {result.cases} cases closed before "
        f"{result.cutoff.isoformat()} (retention {months} months): "
        f"{result.attachments} attachments, {result.messages} messages, "
        f"{result.notes} notes, {result.subject_tokens} subject tokens."
    )
    if result.kept_for_protection:
        click.echo(
            f"{slug}: Kept {result.kept_for_protection} due cases whose protective measures are "
            "still open; a lead must end them first."
        )


roster_commands = OperatorGroup(
    "roster", help="The force's HR roster, for matching the people reports name."
)


def _force_prefix() -> str:
    """What a command for this force starts with: "CANDOUR_FORCE=north ", or nothing."""
    force = current_force()
    return "" if force.id == DEFAULT_FORCE_ID else f"CANDOUR_FORCE={force.slug} "


def _named(line: str) -> str:
    """``line`` as a force-specific command prints it: the force's slug first ("north: ..."),
    as ``audit verify`` and ``retention apply`` start theirs, so that a log of many forces'
    runs can be told apart (docs/national-service.md)."""
    return f"{current_force().slug}: {line}"


def _say(line: str) -> None:
    """Print ``line`` as a force-specific command does, its force's slug first."""
    click.echo(_named(line))


def _renamed(plan: ImportPlan) -> str:
    """The likely cause when most of the file's new people have the names of people who would
    leave: the column that tells people apart changed, not the people (an empty string if not)."""
    if not plan.added or 2 * plan.added_named_as_leaving <= plan.added:
        return ""
    return (
        f"{plan.added_named_as_leaving} of the {plan.added} people new to the roster have the "
        "name of someone who would leave: the same people with different warrant numbers (or, "
        "for staff without one, a different shoulder number or unit) is the likely cause, "
        "such as a warrant_number column that was emptied, shifted or taken from another "
        "export. "
    )


@roster_commands.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only say what would change; store nothing.")
@click.option(
    "--allow-many-leavers",
    is_flag=True,
    help="Import even if more than half of those listed now would become leavers.",
)
def import_roster_file(path: Path, dry_run: bool, allow_many_leavers: bool) -> None:
    """Replace the roster with PATH: CSV with a header row (name, rank, unit, collar_number,
    warrant_number, former_collar_numbers, former_units and former_forces separated by ";",
    leaving_date), or JSON lines (.jsonl). Former forces are this service's forces, by slug or
    name. Every row is checked first; one bad row and nothing is imported."""
    refuse_national(
        "so it has no roster",
        "set CANDOUR_FORCE to the force whose roster this is. Nothing was imported.",
    )
    force = current_force()
    if TeamKey.current() is None:
        raise click.ClickException(
            f"{force.name} has no team key yet: run `{_force_prefix()}flask team init` first. "
            "Nothing was imported."
        )
    try:
        entries = read_roster_file(path, ServiceForces.load(db.session, current_force().slug))
    except RosterFileError as exc:
        for problem in exc.problems[:100]:
            click.echo(_named(problem), err=True)
        more = len(exc.problems) - 100
        if more > 0:
            click.echo(_named(f"... and {more} more"), err=True)
        raise click.ClickException(
            f"{counted(len(exc.problems), 'problem')} in {path.name}: nothing was imported"
        ) from None
    secret = force_secret(current_app.config["CANDOUR_SECRETS"].matching_key)
    plan = plan_import(db.session, entries, secret)
    if dry_run:
        click.echo(
            _named(
                f"{path.name} would list {counted(plan.listed, 'person', 'people')} "
                f"({plan.added} new, {plan.listed - plan.added} listed before); "
                f"{plan.leaving} of the {plan.listed_now} listed now would be kept as leavers."
            )
        )
        if plan.too_many_leavers():
            click.echo(_named("That is more than half: importing it needs --allow-many-leavers."))
            if renamed := _renamed(plan):
                click.echo(_named(renamed.strip()))
        click.echo(_named("Nothing stored (--dry-run)."))
        return
    if plan.too_many_leavers() and not allow_many_leavers:
        raise click.ClickException(
            f"{path.name} would make {plan.leaving} of the {plan.listed_now} people listed now "
            "leavers, more than half. Each of them would be kept as having left today, and "
            "anyone this file lists under a different warrant number would be on the roster "
            "twice, once as a leaver and once as new, so reports about them would be split "
            f"between two people. {_renamed(plan)}Check it is the whole roster, with the same "
            f"warrant numbers (`{_force_prefix()}flask roster import --dry-run {path.name}` "
            "says what would change), and import it with --allow-many-leavers if so. Nothing "
            "was imported."
        )
    total = len(entries)
    click.echo(_named(f"Importing {counted(total, 'person', 'people')} from {path.name} ..."))
    try:
        result = import_roster(
            db.session,
            entries,
            secret,
            date.today(),
            progress=lambda done: click.echo(_named(f"  {done} of {total}")),
            national=current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY"),
        )
    except RosterFileError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc}: nothing was imported") from None
    audit.record(
        "roster_imported",
        None,
        detail=(
            f"version {result.version}: {result.listed} listed, {result.added} new, "
            f"{result.updated} listed before, {result.left} no longer listed (kept as leavers)"
        ),
    )
    db.session.commit()
    click.echo(
        _named(
            f"Roster version {result.version}: {result.listed} listed ({result.added} new, "
            f"{result.updated} listed before); {result.left} no longer listed, kept as leavers."
        )
    )
    received = db.session.scalar(select(func.count(func.distinct(SubjectLink.report_id))))
    if received:
        # Arrival resolves each new report on the roster; the people already named are only
        # resolved again by a relink, so pages show no roster person until one has run.
        reports = counted(received, "report")
        click.echo(
            _named(
                f"The people named in the {reports} already received are resolved against "
                f"this roster by `{_force_prefix()}flask triage relink`: run it now."
            )
        )


COMMANDS = (
    team_commands,
    audit_commands,
    triage_commands,
    backup_commands,
    retention_commands,
    roster_commands,
    oversight_commands,
)


def register_commands(app: Flask) -> None:
    for group in COMMANDS:
        app.cli.add_command(group)
    # Audited in the force's own chain, so made on this side (``triage.force_command``).
    force_commands.add_command(add_command)
    force_commands.add_command(rename_command)
    force_commands.add_command(remove_command)
    proof_commands.add_command(rotate_key_command)
