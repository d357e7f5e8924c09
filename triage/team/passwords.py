"""Staff passwords (Argon2id) and TOTP codes, with replay refusal."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 12


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


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Candour")


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
