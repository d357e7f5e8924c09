"""The form on the case page to judge a possible match: the same person or not."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import Field, RadioField, SubmitField, ValidationError

from triage.matching.possible import JUDGEMENTS

CHOOSE = "Select whether it is the same person"


def _known_judgement(form: FlaskForm, field: Field) -> None:
    # The same clear message for a missing and a forged value.
    if field.data not in JUDGEMENTS:
        raise ValidationError(CHOOSE)


class PossibleMatchForm(FlaskForm):
    judgement = RadioField(
        "Is this the same person?",
        choices=list(JUDGEMENTS.items()),
        validate_choice=False,
        validators=[_known_judgement],
        widget=GovRadioInput(),
    )
    judge = SubmitField("Save judgement", widget=GovSubmitInput())


def form_name(match_id: int) -> str:
    """The form's name on the case page, also its field prefix, so ids are unique per match."""
    return f"possible-{match_id}"


def possible_form(match_id: int, *, submitted: bool = False) -> PossibleMatchForm:
    """The form for one match: read from the request only when it is the one submitted."""
    kwargs: dict[str, object] = {} if submitted else {"formdata": None}
    return PossibleMatchForm(prefix=form_name(match_id), **kwargs)
