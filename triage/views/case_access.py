"""Who may open a case, checked on the server before anything else on every case page and action:
the member works cases (not oversight: 403), the case exists and is not held in escrow (404), the
member is not recused from it (403), and, before acting, that this session can read it (a report
sealed to a team key rotated since sign-in). No routes here.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.errors import refusal
from intake.models import Report
from triage.casework.queries import is_recused
from triage.models import Member
from triage.team.sessions import current_member, unlocked_keys

CASE_ROLES = ("caseworker", "lead")
# Why a member who declared a conflict of interest in a case is refused it, on every page of it
# (a tab left open included): the usual "You do not have permission" would not say why.
RECUSED = (
    "You declared a conflict of interest in this case, so you can no longer open it or act on "
    "it. Nothing sent from a page of it left open was saved. A lead can reassign the case."
)


def signed_in_member() -> Member:
    member = current_member()
    assert member is not None  # the blueprint's before_request has already checked
    return member


def case_or_abort(reference: str) -> Report:
    """The case, if this member may open it."""
    report = db.session.scalars(select(Report).where(Report.reference == reference)).first()
    if report is None or report.escrow == "waiting":
        abort(404)
    if is_recused(signed_in_member(), report):
        abort(refusal(403, RECUSED))
    return report


# Said where the case page's forms would be (``case_macros.key_missing_here``) and in answer to
# any action on such a report.
KEY_MISSING = (
    "You cannot act on this report yet: it came after the team key was changed, and you signed "
    "in before that. Sign out and sign in again to read it before you act on it."
)


def cannot_read(report: Report) -> bool:
    """Sealed to a team key this session did not unlock (rotated since sign-in, which signing
    in again puts right), and not destroyed: a destroyed case has nothing left to read or seal."""
    return report.content_destroyed_on is None and report.team_key_id not in unlocked_keys()


def refuse_unreadable(report: Report) -> BaseResponse | None:
    """Back to the case, saying why, if the report is sealed to a team key this session did
    not unlock (rotated since sign-in): a member may not act on a report they cannot read, and
    what they wrote would be sealed where they could not read it back. None if they can, or if
    its content was destroyed (nothing is left to read or seal; the page shows its forms)."""
    if not cannot_read(report):
        return None
    flash(KEY_MISSING, "important")
    return redirect(url_for("team.case", reference=report.reference), code=303)
