"""Make an uploaded evidence file safe to seal.

Reporters attach evidence (JPEG, PNG, PDF or plain UTF-8 text) to an anonymous report.
Before the file is encrypted and stored, :func:`clean_upload`

* works out what the file really is from its content (never from its name or the
  browser-sent media type) and refuses anything else, anything empty and anything over
  the size limit;
* removes embedded metadata that could identify the reporter: images are decoded and
  re-encoded from pixel data only (no EXIF/GPS/camera serial, XMP, IPTC, ICC profile,
  comments or PNG text chunks); PDFs are rebuilt page by page without the document
  information dictionary, XMP metadata, page-piece data or annotation author names;
* returns a safe display name derived from, but never trusting, the name supplied.

A reporter may explicitly choose to keep the original file (``keep_original=True``); it is
still type- and size-checked but its bytes are returned unchanged.

This module must never: trust the supplied filename or media type, write the file or any
part of it to disk or to logs, return partially cleaned data when cleaning fails (it
raises :class:`AttachmentRejected` instead), or change process-wide Pillow settings such
as ``Image.MAX_IMAGE_PIXELS`` or ``ImageFile.LOAD_TRUNCATED_IMAGES``.

Plain text is accepted even if it happens to contain HTML or SVG markup: it is sealed as
``text/plain`` and only ever served back as an attachment download, so markup is inert.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

__all__ = [
    "ALLOWED_KINDS",
    "DEFAULT_MAX_BYTES",
    "MAX_IMAGE_PIXELS",
    "AttachmentRejected",
    "CleanFile",
    "clean_upload",
    "sanitise_filename",
]

ALLOWED_KINDS: dict[str, str] = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "text": "text/plain",
}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_FILENAME_LENGTH = 100
FALLBACK_STEM = "evidence"

_EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf", "text": ".txt"}
_ACCEPTED = "Candour accepts JPEG, PNG, PDF or plain text files"

_MACH_O_MAGICS = {
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
}
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PDF_MAGIC = b"%PDF-"

# Page and object keys that carry authoring metadata rather than content.
_PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")
# Characters Windows and many download dialogs refuse in file names.
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')
_SHORT_EXTENSION = re.compile(r"\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")


class AttachmentRejected(ValueError):
    """The upload cannot be accepted. ``message`` is fit to show to the reporter."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    """A checked upload, ready to be encrypted.

    ``metadata_removed`` is True when the bytes are Candour's cleaned version (for plain
    text, which has no metadata container, that is the text itself) and False only when
    the reporter chose to keep the original file unchanged.
    """

    filename: str
    media_type: str
    data: bytes
    metadata_removed: bool


def clean_upload(
    filename: str,
    data: bytes,
    *,
    keep_original: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CleanFile:
    """Check an uploaded evidence file and strip identifying metadata from it.

    Raises :class:`AttachmentRejected` (with a message for the reporter) if the file is
    empty, larger than ``max_bytes``, not a JPEG, PNG, PDF or UTF-8 text file, or cannot
    be processed safely.
    """
    shown = _display_name(filename)
    data = bytes(data)
    if not data:
        raise AttachmentRejected(f"‘{shown}’ is empty. Please choose the file again.")
    if len(data) > max_bytes:
        raise AttachmentRejected(
            f"‘{shown}’ is larger than {_format_size(max_bytes)}. "
            f"Each file must be {_format_size(max_bytes)} or smaller."
        )

    kind = _detect_kind(shown, data)
    media_type = ALLOWED_KINDS[kind]
    safe_name = sanitise_filename(filename, kind)

    if kind == "text":
        text = _decode_text(data)
        assert text is not None  # _detect_kind only says "text" if it decodes
        if keep_original:
            return CleanFile(safe_name, media_type, data, metadata_removed=False)
        return CleanFile(safe_name, media_type, text.encode("utf-8"), metadata_removed=True)

    if keep_original:
        return CleanFile(safe_name, media_type, data, metadata_removed=False)
    cleaned = _clean_pdf(shown, data) if kind == "pdf" else _clean_image(shown, data, kind)
    return CleanFile(safe_name, media_type, cleaned, metadata_removed=True)


# --- file names --------------------------------------------------------------------


def _strip_unsafe_chars(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    # Cc: control chars incl. NUL; Cf: bidi overrides/isolates, zero-width chars, BOM;
    # Zl/Zp: line and paragraph separators. All can hide or disguise the real name.
    return "".join(
        ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}
    )


def _basename(name: str) -> str:
    return re.split(r"[/\\]", name)[-1]


def _display_name(filename: str) -> str:
    """The reporter's own name for the file, made safe to echo back in a message."""
    if not isinstance(filename, str):
        return "your file"
    shown = " ".join(_strip_unsafe_chars(_basename(filename)).split())
    if len(shown) > MAX_FILENAME_LENGTH:
        shown = shown[: MAX_FILENAME_LENGTH - 1] + "…"
    return shown or "your file"


def sanitise_filename(filename: str, kind: str) -> str:
    """Return a safe display name for ``filename`` with the extension for ``kind``.

    Directories, path separators, control and bidi-override characters are removed, the
    supplied extension is replaced and the result is at most 100 characters.
    """
    extension = _EXTENSIONS[kind]
    name = filename if isinstance(filename, str) else ""
    name = _strip_unsafe_chars(_basename(name.replace("\x00", "")))
    name = _UNSAFE_NAME_CHARS.sub("_", name)
    name = " ".join(name.split())
    name = _SHORT_EXTENSION.sub("", name)
    # Leading dots would make a hidden file; trailing dots/spaces are dropped by Windows.
    stem = name.strip(" .")[: MAX_FILENAME_LENGTH - len(extension)].rstrip(" .")
    return (stem or FALLBACK_STEM) + extension


def _format_size(n_bytes: int) -> str:
    mib = 1024 * 1024
    if n_bytes >= mib:
        return f"{n_bytes / mib:.4g} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.4g} KB"
    return f"{n_bytes} bytes"


# --- type detection ----------------------------------------------------------------


def _detect_kind(shown: str, data: bytes) -> str:
    if data.startswith(_JPEG_MAGIC):
        return "jpeg"
    if data.startswith(_PNG_MAGIC):
        return "png"
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    # Text is decided before the other signatures so that a genuine text file that
    # happens to start with e.g. "MZ" or "BZh" is not mistaken for a binary format.
    if _decode_text(data) is not None:
        return "text"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise AttachmentRejected(
            f"‘{shown}’ is a text file saved as UTF-16, which Candour cannot read. "
            "Please save it as UTF-8 text and upload it again."
        )
    described = _describe_other(data)
    if described is not None:
        raise AttachmentRejected(
            f"‘{shown}’ is not a JPEG, PNG, PDF or plain text file (it looks like "
            f"{described}). {_ACCEPTED}."
        )
    raise AttachmentRejected(
        f"‘{shown}’ is not a JPEG, PNG, PDF or plain text file (text files must be saved "
        f"as UTF-8). {_ACCEPTED}."
    )


def _describe_other(data: bytes) -> str | None:
    """Name a recognisable file type we refuse, or None if it might be plain text."""
    head = data[:16]
    if head.startswith(b"PK\x03\x04"):
        return _describe_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an older Microsoft Office document"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in {b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"avif"}:
            return "a HEIC or AVIF photo (the format many phones use)"
        return "a video or audio file"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if head.startswith((b"MZ", b"\x7fELF")) or head[:4] in _MACH_O_MAGICS:
        return "a program"
    if head.startswith((b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh")):
        return "a compressed archive"
    if head.startswith(b"{\\rtf"):
        return "a rich text (RTF) document"
    if head.startswith((b"ID3", b"OggS", b"fLaC")):
        return "an audio file"
    return None


def _describe_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "a ZIP archive"
    if any(n.startswith("word/") for n in names):
        return "a Word document"
    if any(n.startswith("xl/") for n in names):
        return "an Excel spreadsheet"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names:
        return "an OpenDocument or e-book file"
    return "a ZIP archive"


# --- plain text --------------------------------------------------------------------


def _decode_text(data: bytes) -> str | None:
    """The text without any byte order mark, or None unless this is UTF-8 without NULs."""
    if b"\x00" in data:
        return None
    try:
        # utf-8-sig drops a leading byte order mark, so the result is UTF-8 without BOM.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


# --- images ------------------------------------------------------------------------


def _too_big_image(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ is too large an image to process. Please upload a smaller version "
        "or a screenshot of it."
    )


def _unreadable_image(shown: str, kind: str) -> AttachmentRejected:
    label = "JPEG" if kind == "jpeg" else "PNG"
    return AttachmentRejected(
        f"‘{shown}’ looks like a {label} image but is damaged or incomplete, so Candour "
        "cannot read it. Please check the file opens on your device and try again."
    )


def _clean_image(shown: str, data: bytes, kind: str) -> bytes:
    formats = ["JPEG"] if kind == "jpeg" else ["PNG"]
    try:
        with warnings.catch_warnings():
            # Pillow only *warns* between its own limit and twice it; make that fatal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as original:
                width, height = original.size
                # Checked before decoding any pixel data, with our own (lower) limit, so we
                # never depend on or alter the process-wide Image.MAX_IMAGE_PIXELS.
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_big_image(shown)
                original.load()
                return _reencode(original, kind)
    except AttachmentRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big_image(shown) from None
    except Exception:
        # Any decoder failure on untrusted input (truncated data, bad chunks, broken
        # headers, oversized text chunks...) means we cannot produce a clean copy.
        raise _unreadable_image(shown, kind) from None


def _reencode(original: Image.Image, kind: str) -> bytes:
    image: Image.Image = original
    try:
        image = ImageOps.exif_transpose(original)
    except Exception:
        # Malformed EXIF should not block the evidence; keep the stored orientation.
        image = original

    target_mode = _target_mode(image, kind)
    pixels = image if image.mode == target_mode else image.convert(target_mode)
    # A brand-new image carries nothing from the original except pixels: Pillow's
    # encoders otherwise pick up icc_profile, comments, etc. from ``.info``.
    clean = Image.new(target_mode, pixels.size)
    clean.paste(pixels, (0, 0))

    out = io.BytesIO()
    if kind == "jpeg":
        clean.save(out, format="JPEG", quality=90)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _target_mode(image: Image.Image, kind: str) -> str:
    if kind == "jpeg":
        return "L" if image.mode in {"1", "L"} else "RGB"
    if image.mode in {"1", "L", "LA", "RGB", "RGBA", "I;16"}:
        return image.mode
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return "RGBA" if has_alpha else "RGB"


# --- PDF ---------------------------------------------------------------------------


def _clean_pdf(shown: str, data: bytes) -> bytes:
    unreadable = AttachmentRejected(
        f"‘{shown}’ looks like a PDF but is damaged or uses features Candour cannot read. "
        "Please try saving it again (for example with ‘Print to PDF’) and upload the copy."
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        raise unreadable from None
    if encrypted:
        raise AttachmentRejected(
            f"‘{shown}’ is a password-protected or encrypted PDF, which Candour cannot "
            "check. Please save an unprotected copy (for example with ‘Print to PDF’) and "
            "upload that."
        )
    try:
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page, excluded_keys=_PDF_METADATA_KEYS)
            _scrub_pdf_object(added, set())
        if len(writer.pages) == 0:
            raise unreadable
        # Drops the /Info dictionary (Author, Creator, Producer, Title, dates...).
        writer.metadata = None
        for key in _PDF_METADATA_KEYS:
            writer.root_object.pop(NameObject(key), None)
        out = io.BytesIO()
        writer.write(out)
    except AttachmentRejected:
        raise
    except Exception:
        raise unreadable from None
    return out.getvalue()


def _scrub_pdf_object(obj: Any, seen: set[int]) -> None:
    """Remove metadata keys from every dictionary reachable from a page.

    Images and forms inside a page can carry their own XMP streams (e.g. a photo's
    original metadata), and markup annotations (comments) carry the author's name in /T.
    """
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        children = dict(obj.items())
        for key in _PDF_METADATA_KEYS:
            obj.pop(NameObject(key), None)
            children.pop(key, None)
        if obj.get("/Subtype") not in (None, "/Widget") and "/Rect" in obj:
            obj.pop(NameObject("/T"), None)
            children.pop("/T", None)
        for key, value in children.items():
            # Never walk back up the page tree or from an annotation to its page.
            if key not in {"/Parent", "/P"}:
                _scrub_pdf_object(value, seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _scrub_pdf_object(item, seen)
