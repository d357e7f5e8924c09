"""What the disk and the database hold besides reports (issue 13, "Also"): TOTP secrets are
sealed, the SQLite file is the owner's alone, and the test-only axe-core script is not served."""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from cryptography.exceptions import InvalidTag
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from intake.config import ConfigError
from intake.db import db, private_sqlite_file
from intake.submission import add_message, submit
from tests.conftest import build_app
from tests.helpers import DEFAULT_REPORT, Team
from tests.team_helpers import sign_in
from triage.models import Member

BEFORE = "c27f2bb4f658"  # the revision before sealed TOTP secrets and random ids


def stored_totp(email: str) -> bytes | str | None:
    """The TOTP column exactly as a DBA reads it."""
    value: bytes | str | None = db.session.execute(
        text("SELECT totp_secret FROM member WHERE email = :email"), {"email": email}
    ).scalar_one()
    return value


def test_the_database_does_not_hold_a_members_totp_secret_in_clear(
    client: FlaskClient, team: Team
) -> None:
    secret = team.lead.totp_secret
    assert secret is not None
    stored = stored_totp(team.lead.email)
    assert isinstance(stored, bytes)
    assert secret.encode() not in stored
    # The member still signs in with codes from their authenticator.
    sign_in(client, team.lead)
    assert client.get("/team/").status_code == 200


def test_a_sealed_totp_secret_is_useless_without_the_key_file(app: Flask, team: Team) -> None:
    right = app.config["CANDOUR_SECRETS"]
    app.config["CANDOUR_SECRETS"] = dataclasses.replace(right, receipt_key=os.urandom(32))
    try:
        with pytest.raises(InvalidTag):
            _ = team.lead.totp_secret
    finally:
        app.config["CANDOUR_SECRETS"] = right


@pytest.fixture
def migrated_to_before(app: Flask) -> Iterator[None]:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(revision=BEFORE)
    yield
    db.session.remove()
    downgrade(revision="base")


def test_upgrading_seals_totp_secrets_renumbers_old_rows_and_keeps_thread_order(
    app: Flask, migrated_to_before: None
) -> None:
    secret = pyotp.random_base32()
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (id, email, name, role, totp_secret, totp_last_counter,"
                " failed_sign_ins, active, created_on) VALUES (1, 'old@candour.test', 'Old',"
                " 'lead', :secret, 0, 0, true, '2026-01-01')"
            ),
            {"secret": secret},
        )
        connection.execute(
            text("INSERT INTO team_key (id, public_key, created_on) VALUES (1, :k, '2026-01-01')"),
            {"k": b"k"},
        )
        connection.execute(
            text(
                "INSERT INTO report (id, reference, receipt_hash, team_key_id, content,"
                " reporter_key, received_on, stage, urgent, go_together, escrow, risk_score,"
                " needs_reassignment) VALUES (7, 'C-OLD', :h, 1, :c, :c, '2026-01-01',"
                " 'received', false, false, 'none', 0, false)"
            ),
            {"h": b"h" * 32, "c": b"c"},
        )
        for message_id, from_reporter in ((3, True), (5, False), (9, True)):
            connection.execute(
                text(
                    "INSERT INTO message (id, uid, report_id, from_reporter, sent_on, body,"
                    " reporter_copy) VALUES (:id, :uid, 7, :mine, '2026-01-01', :b, :b)"
                ),
                {"id": message_id, "uid": f"u{message_id}", "mine": from_reporter, "b": b"b"},
            )

    upgrade()

    stored = stored_totp("old@candour.test")
    assert isinstance(stored, bytes) and secret.encode() not in stored
    member = db.session.get(Member, 1)
    assert member is not None and member.totp_secret == secret
    thread = db.session.execute(text("SELECT uid, report_id FROM message ORDER BY seq")).all()
    assert [uid for uid, _ in thread] == ["u3", "u5", "u9"]
    # Rows from before the upgrade get random ids too, and keep pointing at their report.
    (report_id,) = db.session.execute(text("SELECT id FROM report")).scalars()
    assert report_id != 7 and {row_report for _, row_report in thread} == {report_id}
    message_ids = set(db.session.execute(text("SELECT id FROM message")).scalars())
    assert not message_ids & {3, 5, 9}

    db.session.remove()
    downgrade(revision=BEFORE)
    assert stored_totp("old@candour.test") == secret


def test_new_messages_keep_their_order_within_a_report(app: Flask, team: Team) -> None:
    report, _ = submit(dict(DEFAULT_REPORT))
    texts = [f"message {n}" for n in range(8)]
    for n, body in enumerate(texts):
        add_message(report, body, from_reporter=n % 2 == 0)
        db.session.commit()
    db.session.expire_all()
    assert [m.seq for m in report.messages] == list(range(1, 9))
    assert [m.from_reporter for m in report.messages] == [n % 2 == 0 for n in range(8)]


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    old_umask = os.umask(0o022)  # a usual server umask, under which SQLite makes 0644 files
    try:
        app = build_app(f"sqlite:///{folder / 'candour.db'}")
        with app.app_context():
            db.create_all()
            db.engine.dispose()
        # The app's own folder (the default database's) is made if missing, for its owner only.
        instance = tmp_path / "instance"
        private_sqlite_file(f"sqlite:///{instance / 'candour.db'}", instance)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((folder / "candour.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((instance / "candour.db").stat().st_mode) == 0o600


def test_a_sqlite_database_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    """A mistyped folder in CANDOUR_DATABASE_URL was made, and `flask db upgrade` built an
    empty database there, with exit 0."""
    missing = tmp_path / "dtaa" / "candour"
    with pytest.raises(
        ConfigError,
        match=re.escape(
            f"CANDOUR_DATABASE_URL cannot be used: the folder {missing} does not exist; "
            "nothing was created"
        ),
    ):
        build_app(f"sqlite:///{missing / 'candour.db'}")
    assert not (tmp_path / "dtaa").exists()


def test_an_existing_world_readable_sqlite_file_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "candour.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    build_app(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_accessibility_test_tool_is_not_served(client: FlaskClient) -> None:
    assert client.get("/static/vendor/axe.min.js").status_code == 404
    # The pages' own assets still are.
    stylesheet = client.get("/static/candour.css")
    stylesheet.close()
    assert stylesheet.status_code == 200
