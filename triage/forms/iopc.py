"""The lead's form on the case page to confirm or reject an IOPC referral triage flagged."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import Field, RadioField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length

from triage.casework import vocabulary

MAX_REASON = 10_000
CHOOSE = "Select whether the referral to the IOPC is confirmed or not needed"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _known_decision(form: FlaskForm, field: Field) -> None:
    # One clear message for a missing and a forged value alike (WTForms' own says "Not a valid
    # choice", which tells a lead nothing).
    if field.data not in vocabulary.IOPC_DECISIONS:
        raise ValidationError(CHOOSE)


class IopcDecisionForm(FlaskForm):
    iopc_decision = RadioField(
        "Is this a mandatory referral to the IOPC?",
        choices=list(vocabulary.IOPC_DECISIONS.items()),
        validate_choice=False,
        validators=[_known_decision],
        widget=GovRadioInput(),
    )
    iopc_reason = TextAreaField(
        "Reason for your decision",
        validators=[
            DataRequired(message="Give the reason for your decision"),
            Length(max=MAX_REASON, message=f"Keep it under {MAX_REASON:,} characters"),
        ],
        filters=[_strip],
        widget=GovCharacterCount(),
    )
    decide_iopc = SubmitField("Record the decision", widget=GovSubmitInput())
