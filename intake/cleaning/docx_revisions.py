"""Word documents: tracked changes accepted, and what fields showed of their writer emptied.

Two things a Word document shows the team that its writer may not know it still holds:

- **Tracked changes.** Text deleted while Word was tracking changes is still in the file, in
  ``w:del`` (and ``w:moveFrom`` for text moved away): Word shows it struck through, and "Reject
  all changes" brings it back. A reporter who typed their own name or shoulder number and then
  deleted it, or a draft a friend marked up, would hand it over. Every change is accepted, as
  Word's "Accept all changes" does: deleted and moved-away text goes, inserted and moved-to text
  stays without its revision marks.
- **Fields that print their writer.** A header or footer from a template often holds a field
  such as ``AUTHOR``, ``USERNAME`` or ``FILENAME \\p`` (the full path, ``C:\\Users\\jsmith\\…``):
  the file keeps the result Word last showed, the writer's name or path, even once the document
  properties are emptied. Those results are emptied; Word fills them in again, from the team's
  own copy, if a caseworker updates fields. So is what a content control bound to the
  document's properties or custom XML (a cover page's "Author" box) last showed: what it is
  bound to is emptied too.

The part is read with ``expat`` (after ``check_docx`` has refused any part with a DTD or
entities) to find where each element starts and ends, and those byte ranges are cut from it,
so everything else stays exactly as the writer's Word wrote it.
"""

from __future__ import annotations

import re
import time
import xml.parsers.expat
from dataclasses import dataclass, field

_WORD = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
# Removed with everything in them: deleted and moved-away text (and a deleted paragraph mark's
# or table row's marker, which has nothing in it).
_DROPPED = frozenset({"del", "moveFrom"})
# Their tags removed, what they hold kept: inserted and moved-to text.
_UNWRAPPED = frozenset({"ins", "moveTo"})
# Fields whose result is something about the document's writer, their computer or the file:
# names, initials, address, where it was saved, its template's path, its properties and
# variables (anything a template put there), and its dates.
IDENTIFYING_FIELDS = frozenset(
    {"AUTHOR", "LASTSAVEDBY", "USERNAME", "USERINITIALS", "USERADDRESS", "FILENAME"}
    | {"TEMPLATE", "DOCPROPERTY", "DOCVARIABLE", "INFO", "TITLE", "SUBJECT", "KEYWORDS"}
    | {"COMMENTS", "CREATEDATE", "SAVEDATE", "PRINTDATE", "EDITTIME", "REVNUM"}
)
_FEED_BYTES = 1024 * 1024


class TooSlow(Exception):
    """The part could not be read before the document's time was up."""


def accept_and_empty(body: bytes, deadline: float) -> bytes:
    """``body`` (a well-formed XML part in UTF-8) with its tracked changes accepted and the
    results of identifying fields emptied; unchanged when it has neither. Raises ``TooSlow``
    past ``deadline`` (a ``time.monotonic``), ``ValueError`` when it is not XML."""
    if not any(namespace.encode() in body for namespace in _WORD):
        return body
    finder = _Cuts(body)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda name, attrs: finder.start(name, attrs, parser)
    parser.EndElementHandler = lambda name: finder.end(name, parser)
    parser.CharacterDataHandler = finder.data
    try:
        for start in range(0, len(body), _FEED_BYTES):
            if time.monotonic() > deadline:
                raise TooSlow
            parser.Parse(body[start : start + _FEED_BYTES], False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        raise ValueError("not XML") from error
    return _cut(body, finder.cuts)


def _cut(body: bytes, cuts: list[tuple[int, int]]) -> bytes:
    """``body`` without the byte ranges ``cuts`` (a range inside one already cut is skipped)."""
    kept: list[bytes] = []
    position = 0
    for start, end in sorted(cuts):
        if start < position:
            continue
        kept.append(body[position:start])
        position = end
    kept.append(body[position:])
    return b"".join(kept)


# The rest of a tag after its "<": anything but a quote or ">", or a quoted value whole (XML
# lets a value hold ">"), up to the ">" that ends it.
_REST_OF_TAG = re.compile(rb"""(?:[^"'>]+|"[^"]*"|'[^']*')*>""")


def _tag_end(body: bytes, start: int) -> int:
    """Where the tag beginning at ``start`` ends (just past its ">")."""
    found = _REST_OF_TAG.match(body, start + 1)
    if found is None:
        raise ValueError("unclosed tag")
    return found.end()


@dataclass
class _Field:
    code: list[str] = field(default_factory=list)
    in_result: bool = False
    identifying: bool = False


@dataclass
class _Open:
    name: str
    start: int


class _Cuts:
    """The byte ranges to cut, as the parser tells of each element."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.cuts: list[tuple[int, int]] = []
        self.open: list[_Open] = []
        self.fields: list[_Field] = []  # complex fields begun and not ended, innermost last
        self.simple: list[bool] = []  # simple fields we are inside: identifying or not
        self.bound: list[bool] = []  # content controls we are inside: bound to data or not
        self.in_code = False

    def start(
        self, name: str, attrs: dict[str, str], parser: xml.parsers.expat.XMLParserType
    ) -> None:
        local = _word_local(name)
        self.open.append(_Open(local or "", parser.CurrentByteIndex))
        if local in ("instrText", "delInstrText"):
            self.in_code = True
        elif local == "fldSimple":
            self.simple.append(_identifying(_word_attribute(attrs, "instr")))
        elif local == "fldChar":
            self._field_char(_word_attribute(attrs, "fldCharType").strip())
        elif local == "sdt":
            self.bound.append(False)
        elif local == "dataBinding" and self.bound:
            self.bound[-1] = True

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            innermost = self.fields[-1]
            innermost.in_result = True
            innermost.identifying = _identifying("".join(innermost.code))
        elif kind == "end" and self.fields:
            self.fields.pop()

    def data(self, text: str) -> None:
        if self.in_code and self.fields and not self.fields[-1].in_result:
            self.fields[-1].code.append(text)

    def end(self, _name: str, parser: xml.parsers.expat.XMLParserType) -> None:
        opened = self.open.pop()
        local = opened.name
        if local in ("instrText", "delInstrText"):
            self.in_code = False
        elif local == "fldSimple":
            self.simple.pop()
        elif local == "sdt":
            self.bound.pop()
        elif local in _DROPPED or local in _UNWRAPPED or local == "t":
            self._cut_element(local, opened.start, parser.CurrentByteIndex)

    def _cut_element(self, local: str, start: int, index: int) -> None:
        """Cut what accepting changes or emptying a result takes of the element ``local`` that
        starts at ``start``; ``index`` is where its end tag starts, unless it has none."""
        start_tag_end = _tag_end(self.body, start)
        empty = self.body[start_tag_end - 2 : start_tag_end] == b"/>"
        end = start_tag_end if empty else _tag_end(self.body, index)
        if local in _DROPPED:
            self.cuts.append((start, end))
        elif local in _UNWRAPPED:
            self.cuts.append((start, start_tag_end))
            if not empty:
                self.cuts.append((index, end))
        elif not empty and self._showing_identifying_result():
            self.cuts.append((start_tag_end, index))

    def _showing_identifying_result(self) -> bool:
        if any(self.simple) or any(self.bound):
            return True
        return any(f.in_result and f.identifying for f in self.fields)


def _word_local(name: str) -> str | None:
    """The local name of a Word element (``None`` for any other namespace's)."""
    namespace, _, local = name.rpartition(" ")
    return local if namespace in _WORD else None


def _word_attribute(attrs: dict[str, str], local: str) -> str:
    return next((v for k, v in attrs.items() if _word_local(k) == local), "")


def _identifying(code: str) -> bool:
    words = code.replace('"', " ").split()
    return bool(words) and words[0].upper() in IDENTIFYING_FIELDS
