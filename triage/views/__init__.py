"""The team blueprint. Deny by default: every view needs a signed-in member unless its endpoint
is listed in ``PUBLIC`` (sign-in and accepting an invitation)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.errors import TEAM_WHOSE, is_a_page, too_many_page
from intake.ratelimit import client_key, personal_key
from intake.security import limiter
from intake.tenancy import current_force_id
from triage.team.sessions import current_member

team = Blueprint("team", __name__, url_prefix="/team")

# A whole team often sits behind one address (a force's proxy or NAT), so a signed-in member's
# pages and forms are counted per member (``member_key``), not per address: one busy colleague
# cannot use up the rest's. Every team request from one address together is counted as well, ten
# times more loosely, so that one address still cannot flood. Without a signed-in member (the
# sign-in and invitation pages) ``PAGE_LIMIT`` counts the address, as it always did. Both count
# every team route, those with a limit of their own too: that limit is declared with
# ``override_defaults=False``, or Flask-Limiter would let it replace these.
PAGE_LIMIT = "300 per minute"
ADDRESS_LIMIT = "3000 per minute"
# The limit of each signed-in team form that can be sent too often (passwords, keys), per member
# (``member_key``); the invitation and enrolment forms, sent before signing in, count the address.
FORM_LIMIT = "10 per minute"


def member_key() -> str:
    """Whose requests ``PAGE_LIMIT`` and a signed-in form's ``FORM_LIMIT`` count: the signed-in
    member's, as a keyed hash of their force and id (never the id or an email address in clear,
    ``intake.ratelimit.personal_key``), wherever they come from; without one, the address's."""
    member = current_member()
    if member is None:
        return client_key()
    return personal_key("team", f"{current_force_id()}/{member.id}", per_client=False)


def address_limit() -> str:
    """``ADDRESS_LIMIT``, or app.config["CANDOUR_TEAM_ADDRESS_LIMIT"] where set."""
    limit: str = current_app.config.get("CANDOUR_TEAM_ADDRESS_LIMIT", ADDRESS_LIMIT)
    return limit


limiter.limit(PAGE_LIMIT, key_func=member_key)(team)
limiter.limit(address_limit)(team)
# Signing in is limited per person rather than per address, since a whole team often sits behind
# one address (a force's proxy or NAT): ``SIGN_IN_LIMIT`` counts the password step per address
# and email address typed, and the code step per account whose password was right. Against one
# address trying many accounts (password spraying), both steps together are counted per address
# too, far more loosely: a team of thirty all signing in within one minute stays under it. Each
# account is slowed down after failures as well (``triage.team.signin``).
SIGN_IN_LIMIT = "10 per minute"
SIGN_IN_ADDRESS_LIMIT = "60 per minute; 600 per hour"

PUBLIC = {
    "team.sign_in",
    "team.sign_in_code",
    "team.accept_invitation",
    "team.enrol",
    "team.enrol_closed",
    "team.too_many_attempts",
}
# What a member types into a team form (``triage.forms``): given back, never kept, when their
# session ended before they pressed the button. Never a password or a code. Each is given back
# under its box's label, so text from several boxes (the case page sends the others' unsent text
# with the one pressed) cannot be pasted into the wrong one: an internal note into a message to the
# reporter. The labels are the forms' own, named here by field rather than taken from what the
# browser sent, which is never trusted to be a label, let alone HTML.
TYPED_FIELDS = {
    "acknowledgement": "Acknowledgement to the reporter",
    "message_body": "Message to the reporter",
    "note_body": "Internal note",
    "outcome_reason": "Reason for the outcome",
    "outcome_message": "What to tell the reporter",
    "close_reason": "Why are you closing the case?",
    # The case's "Reason for reopening" and a judgement's "Why should they be judged again?",
    # each alone on the page it is sent from.
    "reopen_reason": "Reason for reopening",
    "protection_note": "Why you assessed the risk this way",
    "measures": "Protective measures (optional)",
    "end_reason": "Why are these protective measures ending?",
    "iopc_reason": "Reason for your decision",
    "iopc_reference": "IOPC reference (optional)",
    "split_reason": "Why are they not the same person?",
    "different_reason": "Why are they different people?",
    "same_reason": "Why are they the same person?",
    "reason": "Reason (needed when declining; the other force's team reads it)",
    "name": "Full name",  # an invitation's
    "email": "Email address",
}
# Signing out of a session that has already ended needs no notice.
SIGN_OUTS = {"team.sign_out", "team.sign_out_everywhere"}


# The team page asked for before signing in: its whole path, the force's mount included
# (``/north/team/...``), as one session cookie serves every force's address.
AFTER_SIGN_IN = "after_sign_in"


@team.before_request
def require_sign_in() -> str | tuple[str, int] | BaseResponse | None:
    if request.endpoint in PUBLIC:
        return None
    if current_member() is None:
        if request.method == "POST" and request.endpoint not in SIGN_OUTS:
            # Nothing is saved without a session, and the member is told so rather than
            # redirected to sign in as if nothing had been pressed. What they typed is shown back
            # to copy; it came from their own browser and is kept nowhere. Signing in again leads
            # back to the page the form was on.
            typed = typed_text(request.form.items())
            page = _page_sent_from(request.path)
            if page is not None:
                session[AFTER_SIGN_IN] = request.script_root + page
            return render_template("team/session_ended.html", typed=typed), 401
        if request.method == "GET":
            # A link to a case followed while signed out leads back to it after signing in.
            session[AFTER_SIGN_IN] = request.script_root + request.full_path.rstrip("?")
        return redirect(url_for("team.sign_in"))
    return None


def typed_text(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """What the member typed into a form's ``fields`` (``TYPED_FIELDS``, not left blank), to
    give back when it could not be kept, each with its box's label: never a password or a code."""
    typed = []
    for name, value in fields:
        # A field of a form with a prefix ("possible-<id>-"), or carried from another box of the
        # case page ("unsent-<box>"), is named after the last dash.
        label = TYPED_FIELDS.get(name.rsplit("-", 1)[-1])
        if label is not None and value.strip():
            typed.append((label, value))
    return typed


def _page_sent_from(path: str) -> str | None:
    """The team page a form posted to ``path`` was on: ``path`` itself when it is a page too
    (closing a case, removing a member), or else the nearest page above it (the case, for its
    actions; a member's page, for a change of role). None when there is none."""
    while path.startswith("/team/"):
        if is_a_page(path):
            return path
        path = path.rsplit("/", 1)[0]
    return None


@team.get("/too-many-attempts")
def too_many_attempts() -> str:
    """Where a team form over its limit is redirected (``intake.errors``): shown in reply to the
    POST, a reload would send the form, a password or a code with it, again. The redirect
    says whose attempts were counted (``?why=``): the page says "you" only to whoever made them."""
    why = request.args.get("why")
    return too_many_page(
        f"{FORM_LIMIT}; {SIGN_IN_LIMIT}; {SIGN_IN_ADDRESS_LIMIT}",
        team_page=True,
        whose=why if why in TEAM_WHOSE else "unknown",
    )


from triage.views import (  # noqa: E402,F401  (routes register on import)
    account,
    audit_log,
    case,
    case_actions,
    case_attachment,
    case_bundle,
    case_confirm,
    crossforce,
    member_role,
    members,
    oversight,
    propose_same,
    queue,
    signin,
    subject,
)
