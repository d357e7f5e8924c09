"""Which of a Word document's character styles hide the text they are given.

Word hides a run's text when its own properties say so (``w:vanish``) or when its character
style (``w:rStyle``) does: a template can define a "Hidden" style and put the writer's name in
a run of it. This reads the styles part once, before the document's other parts are cleaned,
so that ``docx_revisions`` can empty those runs as it reads each part. It never changes the
styles part.

Only character styles are read. Paragraph and table styles, and the document's default run
properties, can hide text too; runs hidden only by them are left as they are.
"""

from __future__ import annotations

import time
import xml.parsers.expat
from dataclasses import dataclass

from intake.cleaning.docx_revisions import HIDING, TooSlow, is_on, word_attribute, word_local

_FEED_BYTES = 1024 * 1024


@dataclass
class _Style:
    based_on: str = ""
    hides: bool = False


def hidden_character_styles(body: bytes, deadline: float) -> frozenset[str]:
    """The ids of the character styles in ``body`` (a styles part, well-formed XML) whose text
    Word hides. Hiding is a toggle along a style and those it is based on (ECMA-376 17.7.3):
    each one that sets it turns it over, so a style based on a hidden one that sets it again
    shows its text. Raises ``TooSlow`` past ``deadline``, ``ValueError`` when not XML."""
    styles = _character_styles(body, deadline)
    return frozenset(style_id for style_id in styles if _hides(style_id, styles))


def _hides(style_id: str, styles: dict[str, _Style]) -> bool:
    hides, seen = False, set()
    while style_id in styles and style_id not in seen:  # a loop of basedOn ends where it began
        seen.add(style_id)
        hides ^= styles[style_id].hides
        style_id = styles[style_id].based_on
    return hides


def _character_styles(body: bytes, deadline: float) -> dict[str, _Style]:
    """Each character style by its id, with the one it is based on and whether its own run
    properties set hiding."""
    found = _Styles(deadline)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = found.start
    parser.EndElementHandler = found.end
    try:
        for offset in range(0, len(body), _FEED_BYTES):
            parser.Parse(body[offset : offset + _FEED_BYTES], False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        raise ValueError("not XML") from error
    return found.styles


class _Styles:
    """The character styles, as the parser tells of each element."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.events = 0
        self.styles: dict[str, _Style] = {}
        self.path: list[str] = []  # Word elements open around here, outermost first
        self.current: _Style | None = None  # the character style being read, if any

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.events += 1
        if self.events % 10_000 == 0 and time.monotonic() > self.deadline:
            raise TooSlow
        local = word_local(name) or ""
        self.path.append(local)
        style = self.current
        if local == "style" and word_attribute(attrs, "type") == "character":
            self.current = self.styles.setdefault(word_attribute(attrs, "styleId"), _Style())
        elif style is not None and self.path[-2:] == ["style", "basedOn"]:
            style.based_on = word_attribute(attrs, "val")
        elif style is not None and local in HIDING and self.path[-3:-1] == ["style", "rPr"]:
            style.hides = style.hides or is_on(attrs)

    def end(self, _name: str) -> None:
        if self.path.pop() == "style":
            self.current = None
