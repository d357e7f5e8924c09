"""The page on which a caseworker or lead proposes that a person is someone in another case whom
triage never offered as a possible match (``triage.matching.proposals``). Reached from the
person's subject page; the proposal is then judged on the case page like any possible match.

The same checks as the case page come first (``case_or_abort``: role, escrow, recusal); the
other case is checked by ``proposals.propose``, which refuses every case the member may not open
with one answer.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from triage.casework.checks import CaseworkError
from triage.forms.possible import ProposeSameForm
from triage.matching import proposals
from triage.team.sessions import roles_required
from triage.views import redisplay, team
from triage.views.case_access import case_or_abort, refuse_unreadable, signed_in_member

PROPOSED = (
    "Proposed: both cases now show it under “Possible matches to judge”. "
    "Judge it there once you have read both reports."
)


@team.route("/cases/<reference>/people/<int:subject_no>/same-as", methods=["GET", "POST"])
@roles_required("caseworker", "lead")
def propose_same(reference: str, subject_no: int) -> str | BaseResponse:
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    if request.method == "GET" and subject_no not in proposals.people_of(report):
        # An address for a person the case does not name: no form to fill in and be refused.
        abort(404)
    place = f"same-as/{report.id}/{subject_no}"
    here = url_for("team.propose_same", reference=reference, subject_no=subject_no)
    form = ProposeSameForm()
    if form.is_submitted():
        if not form.validate():
            return redisplay.refuse(place, form, here)
        try:
            proposals.propose(
                report,
                signed_in_member(),
                subject_no,
                form.other_reference.data or "",
                form.other_person.data,
                form.proposal_reason.data or "",
            )
        except CaseworkError as refused:
            db.session.rollback()
            return redisplay.refuse(place, form, here, str(refused))
        redisplay.accepted(place)
        db.session.commit()
        flash(PROPOSED)
        return redirect(
            url_for("team.case", reference=report.reference, _anchor="possible"), code=303
        )
    shown, error = redisplay.shown(place, ProposeSameForm)
    return render_template(
        "team/propose_same.html",
        report=report,
        subject_no=subject_no,
        form=shown,
        action_error=error,
    )
