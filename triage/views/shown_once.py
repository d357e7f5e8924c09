"""Post/redirect/get for a secret a team page shows once, such as a new invitation link.

Rendering the secret in reply to the POST that made it left a POST in the browser's history: a
reload sent the form again and made another secret, voiding the one just shown. So the POST
keeps what is to be shown in the member's session, sealed under their cookie's key as refused
forms are (``triage.team.sessions``: never in clear in the database, a cookie or a log), and
redirects (303) to the page; the next GET of that page takes it, and a reload shows the page
without it. What is never shown goes when the member signs out.
"""

from __future__ import annotations

from typing import Any

from flask import Response, after_this_request, request

from intake.db import db
from triage.team.sessions import keep_to_show_once, to_show_once


def keep(place: str, shown: dict[str, Any]) -> None:
    """Keep ``shown`` for the next GET of the page at ``place``. The caller commits, with what
    made it."""
    kept = to_show_once()
    kept[place] = shown
    keep_to_show_once(kept)


def take(place: str) -> dict[str, Any] | None:
    """What was kept for the page at ``place``, forgotten once the page showing it has been
    built, so that no reload shows it again. A page that fails to build (the database lost
    mid-way, say) forgets nothing, and its reload shows the value. A HEAD request (a link
    checker's, say) takes nothing: it would throw the value away unseen."""
    if request.method != "GET":
        return None
    kept = to_show_once()
    shown = kept.pop(place, None)
    if shown is not None:
        keep_to_show_once(kept)
        after_this_request(_forget_once_shown)
    return dict(shown) if shown is not None else None


def _forget_once_shown(response: Response) -> Response:
    """Commit the forgetting only with a page that shows the value; otherwise the request's
    session is rolled back, as every GET's is, and the value stays kept."""
    if response.status_code == 200:
        db.session.commit()
    return response
