"""Post/redirect/get for the forms a team member sends before being signed in: the sign-in's
password and code pages, and setting up an account from an invitation (a password, then the
first authenticator code).

Rendering the refused form in reply to the POST left that POST in the browser's history: a
reload asked "Confirm form resubmission" and sent the password or code again, counting another
failed attempt. So, as on the signed-in pages (``redisplay``), the POST redirects (303) to its
page, marked ``?refused=<mark>``, and only a GET of that marked address shows the refusal: a
reload, or Back and Forward onto it, shows the error summary and field errors again without
sending anything, counting anything or auditing anything, and the page opened afresh is blank.

``redisplay`` keeps a refused form in the staff session's row under a key only the member's
cookie holds; before sign-in there is no such row, and Flask's session is a cookie that is
signed, not encrypted (whoever holds the browser can read it). So what these pages keep goes in
that cookie sealed with AES-256-GCM under a key derived by HKDF from the app's secret key, bound
to the page and to the refusal's mark, and never in the database. It is only:

- the errors (which field, which message);
- the fields the caller names as ``kept``: only the email address typed to sign in. A password
  or a code is never kept, not even sealed or hashed: those fields come back empty.

One refusal is kept at a time, the latest, with a random mark of its own: an older refusal's
address shows its page blank. It goes when its form is accepted (the password and invitation
steps start a fresh session anyway) or when another refusal takes its place.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, redirect, request, session
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse
from wtforms import PasswordField

from triage.views.redisplay import MARK, Form, Refused, marked_address, refused_from

_KEPT = "refused_before_sign_in"  # the session's (the cookie's) key for the sealed refusal
_INFO = b"candour team form refused before sign-in"
KEPT_LENGTH = 320  # the longest value kept: an email address is at most 254 characters


def _aead() -> AESGCM:
    secret = current_app.config["SECRET_KEY"]
    material = secret if isinstance(secret, bytes) else str(secret).encode()
    return AESGCM(HKDF(hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material))


def _bound_to(place: str, mark: str) -> bytes:
    return f"{place}/{mark}".encode()


def refuse(
    place: str,
    form: FlaskForm,
    to: str,
    *,
    kept: Collection[str] = (),
    typed: Mapping[str, str] | None = None,
) -> BaseResponse:
    """Keep the errors ``form`` was refused for at ``place`` (one form on one page), and the
    fields named in ``kept`` as sent, sealed in the session cookie, and redirect (303) to ``to``,
    the page whose GET shows them. Every other field comes back empty. ``typed`` gives the kept
    fields instead when they were typed on an earlier page, not sent with this request."""
    for name in kept:
        if isinstance(form[name], PasswordField):
            raise ValueError(f"{name} is a password: it is never kept")
    sent = request.form if typed is None else MultiDict(typed)
    mark = secrets.token_hex(8)
    payload = {
        # A value longer than any real one is not kept: sealed, it could outgrow the cookie.
        "fields": [
            (k, v) for k, v in sent.items(multi=True) if k in kept and len(v) <= KEPT_LENGTH
        ],
        "errors": {field.name: list(field.errors) for field in form if field.errors},
    }
    nonce = os.urandom(12)
    sealed = nonce + _aead().encrypt(nonce, json.dumps(payload).encode(), _bound_to(place, mark))
    session[_KEPT] = {"mark": mark, "sealed": base64.urlsafe_b64encode(sealed).decode()}
    return redirect(marked_address(to, mark), code=303)


def refused_at(place: str) -> Refused | None:
    """The form last refused at ``place``, when this GET is of the address its refusal
    redirected to."""
    mark = request.args.get(MARK)
    stored = session.get(_KEPT)
    if not mark or not isinstance(stored, dict) or stored.get("mark") != mark:
        return None
    try:
        sealed = base64.urlsafe_b64decode(str(stored["sealed"]))
        opened = _aead().decrypt(sealed[:12], sealed[12:], _bound_to(place, mark))
        payload: dict[str, Any] = json.loads(opened)
    except (KeyError, ValueError, InvalidTag):
        return None
    return refused_from(payload)


def shown(place: str, form_class: type[Form]) -> Form:
    """The form a page's GET shows at ``place``: the one refused there, with its errors, or
    else a blank one."""
    refused = refused_at(place)
    form: Form = form_class(formdata=None if refused is None else refused.fields)
    return form if refused is None else refused.restore(form)


def forget() -> None:
    """Forget the refusal kept, if any: its form was accepted, or its page is gone."""
    session.pop(_KEPT, None)
