"""Forms for proof of reporting: downloading a statement and checking one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

DOWNLOAD_LABEL = "Download proof of reporting"


class ReceiptProofForm(FlaskForm):
    """On the confirmation page, which knows the report only by the receipt it just showed."""

    receipt = HiddenField(validators=[InputRequired(), Length(max=40)])
    get_proof = SubmitField(DOWNLOAD_LABEL, widget=GovSubmitInput())


class StatusProofForm(FlaskForm):
    """On the status page, whose session already knows the report."""

    get_proof = SubmitField(DOWNLOAD_LABEL, widget=GovSubmitInput())


class VerifyProofForm(FlaskForm):
    # No length validator: the view measures the size in bytes and says so in plain words.
    file = FileField("Choose the statement file", widget=GovFileInput())
    statement = TextAreaField("Or paste the whole statement", widget=GovTextArea())
    check = SubmitField("Check the statement", widget=GovSubmitInput())
