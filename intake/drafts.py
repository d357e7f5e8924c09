"""Drafts of reports in progress, readable only through the reporter's session.

The draft's random id and AES key are kept in the reporter's server-side session
(``intake.reporter_session``), itself sealed under a key only the reporter's cookie holds. The
server stores the draft's answers and files as AES-GCM ciphertext under the draft's key, so
neither the database alone nor the cookie alone reveals a draft, and ending the session (exit,
leave, idle) ends the draft with it. Nothing is kept in worker memory, so any worker can serve the
next page.

Sending a draft replaces its answers with the receipt and day its confirmation page shows, in
the same transaction as the report, so a reload, Back or a repeated send shows that page again
(only to the browser holding the session) and never stores a second report.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import date, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy import update as update_rows

from intake import reporter_session
from intake.db import db
from intake.models import Draft
from intake.models.draft import DRAFT_DAYS

MAX_FILES = 5
_SESSION_KEY = "draft"  # the name of the draft's id and key in the reporter's session
_SENT = "sent"  # a sent draft holds only this: what its confirmation page shows
REFUSED = "refused"  # an answer a page refused, until that page shows it (views.redisplay)
UNFINISHED = "unfinished"  # what was typed on a page left by its Back button (views.redisplay)


def _encrypt(key: bytes, draft_id: str, payload: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, payload, draft_id.encode())


def _decrypt(key: bytes, draft_id: str, blob: bytes) -> bytes:
    return AESGCM(key).decrypt(blob[:12], blob[12:], draft_id.encode())


def _handle() -> tuple[str, bytes] | None:
    stored = reporter_session.get(_SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        return str(stored["id"]), bytes.fromhex(stored["key"])
    except (KeyError, ValueError, TypeError):
        return None


def _read() -> tuple[dict[str, Any], bytes] | None:
    """The stored answers of this browser's draft and the ciphertext they came from."""
    handle = _handle()
    if handle is None:
        return None
    draft_id, key = handle
    blob = db.session.scalar(select(Draft.blob).where(Draft.id == draft_id))
    if blob is None:
        return None
    try:
        return dict(json.loads(_decrypt(key, draft_id, blob))), blob
    except (InvalidTag, ValueError):
        return None


def load() -> dict[str, Any]:
    """The current draft's answers (``files`` holds cleaned uploads), or an empty draft.

    A draft that was sent has no answers left: only what its confirmation page shows."""
    stored = _read()
    if stored is None or _SENT in stored[0]:
        return {}
    return stored[0]


def sent() -> dict[str, Any] | None:
    """What the confirmation page shows, if this browser's draft was sent, else None."""
    stored = _read()
    return dict(stored[0][_SENT]) if stored is not None and _SENT in stored[0] else None


def mark_sent(expected: dict[str, Any], confirmation: dict[str, Any]) -> bool:
    """Replace the answers ``expected`` with ``confirmation`` in the caller's transaction.

    The swap only happens if the row still holds ``expected``, so of two requests sending the
    same draft at once exactly one succeeds (the other waits for its row lock, then finds the
    row changed); the one that fails finds the first one's confirmation with ``sent()``.
    """
    handle, stored = _handle(), _read()
    if handle is None or stored is None or stored[0] != expected:
        return False
    draft_id, key = handle
    blob = _encrypt(key, draft_id, json.dumps({_SENT: confirmation}).encode())
    swapped = db.session.execute(
        update_rows(Draft)
        .where(Draft.id == draft_id, Draft.blob == stored[1])
        .values(blob=blob)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(swapped, "rowcount", 0) == 1)


def save(answers: dict[str, Any]) -> None:
    """Replace the draft's answers, starting a draft if there is none."""
    handle = _handle()
    if handle is None:
        purge_abandoned()  # starting a draft is the moment to sweep away old, unreadable ones
        draft_id, key = secrets.token_hex(32), AESGCM.generate_key(bit_length=256)
        reporter_session.renew()  # a session id known before the report was begun reads nothing
        reporter_session.put(_SESSION_KEY, {"id": draft_id, "key": key.hex()})
        handle = (draft_id, key)
    draft_id, key = handle
    blob = _encrypt(key, draft_id, json.dumps(answers).encode())
    row = db.session.get(Draft, draft_id)
    if row is None:
        db.session.add(Draft(id=draft_id, blob=blob, started_on=date.today()))
    else:
        row.blob = blob
    db.session.commit()


def update(**changes: Any) -> dict[str, Any]:
    answers = load()
    if set(changes) - {"checking", "send_token", REFUSED, UNFINISHED}:
        # An answer changed: a check-answers page shown before it (in another tab, say) no
        # longer shows what would be sent, so its Send button must not send.
        answers.pop("send_token", None)
    answers.update(changes)
    save(answers)
    return answers


def discard() -> None:
    """Forget the draft: the row is deleted and its key leaves the reporter's session."""
    handle = _handle()
    reporter_session.drop(_SESSION_KEY)
    if handle is not None:
        db.session.execute(delete(Draft).where(Draft.id == handle[0]))
        db.session.commit()


def purge_abandoned(today: date | None = None) -> int:
    """Delete drafts started more than ``DRAFT_DAYS`` ago; returns how many."""
    cutoff = (today or date.today()) - timedelta(days=DRAFT_DAYS)
    ids = db.session.scalars(select(Draft.id).where(Draft.started_on < cutoff)).all()
    if ids:
        db.session.execute(delete(Draft).where(Draft.id.in_(ids)))
        db.session.commit()
    return len(ids)
