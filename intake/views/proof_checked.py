"""Post/redirect/get for checking a proof of reporting (``/proof/verify``).

The result page was the reply to the POST: a reload asked "Confirm form resubmission" and sent
the statement again, and Back onto it showed Chromium's ERR_CACHE_MISS. So the POST redirects
(303) to the page, marked ``?checked=<mark>`` (a random mark: nothing about the statement is in
the address), and the page's GET of that address shows what was found once.

Whoever checks a statement need not be a reporter with a session (an employment tribunal, a
solicitor), and nothing checked is kept on the server: the outcome goes in the session cookie,
sealed with AES-256-GCM under a key derived by HKDF from the app's secret key and bound to the
mark (Flask's cookie is signed, not encrypted), and is taken out by the GET that shows it. It is
only what the page shows: the result's words (never the statement), or the errors and, when it
is short, the text pasted, so a mistake can be corrected. A reload or Back onto the address
afterwards shows the form and says the result is not kept; checking again shows it again.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, session

from intake.proof.keys import Verification

MARK = "checked"  # the query parameter of the address the outcome shows at
_KEPT = "proof_checked"  # the session's (the cookie's) key for the sealed outcome
_INFO = b"candour proof of reporting checked"
# The longest pasted text kept to show again with its error: the cookie holds about 4 KB, and a
# whole statement (about 2 KB) that is checked gives a result, not an error, so is never kept.
PASTED_KEPT = 1000


@dataclass(frozen=True)
class Result:
    """What the page says about a statement checked: ``Verification``'s words, nothing more."""

    valid: bool
    message: str
    categories: list[str]
    when: str
    reference: str
    key_id: str | None
    key_retired: bool
    retired_on: date | None  # the signing key's retirement day, when it is retired
    other_force: str | None  # the force whose key signed it, when not this one

    @classmethod
    def of(cls, found: Verification) -> Result:
        return cls(
            valid=found.valid,
            message=found.check.message,
            categories=found.categories,
            when=found.when,
            reference=found.reference,
            key_id=found.check.key_id,
            key_retired=found.check.key_retired,
            retired_on=found.key.retired_on if found.key else None,
            other_force=found.other_force,
        )


@dataclass(frozen=True)
class Outcome:
    """A check's outcome for its page: a result, or errors (and the short text pasted), or a
    form refused on its CSRF token (``expired``: the reporter's session had ended)."""

    result: Result | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    pasted: str = ""
    expired: bool = False


def _aead() -> AESGCM:
    secret = current_app.config["SECRET_KEY"]
    material = secret if isinstance(secret, bytes) else str(secret).encode()
    return AESGCM(HKDF(hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material))


def keep(outcome: Outcome) -> str:
    """Seal ``outcome`` in the session cookie, in place of any kept before; returns its mark."""
    kept = asdict(outcome)
    if len(outcome.pasted) > PASTED_KEPT:
        kept["pasted"] = ""
    if outcome.result is not None and outcome.result.retired_on is not None:
        kept["result"]["retired_on"] = outcome.result.retired_on.isoformat()
    mark = secrets.token_hex(8)
    nonce = os.urandom(12)
    sealed = nonce + _aead().encrypt(nonce, json.dumps(kept).encode(), mark.encode())
    session[_KEPT] = {"mark": mark, "sealed": base64.urlsafe_b64encode(sealed).decode()}
    return mark


def take(mark: str | None) -> Outcome | None:
    """The outcome kept under ``mark``, taken out of the cookie: shown once. None when there is
    none (shown already, or another check's since)."""
    stored = session.get(_KEPT)
    if not mark or not isinstance(stored, dict) or stored.get("mark") != mark:
        return None
    session.pop(_KEPT, None)
    try:
        sealed = base64.urlsafe_b64decode(str(stored["sealed"]))
        kept: dict[str, Any] = json.loads(_aead().decrypt(sealed[:12], sealed[12:], mark.encode()))
    except (KeyError, ValueError, InvalidTag):
        return None
    result = kept.get("result")
    if isinstance(result, dict):
        retired = result.get("retired_on")
        result = Result(
            **{**result, "retired_on": date.fromisoformat(retired) if retired else None}
        )
    return Outcome(
        result=result,
        errors={str(k): [str(e) for e in v] for k, v in dict(kept.get("errors", {})).items()},
        pasted=str(kept.get("pasted", "")),
        expired=bool(kept.get("expired")),
    )
