"""Signing team members in and out and changing passwords: operations that write and audit.

Sign-in takes two steps. The password step does the same Argon2id work whether or not the account
exists, counts failures per account (``MAX_FAILURES`` locks it for ``LOCK_MINUTES``) and, only when
the password is right, unlocks the member's keys and holds them for the code step. The code step
refuses wrong, expired and reused TOTP codes. This module never logs or audits a password, a code,
a TOTP secret, or the email typed for an account that does not exist. Callers commit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import session
from sqlalchemy import select

from intake.db import db
from triage.audit import record
from triage.models import Member
from triage.team.keys import lock_member_keys, unlock_member
from triage.team.members import normalise_email
from triage.team.passwords import accept_totp, check_password, hash_password
from triage.team.sessions import (
    drop_pending,
    end_all_sessions,
    end_session,
    hold_pending,
    start_session,
    take_pending_keys,
)

MAX_FAILURES = 5
LOCK_MINUTES = 15


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def is_locked(member: Member) -> bool:
    return member.locked_until is not None and member.locked_until > _now()


def _failed(member: Member, why: str) -> None:
    """Count a failure; the ``MAX_FAILURES``th locks the account and signs it out everywhere."""
    member.failed_sign_ins += 1
    record("sign_in_failed", member.id, detail=why)
    if member.failed_sign_ins >= MAX_FAILURES:
        member.failed_sign_ins = 0
        member.locked_until = _now() + timedelta(minutes=LOCK_MINUTES)
        end_all_sessions(member.id)
        record(
            "account_locked",
            member.id,
            detail=f"locked for {LOCK_MINUTES} minutes after {MAX_FAILURES} failed attempts",
        )


def password_step(email: str, password: str) -> Member | None:
    """Check the password; if right, hold the unlocked keys in this browser for the code step."""
    member = db.session.scalars(
        select(Member).where(Member.email == normalise_email(email))
    ).first()
    right = check_password(member.password_hash if member else None, password)
    if member is None:
        record("sign_in_failed", None, detail="no such account")
        return None
    if not member.active:
        record("sign_in_failed", member.id, detail="account removed")
        return None
    if is_locked(member):
        record("sign_in_failed", member.id, detail="account locked")
        return None
    if not right or member.totp_secret is None:
        _failed(member, "wrong password" if not right else "account not set up")
        return None
    hold_pending(member, unlock_member(member, password))
    return member


def code_step(member: Member, code: str) -> bool:
    """Accept the TOTP code for the member whose password was right and start their session."""
    db.session.refresh(member, with_for_update=True)  # two tabs cannot both spend one code
    if is_locked(member) or member.totp_secret is None:
        drop_pending()
        record("sign_in_failed", member.id, detail="account locked")
        return False
    counter = accept_totp(member.totp_secret, code, member.totp_last_counter)
    if counter is None:
        _failed(member, "wrong, expired or reused code")
        return False
    member.totp_last_counter = counter
    member.failed_sign_ins = 0
    member.locked_until = None
    start_session(member, take_pending_keys())
    record("signed_in", member.id)
    return True


def sign_out(member: Member) -> None:
    record("signed_out", member.id)
    end_session()


def sign_out_everywhere(member: Member) -> None:
    end_all_sessions(member.id)
    session.clear()
    record("signed_out_everywhere", member.id)


def change_password(member: Member, current: str, new: str, code: str) -> str | None:
    """Set a new password and re-wrap every key copy under it. Returns None, or which entry was
    wrong ("current" or "code"). Other sessions end; this browser gets a fresh session."""
    if not check_password(member.password_hash, current):
        _failed(member, "wrong password when changing password")
        return "current"
    counter = accept_totp(member.totp_secret or "", code, member.totp_last_counter)
    if counter is None:
        _failed(member, "wrong, expired or reused code when changing password")
        return "code"
    keys = unlock_member(member, current)
    lock_member_keys(member, keys, new)
    member.password_hash = hash_password(new)
    member.totp_last_counter = counter
    member.failed_sign_ins = 0
    end_all_sessions(member.id)
    start_session(member, keys)
    record("password_changed", member.id)
    return None
