"""One-time invitations: a lead adds a member, or restores access for one who lost theirs.

The token is shown once to the lead and stored only as its SHA-256. For members who read cases the
invitation carries the lead's unlocked team keys wrapped under a key derived from the token; when
the member sets their password those keys are re-wrapped under it. Using an invitation resets the
member's password and authenticator; it works once and expires after ``INVITATION_DAYS``.

The first browser to set a password with the link owns it from then on (``browser_hash`` is the
SHA-256 of a random value kept in that browser's session): another browser with the same link can
neither replace the password nor see the authenticator secret. Opening the link is not enough to
own it, so a mail scanner that follows links cannot spoil it. ``MAX_CODE_FAILURES`` wrong
authenticator codes close the invitation; the lead then invites again. This module never logs or
audits a token, a password or a TOTP secret. Callers commit.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import Literal

from sqlalchemy import select

from intake.db import db
from intake.sealing import TeamPrivateKey
from triage.audit import record
from triage.models import ROLES, Invitation, Member
from triage.team.keys import all_team_key_ids, lock_for_token, lock_member_keys, unlock_with_token
from triage.team.members import normalise_email
from triage.team.passwords import accept_totp, hash_password, new_totp_secret
from triage.team.sessions import end_all_sessions

INVITATION_DAYS = 7
MAX_CODE_FAILURES = 5


class MissingKeys(Exception):
    """The inviting session does not hold every team key, so the newcomer could not read every
    case; signing in again picks up keys delivered since."""


class EmailTaken(Exception):
    """A member (current or removed) already has this email address."""

    def __init__(self, member: Member) -> None:
        super().__init__()
        self.member = member


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _hash(token: str) -> bytes:
    return sha256(token.encode()).digest()


def _issue(member: Member, keys: Mapping[int, TeamPrivateKey]) -> str:
    if member.reads_cases and not all_team_key_ids() <= set(keys):
        raise MissingKeys
    cancel_open_invitations(member.id)
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            member_id=member.id,
            token_hash=_hash(token),
            expires_at=_now() + timedelta(days=INVITATION_DAYS),
            wrapped_keys=lock_for_token(keys, token) if member.reads_cases else None,
        )
    )
    return token


def cancel_open_invitations(
    member_id: int | None = None, *, carrying_keys_only: bool = False
) -> list[int]:
    """Make open invitations (of one member, or everyone's; only those carrying team keys, if
    ``carrying_keys_only``) stop working; their member ids."""
    query = select(Invitation).where(Invitation.used.is_(False))
    if member_id is not None:
        query = query.where(Invitation.member_id == member_id)
    if carrying_keys_only:
        query = query.where(Invitation.wrapped_keys.is_not(None))
    cancelled = list(db.session.scalars(query))
    for invitation in cancelled:
        invitation.used = True
        invitation.wrapped_keys = None
    return sorted({i.member_id for i in cancelled})


def member_with_email(email: str) -> Member | None:
    """The member (of this force, removed ones too) who already has this email address."""
    return db.session.scalars(select(Member).where(Member.email == normalise_email(email))).first()


def email_taken(email: str) -> bool:
    return member_with_email(email) is not None


def invite(
    email: str, name: str, role: str, keys: Mapping[int, TeamPrivateKey], by: Member | None
) -> tuple[Member, str]:
    """A new member who can do nothing until they use the returned one-time token."""
    taken = member_with_email(email)
    if taken is not None:
        raise EmailTaken(taken)
    email = normalise_email(email)
    member = Member(email=email, name=name.strip(), role=role, created_on=date.today())
    db.session.add(member)
    db.session.flush()
    token = _issue(member, keys)
    record(
        "member_invited",
        by.id if by else None,
        detail=f"{member.name} invited as {ROLES[role].lower()} (member {member.id})",
    )
    return member, token


def restore_access(
    member: Member, keys: Mapping[int, TeamPrivateKey], by: Member | None, how: str = ""
) -> str:
    """A fresh invitation for an existing member; using it resets their password and TOTP."""
    token = _issue(member, keys)
    record(
        "access_restored",
        by.id if by else None,
        detail=f"new invitation for {member.name} (member {member.id}){how}",
    )
    return token


def find(token: str) -> Invitation | None:
    """The open, unexpired invitation this token belongs to, for an active member."""
    invitation = db.session.scalars(
        select(Invitation).where(Invitation.token_hash == _hash(token))
    ).first()
    return invitation if invitation is not None and is_open(invitation) else None


def is_open(invitation: Invitation) -> bool:
    if invitation.used or invitation.expires_at <= _now():
        return False
    member = db.session.get(Member, invitation.member_id)
    return member is not None and member.active


def new_browser_value() -> str:
    """A random value for a browser's session that will own the invitations it sets up."""
    return secrets.token_urlsafe(32)


def usable_in(invitation: Invitation, browser: str | None) -> bool:
    """Whether this browser (its session's value) may use the invitation: yes if no browser has
    set a password with it yet, otherwise only that browser."""
    if invitation.browser_hash is None:
        return True
    return browser is not None and hmac.compare_digest(invitation.browser_hash, _hash(browser))


def set_password(invitation: Invitation, token: str, password: str, browser: str) -> None:
    """First step of using an invitation: the member's password and key copies are replaced and a
    new authenticator secret waits for its first code. Repeatable until enrolment finishes, in
    the browser that did it first (callers check ``usable_in``); a repeat (Back, or Continue
    pressed twice) keeps the secret already waiting, which the newcomer may have scanned."""
    invitation.browser_hash = _hash(browser)
    member = db.session.get_one(Member, invitation.member_id)
    keys = unlock_with_token(invitation.wrapped_keys, token) if invitation.wrapped_keys else {}
    lock_member_keys(member, keys, password)
    member.password_hash = hash_password(password)
    member.totp_secret = None  # the old authenticator stops working now
    member.failed_sign_ins = 0
    member.locked_until = None
    end_all_sessions(member.id)
    invitation.totp_secret = invitation.totp_secret or new_totp_secret()


def enrol(invitation: Invitation, code: str) -> Literal["enrolled", "wrong", "closed"]:
    """Last step: a valid code from the new authenticator makes the account usable; the
    ``MAX_CODE_FAILURES``th wrong one closes the invitation."""
    if invitation.totp_secret is None or invitation.used:
        return "closed"
    counter = accept_totp(invitation.totp_secret, code, 0)
    if counter is None:
        invitation.failed_codes += 1
        if invitation.failed_codes < MAX_CODE_FAILURES:
            return "wrong"
        _close(invitation)
        record(
            "invitation_locked",
            invitation.member_id,
            detail=f"closed after {MAX_CODE_FAILURES} wrong authenticator codes: "
            "a lead must invite them again",
        )
        return "closed"
    member = db.session.get_one(Member, invitation.member_id)
    member.totp_secret = invitation.totp_secret
    member.totp_last_counter = counter
    _close(invitation)
    record("invitation_accepted", member.id)
    return "enrolled"


def _close(invitation: Invitation) -> None:
    invitation.used = True
    invitation.wrapped_keys = None
    invitation.totp_secret = None
