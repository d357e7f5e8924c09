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
from typing import Any

from PIL import ExifTags, Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from intake.cleaning import AttachmentRejected
from intake.cleaning.docx import check_docx
from intake.cleaning.images import MAX_IMAGE_PIXELS, too_big_image

# A kept original is decoded in full by the viewer: allow large photos, not bombs.
MAX_ORIGINAL_PIXELS = MAX_IMAGE_PIXELS * 4
_ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch"}
_ACTIVE_PDF_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE"}
_MAX_OBJECTS = 200_000


def check_original(shown: str, data: bytes, kind: str) -> list[str]:
    """Refuse a harmful original; otherwise return what it may carry, in plain words."""
    if kind in {"jpeg", "png", "heic"}:
        return _check_image(shown, data, kind)
    if kind == "pdf":
        return _check_pdf(shown, data)
    if kind == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_docx(shown, archive)
        return ["the author’s name, comments, tracked changes and editing times"]
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
                exif = image.getexif()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big_image(shown) from None
    except Exception:
        raise AttachmentRejected(
            f"‘{shown}’ looks like an image but Candour cannot read it. Please check it "
            "opens on your device."
        ) from None
    if width * height > MAX_ORIGINAL_PIXELS:
        raise too_big_image(shown)
    found = []
    if exif.get_ifd(ExifTags.IFD.GPSInfo):
        found.append("the place the photo was taken (GPS)")
    if exif.get(ExifTags.Base.Make) or exif.get(ExifTags.Base.Model):
        found.append("the phone or camera used")
    if exif.get(ExifTags.Base.DateTime) or exif.get_ifd(ExifTags.IFD.Exif):
        found.append("the date and time it was taken")
    return found or ["hidden details such as where and when it was taken"]


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
    cautions = ["the author’s name, the software used and when it was written"]
    if "files" in found:
        cautions.append("other files embedded in it")
    if "links" in found:
        cautions.append("links to websites, which tell the website when they are opened")
    return cautions


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
        for value in obj.values():
            _walk_pdf(value, found, seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _walk_pdf(item, found, seen)
