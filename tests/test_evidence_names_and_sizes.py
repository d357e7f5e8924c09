"""A reporter recognises each file they added by the name and size they know it by: a file kept
under another name says why, a copy refused names the file already added without pretending the
reporter chose that name, a file cleaning made larger gives the size they chose too, and the
journey and the status page give the same, true, limits on how many files a report holds."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake import drafts, followups
from intake.db import db
from intake.models import Report
from tests.fixtures.evidence import word_document
from tests.helpers import Team, open_status, post_upload, refused, submit_report, visible_text
from tests.journey_page import errors, field_error, parse
from tests.test_evidence_uploads import evidence_page, start_report, upload

# A one-page PDF of 189 bytes: cleaning redraws its page as a picture, which is larger.
SMALL_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


def add_from_status(client: FlaskClient, name: str, content: bytes) -> TestResponse:
    return post_upload(
        client, "/status/evidence", {"upload": "Add evidence", "file": (io.BytesIO(content), name)}
    )


def sent_files(client: FlaskClient) -> list[str]:
    [listed] = parse(client.get("/status").get_data(as_text=True)).find("ul", id="sent-files")
    return [item.words for item in listed.find("li")]


def test_on_the_status_page_a_renamed_copy_and_a_grown_file_are_told_truly(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    image = png()
    assert add_from_status(client, "fake.pdf", image).status_code == 302
    [fake] = sent_files(client)
    assert fake.startswith(f"fake.png ({len(image)} bytes, its hidden details removed)")
    assert "‘fake.pdf’ is a PNG image, so it was saved as ‘fake.png’." in fake

    copy = refused(client, add_from_status(client, "small.png", image))
    assert field_error(copy, "file") == "You have already added this file, as fake.png"
    assert errors(copy) == ["You have already added this file, as fake.png"]

    assert add_from_status(client, "small.pdf", SMALL_PDF).status_code == 302
    small = sent_files(client)[1]
    assert re.match(
        rf"small\.pdf \({len(SMALL_PDF)} bytes as you chose it, \d\.\d KB once its hidden "
        r"details were removed\)",
        small,
    )
    assert len(db.session.scalars(select(Report)).one().attachments) == 2


def test_a_copy_chosen_under_the_name_it_was_kept_by_is_named_plainly(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    add_from_status(client, "fake.pdf", png())
    again = refused(client, add_from_status(client, "fake.pdf", png()))
    assert field_error(again, "file") == "You have already added this file, as fake.png"
    same = refused(client, add_from_status(client, "fake.png", png()))
    assert field_error(same, "file") == "You have already added fake.png"


def test_in_the_journey_a_renamed_copy_and_a_grown_file_are_told_truly(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    upload(client, "fake.pdf", png())
    copy = post_upload(
        client,
        "/report/evidence",
        {"upload": "Upload file", "file": (io.BytesIO(png()), "small.png")},
    )
    assert errors(refused(client, copy)) == ["You have already added this file, as fake.png"]
    upload(client, "small.pdf", SMALL_PDF)
    files = evidence_page(client).files
    assert re.fullmatch(
        rf"{len(SMALL_PDF)} bytes as you chose it, \d\.\d KB once its hidden details were removed",
        files["small.pdf"],
    )
    assert files["fake.png"].startswith(
        f"{len(png())} bytes, its hidden details removed ‘fake.pdf’ is a PNG image"
    )


def test_a_file_whose_size_cleaning_keeps_shows_one_size(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client, files=[("notes.txt", b"What he said.")]))
    assert sent_files(client) == ["notes.txt (13 bytes)"]


def test_the_journey_and_the_status_page_give_the_same_true_limits(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    journey = visible_text(client.get("/report/evidence").get_data(as_text=True))
    assert (
        f"You can add up to {drafts.MAX_FILES} files now, of up to 10 MB each. After you send"
        " your report you can add more from its status page, up to"
        f" {followups.MAX_ATTACHMENTS} files in all."
    ) in journey
    open_status(client, submit_report(client, files=[("notes.txt", b"What he said.")]))
    status = visible_text(client.get("/status/evidence").get_data(as_text=True))
    assert (
        "1 file added so far, counting any you sent with your report. A report can hold up to"
        f" {followups.MAX_ATTACHMENTS} files in all."
    ) in status


def test_a_word_file_cleaned_says_its_hidden_details_were_removed(
    client: FlaskClient, team: Team
) -> None:
    """Its author, company and tracked changes' names go, but hardly any bytes: "3 KB" alone
    read as though nothing had been removed, beside photos that said so. Plain text has nothing
    hidden, and a kept original says it was kept."""
    start_report(client)
    upload(client, "statement.docx", word_document())
    upload(client, "notes.txt", b"What he said.")
    upload(client, "kept.docx", word_document(), keep_original="y")
    files = evidence_page(client).files
    # Whether the two sizes differ at a tenth of a KB depends on the cleaner: either way, said.
    assert re.search(
        r"KB, its hidden details removed$|KB once its hidden details were removed$",
        files["statement.docx"],
    )
    assert files["notes.txt"] == "13 bytes"
    assert re.match(r"\d(\.\d)? KB, original kept It may still show", files["kept.docx"])
    assert "hidden details removed" not in files["kept.docx"]

    status = client.application.test_client()
    open_status(status, submit_report(status, files=[]))
    assert add_from_status(status, "statement.docx", word_document()).status_code == 302
    [listed] = sent_files(status)
    assert listed.startswith("statement.docx (")
    assert re.search(r"KB(, its| once its) hidden details (were )?removed\)", listed)
