"""Pictures inside a Word document: known by their content, counted, and refused if uncleanable.

Word shows a picture by its content type, whatever its part is called, so a picture is known
here by its first bytes (or, for drawings, by its name too). Each JPEG, PNG or GIF, once no
more than ``MAX_PICTURES`` have been counted, is re-encoded like an uploaded photo: ``docx``
hands the kind ``picture_kind`` finds to ``clean_image``.

It must never let through a picture that could keep hidden details of its maker: a TIFF,
HEIC, AVIF, WebP or JPEG XR photo (which ``clean_image`` cannot re-encode, and which can carry
EXIF and GPS), an SVG drawing (whose text can name whoever drew it and where they saved it) or
a Windows metafile (EMF, WMF, whose records can name the file it was pasted from) makes the
whole document refused.
"""

from __future__ import annotations

import zipfile

from intake.cleaning import AttachmentRejected
from intake.cleaning.docx_xml import too_much

# Each picture is decoded and re-encoded (up to 25 MP each): their count is bounded, as the
# time is (``docx_checks.MAX_SECONDS``).
MAX_PICTURES = 50
# Pictures it re-encodes, by their first bytes.
_PICTURE_STARTS = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
# An SVG drawing (Word 365's icons; anything pasted from a drawing program) is text that keeps
# what its program wrote: an author in its metadata, the path it was saved or exported to
# ("C:\\Users\\jsmith\\..."), layer names. Word renders it by its content type, whatever the
# part is called, so it is known by the SVG namespace too (``_is_svg``).
_SVG_NAMESPACE = b"http://www.w3.org/2000/svg"
# A Windows metafile (EMF or WMF: a chart or diagram pasted from Excel or Visio as a picture)
# is a list of drawing records that can hold more than it draws: the EMF header's description
# (the program's name, often with the source file's), comment records any program fills, text
# drawn off the page. Known by its name (".emz" and ".wmz" are the same compressed) or by its
# first bytes: an EMF's (``_is_metafile``) or a WMF's, with or without its "placeable" header.
_METAFILE_NAMES = (".emf", ".wmf", ".emz", ".wmz")
_WMF_STARTS = (
    b"\xd7\xcd\xc6\x9a",  # the "placeable" header
    # Its own header: kept in memory or on disk (1, 2), 9 words long, version 1 or 3.
    b"\x01\x00\x09\x00\x00\x01",
    b"\x01\x00\x09\x00\x00\x03",
    b"\x02\x00\x09\x00\x00\x01",
    b"\x02\x00\x09\x00\x00\x03",
)
# Photo formats Word keeps as inserted that can carry EXIF and GPS: TIFF and JPEG XR (HD Photo);
# HEIC and AVIF (an "ftyp" box) and WebP are checked for by their own headers.
_PHOTOS_NOT_CLEANED = (b"II*\x00", b"MM\x00*", b"II\xbc")


def picture_kind(body: bytes) -> str | None:
    """The kind of picture ``clean_image`` re-encodes that a part holds, known by its content,
    not its name: a photo stored under another extension still carries its EXIF, and is still
    counted towards ``MAX_PICTURES`` (before any is decoded)."""
    return next((kind for start, kind in _PICTURE_STARTS if body.startswith(start)), None)


def refuse_too_many_pictures(shown: str, archive: zipfile.ZipFile) -> None:
    """Refuse a document with more than ``MAX_PICTURES`` pictures, read from their first bytes
    alone, before any is decoded."""
    entries = archive.infolist()
    if sum(picture_kind(_start_of(archive, e)) is not None for e in entries) > MAX_PICTURES:
        raise too_much(shown, f"has more than {MAX_PICTURES} pictures")


def refuse_uncleanable_pictures(shown: str, name: str, body: bytes) -> None:
    """Refuse a part that is a photo or drawing whose hidden details cannot be removed."""
    if body.startswith(_PHOTOS_NOT_CLEANED) or body[4:8] == b"ftyp" or body[8:12] == b"WEBP":
        raise AttachmentRejected(
            f"‘{shown}’ holds a picture Candour cannot remove hidden details from, such as "
            "where a photo was taken. Save it as PDF and upload that."
        )
    if _is_svg(name, body):
        raise AttachmentRejected(
            f"‘{shown}’ holds a drawing (SVG) Candour cannot remove hidden details from, such "
            "as the name of whoever drew it. Save it as PDF and upload that."
        )
    if _is_metafile(name, body):
        raise AttachmentRejected(
            f"‘{shown}’ holds a drawing (EMF or WMF, such as a chart pasted from another "
            "program) Candour cannot remove hidden details from, such as the name of the file "
            "it came from. Save it as PDF and upload that."
        )


def _start_of(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    if entry.is_dir():
        return b""
    with archive.open(entry) as part:
        return part.read(8)


def _is_svg(name: str, body: bytes) -> bool:
    """Whether a part is an SVG drawing: by its name, or by the SVG namespace in a part not
    named as Word's own XML (whose text could quote that address)."""
    lowered = name.lower()
    if lowered.endswith(".svg"):
        return True
    return not lowered.endswith((".xml", ".rels")) and _SVG_NAMESPACE in body


def _is_metafile(name: str, body: bytes) -> bool:
    """Whether a part is a Windows metafile (EMF or WMF, compressed or not): by its name, or
    by its first bytes (an EMF's header record, of type 1, is signed " EMF" at byte 40)."""
    if name.lower().endswith(_METAFILE_NAMES) or body.startswith(_WMF_STARTS):
        return True
    return body.startswith(b"\x01\x00\x00\x00") and body[40:44] == b" EMF"
