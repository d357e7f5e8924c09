"""Forms of the check-your-report journey, used with a receipt."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovSubmitInput,
)
from wtforms import BooleanField, HiddenField, PasswordField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length


class ReceiptForm(FlaskForm):
    receipt = PasswordField(
        "Your receipt",
        validators=[InputRequired(message="Enter your receipt"), Length(max=60)],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Check your report", widget=GovSubmitInput())


class ReplyForm(FlaskForm):
    body = TextAreaField(
        "Send a message to the team",
        validators=[InputRequired(message="Write your message"), Length(max=10_000)],
        widget=GovCharacterCount(),
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
        validators=[Length(max=10_000)],
        widget=GovCharacterCount(),
    )
    # "yes" only in the form shown for a held report, whose button says it releases the report.
    release = HiddenField()
    confirm = SubmitField("Tell the team I am facing retaliation", widget=GovSubmitInput())


class ReleaseForm(FlaskForm):
    release = SubmitField("Release my report to the team", widget=GovSubmitInput())


class ReplaceReceiptForm(FlaskForm):
    replace = SubmitField("Yes, replace my receipt", widget=GovSubmitInput())


class LeaveForm(FlaskForm):
    # "Sign out", not "Leave your report", which read like withdrawing it (issue 14 defect 5).
    leave = SubmitField("Sign out", widget=GovSubmitInput())
