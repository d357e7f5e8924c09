"""The lead's forms on the case page: confirm or reject an IOPC referral triage flagged, then
record the referral itself."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup
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
from wtforms.validators import DataRequired, InputRequired, Optional

from intake.forms.character_count import CharacterCount
from intake.forms.choice_widgets import GovRadioInput
from intake.forms.written import LONG_ANSWER, SHORT_ANSWER
from intake.models import Report
from triage.casework import iopc, vocabulary
from triage.forms import TeamForm, at_most

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
            at_most(MAX_REASON, "The reason"),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    decide_iopc = SubmitField("Record the decision", widget=GovSubmitInput())


class DayField(DateField):
    """A GOV.UK date input: day, month and year boxes posted under one name. A forged post with
    boxes missing or extra counts as empty, so the page can always show the three boxes again."""

    def __init__(self, label: str, **kwargs: object) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)
        # The error summary (``wtforms_errors``) links to a field by its id: a date's is its
        # first box, the day, as the GOV.UK date input asks. The boxes' wrapper keeps the name.
        self.id = f"{self.name}-day"

    def __call__(self, **kwargs: object) -> Markup:
        kwargs.setdefault("id", self.name)
        rendered: Markup = super().__call__(**kwargs)
        return rendered

    def process_formdata(self, valuelist: list[str]) -> None:
        if len(valuelist) != 3:
            valuelist = ["", "", ""]
        self.raw_data = valuelist
        if not "".join(valuelist).strip():
            self.data = None
            return
        named = self.label.text.removesuffix(" (optional)")  # an error names no "(optional)"
        parts = [part.strip() for part in valuelist]
        # The GOV.UK date input's messages: what is missing first, then a short year.
        missing = [
            box for box, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValueError(f"{named} must include a {' and '.join(missing)}")
        if parts[2].isdigit() and len(parts[2]) != 4:
            raise ValueError(f"{named} must include a year with 4 numbers, like 2026")
        try:
            super().process_formdata([" ".join(parts)])
        except ValueError as error:
            raise ValueError(f"{named} must be a real date") from error


class IopcReferralForm(TeamForm):
    """A lead records the referral once it is made, and comes back with the IOPC's decisions.

    Its dates are checked against the case (``for_case``), so a date out of place is an error on
    its own field, in words that name it."""

    referred_on = DayField(
        "Date referred to the IOPC",
        validators=[InputRequired(message="Enter the date the referral was made")],
    )
    iopc_reference = StringField(
        "IOPC reference (optional)",
        validators=[Optional(), at_most(60, "IOPC reference")],
        filters=SHORT_ANSWER,
        widget=GovTextInput(),
    )
    iopc_mode = RadioField(
        "The IOPC's decision on the mode of investigation",
        choices=[("", "Not decided yet"), *vocabulary.IOPC_MODES.items()],
        default="",
        validate_choice=True,
        widget=GovRadioInput(),
    )
    # Not ``Optional()``: that would stop the check that a matter returned has its date.
    returned_on = DayField("Date the IOPC returned the matter to the force (optional)")
    referral_seen = HiddenField()  # ``iopc.referral_seen`` as the page showed it
    record_referral = SubmitField("Save the referral record", widget=GovSubmitInput())

    case: Report | None = None

    def for_case(self, report: Report) -> None:
        """Check the dates sent against ``report`` (when it was received, when the referral was
        confirmed)."""
        self.case = report

    def validate_referred_on(self, field: DayField) -> None:
        if self.case is None or field.errors or field.data is None:
            return
        problem = iopc.referred_on_problem(self.case, field.data, date.today())
        if problem is not None:
            raise ValidationError(problem)

    def validate_returned_on(self, field: DayField) -> None:
        if field.errors:  # not a real date: said already
            return
        referred_on = None if self.referred_on.errors else self.referred_on.data
        problem = iopc.returned_on_problem(
            referred_on, field.data, self.iopc_mode.data or "", date.today()
        )
        if problem is not None:
            raise ValidationError(problem)
