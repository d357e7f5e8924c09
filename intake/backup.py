"""Logical backups: every lasting table, as the database holds it, in one checked file.

Format ``candour-backup`` version 1 — a gzip-compressed UTF-8 text file of JSON lines:

- line 1, the manifest: ``{"format": "candour-backup", "version": 1, "created_on": day,
  "alembic_revision": str | null, "dialect": "sqlite" | "postgresql", "tables": {name: rows},
  "excluded": [names], "key_check": hex, "national_key_check": hex | "none", "sha256": hex,
  "mac": hex}`` (a file made before ``national_key_check`` was recorded lacks it);
- every further line one row: ``{"t": table, "r": {column: value}}``, tables in foreign-key
  order, rows in primary-key order. Binary columns are base64, dates and times ISO 8601, the
  rest plain JSON. ``sha256`` is the SHA-256 of these row lines exactly as stored (uncompressed,
  each ending in a newline): anyone can check a copy for corruption. ``mac`` is an HMAC-SHA256
  of the same lines (followed, where the manifest records ``national_key_check``, by
  ``\x00national key check\x00`` and its value) under a key derived from the key file, so an
  edit with a recomputed checksum is refused too, and so is deleting that field; restore
  recomputes both over the rows it actually inserts, in the same transaction, so what is
  committed is exactly what was checked.

What it carries is only what the database already holds: sealed content (HPKE ciphertext only
the team's keys open), keyed hashes of receipts and subjects, wrapped key copies, clear codes
and day dates. It never holds the key file: ``key_check`` is an HMAC of a fixed
label under the receipt and matching keys, which tells restore whether it runs with the same
key file (without it receipts would stop opening and subjects stop matching) and reveals
nothing about the keys (any secret added to the key file later is covered too).
``national_key_check`` does the same for ``CANDOUR_NATIONAL_MATCHING_KEY``, which is not in the
key file ("none" where it was not set): ``national_token`` rows hashed under another key would
never match again, so a report naming someone named in another force would silently stop
saying so. It does hold
what the ``member`` table holds: staff e-mail addresses, Argon2id password hashes, TOTP secrets
and password-wrapped key copies, so backups must be stored encrypted and access-controlled like
the database itself (README, "Running in production").

Left out, because they are short-lived and useless or unwanted after a restore: ``draft``
and ``reporter_session`` (readable only with a key in the reporter's cookie; a draft is purged
after three days, and a reporter is told their session ends after 30 minutes unused),
``staff_session`` and ``pending_sign_in`` (everyone signs in again after a restore). Rows of
these tables in a file made before one of them was left out are checked and then skipped.

The format is independent of the database: a SQLite backup restores into PostgreSQL and back.

Backups work across forces: one file holds every force's rows (and the force table). Creating
one reads through the engine as the connecting role; restoring lifts the row-level policies for
its transaction (``intake.tenancy.work_across_forces``), so that role must be a superuser or have
``BYPASSRLS``.

Longer than 400 lines because writing, checking and restoring share one format and its checks;
splitting them would put the format's rules in three places.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import os
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Table, delete, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from intake.config import Secrets
from intake.db import db
from intake.models.force import Force
from intake.tenancy import work_across_forces

FORMAT = "candour-backup"
VERSION = 1
EXCLUDED_TABLES = frozenset({"draft", "reporter_session", "staff_session", "pending_sign_in"})
_BATCH_ROWS = 200
_BATCH_BYTES = 16 * 1024 * 1024
_KEY_CHECK_LABEL = b"candour backup key check v1"
_MAC_LABEL = b"candour backup content mac v1"
_NATIONAL_KEY_LABEL = b"candour backup national matching key check v1"
NO_NATIONAL_KEY = "none"


class BackupError(Exception):
    """A backup that cannot be written or must not be restored; the message says why."""


@dataclass(frozen=True)
class Manifest:
    created_on: str
    alembic_revision: str | None
    dialect: str
    tables: dict[str, int]
    excluded: list[str]
    key_check: str
    sha256: str
    mac: str
    # None only in a file made before it was recorded: nothing can then be said of the key.
    national_key_check: str | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> str:
        return json.dumps(
            {"format": FORMAT, "version": VERSION, **self.__dict__},
            separators=(",", ":"),
            sort_keys=True,
        )


def backed_up_tables() -> list[Table]:
    """Every table of the schema except the ephemeral ones, parents before children."""
    return [t for t in db.metadata.sorted_tables if t.name not in EXCLUDED_TABLES]


# Secrets whose change loses nothing the database holds: sessions end, rate limits restart.
_DISPOSABLE_SECRETS = frozenset({"secret_key", "limiter_key"})


def key_check(secrets: Secrets) -> str:
    """A keyed fingerprint of every secret the stored data depends on (receipts, subject
    tokens, and any secret added later); it reveals nothing about them."""
    parts = [
        hmac.new(value, _KEY_CHECK_LABEL + name.encode(), hashlib.sha256).digest()
        for name, value in sorted(vars(secrets).items())
        if name not in _DISPOSABLE_SECRETS and isinstance(value, bytes)
    ]
    return hashlib.sha256(b"".join(parts)).hexdigest()[:32]


def national_key_check(national_key: bytes | None) -> str:
    """A keyed fingerprint of the national matching key (revealing nothing of it), or "none"."""
    if national_key is None:
        return NO_NATIONAL_KEY
    return hmac.new(national_key, _NATIONAL_KEY_LABEL, hashlib.sha256).hexdigest()[:32]


class _Digests:
    """The plain checksum and the keyed MAC of the row lines, updated together."""

    def __init__(self, secrets: Secrets) -> None:
        self.sha256 = hashlib.sha256()
        mac_key = hmac.new(secrets.receipt_key, _MAC_LABEL, hashlib.sha256).digest()
        self.mac = hmac.new(mac_key, digestmod=hashlib.sha256)

    def update(self, line: bytes) -> None:
        self.sha256.update(line)
        self.mac.update(line)

    def keyed(self, national_key_check: str | None) -> str:
        """The MAC of the row lines and, where recorded, the national key's fingerprint: deleting
        that field from the manifest (so the file looked older than the check and restored under
        any key) breaks the MAC. A file made before it was recorded has a MAC of its rows alone."""
        mac = self.mac.copy()
        if national_key_check is not None:
            mac.update(b"\x00national key check\x00" + national_key_check.encode())
        return mac.hexdigest()

    def check(self, manifest: Manifest) -> None:
        if not hmac.compare_digest(self.sha256.hexdigest(), manifest.sha256):
            raise BackupError(
                "The backup's checksum does not match its content: the file was corrupted or edited"
            )
        if not hmac.compare_digest(self.keyed(manifest.national_key_check), manifest.mac):
            raise BackupError(
                "The backup's content was changed after it was made (its keyed check fails)"
            )


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at; None for a schema made without migrations."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Values <-> JSON ------------------------------------------------------------------------------


def _kind(column: Column[Any]) -> type:
    try:
        return column.type.python_type
    except NotImplementedError:
        return object


# A column marked ``info={"backup": "rebuilt"}`` is a copy of other rows that the restoring
# command rebuilds (``roster_person.tokens``, PostgreSQL's array of each person's roster tokens):
# it is written as null, so a backup with a roster is written at all on PostgreSQL and restores
# into SQLite, which has no arrays.
REBUILT = "rebuilt"


def _encoder(column: Column[Any]) -> Callable[[Any], Any]:
    if column.info.get("backup") == REBUILT:
        return lambda v: None
    kind = _kind(column)
    if kind is bytes:
        return lambda v: None if v is None else base64.b64encode(v).decode("ascii")
    if kind in (date, datetime):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    kind = _kind(column)
    if kind is bytes:
        return lambda v: None if v is None else base64.b64decode(v, validate=True)
    if kind is datetime:
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if kind is date:
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


# Create ---------------------------------------------------------------------------------------


def _snapshot(connection: Connection) -> Connection:
    """One consistent view of every table for the whole dump."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    connection.exec_driver_sql("BEGIN")  # SQLite: a read transaction holds one snapshot
    return connection


def _write_rows(connection: Connection, body: IO[bytes], digest: _Digests) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in backed_up_tables():
        encoders = {c.name: _encoder(c) for c in table.columns}
        query = select(table).order_by(*table.primary_key.columns)
        counts[table.name] = 0
        result = connection.execution_options(stream_results=True, yield_per=100).execute(query)
        for row in result.mappings():
            line = (
                json.dumps(
                    {"t": table.name, "r": {k: encoders[k](v) for k, v in row.items()}},
                    separators=(",", ":"),
                ).encode()
                + b"\n"
            )
            digest.update(line)
            body.write(line)
            counts[table.name] += 1
    return counts


def create_backup(path: Path, secrets: Secrets, *, national_key: bytes | None) -> Manifest:
    """Write a backup of the database to ``path`` (replaced atomically, readable by owner only).
    A file that cannot be written (no space, no permission) raises BackupError and leaves
    nothing behind: neither a half-written backup nor an older one replaced."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder; give the backup file's name")
    # Said as it is: writing into it would fail with "Not a directory".
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise BackupError(f"{folder} is a file, not a folder: give a path in a folder")
            break
    # Never made: a mistyped folder in a cron line would put every backup somewhere nobody
    # looks, with a zero exit status that no alert fires on.
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist; nothing written")
    try:
        return _write_backup(path, secrets, national_key)
    except OSError as error:
        raise BackupError(
            f"The backup could not be written to {path} ({error.strerror or error}); "
            "nothing was kept"
        ) from error


def _write_backup(path: Path, secrets: Secrets, national_key: bytes | None) -> Manifest:
    with tempfile.TemporaryFile(dir=path.parent) as body:
        with db.engine.connect() as raw:
            connection = _snapshot(raw)
            digest = _Digests(secrets)
            counts = _write_rows(connection, body, digest)
            revision = schema_revision(connection)
            dialect = connection.dialect.name
            connection.rollback()
        manifest = Manifest(
            created_on=date.today().isoformat(),
            alembic_revision=revision,
            dialect=dialect,
            tables=counts,
            excluded=sorted(EXCLUDED_TABLES),
            key_check=key_check(secrets),
            national_key_check=national_key_check(national_key),
            sha256=digest.sha256.hexdigest(),
            mac=digest.keyed(national_key_check(national_key)),
        )
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb") as out:
                out.write(manifest.to_json().encode() + b"\n")
                body.seek(0)
                while chunk := body.read(1024 * 1024):
                    out.write(chunk)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)  # half a backup is of no use, and holds sealed rows
            raise
    return manifest


# Read and check -------------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[bytes]:
    try:
        with gzip.open(path, "rb") as handle:
            yield from handle
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}") from None
    except (OSError, EOFError, zlib.error) as error:
        raise BackupError(
            f"{path} is not a readable Candour backup (the compressed file is damaged or truncated)"
        ) from error


def _parse_manifest(line: bytes) -> Manifest:
    try:
        data = json.loads(line)
        if data.get("format") != FORMAT:
            raise BackupError("This file is not a Candour backup")
        if data.get("version") != VERSION:
            raise BackupError(
                f"This backup is format version {data.get('version')}; this "
                f"version of Candour reads version {VERSION}"
            )
        return Manifest(
            created_on=str(data["created_on"]),
            alembic_revision=data["alembic_revision"],
            dialect=str(data["dialect"]),
            tables={str(k): int(v) for k, v in data["tables"].items()},
            excluded=list(data["excluded"]),
            key_check=str(data["key_check"]),
            sha256=str(data["sha256"]),
            mac=str(data["mac"]),
            national_key_check=(
                None if data.get("national_key_check") is None else str(data["national_key_check"])
            ),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError("The backup's manifest is damaged") from error


def _rows(path: Path) -> tuple[Manifest, Iterator[tuple[bytes, str, dict[str, Any]]]]:
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise BackupError(f"{path} is empty")
    manifest = _parse_manifest(first)

    def rows() -> Iterator[tuple[bytes, str, dict[str, Any]]]:
        for line in lines:
            try:
                item = json.loads(line)
                yield line, str(item["t"]), dict(item["r"])
            except (ValueError, KeyError, TypeError) as error:
                raise BackupError(
                    "The backup has a damaged line; it was corrupted or edited"
                ) from error

    return manifest, rows()


def _check_key_file(manifest: Manifest, secrets: Secrets) -> None:
    """Said first and plainly: the keyed check would otherwise fail as if the file were edited."""
    if not hmac.compare_digest(manifest.key_check, key_check(secrets)):
        raise BackupError(
            "This backup was made with a different key file (CANDOUR_KEY_FILE or the "
            "CANDOUR_*_KEY variables): receipts would not open and subjects would not "
            "match. Use the key file that was in use when it was made."
        )


def _check_national_key(manifest: Manifest, national_key: bytes | None) -> None:
    """Refused where the national tokens restored would be keyed otherwise than new ones: no
    error would ever show, reports would only stop being found in other forces. A backup made
    without the key may be restored with one: switching it on later is allowed anyway."""
    made_with = manifest.national_key_check
    if made_with is None or made_with == NO_NATIONAL_KEY:
        return
    if national_key is None:
        raise BackupError(
            "This backup was made with a national matching key (CANDOUR_NATIONAL_MATCHING_KEY) "
            "and none is set here: people named in two forces would no longer be matched. Set "
            "the key that was in use when it was made."
        )
    if not hmac.compare_digest(made_with, national_key_check(national_key)):
        raise BackupError(
            "This backup was made with a different national matching key "
            "(CANDOUR_NATIONAL_MATCHING_KEY): people named in two forces would no longer be "
            "matched. Set the key that was in use when it was made."
        )


def verify_backup(path: Path, secrets: Secrets, *, national_key: bytes | None) -> Manifest:
    """Read the whole file once: the checksum, row counts and tables must all agree with the
    manifest and with this version's schema. Nothing is written."""
    manifest, rows = _rows(path)
    _check_key_file(manifest, secrets)
    _check_national_key(manifest, national_key)
    tables = {t.name: t for t in backed_up_tables()}
    unknown = set(manifest.tables) - set(tables) - EXCLUDED_TABLES
    if unknown:
        raise BackupError(
            f"The backup has tables this version does not know: {', '.join(sorted(unknown))}"
        )
    digest = _Digests(secrets)
    counts = dict.fromkeys(manifest.tables, 0)
    checked: set[str] = set()
    for line, name, row in rows:
        digest.update(line)
        if name not in counts:
            raise BackupError(
                f"The backup has rows for a table its manifest does not list "
                f"({name}); it was corrupted or edited"
            )
        counts[name] += 1
        if name in EXCLUDED_TABLES:  # an older file's, skipped on restore
            continue
        if name not in checked:
            expected = {c.name for c in tables[name].columns}
            if set(row) != expected:
                raise BackupError(
                    f"The backup's {name} table has different columns from this "
                    "version's; restore it with the version that made it"
                )
            checked.add(name)
    digest.check(manifest)
    if counts != manifest.tables:
        raise BackupError(
            "The backup's row counts do not match its manifest; it was corrupted or edited"
        )
    return manifest


# Restore --------------------------------------------------------------------------------------


def _is_empty(connection: Connection) -> bool:
    """Nothing but the default force every new database has (the backup's forces replace it)
    and what passing visitors leave, which no backup holds: a new service's start page, opened
    before the restore, keeps a reporter's session and draft, and refusing the restore for them
    would leave the operator only --replace, a flag that deletes real data elsewhere."""
    for table in backed_up_tables():
        if table.name == Force.__tablename__:
            continue
        if connection.execute(select(table).limit(1)).first() is not None:
            return False
    return True


def _insert_batches(connection: Connection, path: Path, secrets: Secrets) -> None:
    tables = {t.name: t for t in backed_up_tables()}
    decoders = {name: {c.name: _decoder(c) for c in t.columns} for name, t in tables.items()}
    batch: list[dict[str, Any]] = []
    batch_table = ""
    batch_bytes = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            connection.execute(insert(tables[batch_table]), batch)
        batch, batch_bytes = [], 0

    manifest, rows = _rows(path)
    digest = _Digests(secrets)  # again: the file may have changed since it was verified
    for line, name, row in rows:
        digest.update(line)
        if name in EXCLUDED_TABLES:  # an older file's reporter sessions: never restored
            continue
        if name not in tables:
            raise BackupError("The backup changed while it was being restored")
        if name != batch_table or len(batch) >= _BATCH_ROWS or batch_bytes >= _BATCH_BYTES:
            flush()
            batch_table = name
        batch.append({k: decoders[name][k](v) for k, v in row.items()})
        batch_bytes += len(line)
    flush()
    digest.check(manifest)


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences that the explicit ids just inserted bypassed."""
    if connection.dialect.name != "postgresql":
        return
    for table in backed_up_tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or _kind(keys[0]) is not int or keys[0].autoincrement is False:
            continue
        column = keys[0]
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(column))).scalar()
        connection.execute(
            text("SELECT setval(:s, :v, :called)"),
            {"s": sequence, "v": highest or 1, "called": highest is not None},
        )


def restore_backup(
    path: Path, secrets: Secrets, *, national_key: bytes | None, replace: bool = False
) -> Manifest:
    """Check the whole file, then load it in the session's transaction. The caller commits
    (after adding its audit entry); on any error everything is rolled back, so a database is
    never left half-restored."""
    manifest = verify_backup(path, secrets, national_key=national_key)
    connection = db.session.connection()
    try:
        work_across_forces(connection)  # a backup holds every force's rows
        revision = schema_revision(connection)
        wanted = manifest.alembic_revision
        if not inspect(connection).get_table_names():
            raise BackupError(
                "This database has no tables yet. Make them at the backup's schema revision "
                f"first (flask db upgrade {wanted or 'head'}), then restore"
            )
        if revision != wanted:
            raise BackupError(
                f"The backup was taken at schema revision {wanted or 'none'} and this database "
                f"is at {revision or 'no revision'}. Restore into a database at the backup's "
                "revision (flask db upgrade REVISION), then upgrade."
            )
        if not replace and not _is_empty(connection):
            raise BackupError(
                "This database is not empty. Restore into an empty database, "
                "or add --replace to delete everything in it first."
            )
        # Everything goes, children before parents in one order: sessions, drafts and sign-ins
        # under way belong to the forces about to be replaced, and a signed-in member's session
        # points at the member (deleting the backed-up tables first broke that link whenever
        # anyone was signed in). In an empty database only the default force and what visitors
        # left are there to go.
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(delete(table))
        _insert_batches(connection, path, secrets)
        _reset_sequences(connection)
        db.session.flush()
    except SQLAlchemyError as error:
        db.session.rollback()
        # The database's own message may quote values; the kind of failure is enough here.
        raise BackupError(
            f"The database refused a row of the backup ({type(error).__name__})"
        ) from error
    except Exception:
        db.session.rollback()
        raise
    return manifest
