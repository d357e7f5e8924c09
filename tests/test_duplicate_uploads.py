"""Choosing a file already added to the report is refused with a GOV.UK error on the file field,
in the journey and on the status page, instead of adding it twice; nothing new is stored."""

from __future__ import annotations

import io

from flask.testing import FlaskClient

from intake.attachments import clean_upload
from intake.duplicates import content_digest
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
    assert errors(html) == ["You have already added notes.txt"]
    assert field_error(html, "file") == "You have already added notes.txt"
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
        page="/status",
    )
    html = refused(client, again, "/status")
    assert field_error(html, "file").startswith("You have already added notes.txt")
    assert "1 file added." in html
    added = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Rota for March."), "rota.txt")},
        page="/status",
    )
    assert added.status_code == 302
    twice = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Rota for March."), "rota.txt")},
        page="/status",
    )
    again = refused(client, twice, "/status")
    assert field_error(again, "file").startswith("You have already added rota.txt")
    assert "2 files added." in again
