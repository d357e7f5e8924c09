"""GOV.UK's character count, with its limit written as people write numbers ("10,000").

The macro's own text without JavaScript is "You can enter up to %{count} characters" with the
bare ``maxlength`` put in ("10000"), while its script writes "10,000": both now say "10,000".
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
