"""The lead's forms on the case page: confirm or reject an IOPC referral triage flagged, then
record the referral itself."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DateField,
    Field,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from intake.forms.character_count import (
    CharacterCount,
    CountedLength,
    one_character_per_line_break,
)
from intake.forms.written import trimmed
from triage.casework import vocabulary
from triage.forms import TeamForm

MAX_REASON = 10_000
CHOOSE = "Select whether the referral to the IOPC is confirmed or not needed"


def _known_decision(form: TeamForm, field: Field) -> None:
    # One clear message for a missing and a forged value alike (WTForms' own says "Not a valid
    # choice", which tells a lead nothing).
    if field.data not in vocabulary.IOPC_DECISIONS:
        raise ValidationError(CHOOSE)


class IopcDecisionForm(TeamForm):
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
            CountedLength(max=MAX_REASON, message=f"Enter no more than {MAX_REASON:,} characters"),
        ],
        filters=[one_character_per_line_break, trimmed],
        widget=CharacterCount(),
    )
    decide_iopc = SubmitField("Record the decision", widget=GovSubmitInput())


class DayField(DateField):
    """A GOV.UK date input: day, month and year boxes posted under one name. A forged post with
    boxes missing or extra counts as empty, so the page can always show the three boxes again."""

    def __init__(self, label: str, **kwargs: object) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if len(valuelist) != 3:
            valuelist = ["", "", ""]
        self.raw_data = valuelist
        if not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata([" ".join(part.strip() for part in valuelist)])
        except ValueError as error:
            named = self.label.text.removesuffix(" (optional)")  # an error names no "(optional)"
            raise ValueError(f"{named} must be a real date") from error


class IopcReferralForm(TeamForm):
    """A lead records the referral once it is made, and comes back with the IOPC's decisions."""

    referred_on = DayField(
        "Date referred to the IOPC",
        validators=[InputRequired(message="Enter the date the referral was made")],
    )
    iopc_reference = StringField(
        "IOPC reference (optional)",
        validators=[Optional(), Length(max=60, message="Keep the reference under 60 characters")],
        filters=[trimmed],
        widget=GovTextInput(),
    )
    iopc_mode = RadioField(
        "The IOPC's decision on the mode of investigation",
        choices=[("", "Not decided yet"), *vocabulary.IOPC_MODES.items()],
        default="",
        validate_choice=True,
        widget=GovRadioInput(),
    )
    returned_on = DayField(
        "Date the IOPC returned the matter to the force (optional)", validators=[Optional()]
    )
    referral_seen = HiddenField()  # ``iopc.referral_seen`` as the page showed it
    record_referral = SubmitField("Save the referral record", widget=GovSubmitInput())
