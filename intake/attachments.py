"""Make an uploaded evidence file safe to seal.

Reporters attach evidence to an anonymous report: photos (JPEG, PNG, HEIC), PDF and Word
(DOCX) documents, videos and screen recordings (MP4, MOV), voice notes (M4A) and plain UTF-8
text. Before the file is encrypted and stored, :func:`clean_upload`

* works out what the file really is from its content (never from its name or the
  browser-sent media type) and refuses anything else, anything empty and anything over
  the size limit;
* removes what could identify the reporter, with the cleaner for its kind in
  :mod:`intake.cleaning`: images are re-encoded from pixels only (HEIC becomes JPEG), PDF
  pages are redrawn as pictures, recordings are remuxed without metadata, DOCX parts holding
  authors, comments and revision ids are emptied;
* returns a safe display name derived from, but never trusting, the name supplied, and a
  notice when that name's extension had to change.

A reporter may explicitly choose to keep the original file (``keep_original=True``); it is
still type- and size-checked, refused if it could harm a caseworker's viewer, and returned
unchanged with ``cautions`` saying what it may still carry.

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
import zipfile
from dataclasses import dataclass, field

from intake.cleaning import AttachmentRejected, work_slot
from intake.cleaning.docx import clean_docx
from intake.cleaning.images import MAX_IMAGE_PIXELS, clean_image
from intake.cleaning.media import clean_media
from intake.cleaning.originals import check_original
from intake.cleaning.pdf import clean_pdf

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
    "heic": "image/heic",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "mp4": "video/mp4",
    "m4a": "audio/mp4",
    "text": "text/plain",
}

# What the team's copy of a file is called: a file's own name can say who made it, on what and
# when ("Screenshot_20250314-093012_Outlook_PC4471_JSmith.jpg"), so the team sees only its kind
# and number ("photo-2.jpg"). The reporter's own list keeps the name they gave it, sealed to
# their receipt.
_TEAM_STEMS = {
    "image/jpeg": "photo",
    "image/png": "image",
    "image/heic": "photo",
    "application/pdf": "document",
    ALLOWED_KINDS["docx"]: "document",
    "video/mp4": "video",
    "audio/mp4": "recording",
    "text/plain": "text",
}


def team_filename(filename: str, media_type: str, number: int) -> str:
    """The name the team sees for a reporter's file: its kind, its number on the report and the
    extension it was saved with ("photo-2.jpg")."""
    extension = _extension(filename)
    return f"{_TEAM_STEMS.get(media_type, FALLBACK_STEM)}-{number}{extension}"


DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILENAME_LENGTH = 100
FALLBACK_STEM = "evidence"

_EXTENSIONS = {
    "jpeg": ".jpg",
    "png": ".png",
    "heic": ".heic",
    "pdf": ".pdf",
    "docx": ".docx",
    "mp4": ".mp4",
    "m4a": ".m4a",
    "text": ".txt",
}
# Extensions a reporter's own name may have for each kind without being told it changed.
_SAME_KIND = {
    "jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "png": {".png"},
    "heic": {".heic", ".heif"},
    "pdf": {".pdf"},
    "docx": {".docx"},
    "mp4": {".mp4", ".m4v"},
    "m4a": {".m4a"},
    "text": {".txt", ".text", ".csv", ".log", ".md", ""},
}
PLAIN_TEXT_EXTENSIONS = frozenset(_SAME_KIND["text"])
# Said once, in one sentence: a phone's error summary shows it all as link text.
_LISTED = (
    "photos (JPEG, PNG or HEIC), PDF or Word documents, videos (MP4 or MOV), voice notes (M4A) "
    "or text files"
)
_HEIC_BRANDS = {b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc", b"hevx"}

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

# Characters Windows and many download dialogs refuse in file names.
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')
_SHORT_EXTENSION = re.compile(r"\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True)
class CleanFile:
    """A checked upload, ready to be encrypted.

    ``metadata_removed`` is True when the bytes are Candour's cleaned version (for plain
    text, which has no metadata container, that is the text itself) and False only when
    the reporter chose to keep the original file unchanged; ``cautions`` then says, in
    plain words, what the original may carry. ``notice`` tells the reporter when the file
    was saved under a different extension from the one they gave it.
    """

    filename: str
    media_type: str
    data: bytes
    metadata_removed: bool
    cautions: tuple[str, ...] = field(default=())
    notice: str | None = None


def clean_upload(
    filename: str,
    data: bytes,
    *,
    keep_original: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CleanFile:
    """Check an uploaded evidence file and strip identifying metadata from it.

    Raises :class:`AttachmentRejected` (with a message for the reporter) if the file is
    empty, larger than ``max_bytes``, not a kind Candour accepts, or cannot be processed
    safely.
    """
    shown = shown_name(filename)
    data = bytes(data)
    if not data:
        raise AttachmentRejected(f"‘{shown}’ is empty. Choose the file again.")
    if len(data) > max_bytes:
        raise AttachmentRejected(too_large(shown, max_bytes))

    kind = _detect_kind(shown, data)
    if kind == "text":
        text = _decode_text(data)
        assert text is not None  # _detect_kind only says "text" if it decodes
        if not keep_original:
            data = text.encode("utf-8")
        return _result(filename, kind, data, cleaned=not keep_original)
    if kind == "media" and keep_original:
        kind = "m4a" if data[8:12] == b"M4A " else "mp4"
    if keep_original:
        with work_slot(shown):
            cautions = check_original(shown, data, kind)
        return _result(filename, kind, data, cleaned=False, cautions=cautions)
    with work_slot(shown):
        if kind == "pdf":
            return _result(filename, kind, clean_pdf(shown, data))
        if kind == "docx":
            return _result(filename, kind, clean_docx(shown, data))
        if kind == "media":
            media = clean_media(shown, data)
            # A MOV or 3GP recording comes out as MP4 (or M4A if it is only sound): say so
            # rather than rename it silently.
            same = _extension(filename) in _SAME_KIND[media.kind]
            remuxed = None if same else f"Your recording was converted to {media.kind.upper()}"
            return _result(filename, media.kind, media.data, converted=remuxed)
        if kind == "heic":
            photo = clean_image(shown, data, kind)
            return _result(filename, "jpeg", photo, converted="Your photo was converted to JPEG")
        return _result(filename, kind, clean_image(shown, data, kind))


def _result(
    filename: str,
    kind: str,
    data: bytes,
    *,
    cleaned: bool = True,
    cautions: list[str] | None = None,
    converted: str | None = None,
) -> CleanFile:
    safe_name = sanitise_filename(filename, kind)
    extension = _extension(filename)
    notice = None
    if converted:
        notice = f"{converted} and saved as ‘{safe_name}’."
    elif extension not in _SAME_KIND[kind]:
        label = _KIND_LABELS[kind]
        notice = f"‘{shown_name(filename)}’ is {label}, so it was saved as ‘{safe_name}’."
    return CleanFile(safe_name, ALLOWED_KINDS[kind], data, cleaned, tuple(cautions or ()), notice)


def _extension(filename: str) -> str:
    given = _SHORT_EXTENSION.search(_basename(filename if isinstance(filename, str) else ""))
    return given.group(0).lower() if given else ""


_KIND_LABELS = {
    "jpeg": "a JPEG photo",
    "png": "a PNG image",
    "heic": "a HEIC photo",
    "pdf": "a PDF document",
    "docx": "a Word document",
    "mp4": "a video",
    "m4a": "a sound recording",
    "text": "a plain text file",
}


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


def shown_name(filename: str) -> str:
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


def too_large(shown: str, max_bytes: int) -> str:
    """Why a file over ``max_bytes`` is refused, naming it as ``shown_name`` shows it: said by
    the server, and with JavaScript by the evidence pages as soon as the file is chosen
    (``candour.js``, from the words this gives for the name ``{name}``)."""
    limit = file_size(max_bytes)
    return f"‘{shown}’ is larger than {limit}. Each file must be {limit} or smaller."


def file_size(n_bytes: int) -> str:
    """A file's size as every page shows it: "812 bytes", "2.2 KB" and "35 KB" (rounded up, so a
    file is never said to be smaller than it is: to a tenth under 10 KB, where a whole KB more
    overstated a 2.1 KB file by half), "2.4 MB" or "10 MB"."""
    mib = 1024 * 1024
    if n_bytes >= mib:
        return f"{n_bytes / mib:.1f}".removesuffix(".0") + " MB"
    if n_bytes >= 1024:
        tenths = -(-n_bytes * 10 // 1024)
        if tenths < 100:
            return f"{tenths / 10:.1f}".removesuffix(".0") + " KB"
        return f"{-(-n_bytes // 1024)} KB"
    return f"{n_bytes} bytes"


# --- type detection ----------------------------------------------------------------


def _detect_kind(shown: str, data: bytes) -> str:
    if data.startswith(_JPEG_MAGIC):
        return "jpeg"
    if data.startswith(_PNG_MAGIC):
        return "png"
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in _HEIC_BRANDS:
            return "heic"
        if brand not in {b"avif", b"avis"}:
            return "media"  # MP4, MOV, M4A and 3GP share one container
    if data.startswith(b"PK\x03\x04") and _describe_zip(data) == "a Word document":
        return "docx"
    # Text is decided before the other signatures so that a genuine text file that
    # happens to start with e.g. "MZ" or "BZh" is not mistaken for a binary format.
    if _decode_text(data) is not None:
        return "text"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise AttachmentRejected(
            f"‘{shown}’ is a text file saved as UTF-16, which Candour cannot read. "
            "Save it as UTF-8 text and upload it again."
        )
    described = _describe_other(data)
    if described is not None:
        raise AttachmentRejected(
            f"‘{shown}’ is not one of the {_LISTED} Candour accepts: it looks like {described}."
        )
    raise AttachmentRejected(
        f"‘{shown}’ is not one of the {_LISTED} Candour accepts. A text file must be saved "
        "as UTF-8."
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
        return "an AVIF photo"
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
