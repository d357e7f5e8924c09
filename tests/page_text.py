"""A page's words as a reader sees them: tags dropped, scripts and styles left out, whitespace
collapsed. So a test checks what the page says, not how the HTML happens to be marked up."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def words(page: str) -> str:
    parser = _Words()
    parser.feed(page)
    parser.close()
    return re.sub(r"\s+", " ", html.unescape(" ".join(parser.parts))).strip()


class _Table(HTMLParser):
    """A table's column headings (as read, hidden words included) and, for each row of its body,
    each cell's data-label (None for a cell without one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.classes: list[str] = []
        self.headings: list[str] = []
        self.rows: list[list[str | None]] = []
        self._part = ""
        self._heading: list[str] | None = None
        self._depth = 0
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._done:
            return
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.classes = (found.get("class") or "").split()
        elif self._depth != 1:
            return
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr" and self._part == "tbody":
            self.rows.append([])
        elif tag == "th" and self._part == "thead":
            self._heading = []
        elif tag in ("th", "td") and self._part == "tbody":
            self.rows[-1].append(found.get("data-label"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and not self._done:
            self._depth -= 1
            self._done = self._depth == 0
        elif tag == "th" and self._heading is not None:
            self.headings.append(re.sub(r"\s+", " ", "".join(self._heading)).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def table_labels(page: str, marker: str) -> tuple[list[str], list[list[str | None]]]:
    """The column headings of the table starting at ``marker`` (part of its start tag) in
    ``page``, and the data-labels of every body row's cells: a stacked table shows each cell's
    label above it on a phone. Asserts the table is a stacked one."""
    start = page.index(marker)
    parser = _Table()
    parser.feed(page[page.rindex("<table", 0, start + len(marker)) :])
    assert "candour-stacked-table" in parser.classes, parser.classes
    assert parser.rows, "the table has no rows"
    return parser.headings, parser.rows
