"""Pages that ask a member to confirm a weighty case action before it is taken: closing a case.

The same checks as the case page come first (``case_or_abort``: role, escrow, recusal); the
operation itself is in ``triage.casework.operations``, written and audited together.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.models import Report
from triage.casework import operations as casework
from triage.casework import vocabulary
from triage.forms.case import CloseForm
from triage.team.sessions import roles_required
from triage.views import team
from triage.views.case import CASE_ROLES, case_or_abort, signed_in_member


def _close_page(report: Report, form: CloseForm, error: str | None = None) -> str:
    member = signed_in_member()
    return render_template(
        "team/case_close.html",
        report=report,
        form=form,
        action_error=error,
        lead_must_close=casework.lead_must_close(report),
        may_close=member.is_lead or not casework.lead_must_close(report),
        vocabulary=vocabulary,
    )


@team.route("/cases/<reference>/close", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def close(reference: str) -> str | BaseResponse:
    report = case_or_abort(reference)
    if report.closed_on is not None:
        flash("This case is already closed.")
        return redirect(url_for("team.case", reference=report.reference))
    form = CloseForm()
    if form.validate_on_submit():
        try:
            casework.close(report, signed_in_member(), form.close_reason.data or "")
        except casework.CaseworkError as error:
            db.session.rollback()
            return _close_page(report, form, str(error))
        db.session.commit()
        flash("Case closed. The clocks have stopped.")
        return redirect(url_for("team.case", reference=report.reference, _anchor="actions"))
    return _close_page(report, form)
