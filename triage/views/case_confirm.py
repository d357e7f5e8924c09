"""Pages that ask a member to confirm a weighty case action before it is taken: closing a case,
ending a reporter's protective measures,
judging a possible match, the same person or different people (both reports shown side by side
first, at an address of its own), and a lead's split of a person judged the same by mistake.

The same checks as the case page come first (``case_or_abort``: role, escrow, recusal); the
operations are in ``triage.casework.closing``, ``triage.casework.protection`` and
``triage.matching.possible``, each written and audited together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.models import Report
from intake.vocabulary import AFFECTED
from triage import audit
from triage.casework import checks, closing, iopc, protection, vocabulary
from triage.casework.queue import replied_cases
from triage.forms.case import CloseForm, EndProtectionForm
from triage.forms.possible import (
    CHOOSE,
    ConfirmJudgementForm,
    ReopenJudgementForm,
    SplitForm,
    form_name,
    possible_form,
)
from triage.matching import judged_apart, possible, side_by_side
from triage.matching.possible import DIFFERENT_REASON_MISSING, JUDGEMENTS, SAME_REASON_MISSING
from triage.models import Member
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import redisplay, team
from triage.views.case_access import CASE_ROLES, case_or_abort, refuse_unreadable, signed_in_member
from triage.views.case_actions import keep_unsent


def _close_page(report: Report, form: CloseForm, error: str | None = None) -> str:
    member = signed_in_member()
    refer_first = iopc.referral_unmade(report)
    lead_must_close = closing.lead_must_close(report)
    # The case as it is now, also when the page shows a close refused because another tab or
    # member closed and reopened the case meanwhile: sent again from here, it is accepted.
    form.close_seen.data = closing.reopenings_seen(report)
    return render_template(
        "team/case_close.html",
        report=report,
        form=form,
        action_error=error,
        lead_must_close=lead_must_close,
        why_lead_must_close=closing.why_lead_must_close(report),
        refer_first=refer_first,
        may_close=(member.is_lead or not lead_must_close) and not refer_first,
        vocabulary=vocabulary,
        outcome_set_aside=report.outcome_set_aside,
        # What closing would leave behind, said before it is done: a closed case leaves the
        # queue, where the reporter's unanswered message and word of retaliation were shown.
        unanswered=report.id in set(db.session.scalars(replied_cases([report.id]))),
        retaliation_unassessed=report.retaliation_on is not None
        and protection.current_protection_id(report) is None,
    )


def _closed_meanwhile(report: Report, form: CloseForm) -> BaseResponse | None:
    """Back to the case if it is closed: closed meanwhile from another tab or by another
    member, the reason typed here is not recorded, and is shown on the case (where its clocks
    say it closed) to be copied rather than lost. None while it is open."""
    if report.closed_on is None:
        return None
    if form.is_submitted() and form.close_reason.data and form.csrf_valid():
        return redisplay.refuse(
            redisplay.case_place(report.id, "close"),
            form,
            url_for("team.case", reference=report.reference, _anchor="clocks"),
            closing.ALREADY_CLOSED,
        )
    flash("This case is already closed.", "important")
    return redirect(url_for("team.case", reference=report.reference))


@team.route("/cases/<reference>/close", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def close(reference: str) -> str | BaseResponse:
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    form = CloseForm()
    if (closed := _closed_meanwhile(report, form)) is not None:
        return closed
    place, here = f"close/{report.id}", url_for("team.close", reference=reference)
    if form.is_submitted():
        if not form.validate():
            return redisplay.refuse(place, form, here)
        try:
            closing.close(
                report, signed_in_member(), form.close_reason.data or "", form.close_seen.data
            )
        except checks.CaseworkError as error:
            db.session.rollback()  # and ``report`` is read again: closed at the same moment?
            return _closed_meanwhile(report, form) or redisplay.refuse(
                place, form, here, str(error)
            )
        redisplay.accepted(place)
        db.session.commit()
        flash("Case closed. The clocks have stopped.")
        return redirect(url_for("team.case", reference=report.reference, _anchor="actions"))
    return _close_page(report, *redisplay.shown(place, CloseForm))


@team.route("/cases/<reference>/protection/<int:protection_id>/end", methods=["GET", "POST"])
@roles_required("lead")
def end_protection(reference: str, protection_id: int) -> str | BaseResponse:
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    place = f"end_protection/{report.id}/{protection_id}"
    here = url_for("team.end_protection", reference=reference, protection_id=protection_id)
    back = url_for("team.case", reference=report.reference, _anchor="protection")
    measures = protection.open_protection(report, protection_id)
    form = EndProtectionForm()
    if form.is_submitted():
        # Ended meanwhile from another tab: refused below, keeping the reason to give back.
        if not form.validate() and (measures is not None or not form.csrf_valid()):
            return redisplay.refuse(place, form, here)
        try:
            protection.end_protection(
                report, signed_in_member(), protection_id, form.end_reason.data or ""
            )
        except checks.CaseworkError as refusal:
            db.session.rollback()
            return redisplay.refuse(place, form, here, str(refusal))
        redisplay.accepted(place)
        db.session.commit()
        flash("Protective measures ended.")
        return redirect(back)
    form, error = redisplay.shown(place, EndProtectionForm)
    if measures is None and not form.end_reason.data:
        flash("These protective measures are not open.", "important")
        return redirect(back)
    return render_template(
        "team/case_protection_end.html",
        report=report,
        form=form,
        action_error=error,
        protection=measures,
        recorded_by=db.session.get(Member, measures.opened_by) if measures else None,
        # What was typed for measures another tab ended: shown to copy, not lost.
        unsaved=[] if measures else [(str(form.end_reason.label.text), form.end_reason.data)],
        vocabulary=vocabulary,
    )


@team.post("/cases/<reference>/possible/<random_id:match_id>")
@roles_required(*CASE_ROLES)
def judge_possible(reference: str, match_id: int) -> BaseResponse:
    """A caseworker's judgement on a possible match, the same person or different people, as
    chosen on the case page: confirmed on a page of its own with both reports side by side,
    since "same" merges them and "different" stops triage ever linking the two, so neither is a
    single click."""
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    name = form_name(match_id)
    form = possible_form(match_id, submitted=True)
    place = redisplay.case_place(report.id, name)
    if not form.validate_on_submit():
        back = url_for("team.case", reference=report.reference, _anchor=name)
        return redisplay.refuse(place, form, back)
    redisplay.accepted(place)
    # What the case page's other boxes held, unsent, goes on through the confirmation page and
    # back to the case, in its own boxes again.
    unsent = keep_unsent(report, name)
    db.session.commit()
    return redirect(_confirm_address(report, match_id, form.judgement.data, unsent), code=303)


def _confirm_address(report: Report, match_id: int, judgement: str, unsent: str | None) -> str:
    """The confirmation page's address, naming the unsent text it passes on (``unsent``)."""
    carried: dict[str, Any] = {redisplay.UNSENT_MARK: unsent} if unsent is not None else {}
    return url_for(
        "team.confirm_possible",
        reference=report.reference,
        match_id=match_id,
        judgement=judgement,
        **carried,
    )


def _back_to_case(report: Report, anchor: str | None, unsent: str | None) -> str:
    """The case page (at ``anchor``), showing back in its boxes the unsent text kept under the
    mark ``unsent``, if any."""
    address = url_for("team.case", reference=report.reference, _anchor=anchor)
    return address if unsent is None else redisplay.marked_address(address, unsent)


@team.route("/cases/<reference>/possible/<random_id:match_id>/confirm", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def confirm_possible(reference: str, match_id: int) -> str | BaseResponse:
    """Both reports side by side, then the judgement named in the address kept; "different
    people" with the member's reason. Its own address, so a reload or Back shows the page (and
    a refused reason, as typed) again and never sends the judgement twice."""
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    unsent = redisplay.carried_on(redisplay.case_place(report.id, redisplay.UNSENT))
    judgement = request.args.get("judgement", "")
    if possible.own_open_proposal(report, signed_in_member(), match_id):
        # Whatever the address asks, and before either report is opened: there is nothing for
        # its proposer to choose (``judge`` refuses them too). Said in the button's words.
        flash(f"{possible.OWN_PROPOSAL}.", "important")
        return redirect(_back_to_case(report, form_name(match_id), unsent))
    if judgement not in JUDGEMENTS:
        flash(f"{CHOOSE}, then confirm it with both reports side by side.", "important")
        return redirect(_back_to_case(report, form_name(match_id), unsent))
    same = judgement == "same"
    place = f"possible-confirm/{report.id}/{match_id}"
    here = _confirm_address(report, match_id, judgement, unsent)
    form = ConfirmJudgementForm()
    if not form.is_submitted():
        form = redisplay.shown(place, ConfirmJudgementForm)[0]
        return _confirm_page(report, match_id, same, form, here, unsent)
    if not form.validate():
        return redisplay.refuse(place, form, here)
    field = form.same_reason if same else form.different_reason
    reason = field.data or ""
    if not reason:
        field.errors = [SAME_REASON_MISSING if same else DIFFERENT_REASON_MISSING]
        return redisplay.refuse(place, form, here)
    case_place = redisplay.case_place(report.id, form_name(match_id))
    try:
        possible.judge(report, signed_in_member(), match_id, same=same, reason=reason)
    except checks.CaseworkError as error:
        # Judged by someone else meanwhile, or no longer this member's to judge: the case says so,
        # showing the reason typed here, and what its other boxes held unsent in them again.
        db.session.rollback()
        back = url_for("team.case", reference=report.reference, _anchor=form_name(match_id))
        carrying = redisplay.carried_fields_of(unsent) if unsent else []
        return redisplay.refuse(case_place, form, back, str(error), carrying=carrying)
    redisplay.accepted(place)  # the case page's refusal went when its choice was sent again
    db.session.commit()
    flash(
        "Linked: the two reports now count as naming the same person."
        if same
        else "Recorded: not the same person."
    )
    anchor = "related" if same else "judged-different"
    return redirect(_back_to_case(report, anchor, unsent))


def _confirm_page(
    report: Report,
    match_id: int,
    same: bool,
    form: ConfirmJudgementForm,
    here: str,
    unsent: str | None,
) -> str | BaseResponse:
    """Both reports side by side, each decryption audited, the form sent to ``here``; back to
    the case, saying so, when the match is no longer there to judge. Every way back to the case
    shows there the unsent text kept under ``unsent``."""
    member = signed_in_member()
    try:
        shown = side_by_side.side_by_side(report, member, unlocked_keys(), match_id)
    except checks.CaseworkError as gone:
        return _gone(report, gone, unsent)
    for opened in (shown.this_report, shown.other_report):
        audit.record("decrypted", member.id, opened.reference, "possible match confirmation")
    db.session.commit()
    return render_template(
        "team/case_possible_confirm.html",
        report=report,
        shown=shown,
        confirm_form=form,
        same=same,
        here=here,
        back=_back_to_case(report, form_name(match_id), unsent),
        affected_labels=AFFECTED,
    )


def _split_page(
    report: Report, match_id: int, form: SplitForm, error: str | None = None
) -> str | BaseResponse:
    try:
        judged = possible.find_judged_same(report, signed_in_member(), match_id)
    except checks.CaseworkError as gone:
        return _gone(report, gone)
    return render_template(
        "team/case_split.html", report=report, judged=judged, form=form, action_error=error
    )


@team.route("/cases/<reference>/possible/<random_id:match_id>/split", methods=["GET", "POST"])
@roles_required("lead")
def split_person(reference: str, match_id: int) -> str | BaseResponse:
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    place = f"split/{report.id}/{match_id}"
    here = url_for("team.split_person", reference=reference, match_id=match_id)
    form = SplitForm()
    if form.is_submitted():
        if not form.validate():
            gone = _refused_on_the_case(report, match_id, form, possible.find_judged_same)
            return gone or redisplay.refuse(place, form, here)
        try:
            possible.split(report, signed_in_member(), match_id, form.split_reason.data or "")
        except checks.CaseworkError as error:
            db.session.rollback()
            gone = _refused_on_the_case(report, match_id, form, possible.find_judged_same)
            return gone or redisplay.refuse(place, form, here, str(error))
        redisplay.accepted(place)
        db.session.commit()
        flash("Split: the two reports no longer count as naming the same person.")
        return redirect(
            url_for("team.case", reference=report.reference, _anchor="judged-different")
        )
    return _split_page(report, match_id, *redisplay.shown(place, SplitForm))


def _refused_on_the_case(
    report: Report, match_id: int, form: FlaskForm, find: Callable[[Report, Member, int], object]
) -> BaseResponse | None:
    """A split or reopen refused (a reason too long, or the operation's refusal) for a judgement
    that ``find`` no longer finds, another tab or lead having changed it: its page is gone, so
    back to the case, saying so, with the reason typed shown there to copy (it came back with a
    bare notice before, the reason lost). None while the judgement stands, or for a form another
    site sent (no valid CSRF token), which has no reason of the member's to keep."""
    if not form.csrf_valid():
        return None
    try:
        find(report, signed_in_member(), match_id)
    except checks.CaseworkError as error:
        name = form_name(match_id)
        return redisplay.refuse(
            redisplay.case_place(report.id, name),
            form,
            url_for("team.case", reference=report.reference, _anchor=name),
            f"{error}. It may have been changed since you opened the link",
        )
    return None


def _gone(report: Report, error: checks.CaseworkError, unsent: str | None = None) -> BaseResponse:
    """An address kept from before a judgement changed (split, reopened, or not this case's):
    back to the case, saying so, rather than "Page not found"; with the unsent text kept under
    ``unsent`` back in its boxes."""
    if isinstance(error, side_by_side.AlreadyJudged):  # Back after judging it, say: no guess needed
        flash(f"{error}.", "important")
    else:
        flash(f"{error}. It may have been changed since you opened the link.", "important")
    return redirect(_back_to_case(report, None, unsent))


def _reopen_page(
    report: Report, match_id: int, form: ReopenJudgementForm, error: str | None = None
) -> str | BaseResponse:
    try:
        judged = judged_apart.find_judged_different(report, signed_in_member(), match_id)
    except checks.CaseworkError as gone:
        return _gone(report, gone)
    return render_template(
        "team/case_reopen_judgement.html",
        report=report,
        judged=judged,
        form=form,
        action_error=error,
    )


@team.route("/cases/<reference>/possible/<random_id:match_id>/reopen", methods=["GET", "POST"])
@roles_required("lead")
def reopen_judgement(reference: str, match_id: int) -> str | BaseResponse:
    """A lead puts a judgement of "different people" back among the possible matches."""
    report = case_or_abort(reference)
    if (unreadable := refuse_unreadable(report)) is not None:
        return unreadable
    place = f"reopen-judgement/{report.id}/{match_id}"
    here = url_for("team.reopen_judgement", reference=reference, match_id=match_id)
    form = ReopenJudgementForm()
    if form.is_submitted():
        find = judged_apart.find_judged_different
        if not form.validate():
            gone = _refused_on_the_case(report, match_id, form, find)
            return gone or redisplay.refuse(place, form, here)
        try:
            judged_apart.reopen(report, signed_in_member(), match_id, form.reopen_reason.data or "")
        except checks.CaseworkError as error:
            db.session.rollback()
            gone = _refused_on_the_case(report, match_id, form, find)
            return gone or redisplay.refuse(place, form, here, str(error))
        redisplay.accepted(place)
        db.session.commit()
        flash("Reopened: the possible match is waiting to be judged again.")
        return redirect(url_for("team.case", reference=report.reference, _anchor="possible"))
    return _reopen_page(report, match_id, *redisplay.shown(place, ReopenJudgementForm))
