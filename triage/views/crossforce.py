"""Referral between forces, for leads: ask another force to share (from a case's notice), see
the requests other forces made, and answer one. Thin: the steps, each written to both forces
and audited in both, are in ``triage.casework.crossforce``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.models import Report
from triage.casework import crossforce
from triage.forms.crossforce import AskForm, DecisionForm, DeclineForm
from triage.matching.notices import notices_of
from triage.models import CrossForceNotice, CrossForceReferral
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import redisplay, team
from triage.views.case_access import case_or_abort, refuse_unreadable, signed_in_member
from triage.views.case_actions import carry_unsent


@team.post("/cases/<reference>/crossforce/<random_id:notice_id>/ask")
@roles_required("lead")
def ask_to_share(reference: str, notice_id: int) -> BaseResponse:
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    notice = db.session.scalars(
        select(CrossForceNotice).where(
            CrossForceNotice.id == notice_id, CrossForceNotice.report_id == report.id
        )
    ).first()
    if notice is None:
        abort(404)
    if not AskForm().validate_on_submit():
        abort(400)
    try:
        crossforce.request_share(notice.id, signed_in_member())
    except crossforce.ReferralError as error:
        db.session.rollback()
        flash(str(error), "important")
    else:
        db.session.commit()
        flash(f"You asked {crossforce.force_name(notice.other_force_id)}'s lead to share.")
    back = url_for("team.case", reference=report.reference, _anchor="crossforce")
    back = carry_unsent(report, "crossforce", back)
    db.session.commit()
    return redirect(back)


@team.get("/crossforce/requests")
@roles_required("lead")
def share_requests() -> str:
    return render_template("team/crossforce_requests.html", requests=crossforce.open_requests())


def _request_and_case(referral_id: int) -> tuple[CrossForceReferral, Report]:
    referral = db.session.scalars(
        select(CrossForceReferral).where(
            CrossForceReferral.referral_id == referral_id, CrossForceReferral.asking.is_(False)
        )
    ).first()
    if referral is None:
        abort(404)
    reference = db.session.scalars(
        select(Report.reference)
        .join(CrossForceNotice, CrossForceNotice.report_id == Report.id)
        .where(CrossForceNotice.id == referral.notice_id)
    ).one()
    return referral, case_or_abort(reference)  # recused or held: refused like the case


@team.route("/crossforce/requests/<random_id:referral_id>", methods=["GET", "POST"])
@roles_required("lead")
def answer_request(referral_id: int) -> str | BaseResponse:
    referral, report = _request_and_case(referral_id)
    if unreadable := refuse_unreadable(report):
        return unreadable  # sharing opens the report; declining seals a reason to this key
    notice = db.session.scalars(
        select(CrossForceNotice).where(CrossForceNotice.id == referral.notice_id)
    ).one()
    place, here = (
        f"crossforce/{referral_id}",
        url_for("team.answer_request", referral_id=referral_id),
    )
    # A report whose reporter asked not to share it can only be declined: the page says so
    # first and offers nothing else, as its case page does.
    form_class = DeclineForm if report.no_sharing else DecisionForm
    form = form_class()
    if form.is_submitted():
        if referral.status != "open":  # answered meanwhile: this answer and its reason are not
            return redisplay.refuse(  # sent, and the reason comes back to copy
                place,
                form,
                here,
                f"This request was {referral.status} while you were looking (in another tab, or "
                "by another lead), so your answer was not sent",
            )
        if not form.validate():
            return redisplay.refuse(place, form, here)
        try:
            crossforce.decide(
                referral_id,
                signed_in_member(),
                unlocked_keys(),
                accept=form.decision.data == "accept",
                reason=form.reason.data or None,
            )
        except crossforce.ReferralError as refused:
            db.session.rollback()
            return redisplay.refuse(place, form, here, str(refused))
        redisplay.accepted(place)
        db.session.commit()
        flash("Your answer was sent.")
        return redirect(url_for("team.case", reference=report.reference, _anchor="crossforce"))
    form, error = redisplay.shown(place, form_class)
    if report.no_sharing:
        # A choice to share, refused because the reporter said no meanwhile, is not kept.
        form.decision.data = "decline"
    # What the match rests on, so the lead can judge the request: the same words as the case page.
    [shown] = [
        n
        for n in notices_of(db.session, [(notice.report_id, notice.subject_no)])
        if n.id == notice.id
    ]
    return render_template(
        "team/crossforce_answer.html",
        referral=referral,
        report=report,
        notice=notice,
        shown=shown,
        other=crossforce.force_name(notice.other_force_id),
        form=form,
        error=error,
    )
