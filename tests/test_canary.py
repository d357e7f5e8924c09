"""Canary test: distinctive strings typed into every field, uploaded in a file's content and
metadata, and sent as the requester's address and user agent, must appear nowhere the system
keeps anything: the database (file, or a PostgreSQL dump), the logs, or any file the app wrote."""

from __future__ import annotations

import io
import logging
import subprocess
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import DateTime, inspect

from intake.db import db
from tests.conftest import POSTGRES_SCHEMA
from tests.fixtures.evidence import recording, word_document
from tests.fixtures.hostile.make import pdf_with_gps_photo
from tests.helpers import Team, csrf_token, open_status, post_upload, submit_report

CANARIES = {
    "where": "CANARYWHERE1",
    "description": "CANARYDESC2",
    "name": "CANARYNAME3",
    "collar_number": "CANARY44",
    "warrant_number": "CANARYW5",
    "rank": "CANARYRANK6",
    "unit": "CANARYUNIT7",
    "witnesses": "CANARYWIT8",
    "reply": "CANARYREPLY9",
    "retaliation": "CANARYRETAL10",
    "file_text": "CANARYFILE11",
    "exif": "CANARYEXIF12",
    "pdf_photo_gps": "CANARYGPS",  # in the EXIF of a photo inside a PDF
    "recording_title": "CANARYTITLE",  # an M4A voice note's title tag
    "document_author": "CANARYAUTHOR",  # a Word document's author
    "filename": "CANARYFNAME14",
    "withdrawal": "CANARYWITHDRAW15",
    "address": "203.0.113.77",
    "agent": "CanaryAgent/13.0",
}


def photo_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = CANARIES["exif"]  # Artist
    exif[0x010F] = CANARIES["exif"]  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def database_bytes(app: Flask) -> bytes:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        db.session.remove()
        db.engine.dispose()
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    dump = subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-n", POSTGRES_SCHEMA, "test"],
        check=True,
        capture_output=True,
    )
    return dump.stdout


def files_written_since(root: Path, since: float) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.stat().st_mtime >= since]


def test_nothing_the_reporter_typed_or_sent_is_kept_in_clear(
    app: Flask,
    client: FlaskClient,
    team: Team,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    photo, second_photo = photo_with_metadata(), photo_with_metadata()
    caplog.set_level(logging.DEBUG)
    started = time.time() - 1
    client.environ_base.update(REMOTE_ADDR=CANARIES["address"], HTTP_USER_AGENT=CANARIES["agent"])
    receipt = submit_report(
        client,
        where=CANARIES["where"],
        description=CANARIES["description"],
        people=[
            {
                key: CANARIES[key]
                for key in ("name", "collar_number", "warrant_number", "rank", "unit")
            }
        ],
        witnesses=CANARIES["witnesses"],
        files=[
            (CANARIES["filename"] + ".txt", CANARIES["file_text"].encode()),
            ("photo.jpg", photo),
            ("statement.pdf", pdf_with_gps_photo()),
            ("voice note.m4a", recording(video=False, container="ipod")),
            ("statement.docx", word_document()),
        ],
    )
    open_status(client, receipt)
    page = client.get("/status").get_data(as_text=True)
    client.post("/status/reply", data={"csrf_token": csrf_token(page), "body": CANARIES["reply"]})
    client.post(
        "/status/retaliation",
        data={"csrf_token": csrf_token(page), "details": CANARIES["retaliation"]},
    )
    post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(second_photo), "second.jpg")},
        page="/status",
    )
    # The reporter's own view still shows their reply and reads back what they sent, file names
    # included: the data is there, only sealed.
    shown = client.get("/status").get_data(as_text=True)
    for label in ("reply", "description", "where", "name", "witnesses", "filename"):
        assert CANARIES[label] in shown, f"{label} not read back"
    withdraw = client.get("/status/withdraw").get_data(as_text=True)
    client.post(
        "/status/withdraw",
        data={
            "csrf_token": csrf_token(withdraw),
            "reason": CANARIES["withdrawal"],
            "receipt": receipt,
        },
    )
    assert "You withdrew this report" in client.get("/status").get_data(as_text=True)

    stored = database_bytes(app)
    logs = caplog.text
    written = b"".join(
        p.read_bytes()
        for root in (tmp_path, Path(app.instance_path))
        if root.exists()
        for p in files_written_since(root, started)
    )
    for label, canary in CANARIES.items():
        assert canary.encode() not in stored, f"{label} found in the database"
        assert canary not in logs, f"{label} found in the logs"
        assert canary.encode() not in written, f"{label} found in a file the app wrote"
    assert receipt.encode() not in stored and receipt.replace("-", "").encode() not in stored


def test_reporter_tables_keep_days_not_times(app: Flask) -> None:
    inspector = inspect(db.engine)
    tables = ("report", "report_category", "attachment", "message", "case_event", "draft")
    for table in (*tables, "reporter_session"):
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], DateTime), f"{table}.{column['name']}"
