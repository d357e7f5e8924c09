"""Forms of the check-your-report journey, used with a receipt."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from intake.forms.character_count import CharacterCount, CountedLength
from intake.forms.choice_widgets import GovCheckboxInput
from intake.forms.written import LONG_ANSWER, Written
from intake.receipts import normalise

RECEIPT_NOT_FOUND = "We could not find a report with that receipt. Check it and try again."
OTHER_FORCE = " If you reported to another force, check it at that force's Candour address."
RECEIPT_FORMAT = (
    "Enter your receipt in the correct format: 20 letters and numbers in groups of 4, "
    "like ABCD-EFGH-JKMN-PQRS-TVWX"
)
# A receipt typed to confirm replacing it or withdrawing, checked against the session's report
# alone: it says no more than that this is not that report's receipt.
NOT_THIS_RECEIPT = (
    "The receipt you entered is not the receipt for this report. Check it and try again."
)


def _receipt_shape(form: FlaskForm, field: StringField) -> None:
    # Only its shape, which the page's hint already tells; whether it opens a report is found after.
    if not field.errors and normalise(field.data or "") is None:
        raise ValidationError(RECEIPT_FORMAT)


def _receipt_field(label: str) -> StringField:
    return StringField(
        label,
        validators=[
            InputRequired(message="Enter your receipt"),
            Written("Enter your receipt"),
            # Room for the downloaded receipt file's text, pasted whole.
            Length(max=400, message=RECEIPT_FORMAT),
            _receipt_shape,
        ],
        widget=GovTextInput(),
    )


class ReceiptForm(FlaskForm):
    # Plain text, not a password field: without JavaScript there is no "show", and a 20-character
    # code typed blind on a phone goes wrong. The page turns off autocomplete, spellcheck and
    # capitalisation, and shows what was typed back in groups of four.
    receipt = _receipt_field("Your receipt")
    submit = SubmitField("Check your report", widget=GovSubmitInput())


class ReceiptConfirmation(FlaskForm):
    """A form whose action cannot be undone asks for the report's receipt again: a session left
    open on a shared device must not let the next person lock the reporter out (a new receipt),
    withdraw and delete their report, or release a report held until someone else names the
    same person. Checked by ``session_report.confirmed``."""

    receipt = _receipt_field("Enter your receipt to confirm")


class ReplyForm(FlaskForm):
    body = TextAreaField(
        "Your message",
        validators=[
            InputRequired(message="Write your message"),
            Written("Write your message"),
            CountedLength(max=10_000, message="Your message must be 10,000 characters or fewer"),
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    send = SubmitField("Send message", widget=GovSubmitInput())


class AddEvidenceForm(FlaskForm):
    file = FileField("Upload a file", widget=GovFileInput())
    keep_original = BooleanField(
        "Keep the original file, including its hidden details", widget=GovCheckboxInput()
    )
    upload = SubmitField("Add evidence", widget=GovSubmitInput())


class RetaliationForm(FlaskForm):
    details = TextAreaField(
        "What is happening? (optional)",
        validators=[
            CountedLength(
                max=10_000, message="What is happening must be 10,000 characters or fewer"
            )
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    confirm = SubmitField("Tell the team I am facing retaliation", widget=GovSubmitInput())


class RetaliationReleaseForm(ReceiptConfirmation):
    """The confirmation that telling the team about retaliation releases a held report."""

    release = SubmitField("Release my report and tell the team", widget=GovSubmitInput())


class ReleaseForm(ReceiptConfirmation):
    release = SubmitField("Release my report to the team", widget=GovSubmitInput())


class NoSharingForm(FlaskForm):
    keep = SubmitField("Do not share my report", widget=GovSubmitInput())


class ReplaceReceiptForm(ReceiptConfirmation):
    replace = SubmitField("Yes, replace my receipt", widget=GovSubmitInput())


class LeaveForm(FlaskForm):
    # "Sign out", not "Leave your report", which read like withdrawing it (issue 14 defect 5).
    leave = SubmitField("Sign out", widget=GovSubmitInput())


class KeepForm(FlaskForm):
    """ "Keep my answers" in the time-out warning: its CSRF token and nothing else."""


class WithdrawForm(ReceiptConfirmation):
    reason = TextAreaField(
        "Why are you withdrawing your report? (optional)",
        validators=[
            CountedLength(max=10_000, message="Your reason must be 10,000 characters or fewer")
        ],
        filters=LONG_ANSWER,
        widget=CharacterCount(),
    )
    destroy_now = BooleanField("Delete what I sent straight away", widget=GovCheckboxInput())
    withdraw = SubmitField("Withdraw my report", widget=GovSubmitInput())


class DeleteSentForm(ReceiptConfirmation):
    """Delete what a reporter sent, once they have withdrawn their report
    (``followups.destroy_withdrawn``)."""

    delete = SubmitField("Delete what I sent", widget=GovSubmitInput())
