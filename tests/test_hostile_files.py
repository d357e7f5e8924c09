"""Hostile PDFs and images, kept in tests/fixtures/hostile/: what cleaning and "keep original" do.

A lead who downloads a cleaned PDF must find no photo metadata, embedded file, script, action or
link in it; a kept original that could harm the caseworker's viewer is refused.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import ExifTags, Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from intake.attachments import AttachmentRejected, clean_upload
from intake.cleaning import media as media_cleaner
from intake.cleaning import pdf as pdf_cleaner
from intake.cleaning.child import CPU_ALLOWANCE_SECONDS, clean_in_child
from tests.fixtures.evidence import recording
from tests.fixtures.hostile.make import FIXTURES, pdf_with_gps_photo

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PDFS = sorted(name for name in FIXTURES if name.endswith(".pdf"))
ACTIVE_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/URI", "/EmbeddedFiles"}


def fixture(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


class Contents:
    """Every key, name and decoded stream reachable from a PDF's trailer."""

    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        self.keys: set[str] = set()
        self.values: set[str] = set()
        self.streams: list[bytes] = []
        self.images: list[bytes] = []
        self._walk(self.reader.trailer, set())

    def _walk(self, obj: Any, seen: set[int]) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            self.keys.update(str(key) for key in obj)
            if isinstance(obj, StreamObject):
                raw = obj._data
                self.streams.append(raw)
                if obj.get("/Subtype") == "/Image":
                    self.images.append(raw)
            for value in obj.values():
                self._walk(value, seen)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                self._walk(item, seen)
        else:
            self.values.add(str(obj))

    def mentions(self, word: str) -> bool:
        return any(word in value for value in self.values) or any(
            word.encode() in stream for stream in self.streams
        )


@pytest.mark.parametrize("name", PDFS)
def test_each_hostile_pdf_really_carries_its_payload(name: str) -> None:
    carried = Contents(fixture(name))
    assert carried.mentions("CANARY") or carried.keys & ACTIVE_KEYS


@pytest.mark.parametrize("name", PDFS)
def test_a_cleaned_hostile_pdf_keeps_no_script_action_file_link_or_metadata(name: str) -> None:
    cleaned = clean_upload(name, fixture(name))

    assert cleaned.metadata_removed is True
    assert b"CANARY" not in cleaned.data
    contents = Contents(cleaned.data)
    assert not contents.keys & ACTIVE_KEYS
    assert not {"/Annots", "/Names", "/AcroForm", "/Metadata", "/Info"} & contents.keys
    assert not contents.mentions("CANARY")
    assert not contents.reader.metadata
    assert len(contents.reader.pages) == 1


def test_a_photo_inside_a_pdf_keeps_its_picture_but_loses_gps_camera_and_comment() -> None:
    original = Contents(fixture("gps-photo.pdf"))
    with Image.open(io.BytesIO(original.images[0])) as photo:
        assert photo.getexif().get_ifd(0x8825)  # the fixture's photo has GPS

    cleaned = clean_upload("gps-photo.pdf", fixture("gps-photo.pdf"))

    contents = Contents(cleaned.data)
    assert len(contents.images) == 1  # the page itself, drawn as one picture
    with Image.open(io.BytesIO(contents.images[0])) as page:
        assert not page.getexif()
        assert "comment" not in page.info and "exif" not in page.info
    # The photo is still there to see: the page picture is red where the photo was drawn.
    document = pdfium.PdfDocument(cleaned.data)
    picture = document[0].render(scale=1).to_pil().convert("RGB")
    red, green, blue = picture.getpixel((80, 200 - 65))
    assert red > 180 and green < 80 and blue < 80
    document.close()


def test_pages_keep_their_size() -> None:
    cleaned = clean_upload("p.pdf", pdf_with_gps_photo())
    page = PdfReader(io.BytesIO(cleaned.data)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (300, 200)


def _blank_pdf(pages: int, width: float = 300, height: float = 200) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def test_a_pdf_with_too_many_pages_is_refused_before_any_is_drawn() -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("long.pdf", _blank_pdf(pdf_cleaner.MAX_PAGES + 1))
    assert f"A PDF can have up to {pdf_cleaner.MAX_PAGES} pages" in refused.value.message


def test_a_huge_page_is_drawn_within_the_pixel_limit() -> None:
    cleaned = clean_upload("poster.pdf", _blank_pdf(1, width=14_400, height=14_400))
    (picture,) = Contents(cleaned.data).images
    with Image.open(io.BytesIO(picture)) as page:
        assert page.width * page.height <= pdf_cleaner.MAX_PAGE_PIXELS


def test_drawing_stops_when_the_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_cleaner, "MAX_SECONDS", -1.0)
    started = time.monotonic()
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("slow.pdf", _blank_pdf(3))
    assert "took too long to check" in refused.value.message
    assert time.monotonic() - started < 5


def test_a_child_that_overruns_is_killed_and_the_reporter_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No time at all for the child, which takes longer than that merely to start.
    monkeypatch.setattr(pdf_cleaner, "MAX_SECONDS", 0.0)
    monkeypatch.setattr(pdf_cleaner, "STARTUP_SECONDS", 0.01)
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("endless.pdf", _blank_pdf(1))
    assert refused.value.message.startswith("‘endless.pdf’ took too long to check.")


_started: list[tuple[Any, ...]] | None = None


def _record_process(event: str, args: tuple[Any, ...]) -> None:
    if _started is not None and event == "subprocess.Popen":
        _started.append(args)


sys.addaudithook(_record_process)


def test_the_drawing_child_gets_the_file_and_its_name_on_stdin_not_its_command_line() -> None:
    global _started
    _started = []
    try:
        clean_upload("PC Smyth grievance.pdf", _blank_pdf(1))
        started = list(_started)
    finally:
        _started = None
    ((_executable, arguments, _cwd, environment),) = started
    assert "Smyth" not in " ".join(str(a) for a in arguments)
    assert environment == {}


# --- recordings, copied in a child too ---------------------------------------------------------


def test_a_recording_whose_copying_overruns_its_time_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Out of time before its first packet: the child stops itself and says why.
    monkeypatch.setattr(media_cleaner, "MAX_SECONDS", -1.0)
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("clip.mp4", recording(video=True, container="mp4"))
    assert refused.value.message.startswith("‘clip.mp4’ took too long to check.")


def test_a_recording_child_that_overruns_is_killed_and_the_reporter_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stuck (here: not even started) where it cannot look at the clock: killed from outside.
    monkeypatch.setattr(media_cleaner, "MAX_SECONDS", 0.0)
    monkeypatch.setattr(media_cleaner, "STARTUP_SECONDS", 0.01)
    started = time.monotonic()
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("Voice note.m4a", recording(video=False, container="ipod"))
    assert refused.value.message.startswith("‘Voice note.m4a’ took too long to check.")
    assert time.monotonic() - started < 5


def test_a_recording_is_copied_in_a_child_given_it_on_stdin_with_no_environment() -> None:
    global _started
    _started = []
    try:
        cleaned = clean_upload("PC Smyth interview.mov", recording(video=True, container="mov"))
        started = list(_started)
    finally:
        _started = None
    assert cleaned.media_type == "video/mp4" and cleaned.data[4:8] == b"ftyp"
    ((_executable, arguments, _cwd, environment),) = started
    assert "intake.cleaning.media" in arguments
    assert "Smyth" not in " ".join(str(a) for a in arguments)
    assert environment == {}


@pytest.mark.parametrize("overreach", [b"memory", b"cpu"])
def test_a_child_that_overreaches_its_memory_or_cpu_limit_is_stopped(overreach: bytes) -> None:
    """The limits the child sets itself: more memory than allowed fails, and CPU time beyond its
    working time (here none: one CPU second in all) ends it long before the parent would."""
    seconds = 1.0 - CPU_ALLOWANCE_SECONDS
    started = time.monotonic()
    with pytest.raises(AttachmentRejected) as refused:
        clean_in_child(
            "tests.fixtures.greedy_cleaner",
            "greedy.bin",
            overreach,
            seconds=seconds,
            startup_seconds=60.0,
            too_slow=AttachmentRejected("killed by the parent"),
            unreadable=AttachmentRejected("failed"),
        )
    assert refused.value.message == "failed"
    assert time.monotonic() - started < 30


# --- keeping the original ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["page-javascript.pdf", "open-action.pdf"], ids=["page /AA", "/OpenAction"]
)
def test_a_pdf_that_runs_javascript_cannot_be_kept_original(name: str) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload(name, fixture(name), keep_original=True)
    assert "contains JavaScript or actions that run when it is opened" in refused.value.message


def test_javascript_hidden_behind_escaped_names_still_cannot_be_kept_original() -> None:
    # "#61" is "a": a reader decodes /J#61vaScript to /JavaScript, so the check must too.
    disguised = (
        fixture("open-action.pdf")
        .replace(b"/JavaScript", b"/J#61vaScript")
        .replace(b"/JS ", b"/J#53 ")
        .replace(b"/OpenAction", b"/Open#41ction")
    )
    assert b"/JavaScript" not in disguised and b"/OpenAction" not in disguised
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("disguised.pdf", disguised, keep_original=True)
    assert "contains JavaScript or actions that run when it is opened" in refused.value.message


def test_a_pdf_with_a_launch_action_cannot_be_kept_original() -> None:
    launching = fixture("open-action.pdf").replace(b"/JavaScript", b"/Launch     ")
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("launch.pdf", launching, keep_original=True)
    assert "actions that run when it is opened" in refused.value.message


def test_a_jpeg_with_a_zip_appended_cannot_be_kept_original() -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("photo.jpg", fixture("zip-appended.jpg"), keep_original=True)
    assert "has another file hidden inside this photo" in refused.value.message


def test_a_jpeg_with_a_zip_appended_is_cleaned_to_the_photo_alone() -> None:
    cleaned = clean_upload("photo.jpg", fixture("zip-appended.jpg"))
    assert b"PK\x03\x04" not in cleaned.data and b"CANARY" not in cleaned.data


def test_a_bomb_header_cannot_be_kept_original() -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("huge.png", fixture("bomb-header.png"), keep_original=True)
    assert "too large an image to process" in refused.value.message


@pytest.mark.parametrize(
    ("name", "caution"),
    [
        ("embedded-file.pdf", "other files embedded in it"),
        ("tracking-link.pdf", "links to websites"),
    ],
)
def test_a_kept_pdf_says_what_it_carries(name: str, caution: str) -> None:
    kept = clean_upload(name, fixture(name), keep_original=True)
    assert kept.data == fixture(name)
    assert kept.metadata_removed is False
    assert any(caution in line for line in kept.cautions)


def test_a_kept_photo_says_it_shows_where_it_was_taken_and_the_camera() -> None:
    from tests.fixtures.hostile.make import gps_jpeg

    kept = clean_upload("photo.jpg", gps_jpeg(), keep_original=True)
    assert "the place the photo was taken (GPS)" in kept.cautions
    assert "the phone or camera used" in kept.cautions


NAME = "a name (of the photographer or owner)"
SERIAL = "the camera’s serial number"
WRITTEN = "a description or comment written in the file"
NOTHING_FOUND = "details Candour could not read, such as where and when it was taken"


def jpeg_with(
    main: dict[int, Any] | None = None, inner: dict[int, Any] | None = None, **info: Any
) -> bytes:
    """A plain JPEG with the EXIF fields given, in the main and the Exif directories."""
    photo = Image.new("RGB", (20, 20))
    exif = photo.getexif()
    exif.update(main or {})
    exif.get_ifd(ExifTags.IFD.Exif).update(inner or {})
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif, **info)
    return out.getvalue()


def png_with(**text: str) -> bytes:
    chunks = PngImagePlugin.PngInfo()
    for key, value in text.items():
        chunks.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG", pnginfo=chunks)
    return out.getvalue()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
    b"<dc:creator><rdf:Seq><rdf:li>PC Jane Reporter</rdf:li></rdf:Seq></dc:creator>"
    b"<aux:SerialNumber>SN4471</aux:SerialNumber>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("artist", jpeg_with({ExifTags.Base.Artist: "PC Jane Reporter"}), [NAME]),
        ("copyright", jpeg_with({ExifTags.Base.Copyright: "© J Reporter"}), [NAME]),
        ("Windows author", jpeg_with({ExifTags.Base.XPAuthor: "Jane".encode("utf-16-le")}), [NAME]),
        ("owner", jpeg_with(inner={ExifTags.Base.CameraOwnerName: "Jane"}), [NAME]),
        ("serial", jpeg_with(inner={ExifTags.Base.BodySerialNumber: "SN4471"}), [SERIAL]),
        ("description", jpeg_with({ExifTags.Base.ImageDescription: "Outside the nick"}), [WRITTEN]),
        ("comment", jpeg_with(inner={ExifTags.Base.UserComment: b"ASCII\0\0\0Mine"}), [WRITTEN]),
        ("JPEG comment", jpeg_with(comment=b"Taken by Jane"), [WRITTEN]),
        ("XMP", jpeg_with(xmp=XMP), [NAME, SERIAL]),
        ("PNG text", png_with(Author="Jane", Description="Mine"), [NAME, WRITTEN]),
        # Cameras fill fields with spaces, zeros or a bare character-set header: not a name.
        (
            "blank fields",
            jpeg_with(
                {ExifTags.Base.Artist: "   ", ExifTags.Base.XPAuthor: bytes(8)},
                {ExifTags.Base.UserComment: b"ASCII\0\0\0   "},
            ),
            [NOTHING_FOUND],
        ),
        ("nothing", jpeg_with(), [NOTHING_FOUND]),
    ],
)
def test_a_kept_photo_names_what_could_identify_someone(
    name: str, data: bytes, said: list[str]
) -> None:
    kind = "png" if data.startswith(b"\x89PNG") else "jpg"
    kept = clean_upload(f"photo.{kind}", data, keep_original=True)
    assert list(kept.cautions) == said, name


def pdf_with(info: dict[str, str], *, comment: bool = False) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=100)
    writer.add_metadata({"/Producer": "", **info})  # pypdf signs its own name unless told not to
    if comment:
        note = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Text"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 30, 30)]),
                NameObject("/T"): TextStringObject("Jane Reporter"),
                NameObject("/Contents"): TextStringObject("Check this"),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("info", "comment", "said"),
    [
        ({"/Author": "PC Jane Reporter"}, False, ["a name (of the author)"]),
        (
            {"/Creator": "Word", "/CreationDate": "D:20250314093000", "/Title": "My notes"},
            False,
            [
                "the software used",
                "when it was written",
                "a title or description written in the file",
            ],
        ),
        ({}, True, ["comments, with the name of whoever wrote them"]),
        ({}, False, ["details Candour could not read, such as earlier versions of its text"]),
    ],
)
def test_a_kept_pdf_names_who_wrote_it_only_when_it_does(
    info: dict[str, str], comment: bool, said: list[str]
) -> None:
    kept = clean_upload("notes.pdf", pdf_with(info, comment=comment), keep_original=True)
    assert list(kept.cautions) == said


# --- bounding the work on large images ---------------------------------------------------------


def test_the_6300_pixel_square_png_from_the_audit_is_refused_with_a_clear_message() -> None:
    from benchmarks.clean_cost import flat_png

    square = flat_png(6300, 6300)
    assert len(square) < 150_000  # tiny on the wire, 119 MB once decoded
    started = time.process_time()
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("square.png", square)
    assert refused.value.message == (
        "‘square.png’ is too large an image to process. Upload a smaller version "
        "or a screenshot of it."
    )
    assert time.process_time() - started < 0.5  # refused from the header, nothing decoded


def test_a_48_megapixel_jpeg_is_cleaned_at_half_size_instead_of_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (8000, 6000), (10, 120, 200)).save(out, "JPEG", quality=50)

    cleaned = clean_upload("big-phone-photo.jpg", out.getvalue())

    with Image.open(io.BytesIO(cleaned.data)) as photo:
        assert photo.size == (4000, 3000)


def _progressive_jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 128).save(out, "JPEG", progressive=True, quality=50)
    return out.getvalue()


def _last_scan_repeated(jpeg: bytes, times: int) -> bytes:
    """``jpeg`` with its last scan (header and coded data, up to the end-of-image marker) sent
    ``times`` more times: coded data never holds a bare FF DA, so the last one starts it."""
    start, end = jpeg.rindex(b"\xff\xda"), len(jpeg) - 2
    assert jpeg[end:] == b"\xff\xd9"
    return jpeg[:end] + jpeg[start:end] * times + jpeg[end:]


def test_a_jpeg_of_many_scans_is_refused_before_libjpeg_spends_minutes_on_it() -> None:
    """The last scan again and again: a small file that libjpeg goes over the whole picture for
    once per scan (1,000 copies of 33 bytes took 30 seconds before)."""
    photo = _progressive_jpeg((2048, 2048))
    many = _last_scan_repeated(photo, 100)
    assert len(many) < 100_000
    started = time.process_time()
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("scans.jpg", many)
    assert "is too large an image to process" in refused.value.message
    assert time.process_time() - started < 0.5  # refused from the markers, nothing decoded
    assert clean_upload("progressive.jpg", photo).metadata_removed  # its ten scans are fine


def test_a_progressive_jpeg_over_the_pixel_limit_is_refused_not_drawn_smaller() -> None:
    """libjpeg gathers a progressive JPEG whole before drawing it at any size: 2 bytes a pixel
    for each colour, so the smaller drawing of a large photo saves nothing (a 1 MB progressive
    file of 88 megapixels took 670 MB)."""
    from intake.cleaning.images import MAX_IMAGE_PIXELS

    side = int(MAX_IMAGE_PIXELS**0.5) + 16
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("progressive.jpg", _progressive_jpeg((side, side)))
    assert "is too large an image to process" in refused.value.message


def test_scans_inside_an_exif_thumbnail_are_not_counted() -> None:
    """An EXIF thumbnail is a JPEG of its own inside the photo's APP1 segment."""
    from intake.cleaning.images import MAX_JPEG_SCANS, jpeg_scans

    thumbnail = _last_scan_repeated(_progressive_jpeg((64, 64)), MAX_JPEG_SCANS)
    out = io.BytesIO()
    Image.new("RGB", (8000, 6000), (10, 120, 200)).save(out, "JPEG", quality=50)
    body = b"Exif\x00\x00" + thumbnail
    app1 = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    camera = out.getvalue()[:2] + app1 + out.getvalue()[2:]

    assert jpeg_scans(camera) == [3]
    with Image.open(io.BytesIO(clean_upload("big.jpg", camera).data)) as cleaned:
        assert cleaned.size == (4000, 3000)  # still drawn at half size, not refused


@pytest.mark.parametrize(
    "between",
    [b"\x00", b"\xff\x00\xff\xff"],
    ids=["a stray byte", "a stuffed zero read as a marker with a length"],
)
def test_scans_behind_bytes_libjpeg_skips_are_counted(between: bytes) -> None:
    """libjpeg reads on past bytes that are no marker before a segment (it only warns), so the
    scans after them are decoded all the same: they must be counted too, or one stray byte
    before the first scan lets a file of thousands through."""
    many = _last_scan_repeated(_progressive_jpeg((2048, 2048)), 100)
    first = many.index(b"\xff\xda")
    hidden = many[:first] + between + many[first:]
    with Image.open(io.BytesIO(hidden)) as decoded:
        decoded.load()  # libjpeg decodes it, every scan
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("scans.jpg", hidden)
    assert "is too large an image to process" in refused.value.message


def test_no_more_than_two_files_are_cleaned_at_once_in_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from intake import cleaning
    from tests.fixtures.hostile.make import gps_jpeg

    monkeypatch.setattr(cleaning, "WAIT_FOR_SLOT_SECONDS", 0.01)
    with (
        cleaning.work_slot("first"),
        cleaning.work_slot("second"),
        pytest.raises(AttachmentRejected) as refused,
    ):
        clean_upload("third.jpg", gps_jpeg())
    assert "Candour is busy checking other files" in refused.value.message
    assert clean_upload("later.jpg", gps_jpeg()).metadata_removed  # the slots were given back
