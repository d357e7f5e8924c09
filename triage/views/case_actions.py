"""The case page's actions: each form's POST validates, runs one operation, commits and goes back
to the case; a mistake or the operation's refusal goes back to the case too, with the form as it
was sent (``redisplay``).

Every route checks who may act first (``triage.views.case_access``: role, escrow, recusal, a
report this session can read). Routes are thin: the operations, each written and audited
together, are in ``triage.casework`` (``stages``, ``assignment``, ``assessment``, ``outcome``,
``closing``, ``writing``, ``protection``, ``iopc``). Closing, and ending protective measures, are
confirmed on pages of their own (``triage.views.case_confirm``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.models import Report
from intake.vocabulary import STAGES
from triage.casework import assignment, checks, closing, iopc, stages, writing
from triage.casework.assessment import record_assessment
from triage.casework.outcome import (
    ALREADY_RECORDED,
    NOBODY_TO_TELL,
    OUTCOME_CHANGED,
    AlreadyRecorded,
    no_outcome_form,
    record_outcome,
)
from triage.casework.protection import record_protection
from triage.casework.queries import assignable_members
from triage.forms.case import ReopenForm, case_forms, unsent_boxes
from triage.models import Member
from triage.team.sessions import first_sending, roles_required, sent_before
from triage.views import redisplay, team
from triage.views.case_access import CASE_ROLES, case_or_abort, refuse_unreadable, signed_in_member
from triage.views.case_error_target import error_target


def _act(
    reference: str,
    name: str,
    operation: Callable[[Report, Member, Any], object],
    done: str | Callable[[Any, object], str],
    anchor: str,
    sent_text: Callable[[Any], str] | None = None,
    recorded_text: Callable[[Any], str] | None = None,
    no_form: Callable[[Report], str | None] | None = None,
) -> BaseResponse:
    """Validate the submitted form, run the operation, commit, and go back to the case.

    A mistake, or the operation's refusal, goes back to the case too, where the form is shown
    with its errors and everything that was typed (``redisplay``). With ``sent_text`` (what a
    message or note form sends), the text this session last sent from that form is not sent
    again (``sessions.first_sending``). With ``recorded_text`` (what a form that records a
    choice records), the operation's refusal as already recorded is said plainly, not as a
    mistake, when it is what this session last recorded there: Back and submit again. With
    ``no_form`` (why the case page no longer shows the form, or None), a form with mistakes sent
    from an older page is refused for that instead: the error summary cannot lead to its boxes.
    """
    report = case_or_abort(reference)
    # Declaring a conflict reads and seals nothing, and only narrows what the member may open.
    unreadable = refuse_unreadable(report) if name != "conflict" else None
    if unreadable is not None:
        return unreadable
    form = case_forms(report, assignable_members(report), submitted=name)[name]
    place = redisplay.case_place(report.id, name)
    back = url_for("team.case", reference=report.reference, _anchor=anchor)
    if not form.validate_on_submit():
        gone = no_form(report) if no_form is not None else None
        if gone is not None and form.csrf_valid():
            # What was typed is shown where the error summary leads (``case.render_case``).
            for field in form:
                field.errors = []
            return redisplay.refuse(place, form, _refused_at(report, name), gone)
        return redisplay.refuse(place, form, _refused_at(report, name))
    text = sent_text(form) if sent_text is not None else None
    if text is not None and sent_before(place, text):
        return _not_sent_again(place, name, back, report)
    recorded = recorded_text(form) if recorded_text is not None else None
    try:
        result = operation(report, signed_in_member(), form)
    except checks.CaseworkError as error:
        db.session.rollback()
        if isinstance(error, AlreadyRecorded) and recorded and sent_before(place, recorded):
            return _not_sent_again(place, name, back, report)
        return redisplay.refuse(place, form, _refused_at(report, name), str(error))
    # After the action, not before: see ``first_sending``. Sent at once from another tab, the
    # text is then already recorded, and this sending is undone.
    if text is not None and not first_sending(place, text):
        db.session.rollback()
        return _not_sent_again(place, name, back, report)
    if recorded is not None:
        # Kept to know a repeat by; a change back to what this session recorded before is
        # still a change, so what ``first_sending`` answers does not matter here.
        first_sending(place, recorded)
    redisplay.accepted(place)
    # After a conflict the member may no longer open this case, nor what they typed there.
    back = url_for("team.queue") if name == "conflict" else carry_unsent(report, name, back)
    db.session.commit()
    # ``done`` may depend on what was sent, and on what the operation returned.
    flash(done if isinstance(done, str) else done(form, result))
    return redirect(back)


def carry_unsent(report: Report, sent: str, back: str) -> str:
    """Where to go back to on the case page after its form ``sent`` was accepted: ``back``,
    marked, when the form carried text typed in the page's other boxes and not sent, so that it
    shows there again in its own box (``keep_unsent``). The caller commits."""
    mark = keep_unsent(report, sent)
    return back if mark is None else redisplay.marked_address(back, mark)


def keep_unsent(report: Report, sent: str) -> str | None:
    """Keep the text the case page's form ``sent`` carried from the page's other boxes, typed
    there and not sent (``redisplay.carry``): its mark, or None when it carried none. A box left
    as it was shown (the acknowledgement's usual wording) carries nothing. The caller commits."""
    boxes = unsent_boxes(sent, report)
    typed = [
        (name, text)
        for name, text in redisplay.carried_fields(boxes)
        if _lines(text) != _lines(boxes[name.removeprefix(redisplay.CARRIED)])
    ]
    return redisplay.carry(redisplay.case_place(report.id, redisplay.UNSENT), typed)


def _lines(text: str) -> str:
    # A browser sends a text box's line breaks as CRLF.
    return text.replace("\r\n", "\n").strip()


def _not_sent_again(place: str, name: str, back: str, report: Report) -> BaseResponse:
    redisplay.accepted(place)
    back = carry_unsent(report, name, back)
    db.session.commit()
    flash(NOT_SENT_AGAIN[name], "important")
    return redirect(back)


# Back and send again, or a double click: said plainly, and how to send it again if meant.
NOT_SENT_AGAIN = {
    "message": "You had just sent this message, so it was not sent to the reporter a second "
    "time. To send it again, change its wording.",
    "note": "You had just added this note, so it was not added a second time.",
    "outcome": f"{ALREADY_RECORDED}.",
}


def _refused_at(report: Report, name: str) -> str:
    """The case page at the refused form, where its field errors show (the error summary links
    there too), or at what took its place; not where the action would have led once done."""
    return url_for(
        "team.case", reference=report.reference, _anchor=error_target(name, report, (), (), ())
    )


@team.post("/cases/<reference>/acknowledge")
@roles_required(*CASE_ROLES)
def acknowledge(reference: str) -> BaseResponse:
    return _act(
        reference,
        "acknowledge",
        lambda r, m, f: stages.acknowledge(r, m, f.acknowledgement.data or ""),
        "Report acknowledged. The reporter was sent your message.",
        "clocks",
    )


@team.post("/cases/<reference>/assign-to-me")
@roles_required(*CASE_ROLES)
def assign_to_me(reference: str) -> BaseResponse:
    return _act(
        reference,
        "assign_to_me",
        lambda r, m, f: assignment.assign_to_self(r, m),
        "The case is assigned to you.",
        "clocks",
    )


ALREADY_THEIRS = "They already have this case, so nothing changed."


@team.post("/cases/<reference>/assign")
@roles_required("lead")
def assign(reference: str) -> BaseResponse:
    changed: list[bool] = []  # whether the chosen member did not have the case already

    def operation(report: Report, member: Member, form: Any) -> None:
        chosen = int(form.assignee.data or 0)
        changed.append(assignment.assign(report, member, chosen, form.assignee_seen.data))

    return _act(
        reference,
        "assign",
        operation,
        lambda _, __: "Case assigned." if all(changed) else ALREADY_THEIRS,
        "actions",
    )


@team.post("/cases/<reference>/stage")
@roles_required(*CASE_ROLES)
def move_stage(reference: str) -> BaseResponse:
    def done(form: Any, moved: object) -> str:
        if moved:
            return "Stage changed."
        # Another tab (or a double click) had moved it there: true, and not a mistake.
        stage = STAGES[form.stage.data][0]
        return f"The case was already at “{stage}”, so nothing changed."

    return _act(
        reference,
        "stage",
        lambda r, m, f: stages.move_stage(r, m, f.stage.data, f.stage_seen.data),
        done,
        "actions",
    )


@team.post("/cases/<reference>/assessment")
@roles_required(*CASE_ROLES)
def assessment(reference: str) -> BaseResponse:
    def save(report: Report, member: Member, form: Any) -> bool:
        return record_assessment(
            report,
            member,
            subject_type=form.subject_type.data,
            severity=form.severity.data,
            case_decision=form.case_decision.data,
            referrals=form.referrals.data or [],
            standards=form.standards.data or [],
            subject_ethnicity=form.subject_ethnicity.data or "",
            warning_in_force=form.warning_in_force.data or "",
            seen=form.assessment_seen.data,
        )

    def done(_: Any, changed: object) -> str:
        return "Assessment saved." if changed else "Nothing changed: the assessment was already so."

    return _act(reference, "assessment", save, done, "assessment")


@team.post("/cases/<reference>/outcome")
@roles_required(*CASE_ROLES)
def outcome(reference: str) -> BaseResponse:
    return _act(
        reference,
        "outcome",
        lambda r, m, f: record_outcome(
            r,
            m,
            f.outcome.data,
            f.outcome_reason.data or "",
            f.outcome_seen.data,
            told=f.outcome_message.data or "",
        ),
        # ``tell`` is what the form was checked against, and what the operation found under
        # the lock: the case was open then, so nothing can have changed it since.
        lambda f, wording: (
            f"{_outcome_done(wording)}. The reporter was sent your message and can see the outcome."
            if f.tell
            else f"{_outcome_done(wording)}. {NOBODY_TO_TELL}."
        ),
        "actions",
        recorded_text=lambda f: (
            f"{f.outcome.data}\n{f.outcome_reason.data or ''}\n{f.outcome_message.data or ''}"
        ),
        no_form=no_outcome_form,
    )


def _outcome_done(wording: object) -> str:
    """What the confirmation of an outcome says first: the timeline's line of an outcome that
    replaced another (``record_outcome``'s), else that it was recorded."""
    if isinstance(wording, str) and wording.startswith(OUTCOME_CHANGED):
        return wording
    return "Outcome recorded"


@team.post("/cases/<reference>/reopen")
@roles_required("lead")
def reopen(reference: str) -> BaseResponse:
    report = case_or_abort(reference)
    if report.closed_on is None:  # reopened from another tab, or by another lead
        form = ReopenForm()
        if form.reopen_reason.data and form.csrf_valid():
            # As closing says (``case_confirm.close``): the reason typed is not recorded, and is
            # shown on the case, where its clocks say it is open, to be copied rather than lost.
            return redisplay.refuse(
                redisplay.case_place(report.id, "reopen"),
                form,
                url_for("team.case", reference=report.reference, _anchor="clocks"),
                closing.ALREADY_REOPENED,
            )
        flash("This case is already open.", "important")
        return redirect(url_for("team.case", reference=report.reference, _anchor="actions"))
    return _act(
        reference,
        "reopen",
        lambda r, m, f: closing.reopen(r, m, f.reopen_reason.data or "", f.reopen_seen.data),
        "Case reopened.",
        "actions",
    )


@team.post("/cases/<reference>/notes")
@roles_required(*CASE_ROLES)
def add_note(reference: str) -> BaseResponse:
    return _act(
        reference,
        "note",
        lambda r, m, f: writing.add_note(
            r, m, f.note_body.data or "", management_action=bool(f.management_action.data)
        ),
        "Note added.",
        "notes",
        sent_text=lambda f: f.note_body.data or "",
    )


@team.post("/cases/<reference>/messages")
@roles_required(*CASE_ROLES)
def message(reference: str) -> BaseResponse:
    return _act(
        reference,
        "message",
        lambda r, m, f: writing.message_reporter(
            r, m, f.message_body.data or "", progress_update=bool(f.progress_update.data)
        ),
        "Message sent. The reporter will see it on their status page.",
        "messages",
        sent_text=lambda f: f.message_body.data or "",
    )


@team.post("/cases/<reference>/conflict")
@roles_required(*CASE_ROLES)
def conflict(reference: str) -> BaseResponse:
    return _act(
        reference,
        "conflict",
        lambda r, m, f: assignment.declare_conflict(r, m),
        "You declared a conflict of interest and can no longer open that case.",
        "conflict",
    )


@team.post("/cases/<reference>/protection")
@roles_required(*CASE_ROLES)
def protection(reference: str) -> BaseResponse:
    return _act(
        reference,
        "protection",
        lambda r, m, f: record_protection(
            r,
            m,
            f.level.data,
            f.protection_note.data or "",
            f.measures.data or "",
            f.protection_seen.data,
        ),
        lambda f, _: (
            "Retaliation risk and protective measures recorded."
            if (f.measures.data or "").strip()
            else "Retaliation risk recorded."
        ),
        "protection",
    )


@team.post("/cases/<reference>/iopc")
@roles_required("lead")
def iopc_decision(reference: str) -> BaseResponse:
    return _act(
        reference,
        "iopc",
        lambda r, m, f: iopc.decide(r, m, f.iopc_decision.data or "", f.iopc_reason.data or ""),
        "IOPC referral decision recorded.",
        "iopc",
    )


@team.post("/cases/<reference>/iopc/referral")
@roles_required("lead")
def iopc_referral(reference: str) -> BaseResponse:
    return _act(
        reference,
        "iopc_referral",
        lambda r, m, f: iopc.record_referral(
            r,
            m,
            referred_on=f.referred_on.data,
            reference=f.iopc_reference.data or "",
            mode=f.iopc_mode.data or "",
            returned_on=f.returned_on.data,
            today=date.today(),
            seen=f.referral_seen.data,
        ),
        "IOPC referral record saved.",
        "iopc",
    )
