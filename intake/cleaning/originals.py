"""Checks on a file the reporter chose to keep exactly as it is, and what it may still carry.

A kept original is not cleaned, so it reaches a caseworker's viewer as sent. It is refused if it
could harm that viewer: an image whose header declares a decompression bomb, a PDF that runs
JavaScript or starts a program (/JavaScript, /JS, /OpenAction, /AA, /Launch, /SubmitForm,
/ImportData), a DOCX with macros or outside links, and polyglots (a second file, such as a ZIP,
hidden after the first, where another program would find it). Everything else is accepted with
:func:`cautions`: plain words on what it may carry, sealed with the file and shown on the case.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image, ImageFile, IptcImagePlugin
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from intake.cleaning import AttachmentRejected
from intake.cleaning.docx_checks import check_docx
from intake.cleaning.images import MAX_IMAGE_PIXELS, too_big_image

# A kept original is decoded in full by the viewer: allow large photos, not bombs.
MAX_ORIGINAL_PIXELS = MAX_IMAGE_PIXELS * 4
_ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch"}
_ACTIVE_PDF_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE"}
_MAX_OBJECTS = 200_000
# What a kept file is said to carry when Candour found nothing it knows to look for.
_UNREAD = "details Candour could not read"


def check_original(shown: str, data: bytes, kind: str) -> list[str]:
    """Refuse a harmful original; otherwise return what it may carry, in plain words."""
    if kind in {"jpeg", "png", "heic"}:
        return _check_image(shown, data, kind)
    if kind == "pdf":
        return _check_pdf(shown, data)
    if kind == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_docx(shown, archive)
        return ["the author’s name, comments, tracked changes, hidden text and editing times"]
    if kind in {"mp4", "m4a"}:
        _refuse_trailing_data(shown, data, what="recording")
        return ["the place and time it was recorded and the phone or camera used"]
    return []


def _polyglot(shown: str, what: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ has another file hidden inside this {what}, so it cannot be kept as it "
        "is. Upload it without choosing ‘Keep the original file’ and Candour will make a "
        "clean copy."
    )


def _refuse_trailing_data(shown: str, data: bytes, *, what: str) -> None:
    """MP4, MOV, M4A and HEIC are a chain of sized boxes: it must end exactly at the end."""
    position = 0
    while position + 8 <= len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        if size == 1:
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:  # "to the end of the file"
            size = len(data) - position
        if size < 8:
            break
        position += size
    if position != len(data) or zipfile.is_zipfile(io.BytesIO(data)):
        raise _polyglot(shown, what)


def _check_image(shown: str, data: bytes, kind: str) -> list[str]:
    if kind == "heic":
        _refuse_trailing_data(shown, data, what="photo")
        return ["the place and time the photo was taken and the phone or camera used"]
    end = data.rfind(b"\xff\xd9") + 2 if kind == "jpeg" else data.rfind(b"IEND") + 8
    # Bytes after the image's own end marker, or a ZIP directory a ZIP reader would find.
    if end < 8 or data[end:].strip(b"\x00\r\n") or zipfile.is_zipfile(io.BytesIO(data)):
        raise _polyglot(shown, "photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(
                io.BytesIO(data), formats=["JPEG" if kind == "jpeg" else "PNG"]
            ) as image:
                width, height = image.size
                found = _image_details(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big_image(shown) from None
    except Exception:
        raise AttachmentRejected(
            f"‘{shown}’ looks like an image but Candour cannot read it. Check it "
            "opens on your device."
        ) from None
    if width * height > MAX_ORIGINAL_PIXELS:
        raise too_big_image(shown)
    return found or [f"{_UNREAD}, such as where and when it was taken"]


def _image_details(image: ImageFile.ImageFile) -> list[str]:
    """What a photo's EXIF, XMP, IPTC, comment or PNG text says that could identify someone."""
    exif = image.getexif()  # for a PNG, this reads the whole file: its text chunks too
    xmp = image.info.get("xmp") or b""
    fields = _Fields(
        main=exif,
        inner=exif.get_ifd(ExifTags.IFD.Exif),
        xmp=xmp.encode() if isinstance(xmp, str) else xmp,
        iptc=IptcImagePlugin.getiptcinfo(image) or {},
        # Pillow's info holds a JPEG's comment and a PNG's text before the pixels; text holds all.
        text={
            key.lower()
            for key, value in {**image.info, **getattr(image, "text", {})}.items()
            if isinstance(key, str) and _filled(value)
        },
    )
    gps = ["the place the photo was taken (GPS)"] if exif.get_ifd(ExifTags.IFD.GPSInfo) else []
    return gps + [detail.said for detail in _IMAGE_DETAILS if fields.show(detail)]


@dataclass(frozen=True)
class _Detail:
    """One kind of detail a photo may carry, in plain words, and the fields that can hold it."""

    said: str
    main: tuple[int, ...] = ()  # EXIF tags in the main directory
    inner: tuple[int, ...] = ()  # EXIF tags in the Exif directory
    xmp: tuple[bytes, ...] = ()  # XMP properties, under the prefixes cameras and editors use
    iptc: tuple[tuple[int, int], ...] = ()  # IPTC (record, dataset)
    text: tuple[str, ...] = ()  # JPEG comment and PNG text keywords, lower case


@dataclass(frozen=True)
class _Fields:
    """The metadata read from one photo."""

    main: Mapping[int, Any]
    inner: Mapping[int, Any]
    xmp: bytes
    iptc: Mapping[tuple[int, int], Any]
    text: set[str]

    def show(self, detail: _Detail) -> bool:
        return (
            any(_filled(self.main.get(tag)) for tag in detail.main)
            or any(_filled(self.inner.get(tag)) for tag in detail.inner)
            # A name in the XML is enough: "may show" errs towards warning.
            or any(name in self.xmp for name in detail.xmp)
            or any(_filled(self.iptc.get(key)) for key in detail.iptc)
            or not self.text.isdisjoint(detail.text)
        )


_Tag = ExifTags.Base
_IMAGE_DETAILS = (
    _Detail(
        "a name (of the photographer or owner)",
        main=(_Tag.Artist, _Tag.Copyright, _Tag.XPAuthor),
        inner=(_Tag.CameraOwnerName,),
        xmp=(b"dc:creator", b"dc:rights", b"tiff:Artist", b"CameraOwnerName", b"aux:OwnerName"),
        iptc=((2, 80), (2, 116), (2, 122)),  # by-line, copyright notice, caption writer
        text=("author", "copyright"),
    ),
    _Detail(
        "the camera’s serial number",
        inner=(_Tag.BodySerialNumber, _Tag.LensSerialNumber),
        xmp=(b"SerialNumber",),  # aux:SerialNumber, exifEX:BodySerialNumber and the lens's
    ),
    _Detail(
        "the phone or camera used",
        main=(_Tag.Make, _Tag.Model),
        xmp=(b"tiff:Make", b"tiff:Model"),
        text=("source",),
    ),
    _Detail(
        "the date and time it was taken",
        main=(_Tag.DateTime,),
        inner=(_Tag.DateTimeOriginal, _Tag.DateTimeDigitized),
        xmp=(b"xmp:CreateDate", b"exif:DateTimeOriginal", b"photoshop:DateCreated"),
        iptc=((2, 55),),  # date created
        text=("creation time",),
    ),
    _Detail(
        "a description or comment written in the file",
        main=(_Tag.ImageDescription, _Tag.XPTitle, _Tag.XPComment, _Tag.XPSubject),
        inner=(_Tag.UserComment,),
        xmp=(b"dc:description", b"dc:title", b"exif:UserComment"),
        iptc=((2, 5), (2, 105), (2, 120)),  # object name, headline, caption
        text=("comment", "description", "title"),
    ),
)
# EXIF's UserComment starts with 8 bytes naming its character set.
_COMMENT_CHARSETS = (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"JIS\x00\x00\x00\x00\x00", bytes(8))


def _filled(value: object) -> bool:
    """Whether a field says anything: cameras write blank, space-filled and zeroed fields."""
    if isinstance(value, list | tuple):
        return any(_filled(item) for item in value)
    if isinstance(value, bytes):
        if value[:8] in _COMMENT_CHARSETS:
            value = value[8:]
        # Windows' XP fields are UTF-16, so every other byte is zero.
        return bool(value.replace(b"\x00", b"").strip())
    if isinstance(value, str):
        return bool(value.strip("\x00 \t\r\n"))
    return value is not None


def _check_pdf(shown: str, data: bytes) -> list[str]:
    if data.rstrip(b"\x00\r\n \t")[-5:] != b"%%EOF" or zipfile.is_zipfile(io.BytesIO(data)):
        raise _polyglot(shown, "PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValueError("encrypted")
        found: set[str] = set()
        _walk_pdf(reader.trailer, found, set())
    except Exception:
        raise AttachmentRejected(
            f"‘{shown}’ is a PDF that Candour cannot fully check (it may be damaged or "
            "password-protected), so it cannot be kept as it is. Upload it without choosing "
            "‘Keep the original file’ and Candour will make a clean copy."
        ) from None
    if "active" in found:
        raise AttachmentRejected(
            f"‘{shown}’ contains JavaScript or actions that run when it is opened, so it "
            "cannot be kept as it is. Upload it without choosing ‘Keep the original file’ "
            "and Candour will make a clean copy."
        )
    cautions = _pdf_details(reader)
    if "comments" in found:
        cautions.append("comments, with the name of whoever wrote them")
    if "files" in found:
        cautions.append("other files embedded in it")
    if "links" in found:
        cautions.append("links to websites, which tell the website when they are opened")
    return cautions or [f"{_UNREAD}, such as earlier versions of its text"]


def _pdf_details(reader: PdfReader) -> list[str]:
    """What a PDF's document information and XMP say about who wrote it, with what and when."""
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else {}
    metadata = reader.root_object.get("/Metadata")
    xmp = metadata.get_object().get_data() if metadata is not None else b""
    return [
        said
        for said, keys, names in _PDF_DETAILS
        if any(_filled(str(info.get(key) or "")) for key in keys)
        or any(name in xmp for name in names)
    ]


_PDF_DETAILS = (
    ("a name (of the author)", ("/Author",), (b"dc:creator", b"pdf:Author")),
    ("the software used", ("/Creator", "/Producer"), (b"xmp:CreatorTool", b"pdf:Producer")),
    ("when it was written", ("/CreationDate", "/ModDate"), (b"xmp:CreateDate", b"xmp:ModifyDate")),
    (
        "a title or description written in the file",
        ("/Title", "/Subject", "/Keywords"),
        (b"dc:title", b"dc:description", b"pdf:Keywords"),
    ),
)
# Annotations that are someone's remark, each signed with the name in /T (PDF 2.0, 12.5.6.2).
_MARKUP_ANNOTATIONS = {
    "/Text",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Caret",
    "/Stamp",
    "/Ink",
    "/FileAttachment",
    "/Sound",
    "/Redact",
}


def _walk_pdf(obj: Any, found: set[str], seen: set[int]) -> None:
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen or len(seen) > _MAX_OBJECTS:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        if _ACTIVE_PDF_KEYS.intersection(obj.keys()) or obj.get("/S") in _ACTIVE_PDF_ACTIONS:
            found.add("active")
        if "/EmbeddedFiles" in obj or obj.get("/Type") in ("/EmbeddedFile", "/Filespec"):
            found.add("files")
        if obj.get("/S") == "/URI" or "/URI" in obj:
            found.add("links")
        if "/T" in obj and obj.get("/Subtype") in _MARKUP_ANNOTATIONS:
            found.add("comments")
        for value in obj.values():
            _walk_pdf(value, found, seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _walk_pdf(item, found, seen)
