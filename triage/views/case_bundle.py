"""Download one case as a bundle (PDF and evidence, each with its SHA-256) for a hearing or a
referral. The same checks as the case page come first; the bundle is made in memory and sent
with ``no-store`` so no cache keeps a copy."""

from __future__ import annotations

from datetime import date

from flask import Response, abort
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from triage.casework import bundle
from triage.casework.checks import CaseworkError
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import team
from triage.views.case_access import CASE_ROLES, case_or_abort, refuse_unreadable, signed_in_member
from triage.views.case_attachment import content_disposition


@team.get("/cases/<reference>/bundle.zip")
@roles_required(*CASE_ROLES)
def case_bundle(reference: str) -> BaseResponse:
    report = case_or_abort(reference)
    # Sealed to a key rotated since sign-in: a bundle would hold no report, and be audited as
    # exported. Back to the case, which says to sign in again, as every action there does.
    unreadable = refuse_unreadable(report)
    if unreadable is not None:
        return unreadable
    try:
        made = bundle.export(report, signed_in_member(), unlocked_keys(), date.today())
    except CaseworkError:
        abort(409)  # content destroyed, or no font to print with: nothing to send
    db.session.commit()  # the "exported" audit entry
    response = Response(made.data, mimetype="application/zip")
    response.headers["Content-Disposition"] = content_disposition(made.filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
