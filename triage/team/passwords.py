"""Staff passwords (Argon2id) and TOTP codes, with replay refusal.

A new password must be at least ``MIN_PASSWORD_LENGTH`` characters and hard to guess: zxcvbn
estimates the guesses needed against the common and breached passwords, words and names it
ships (offline: nothing is sent anywhere), and anything under ``MIN_STRENGTH`` is refused.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn

from intake.tenancy import force_label

MIN_PASSWORD_LENGTH = 12
# zxcvbn's 0-4 scale; 3 is "safely unguessable" (about 10^8 guesses or more), the level its
# authors give for passwords guarded by a slow hash, as these are (Argon2id, scrypt key wraps).
MIN_STRENGTH = 3
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input; characters past it only add strength
# Words anyone would try first against this service's staff.
# The name authenticator apps show entries under (``totp_issuer``).
ISSUER = "Candour"
_SERVICE_WORDS = ["candour", "police", "misconduct", "grievance", "speakup", "team", "lead"]


def password_problem(password: str, personal: list[str] | None = None) -> str | None:
    """Why ``password`` may not be used (an error message in plain words), or None.

    ``personal`` are things the member's own details would suggest (name, email address).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be at least {MIN_PASSWORD_LENGTH} characters"
    estimate = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=[*_SERVICE_WORDS, *(personal or [])])
    if estimate["score"] >= MIN_STRENGTH:
        return None
    warning = estimate["feedback"]["warning"]
    return (
        "This password is too easy to guess"
        + (f" ({warning.rstrip('.').lower()})" if warning else "")
        + ". Use a few unrelated words, or a password from a password manager"
    )


@cache
def _hasher_for(memory_kib: int) -> PasswordHasher:
    return PasswordHasher(memory_cost=memory_kib)


def _hasher() -> PasswordHasher:
    return _hasher_for(current_app.config["CANDOUR_ARGON2_MEMORY_KIB"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(stored: str | None, password: str) -> bool:
    hasher = _hasher()
    if not stored:
        # Same work as a real check, so a missing account is not faster to reject.
        hasher.hash(password)
        return False
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_issuer() -> str:
    """The name an authenticator app shows a member's entry under: with the force's name where
    the service holds several, so that a member of two forces can tell their two entries apart
    ("Candour (Eastshire Police)"). Only the label: an entry added under another keeps working,
    as its codes come from the secret alone."""
    force = force_label()
    return f"{ISSUER} ({force})" if force else ISSUER


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=totp_issuer())


def accept_totp(secret: str, code: str, last_counter: int) -> int | None:
    """The time-step counter of a valid, unused code (±1 step of drift), else None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = int(totp.timecode(datetime.now()))
    for counter in (now, now - 1, now + 1):
        if counter > last_counter and pyotp.utils.strings_equal(totp.generate_otp(counter), code):
            return counter
    return None
