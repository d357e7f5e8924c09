"""GOV.UK's character count, with its limit written as people write numbers ("10,000").

The macro's own text without JavaScript is "You can enter up to %{count} characters" with the
bare ``maxlength`` put in ("10000"), while its script writes "10,000": both now say "10,000".

Its script counts a line break as one character, but browsers send each as two (CR LF): a
message the count said fitted ("You have 0 characters remaining") was refused as too long.
``one_character_per_line_break`` is the filter every counted box takes, so both count alike.

Its script also counts as JavaScript does, in UTF-16 code units, so an emoji such as "😀" (beyond
the first 65,536 characters) counts as 2: 10,001 of them in a 20,000-character box showed "You
have 2 characters too many" while the server, counting 10,001, took them. ``CountedLength`` is
the length check every counted box takes, counting as the page does.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import Field, Form
from wtforms.validators import Length, ValidationError


class CharacterCount(GovCharacterCount):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        # A template that names no limit counts to the field's own length check: without one
        # the box showed no limit and its count said nothing (a cross-force decline's reason).
        if "maxlength" not in params:
            checks = [v.max for v in field.validators if isinstance(v, Length) and v.max > 0]
            if checks:
                params["maxlength"] = min(checks)
        limit = params.get("maxlength")
        if limit and "textareaDescriptionText" not in params:
            params["textareaDescriptionText"] = f"You can enter up to {int(limit):,} characters"
        return params


def one_character_per_line_break(value: object) -> object:
    """A field filter: each line break as the character count counts it, one character (LF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def counted(text: str) -> int:
    """The length GOV.UK's character count shows: UTF-16 code units, line breaks as one."""
    return len(str(one_character_per_line_break(text)).encode("utf-16-le")) // 2


class CountedLength(Length):
    """At most ``max`` characters as the page's count counts them, in the text as typed.

    The text as typed, not as filtered: a box trimmed of blank lines after counting must still
    be refused when its count said it was too long, or the page and the server disagree.
    """

    def __init__(self, max: int, message: str) -> None:
        super().__init__(max=max, message=message)

    def __call__(self, form: Form, field: Field) -> None:
        typed = field.raw_data[0] if field.raw_data else field.data
        if isinstance(typed, str) and counted(typed) > self.max:
            raise ValidationError(self.message)
