"""Word documents: tracked changes accepted, hidden text and what fields showed of their writer
emptied.

Three things a Word document shows the team that its writer may not know it still holds:

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
  bound to is emptied too. A ``REF`` field (or a bookmark's bare name as a field) showing a
  bookmark around anything emptied here repeats it, so its result is emptied as well.
- **Hidden text.** A run formatted hidden (``w:vanish`` or ``w:specVanish`` in its properties,
  or a character style that hides, as ``docx_styles`` finds) is not shown or printed, so its
  writer does not see it, but its text is in the file, and Word shows it to anyone who turns
  on "Show hidden text": a template's name or shoulder number, say. Its text is emptied; the
  run stays. (A hidden paragraph mark holds no text: its paragraph's runs are judged each on
  their own.)

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
# Word 2013 binds a repeating section's content controls with an element of its own.
_DATA_BINDINGS = frozenset(
    f"{namespace} dataBinding"
    for namespace in (*_WORD, "http://schemas.microsoft.com/office/word/2012/wordml")
)
_FEED_BYTES = 1024 * 1024
# More separate ranges to cut than this, and a part is refused rather than held in memory: a
# real document's tracked changes run to thousands, while tiny empty revision marks can be
# packed millions to a part (and cost about 100 bytes each to keep).
MAX_CUTS = 200_000
# A run's properties hide it with either ("special vanish" is how Word hides a style separator).
HIDING = frozenset({"vanish", "specVanish"})
# How ST_OnOff says "off"; no value at all means on.
_OFF = frozenset({"0", "false", "off"})


class TooSlow(Exception):
    """The part could not be read before the document's time was up, or has more to cut than
    ``MAX_CUTS``."""


@dataclass(frozen=True)
class DocumentWide:
    """What other parts of the document say of a part's runs and fields: the character styles
    that hide their text, and the bookmarks (by name, case folded as Word compares them) around
    text that is emptied, which a ``REF`` field repeats."""

    hidden_styles: frozenset[str] = frozenset()
    identifying_bookmarks: frozenset[str] = frozenset()


def accept_and_empty(body: bytes, deadline: float, known: DocumentWide = DocumentWide()) -> bytes:
    """``body`` (a well-formed XML part in UTF-8) with its tracked changes accepted and the
    text of hidden runs and results of identifying fields emptied; unchanged when it has none.
    Raises ``TooSlow`` past ``deadline`` (a ``time.monotonic``) or with more than ``MAX_CUTS``
    ranges to cut, ``ValueError`` when it is not XML."""
    return _cut(body, _read(body, deadline, known).cuts)


def identifying_bookmarks(body: bytes, deadline: float, known: DocumentWide) -> frozenset[str]:
    """``known``'s identifying bookmarks and those in ``body`` around text ``accept_and_empty``
    would empty; raises as it does."""
    return frozenset(_read(body, deadline, known).identifying_bookmarks)


def _read(body: bytes, deadline: float, known: DocumentWide) -> _Cuts:
    finder = _Cuts(body, deadline, known)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda name, attrs: finder.start(name, attrs, parser)
    parser.EndElementHandler = lambda name: finder.end(name, parser)
    parser.CharacterDataHandler = finder.data
    try:
        for start in range(0, len(body), _FEED_BYTES):
            parser.Parse(body[start : start + _FEED_BYTES], False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        raise ValueError("not XML") from error
    return finder


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
    # A field nested in this one's code is identifying: ``{ QUOTE { AUTHOR } }`` shows the
    # author as surely as AUTHOR does.
    nested_identifying: bool = False


@dataclass
class _Open:
    name: str
    start: int
    deleted_row: bool = False  # a table row whose properties mark it deleted
    # A run's own properties: hidden, shown (``w:vanish w:val="0"``, whatever its style says),
    # or silent on it; and whether its character style hides it.
    hidden: bool | None = None
    styled_hidden: bool = False

    def hides(self) -> bool:
        """Whether this is a run whose text Word hides."""
        return self.name == "r" and (self.styled_hidden if self.hidden is None else self.hidden)


class _Cuts:
    """The byte ranges to cut, as the parser tells of each element. What a ``t`` element is
    inside of is kept as a count (``hiding``), not looked up along the open elements, so that
    each element costs the same however deeply the part nests."""

    def __init__(self, body: bytes, deadline: float, known: DocumentWide) -> None:
        self.body = body
        self.known = known
        self.deadline = deadline
        self.events = 0
        self.cuts: list[tuple[int, int]] = []
        self.open: list[_Open] = []
        self.fields: list[_Field] = []  # complex fields begun and not ended, innermost last
        self.simple: list[bool] = []  # simple fields we are inside: identifying or not
        self.bound: list[bool] = []  # content controls we are inside: bound to data or not
        # How many of those open around here show something identifying: a ``t`` inside any
        # of them is emptied.
        self.hiding = 0
        self.in_code = False
        # How many ``t`` have been emptied so far, and its count when each bookmark open began:
        # one that ends at a higher count is around emptied text.
        self.emptied = 0
        self.bookmarks: dict[str, tuple[str, int]] = {}
        # Those known already, and those found so far here, which a ``REF`` further on repeats.
        self.identifying_bookmarks = set(known.identifying_bookmarks)

    def start(
        self, name: str, attrs: dict[str, str], parser: xml.parsers.expat.XMLParserType
    ) -> None:
        self._count_event()
        local = word_local(name)
        self.open.append(_Open(local or "", parser.CurrentByteIndex))
        if local in ("instrText", "delInstrText"):
            self.in_code = True
        elif local == "fldSimple":
            identifying = _identifying(word_attribute(attrs, "instr"), self.identifying_bookmarks)
            self.simple.append(identifying)
            self.hiding += identifying
        elif local == "fldChar":
            self._field_char(word_attribute(attrs, "fldCharType").strip())
        elif local == "sdt":
            self.bound.append(False)
        elif name in _DATA_BINDINGS and self.bound and not self.bound[-1]:
            self.bound[-1] = True
            self.hiding += 1
        elif local == "del" and [o.name for o in self.open[-3:-1]] == ["tr", "trPr"]:
            self.open[-3].deleted_row = True
        elif local in HIDING and [o.name for o in self.open[-3:-1]] == ["r", "rPr"]:
            # Only the run's own properties: not a paragraph mark's (``pPr/rPr``), nor what
            # they were before a tracked change of formatting (``rPr/rPrChange/rPr``).
            self.open[-3].hidden = bool(self.open[-3].hidden) or is_on(attrs)
        elif local == "rStyle" and [o.name for o in self.open[-3:-1]] == ["r", "rPr"]:
            self.open[-3].styled_hidden = word_attribute(attrs, "val") in self.known.hidden_styles
        elif local == "bookmarkStart":
            name = word_attribute(attrs, "name").casefold()
            self.bookmarks[word_attribute(attrs, "id")] = (name, self.emptied)
        elif local == "bookmarkEnd":
            begun = self.bookmarks.pop(word_attribute(attrs, "id"), None)
            if begun is not None and self.emptied > begun[1]:
                self.identifying_bookmarks.add(begun[0])

    def _count_event(self) -> None:
        self.events += 1
        if self.events % 10_000 == 0 and time.monotonic() > self.deadline:
            raise TooSlow

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields and not self.fields[-1].in_result:
            innermost = self.fields[-1]
            innermost.in_result = True
            innermost.identifying = _decided(
                innermost, self.fields[-2:-1], self.identifying_bookmarks
            )
            self.hiding += innermost.identifying
        elif kind == "end" and self.fields:
            ended = self.fields.pop()
            if ended.in_result:
                self.hiding -= ended.identifying
            else:  # a field with no result: its code still counts towards the one it is in
                _decided(ended, self.fields[-1:], self.identifying_bookmarks)

    def data(self, text: str) -> None:
        if self.in_code and self.fields and not self.fields[-1].in_result:
            self.fields[-1].code.append(text)

    def end(self, _name: str, parser: xml.parsers.expat.XMLParserType) -> None:
        self._count_event()
        opened = self.open.pop()
        local = opened.name
        if local in ("instrText", "delInstrText"):
            self.in_code = False
        elif local == "fldSimple":
            self.hiding -= self.simple.pop()
        elif local == "sdt":
            self.hiding -= self.bound.pop()
        elif local in _DROPPED or local in _UNWRAPPED or local == "t" or opened.deleted_row:
            self._cut_element(opened, parser.CurrentByteIndex)

    def _cut_element(self, opened: _Open, index: int) -> None:
        """Cut what accepting changes or emptying a result takes of the element ``opened``;
        ``index`` is where its end tag starts, unless it has none."""
        start, local = opened.start, opened.name
        start_tag_end = _tag_end(self.body, start)
        empty = self.body[start_tag_end - 2 : start_tag_end] == b"/>"
        end = start_tag_end if empty else _tag_end(self.body, index)
        if local in _DROPPED or opened.deleted_row:
            self._cut(start, end)
        elif local in _UNWRAPPED:
            if b"xmlns" in self.body[start:start_tag_end]:
                return  # what it holds may use a prefix it declares: left marked, not broken
            self._cut(start, start_tag_end)
            if not empty:
                self._cut(index, end)
        elif not empty and (self.hiding > 0 or (self.open and self.open[-1].hides())):
            self._cut(start_tag_end, index)
            self.emptied += 1

    def _cut(self, start: int, end: int) -> None:
        """Add a range to cut, joined to the last one when it follows straight on."""
        if self.cuts and self.cuts[-1][1] == start:
            self.cuts[-1] = (self.cuts[-1][0], end)
            return
        if len(self.cuts) >= MAX_CUTS:
            raise TooSlow
        self.cuts.append((start, end))


def _decided(field: _Field, outer: list[_Field], bookmarks: set[str]) -> bool:
    """Whether ``field``, whose code is complete, shows something identifying; if so, so does
    the field whose code it is in (``outer``: that one, or none)."""
    identifying = field.nested_identifying or _identifying("".join(field.code), bookmarks)
    if identifying and outer and not outer[0].in_result:
        outer[0].nested_identifying = True
    return identifying


def word_local(name: str) -> str | None:
    """The local name of a Word element (``None`` for any other namespace's)."""
    namespace, _, local = name.rpartition(" ")
    return local if namespace in _WORD else None


def word_attribute(attrs: dict[str, str], local: str) -> str:
    return next((v for k, v in attrs.items() if word_local(k) == local), "")


def is_on(attrs: dict[str, str]) -> bool:
    """Whether an on/off property (``w:vanish``, say) is on: it is unless its value says off."""
    return word_attribute(attrs, "val").strip().lower() not in _OFF


def _identifying(code: str, bookmarks: set[str]) -> bool:
    """Whether a field's code names an identifying field, or repeats a bookmark around emptied
    text: ``REF name``, or the bare name, which Word reads as ``REF``."""
    words = code.replace('"', " ").split()
    if not words:
        return False
    if words[0].upper() in IDENTIFYING_FIELDS:
        return True
    name = words[1] if words[0].upper() == "REF" and len(words) > 1 else words[0]
    return name.casefold() in bookmarks
