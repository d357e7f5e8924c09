"""Word documents (DOCX): rewritten without author details, comments, revision ids or times.

A DOCX is a ZIP of XML parts. The new archive keeps the document's text, layout and pictures,
and replaces or scrubs what identifies the writer: the core and app properties (author, last
modified by, company, dates, editing time), custom properties and custom XML (often SharePoint
names), comments and the people list, tracked changes (accepted, so deleted text goes: see
``docx_revisions``, which also empties hidden text and what fields such as ``AUTHOR`` or
``FILENAME`` showed), the
revision-session ids Word stamps on every paragraph (they link documents edited in the same
session), the document's own ids (``w14:docId``, ``w15:docId``: the same in every copy of the
file, so they lead back to the original on the writer's drive or in their email), and photo
metadata (each JPEG, PNG or GIF picture, known by its content whatever its part is called, is
re-encoded like an uploaded photo; a document holding a TIFF, HEIC, WebP or JPEG XR photo, which
it cannot re-encode, an SVG drawing, whose text can name whoever drew it and where they saved
it, or a Windows metafile (EMF, WMF), whose records can name the file it was pasted from, is
refused). ZIP entry
times are set to a fixed date. Files with macros, ActiveX controls or links to outside
templates or objects, or embedded files, are refused: they would run or fetch something in a
caseworker's Word, or carry their own author details. So are files with a field that fetches
from outside when Word updates fields (``INCLUDEPICTURE``, ``LINK``, ``DDE``...), in any part:
Word would ask a web server for it, giving away the caseworker's address, or a network share
(``\\\\host\\share``), giving away their Windows sign-in.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import time
import zipfile

from defusedxml import ElementTree

from intake.cleaning import AttachmentRejected
from intake.cleaning.docx_revisions import (
    DocumentWide,
    TooSlow,
    accept_and_empty,
    identifying_bookmarks,
)
from intake.cleaning.docx_styles import hidden_character_styles
from intake.cleaning.images import clean_image

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Each picture is decoded and re-encoded (up to 25 MP each): bound the count and the time,
# which counts from the start of the checks (reading a large part as XML takes seconds too).
MAX_PICTURES = 50
MAX_SECONDS = 30.0
# Each bookmark around a REF to one around emptied text is found a reading later: a real
# document's chain is a link or two, while a hostile one, each REF before the bookmark it
# names, would take a reading of every part per link.
MAX_BOOKMARK_READINGS = 8
# An XML part is fed to the parser this much at a time, the time limit looked at in between.
_FEED_BYTES = 1024 * 1024
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
# Macros, ActiveX controls, and embedded objects (a spreadsheet or package inside the document
# carries its own author details and can run code in the program that opens it).
_DANGEROUS_PARTS = re.compile(
    r"vbaProject\.bin$|vbaData\.xml$|(^|/)activeX/|(^|/)embeddings/", re.IGNORECASE
)
# Fields that fetch or run something outside the document when Word updates fields (on opening,
# printing, or F9): a picture or text from a web address or network share, a linked object, a
# DDE conversation with another program, a database query, or another document's index entries.
_FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT"}
    | {"DATABASE", "RD"}
)
# Stands in a field's code for a field nested in it: its result is only known when Word updates.
_NESTED = "\x00"
# The one kind of link to outside the document it may keep: a hyperlink, followed only when
# clicked (transitional and strict OOXML name it differently).
_HYPERLINK_TYPES = {
    f"{_PROPS}/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
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
# Byte-order marks, and the first bytes of "<" in UTF-16 written without one. (UTF-32, which
# the XML parser in ``check_docx`` cannot read, is refused as damaged before this.)
_ENCODING_BY_START = (
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
# Encodings of domain names, not documents, that Python decodes in time growing with the square
# of their length: a part of 300 KB declared "punycode" took 3 s, so one of 20 MB (which a ZIP
# holds in a few KB) would take hours.
_NOT_DOCUMENT_ENCODINGS = frozenset({"punycode", "idna"})
_DECLARED_ENCODING = re.compile(rb"""\A<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_DECLARATION_ENCODING = re.compile(r"""\A(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def _not_a_document(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a Word document but is damaged, so Candour cannot read it. "
        "Save it again, or save it as PDF, and upload the copy."
    )


def _too_much(shown: str, what: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ {what}. Save it as PDF, or split it, and upload that instead."
    )


def clean_docx(shown: str, data: bytes) -> bytes:
    deadline = time.monotonic() + MAX_SECONDS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = source.infolist()
            check_docx(shown, source, deadline)
            properties = _property_parts(shown, source, deadline)
            known = _document_wide(shown, source, deadline)
            if sum(_picture_kind(_start_of(source, e)) is not None for e in entries) > MAX_PICTURES:
                raise _too_much(shown, f"has more than {MAX_PICTURES} pictures")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in entries:
                    if time.monotonic() > deadline:
                        raise _too_much(shown, "took too long to check")
                    if entry.is_dir():
                        continue
                    body = source.read(entry)
                    kind = _picture_kind(body)
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
        raise _not_a_document(shown) from None
    return out.getvalue()


def check_docx(shown: str, archive: zipfile.ZipFile, deadline: float | None = None) -> None:
    """Refuse a DOCX that is not one, is a ZIP bomb, or would run or fetch something, or that
    takes past ``deadline`` (a ``time.monotonic``; by default ``MAX_SECONDS`` from now) to
    check."""
    if deadline is None:
        deadline = time.monotonic() + MAX_SECONDS
    entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _not_a_document(shown)
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise AttachmentRejected(
            f"‘{shown}’ unpacks to far more than its size, so Candour cannot check it. "
            "Save it as PDF and upload that."
        )
    risky = any(_DANGEROUS_PARTS.search(name) for name in names)
    for name in names:
        if name.lower().endswith(".rels"):
            risky = risky or _links_outside(shown, archive.read(name), deadline)
    if risky or b"macroEnabled" in archive.read("[Content_Types].xml"):
        raise AttachmentRejected(
            f"‘{shown}’ contains macros, embedded files, controls or links to outside files, "
            "which could run or fetch something when the team opens it. Save it as PDF "
            "and upload that."
        )
    for entry in entries:
        body = b"" if entry.is_dir() else archive.read(entry)
        if body and _fetching_fields(shown, entry.filename, body, deadline):
            raise AttachmentRejected(
                f"‘{shown}’ contains a field that fetches a picture, text or data from outside "
                "the document when Word updates it, which could tell someone else when the team "
                "opens it. Save it as PDF and upload that."
            )


def _links_outside(shown: str, rels: bytes, deadline: float) -> bool:
    """Whether a relationships part links to anything outside the document but a hyperlink:
    a template or picture Word would fetch on opening (from a web address, or a network share,
    which hands the caseworker's Windows sign-in to whoever runs it). Read with an XML parser,
    as Word reads it, so that quotes of either kind, spaces around "=", character references
    or a ">" inside a value cannot hide such a link."""
    found = _OutsideLinks()
    _read(shown, rels, found, deadline)
    return found.outside


def _read(shown: str, body: bytes, target: object, deadline: float) -> None:
    """Read an XML part with a parser that tells ``target`` of each element as it goes and keeps
    none: built as a tree, a part of tiny elements takes 25 times its size in memory. Fed a
    piece at a time, so that a part that would take longer than the time left is given up on:
    one of 100 MB of tiny elements took 22 s to read whole."""
    try:
        parser = ElementTree.XMLParser(target=target)
        for start in range(0, len(body), _FEED_BYTES):
            if time.monotonic() > deadline:
                break
            parser.feed(body[start : start + _FEED_BYTES])
        else:
            parser.close()
            return
    except Exception:  # not XML, or with a DTD or entities (defusedxml refuses them)
        raise _not_a_document(shown) from None
    raise _too_much(shown, "took too long to check")


def _property_parts(shown: str, archive: zipfile.ZipFile, deadline: float) -> dict[str, str]:
    """Each part the package's relationships name as its properties, with the empty part of
    its kind that replaces it (``check_docx`` has read the relationships as XML already)."""
    if "_rels/.rels" not in archive.namelist():
        return {}
    found = _PropertyParts()
    _read(shown, archive.read("_rels/.rels"), found, deadline)
    return found.parts


class _PropertyParts:
    """The package relationships' property parts, as the parser tells of each element."""

    def __init__(self) -> None:
        self.parts: dict[str, str] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if _local(tag) != "Relationship":
            return
        kind = attrib.get("Type", "").strip().rsplit("/", 1)[-1].replace("-", "").lower()
        target = posixpath.normpath("/" + attrib.get("Target", "").strip()).lstrip("/")
        if kind in _PROPERTIES_BY_TYPE:
            self.parts[target] = _PROPERTIES_BY_TYPE[kind]


class _OutsideLinks:
    """Whether a links part links outside, as ``_read`` tells of each element (100 MB of tiny
    elements built as a tree took 2.4 GB)."""

    def __init__(self) -> None:
        self.outside = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag.rsplit("}", 1)[-1] != "Relationship":
            return
        mode = attrib.get("TargetMode", "Internal").strip()
        if mode != "Internal" and attrib.get("Type", "").strip() not in _HYPERLINK_TYPES:
            self.outside = True


def _is_xml(name: str, body: bytes) -> bool:
    """Whether Word could read a part as XML. Word knows a part's kind by its content type, not
    its name: a header can be stored as ``word/header1.bin``, so the content is looked at too
    (UTF-8, with or without a byte-order mark, or UTF-16, which has one)."""
    if name.lower().endswith((".xml", ".rels")):
        return True
    start = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<") or body.startswith((b"\xff\xfe", b"\xfe\xff"))


def _local(name: str) -> str:
    """A tag's or attribute's name without its namespace (transitional and strict OOXML differ)."""
    return name.rsplit("}", 1)[-1]


def _fetches(code: str) -> bool:
    """Whether a field's code (its instruction, nested fields as ``_NESTED``) names a fetching
    field, or has its name made by a nested field (``{ {QUOTE 68 68 69} ... }`` is DDE once Word
    has updated the inner field), which cannot be known without updating it."""
    code = code.lstrip().lstrip('"').lstrip()
    if code.startswith(_NESTED):
        return True
    name = ""
    for character in code:
        if not character.isalpha():
            break
        name += character
    return name.upper() in _FETCHING_FIELDS


def _fetching_fields(shown: str, name: str, body: bytes, deadline: float) -> bool:
    """Whether an XML part holds a field that fetches from outside. A simple field has its whole
    code in ``w:fldSimple/@w:instr``; a complex one runs from ``w:fldChar`` "begin" to
    "separate" (or "end"), its code split over any number of ``w:instrText`` in as many runs,
    with other fields nested in it. Read with an XML parser, as Word reads it, element by
    element."""
    if not _is_xml(name, body):
        return False
    fields = _Fields()
    _read(shown, body, fields, deadline)
    return fields.fetching


class _Fields:
    """Whether a part holds a fetching field, as ``_read`` tells of each element (iterparse,
    even clearing each element, kept a shell of each: many times the part's size)."""

    def __init__(self) -> None:
        self.fetching = False
        # Each complex field begun and not yet ended, innermost last: the pieces of its code
        # while it is being read, None once "separate" has begun its result.
        self.open: list[list[str] | None] = []
        self.in_code = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tag = _local(tag)
        if tag in ("instrText", "delInstrText"):
            # Deleted code (a tracked change) counts: rejecting the deletion brings it back.
            self.in_code = True
            return
        if tag not in ("fldSimple", "fldChar"):
            return
        attributes = {_local(key): value for key, value in attrib.items()}
        if tag == "fldSimple" and _fetches(attributes.get("instr", "")):
            self.fetching = True
        kind = attributes.get("fldCharType", "").strip()
        if kind == "begin":
            if self.open and self.open[-1] is not None:
                self.open[-1].append(_NESTED)
            self.open.append([])
        elif kind in ("separate", "end") and self.open:
            code = self.open.pop()
            if code is not None and _fetches("".join(code)):
                self.fetching = True
            if kind == "separate":
                self.open.append(None)

    def end(self, tag: str) -> None:
        if _local(tag) in ("instrText", "delInstrText"):
            self.in_code = False

    def data(self, text: str) -> None:
        if self.in_code and self.open and self.open[-1] is not None:
            self.open[-1].append(text)


def _document_wide(shown: str, archive: zipfile.ZipFile, deadline: float) -> DocumentWide:
    """What each part's cleaning needs to know of the others, read before any is cleaned: the
    character styles that hide their text, then the bookmarks around emptied text, read again
    until no more are found (a bookmark around a ``REF`` to one of them is one too)."""
    try:
        styles: frozenset[str] = frozenset()
        if "word/styles.xml" in archive.namelist():
            styles = hidden_character_styles(
                _in_utf8(shown, archive.read("word/styles.xml")), deadline
            )
        known = DocumentWide(styles)
        marked = [name for name in archive.namelist() if _bookmarked(shown, archive, name)]
        for readings in range(1, MAX_BOOKMARK_READINGS + 1):
            found = known.identifying_bookmarks.union(
                *(
                    identifying_bookmarks(_in_utf8(shown, archive.read(name)), deadline, known)
                    for name in marked
                )
            )
            if found == known.identifying_bookmarks:
                return known
            if readings == MAX_BOOKMARK_READINGS:
                raise TooSlow
            known = DocumentWide(styles, found)
    except TooSlow:
        raise _too_much(shown, "has too many tracked changes or fields to check") from None
    except ValueError:
        raise _not_a_document(shown) from None
    return known


def _bookmarked(shown: str, archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a part ``_clean_part`` reads as Word's XML has a bookmark."""
    body = b"" if name.endswith("/") else archive.read(name)
    if name in _EMPTIED or _picture_kind(body) is not None or not _is_xml(name, body):
        return False
    return b"bookmarkStart" in _in_utf8(shown, body)


def _clean_part(shown: str, name: str, body: bytes, deadline: float, known: DocumentWide) -> bytes:
    if name in _EMPTIED:
        return (_XML + _EMPTIED[name]).encode()
    if name.lower().endswith(".psmdcp"):  # core properties as .NET stores them, named or not
        return (_XML + _PROPERTIES_BY_TYPE["coreproperties"]).encode()
    if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
        return (_XML + "<root/>").encode()
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
    if _is_xml(name, body):  # by content too: a header can be stored as "header1.bin"
        body = _in_utf8(shown, body)
        try:
            body = accept_and_empty(body, deadline, known)
        except TooSlow:
            raise _too_much(shown, "has too many tracked changes or fields to check") from None
        except ValueError:
            raise _not_a_document(shown) from None
        body = _AUTHOR.sub(rb'\1=""', body)
        body = _DROPPED_ATTRIBUTES.sub(b"", body)
        body = _DOCUMENT_ID.sub(b"", body)
        body = _SETTINGS_DROPPED.sub(b"", body)
        return _RSID_TABLE.sub(b"", body)
    return body


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


def _start_of(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    if entry.is_dir():
        return b""
    with archive.open(entry) as part:
        return part.read(8)


def _picture_kind(body: bytes) -> str | None:
    """The kind of picture ``clean_image`` re-encodes that a part holds, known by its content,
    not its name: a photo stored under another extension still carries its EXIF, and is still
    counted towards ``MAX_PICTURES`` (before any is decoded)."""
    return next((kind for start, kind in _PICTURE_STARTS if body.startswith(start)), None)


def _in_utf8(shown: str, body: bytes) -> bytes:
    """An XML part rewritten in UTF-8, the only encoding the patterns above read. Word writes
    UTF-8 but reads whatever a part's byte-order mark or declaration names: in UTF-16 a part's
    authors and times passed them unseen."""
    encoding = next((name for start, name in _ENCODING_BY_START if body.startswith(start)), None)
    if encoding is None:
        declared = _DECLARED_ENCODING.match(body)
        encoding = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            if codecs.lookup(encoding).name in _NOT_DOCUMENT_ENCODINGS:
                raise LookupError(encoding)
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise _not_a_document(shown) from None
        body = _DECLARATION_ENCODING.sub(r'\1"UTF-8"', text, count=1).encode()
    # Anything else (EBCDIC, say) does not begin with "<" once read as UTF-8.
    if not body.lstrip().startswith(b"<"):
        raise _not_a_document(shown)
    return body
