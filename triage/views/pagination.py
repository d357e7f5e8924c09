"""Parameters for GOV.UK's pagination component on the team's long lists."""

from __future__ import annotations

from typing import Any

from flask import url_for


def pagination(
    endpoint: str, label: str, page: int, pages: int, args: dict[str, str | list[str]]
) -> dict[str, object] | None:
    """``govukPagination`` parameters for ``endpoint``: first, last and neighbours, with
    ellipses; None for a single page. ``label`` names the landmark ("Pages of the queue")."""
    if pages <= 1:
        return None

    def href(number: int) -> str:
        values: dict[str, Any] = {**args, "page": number}
        return url_for(endpoint, **values)

    items: list[dict[str, object]] = []
    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    for previous, number in zip([0, *shown], shown, strict=False):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page})
    params: dict[str, object] = {"items": items, "landmarkLabel": label}
    if page > 1:
        params["previous"] = {"href": href(page - 1)}
    if page < pages:
        params["next"] = {"href": href(page + 1)}
    return params
