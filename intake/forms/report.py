"""Forms of the make-a-report journey, one per page. Every form carries a CSRF token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional

from intake.forms.character_count import CharacterCount, CountedLength
from intake.forms.choice_widgets import GovCheckboxesInput, GovCheckboxInput, GovRadioInput
from intake.forms.written import LONG_ANSWER, SHORT_ANSWER, Written, visible
from intake.vocabulary import (
    AFFECTED,
    CATEGORIES,
    EARLIEST_DAY,
    date_parts,
    parse_day,
    parse_month,
    short_year,
)

MAX_DESCRIPTION = 20_000
MAX_PEOPLE = 5
DAY_FORMAT = "Enter the date as day, month and year, for example 27/3/2025 or 27 March 2025"
MONTH_FORMAT = "Enter the month and year, for example 3/2025 or March 2025"
SHORT_YEAR = "Year must include 4 numbers"


class MultiCheckboxField(SelectMultipleField):
    widget = GovCheckboxesInput()


class WhatHappenedForm(FlaskForm):
    categories = MultiCheckboxField(
        "What kind of behaviour are you reporting?",
        choices=list(CATEGORIES.items()),
        validators=[InputRequired(message="Select at least one kind of behaviour")],
    )
    when = RadioField(
        "When did it happen?",
        choices=[("date", "On a date"), ("month", "In a month"), ("unsure", "I'm not sure")],
        validators=[InputRequired(message="Select when it happened, or “I'm not sure”")],
        widget=GovRadioInput(),
    )
    # Checked only by ``validate_when_date`` and ``validate_when_month``, and only when their
    # option is chosen: a validator of its own (a length, say) would refuse a box the reporter
    # left half-typed before choosing another option.
    when_date = StringField("Date", widget=GovTextInput())
    when_month = StringField("Month and year", widget=GovTextInput())
    where = StringField(
        "Where did it happen? (optional)",
        validators=[
            Optional(),
            Length(max=300, message="Where it happened must be 300 characters or fewer"),
        ],
        filters=SHORT_ANSWER,
        widget=GovTextInput(),
    )
    description = TextAreaField(
        "What happened?",
        validators=[
            InputRequired(message="Tell us what happened"),
            Written("Tell us what happened"),
            CountedLength(
                max=MAX_DESCRIPTION,
                message=f"What happened must be {MAX_DESCRIPTION:,} characters or fewer",
            ),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def unchosen_boxes(self) -> list[StringField]:
        """The date and month boxes of options the reporter did not choose, once they chose one.
        Without JavaScript every box shows, so one may hold a date typed before the reporter
        chose another option: it is no answer, never checked nor kept. With no option chosen
        yet, the boxes are left as typed, for the page that asks for a choice to show them."""
        if not self.when.data:
            return []
        boxes = (("date", self.when_date), ("month", self.when_month))
        return [box for option, box in boxes if option != self.when.data]

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        for box in self.unchosen_boxes():
            box.data = ""
        valid: bool = super().validate(extra_validators)
        return valid

    def validate_when_date(self, field: StringField) -> None:
        if self.when.data == "date":
            if not (field.data or "").strip():
                raise ValidationError("Enter the date it happened")
            if len(field.data or "") > 30:
                raise ValidationError(DAY_FORMAT)
            check_day(field.data or "", date.today())

    def validate_when_month(self, field: StringField) -> None:
        if self.when.data == "month":
            if not (field.data or "").strip():
                raise ValidationError("Enter the month it happened")
            if len(field.data or "") > 30:
                raise ValidationError(MONTH_FORMAT)
            check_month(field.data or "", date.today())


def check_day(text: str, today: date) -> None:
    """Raise the GOV.UK message for what is wrong with a typed day, if anything is."""
    parts = date_parts(text, 3)
    if parts is None:
        if short_year(text, 3):
            raise ValidationError(SHORT_YEAR)
        if date_parts(text, 2) is not None:
            raise ValidationError(
                "Enter the day as well, or if you only know the month, select “In a month”"
            )
        raise ValidationError(DAY_FORMAT)
    if parse_day(text, today) is not None:
        return
    if parse_day(text, date.max) is not None:
        raise ValidationError("The date must be today or in the past")
    if parts[-1] < EARLIEST_DAY.year:
        raise ValidationError(f"The date must be in {EARLIEST_DAY.year} or later")
    raise ValidationError("The date must be a real date")


def check_month(text: str, today: date) -> None:
    """Raise the GOV.UK message for what is wrong with a typed month and year, if anything is."""
    parts = date_parts(text, 2)
    if parts is None:
        raise ValidationError(SHORT_YEAR if short_year(text, 2) else MONTH_FORMAT)
    month = parse_month(text, date.max)
    if month is None:
        if parts[-1] < EARLIEST_DAY.year:
            raise ValidationError(f"The date must be in {EARLIEST_DAY.year} or later")
        raise ValidationError("The month must be a real month, from 1 to 12")
    # parse_month accepts any month of this year, so a later month this year is caught here.
    if month > (today.year, today.month):
        raise ValidationError("The month must be this month or in the past")


def _detail(label: str, what: str, most: int) -> StringField:
    """One optional detail of a person; ``what`` names it in its error message, which
    ``WhoForm`` begins with whose it is ("Person 2’s name must be …")."""
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=most, message=f"{what} must be {most} characters or fewer"),
        ],
        filters=SHORT_ANSWER,
        widget=GovTextInput(),
    )


# A shoulder number is a number, perhaps with letters before or after it, as on the uniform.
COLLAR_FORMAT = (
    "shoulder number must be the number on their uniform, with any letters, like 1234, PC 1234 "
    "or 1234AB"
)
_COLLAR_MARKS = frozenset("-/.")


class PersonForm(Form):
    """One person the reporter names. Every field is optional: people know different things."""

    name = _detail("Name as you know it", "name", 120)
    collar_number = _detail("Shoulder (collar) number", "shoulder number", 20)
    warrant_number = _detail("Warrant number", "warrant number", 20)
    rank = _detail("Rank or role", "rank or role", 60)
    unit = _detail("Unit or team", "unit or team", 120)

    def is_blank(self) -> bool:
        return not any(visible(f.data) for f in self)

    def validate_collar_number(self, field: StringField) -> None:
        # Lenient to the ways people write one ("PC 1234", "1234-AB", "P.S. 1234"): matching
        # reads any of them (``triage.matching.names.collar_number``, which drops everything but
        # letters and numbers). Only what cannot be one is refused: "!!!!@@@@####".
        text = field.data or ""
        if not text:
            return
        if not any(c.isdigit() for c in text) or any(
            not (c.isalnum() or c.isspace() or c in _COLLAR_MARKS) for c in text
        ):
            raise ValidationError(COLLAR_FORMAT)


class WhoForm(FlaskForm):
    people = FieldList(FormField(PersonForm), min_entries=1, max_entries=MAX_PEOPLE)
    unknown = BooleanField("I don't know who it was", widget=GovCheckboxInput())
    add_person = SubmitField("Add another person", widget=GovSubmitInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def adds_to_a_blank_person(self) -> bool:
        """Whether "Add another person" was pressed with the last person's boxes all blank."""
        return bool(self.add_person.data) and self.people[-1].form.is_blank()

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)
        self._say_whose_errors()
        if not self.adds_to_a_blank_person():
            return valid
        # Said at the blank person's first box: adding another beside it would look like
        # nothing happened.
        number = len(self.people)
        self.people[-1].form.name.errors = [
            f"Enter something about person {number} before adding another"
        ]
        self.people.errors = [person.errors for person in self.people]
        return False

    def _say_whose_errors(self) -> None:
        """Begin each person's errors with whose they are: the error summary lists everyone's
        together, and GOV.UK has its messages read the same there as at the field."""
        for number, person in enumerate(self.people, start=1):
            for field in person.form:
                field.errors = [f"Person {number}’s {error}" for error in field.errors]
        self.people.errors = [person.errors for person in self.people]

    def validate_unknown(self, field: BooleanField) -> None:
        named = [p for p in self.people if not p.form.is_blank()]
        if not field.data and not named and not self.add_person.data:
            raise ValidationError(
                f"Tell us about at least one person, or select “{self.unknown.label.text}”"
            )


class AffectedForm(FlaskForm):
    affected = MultiCheckboxField(
        "Who was affected?",
        choices=list(AFFECTED.items()),
        validators=[InputRequired(message="Select who was affected")],
    )
    witnesses = TextAreaField(
        "Witnesses (optional)",
        validators=[
            Optional(),
            CountedLength(max=2000, message="Witnesses must be 2,000 characters or fewer"),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class EvidenceForm(FlaskForm):
    file = FileField("Upload a file", widget=GovFileInput())
    keep_original = BooleanField(
        "Keep the original file, including its hidden details", widget=GovCheckboxInput()
    )
    upload = SubmitField("Upload file", widget=GovSubmitInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class RemoveFileForm(FlaskForm):
    remove = SubmitField("Remove", widget=GovSubmitInput())


class TogetherForm(FlaskForm):
    together = RadioField(
        "When should the team act on your report?",
        choices=[
            ("now", "Act on my report now"),
            ("together", "Only if someone else independently names the same person"),
        ],
        validators=[InputRequired(message="Select when the team should act on your report")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ShareForm(FlaskForm):
    share = RadioField(
        "Can the team share your report with another police force?",
        choices=[
            ("yes", "Yes, if someone I name may have been reported there too"),
            ("no", "No, keep it with this force’s independent team"),
        ],
        validators=[
            InputRequired(
                message="Select whether the team can share your report with another force"
            )
        ],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SubmitReportForm(FlaskForm):
    # One token per draft, so a repeated or raced send of the same form is recognised as one.
    send_token = HiddenField(validators=[Length(max=64)])
    submit = SubmitField("Send report", widget=GovSubmitInput())


class ReceiptDownloadForm(FlaskForm):
    receipt = StringField(validators=[InputRequired(), Length(max=40)])
    download = SubmitField("Download your receipt as a text file", widget=GovSubmitInput())


class DeleteUnsentForm(FlaskForm):
    """On the start page, when this browser holds a report started and not sent: on a shared
    device it may be someone else's, so Start now no longer opens it without a word."""

    delete = SubmitField("Delete it and start a new report", widget=GovSubmitInput())
