"""Signed-in team sessions: who is signed in, and the team keys they unlocked.

At sign-in the member's password unwraps their copies of the team keys. Those keys are then kept
in a ``StaffSession`` row encrypted under a random key that lives only in the member's session
cookie, so neither the database nor the cookie alone yields them, and any worker can serve any
request. The forms a member sent and had refused are kept in the same row the same way, until
accepted or the session ends (``triage.views.redisplay``), and so is a secret the member is to
be shown once, such as a new invitation link, until the page that shows it is opened
(``triage.views.shown_once``). Sessions end after ``IDLE_MINUTES`` without use, ``MAX_HOURS``
after sign-in, at sign-out, or when the member signs out everywhere or is removed.

Between the password and the code step, a ``PendingSignIn`` row holds the keys the password
unlocked the same way, for ``PENDING_MINUTES`` at most; it grants nothing until the code is right.
This module never logs and never keeps a password, a code or a key in clear.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from hashlib import sha256
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import abort, g, session
from sqlalchemy import delete, select, update

from intake.db import db
from intake.sealing import TeamPrivateKey
from triage.models import Member, StaffSession
from triage.models.member import PendingSignIn

IDLE_MINUTES = 30
MAX_HOURS = 12
PENDING_MINUTES = 5
_COOKIE = "staff"
_PENDING = "pending_sign_in"
F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("candour")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _seal(cookie_key: bytes, bound_to: str, payload: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(cookie_key).encrypt(nonce, payload, bound_to.encode())


def _open(cookie_key: bytes, bound_to: str, sealed: bytes) -> bytes | None:
    try:
        return AESGCM(cookie_key).decrypt(sealed[:12], sealed[12:], bound_to.encode())
    except InvalidTag:
        return None


def _seal_keys(cookie_key: bytes, session_id: str, keys: dict[int, TeamPrivateKey]) -> bytes:
    payload = json.dumps({str(k): v.raw.hex() for k, v in keys.items()}).encode()
    return _seal(cookie_key, session_id, payload)


def start_session(member: Member, keys: dict[int, TeamPrivateKey]) -> None:
    """Sign ``member`` in on this browser with the keys their password unlocked."""
    token = secrets.token_urlsafe(32)
    cookie_key = AESGCM.generate_key(bit_length=256)
    session_id = sha256(token.encode()).hexdigest()
    now = _now()
    db.session.add(
        StaffSession(
            id=session_id,
            member_id=member.id,
            created_at=now,
            last_seen_at=now,
            sealed_keys=_seal_keys(cookie_key, session_id, keys),
        )
    )
    session.clear()  # a fresh session at sign-in: nothing carried over from before
    session[_COOKIE] = {"token": token, "key": cookie_key.hex()}


def replace_session_keys(keys: dict[int, TeamPrivateKey]) -> None:
    """Store a new set of unlocked keys for this session (after a key rotation)."""
    row, cookie_key = _row_and_key()
    if row is not None and cookie_key is not None:
        row.sealed_keys = _seal_keys(cookie_key, row.id, keys)


def _open_keys(cookie_key: bytes, row_id: str, sealed: bytes | None) -> dict[int, TeamPrivateKey]:
    payload = _open(cookie_key, row_id, sealed) if sealed else None
    if payload is None:
        return {}
    return {
        int(k): TeamPrivateKey(int(k), bytes.fromhex(v)) for k, v in json.loads(payload).items()
    }


def _cookie_ref(name: str) -> tuple[str, bytes] | None:
    """The row id (hash of the cookie's token) and the cookie's key, if the cookie holds them."""
    stored = session.get(name)
    if not isinstance(stored, dict):
        return None
    try:
        return sha256(str(stored["token"]).encode()).hexdigest(), bytes.fromhex(str(stored["key"]))
    except (KeyError, ValueError):
        return None


def _row_and_key() -> tuple[StaffSession | None, bytes | None]:
    ref = _cookie_ref(_COOKIE)
    if ref is None:
        return None, None
    return db.session.get(StaffSession, ref[0]), ref[1]


def current_member() -> Member | None:
    """The signed-in, active member, or None. Expired sessions are deleted on sight."""
    if "member" in g:
        return g.member  # type: ignore[no-any-return]
    row, _ = _row_and_key()
    member = None
    if row is not None:
        now = _now()
        expired = now - row.last_seen_at > timedelta(
            minutes=IDLE_MINUTES
        ) or now - row.created_at > timedelta(hours=MAX_HOURS)
        candidate = db.session.get(Member, row.member_id)
        if expired or candidate is None or not candidate.active:
            db.session.delete(row)
            db.session.commit()
            session.pop(_COOKIE, None)
        else:
            row.last_seen_at = now
            db.session.commit()
            member = candidate
    g.member = member
    return member


def unlocked_keys() -> dict[int, TeamPrivateKey]:
    """The team private keys this session unlocked at sign-in (empty for oversight)."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return {}
    return _open_keys(cookie_key, row.id, row.sealed_keys)


def _open_kept(cookie_key: bytes, row_id: str, what: str, sealed: bytes | None) -> dict[str, Any]:
    # Bound to the row and to what is kept, so no sealed column can be passed off as another.
    payload = _open(cookie_key, f"{row_id}/{what}", sealed) if sealed else None
    return dict(json.loads(payload)) if payload is not None else {}


def _seal_kept(cookie_key: bytes, row_id: str, what: str, kept: dict[str, Any]) -> bytes | None:
    return _seal(cookie_key, f"{row_id}/{what}", json.dumps(kept).encode()) if kept else None


def refused_forms() -> dict[str, Any]:
    """The forms this session's member sent and had refused, by place (``views.redisplay``)."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return {}
    return _open_kept(cookie_key, row.id, "refused", row.sealed_refused)


SWAPS_AT_MOST = 5  # tries to change what a session keeps while its other tabs change it too


class RefusedFormsBusy(Exception):
    """Other tabs of the session changed its refused forms ``SWAPS_AT_MOST`` times in a row while
    this change was being made: the change was not kept."""


def change_refused_forms(change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to what this session keeps of refused forms, sealed under the cookie's
    key. Two tabs of one session may each have a form refused at once: the row is swapped only
    if it still holds what was read, and read again and changed again if another tab swapped it
    first, so neither tab's refusal overwrites the other's (the last writer does not win).

    Raises ``RefusedFormsBusy`` when every one of ``SWAPS_AT_MOST`` swaps was lost, so that the
    caller knows the change (a refused form's typed text, say) was not kept, never silently."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return
    for _ in range(SWAPS_AT_MOST):
        read = db.session.execute(
            select(StaffSession.sealed_refused).where(StaffSession.id == row.id)
        ).first()
        if read is None:  # signed out, in another tab, meanwhile
            return
        sealed = read[0]
        kept = _open_kept(cookie_key, row.id, "refused", sealed)
        change(kept)
        unchanged = (
            StaffSession.sealed_refused.is_(None)
            if sealed is None
            else StaffSession.sealed_refused == sealed
        )
        swapped = db.session.execute(
            update(StaffSession)
            .where(StaffSession.id == row.id, unchanged)
            .values(sealed_refused=_seal_kept(cookie_key, row.id, "refused", kept))
            .execution_options(synchronize_session=False)
        )
        if getattr(swapped, "rowcount", 0) == 1:
            db.session.expire(row, ["sealed_refused"])
            return
    # Nothing of the form nor whose session it was: only that it happened.
    log.warning("refused forms not changed: %d swaps in a row lost to other tabs", SWAPS_AT_MOST)
    raise RefusedFormsBusy


def to_show_once() -> dict[str, Any]:
    """What this session's member is to be shown once, by place (``views.shown_once``)."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return {}
    return _open_kept(cookie_key, row.id, "once", row.sealed_once)


def keep_to_show_once(kept: dict[str, Any]) -> None:
    """Replace what this session keeps to show once, sealed under the cookie's key."""
    row, cookie_key = _row_and_key()
    if row is not None and cookie_key is not None:
        row.sealed_once = _seal_kept(cookie_key, row.id, "once", kept)


SENT_KEPT_AT_MOST = 20  # case forms whose last text a session remembers


def _sent_digest(cookie_key: bytes, place: str, text: str) -> str:
    return hmac.new(cookie_key, f"{place}\0{text}".encode(), sha256).hexdigest()


def sent_before(place: str, text: str) -> bool:
    """Whether ``text`` is the text this session last sent at ``place`` (``first_sending``),
    read without writing anything: asked before the action, which ``first_sending`` follows."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return False
    kept = _open_kept(cookie_key, row.id, "sent", row.sealed_sent)
    return bool(kept.get(place) == _sent_digest(cookie_key, place, text))


def first_sending(place: str, text: str) -> bool:
    """Whether ``text`` is new at ``place`` (a case's message or note form) for this session:
    False when it is the text this session last sent there, so Back and send again, or a
    double click, does not send a reporter the same message twice. Recorded in the caller's
    transaction, so an action that fails forgets it.

    Kept as keyed digests (HMAC under the cookie's key), sealed like refused forms. The row is
    swapped only if it still holds what was read, so of two requests sending at once exactly
    one finds the text new.

    Called after the action, as the session row's other changes are (``redisplay.accepted``):
    the action takes the audit log's lock, and a request that wrote this row first and then
    waited for that lock could wait for another tab of the session holding the lock and waiting
    for the row: a deadlock."""
    row, cookie_key = _row_and_key()
    if row is None or cookie_key is None:
        return True
    digest = _sent_digest(cookie_key, place, text)
    read = row.sealed_sent
    kept = _open_kept(cookie_key, row.id, "sent", read)
    if kept.get(place) == digest:
        return False
    kept.pop(place, None)
    kept[place] = digest
    for oldest in list(kept)[: max(0, len(kept) - SENT_KEPT_AT_MOST)]:
        del kept[oldest]
    unchanged = (
        StaffSession.sealed_sent.is_(None) if read is None else StaffSession.sealed_sent == read
    )
    swapped = db.session.execute(
        update(StaffSession)
        .where(StaffSession.id == row.id, unchanged)
        .values(sealed_sent=_seal_kept(cookie_key, row.id, "sent", kept))
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(swapped, "rowcount", 0) == 1)


def end_session() -> None:
    row, _ = _row_and_key()
    if row is not None:
        db.session.delete(row)
    session.clear()


def end_all_sessions(member_id: int) -> None:
    """Sign a member out everywhere (sign-out-everywhere, removal, password change)."""
    db.session.execute(delete(StaffSession).where(StaffSession.member_id == member_id))
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.member_id == member_id))


def hold_pending(member: Member, keys: dict[int, TeamPrivateKey]) -> None:
    """After a right password: remember whose it was, and the keys it unlocked, until the code."""
    token = secrets.token_urlsafe(32)
    cookie_key = AESGCM.generate_key(bit_length=256)
    row_id = sha256(token.encode()).hexdigest()
    # Abandoned code steps of anyone are cleared here, so sealed keys never linger for long.
    stale = _now() - timedelta(minutes=PENDING_MINUTES)
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.created_at < stale))
    db.session.add(
        PendingSignIn(
            id=row_id,
            member_id=member.id,
            created_at=_now(),
            sealed_keys=_seal_keys(cookie_key, row_id, keys),
        )
    )
    session.clear()
    session[_PENDING] = {"token": token, "key": cookie_key.hex()}


def pending_member() -> Member | None:
    """The active member whose password was right in this browser in the last few minutes."""
    ref = _cookie_ref(_PENDING)
    row = db.session.get(PendingSignIn, ref[0]) if ref else None
    if row is None:
        return None
    if _now() - row.created_at > timedelta(minutes=PENDING_MINUTES):
        drop_pending()
        return None
    member = db.session.get(Member, row.member_id)
    return member if member is not None and member.active else None


def take_pending_keys() -> dict[int, TeamPrivateKey]:
    """The keys the password unlocked; the pending row is gone afterwards."""
    ref = _cookie_ref(_PENDING)
    row = db.session.get(PendingSignIn, ref[0]) if ref else None
    keys = _open_keys(ref[1], row.id, row.sealed_keys) if ref and row else {}
    drop_pending()
    return keys


def drop_pending() -> None:
    ref = _cookie_ref(_PENDING)
    if ref is not None:
        db.session.execute(delete(PendingSignIn).where(PendingSignIn.id == ref[0]))
    session.pop(_PENDING, None)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow a view only to signed-in members with one of ``roles`` (all roles if none given)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            member = current_member()
            if member is None:
                abort(401)
            if roles and member.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
