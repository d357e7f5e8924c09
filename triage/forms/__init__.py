"""WTForms forms of the team side, one module per journey. Every form that changes anything
carries a CSRF token, through ``TeamForm``."""

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectField, SubmitField, ValidationError
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import StopValidation

from intake.forms.character_count import CountedLength, counted

# Flask-WTF refuses a stale token in its own words ("The CSRF token is missing.", "The CSRF
# tokens do not match."), which mean nothing to a caseworker. A token goes stale when the page was
# open across a sign-out, a new sign-in in another tab or the session's end: what they need to
# know is that nothing happened and that sending again (the page is shown with a fresh token)
# will work.
EXPIRED = "This page had expired, so nothing was changed. Try again."


class TeamForm(FlaskForm):
    """A team form: ``FlaskForm`` with its CSRF refusal in words a caseworker can act on, and
    its CSRF token and buttons rendered without an id."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A page with several forms (the case page, a member's page, the account page) would
        # repeat the id of each one's token ("csrf_token") and of buttons named alike ("submit"),
        # which assistive technology relies on being unique. Neither is the target of a label or
        # of an error summary's link, so neither needs one: WTForms leaves out an id of False.
        for field in self:
            if isinstance(field, SubmitField | CSRFTokenField):
                field.render_kw = {**(field.render_kw or {}), "id": False}

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if self.meta.csrf and self.csrf_token.errors:
            self.csrf_token.errors = [EXPIRED]
        return valid

    def csrf_valid(self) -> bool:
        """Whether the form came from this member's own page, whatever its other fields hold
        (to give back what was typed in a form whose action was overtaken)."""
        return not self.meta.csrf or bool(self.csrf_token.validate(self))


class ListedSelectField(SelectField):
    """A list to choose from; a value not on it (an old bookmark: a member since removed, an
    order renamed) is named in plain words, as ``StagesField`` does, not WTForms' bare "Not a
    valid choice", which the error summary showed without saying which filter it meant."""

    def __init__(self, *args: Any, refused: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused

    def pre_validate(self, form: TeamForm) -> None:
        if self.data not in {code for code, _ in self.choices}:
            raise ValidationError(f"Not a valid choice: {self.refused}")


class _AtMost(CountedLength):
    """``CountedLength`` that ends the field's checks: one error, the one to act on, rather
    than a second about, say, a date that a 300-character box cannot be."""

    def __call__(self, form: Form, field: Field) -> None:
        typed = field.raw_data[0] if field.raw_data else field.data
        if isinstance(typed, str) and counted(typed) > self.max:
            raise StopValidation(self.message)


def at_most(limit: int, called: str) -> CountedLength:
    """A team field's length check: at most ``limit`` characters, as its character count counts
    them, refused in GOV.UK's words naming the field ("Reason must be 2,000 characters or
    fewer"), never WTForms' "Field cannot be longer than 2000 characters", which names nothing.
    ``called`` is the field as its errors name it: its label, or "The reason" when the label is
    a question. Put it after any required check, before the field's other checks."""
    return _AtMost(max=limit, message=f"{called} must be {limit:,} characters or fewer")
