"""Tests for intake.attachments: evidence files are type-checked and stripped of metadata."""

from __future__ import annotations

import io
import os
import struct
import warnings
import zipfile
import zlib

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from intake.attachments import (
    ALLOWED_KINDS,
    AttachmentRejected,
    CleanFile,
    clean_upload,
    sanitise_filename,
)

NOT_ACCEPTED = (
    "is not one of the photos (JPEG, PNG or HEIC), PDF or Word documents, videos (MP4 or MOV), "
    "voice notes (M4A) or text files Candour accepts"
)


# --- helpers -----------------------------------------------------------------------


def jpeg_with_metadata(size: tuple[int, int] = (64, 48), orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (200, 10, 10))
    exif = image.getexif()
    exif[0x013B] = "CANARYARTIST"  # Artist
    exif[0x0110] = "CANARYMODEL"  # Model
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = "CANARYSERIAL"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[0x1B] = "CANARYGPSMETHOD"
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        comment=b"CANARYCOMMENT",
        icc_profile=b"CANARYICC" * 20,
    )
    data = out.getvalue()
    for canary in (b"CANARYARTIST", b"CANARYSERIAL", b"CANARYGPSMETHOD", b"CANARYICC"):
        assert canary in data  # the fixture really carries the metadata
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "CANARYTEXT")
    info.add_itxt("Comment", "CANARYITXT")
    info.add_text("Software", "CANARYZTXT" * 10, zip=True)
    exif = Image.Exif()
    exif[0x013B] = "CANARYPNGEXIF"
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 128, 255, 200)).save(out, "PNG", pnginfo=info, exif=exif)
    data = out.getvalue()
    assert b"CANARYTEXT" in data and b"CANARYITXT" in data and b"CANARYPNGEXIF" in data
    return data


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of the given size; all-black rows compress to almost nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_with_metadata(pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=300)
    writer.add_metadata(
        {
            "/Author": "CANARYAUTHOR",
            "/Title": "CANARYTITLE",
            "/Creator": "CANARYCREATOR",
            "/Producer": "CANARYPRODUCER",
        }
    )
    writer.xmp_metadata = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b"<rdf:Description>CANARYXMP</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    page = writer.pages[0]
    page_xmp = StreamObject()
    page_xmp.set_data(b"<x:xmpmeta>CANARYPAGEXMP</x:xmpmeta>")
    page[NameObject("/Metadata")] = writer._add_object(page_xmp)
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Illustrator"): TextStringObject("CANARYPIECEINFO")}
    )
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 30, 30)]),
            NameObject("/Contents"): TextStringObject("The note itself is evidence"),
            NameObject("/T"): TextStringObject("CANARYNOTEAUTHOR"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    for canary in (b"CANARYAUTHOR", b"CANARYXMP", b"CANARYPAGEXMP", b"CANARYNOTEAUTHOR"):
        assert canary in data
    return data


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    return out.getvalue()


def rejection(filename: str, data: bytes, **kwargs: object) -> str:
    with pytest.raises(AttachmentRejected) as caught:
        clean_upload(filename, data, **kwargs)  # type: ignore[arg-type]
    assert caught.value.message == str(caught.value)
    return caught.value.message


# --- JPEG --------------------------------------------------------------------------


def test_allowed_kinds_are_exactly_the_supported_types() -> None:
    assert ALLOWED_KINDS == {
        "jpeg": "image/jpeg",
        "png": "image/png",
        "heic": "image/heic",
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "mp4": "video/mp4",
        "m4a": "audio/mp4",
        "text": "text/plain",
    }


def test_jpeg_exif_gps_and_serial_are_removed() -> None:
    result = clean_upload("IMG_0001.JPG", jpeg_with_metadata())

    assert isinstance(result, CleanFile)
    assert result.media_type == "image/jpeg"
    assert result.metadata_removed is True
    assert b"CANARY" not in result.data
    assert b"Exif" not in result.data
    with Image.open(io.BytesIO(result.data)) as cleaned:
        assert cleaned.format == "JPEG"
        assert dict(cleaned.getexif()) == {}
        assert "icc_profile" not in cleaned.info
        assert "comment" not in cleaned.info
        assert "exif" not in cleaned.info


def test_jpeg_exif_orientation_is_applied_to_the_pixels() -> None:
    # Orientation 6 means "rotate 90° clockwise to display": width and height swap.
    result = clean_upload("photo.jpg", jpeg_with_metadata(size=(64, 48), orientation=6))
    with Image.open(io.BytesIO(result.data)) as cleaned:
        assert cleaned.size == (48, 64)


def test_truncated_jpeg_is_rejected() -> None:
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    out = io.BytesIO()
    noise.save(out, "JPEG")
    data = out.getvalue()

    message = rejection("cut.jpg", data[: len(data) // 2])
    assert "‘cut.jpg’" in message
    assert "damaged or incomplete" in message


# --- PNG ---------------------------------------------------------------------------


def test_png_text_chunks_and_exif_are_removed() -> None:
    result = clean_upload("screen.png", png_with_text())

    assert result.media_type == "image/png"
    assert b"CANARY" not in result.data
    for chunk_type in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk_type not in result.data
    with Image.open(io.BytesIO(result.data)) as cleaned:
        assert cleaned.info == {}
        assert dict(cleaned.getexif()) == {}
        assert cleaned.getpixel((0, 0)) == (0, 128, 255, 200)


def test_png_with_garbage_after_the_signature_is_rejected() -> None:
    message = rejection("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x13" * 200)
    assert "‘broken.png’" in message
    assert "damaged or incomplete" in message


@pytest.mark.parametrize(
    "size",
    [
        (8000, 8000),  # 64 MP: over our 25 MP limit, under Pillow's own warning limit
        (10000, 10000),  # 100 MP: Pillow would only warn
        (20000, 20000),  # 400 MP: Pillow raises DecompressionBombError itself
    ],
)
def test_decompression_bomb_is_rejected(size: tuple[int, int]) -> None:
    bomb = png_declaring(*size)
    assert len(bomb) < 100_000  # tiny on the wire, huge once decoded

    message = rejection("bomb.png", bomb)
    assert message.startswith("‘bomb.png’ is too large an image to process")


def test_bomb_warning_is_a_rejection_even_when_warnings_are_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With Pillow's global limit lowered, a 2 MP image is under our limit but makes Pillow
    # emit DecompressionBombWarning; that must stop processing, not just be logged.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_500_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        message = rejection("warned.png", png_declaring(2000, 1000))
    assert "too large an image to process" in message


def test_image_just_under_the_pixel_limit_is_accepted() -> None:
    result = clean_upload("big.png", png_declaring(5000, 5000))
    with Image.open(io.BytesIO(result.data)) as cleaned:
        assert cleaned.size == (5000, 5000)


def test_cleaning_does_not_change_pillow_global_settings() -> None:
    before = Image.MAX_IMAGE_PIXELS
    clean_upload("a.png", png_with_text())
    with pytest.raises(AttachmentRejected):
        clean_upload("bomb.png", png_declaring(8000, 8000))
    assert before == Image.MAX_IMAGE_PIXELS


# --- PDF ---------------------------------------------------------------------------


def test_pdf_document_info_and_xmp_are_removed_and_pages_kept() -> None:
    result = clean_upload("statement.pdf", pdf_with_metadata(pages=3))

    assert result.media_type == "application/pdf"
    assert result.metadata_removed is True
    assert b"CANARY" not in result.data
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 3
    assert not reader.metadata  # no /Info dictionary at all
    assert "/Metadata" not in reader.root_object
    for page in reader.pages:
        assert "/Metadata" not in page
        assert "/PieceInfo" not in page
        assert page.mediabox.width == 200


def test_pdf_annotations_are_drawn_into_the_page_and_none_is_left() -> None:
    result = clean_upload("notes.pdf", pdf_with_metadata(pages=1))
    reader = PdfReader(io.BytesIO(result.data))
    assert "/Annots" not in reader.pages[0]
    assert b"CANARYNOTEAUTHOR" not in result.data


def test_encrypted_pdf_is_rejected() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt(user_password="secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)

    message = rejection("locked.pdf", out.getvalue())
    assert "‘locked.pdf’" in message
    assert "password-protected" in message


def test_unreadable_pdf_is_rejected() -> None:
    message = rejection("broken.pdf", b"%PDF-1.7\nthis is not really a PDF\n")
    assert "‘broken.pdf’" in message
    assert "damaged" in message


# --- keeping the original ----------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "make"),
    [("photo.jpg", jpeg_with_metadata), ("doc.pdf", pdf_with_metadata), ("s.png", png_with_text)],
)
def test_keep_original_returns_identical_bytes(filename: str, make: object) -> None:
    data = make()  # type: ignore[operator]
    result = clean_upload(filename, data, keep_original=True)
    assert result.data == data
    assert result.metadata_removed is False


def test_keep_original_is_still_type_checked() -> None:
    message = rejection("photo.jpg", xlsx_bytes(), keep_original=True)
    assert NOT_ACCEPTED in message


def test_keep_original_is_still_size_checked() -> None:
    message = rejection("photo.jpg", jpeg_with_metadata(), keep_original=True, max_bytes=100)
    assert "is larger than" in message


# --- type detection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "described_as"),
    [
        ("rota.xlsx", xlsx_bytes(), "an Excel spreadsheet"),
        ("cat.gif", gif_bytes(), "a GIF image"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, "a program"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 60, "a ZIP archive"),
        ("random.bin", bytes(range(256)) * 4, None),
    ],
)
def test_other_file_types_are_rejected(
    filename: str, data: bytes, described_as: str | None
) -> None:
    message = rejection(filename, data)
    assert message.startswith(f"‘{filename}’ is ")
    assert NOT_ACCEPTED in message
    assert message.count("JPEG") == 1  # the kinds accepted are listed once, not twice
    if described_as:
        assert described_as in message


def test_kind_comes_from_content_not_from_the_name() -> None:
    disguised = clean_upload("holiday.exe", png_with_text())
    assert disguised.media_type == "image/png"
    assert disguised.filename == "holiday.png"

    message = rejection("photo.jpg", xlsx_bytes())
    assert "an Excel spreadsheet" in message


def test_html_is_accepted_as_inert_plain_text() -> None:
    html = b"<html><body><script>alert('x')</script></body></html>\n"
    result = clean_upload("page.html", html)
    assert result.media_type == "text/plain"
    assert result.filename == "page.txt"
    assert result.data == html


def test_text_is_returned_as_utf8_without_bom() -> None:
    text = "Sergeant said — on 3 March — ‘keep quiet’.\n".encode()
    result = clean_upload("notes.txt", b"\xef\xbb\xbf" + text)
    assert result.media_type == "text/plain"
    assert result.data == text


def test_text_that_is_not_utf8_is_rejected() -> None:
    message = rejection("latin1.txt", "café au lait".encode("latin-1"))
    assert NOT_ACCEPTED in message
    assert "UTF-8" in message


def test_text_with_nul_bytes_is_rejected() -> None:
    assert NOT_ACCEPTED in rejection("nul.txt", b"hello\x00world")


def test_utf16_text_gets_a_specific_message() -> None:
    message = rejection("windows.txt", "hello".encode("utf-16"))
    assert "UTF-16" in message


# --- size --------------------------------------------------------------------------


def test_empty_file_is_rejected() -> None:
    assert rejection("blank.txt", b"").startswith("‘blank.txt’ is empty")


def test_file_over_ten_megabytes_is_rejected() -> None:
    message = rejection("huge.txt", b"a" * (10 * 1024 * 1024 + 1))
    assert message.startswith("‘huge.txt’ is larger than 10 MB")


def test_file_at_exactly_the_limit_is_accepted() -> None:
    assert clean_upload("limit.txt", b"a" * 1000, max_bytes=1000).data == b"a" * 1000


def test_size_limit_is_a_parameter() -> None:
    assert "larger than" in rejection("small.txt", b"a" * 1001, max_bytes=1000)


# --- file names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kind", "expected"),
    [
        ("../../etc/passwd", "text", "passwd.txt"),
        ("C:\\Users\\pc1234\\Desktop\\rota.png", "png", "rota.png"),
        ("invoice\u202egpj.exe", "jpeg", "invoicegpj.jpg"),  # RTL override removed
        ("evil\x00.pdf.jpg", "jpeg", "evil.pdf.jpg"),
        ("line\nbreak\t.txt", "text", "linebreak.txt"),
        ("IMG_0001.JPEG", "jpeg", "IMG_0001.jpg"),
        ("scan.pdf", "png", "scan.png"),  # extension follows the real kind
        ("Statement v2.1", "pdf", "Statement v2.1.pdf"),
        ("", "pdf", "evidence.pdf"),
        ("../..", "png", "evidence.png"),
        ("\u202e\u200b\x00", "text", "evidence.txt"),
        (".hidden.png", "png", "hidden.png"),
    ],
)
def test_filename_is_sanitised(given: str, kind: str, expected: str) -> None:
    assert sanitise_filename(given, kind) == expected


def test_long_filename_is_cut_to_100_characters_keeping_the_extension() -> None:
    name = sanitise_filename("x" * 500 + ".jpg", "jpeg")
    assert len(name) == 100
    assert name.endswith("x.jpg")


def test_clean_upload_returns_the_sanitised_name() -> None:
    result = clean_upload("../../secret/\u202eevidence.txt", b"plain words")
    assert result.filename == "evidence.txt"
    assert "/" not in result.filename and "\u202e" not in result.filename


def test_rejection_message_names_the_file_without_its_path() -> None:
    message = rejection("/home/pc1234/Documents/memo.xlsx", xlsx_bytes())
    assert message.startswith("‘memo.xlsx’ is not one of the photos")
    assert "pc1234" not in message
