"""Forms a lead uses to manage members, rotate the team key and verify the audit log. A password
typed here is only checked, never shown again or logged."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import InputRequired

from intake.forms.choice_widgets import GovRadioInput
from triage.forms import TeamForm, at_most
from triage.forms.signin import MAX_PASSWORD_LENGTH
from triage.models import ROLES
from triage.team.members import email_problem, name_problem

ROLE_HINTS = {
    "caseworker": "Works cases: reads reports, writes notes, messages reporters",
    "lead": "Everything a caseworker does, plus assigning cases, managing members, rotating "
    "the team key and checking the audit log",
    "oversight": "Sees aggregate measures only, never report content",
}


class InviteForm(TeamForm):
    # Checked by ``validate_name`` and ``validate_email``, as ``flask team add-member`` does.
    name = StringField("Full name", widget=GovTextInput())
    email = StringField("Email address", widget=GovTextInput())
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired(message="Select a role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Create invitation", widget=GovSubmitInput())

    def validate_name(self, field: StringField) -> None:
        if problem := name_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_email(self, field: StringField) -> None:
        if problem := email_problem(field.data or ""):
            raise ValidationError(problem)


class RestoreAccessForm(TeamForm):
    submit = SubmitField("Restore access", widget=GovSubmitInput())


class RemoveMemberForm(TeamForm):
    cases_seen = HiddenField()  # how many cases the confirmation said they hold
    submit = SubmitField("Remove member", widget=GovSubmitInput())


class RotateKeyForm(TeamForm):
    password = PasswordField(
        "Your password",
        validators=[
            InputRequired(message="Enter your password"),
            at_most(MAX_PASSWORD_LENGTH, "Your password"),
        ],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Rotate the team key", widget=GovSubmitInput())


class ChangeRoleForm(TeamForm):
    role_seen = HiddenField()  # the member's role as the page showed it
    # How many cases the confirmation said they hold, when the change takes them away; None
    # from the member's page, which asks for that confirmation first.
    cases_seen = HiddenField()
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired(message="Select a role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Change role", widget=GovSubmitInput())


class RevokeInvitationForm(TeamForm):
    submit = SubmitField("Revoke the invitation", widget=GovSubmitInput())


# The button on a removed member's page, named where inviting their address is refused.
REINVITE = "Invite them again"


class ReinviteForm(TeamForm):
    submit = SubmitField(REINVITE, widget=GovSubmitInput())


class VerifyAuditForm(TeamForm):
    submit = SubmitField("Verify the chain", widget=GovSubmitInput())
