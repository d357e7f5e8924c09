"""The forms to judge a possible match, the same person or not (chosen on the case page,
confirmed on a page of its own), and to undo a judgement."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import Field, IntegerField, RadioField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, NumberRange, Optional

from intake.forms.choice_widgets import GovRadioInput
from triage.forms import TeamForm, at_most
from triage.forms.case import text_field
from triage.matching.possible import JUDGEMENTS

CHOOSE = "Select whether it is the same person"
PERSON_NUMBER = "Give the person's number, like 2"


def _known_judgement(form: TeamForm, field: Field) -> None:
    # The same clear message for a missing and a forged value.
    if field.data not in JUDGEMENTS:
        raise ValidationError(CHOOSE)


class PossibleMatchForm(TeamForm):
    judgement = RadioField(
        "Is this the same person?",
        choices=list(JUDGEMENTS.items()),
        validate_choice=False,
        validators=[_known_judgement],
        widget=GovRadioInput(),
    )
    judge = SubmitField("Save judgement", widget=GovSubmitInput())


class ConfirmJudgementForm(TeamForm):
    """The judgement chosen on the case page, confirmed with both reports side by side."""

    # Each judgement needs its reason, required by the view for the judgement confirmed: "same"
    # merges two people's reports into one pattern, "different" stops triage ever linking them,
    # and neither is less in need of explaining than the lead's split that undoes one.
    same_reason = text_field("Why are they the same person?", called="The reason")
    different_reason = text_field("Why are they different people?", called="The reason")


class SplitForm(TeamForm):
    split_reason = text_field(
        "Why are they not the same person?", "Give the reason for splitting them", "The reason"
    )
    split = SubmitField("Split them: not the same person", widget=GovSubmitInput())


class ReopenJudgementForm(TeamForm):
    reopen_reason = text_field(
        "Why should they be judged again?",
        "Give the reason for reopening the judgement",
        "The reason",
    )
    reopen = SubmitField("Reopen the judgement", widget=GovSubmitInput())


def form_name(match_id: int) -> str:
    """The form's name on the case page, also its field prefix, so ids are unique per match."""
    return f"possible-{match_id}"


def possible_form(match_id: int, *, submitted: bool = False) -> PossibleMatchForm:
    """The form for one match: read from the request only when it is the one submitted."""
    kwargs: dict[str, object] = {} if submitted else {"formdata": None}
    return PossibleMatchForm(prefix=form_name(match_id), **kwargs)


class PersonNumberField(IntegerField):
    """A person's number in a case: one that is not a number ("abc") is refused in words a
    member understands, not WTForms' "Not a valid integer value"."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(PERSON_NUMBER) from None


class ProposeSameForm(TeamForm):
    """A member's proposal that a person is someone in another case triage never offered."""

    other_reference = StringField(
        "Case reference of the other report",
        validators=[
            DataRequired("Give the case reference of the other report"),
            at_most(20, "The case reference"),
        ],
        widget=GovTextInput(),  # read as typed by ``normalise_reference`` in ``propose``
    )
    other_person = PersonNumberField(
        "Person number in that case (optional)",
        validators=[Optional(), NumberRange(1, 99, PERSON_NUMBER)],
        widget=GovTextInput(),
    )
    proposal_reason = text_field(
        "Why do you think they are the same person?",
        "Give the reason you think they are the same person",
        "The reason",
    )
    propose = SubmitField("Propose them as a possible match", widget=GovSubmitInput())
