"""GOV.UK radios and checkboxes that leave out a hint with nothing in it.

govuk-frontend-wtf gives every group of radios or checkboxes a hint made of the field's
description, even when it has none: the page then carried an empty ``<div id="x-hint">`` that
the inputs' ``aria-describedby`` named, so a screen reader was pointed at nothing. These widgets
are the library's, with the hint left out when neither the field nor the template gives one.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf import wtforms_widgets as gov


def _without_empty_hint(params: dict[str, Any]) -> dict[str, Any]:
    hint = params.get("hint") or {}
    if not (hint.get("text") or hint.get("html")):
        params.pop("hint", None)
    return params


class GovRadioInput(gov.GovRadioInput):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        return _without_empty_hint(super().map_gov_params(field, **kwargs))


class GovCheckboxesInput(gov.GovCheckboxesInput):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        return _without_empty_hint(super().map_gov_params(field, **kwargs))


class GovCheckboxInput(gov.GovCheckboxInput):
    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        return _without_empty_hint(super().map_gov_params(field, **kwargs))
