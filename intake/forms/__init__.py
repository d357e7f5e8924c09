"""WTForms forms of the reporter side, one module per journey."""

from flask_wtf import FlaskForm


def token_expired(form: FlaskForm) -> bool:
    """True when the form failed on its CSRF token (an expired or lost session)."""
    return "csrf_token" in form.errors
