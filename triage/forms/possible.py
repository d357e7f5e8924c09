"""The form on the case page to judge a possible match: the same person or not."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import Field, HiddenField, RadioField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length

from intake.forms.character_count import CharacterCount
from triage.matching.possible import JUDGEMENTS

CHOOSE = "Select whether it is the same person"
DIFFERENT_REASON_MISSING = "Give the reason they are different people"
TOO_LONG = "The reason must be 10,000 characters or fewer"


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
    # "yes" once the member has seen both reports side by side: only then does "same" merge.
    confirmed = HiddenField()
    judge = SubmitField("Save judgement", widget=GovSubmitInput())
    # Asked on the side-by-side page before "different people" is kept: the judgement stops
    # triage ever linking the two, so it is no more unexplained than undoing one is.
    different_reason = TextAreaField(
        "Why are they different people?",
        validators=[Length(max=10_000, message=TOO_LONG)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        widget=CharacterCount(),
    )


def _reason(label: str, missing: str) -> TextAreaField:
    """A lead's required reason for undoing a judgement, kept as a sealed note."""
    return TextAreaField(
        label,
        validators=[DataRequired(message=missing), Length(max=10_000, message=TOO_LONG)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        widget=CharacterCount(),
    )


class SplitForm(FlaskForm):
    split_reason = _reason(
        "Why are they not the same person?", "Give the reason for splitting them"
    )
    split = SubmitField("Split them: not the same person", widget=GovSubmitInput())


class ReopenJudgementForm(FlaskForm):
    reopen_reason = _reason(
        "Why should they be judged again?", "Give the reason for reopening the judgement"
    )
    reopen = SubmitField("Reopen the judgement", widget=GovSubmitInput())


def form_name(match_id: int) -> str:
    """The form's name on the case page, also its field prefix, so ids are unique per match."""
    return f"possible-{match_id}"


def possible_form(match_id: int, *, submitted: bool = False) -> PossibleMatchForm:
    """The form for one match: read from the request only when it is the one submitted."""
    kwargs: dict[str, object] = {} if submitted else {"formdata": None}
    return PossibleMatchForm(prefix=form_name(match_id), **kwargs)
