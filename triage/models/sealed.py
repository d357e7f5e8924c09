"""A column type that keeps a short secret sealed at rest: TOTP secrets.

A TOTP secret in clear lets anyone with the database (or a backup) generate a member's codes, so
it is stored encrypted with AES-256-GCM under a key derived by HKDF from the receipt key in the
key file, as the proof-signing keys are (``intake.proof.keys``): the database alone is not
enough. Models expose the plain string as a property over the sealed column, so callers are
unchanged and a backup copies only ciphertext.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_INFO = b"candour totp secret seal v1"
_AAD = b"totp-secret"
_NONCE_BYTES = 12


def _cipher(secret: bytes) -> AESGCM:
    return AESGCM(HKDF(hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret))


def seal_text(secret: bytes, value: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + _cipher(secret).encrypt(nonce, value.encode(), _AAD)


def open_text(secret: bytes, sealed: bytes) -> str:
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    return _cipher(secret).decrypt(nonce, body, _AAD).decode()


def _key_file_secret() -> bytes:
    secret: bytes = current_app.config["CANDOUR_SECRETS"].receipt_key
    return secret


def seal_secret(value: str | None) -> bytes | None:
    """Seal under the key file's key (needs an app context)."""
    return None if value is None else seal_text(_key_file_secret(), value)


def open_secret(sealed: bytes | None) -> str | None:
    return None if sealed is None else open_text(_key_file_secret(), sealed)
