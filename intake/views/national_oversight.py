"""National oversight takes no report: its report and status pages send the reporter to its
start page, which says so."""

from __future__ import annotations

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.models.force import DEFAULT_FORCE_ID
from intake.tenancy import current_force, current_force_id
from intake.views import reporter


@reporter.before_request
def _no_report_to_national_oversight() -> BaseResponse | None:
    """National oversight never takes a report: its start page says so and starts none, so a
    question page reached at its address by a link or a typed address sends the reporter
    there, before they write a report that could only be refused as "not ready yet". Its
    status pages too: no receipt was ever given there, so a form asking for one could only
    answer "not found" to a reporter who should be at their own force's address."""
    path = request.path
    asks = path.startswith(("/report/", "/status/")) or path == "/status"
    # The default force is never national oversight (only a force added later can be), so its
    # pages, every page of a one-force service, read no force row for this.
    if asks and current_force_id() != DEFAULT_FORCE_ID and current_force().national:
        return redirect(url_for("reporter.start"))
    return None
