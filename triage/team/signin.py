"""Signing team members in and out and changing passwords: operations that write and audit.

Sign-in takes two steps. The password step does the same Argon2id work whether or not the account
exists and, only when the password is right, unlocks the member's keys and holds them for the code
step. The code step refuses wrong, expired and reused TOTP codes.

Failures are counted per account and slow it down rather than lock it: after ``FREE_FAILURES`` in
a row each further one makes the account wait (``first_delay`` doubling up to ``MAX_DELAY``), and
attempts during the wait are refused unchecked and uncounted, so guessing gets slower and slower
while someone who merely knows a member's email never ends their sessions and cannot keep them
out of a browser they have signed in with before (``triage.team.devices``). The member is told how
many failures there were and since which day.

This module never logs or audits a password, a code, a TOTP secret, or the email typed for an
account that does not exist. Callers commit.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from flask import flash, session
from sqlalchemy import select

from intake.db import db
from triage.audit import record
from triage.models import Member
from triage.team import devices
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

FREE_FAILURES = 4  # typos: no wait for the first few in a row
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _waits(member: Member, device: str | None) -> bool:
    """Whether this attempt must wait: the account is waiting and the browser is not one the
    member has completed a sign-in with."""
    return is_throttled(member) and not devices.trusted(device, member)


def is_throttled(member: Member) -> bool:
    """Whether the account is waiting after failures (``locked_until`` is the wait's end)."""
    return member.locked_until is not None and member.locked_until > _now()


def _wait_left(member: Member) -> str | None:
    """How long the account still waits, in whole seconds or minutes (None when it does not)."""
    if not is_throttled(member) or member.locked_until is None:
        return None
    seconds = math.ceil((member.locked_until - _now()).total_seconds())
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def wait_notice(member: Member) -> str | None:
    """What a signed-in member is told when the account is waiting after failed attempts, so
    that what they type next is not checked (None when it is not waiting): the honest reason
    and how long is left, not "your password is not right", which would send them hunting for
    a typo. They are signed in already, so saying the account waits tells nobody anything new."""
    left = _wait_left(member)
    if left is None:
        return None
    return (
        "After several wrong attempts your account has to wait, so what you entered was not "
        f"checked. Try again in {left}."
    )


def code_wait_notice(member: Member) -> str | None:
    """What someone at the code step is told when the account has started to wait, so that
    they must sign in again from the password (None when it is not waiting). Only the right
    password reaches the code step, so saying the account waits tells nobody anything new."""
    left = _wait_left(member)
    if left is None:
        return None
    return (
        "After several wrong attempts your account has to wait. Sign in again, with your "
        f"password and a new code, in {left}."
    )


def delay_after(failures: int) -> timedelta:
    """How long the account waits after ``failures`` failures in a row: none for the first
    ``FREE_FAILURES``, then 30 s, 1 min, 2 min ... doubling up to ``MAX_DELAY``."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES - 1, 10)  # 2**10 * 30 s is far past the ceiling
    delay: timedelta = FIRST_DELAY * 2**doublings
    return min(delay, MAX_DELAY)


def count_failure(member: Member, why: str, *, signed_in: bool = False) -> None:
    """Count a wrong password or code against the account: a growing wait, never a sign-out.

    One ``signed_in`` (a wrong current password or code typed on the member's own page) still
    counts towards the wait, but is not kept to tell the member of later (``failure_notice``):
    whoever typed it was told there and then, and warning the member of their own typo as if
    it might not have been them is noise that teaches them to ignore the warning."""
    member.failed_sign_ins += 1
    if not signed_in:
        member.unseen_failures += 1
        member.unseen_failures_since = member.unseen_failures_since or _now().date()
    record("sign_in_failed", member.id, detail=why)
    delay = delay_after(member.failed_sign_ins)
    if delay:
        member.locked_until = _now() + delay
        record(
            "sign_in_slowed",
            member.id,
            detail=f"{member.failed_sign_ins} failed attempts in a row: next attempt in "
            f"{int(delay.total_seconds())} seconds",
        )


def failure_notice(member: Member) -> str | None:
    """What the member is told about failed attempts they have not yet been told of: at sign-in,
    or on their own pages when changing their password or rotating the team key."""
    since: date | None = member.unseen_failures_since
    if not member.unseen_failures or since is None:
        return None
    times = "once" if member.unseen_failures == 1 else f"{member.unseen_failures} times"
    # A lead is whom the others tell. Changing the password helps either way: after a wrong
    # code, whoever entered it had the password right.
    advice = "change your password" if member.is_lead else "tell your lead"
    return (
        f"A wrong password or code was entered for your account {times} since {since.day} "
        f"{since:%B %Y}. If that was not you, {advice}."
    )


def password_step(email: str, password: str, device: str | None = None) -> Member | None:
    """Check the password; if right, hold the unlocked keys in this browser for the code step.
    ``device`` is the browser's device cookie, if any."""
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
    if _waits(member, device):
        record("sign_in_failed", member.id, detail="account waiting after failed attempts")
        return None
    if not right or member.totp_secret is None:
        count_failure(member, "wrong password" if not right else "account not set up")
        return None
    hold_pending(member, unlock_member(member, password))
    return member


def code_step(member: Member, code: str, device: str | None = None) -> bool:
    """Accept the TOTP code for the member whose password was right and start their session."""
    db.session.refresh(member, with_for_update=True)  # two tabs cannot both spend one code
    if _waits(member, device) or member.totp_secret is None:
        drop_pending()
        record("sign_in_failed", member.id, detail="account waiting after failed attempts")
        return False
    counter = accept_totp(member.totp_secret, code, member.totp_last_counter)
    if counter is None:
        count_failure(member, "wrong, expired or reused code")
        if _waits(member, device):  # the password must be typed again after the wait
            drop_pending()
        return False
    member.totp_last_counter = counter
    if not is_throttled(member):
        # A sign-in through someone else's wait (from a trusted browser) leaves the wait and
        # its count for everyone else: the guesser gets no fresh free attempts from it.
        member.failed_sign_ins = 0
        member.locked_until = None
    start_session(member, take_pending_keys())
    notice = failure_notice(member)
    if notice:
        flash(notice, "important")
        member.unseen_failures = 0
        member.unseen_failures_since = None
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
    if is_throttled(member):
        record("sign_in_failed", member.id, detail="password change while waiting")
        return "current"
    if not check_password(member.password_hash, current):
        count_failure(member, "wrong password when changing password", signed_in=True)
        return "current"
    counter = accept_totp(member.totp_secret or "", code, member.totp_last_counter)
    if counter is None:
        count_failure(
            member, "wrong, expired or reused code when changing password", signed_in=True
        )
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
