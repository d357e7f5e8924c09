"""Word documents (DOCX): rewritten without author details, comments, revision ids or times.

A DOCX is a ZIP of XML parts. The new archive keeps the document's text, layout and pictures,
and replaces or scrubs what identifies the writer: the core and app properties (author, last
modified by, company, dates, editing time), custom properties and custom XML (often SharePoint
names), comments and the people list, tracked changes (accepted, so deleted text goes: see
``docx_revisions``, which also empties hidden text and what fields such as ``AUTHOR`` or
``FILENAME`` showed), the revision-session ids Word stamps on every paragraph (they link
documents edited in the same session), the document's own ids (``w14:docId``, ``w15:docId``:
the same in every copy of the file, so they lead back to the original on the writer's drive or
in their email), and photo metadata (each JPEG, PNG or GIF picture, known by its content
whatever its part is called, is re-encoded like an uploaded photo; a document holding a TIFF,
HEIC, WebP or JPEG XR photo, which it cannot re-encode, an SVG drawing, whose text can name
whoever drew it and where they saved it, or a Windows metafile (EMF, WMF), whose records can
name the file it was pasted from, is refused: see ``docx_pictures``). ZIP entry times are set
to a fixed date. Before any of that, ``docx_checks`` refuses a file that would run or fetch
something in a caseworker's Word (macros, controls, embedded files, links to outside templates
or objects, fields that fetch from outside).

It must never return a document still holding any of the details above, nor a partly cleaned
one: a part it cannot read or clean makes it refuse the whole file.
"""

from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile

from intake.cleaning import AttachmentRejected, docx_checks
from intake.cleaning.docx_checks import check_docx
from intake.cleaning.docx_pictures import (
    picture_kind,
    refuse_too_many_pictures,
    refuse_uncleanable_pictures,
)
from intake.cleaning.docx_revisions import (
    DocumentWide,
    TooSlow,
    accept_and_empty,
    identifying_bookmarks,
)
from intake.cleaning.docx_styles import hidden_character_styles
from intake.cleaning.docx_xml import in_utf8, is_xml, local, not_a_document, read_xml, too_much
from intake.cleaning.images import clean_image

# Each bookmark around a REF to one around emptied text is found a reading later: a real
# document's chain is a link or two, while a hostile one, each REF before the bookmark it
# names, would take a reading of every part per link.
MAX_BOOKMARK_READINGS = 8
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
_W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Parts whose whole content is authoring metadata: replaced by an empty part of the same kind.
_EMPTIED = {
    "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
    'package/2006/metadata/core-properties"/>',
    "docProps/app.xml": f'<Properties xmlns="{_PROPS}/extended-properties"/>',
    "docProps/custom.xml": f'<Properties xmlns="{_PROPS}/custom-properties"/>',
    "word/comments.xml": f'<w:comments xmlns:w="{_W}"/>',
    "word/commentsExtended.xml": f'<w15:commentsEx xmlns:w15="{_W15}"/>',
    "word/people.xml": f'<w15:people xmlns:w15="{_W15}"/>',
    # Word 365 keeps each comment's exact time (dateUtc) here, and its ids in commentsIds.
    "word/commentsExtensible.xml": f'<w16cex:commentsExtensible xmlns:w16cex="{_W16CEX}"/>',
    "word/commentsIds.xml": f'<w16cid:commentsIds xmlns:w16cid="{_W16CID}"/>',
    # Building blocks saved with the document (Quick Parts, AutoText: a signature block with a
    # name and shoulder number), never shown in it.
    "word/glossary/document.xml": f'<w:glossaryDocument xmlns:w="{_W}"/>',
}
# Word finds the package's properties through its own relationships (``_rels/.rels``), by the
# last word of their type (transitional "core-properties", strict "coreProperties"), wherever
# they are: .NET's packaging, say, writes the core properties as
# ``package/services/metadata/core-properties/<id>.psmdcp``.
_PROPERTIES_BY_TYPE = {
    "coreproperties": _EMPTIED["docProps/core.xml"],
    "extendedproperties": _EMPTIED["docProps/app.xml"],
    "customproperties": _EMPTIED["docProps/custom.xml"],
}
# XML lets an attribute's value be in single quotes as well as double, with spaces around the
# "=". Any prefix is matched, not only Word's own "w:": a part may bind Word's namespace to
# another ("x:author"), of any characters XML allows in a name ("w-x", "é"), and Word reads it
# the same. A prefix is all up to its colon, which it cannot hold, so it is read one way only.
_PREFIX = rb"""[^\s:=<>/"']+"""
_VALUE = rb"""\s*=\s*(?:"[^"]*"|'[^']*')"""
_AUTHOR = re.compile(rb"(\s" + _PREFIX + rb":(?:author|initials))" + _VALUE)
# Times of tracked changes: ``w:date`` (local time) and Word 365's ``w16du:dateUtc``.
_DROPPED_ATTRIBUTES = re.compile(
    rb"\s" + _PREFIX + rb":(?:rsid\w*|date|dateUtc|paraId|textId)" + _VALUE
)
# Each pattern gives up at the next tag it could start at, never scanning on to the end of the
# part: over thousands of unclosed "<w:rsids>" a lazy ".*?" searched the rest of the part from
# each one (a 5 KB upload, a 1 MB part, a quarter of an hour of CPU).
_RSID_TABLE = re.compile(
    rb"<(" + _PREFIX + rb"):rsids\s*>(?:(?!<" + _PREFIX + rb":rsids\s*>).)*?</\1:rsids\s*>",
    re.DOTALL,
)
# Document variables (which templates and add-ins fill with anything: a user's name, their
# drive's paths) and the mail merge's data source (a connection string with the path of the
# writer's own spreadsheet, "C:\\Users\\jsmith\\…"): neither is needed to read the document.
_SETTINGS_DROPPED = re.compile(
    rb"<(" + _PREFIX + rb"):(docVars|mailMerge)\s*>"
    rb"(?:(?!<" + _PREFIX + rb":(?:docVars|mailMerge)\s*>).)*?</\1:\2\s*>",
    re.DOTALL,
)
# Self-closing as Word writes it, or with an end tag.
_DOCUMENT_ID = re.compile(rb"<(" + _PREFIX + rb"):docId\b[^<>]*(?:/>|(?<!/)>[^<]*</\1:docId\s*>)")


def clean_docx(shown: str, data: bytes) -> bytes:
    # Read from its module when called, so that a test can shorten it.
    deadline = time.monotonic() + docx_checks.MAX_SECONDS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = source.infolist()
            check_docx(shown, source, deadline)
            properties = _property_parts(shown, source, deadline)
            known = _document_wide(shown, source, deadline)
            refuse_too_many_pictures(shown, source)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in entries:
                    if time.monotonic() > deadline:
                        raise too_much(shown, "took too long to check")
                    if entry.is_dir():
                        continue
                    body = source.read(entry)
                    kind = picture_kind(body)
                    if entry.filename in properties:
                        body = (_XML + properties[entry.filename]).encode()
                    elif kind is not None:
                        body = clean_image(shown, body, kind)
                    else:
                        body = _clean_part(shown, entry.filename, body, deadline, known)
                    target.writestr(zipfile.ZipInfo(entry.filename, _FIXED_TIME), body)
    except AttachmentRejected:
        raise
    except Exception:
        raise not_a_document(shown) from None
    return out.getvalue()


def _property_parts(shown: str, archive: zipfile.ZipFile, deadline: float) -> dict[str, str]:
    """Each part the package's relationships name as its properties, with the empty part of
    its kind that replaces it (``check_docx`` has read the relationships as XML already)."""
    if "_rels/.rels" not in archive.namelist():
        return {}
    found = _PropertyParts()
    read_xml(shown, archive.read("_rels/.rels"), found, deadline)
    return found.parts


class _PropertyParts:
    """The package relationships' property parts, as the parser tells of each element."""

    def __init__(self) -> None:
        self.parts: dict[str, str] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if local(tag) != "Relationship":
            return
        kind = attrib.get("Type", "").strip().rsplit("/", 1)[-1].replace("-", "").lower()
        target = posixpath.normpath("/" + attrib.get("Target", "").strip()).lstrip("/")
        if kind in _PROPERTIES_BY_TYPE:
            self.parts[target] = _PROPERTIES_BY_TYPE[kind]


def _document_wide(shown: str, archive: zipfile.ZipFile, deadline: float) -> DocumentWide:
    """What each part's cleaning needs to know of the others, read before any is cleaned: the
    character styles that hide their text, then the bookmarks around emptied text, read again
    until no more are found (a bookmark around a ``REF`` to one of them is one too)."""
    try:
        styles: frozenset[str] = frozenset()
        if "word/styles.xml" in archive.namelist():
            styles = hidden_character_styles(
                in_utf8(shown, archive.read("word/styles.xml")), deadline
            )
        known = DocumentWide(styles)
        marked = [name for name in archive.namelist() if _bookmarked(shown, archive, name)]
        for readings in range(1, MAX_BOOKMARK_READINGS + 1):
            found = known.identifying_bookmarks.union(
                *(
                    identifying_bookmarks(in_utf8(shown, archive.read(name)), deadline, known)
                    for name in marked
                )
            )
            if found == known.identifying_bookmarks:
                return known
            if readings == MAX_BOOKMARK_READINGS:
                raise TooSlow
            known = DocumentWide(styles, found)
    except TooSlow:
        raise too_much(shown, "has too many tracked changes or fields to check") from None
    except ValueError:
        raise not_a_document(shown) from None
    return known


def _bookmarked(shown: str, archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a part ``_clean_part`` reads as Word's XML has a bookmark."""
    body = b"" if name.endswith("/") else archive.read(name)
    if name in _EMPTIED or picture_kind(body) is not None or not is_xml(name, body):
        return False
    return b"bookmarkStart" in in_utf8(shown, body)


def _clean_part(shown: str, name: str, body: bytes, deadline: float, known: DocumentWide) -> bytes:
    if name in _EMPTIED:
        return (_XML + _EMPTIED[name]).encode()
    if name.lower().endswith(".psmdcp"):  # core properties as .NET stores them, named or not
        return (_XML + _PROPERTIES_BY_TYPE["coreproperties"]).encode()
    if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
        return (_XML + "<root/>").encode()
    refuse_uncleanable_pictures(shown, name, body)
    if is_xml(name, body):  # by content too: a header can be stored as "header1.bin"
        body = in_utf8(shown, body)
        try:
            body = accept_and_empty(body, deadline, known)
        except TooSlow:
            raise too_much(shown, "has too many tracked changes or fields to check") from None
        except ValueError:
            raise not_a_document(shown) from None
        body = _AUTHOR.sub(rb'\1=""', body)
        body = _DROPPED_ATTRIBUTES.sub(b"", body)
        body = _DOCUMENT_ID.sub(b"", body)
        body = _SETTINGS_DROPPED.sub(b"", body)
        return _RSID_TABLE.sub(b"", body)
    return body
