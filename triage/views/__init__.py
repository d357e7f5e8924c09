"""The team blueprint. Deny by default: every view needs a signed-in member unless its endpoint
is listed in ``PUBLIC`` (sign-in and accepting an invitation)."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.security import limiter
from triage.team.sessions import current_member

team = Blueprint("team", __name__, url_prefix="/team")
limiter.limit("300 per minute")(team)

PUBLIC = {"team.sign_in", "team.sign_in_code", "team.accept_invitation", "team.enrol"}


@team.before_request
def require_sign_in() -> BaseResponse | None:
    if request.endpoint in PUBLIC:
        return None
    if current_member() is None:
        return redirect(url_for("team.sign_in"))
    return None


from triage.views import (  # noqa: E402,F401  (routes register on import)
    account,
    audit_log,
    case,
    case_bundle,
    case_confirm,
    members,
    oversight,
    queue,
    signin,
    subject,
)
