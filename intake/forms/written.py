"""Text a person must really have written: spaces, non-breaking spaces and invisible characters
(zero-width spaces and joiners, byte-order marks) alone are nothing, however many there are."""

from __future__ import annotations

import unicodedata

from wtforms import Field, Form
from wtforms.validators import StopValidation


def visible(text: str | None) -> bool:
    """Whether ``text`` holds any character that shows: not white space, nor a format
    character (Unicode category Cf) such as U+200B."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text or "")


def trimmed(value: object) -> object:
    """A field filter: without the blank lines and spaces before and after the text, which read
    back as an empty block; the line breaks within it are kept."""
    return value.strip() if isinstance(value, str) else value


def nothing_if_invisible(value: object) -> object:
    """A field filter: text with nothing visible in it becomes empty, so that an optional box of
    spaces reads as not answered ("None given") and a name of zero-width characters as no name."""
    return "" if isinstance(value, str) and not visible(value) else value


class Written:
    """A required text box: the same message for an empty box and one with nothing visible."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if not visible(field.data):
            raise StopValidation(self.message)
