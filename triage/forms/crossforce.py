"""Forms for referral between forces: ask to share (a button), and answer a request."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import Field, RadioField, SubmitField, TextAreaField, ValidationError

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


class AskForm(TeamForm):
    ask = SubmitField("Ask their lead to share", widget=GovSubmitInput())


def _known_decision(form: TeamForm, field: Field) -> None:
    if field.data not in DECISIONS:
        raise ValidationError(CHOOSE)


def _reason_when_declining(form: TeamForm, field: Field) -> None:
    if form.decision.data == "decline" and not (field.data or "").strip():
        raise ValidationError(GIVE_REASON)


class DecisionForm(TeamForm):
    decision = RadioField(
        "Do you want to share?",
        choices=list(DECISIONS.items()),
        validate_choice=False,
        validators=[_known_decision],
        widget=GovRadioInput(),
    )
    reason = TextAreaField(
        "Reason (needed when declining; the other force's team reads it)",
        validators=[
            _reason_when_declining,
            at_most(2_000, "The reason"),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    answer = SubmitField("Send answer", widget=GovSubmitInput())
