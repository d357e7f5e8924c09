"""A force whose team has not set up its key takes no report: its question pages send the
reporter to its start page, which says so. A bookmark, a link someone shared or the browser's
history reaches a question page without the start page, and a whole report written there could
only be refused at Send ("not ready yet", its answers deleted with the session)."""

from __future__ import annotations

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.views import reporter
from intake.views.journey.pages import ready
from intake.views.journey.steps import PAGES

# The journey's pages (``steps.PAGES``), and removing a file from the evidence page.
QUESTION_PAGES = frozenset(f"reporter.{name}" for name in (*PAGES, "remove_file"))


@reporter.before_request
def _no_report_before_the_key() -> BaseResponse | None:
    if request.endpoint in QUESTION_PAGES and not ready():
        return redirect(url_for("reporter.start"))
    return None
