"""Where a reporter's session ends: idle, found on any reporter page; "Sign out" on the status
page; or "Exit this page", from every page.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, request, session, url_for
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from intake import reporter_session
from intake.db import db
from intake.forms.status import KeepForm, LeaveForm
from intake.reporter_limits import reporter_limit
from intake.views import reporter
from intake.views.closing_pages import closing_itself

# "Keep my answers", and typing with JavaScript on, at most once every few minutes: a person
# needs far fewer; the reporter pages' own limit applies too.
KEEP_LIMIT = "60 per hour"

EXIT_URL = "https://www.bbc.co.uk/weather"  # tests may set CANDOUR_EXIT_URL to stay offline
# The start page says so once after "Sign out" (a flashed message: shown on the next page only,
# not again on reload or Back). It names nothing: on a shared device it tells the next person no
# more than that someone signed out.
SIGNED_OUT = "signed_out"


@reporter.before_request
def _touch_the_session() -> None:
    """Every reporter page ends an idle session, or marks this use of a live one; but "Exit this
    page" only ends it, so that a database that cannot be written never keeps anyone here, and
    a page closing itself only ends it if idle."""
    if request.endpoint in ("reporter.exit_page", "reporter.keep"):
        return
    if closing_itself():
        # A page showing a receipt or a report fetching itself as it closes at the time limit
        # (its ``closes_to``) is nobody's use: counted as one, two such tabs left open without
        # JavaScript, each fetched a moment after the other, kept the session alive for ever.
        # The session is ended if idle, and otherwise the page shows the time it has left.
        reporter_session.live()
        return
    reporter_session.touch()


@reporter.post("/session/keep")
@reporter_limit(KEEP_LIMIT)
def keep() -> tuple[str, int]:
    """ "Keep my answers" in the warning shown, with JavaScript on, before the session ends: the
    session's time of last use moves to now, as any page does, and nothing else is stored or
    logged. Only a form with this browser's CSRF token keeps it: the page's touch is left out
    for this route, so a request without one keeps nothing. 204 when kept; 410 when the session
    had already ended (idle, or "Exit this page" in another tab), so the page can say so."""
    if not reporter_session.live():
        return "", 410
    form = KeepForm()
    if not form.validate_on_submit():
        return "", 400
    reporter_session.touch()
    return "", 204


@reporter.post("/status/leave")
def leave() -> BaseResponse:
    form = LeaveForm()
    if not form.validate_on_submit():
        return redirect(url_for("reporter.start"))
    reporter_session.end()
    # Nothing of this browser's is kept, as after "Exit this page": the cookie still held the
    # forms' CSRF token, and on a shared device a cookie named "candour" says the service was
    # used. Emptied here, the session holds only the message below, which the start page takes,
    # and a session left empty deletes the cookie. A session this cookie holds for another
    # force's address, or a team member's sign-in, is not this sign-out's to end.
    if set(session) <= {"csrf_token", "_flashes"}:
        session.clear()
    flash("You have signed out.", SIGNED_OUT)
    return redirect(url_for("reporter.start"))


@reporter.get("/exit")
def exit_page() -> BaseResponse:
    """Where "Exit this page" leads (the link, or Shift three times): end the session on the
    server, then go to an everyday site. A plain GET link so it works without JavaScript; ending
    a session is all a forged request could do."""
    try:
        # The reporter's part only, at every force: a team member's sign-in is not ours.
        reporter_session.end_everywhere()
    except SQLAlchemyError:
        # The way out must work with the database down too: without the cookie's key the
        # session row can be read by nobody, and it is swept when it expires.
        db.session.rollback()
        reporter_session.forget()
    response = redirect(current_app.config.get("CANDOUR_EXIT_URL", EXIT_URL))
    # Browsers that support it also drop Candour's cookies and cached pages at once.
    response.headers["Clear-Site-Data"] = '"cache", "cookies"'
    return response
