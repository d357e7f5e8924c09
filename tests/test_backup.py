"""``flask backup create`` and ``flask backup restore``: a round trip on SQLite and PostgreSQL
(and from SQLite into PostgreSQL) after which every report, attachment, message, note and link
reason still opens with the team key and equals the original; refusals that leave the target
exactly as it was."""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, func, select, text

from intake.backup import BackupError, restore_backup
from intake.db import db
from intake.models import Attachment, Draft, Message, Report
from intake.models.force import Force
from intake.models.reporter_session import ReporterSession
from intake.sealing import TeamPrivateKey, open_sealed
from intake.tenancy import create_force, use_force
from tests.conftest import POSTGRES_SCHEMA, POSTGRES_URL, build_app, grant_app_role, schema_url
from tests.helpers import (
    Team,
    csrf_token,
    make_team,
    open_status,
    post_form,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from triage import audit
from triage.casework import closing, outcome, stages, writing
from triage.models import AuditEntry, Member, Note, RosterPerson, StaffSession, SubjectLink

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
SMITH = {"name": "Jonathan Smith", "collar_number": "PC 1234 ab", "unit": "Central West BCU"}
EVIDENCE = [
    ("diary.txt", b"Tuesday: he blocked the door again.\n"),
    ("rota.txt", b"Early turn 0700-1500, team 3\n"),
]
TEAM_MESSAGE = "Thank you. Can you tell us who else was on shift?"
REPLY = "PC Green was there, and the sergeant."


# --- a second, empty database of the same kind ----------------------------------------------


@pytest.fixture
def target_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    yield from _postgres_schema(f"{POSTGRES_SCHEMA}_restore")


def _postgres_schema(schema: str) -> Iterator[str]:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        grant_app_role(connection, schema)
    yield schema_url(schema)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def target(target_url: str) -> Iterator[Flask]:
    app = build_app(target_url)
    with app.app_context():
        db.create_all()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# --- seeding and reading everything back -----------------------------------------------------


def seed(app: Flask, team: Team) -> dict[str, str]:
    """Two linked reports (one with evidence), a message each way, notes, one closed case.
    Returns each report's receipt by reference."""
    reporter = app.test_client()
    first = submit_report(reporter, people=[SMYTH], files=EVIDENCE)
    second = submit_report(app.test_client(), people=[SMITH])
    reports = reports_in_order()
    writing.message_reporter(reports[0], team.lead, TEAM_MESSAGE)
    writing.add_note(
        reports[0], team.lead, "Check the duty states for March.", management_action=False
    )
    stages.acknowledge(reports[1], team.lead)
    outcome.record_outcome(
        reports[1],
        team.lead,
        "no_further_action",
        "Not him after all.",
        told="We looked into your report and decided this.",
    )
    closing.close(reports[1], team.lead, "No further action")
    db.session.commit()
    page = open_status(reporter, first)
    assert (
        reporter.post(
            "/status/reply",
            data={"csrf_token": csrf_token(page.get_data(as_text=True)), "body": REPLY},
        ).status_code
        == 302
    )
    sign_in_directly(app.test_client(), team.lead, team.keys)  # a staff session: not backed up
    assert db.session.scalar(select(func.count()).select_from(SubjectLink)) == 2
    return {reports[0].reference: first, reports[1].reference: second}


def opened_everything(keys: dict[int, TeamPrivateKey]) -> dict[str, Any]:
    """Every sealed thing in the database, opened with the team keys, by what it belongs to."""

    def opened(report: Report, blob: bytes, field: str) -> str:
        return open_sealed(keys, blob, record=report.record, field=field).decode("utf-8")

    everything: dict[str, Any] = {}
    for report in db.session.scalars(select(Report).order_by(Report.id)):
        links = db.session.scalars(select(SubjectLink).where(SubjectLink.report_id == report.id))
        notes = db.session.scalars(select(Note).where(Note.report_id == report.id))
        everything[report.reference] = {
            "content": json.loads(opened(report, report.content, "report")),
            "clear": (
                report.received_on,
                report.stage,
                report.closed_on,
                report.outcome,
                report.risk_score,
                report.category_codes,
                report.receipt_hash,
            ),
            "attachments": {
                a.uid: (
                    opened(report, a.meta, f"attachment:{a.uid}:meta"),
                    open_sealed(
                        keys, a.data, record=report.record, field=f"attachment:{a.uid}:data"
                    ),
                )
                for a in report.attachments
            },
            "messages": {
                m.uid: (m.from_reporter, m.sent_on, opened(report, m.body, f"message:{m.uid}"))
                for m in report.messages
            },
            "notes": {n.uid: (n.kind, opened(report, n.body, f"note:{n.uid}")) for n in notes},
            "links": {
                (link.subject_no, link.cluster_id): opened(
                    report, link.reason, f"link:{link.subject_no}"
                )
                if link.reason
                else None
                for link in links
            },
        }
    return everything


def audit_chain() -> list[tuple[str, int, bytes]]:
    return [
        (e.action, e.place, e.entry_hash)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def invoke(app: Flask, *args: str) -> Any:
    """Run a ``flask`` command against ``app`` (Flask's runner would reuse whichever app
    context is already pushed, so push this app's own)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def body_lines(path: Path) -> tuple[dict[str, Any], list[bytes]]:
    with gzip.open(path, "rb") as handle:
        manifest, *rows = handle.read().splitlines(keepends=True)
    return json.loads(manifest), rows


def write_backup(path: Path, manifest: dict[str, Any], rows: list[bytes]) -> None:
    with gzip.open(path, "wb") as handle:
        handle.write(json.dumps(manifest).encode() + b"\n" + b"".join(rows))


def content_mac(app: Flask, rows: list[bytes], manifest: dict[str, Any]) -> str:
    """The keyed check as documented in intake/backup.py, computed independently here: of the
    row lines and, where the manifest records it, the national key's fingerprint."""
    secrets = app.config["CANDOUR_SECRETS"]
    key = hmac.new(secrets.receipt_key, b"candour backup content mac v1", hashlib.sha256).digest()
    national = manifest.get("national_key_check")
    trailer = b"" if national is None else b"\x00national key check\x00" + national.encode()
    return hmac.new(key, b"".join(rows) + trailer, hashlib.sha256).hexdigest()


# --- the round trip --------------------------------------------------------------------------


def test_round_trip_opens_everything_as_it_was(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    receipts = seed(app, team)
    original = opened_everything(team.keys)
    chain = audit_chain()
    path = tmp_path / "candour.backup.gz"

    created = invoke(app, "backup", "create", str(path))
    assert created.exit_code == 0, created.output
    assert "report: 2" in created.output and "attachment: 2" in created.output

    restored = invoke(target, "backup", "restore", str(path))
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        assert opened_everything(team.keys) == original
        assert original[next(iter(receipts))]["attachments"], "the seed had evidence"
        # The chain as it was, then the restore appended to it, and the whole still verifies.
        assert audit_chain()[: len(chain)] == chain
        assert audit_chain()[len(chain)][:2] == ("backup_restored", len(chain) + 1)
    verified = invoke(target, "audit", "verify")
    assert verified.exit_code == 0 and "Audit log intact" in verified.output

    # The reporter's receipt still opens their status page, and their copy of the thread.
    receipt = next(iter(receipts.values()))
    status = open_status(target.test_client(), receipt).get_data(as_text=True)
    assert TEAM_MESSAGE.split(".")[0] in status and REPLY in status


def test_sqlite_backup_restores_into_postgresql(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sqlite = build_app(f"sqlite:///{tmp_path / 'source.db'}")
    with sqlite.app_context():
        db.create_all()
        team = make_team()
        seed(sqlite, team)
        original = opened_everything(team.keys)
        keys = team.keys
    path = tmp_path / "from-sqlite.gz"
    assert invoke(sqlite, "backup", "create", str(path)).exit_code == 0
    request.getfixturevalue("postgres_schema")  # skips locally, fails in CI, without a server
    for url in _postgres_schema(f"{POSTGRES_SCHEMA}_cross"):
        postgres = build_app(url)
        with postgres.app_context():
            db.create_all()
            db.session.commit()
        restored = invoke(postgres, "backup", "restore", str(path))
        assert restored.exit_code == 0, restored.output
        with postgres.app_context():
            assert opened_everything(keys) == original
            # New rows get fresh ids after the restored ones (sequences were moved on).
            report = db.session.scalars(select(Report)).first()
            lead = db.session.scalars(select(Member)).first()
            assert report is not None and lead is not None
            writing.add_note(report, lead, "After the restore.", management_action=False)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
    with sqlite.app_context():
        db.engine.dispose()


def roster_rows() -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.session.execute(select(RosterPerson.__table__))]


def test_a_roster_is_backed_up_and_restored_with_its_packed_tokens(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """On PostgreSQL, once a roster was imported, every backup failed with a traceback: its
    array of each person's tokens is not JSON. The array is left out and rebuilt on restore."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,rank,unit,collar_number,warrant_number\n"
        "Jon Smyth,PC,CW BCU,1234AB,1234567\nAnn Lee,PS,Response,2201PD,2345678\n",
        "utf-8",
    )
    assert invoke(app, "roster", "import", str(roster)).exit_code == 0
    with app.app_context():
        before = roster_rows()
    path = tmp_path / "with-roster.gz"
    created = invoke(app, "backup", "create", str(path))
    assert created.exit_code == 0 and "roster_person: 2" in created.output, created.output
    restored = invoke(target, "backup", "restore", str(path))
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        assert roster_rows() == before  # the tokens packed again on PostgreSQL, null on SQLite


def test_the_backup_holds_no_secret_and_no_ephemeral_rows(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    manifest, rows = body_lines(path)
    assert manifest["format"] == "candour-backup" and manifest["version"] == 1
    assert manifest["sha256"] == hashlib.sha256(b"".join(rows)).hexdigest()
    assert manifest["mac"] == content_mac(app, rows, manifest)
    excluded = {"draft", "reporter_session", "staff_session", "pending_sign_in"}
    assert excluded == set(manifest["excluded"])
    with app.app_context():  # the reporter's status page left a session of their own
        assert db.session.scalar(select(func.count()).select_from(ReporterSession))
    tables = {json.loads(row)["t"] for row in rows}
    assert not tables & excluded and "report" in tables
    with gzip.open(path) as handle:
        everything = handle.read()
    for secret in vars(app.config["CANDOUR_SECRETS"]).values():
        assert secret.hex().encode() not in everything
        assert base64.b64encode(secret) not in everything
    # What the reporter wrote appears only sealed.
    assert b"blocked the door" not in everything and b"Smyth" not in everything
    assert (path.stat().st_mode & 0o777) == 0o600


# --- refusals --------------------------------------------------------------------------------


def report_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Report)) or 0


def visitors_rows(app: Flask) -> int:
    with app.app_context():
        return sum(
            db.session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Draft, ReporterSession)
        )


def test_a_new_database_a_visitor_has_opened_is_still_empty_enough_to_restore_into(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """A new service's start page, opened before the restore (a check that the address works),
    left a reporter session (a draft too, before a service with no team key began no report);
    the restore went on without --replace, and they go."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    visitor = target.test_client()
    visitor.get("/")
    post_form(visitor, "/status", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert visitors_rows(target) >= 1

    restored = invoke(target, "backup", "restore", str(path))
    assert restored.exit_code == 0, restored.output
    assert report_count(target) == 2
    assert visitors_rows(target) == 0
    with target.app_context():
        assert opened_everything(team.keys) == opened_everything_in(app, team)


def test_a_non_empty_database_is_refused_unless_replace(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    assert invoke(target, "backup", "restore", str(path)).exit_code == 0
    again = invoke(target, "backup", "restore", str(path))
    assert again.exit_code != 0 and "This database is not empty" in again.output
    assert report_count(target) == 2
    replaced = invoke(target, "backup", "restore", "--replace", str(path))
    assert replaced.exit_code == 0, replaced.output
    assert report_count(target) == 2
    with target.app_context():
        assert opened_everything(team.keys) == opened_everything_in(app, team)


def test_replace_goes_ahead_while_a_member_is_signed_in(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    """Restoring over the live database, as after a disaster, while a lead is signed in: their
    session points at their member row, so it must go before the members do (PostgreSQL
    refused the whole restore as "a row of the backup" while it went after them)."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    before = opened_everything_in(app, team)
    sign_in_directly(client, team.lead, team.keys)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffSession))

    replaced = invoke(app, "backup", "restore", "--replace", str(path))
    assert replaced.exit_code == 0, replaced.output
    assert report_count(app) == 2
    with app.app_context():
        assert not db.session.scalar(select(func.count()).select_from(StaffSession))
        assert opened_everything(team.keys) == before


def opened_everything_in(app: Flask, team: Team) -> dict[str, Any]:
    with app.app_context():
        return opened_everything(team.keys)


def test_an_edited_or_damaged_file_is_refused_and_nothing_is_written(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    manifest, rows = body_lines(path)

    edited = tmp_path / "edited.gz"
    changed = [row.replace(b'"stage":"closed"', b'"stage":"received"') for row in rows]
    assert changed != rows
    write_backup(edited, manifest, changed)
    result = invoke(target, "backup", "restore", str(edited))
    assert result.exit_code != 0 and "checksum does not match" in result.output
    # Recomputing the public checksum is not enough: the keyed check still refuses the edit.
    manifest_rehashed = {**manifest, "sha256": hashlib.sha256(b"".join(changed)).hexdigest()}
    write_backup(edited, manifest_rehashed, changed)
    result = invoke(target, "backup", "restore", str(edited))
    assert result.exit_code != 0 and "changed after it was made" in result.output

    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(path.read_bytes()[:-200])
    result = invoke(target, "backup", "restore", str(truncated))
    assert result.exit_code != 0 and "damaged or truncated" in result.output

    not_a_backup = tmp_path / "notes.gz"
    write_backup(not_a_backup, {"hello": 1}, [])
    result = invoke(target, "backup", "restore", str(not_a_backup))
    assert result.exit_code != 0 and "not a Candour backup" in result.output
    assert report_count(target) == 0


def test_a_different_schema_revision_is_refused(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with target.app_context(), db.engine.begin() as owner:  # schema changes are the owner's
        owner.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        owner.execute(text("INSERT INTO alembic_version VALUES ('f00dfeed')"))
    result = invoke(target, "backup", "restore", str(path))
    assert result.exit_code != 0
    assert "taken at schema revision none and this database is at f00dfeed" in result.output
    assert report_count(target) == 0
    with target.app_context(), db.engine.begin() as owner:
        owner.execute(text("DROP TABLE alembic_version"))


def test_a_database_with_no_tables_yet_is_told_how_to_make_them(
    app: Flask, team: Team, target_url: str, tmp_path: Path
) -> None:
    """Found in testing: restoring into a database with no schema said "this database is at
    none", which did not say what to do."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    empty = build_app(target_url)  # no tables at all
    result = invoke(empty, "backup", "restore", str(path))
    assert result.exit_code != 0
    assert "This database has no tables yet" in result.output
    assert "flask db upgrade" in result.output and "at none" not in result.output
    assert "Nothing was restored." in result.output
    with empty.app_context():
        db.engine.dispose()


def test_a_different_key_file_is_refused(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    other = replace(app.config["CANDOUR_SECRETS"], receipt_key=bytes(range(32)))
    with target.app_context(), pytest.raises(BackupError, match="different key file"):
        restore_backup(path, other, national_key=None)
    assert report_count(target) == 0


def test_verify_names_a_different_key_file_and_says_nothing_of_restoring(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    target.config["CANDOUR_SECRETS"] = replace(
        app.config["CANDOUR_SECRETS"], receipt_key=bytes(range(32))
    )
    checked = invoke(target, "backup", "verify", str(path))
    assert checked.exit_code == 1 and "made with a different key file" in checked.output
    assert "restored" not in checked.output.lower(), checked.output
    restored = invoke(target, "backup", "restore", str(path))
    assert restored.exit_code == 1 and "made with a different key file" in restored.output
    assert "Nothing was restored." in restored.output, restored.output
    assert report_count(target) == 0


def test_a_backup_that_cannot_be_written_leaves_no_partial_file_and_the_last_one_whole(
    app: Flask, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(app, team)
    path = tmp_path / "backups" / "candour.backup.gz"
    path.parent.mkdir()
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    before = path.read_bytes()

    def disk_full(self: gzip.GzipFile, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gzip.GzipFile, "write", disk_full)
    result = invoke(app, "backup", "create", "--replace", str(path))
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "could not be written" in result.output and "No space left" in result.output
    assert "Traceback" not in result.output
    # A mistyped path through a file was "could not be written ... (File exists)".
    inside_a_file = invoke(app, "backup", "create", str(path / "again.gz"))
    assert inside_a_file.exit_code == 1, inside_a_file.output
    assert f"{path} is a file, not a folder" in inside_a_file.output
    assert [p.name for p in path.parent.iterdir()] == ["candour.backup.gz"]
    assert path.read_bytes() == before
    assert invoke(app, "backup", "verify", str(path)).exit_code == 0
    with app.app_context():
        created = select(func.count()).where(AuditEntry.action == "backup_created")
        assert db.session.scalar(created) == 1


def test_an_existing_backup_is_not_written_over_unless_replace_is_given(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    path.write_bytes(b"last week's backup")
    refused = invoke(app, "backup", "create", str(path))
    assert refused.exit_code == 1, refused.output
    assert "already exists and was left as it was" in refused.output
    assert "--replace" in refused.output
    assert path.read_bytes() == b"last week's backup"
    with app.app_context():
        created = select(func.count()).where(AuditEntry.action == "backup_created")
        assert db.session.scalar(created) == 0
    replaced = invoke(app, "backup", "create", "--replace", str(path))
    assert replaced.exit_code == 0, replaced.output
    assert invoke(app, "backup", "verify", str(path)).exit_code == 0


def test_a_restore_that_fails_half_way_leaves_the_database_as_it_was(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """A checksum-valid file whose last row breaks a constraint: with --replace the old contents
    are deleted first in the same transaction, so the failure must bring them all back."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    assert invoke(target, "backup", "restore", str(path)).exit_code == 0
    before = opened_everything_in(target, team)
    with target.app_context():
        chain_before = audit_chain()

    manifest, rows = body_lines(path)
    duplicate = next(row for row in reversed(rows) if json.loads(row)["t"] == "audit_entry")
    rows.append(duplicate)  # the same primary key twice, at the very end of the file
    manifest["tables"]["audit_entry"] += 1
    manifest["sha256"] = hashlib.sha256(b"".join(rows)).hexdigest()
    manifest["mac"] = content_mac(app, rows, manifest)  # as only someone holding the key file could
    broken = tmp_path / "broken.gz"
    write_backup(broken, manifest, rows)

    result = invoke(target, "backup", "restore", "--replace", str(broken))
    assert result.exit_code != 0 and "Nothing was restored." in result.output
    assert opened_everything_in(target, team) == before
    with target.app_context():
        assert audit_chain() == chain_before
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 2
        # The second report's acknowledgement and its outcome were each told to its reporter in
        # a message of their own.
        assert db.session.scalar(select(func.count()).select_from(Message)) == 4


def test_a_backup_into_a_folder_that_does_not_exist_is_refused(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """A mistyped folder in a cron line was made, and the backup written there with exit 0:
    nobody looked there, and no alert fired."""
    path = tmp_path / "bakcups" / "nightly" / "candour.backup.gz"
    result = invoke(app, "backup", "create", str(path))
    assert result.exit_code == 1, result.output
    assert f"The folder {path.parent} does not exist; nothing written" in result.output
    assert not (tmp_path / "bakcups").exists()
    with app.app_context():
        created = select(func.count()).where(AuditEntry.action == "backup_created")
        assert db.session.scalar(created) == 0


NATIONAL_KEY = bytes(range(32, 64))


def test_a_different_or_missing_national_matching_key_is_refused(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """Restored under another key, the national tokens never matched again: a report naming
    someone named in another force silently stopped saying so, after "Restored ... rows"."""
    seed(app, team)
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    manifest, _ = body_lines(path)
    assert NATIONAL_KEY.hex() not in json.dumps(manifest)  # a keyed fingerprint, not the key

    target.config["CANDOUR_NATIONAL_MATCHING_KEY"] = bytes(32)
    for command in ("verify", "restore"):
        refused = invoke(target, "backup", command, str(path))
        assert refused.exit_code == 1, refused.output
        assert "made with a different national matching key" in refused.output
        assert "CANDOUR_NATIONAL_MATCHING_KEY" in refused.output
        assert "Set the key that was in use when it was made." in refused.output
    assert "Nothing was restored." in refused.output
    assert report_count(target) == 0

    target.config["CANDOUR_NATIONAL_MATCHING_KEY"] = None
    missing = invoke(target, "backup", "restore", str(path))
    assert missing.exit_code == 1, missing.output
    assert "made with a national matching key" in missing.output
    assert "none is set here" in missing.output and "Nothing was restored." in missing.output
    assert report_count(target) == 0

    # Deleting the fingerprint, so that the file looks older than the check, breaks its MAC.
    manifest, rows = body_lines(path)
    del manifest["national_key_check"]
    stripped = tmp_path / "stripped.gz"
    write_backup(stripped, manifest, rows)
    target.config["CANDOUR_NATIONAL_MATCHING_KEY"] = bytes(32)
    tampered = invoke(target, "backup", "restore", str(stripped))
    assert tampered.exit_code == 1, tampered.output
    assert "its keyed check fails" in tampered.output and "Nothing was restored." in tampered.output
    assert report_count(target) == 0

    target.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    verified = invoke(target, "backup", "verify", str(path))
    assert verified.exit_code == 0, verified.output
    assert "National matching key: the one set here" in verified.output
    assert invoke(target, "backup", "restore", str(path)).exit_code == 0
    assert report_count(target) == 2


def test_a_backup_made_without_a_national_key_restores_with_one_and_says_so(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """Switching matching across forces on later is allowed anyway; a file older than the
    check says it cannot tell."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    assert body_lines(path)[0]["national_key_check"] == "none"
    verified = invoke(app, "backup", "verify", str(path))
    assert "National matching key: none was set when it was made." in verified.output

    manifest, rows = body_lines(path)
    del manifest["national_key_check"]
    manifest["mac"] = content_mac(app, rows, manifest)  # an older file's: of its rows alone
    older = tmp_path / "older.gz"
    write_backup(older, manifest, rows)
    target.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    verified = invoke(target, "backup", "verify", str(older))
    assert verified.exit_code == 0, verified.output
    assert "National matching key: not recorded" in verified.output
    assert invoke(target, "backup", "restore", str(older)).exit_code == 0
    assert report_count(target) == 2


def test_an_older_backup_with_reporter_sessions_restores_without_them(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """Files made before reporter sessions were left out hold them: they are checked, counted
    and skipped, so such a file still restores."""
    seed(app, team)
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    manifest, rows = body_lines(path)
    with app.app_context():
        sessions = db.session.scalars(select(ReporterSession)).all()
        session_rows = [
            json.dumps(
                {
                    "t": "reporter_session",
                    "r": {
                        "id": s.id,
                        "blob": base64.b64encode(s.blob).decode(),
                        "expires_on": s.expires_on.isoformat(),
                        "force_id": s.force_id,
                    },
                },
                separators=(",", ":"),
            ).encode()
            + b"\n"
            for s in sessions
        ]
    assert session_rows
    first_child = next(i for i, row in enumerate(rows) if json.loads(row)["t"] != "force")
    rows[first_child:first_child] = session_rows
    manifest["tables"]["reporter_session"] = len(session_rows)
    manifest["excluded"].remove("reporter_session")
    manifest["sha256"] = hashlib.sha256(b"".join(rows)).hexdigest()
    manifest["mac"] = content_mac(app, rows, manifest)
    older = tmp_path / "older.gz"
    write_backup(older, manifest, rows)
    restored = invoke(target, "backup", "restore", str(older))
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReporterSession)) == 0
        assert opened_everything(team.keys) == opened_everything_in(app, team)


def last_actions() -> dict[str, str]:
    """Each force's last audit entry, by slug."""
    last: dict[str, str] = {}
    for force_id, slug in db.session.execute(select(Force.id, Force.slug)).all():
        with use_force(force_id):
            entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            last[slug] = entry.action if entry else ""
    return last


def test_a_backup_and_a_restore_are_recorded_in_every_forces_chain(
    app: Flask, team: Team, target: Flask, tmp_path: Path
) -> None:
    """A backup holds every force's data, but was recorded in the default force's chain only:
    another force's team never saw its reports copied out, or replaced."""
    seed(app, team)
    with app.app_context():
        north = create_force("north", "North Force")
        db.session.commit()
        with use_force(north.id):
            audit.record("case_opened", None, case_reference="N0001")
    path = tmp_path / "candour.backup.gz"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with app.app_context():
        assert last_actions() == {"default": "backup_created", "north": "backup_created"}
    intact = invoke(app, "audit", "verify", "--all-forces")
    assert intact.exit_code == 0 and "intact (2 forces)" in intact.output, intact.output

    restored = invoke(target, "backup", "restore", str(path))
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        assert last_actions() == {"default": "backup_restored", "north": "backup_restored"}
    intact = invoke(target, "audit", "verify", "--all-forces")
    assert intact.exit_code == 0 and "intact (2 forces)" in intact.output, intact.output
