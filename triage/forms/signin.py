"""Forms for signing in, setting up an account from an invitation, and the account page.

Passwords and codes are only ever read from these forms, never echoed back into a page.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import Field, PasswordField, StringField, SubmitField, ValidationError
from wtforms.validators import EqualTo, InputRequired, Length

from triage.forms import TeamForm, at_most
from triage.team.members import EMAIL_LENGTH
from triage.team.passwords import MIN_PASSWORD_LENGTH, password_problem

MAX_PASSWORD_LENGTH = 200
_CODE_MESSAGE = "Enter the 6-digit code from your authenticator app"


def _hard_to_guess(form: TeamForm, field: Field) -> None:
    # Too short or too long is already said by the length check; only the strength is left
    # to say here.
    if not MIN_PASSWORD_LENGTH <= len(field.data or "") <= MAX_PASSWORD_LENGTH:
        return
    problem = password_problem(field.data)
    if problem is not None:
        raise ValidationError(problem)


def _new_password(label: str, missing: str = "Enter a new password") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(message=missing),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Password must be between {MIN_PASSWORD_LENGTH} and "
                f"{MAX_PASSWORD_LENGTH} characters",
            ),
            _hard_to_guess,
        ],
        widget=GovPasswordInput(),
    )


def _confirm(other: str) -> PasswordField:
    return PasswordField(
        "Confirm the new password",
        validators=[
            InputRequired(message="Enter the new password again"),
            EqualTo(other, message="The passwords do not match"),
        ],
        widget=GovPasswordInput(),
    )


def _six_digits(form: TeamForm, field: Field) -> None:
    # A typo such as a letter is said as such, not as a wrong code (``accept_totp`` takes the
    # same spaces and hyphens an app may show between the two halves).
    typed = "".join(ch for ch in field.data or "" if ch not in " -")
    if field.data and not (len(typed) == 6 and typed.isascii() and typed.isdigit()):
        raise ValidationError("The code must be 6 numbers, like 123456")


def _code(label: str = "Code from your authenticator app") -> StringField:
    return StringField(
        label,
        # No length check of its own: anything but 6 numbers is refused in words naming it.
        validators=[InputRequired(message=_CODE_MESSAGE), _six_digits],
        widget=GovTextInput(),
    )


class SignInForm(TeamForm):
    email = StringField(
        "Email address",
        validators=[
            InputRequired(message="Enter your email address"),
            at_most(EMAIL_LENGTH, "Email address"),
        ],
        widget=GovTextInput(),
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(message="Enter your password"),
            at_most(MAX_PASSWORD_LENGTH, "Password"),
        ],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CodeForm(TeamForm):
    code = _code()
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(TeamForm):
    password = _new_password("Create a password", "Enter a password")
    confirm = _confirm("password")
    submit = SubmitField("Continue", widget=GovSubmitInput())


class EnrolForm(TeamForm):
    code = _code()
    submit = SubmitField("Finish setting up", widget=GovSubmitInput())


# A password that does not match, said as GOV.UK asks: what to do, not "is not right". Only where
# the member is signed in and re-asked (changing their password, rotating the team key): signing
# in says "Enter a correct email address and password", never which of the two was wrong.
WRONG_CURRENT = "Enter the correct current password"
WRONG_REASKED = "Enter the correct password"


class ChangePasswordForm(TeamForm):
    current = PasswordField(
        "Current password",
        validators=[
            InputRequired(message="Enter your current password"),
            at_most(MAX_PASSWORD_LENGTH, "Current password"),
        ],
        widget=GovPasswordInput(),
    )
    password = _new_password("New password")
    confirm = _confirm("password")
    code = _code()
    submit = SubmitField("Change password", widget=GovSubmitInput())


class SignOutForm(TeamForm):
    submit = SubmitField("Sign out", widget=GovSubmitInput())


class SignOutEverywhereForm(TeamForm):
    submit = SubmitField("Sign out everywhere", widget=GovSubmitInput())
