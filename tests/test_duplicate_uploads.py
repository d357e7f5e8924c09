"""Choosing a file already added to the report is refused with a GOV.UK error on the file field,
in the journey and on the status page, instead of adding it twice; nothing new is stored."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake import followups, receipts
from intake.attachments import clean_upload
from intake.db import db
from intake.duplicates import content_digest
from intake.models import Report
from intake.sealing import open_sealed
from intake.submission import reporter_private_key
from tests.helpers import Team, open_status, post_upload, refused, submit_report
from tests.journey_page import errors, field_error
from tests.test_attachments import pdf_with_metadata
from tests.test_evidence_uploads import evidence_page, start_report, upload

NOTES = b"What he said at the briefing, word for word."


def test_the_same_file_chosen_twice_in_the_journey_is_added_once(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    upload(client, "notes.txt", NOTES)
    again = post_upload(
        client, "/report/evidence", {"upload": "Upload file", "file": (io.BytesIO(NOTES), "n.txt")}
    )
    html = refused(client, again)
    # Chosen as "n.txt": the name the file was added under is given, not taken for this one's.
    assert errors(html) == ["You have already added this file, as notes.txt"]
    assert field_error(html, "file") == "You have already added this file, as notes.txt"
    assert evidence_page(client).files == {"notes.txt": "44 bytes"}


def test_continue_with_a_file_already_added_stops_with_the_error(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    upload(client, "notes.txt", NOTES)
    response = post_upload(
        client, "/report/evidence", {"submit": "Continue", "file": (io.BytesIO(NOTES), "notes.txt")}
    )
    assert errors(refused(client, response)) == ["You have already added notes.txt"]
    assert len(evidence_page(client).files) == 1


def test_a_different_file_with_the_same_name_is_added(client: FlaskClient, team: Team) -> None:
    start_report(client)
    upload(client, "notes.txt", NOTES)
    upload(client, "notes.txt", NOTES + b" And more.")
    html = client.get("/report/evidence").get_data(as_text=True)
    assert html.count('<dt class="govuk-summary-list__key">notes.txt</dt>') == 2


def test_the_same_pdf_cleaned_twice_has_the_same_content_digest() -> None:
    # A rebuilt PDF gets a fresh random file identifier each time: that alone must not hide it.
    data = pdf_with_metadata(1)
    first, second = (clean_upload("a.pdf", data, keep_original=False) for _ in range(2))
    assert first.data != second.data
    assert content_digest(first.data, "application/pdf") == content_digest(
        second.data, "application/pdf"
    )


def test_a_file_sent_with_the_report_is_not_added_again_from_the_status_page(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, files=[("notes.txt", NOTES)]))
    again = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(NOTES), "notes.txt")},
        page="/status/evidence",
    )
    html = refused(client, again)
    assert field_error(html, "file") == "You have already added notes.txt"
    assert "1 file added so far," in html
    added = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Rota for March."), "rota.txt")},
        page="/status/evidence",
    )
    assert added.status_code == 302
    twice = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Rota for March."), "rota.txt")},
        page="/status/evidence",
    )
    shown = refused(client, twice)
    assert field_error(shown, "file") == "You have already added rota.txt"
    assert "2 files added so far," in shown


def add_from_status(client: FlaskClient, name: str, content: bytes) -> TestResponse:
    return post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(content), name)},
    )


def test_a_renamed_copy_of_a_sent_file_is_refused_on_the_status_page(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, files=[("notes.txt", NOTES)]))
    html = refused(client, add_from_status(client, "briefing-copy.txt", NOTES))
    assert errors(html) == ["You have already added this file, as notes.txt"]
    assert add_from_status(client, "rota.txt", b"Rota for March.").status_code == 302
    renamed = refused(client, add_from_status(client, "rota (1).txt", b"Rota for March."))
    assert errors(renamed) == ["You have already added this file, as rota.txt"]
    assert len(db.session.scalars(select(Report)).one().attachments) == 2


def test_different_files_of_the_same_name_and_size_are_both_added_on_the_status_page(
    client: FlaskClient, team: Team
) -> None:
    first, second = b"Shift swap on Monday.", b"Shift swap on Friday."
    assert len(first) == len(second)
    open_status(client, submit_report(client, files=[("shift.txt", first)]))
    assert add_from_status(client, "shift.txt", second).status_code == 302
    assert len(db.session.scalars(select(Report)).one().attachments) == 2


def listing(receipt: str) -> dict[str, Any]:
    """The reporter's sealed listing of the one file sent with ``receipt``'s report, opened with
    the receipt's key."""
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    wanted = receipts.receipt_hash(secret, receipt)
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).one()
    key = reporter_private_key(receipts.reporter_key_material(secret, receipt))
    sent = followups.read_back(report, key)
    assert sent is not None
    [file] = sent["files"]
    return dict(file)


def test_what_is_kept_of_a_file_does_not_recognise_it_in_another_report(
    client: FlaskClient, team: Team
) -> None:
    """The same file sent with two reports leaves nothing in common: each listing's fingerprint
    has a salt of its own, no plain digest of the content is kept, and the team's copy of the
    file's details carries no fingerprint."""
    files = [("notes.txt", NOTES)]
    first, second = (listing(submit_report(client, files=files)) for _ in range(2))
    assert first["fingerprint"]["salt"] != second["fingerprint"]["salt"]
    assert first["fingerprint"]["mac"] != second["fingerprint"]["mac"]
    digest = content_digest(NOTES, "text/plain").hex()
    assert digest not in json.dumps(first) and digest not in json.dumps(second)
    for report in db.session.scalars(select(Report)):
        for attachment in report.attachments:
            field = f"attachment:{attachment.uid}:meta"
            meta = json.loads(
                open_sealed(team.keys, attachment.meta, record=report.record, field=field)
            )
            assert "fingerprint" not in meta
