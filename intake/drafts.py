"""Drafts of reports in progress, readable only through the reporter's session.

The draft's random id and AES key are kept in the reporter's server-side session
(``intake.reporter_session``), itself sealed under a key only the reporter's cookie holds. The
server stores the draft's answers and files as AES-GCM ciphertext under the draft's key, so
neither the database alone nor the cookie alone reveals a draft, and ending the session (exit,
leave, idle) ends the draft with it. Nothing is kept in worker memory, so any worker can serve the
next page.
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

from intake import reporter_session
from intake.db import db
from intake.models import Draft
from intake.models.draft import DRAFT_DAYS

MAX_FILES = 5
_SESSION_KEY = "draft"  # the name of the draft's id and key in the reporter's session


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


def load() -> dict[str, Any]:
    """The current draft's answers (``files`` holds cleaned uploads), or an empty draft."""
    handle = _handle()
    if handle is None:
        return {}
    draft_id, key = handle
    row = db.session.get(Draft, draft_id)
    if row is None:
        return {}
    try:
        return dict(json.loads(_decrypt(key, draft_id, row.blob)))
    except (InvalidTag, ValueError):
        return {}


def save(answers: dict[str, Any]) -> None:
    """Replace the draft's answers, starting a draft if there is none."""
    handle = _handle()
    if handle is None:
        purge_abandoned()  # starting a draft is the moment to sweep away old, unreadable ones
        draft_id, key = secrets.token_hex(32), AESGCM.generate_key(bit_length=256)
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
