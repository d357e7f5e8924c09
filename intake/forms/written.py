"""Text a person must really have written: spaces, non-breaking spaces and invisible characters
(zero-width spaces and joiners, byte-order marks) alone are nothing, however many there are."""

from __future__ import annotations

import unicodedata

from wtforms import Field, Form
from wtforms.validators import StopValidation

from intake.forms.character_count import one_character_per_line_break


def visible(text: str | None) -> bool:
    """Whether ``text`` holds any character that shows: not white space, nor a format
    character (Unicode category Cf) such as U+200B."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text or "")


# Characters that hide or reorder what the reader sees: control characters other than the tab
# and line break (a NUL, a bell), and the bidirectional embeddings, overrides and isolates that
# make "evil" show as "live" on the team's page. The left-to-right and right-to-left marks and
# the joiners that right-to-left and other scripts need are kept.
_HIDING = dict.fromkeys(
    [
        *(c for c in range(0x20) if c not in (0x09, 0x0A)),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def tidied(value: object) -> object:
    """A field filter for text a person wrote: without the characters that hide or reorder it,
    nor the blank lines and spaces before and after it, which read back as an empty block; the
    line breaks within it are kept."""
    return value.translate(_HIDING).strip() if isinstance(value, str) else value


def nothing_if_invisible(value: object) -> object:
    """A field filter: text with nothing visible in it becomes empty, so that an optional box of
    spaces reads as not answered ("None given") and a name of zero-width characters as no name."""
    return "" if isinstance(value, str) and not visible(value) else value


# The filters of what a person writes: a short answer, and a text box with a character count,
# whose line breaks are first made one character each, as the count counts them.
SHORT_ANSWER = (tidied, nothing_if_invisible)
LONG_ANSWER = (one_character_per_line_break, tidied, nothing_if_invisible)


class Written:
    """A required text box: the same message for an empty box and one with nothing visible."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if not visible(field.data):
            raise StopValidation(self.message)
