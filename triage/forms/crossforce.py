"""Forms for referral between forces: ask to share (a button), and answer a request."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import Field, HiddenField, RadioField, SubmitField, TextAreaField, ValidationError

from intake.forms.character_count import CharacterCount
from intake.forms.choice_widgets import GovRadioInput
from intake.forms.written import LONG_ANSWER
from triage.forms import TeamForm, at_most

DECISIONS = {
    "accept": "Share the narrative and this person's details with them",
    "decline": "Decline",
}
CHOOSE = "Select whether to share or decline"
GIVE_REASON = "Give the reason for declining"
# The reason offered, already written, for declining a request for a report whose reporter
# asked that it not be shared (``report.no_sharing``): the lead may change it before sending.
NO_SHARING_REASON = "The reporter asked that their report not be shared with another force."


class AskForm(TeamForm):
    ask = SubmitField("Ask their lead to share", widget=GovSubmitInput())


def _known_decision(form: TeamForm, field: Field) -> None:
    if field.data not in DECISIONS:
        raise ValidationError(CHOOSE)


def _reason_when_declining(form: TeamForm, field: Field) -> None:
    if form.decision.data == "decline" and not (field.data or "").strip():
        raise ValidationError(GIVE_REASON)


def _reason(default: str | None = None) -> TextAreaField:
    return TextAreaField(
        "Reason (needed when declining; the other force's team reads it)",
        default=default,
        validators=[
            _reason_when_declining,
            at_most(2_000, "The reason"),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )


class DecisionForm(TeamForm):
    decision = RadioField(
        "Do you want to share?",
        choices=list(DECISIONS.items()),
        validate_choice=False,
        validators=[_known_decision],
        widget=GovRadioInput(),
    )
    reason = _reason()
    answer = SubmitField("Send answer", widget=GovSubmitInput())


class DeclineForm(DecisionForm):
    """The answer to a request for a report whose reporter asked that it not be shared: declining
    is the only one, so no choice is offered and the reason is written already."""

    decision = HiddenField(default="decline", validators=[_known_decision])
    reason = _reason(NO_SHARING_REASON)
    answer = SubmitField("Decline the request", widget=GovSubmitInput())
