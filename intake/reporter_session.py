"""A reporter's session, kept on the server behind an opaque random id.

The cookie holds only a random token and a random AES key. The server keeps one
``ReporterSession`` row, found by the token's SHA-256, whose blob is AES-GCM under the cookie's
key: the status page's material (receipt hash, the reporter's message key, proof reference),
the draft's key, and the time of last use. So the cookie holds nothing the database also holds,
the database alone reads nothing, and the row's only clear value is a coarse ``expires_on`` day
for sweeping rows nobody came back to.

The session ends, on the server, when the reporter exits ("Exit this page"), leaves, or does
nothing for ``IDLE_MINUTES``: the row and the draft it points to are deleted, so Back shows
nothing. This module never logs.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from datetime import date, timedelta
from hashlib import sha256
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app, g, session
from sqlalchemy import delete

from intake.db import db
from intake.models import Draft, ReporterSession
from intake.tenancy import current_force_id, use_force

IDLE_MINUTES = 30
# With JavaScript on, the reporter pages warn this long before the session would end, offering
# more time (``templates/reporter/timeout.html``). Both can be shortened in configuration (the
# browser tests do): ``CANDOUR_REPORTER_IDLE_SECONDS`` and ``CANDOUR_TIMEOUT_WARNING_SECONDS``.
WARNING_SECONDS = 120
# The slot holding the report a receipt opened (``intake.views.status.session_report``).
OPENED_REPORT = "status"
_COOKIE = "reporter-"  # then the force's id: one session per force in the one cookie


def idle_seconds() -> int:
    """How long a session lasts without a request: ``IDLE_MINUTES`` unless configured."""
    return int(current_app.config.get("CANDOUR_REPORTER_IDLE_SECONDS", IDLE_MINUTES * 60))


def seconds_left() -> int:
    """How long this session has before it ends for being idle: ``idle_seconds`` after a
    request that used it, less after one that did not (a page closing itself, see
    ``intake.views.session_end``)."""
    state = _state()
    if not state or g.get("reporter_written"):
        # Used by this request: the whole time. Worked out from the stored time of use, which is
        # whole seconds, a page rendered just after a second began was told a second less.
        return idle_seconds()
    return max(0, idle_seconds() - int(_idle_for(state)))


def warning_seconds() -> int:
    """How long before the session ends the pages warn, with JavaScript on."""
    configured = int(current_app.config.get("CANDOUR_TIMEOUT_WARNING_SECONDS", WARNING_SECONDS))
    return min(configured, idle_seconds())


def _seal(key: bytes, row_id: str, state: dict[str, Any]) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, json.dumps(state).encode(), row_id.encode())


def _open(key: bytes, row_id: str, blob: bytes) -> dict[str, Any] | None:
    try:
        return dict(json.loads(AESGCM(key).decrypt(blob[:12], blob[12:], row_id.encode())))
    except (InvalidTag, ValueError):
        return None


def _name() -> str:
    """The cookie's entry for a force's session. Each force's session is a row only that force
    reads, so one shared entry was dropped as unknown at another force's address: a reporter who
    glanced at a second force's start page lost the report they were writing at the first."""
    return f"{_COOKIE}{current_force_id()}"


def _cookie() -> tuple[str, bytes] | None:
    """The row id (hash of the cookie's token) and the cookie's key, if the cookie holds them."""
    stored = session.get(_name())
    if not isinstance(stored, dict):
        return None
    try:
        return sha256(str(stored["token"]).encode()).hexdigest(), bytes.fromhex(stored["key"])
    except (KeyError, ValueError, TypeError):
        return None


def _state() -> dict[str, Any]:
    """This request's session state, loaded once (empty when there is no live session)."""
    if "reporter_state" not in g:
        g.reporter_state = _load()
    state: dict[str, Any] = g.reporter_state
    return state


def _load() -> dict[str, Any]:
    ref = _cookie()
    if ref is None:
        return {}
    row = db.session.get(ReporterSession, ref[0])
    state = _open(ref[1], ref[0], row.blob) if row is not None else None
    if state is None:
        session.pop(_name(), None)
        return {}
    if _idle_for(state) > idle_seconds():
        _end(state, ref[0])
        # The form's CSRF token goes too, so a form posted now is shown again with what was
        # typed and the "session timed out" banner instead of acting on an ended session.
        session.pop("csrf_token", None)
        g.reporter_timed_out = True
        g.reporter_draft_ended = isinstance(state.get("draft"), dict)
        return {}
    return state


def _idle_for(state: dict[str, Any]) -> float:
    """Seconds since the session's last use."""
    return time.time() - float(state.get("seen", 0))


def _write(state: dict[str, Any]) -> None:
    """Store ``state`` (stamped with the time of use), starting a session if there is none."""
    ref = _cookie()
    row = db.session.get(ReporterSession, ref[0]) if ref is not None else None
    if ref is None or row is None:
        sweep()  # starting a session is the moment to delete rows nobody came back to
        token, key = secrets.token_urlsafe(32), AESGCM.generate_key(bit_length=256)
        session[_name()] = {"token": token, "key": key.hex()}
        ref = (sha256(token.encode()).hexdigest(), key)
        row = ReporterSession(id=ref[0], blob=b"", expires_on=date.today())
        db.session.add(row)
    state["seen"] = int(time.time())
    row.blob = _seal(ref[1], ref[0], state)
    row.expires_on = date.today() + timedelta(days=1)
    g.reporter_state = state
    g.reporter_written = True
    db.session.commit()


def touch() -> None:
    """Run before every reporter page: end an idle session, or mark this use of a live one.

    "Keep my answers" (``intake.views.session_end.keep``) is this alone: the sealed state is
    written again as it was, its time of last use moved to now, and nothing else."""
    state = _state()
    if state:
        _write(state)


def live() -> bool:
    """Whether this browser has a session that has not ended (ending it now if it is idle)."""
    return bool(_state())


def timed_out() -> bool:
    """True when this request found the session ended for being idle."""
    return bool(g.get("reporter_timed_out"))


def draft_ended() -> bool:
    """True when this request found the session ended for being idle with a report being
    written in it: that report's answers were deleted with it."""
    return bool(g.get("reporter_draft_ended"))


def get(name: str) -> Any:
    return _state().get(name)


def put(name: str, value: Any) -> None:
    _write({**_state(), name: value})


def drop(name: str) -> None:
    state = _state()
    if name in state:
        _write({k: v for k, v in state.items() if k != name})


def take(name: str) -> Any:
    """``get`` and ``drop`` in one: what is said once (a notice after a redirect), so that a
    reload or Back says nothing again."""
    value = get(name)
    drop(name)
    return value


def _end(state: dict[str, Any], row_id: str) -> None:
    draft = state.get("draft")
    if isinstance(draft, dict):
        db.session.execute(delete(Draft).where(Draft.id == str(draft.get("id"))))
    db.session.execute(delete(ReporterSession).where(ReporterSession.id == row_id))
    db.session.commit()
    session.pop(_name(), None)
    g.reporter_state = {}


def renew() -> None:
    """Move this session's state to a new random id and key and delete the old row: called when
    the session is about to hold a secret (a receipt entered, a report begun). A cookie copied
    or planted before then, on a shared device say, then opens nothing of what follows."""
    ref = _cookie()
    state = _state()
    if ref is not None:
        db.session.execute(delete(ReporterSession).where(ReporterSession.id == ref[0]))
    session.pop(_name(), None)
    _write(dict(state))


def end() -> None:
    """End the session on the server: status access and the draft are gone for good."""
    ref = _cookie()
    if ref is not None:
        _end(_state(), ref[0])


def end_everywhere() -> None:
    """``end`` this force's session and every other force's this browser holds: "Exit this
    page" leaves nothing at any force's address."""
    end()
    here = _name()
    others = [n for n in session if n.startswith(_COOKIE) and n != here]
    for force_id in [int(n.removeprefix(_COOKIE)) for n in others if n[len(_COOKIE) :].isdigit()]:
        with use_force(force_id):  # a force's session row is read and deleted in that force
            g.pop("reporter_state", None)
            end()
    g.reporter_state = {}


def forget() -> None:
    """Drop this browser's hold on its sessions without the database (``end`` when it fails)."""
    for name in [name for name in session if name.startswith(_COOKIE)]:
        session.pop(name, None)
    g.reporter_state = {}


def sweep(today: date | None = None) -> int:
    """Delete rows whose coarse expiry day has passed; returns how many."""
    cutoff = today or date.today()
    result = db.session.execute(delete(ReporterSession).where(ReporterSession.expires_on < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
