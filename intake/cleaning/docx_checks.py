"""Word documents (DOCX) refused before any part is cleaned: what would run or fetch something.

``check_docx`` is run on every Word document, whether it is then cleaned (``docx``) or kept in
its original form (``originals``). It never lets through a file that is not a DOCX, a ZIP bomb
(too many entries, or too many bytes unpacked), or a file with macros, ActiveX controls,
embedded files (which carry their own author details and can run code), links to outside
templates or objects (anything but a hyperlink, which is followed only when clicked), or a
field that fetches from outside when Word updates fields (``INCLUDEPICTURE``, ``LINK``,
``DDE``...), in any part: Word would run it, or ask a web server for it, giving away the
caseworker's address, or a network share (``\\\\host\\share``), giving away their Windows
sign-in. Links and fields are read with an XML parser, as Word reads them, so that no way of
writing them hides one; and within ``MAX_SECONDS``, which bounds the cleaning too.
"""

from __future__ import annotations

import re
import time
import zipfile

from intake.cleaning import AttachmentRejected
from intake.cleaning.docx_xml import is_xml, local, not_a_document, read_xml

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# The time a Word document is given to be checked and cleaned (each picture in it is decoded
# and re-encoded, up to 25 MP each), counted from the start of these checks: reading a large
# part as XML takes seconds too.
MAX_SECONDS = 30.0
_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006"
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


def check_docx(shown: str, archive: zipfile.ZipFile, deadline: float | None = None) -> None:
    """Refuse a DOCX that is not one, is a ZIP bomb, or would run or fetch something, or that
    takes past ``deadline`` (a ``time.monotonic``; by default ``MAX_SECONDS`` from now) to
    check."""
    if deadline is None:
        deadline = time.monotonic() + MAX_SECONDS
    entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise not_a_document(shown)
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
    read_xml(shown, rels, found, deadline)
    return found.outside


class _OutsideLinks:
    """Whether a links part links outside, as ``read_xml`` tells of each element (100 MB of tiny
    elements built as a tree took 2.4 GB)."""

    def __init__(self) -> None:
        self.outside = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag.rsplit("}", 1)[-1] != "Relationship":
            return
        mode = attrib.get("TargetMode", "Internal").strip()
        if mode != "Internal" and attrib.get("Type", "").strip() not in _HYPERLINK_TYPES:
            self.outside = True


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
    if not is_xml(name, body):
        return False
    fields = _Fields()
    read_xml(shown, body, fields, deadline)
    return fields.fetching


class _Fields:
    """Whether a part holds a fetching field, as ``read_xml`` tells of each element (iterparse,
    even clearing each element, kept a shell of each: many times the part's size)."""

    def __init__(self) -> None:
        self.fetching = False
        # Each complex field begun and not yet ended, innermost last: the pieces of its code
        # while it is being read, None once "separate" has begun its result.
        self.open: list[list[str] | None] = []
        self.in_code = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tag = local(tag)
        if tag in ("instrText", "delInstrText"):
            # Deleted code (a tracked change) counts: rejecting the deletion brings it back.
            self.in_code = True
            return
        if tag not in ("fldSimple", "fldChar"):
            return
        attributes = {local(key): value for key, value in attrib.items()}
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
        if local(tag) in ("instrText", "delInstrText"):
            self.in_code = False

    def data(self, text: str) -> None:
        if self.in_code and self.open and self.open[-1] is not None:
            self.open[-1].append(text)
