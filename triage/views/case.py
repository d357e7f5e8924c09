"""The case page: read a report, with its timeline, clocks, notes, messages, possible matches and
the forms to work it; at the address a refused form redirected to, that form as it was sent.

The page checks who may open it first (``triage.views.case_access``); the forms post to
``triage.views.case_actions``, and attachments download from ``triage.views.case_attachment``.
Opening the case writes its audit entry (``triage.casework.reading``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import render_template
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from intake.db import db
from intake.models import Report
from intake.vocabulary import AFFECTED, CATEGORIES, STAGES
from triage.casework import closing, crossforce, iopc, outcome, reading, vocabulary
from triage.casework.assessment import decision_hint
from triage.casework.clocks import (
    CASEY_BASELINE_DAYS,
    case_clocks,
    days_open,
    iopc_decision_due,
    iopc_decision_overdue,
    iopc_referral_clock,
    reopened_update_clock,
)
from triage.casework.queries import assignable_members, member_names
from triage.forms import TeamForm
from triage.forms.case import CloseForm, case_forms, show_case_as_it_is
from triage.forms.crossforce import AskForm
from triage.forms.possible import (
    ConfirmJudgementForm,
    PossibleMatchForm,
    ReopenJudgementForm,
    SplitForm,
    form_name,
    possible_form,
)
from triage.matching import judged_apart, possible, proposals
from triage.matching.notices import notices_of_report
from triage.matching.on_arrival import named_people
from triage.matching.reasons import roster_fit
from triage.matching.related import related_subjects
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import roster_people_of
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import redisplay, team
from triage.views.case_access import CASE_ROLES, cannot_read, case_or_abort, signed_in_member
from triage.views.case_error_target import error_target, overtaken


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
        people_named=proposals.people_of(report),
        crossforce=notices_of_report(db.session, report.id),
        referrals=crossforce.referrals_of(report, unlocked_keys()),
        cannot_ask=crossforce.cannot_be_asked_for(report) if member.is_lead else {},
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
        decision_hint=decision_hint(report, member),
        outcome_set_aside=report.outcome_set_aside,
        outcome_before_reopening=outcome.before_reopening(report),
        reporter_to_tell=outcome.reporter_to_tell(report),
        acknowledge_first=outcome.acknowledge_first(report),
        iopc_pending=iopc.iopc_decision_owed(report),
        # When a lead must decide on the flag by (``clocks.iopc_decision_due``), as the queue says.
        iopc_decision_due=iopc_decision_due(report.clocks_from),
        iopc_decision_overdue=iopc_decision_overdue(report.clocks_from, today),
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
    if failed == redisplay.UNSENT:  # a form accepted, carrying what other boxes held unsent
        forms = case_forms(report, assignable_members(report))
        _fill_unsent(forms, redisplay.carried_text(kept.fields))
        return render_case(report, forms)
    forms = case_forms(report, assignable_members(report), refused={failed: kept.fields})
    _fill_unsent(
        {n: f for n, f in forms.items() if n != failed}, redisplay.carried_text(kept.fields)
    )
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


def _fill_unsent(forms: dict[str, TeamForm], typed: dict[str, str]) -> None:
    """Each of ``forms``' text boxes in ``typed`` (what a form sent from the page carried of
    theirs, unsent: ``redisplay.carry``) shows what was typed there again."""
    for form in forms.values():
        for field in form:
            if isinstance(field, TextAreaField) and field.name in typed:
                field.data = typed[field.name]
