"""Forms on the case page, one per action. Every form carries a CSRF token.

Field names are distinct across forms (``note_body``, ``message_body``...) because they share one
page, and the error summary links to fields by id. Choices come from ``triage.casework.vocabulary``
so only
codes are ever stored. ``case_forms`` builds the whole set: blank (or filled from the case) for
display, and the one just submitted from the request (or refused earlier and kept), so a mistake
loses nothing typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from intake.db import db
from intake.forms.character_count import CharacterCount
from intake.forms.choice_widgets import GovCheckboxesInput, GovCheckboxInput, GovRadioInput
from intake.forms.written import LONG_ANSWER
from intake.models import Report
from intake.vocabulary import STAGES
from triage.casework import iopc, vocabulary
from triage.casework.assessment import IOPC_IS_A_LEADS, assessment_seen
from triage.casework.closing import reopenings_seen
from triage.casework.iopc import referral_seen
from triage.casework.outcome import TELL_THE_REPORTER, TOO_SHORT_TO_TELL, reporter_to_tell
from triage.casework.protection import current_protection_id
from triage.casework.stages import MOVABLE_STAGES, stages_to_move_to, standard_acknowledgement
from triage.casework.writing import TOO_SHORT_FOR_AN_UPDATE, too_short_for_an_update
from triage.forms import TeamForm, at_most
from triage.forms.iopc import IopcDecisionForm, IopcReferralForm
from triage.models import IopcReferral, Member

MAX_TEXT = 10_000


class MultiCheckboxField(SelectMultipleField):
    widget = GovCheckboxesInput()


def text_field(label: str, required: str | None = None, called: str | None = None) -> TextAreaField:
    """A team text box; ``called`` is what its errors call it when the label is a question."""
    # DataRequired after the filters, so a message of only spaces or zero-width characters is
    # refused like an empty one.
    validators = [DataRequired(message=required)] if required else [Optional()]
    return TextAreaField(
        label,
        validators=[*validators, at_most(MAX_TEXT, called or label)],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )


class AcknowledgeForm(TeamForm):
    acknowledgement = text_field("Acknowledgement to the reporter", "Write the acknowledgement")
    acknowledge = SubmitField("Acknowledge and send the message", widget=GovSubmitInput())


class AssignToMeForm(TeamForm):
    assign_to_me = SubmitField("Assign to me", widget=GovSubmitInput())


class AssignForm(TeamForm):
    assignee_seen = HiddenField()  # the assignee as the page showed it ("" for nobody)
    assignee = SelectField(
        "Assign to",
        widget=GovSelect(),
        validators=[InputRequired(message="Select who to assign the case to")],
    )
    assign = SubmitField("Assign", widget=GovSubmitInput())


class StageForm(TeamForm):
    stage_seen = HiddenField()  # the stage as the page showed it
    stage = RadioField(
        "Move the case to",
        choices=[(s, STAGES[s][0]) for s in MOVABLE_STAGES],
        validators=[InputRequired(message="Select a stage")],
        widget=GovRadioInput(),
    )
    move = SubmitField("Move the case", widget=GovSubmitInput())


class AssessmentForm(TeamForm):
    assessment_seen = HiddenField()  # ``casework.assessment_seen`` as the page showed it
    subject_type = RadioField(
        "Who is the subject?",
        choices=list(vocabulary.SUBJECT_TYPES.items()),
        validators=[InputRequired(message="Select who the subject is")],
        widget=GovRadioInput(),
    )
    severity = RadioField(
        "Severity assessment",
        choices=list(vocabulary.SEVERITIES.items()),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    case_decision = RadioField(
        "Case to answer decision",
        choices=list(vocabulary.CASE_DECISIONS.items()),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    warning_in_force = RadioField(
        "Warning in force on the date of the severity assessment",
        choices=[("", "None"), *vocabulary.WARNINGS_IN_FORCE.items()],
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    # Not the IOPC referral: that is a lead's decision, recorded on its own (``casework.iopc``).
    # Choices are checked by ``validate_referrals``, so a page from before that (with its IOPC
    # box ticked) is told why, not WTForms' "not a valid choice".
    referrals = MultiCheckboxField(
        "Referrals",
        choices=list(vocabulary.ASSESSMENT_REFERRALS.items()),
        validators=[Optional()],
        validate_choice=False,
    )
    standards = MultiCheckboxField(
        "Standards of Professional Behaviour concerned",
        choices=list(vocabulary.STANDARDS.items()),
        validators=[Optional()],
    )
    subject_ethnicity = SelectField(
        "Subject's ethnic group (optional)",
        choices=[("", "Not recorded"), *vocabulary.ETHNIC_GROUPS.items()],
        validators=[Optional()],
        widget=GovSelect(),
    )
    save_assessment = SubmitField("Save assessment", widget=GovSubmitInput())

    def validate_referrals(self, field: Field) -> None:
        if "iopc" in (field.data or []):
            raise ValidationError(IOPC_IS_A_LEADS)  # ``record_assessment`` refuses it too
        if not set(field.data or []) <= set(vocabulary.ASSESSMENT_REFERRALS):
            raise ValidationError("Choose from the referrals given")


class OutcomeForm(TeamForm):
    # Only the outcomes that fit are offered; one that does not is refused by the operation,
    # which says why (the subject, or the case decision to change first) instead of WTForms'
    # "Not a valid choice".
    outcome_seen = HiddenField()  # the outcome as the page showed it ("" for none)
    outcome = SelectField(
        "Outcome",
        widget=GovSelect(),
        validators=[InputRequired(message="Select the outcome")],
        validate_choice=False,
    )
    outcome_reason = text_field("Reason for the outcome", "Give the reason for the outcome")
    # Required only when there is someone to tell (``tell``, from ``outcome.reporter_to_tell``:
    # a report with no reporter's key has nobody), so not ``text_field``'s ``Optional``,
    # which would stop ``validate_outcome_message`` before it asks. The operation refuses it too.
    outcome_message = TextAreaField(
        "What to tell the reporter",
        validators=[at_most(MAX_TEXT, "What to tell the reporter")],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    record_outcome = SubmitField("Record outcome", widget=GovSubmitInput())
    tell = True  # set by ``case_forms`` for the case

    def validate_outcome_message(self, field: Field) -> None:
        # Said at the box, with every other field missing, not one at a time from the operation.
        if not self.tell:
            return
        if not (field.data or "").strip():
            raise ValidationError(TELL_THE_REPORTER)
        if too_short_for_an_update(field.data or ""):
            raise ValidationError(TOO_SHORT_TO_TELL)

    def set_choices(
        self, subject_type: str | None, case_decision: str | None, warning: str | None
    ) -> None:
        self.outcome.choices = [
            ("", "Select an outcome"),
            *vocabulary.outcomes_for(subject_type, case_decision, warning).items(),
        ]


class CloseForm(TeamForm):
    """On its own confirmation page, not on the case page."""

    close_seen = HiddenField()  # ``casework.reopenings_seen`` as the page showed it
    close_reason = text_field(
        "Why are you closing the case?", "Give the reason for closing the case", "The reason"
    )
    close = SubmitField("Close the case", widget=GovSubmitInput())


class ReopenForm(TeamForm):
    reopen_seen = HiddenField()  # ``casework.reopenings_seen`` as the page showed it
    reopen_reason = text_field("Reason for reopening", "Give the reason for reopening the case")
    reopen = SubmitField("Reopen the case", widget=GovSubmitInput())


class NoteForm(TeamForm):
    note_body = text_field("Internal note", "Write the note")
    management_action = BooleanField(
        "This note records management action", widget=GovCheckboxInput()
    )
    add_note = SubmitField("Add note", widget=GovSubmitInput())


class MessageForm(TeamForm):
    message_body = text_field("Message to the reporter", "Write the message")
    progress_update = BooleanField(
        "This message is an update on progress", widget=GovCheckboxInput()
    )
    send_message = SubmitField("Send message", widget=GovSubmitInput())

    def validate_message_body(self, field: Field) -> None:
        # Said at the box, where the words are wanting (``message_reporter`` refuses it too).
        if self.progress_update.data and too_short_for_an_update(field.data or ""):
            raise ValidationError(TOO_SHORT_FOR_AN_UPDATE)


class ConflictForm(TeamForm):
    confirm_conflict = BooleanField(
        "I have a conflict of interest in this case",
        widget=GovCheckboxInput(),
        validators=[InputRequired(message="Confirm that you have a conflict of interest")],
    )
    declare = SubmitField("Declare a conflict and step away", widget=GovSubmitInput())


class ProtectionForm(TeamForm):
    protection_seen = HiddenField()  # the record in force as the page showed it ("" for none)
    level = RadioField(
        "Risk of retaliation",
        choices=list(vocabulary.RISK_LEVELS.items()),
        validators=[InputRequired(message="Select the risk of retaliation")],
        widget=GovRadioInput(),
    )
    protection_note = text_field(
        "Why you assessed the risk this way", "Explain the risk", "Your reasons"
    )
    measures = text_field("Protective measures (optional)", called="Protective measures")
    record_protection = SubmitField("Record risk and measures", widget=GovSubmitInput())


class EndProtectionForm(TeamForm):
    """On its own confirmation page, not on the case page: one tap must not end a reporter's
    protection. (A report's content is never destroyed while its measures are open, so the
    reason can always be sealed.)"""

    end_reason = text_field(
        "Why are these protective measures ending?",
        "Give the reason for ending the protective measures",
        "The reason",
    )
    end_protection = SubmitField("End these protective measures", widget=GovSubmitInput())


FORMS: dict[str, type[TeamForm]] = {
    "acknowledge": AcknowledgeForm,
    "assign_to_me": AssignToMeForm,
    "assign": AssignForm,
    "stage": StageForm,
    "assessment": AssessmentForm,
    "outcome": OutcomeForm,
    "reopen": ReopenForm,
    "note": NoteForm,
    "message": MessageForm,
    "conflict": ConflictForm,
    "protection": ProtectionForm,
    "iopc": IopcDecisionForm,
    "iopc_referral": IopcReferralForm,
}


def unsent_boxes(sent: str, report: Report) -> dict[str, str]:
    """The text boxes of the case page's forms other than ``sent``, each with what it shows
    before anything is typed: what a form sent from the page may carry of theirs, when typed in
    and not sent (``triage.views.redisplay.carry``)."""
    shown = _text_shown(report)
    return {
        field: shown.get(field, "")
        for name, form_class in FORMS.items()
        if name != sent
        for field, unbound in vars(form_class).items()
        if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, TextAreaField)
    }


def _text_shown(report: Report) -> dict[str, str]:
    """What a text box shows before anything is typed, when not empty (``_as_saved``): the
    acknowledgement starts as the standard one for this report (``stages.acknowledge``)."""
    return {"acknowledgement": standard_acknowledgement(report)}


def show_case_as_it_is(forms: dict[str, TeamForm], report: Report) -> None:
    """Fill each form's hidden "as the page saw it" field from the case as it is now, so an
    action posted from a page someone else has overtaken is refused (``casework.changed_since``)
    and the page shown with that refusal can be acted on."""
    seen = {
        ("assign", "assignee_seen"): report.assignee_id,
        ("stage", "stage_seen"): report.stage,
        ("outcome", "outcome_seen"): report.outcome,
        ("assessment", "assessment_seen"): assessment_seen(report),
        ("protection", "protection_seen"): current_protection_id(report),
        ("iopc_referral", "referral_seen"): referral_seen(report),
        ("reopen", "reopen_seen"): reopenings_seen(report),
    }
    for (form, field), value in seen.items():
        getattr(forms[form], field).data = "" if value is None else str(value)
    # Shown, the stage form offers only a move the case can take: the stage it is at is no
    # choice, nor one always refused. (A move to its stage from a page shown before, a double
    # click say, is still accepted as done.)
    stage = forms["stage"].stage
    movable = stages_to_move_to(report)
    stage.choices = [(value, label) for value, label in stage.choices if value in movable]


def _as_saved(name: str, report: Report) -> dict[str, object]:
    """What the form ``name`` shows of the case before anything is typed into it."""
    if name == "iopc_referral":
        referral = db.session.get(IopcReferral, report.id)
        if referral is not None:  # to bring up to date; the sealed reference stays unshown
            return {
                "referred_on": referral.referred_on,
                "iopc_mode": referral.mode or "",
                "returned_on": referral.returned_on,
            }
    if name == "assign" and report.assignee_id is not None:
        # Whoever has the case is shown chosen, not "Select a member" (kept for an unassigned
        # one): a lead reassigning sees who they take it from.
        return {"assignee": str(report.assignee_id)}
    if name == "acknowledge":
        return {"acknowledgement": _text_shown(report)["acknowledgement"]}
    if name == "assessment":
        return {
            "subject_type": report.subject_type,
            "severity": report.severity,
            "case_decision": report.case_decision,
            "warning_in_force": report.warning_in_force or "",
            "referrals": [
                code
                for code in vocabulary.split_codes(report.referrals)
                if code in vocabulary.ASSESSMENT_REFERRALS
            ],
            "standards": vocabulary.split_codes(report.standards),
            "subject_ethnicity": report.subject_ethnicity or "",
        }
    return {}


def case_forms(
    report: Report,
    assignees: list[Member],
    submitted: str | None = None,
    refused: Mapping[str, MultiDict[str, str]] | None = None,
) -> dict[str, TeamForm]:
    """Every form on the case page; only ``submitted`` reads the posted data, and each form in
    ``refused`` the fields it was refused with earlier (``triage.views.redisplay``).

    The others are built with ``formdata=None`` on purpose: Flask-WTF would otherwise fill them
    from whatever was posted, blanking the assessment already saved on the case.
    """
    refused = refused or {}
    forms: dict[str, TeamForm] = {}
    for name, form_class in FORMS.items():
        if name == submitted:
            forms[name] = form_class()
        elif name in refused:
            forms[name] = form_class(formdata=refused[name])
        else:
            forms[name] = form_class(formdata=None, data=_as_saved(name, report))
    assign = forms["assign"]
    assert isinstance(assign, AssignForm)
    assign.assignee.choices = [("", "Select a member"), *((str(m.id), m.name) for m in assignees)]
    outcome = forms["outcome"]
    assert isinstance(outcome, OutcomeForm)
    outcome.set_choices(report.subject_type, report.case_decision, report.warning_in_force)
    outcome.tell = reporter_to_tell(report)
    # Marked required as the other two are, so a screen reader says so, only when it is.
    outcome.outcome_message.flags.required = outcome.tell
    decision = forms["iopc"]
    assert isinstance(decision, IopcDecisionForm)
    decision.iopc_decision.choices = list(iopc.decisions_open(report).items())
    referral = forms["iopc_referral"]
    assert isinstance(referral, IopcReferralForm)
    referral.for_case(report)
    return forms
