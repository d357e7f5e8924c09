"""GOV.UK's character count, with its limit written as people write numbers ("10,000").

The macro's own text without JavaScript is "You can enter up to %{count} characters" with the
bare ``maxlength`` put in ("10000"), while its script writes "10,000": both now say "10,000".

Its script counts a line break as one character, but browsers send each as two (CR LF): a
message the count said fitted ("You have 0 characters remaining") was refused as too long.
``one_character_per_line_break`` is the filter every counted box takes, so both count alike.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount


class CharacterCount(GovCharacterCount):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        limit = params.get("maxlength")
        if limit and "textareaDescriptionText" not in params:
            params["textareaDescriptionText"] = f"You can enter up to {int(limit):,} characters"
        return params


def one_character_per_line_break(value: object) -> object:
    """A field filter: each line break as the character count counts it, one character (LF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value
