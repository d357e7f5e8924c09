"""The case page and its actions: read a report, work the case, talk to the reporter.

Every route here checks on the server, before anything else, that the member works cases (not
oversight: 403), that the case exists and is not held in escrow (404), and that the member is not
recused from it (403) — the page, the attachment download and every action POST alike. Routes are
thin: the operations, each written and audited together, are in ``triage.casework`` (``stages``,
``assignment``, ``assessment``, ``outcome``, ``writing``, ``protection``, ``iopc``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse
from wtforms import TextAreaField

from intake.db import db
from intake.errors import refusal
from intake.models import Attachment, Report
from intake.sealing import SealError
from intake.vocabulary import AFFECTED, CATEGORIES, STAGES
from triage.casework import (
    assignment,
    checks,
    closing,
    crossforce,
    iopc,
    reading,
    stages,
    vocabulary,
    writing,
)
from triage.casework.assessment import record_assessment
from triage.casework.clocks import (
    CASEY_BASELINE_DAYS,
    case_clocks,
    days_open,
    iopc_referral_clock,
    reopened_update_clock,
)
from triage.casework.outcome import record_outcome
from triage.casework.protection import record_protection
from triage.casework.queries import assignable_members, is_recused, member_names
from triage.forms.case import CloseForm, ReopenForm, case_forms, show_case_as_it_is
from triage.forms.crossforce import AskForm
from triage.forms.possible import (
    ConfirmJudgementForm,
    PossibleMatchForm,
    ReopenJudgementForm,
    SplitForm,
    form_name,
    possible_form,
)
from triage.matching import judged_apart, possible
from triage.matching.notices import notices_of_report
from triage.matching.on_arrival import named_people
from triage.matching.reasons import roster_fit
from triage.matching.related import related_subjects
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import roster_people_of
from triage.models import Member
from triage.team.sessions import (
    current_member,
    first_sending,
    roles_required,
    sent_before,
    unlocked_keys,
)
from triage.views import redisplay, team
from triage.views.case_error_target import error_target, overtaken

CASE_ROLES = ("caseworker", "lead")
# Why a member who declared a conflict of interest in a case is refused it, on every page of it
# (a tab left open included): the usual "You do not have permission" would not say why.
RECUSED = (
    "You declared a conflict of interest in this case, so you can no longer open it or act on "
    "it. Nothing sent from a page of it left open was saved. A lead can reassign the case."
)
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")


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


def render_case(
    report: Report,
    forms: dict[str, FlaskForm],
    failed: str | None = None,
    action_error: str | None = None,
    typed_elsewhere: Sequence[FlaskForm] = (),
) -> str:
    """The case page; with ``failed``, the form refused there. What was typed in it is shown to
    copy when the form is no longer on the page; what was typed on a page of its own
    (``typed_elsewhere``: a possible match's side-by-side, split or reopen page) always is."""
    member = signed_in_member()
    show_case_as_it_is(forms, report)
    opened = reading.open_case(report, member, unlocked_keys())
    db.session.commit()  # the "decrypted" audit entry stands even if rendering fails
    today = date.today()
    clocks = case_clocks(report, today)
    ids = {e.member_id for e in report.events} | {m.member_id for m, _ in opened.thread}
    ids |= {n.member_id for n, _ in opened.notes} | {report.assignee_id}
    ids |= {p.opened_by for p, _, _ in opened.protections}
    ids |= {p.ended_by for p, _, _ in opened.protections}
    failed_form = forms.get(failed) if failed else None
    referral = iopc.referral_of(report)
    matches = [
        (match, forms.get(form_name(match.id)) or possible_form(match.id))
        for match in possible.open_matches(report, member, unlocked_keys())
    ]
    judged_same = possible.judged_same(report, member) if member.is_lead else []
    judged_different = judged_apart.judged_different(report, member)
    target = error_target(
        failed,
        report,
        (match.id for match, _ in matches),
        (judged.id for judged in judged_same),
        (judged.id for judged in judged_different),
    )
    return render_template(
        "team/case.html",
        report=report,
        opened=opened,
        key_missing=cannot_read(report),
        forms=forms,
        failed=failed,
        form=failed_form if failed_form is not None and failed_form.errors else None,
        action_error=action_error,
        error_target=target,
        unsaved=[typed for form in typed_elsewhere for typed in _unsaved(form)]
        or (_unsaved(failed_form) if overtaken(failed, target) else []),
        member=member,
        names=member_names({i for i in ids if i is not None}),
        acknowledge=clocks[0],
        feedback=clocks[1],
        reopened_update=reopened_update_clock(report.update_owed_since, report.closed_on, today),
        days_open=days_open(report.received_on, report.closed_on, today),
        related=related_subjects(report, member, unlocked_keys()),
        crossforce=notices_of_report(db.session, report.id),
        referrals=crossforce.referrals_of(report, unlocked_keys()),
        shared=crossforce.shared_with(report, unlocked_keys()),
        ask_form=AskForm(formdata=None),
        on_roster=_on_roster(report, opened.content),
        judged_same=judged_same,
        judged_different=judged_different,
        possible_matches=matches,
        casey_days=CASEY_BASELINE_DAYS,
        categories=CATEGORIES,
        stages=STAGES,
        affected_labels=AFFECTED,
        vocabulary=vocabulary,
        iopc=iopc,
        iopc_pending=iopc.iopc_decision_pending(report),
        lead_must_close=closing.lead_must_close(report),
        why_lead_must_close=closing.why_lead_must_close(report),
        referral=referral,
        referral_reference=(
            iopc.opened_reference(report, referral, unlocked_keys()) if referral else None
        ),
        referral_clock=(
            iopc_referral_clock(
                report.iopc_decided_on,
                referral.referred_on if referral else None,
                referral.recorded_on if referral else None,
                today,
            )
            if report.iopc_decision == "confirmed" and report.iopc_decided_on
            else None
        ),
    )


def _unsaved(form: FlaskForm | None) -> list[tuple[str, str]]:
    """What was typed in a refused form that another tab or member has since taken off the page
    (an outcome for a case closed meanwhile, say), by its label: shown where the error summary
    leads, to be copied, rather than lost with the form."""
    if form is None:
        return []
    return [
        (str(field.label.text), field.data)
        for field in form
        if isinstance(field, TextAreaField) and isinstance(field.data, str) and field.data
    ]


def _on_roster(
    report: Report, content: dict[str, Any] | None
) -> list[tuple[int, RosterEntry, str | None]]:
    """Each person here resolved to someone on the roster: their number, the roster entry, and
    which details the reporter wrote agree with it (None when the report could not be opened)."""
    people = named_people(content) if content else []
    return [
        (number, entry, roster_fit(people[number - 1], entry) if number <= len(people) else None)
        for number, entry in roster_people_of(db.session, report.id, unlocked_keys())
    ]


@team.get("/cases/<reference>")
@roles_required(*CASE_ROLES)
def case(reference: str) -> str:
    """The case; at the address a refused form redirected to, that form as it was sent, with its
    errors, the error summary and the operation's refusal, if any (``redisplay``)."""
    report = case_or_abort(reference)
    refused = redisplay.refused_on_case(report.id)
    if refused is None:
        return render_case(report, case_forms(report, assignable_members(report)))
    failed, kept = refused
    forms = case_forms(report, assignable_members(report), refused={failed: kept.fields})
    typed_elsewhere: list[FlaskForm] = []
    if failed == "close":  # sent from its own page after the case had closed in another tab
        forms[failed] = CloseForm(formdata=kept.fields)
    elif failed not in forms:  # a possible match's
        forms[failed] = PossibleMatchForm(prefix=failed, formdata=kept.fields)
        # Sent from a page of its own (side by side, split, reopen) after another tab or member
        # changed the judgement: the reason typed there comes back with the refusal, to copy.
        typed_elsewhere = [
            form(formdata=kept.fields)
            for form in (ConfirmJudgementForm, SplitForm, ReopenJudgementForm)
        ]
    kept.restore(forms[failed])
    return render_case(report, forms, failed, kept.action_error, typed_elsewhere)


def _act(
    reference: str,
    name: str,
    operation: Callable[[Report, Member, Any], object],
    done: str | Callable[[Any], str],
    anchor: str,
    sent_text: Callable[[Any], str] | None = None,
) -> BaseResponse:
    """Validate the submitted form, run the operation, commit, and go back to the case.

    A mistake, or the operation's refusal, goes back to the case too, where the form is shown
    with its errors and everything that was typed (``redisplay``). With ``sent_text`` (what a
    message or note form sends), the text this session last sent from that form is not sent
    again (``sessions.first_sending``).
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
        return redisplay.refuse(place, form, _refused_at(report, name))
    text = sent_text(form) if sent_text is not None else None
    if text is not None and sent_before(place, text):
        return _not_sent_again(place, name, back)
    try:
        operation(report, signed_in_member(), form)
    except checks.CaseworkError as error:
        db.session.rollback()
        return redisplay.refuse(place, form, _refused_at(report, name), str(error))
    # After the action, not before: see ``first_sending``. Sent at once from another tab, the
    # text is then already recorded, and this sending is undone.
    if text is not None and not first_sending(place, text):
        db.session.rollback()
        return _not_sent_again(place, name, back)
    redisplay.accepted(place)
    db.session.commit()
    flash(done if isinstance(done, str) else done(form))  # ``done`` may depend on what was sent
    if name == "conflict":  # the member may no longer open this case
        return redirect(url_for("team.queue"))
    return redirect(back)


def _not_sent_again(place: str, name: str, back: str) -> BaseResponse:
    redisplay.accepted(place)
    db.session.commit()
    flash(NOT_SENT_AGAIN[name], "important")
    return redirect(back)


# Back and send again, or a double click: said plainly, and how to send it again if meant.
NOT_SENT_AGAIN = {
    "message": "You had just sent this message, so it was not sent to the reporter a second "
    "time. To send it again, change its wording.",
    "note": "You had just added this note, so it was not added a second time.",
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


@team.post("/cases/<reference>/assign")
@roles_required("lead")
def assign(reference: str) -> BaseResponse:
    return _act(
        reference,
        "assign",
        lambda r, m, f: assignment.assign(r, m, int(f.assignee.data or 0), f.assignee_seen.data),
        "Case assigned.",
        "actions",
    )


@team.post("/cases/<reference>/stage")
@roles_required(*CASE_ROLES)
def move_stage(reference: str) -> BaseResponse:
    return _act(
        reference,
        "stage",
        lambda r, m, f: stages.move_stage(r, m, f.stage.data, f.stage_seen.data),
        "Stage changed.",
        "actions",
    )


@team.post("/cases/<reference>/assessment")
@roles_required(*CASE_ROLES)
def assessment(reference: str) -> BaseResponse:
    def save(report: Report, member: Member, form: Any) -> None:
        record_assessment(
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

    return _act(reference, "assessment", save, "Assessment saved.", "assessment")


@team.post("/cases/<reference>/outcome")
@roles_required(*CASE_ROLES)
def outcome(reference: str) -> BaseResponse:
    return _act(
        reference,
        "outcome",
        lambda r, m, f: record_outcome(
            r, m, f.outcome.data, f.outcome_reason.data or "", f.outcome_seen.data
        ),
        "Outcome recorded. The reporter can see that a decision was made.",
        "actions",
    )


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
        lambda f: (
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


def content_disposition(filename: str) -> str:
    """``attachment`` with a safe ASCII ``filename`` and the exact name as RFC 5987 ``filename*``.

    Path separators and control characters are dropped so a crafted name cannot escape the
    download folder or break the header.
    """
    name = "".join(ch for ch in filename if ch.isprintable() and ch not in "/\\").strip()
    name = name or "attachment"
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._() -]", "_", fallback).strip(" .") or "attachment"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@team.get("/cases/<reference>/attachments/<uid>")
@roles_required(*CASE_ROLES)
def attachment(reference: str, uid: str) -> Response:
    report = case_or_abort(reference)
    found = db.session.scalars(
        select(Attachment).where(Attachment.uid == uid, Attachment.report_id == report.id)
    ).first()
    if found is None:
        abort(404)
    try:
        meta, data = reading.open_attachment(report, found, signed_in_member(), unlocked_keys())
    except SealError:
        abort(403)  # this session holds no key that opens it
    db.session.commit()
    media_type = str(meta.get("media_type", "")).lower()
    response = Response(
        data, mimetype=media_type if _MEDIA_TYPE.match(media_type) else "application/octet-stream"
    )
    response.headers["Content-Disposition"] = content_disposition(str(meta.get("filename", "")))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
