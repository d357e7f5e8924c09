"""The pages showing a receipt or a report, which fetch themselves, marked ``?lost=yes``, to
close at the reporter session's time limit (``closes_to`` in their templates), and how a request
tells that fetch from a reporter's own visit."""

from __future__ import annotations

from flask import request

CLOSING_PAGES = frozenset({"reporter.confirmation", "reporter.new_receipt", "reporter.status"})


def closing_itself() -> bool:
    """Whether this request is such a page fetching itself as it closes, not anybody's use."""
    return (
        request.method == "GET"
        and request.endpoint in CLOSING_PAGES
        and request.args.get("lost") == "yes"
    )
