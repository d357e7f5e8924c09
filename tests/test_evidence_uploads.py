"""Uploading evidence through the journey: nothing spooled to disk, nothing dropped silently,
sizes and renamed files told plainly, and the team told when a file was kept original."""

from __future__ import annotations

import io
import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from limits import parse
from PIL import ExifTags, Image
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from intake.attachments import file_size
from intake.db import db
from intake.models import Report
from intake.views import PAGES_LIMIT
from intake.views.journey.evidence import UPLOAD_LIMIT
from tests.fixtures.hostile.make import gps_jpeg
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    post_upload,
    refused,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.journey_page import parse as parse_page

# --- watching for temporary files --------------------------------------------------------------

_temporary_files: list[str] | None = None


def _watch(event: str, args: tuple[Any, ...]) -> None:
    # tempfile.mkstemp raises its own event; TemporaryFile on Linux opens the temporary
    # directory itself with O_TMPFILE, which raises "open" with that directory as the path.
    if _temporary_files is None:
        return
    if event.startswith("tempfile.") or (event == "open" and args[0] == tempfile.gettempdir()):
        _temporary_files.append(event)


sys.addaudithook(_watch)


def test_a_large_upload_is_never_written_to_a_temporary_file(
    client: FlaskClient, team: Team
) -> None:
    global _temporary_files
    out = io.BytesIO()
    Image.effect_noise((900, 900), 80).convert("RGB").save(out, "JPEG", quality=95)
    photo = out.getvalue()
    assert len(photo) > 600 * 1024  # over Werkzeug's 500 KB spooling threshold

    token = csrf_token(client.get("/report/evidence").get_data(as_text=True))
    builder = EnvironBuilder(
        path="/report/evidence",
        method="POST",
        data={"csrf_token": token, "upload": "Upload file", "file": (io.BytesIO(photo), "a.jpg")},
        content_type="multipart/form-data",
    )
    environ = builder.get_environ()  # the test client's own copy of the body, made beforehand
    _temporary_files = []
    try:
        response = client.open(environ)
        seen = list(_temporary_files)
    finally:
        _temporary_files = None
        environ["wsgi.input"].close()
        builder.close()

    assert response.status_code == 302
    assert seen == []
    assert "a.jpg" in evidence_page(client).files


# --- the evidence page, read as a reporter reads it -------------------------------------------


class EvidencePage(HTMLParser):
    """The files listed on /report/evidence (name → what is said about it) and the errors."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.files: dict[str, str] = {}
        self.errors: list[str] = []
        self._in: str | None = None
        self._key = ""
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "govuk-summary-list__key" in classes:
            self._in, self._text = "key", []
        elif "govuk-summary-list__value" in classes:
            self._in, self._text = "value", []
        elif "govuk-error-summary__list" in classes:
            self._in, self._text = "errors", []

    def handle_endtag(self, tag: str) -> None:
        if self._in in {"key", "value"} and tag in {"dt", "dd"}:
            text = " ".join(" ".join(self._text).split())
            if self._in == "key":
                self._key = text
            else:
                self.files[self._key] = text
            self._in = None
        elif self._in == "errors" and tag == "ul":
            self.errors.append(" ".join("".join(self._text).split()))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)


def evidence_page(client: FlaskClient) -> EvidencePage:
    response = client.get("/report/evidence")
    assert response.status_code == 200
    return EvidencePage(response.get_data(as_text=True))


def start_report(client: FlaskClient) -> None:
    what = {
        "categories": ["bullying"],
        "when": "month",
        "when_month": "3/2025",
        "where": "The station",
        "description": "It happened at the morning briefing.",
    }
    assert post_form(client, "/report/what", what).status_code == 302


def test_a_file_chosen_then_continue_pressed_is_added_not_dropped(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    response = post_form(
        client,
        "/report/evidence",
        {"submit": "Continue", "file": (io.BytesIO(b"What he said, word for word."), "notes.txt")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert not response.headers["Location"].endswith("/report/evidence")
    assert evidence_page(client).files == {"notes.txt": "28 bytes"}


def test_a_refused_file_chosen_then_continue_pressed_stops_with_the_error(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    response = post_form(
        client,
        "/report/evidence",
        {"submit": "Continue", "file": (io.BytesIO(b"GIF89a\x01\x00"), "cat.gif")},
        content_type="multipart/form-data",
    )

    html = refused(client, response)
    page = EvidencePage(html)
    assert page.errors and page.errors[0].startswith("‘cat.gif’ is not one of the photos")
    assert "<title>Error: Evidence" in html
    # A reload shows the refusal again; the page reached afresh (Back to the step before, then
    # Continue) does not, nor, once Continue is accepted, does Back onto the refusal.
    marked = response.headers["Location"]
    assert EvidencePage(client.get(marked).get_data(as_text=True)).errors
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    afresh = client.get("/report/evidence").get_data(as_text=True)
    assert EvidencePage(afresh).errors == [] and "<title>Evidence" in afresh
    assert EvidencePage(client.get(marked).get_data(as_text=True)).errors
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert EvidencePage(client.get(marked).get_data(as_text=True)).errors == []


@pytest.mark.parametrize(
    ("button", "chosen"),
    [
        ("upload", None),  # "Upload file" with no file chosen
        ("upload", ("tool.exe", b"MZ\x90\x00\x03")),  # a kind Candour cannot take
        ("submit", ("tool.exe", b"MZ\x90\x00\x03")),  # the same, chosen and Continue pressed
        ("upload", ("notes.txt", b"What he said.")),  # a file already added
        ("submit", ("notes.txt", b"What he said.")),
    ],
    ids=["no-file", "refused-upload", "refused-continue", "twin-upload", "twin-continue"],
)
def test_every_refusal_marks_the_file_field_as_the_status_page_does(
    client: FlaskClient, team: Team, button: str, chosen: tuple[str, bytes] | None
) -> None:
    """The error is read out with the field and the field is marked, not only the summary:
    ``aria-describedby`` names the message and the field and its group carry the error style."""
    start_report(client)
    upload(client, "notes.txt", b"What he said.")
    label = {"upload": "Upload file", "submit": "Continue"}[button]
    data: dict[str, Any] = {button: label}
    if chosen is not None:
        data["file"] = (io.BytesIO(chosen[1]), chosen[0])
    else:
        data["file"] = (io.BytesIO(b""), "")
    html = refused(client, post_upload(client, "/report/evidence", data))

    root = parse_page(html)
    assert root.find(id="file-error"), "the refusal is said at the field"
    [field] = root.find("input", id="file")
    assert "govuk-file-upload--error" in field.classes
    assert "file-error" in field.attrs.get("aria-describedby", "").split()
    [group] = [g for g in root.find(cls="govuk-form-group") if field in g.children]
    assert "govuk-form-group--error" in group.classes
    # Reached afresh, the field is not marked.
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    [plain] = parse_page(client.get("/report/evidence").get_data(as_text=True)).find(
        "input", id="file"
    )
    assert "govuk-file-upload--error" not in plain.classes
    assert "aria-describedby" not in plain.attrs


def test_continue_without_a_file_moves_on(client: FlaskClient, team: Team) -> None:
    start_report(client)
    response = post_form(client, "/report/evidence", {"submit": "Continue"})
    assert response.status_code == 302
    assert evidence_page(client).files == {}


def upload(client: FlaskClient, name: str, content: bytes, **extra: str) -> None:
    response = post_upload(
        client,
        "/report/evidence",
        {"upload": "Upload file", "file": (io.BytesIO(content), name), **extra},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_windows_path_sent_as_the_file_name_is_cut_to_its_last_part(
    client: FlaskClient, team: Team
) -> None:
    """A browser sends a backslash in a file name as it is; it was read as an escape and
    dropped, so the folders stayed in the name, run together: "Usersjsmith.PC4471Desktop..."."""
    start_report(client)
    token = csrf_token(client.get("/report/evidence").get_data(as_text=True))
    sent = "..\\..\\Users\\jsmith.PC4471\\Desktop\\x evidence.txt"
    body = "".join(
        f'--b\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in [("csrf_token", token), ("upload", "Upload file")]
    )
    body += (
        f'--b\r\nContent-Disposition: form-data; name="file"; filename="{sent}"\r\n'
        "Content-Type: text/plain\r\n\r\nShift notes\r\n--b--\r\n"
    )
    uploaded = client.post(
        "/report/evidence", data=body.encode(), content_type="multipart/form-data; boundary=b"
    )
    assert uploaded.status_code == 302
    assert list(evidence_page(client).files) == ["x evidence.txt"]


def test_file_sizes_are_shown_in_bytes_kb_or_mb_never_0_kb(client: FlaskClient, team: Team) -> None:
    start_report(client)
    upload(client, "short.txt", b"Yes.")
    upload(client, "longer.txt", b"x" * 1500)
    upload(client, "long.txt", b"y" * (2 * 1024 * 1024 + 300_000))

    files = evidence_page(client).files
    assert files == {"short.txt": "4 bytes", "longer.txt": "1.5 KB", "long.txt": "2.3 MB"}


def test_at_the_file_limit_the_page_says_why_there_is_no_upload_and_what_to_do(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    for number in range(1, 6):
        upload(client, f"note-{number}.txt", f"Note {number}.".encode())

    html = client.get("/report/evidence").get_data(as_text=True)
    assert 'type="file"' not in html and "Upload file" not in html
    inset = visible_text(html).split("Files added", 1)[1]
    assert "You have added 5 files, the most you can add before you send." in inset
    assert "remove one first" in inset and "from its status page" in inset
    # Removing one brings the upload back.
    token = {"csrf_token": csrf_token(html)}
    assert client.post("/report/evidence/0/remove", data=token).status_code == 302
    assert 'type="file"' in client.get("/report/evidence").get_data(as_text=True)


def test_a_sixth_file_from_an_older_tab_is_refused_with_a_link_that_leads_somewhere(
    client: FlaskClient, team: Team
) -> None:
    """A page opened with four files, and a fifth added in another tab: its upload is refused
    on a page with no upload field, and the error summary linked to that missing field."""
    start_report(client)
    for number in range(1, 6):
        upload(client, f"note-{number}.txt", f"Note {number}.".encode())
    late = post_upload(
        client, "/report/evidence", {"upload": "Upload file", "file": (io.BytesIO(b"6"), "6.txt")}
    )
    root = parse_page(refused(client, late))
    [summary] = root.find(cls="govuk-error-summary")
    [link] = summary.find("a")
    target = link.attrs["href"].removeprefix("#")
    [said] = root.find(id=target)
    assert "the most you can add" in said.words


def test_remove_pressed_twice_or_on_an_older_page_removes_only_the_file_it_was_next_to(
    client: FlaskClient, team: Team
) -> None:
    """Without JavaScript a double press sends Remove twice, and a second tab (or Back) shows
    files that have since moved up: each press once removed whatever was then at that place."""
    start_report(client)
    for number in range(1, 5):
        upload(client, f"note-{number}.txt", f"Note {number}.".encode())
    html = client.get("/report/evidence").get_data(as_text=True)
    ids = re.findall(r'name="file" value="([0-9a-f]+)"', html)
    assert len(ids) == 4
    token = csrf_token(html)
    first = {"csrf_token": token, "file": ids[0]}
    assert client.post("/report/evidence/0/remove", data=first).status_code == 302
    assert client.post("/report/evidence/0/remove", data=first).status_code == 302  # pressed twice
    assert list(evidence_page(client).files) == ["note-2.txt", "note-3.txt", "note-4.txt"]
    # The old page's Remove next to note-4 (its fourth place, now the third): note-4 goes.
    fourth = {"csrf_token": token, "file": ids[3]}
    assert client.post("/report/evidence/3/remove", data=fourth).status_code == 302
    assert list(evidence_page(client).files) == ["note-2.txt", "note-3.txt"]


def test_one_way_of_writing_sizes_everywhere() -> None:
    """Rounded up, never down: to a tenth of a KB under 10 KB (a 2,187-byte file was shown as
    "3 KB"), to a whole KB above."""
    sizes = (0, 1023, 1024, 1025, 2187, 10 * 1024, 10 * 1024 + 1, 1024 * 1024, 2_400_000)
    assert [file_size(n) for n in (*sizes, 10 * 1024 * 1024)] == [
        "0 bytes",
        "1023 bytes",
        "1 KB",
        "1.1 KB",
        "2.2 KB",
        "10 KB",
        "11 KB",
        "1 MB",
        "2.3 MB",
        "10 MB",
    ]


def test_a_text_file_named_docx_is_saved_as_txt_and_the_page_says_so(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    upload(client, "minutes.docx", b"Minutes of the meeting.")

    assert evidence_page(client).files == {
        "minutes.txt": "23 bytes ‘minutes.docx’ is a plain text file, so it was saved as "
        "‘minutes.txt’."
    }


def test_a_kept_original_says_what_it_may_show_to_the_reporter(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    upload(client, "photo.jpg", gps_jpeg(), keep_original="y")

    (said,) = evidence_page(client).files.values()
    assert "original kept" in said
    # The checks cannot find everything (makers' own EXIF notes, for one), so it says so.
    assert (
        "It may still show, among other things: the place the photo was taken (GPS); the phone "
        "or camera used; a description or comment written in the file." in said
    )


def test_a_refused_files_keep_the_original_choice_is_not_carried_to_the_next_file(
    client: FlaskClient, team: Team
) -> None:
    """An empty file refused with "Keep the original file" ticked left the box ticked, so the
    next photo uploaded was kept with its location, camera and author in it."""
    start_report(client)
    empty = {"upload": "Upload file", "keep_original": "y", "file": (io.BytesIO(b""), "empty.jpg")}
    shown = refused(client, post_upload(client, "/report/evidence", empty))
    assert "empty" in shown
    assert not re.search(r'<input[^>]*name="keep_original"[^>]*checked', shown)
    upload(client, "photo.jpg", gps_jpeg())  # the box as the page now shows it: not ticked
    (said,) = evidence_page(client).files.values()
    assert "original kept" not in said


def test_a_cleaned_copy_and_a_kept_original_of_one_photo_are_told_apart_everywhere(
    client: FlaskClient, team: Team
) -> None:
    """Both read "gps.jpg" on Check your answers and on the status page, and both Remove buttons
    were announced "Remove gps.jpg": the one with the location in it could not be told apart."""
    start_report(client)
    upload(client, "gps.jpg", gps_jpeg())
    upload(client, "gps.jpg", gps_jpeg(), keep_original="y")
    html = client.get("/report/evidence").get_data(as_text=True)
    removes = [visible_text(b) for b in re.findall(r"<button[^>]*>Remove.*?</button>", html, re.S)]
    assert removes == ["Remove gps.jpg, file 1", "Remove gps.jpg (original kept), file 2"]
    who = {"people-0-name": "Sgt Dave Jones", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    affected = {"affected": ["reporter"], "witnesses": ""}
    assert post_form(client, "/report/affected", affected).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    check = visible_text(client.get("/report/check").get_data(as_text=True))
    assert "gps.jpg gps.jpg (original kept, with its hidden details)" in check
    receipt = submit_report(client, files=[])
    open_status(client, receipt)
    added = post_upload(
        client,
        "/status/evidence",
        {
            "upload": "Add evidence",
            "file": (io.BytesIO(b"Rota for the week of the 14th."), "later.txt"),
            "keep_original": "y",
        },
        page="/status",
    )
    assert added.status_code == 302
    status = visible_text(client.get("/status").get_data(as_text=True))
    assert "later.txt (30 bytes, original kept with its hidden details)" in status


def test_a_kept_photo_with_the_owners_name_and_serial_number_says_so(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: a photo signed "PC Jane Reporter" was said to show only GPS, camera and
    time, as if it were nothing else."""
    photo = Image.new("RGB", (40, 30))
    exif = photo.getexif()
    exif[ExifTags.Base.Artist] = "PC Jane Reporter"
    exif[ExifTags.Base.Make], exif[ExifTags.Base.DateTime] = "Phone", "2025:03:14 09:30:00"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN4471"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif)
    start_report(client)
    upload(client, "photo.jpg", out.getvalue(), keep_original="y")

    (said,) = evidence_page(client).files.values()
    assert said.endswith(
        "It may still show, among other things: the place the photo was taken (GPS); a name (of "
        "the photographer or owner); the camera’s serial number; the phone or camera used; the "
        "date and time it was taken."
    )


# --- the team's case page ----------------------------------------------------------------------


class WarningTexts(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.warnings: list[str] = []
        self._depth = 0
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "govuk-warning-text__text" in (dict(attrs).get("class") or "").split():
            self._depth, self._text = 1, []
        elif self._depth:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.warnings.append(" ".join("".join(self._text).split()))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def test_the_case_page_says_plainly_when_a_file_was_kept_original_and_what_it_may_carry(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, files=[("clean.jpg", gps_jpeg())])
    # Later, from the status page, the reporter adds a photo and keeps its hidden details.
    open_status(client, receipt)
    added = post_upload(
        client,
        "/status/evidence",
        {
            "upload": "Add evidence",
            "file": (io.BytesIO(gps_jpeg()), "kept.jpg"),
            "keep_original": "y",
        },
        page="/status",
    )
    assert added.status_code == 302
    report = db.session.scalars(select(Report)).one()

    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    html = lead.get(f"/team/cases/{report.reference}").get_data(as_text=True)

    warnings = [w for w in WarningTexts(html).warnings if "kept this file" in w]
    assert warnings == [
        "Warning The reporter kept this file as it was sent: Candour did not clean it. It may "
        "carry, among other things: the place the photo was taken (GPS); the phone or camera "
        "used; a description or comment written in the file. Open it with care, on a device that "
        "is not connected to the force network."
    ]
    # The team sees each file by its kind and number, never the name the reporter's device gave
    # it ("kept.jpg" could as well be "IMG_20250314_0930_PC4471.jpg").
    assert "Download photo-1.jpg" in html and "Download photo-2.jpg" in html
    assert "clean.jpg" not in html and "kept.jpg" not in html


def test_uploads_are_rate_limited_like_a_follow_up_upload(client: FlaskClient, team: Team) -> None:
    # Each upload is cleaned and the whole draft sealed and written again; with only the
    # reporter pages' 120 a minute, one client could write gigabytes of drafts an hour.
    what = {"categories": ["racism"], "when": "unsure", "description": "It happened at work."}
    assert post_form(client, "/report/what", what).status_code == 302
    token = csrf_token(client.get("/report/evidence").get_data(as_text=True))

    def upload_once() -> int:
        data = {"csrf_token": token, "upload": "Upload file"}
        data["file"] = (io.BytesIO(b"what was said"), "notes.txt")
        return client.post("/report/evidence", data=data).status_code

    allowed = parse(UPLOAD_LIMIT).amount
    assert {upload_once() for _ in range(allowed)} <= {302, 303}  # added, or refused as a twin
    assert upload_once() == 429
    assert client.get("/report/evidence").status_code == 200  # the page and the draft remain
    # Found in testing: Continue with no file was counted and refused too, so a reporter over
    # the limit could not leave the page and finish the report before the draft timed out.
    going_on = client.post("/report/evidence", data={"csrf_token": token, "submit": "Continue"})
    assert going_on.status_code == 302
    assert urlsplit(going_on.headers["Location"]).path == "/report/who"  # the next unanswered
    # Another reporter's browser behind the same address still uploads: a browser was counted.
    other = client.application.test_client()
    assert post_form(other, "/report/what", what).status_code == 302
    upload(other, "mine.txt", b"My own note.")
    assert list(evidence_page(other).files) == ["mine.txt"]


def test_removing_chosen_files_uses_up_no_uploads(client: FlaskClient, team: Team) -> None:
    """A reporter who adds a file, removes it and adds another, again and again, may still add
    as many as the upload limit allows: a removal is not an upload."""
    start_report(client)
    allowed = parse(UPLOAD_LIMIT).amount
    # 50 seconds apart, all within the upload limit's hour: the page limit (a minute's worth of
    # pages) counts every request too, and a reporter takes longer than that over each file.
    start = datetime.now(UTC)
    for number in range(allowed):
        with time_machine.travel(start + timedelta(seconds=50 * number), tick=False):
            upload(client, f"note-{number}.txt", f"Note {number}.".encode())
            page = client.get("/report/evidence").get_data(as_text=True)
            token = {"csrf_token": csrf_token(page)}
            assert client.post("/report/evidence/0/remove", data=token).status_code == 302
    with time_machine.travel(start + timedelta(seconds=50 * allowed), tick=False):
        assert evidence_page(client).files == {}
        refused_upload = post_upload(
            client,
            "/report/evidence",
            {"upload": "Upload file", "file": (io.BytesIO(b"x"), "x.txt")},
        )
    assert refused_upload.status_code == 429  # uploads past the limit are still refused


def test_removals_have_a_limit_of_their_own(client: FlaskClient, team: Team) -> None:
    start_report(client)
    upload(client, "note.txt", b"A note.")
    token = {"csrf_token": csrf_token(client.get("/report/evidence").get_data(as_text=True))}
    allowed = parse(PAGES_LIMIT).amount
    with time_machine.travel(datetime.now(UTC), tick=False):  # all within one minute
        # The first takes the file away; the rest find nothing there (pressed again, old pages).
        removals = [client.post("/report/evidence/0/remove", data=token) for _ in range(allowed)]
        assert {r.status_code for r in removals} == {302}
        assert client.post("/report/evidence/0/remove", data=token).status_code == 429
    upload(client, "another.txt", b"Another note.")  # uploads were not used up by removals
