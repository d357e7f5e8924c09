"""Forms a lead uses to manage members, rotate the team key and verify the audit log. A password
typed here is only checked, never shown again or logged."""

from __future__ import annotations

import unicodedata

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, StringField, SubmitField, ValidationError
from wtforms.validators import InputRequired, Length

from triage.forms import TeamForm
from triage.models import ROLES

ROLE_HINTS = {
    "caseworker": "Works cases: reads reports, writes notes, messages reporters",
    "lead": "Everything a caseworker does, plus assigning cases, managing members, rotating "
    "the team key and checking the audit log",
    "oversight": "Sees aggregate measures only, never report content",
}

_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}  # control, format, line and paragraph separators
_JOINERS = {"\u200c", "\u200d"}  # zero width non-joiner and joiner


class InviteForm(TeamForm):
    name = StringField(
        "Full name",
        validators=[
            InputRequired(message="Enter their name"),
            Length(max=100, message="Full name must be 100 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    email = StringField(
        "Email address",
        validators=[
            InputRequired(message="Enter their email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired(message="Select a role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Create invitation", widget=GovSubmitInput())

    def validate_name(self, field: StringField) -> None:
        # Control and format characters are invisible or change how the name is shown (a
        # right-to-left override turns "evil" into "live"), so a name could pass for another.
        # The joiners some scripts need to write a name correctly stay allowed.
        if any(
            unicodedata.category(ch) in _HIDDEN and ch not in _JOINERS for ch in field.data or ""
        ):
            raise ValidationError(
                "Full name must not include hidden characters, like those that change the "
                "direction of text"
            )

    def validate_email(self, field: StringField) -> None:
        local, _, domain = (field.data or "").strip().partition("@")
        if not local or "." not in domain or any(ch.isspace() for ch in field.data.strip()):
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.org"
            )


class RestoreAccessForm(TeamForm):
    submit = SubmitField("Restore access", widget=GovSubmitInput())


class RemoveMemberForm(TeamForm):
    submit = SubmitField("Remove member", widget=GovSubmitInput())


class RotateKeyForm(TeamForm):
    password = PasswordField(
        "Your password",
        validators=[InputRequired(message="Enter your password"), Length(max=200)],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Rotate the team key", widget=GovSubmitInput())


class ChangeRoleForm(TeamForm):
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired(message="Select a role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Change role", widget=GovSubmitInput())


class RevokeInvitationForm(TeamForm):
    submit = SubmitField("Revoke the invitation", widget=GovSubmitInput())


class ReinviteForm(TeamForm):
    submit = SubmitField("Invite them again", widget=GovSubmitInput())


class VerifyAuditForm(TeamForm):
    submit = SubmitField("Verify the chain", widget=GovSubmitInput())
