"""Browsers a member has signed in with before, so someone else's failures cannot keep them out.

Failed sign-ins make an account wait (``triage.team.signin``), and anyone who knows a member's
email address can cause that. A browser that completed a sign-in as the member gets a signed
"device" cookie (OWASP's device-cookie defence): from that browser the member's password is
checked even while the account waits, so a stranger's guesses slow only other browsers. The
cookie names the member and a hash of their current password hash, so a new password or a
restored account stops every old device cookie; it is signed with the app's secret key, lives
``DEVICE_DAYS``, is sent only to this force's team pages (``/<slug>/team/``, or ``/team/`` for
the default force and a force at its own host name, so a member of two forces keeps one for each)
and holds no time or address of the reporter side. Guessing from a trusted browser is still
bounded by the per-client rate limit.
"""

from __future__ import annotations

from hashlib import sha256

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from triage.models import Member

COOKIE = "candour_device"
DEVICE_DAYS = 180
_SALT = "team-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _password_mark(member: Member) -> str:
    return sha256((member.password_hash or "").encode()).hexdigest()[:16]


def remember(response: Response, member: Member) -> None:
    """After a full sign-in: this browser is one the member uses."""
    value = _serializer().dumps({"member": member.id, "password": _password_mark(member)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=DEVICE_DAYS * 24 * 3600,
        # The force's own team pages: ``ForceRouting`` puts a force's slug in the script root.
        # A fixed "/team/" would never be sent to "/north/team/sign-in".
        path=request.script_root + "/team/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
    )


def trusted(cookie: str | None, member: Member) -> bool:
    """Whether ``cookie`` says this browser completed a sign-in as ``member`` (same password)."""
    if not cookie:
        return False
    try:
        data = _serializer().loads(cookie, max_age=DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return False
    return (
        isinstance(data, dict)
        and data.get("member") == member.id
        and data.get("password") == _password_mark(member)
    )
