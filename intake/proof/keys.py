"""Storage and rotation of the proof-of-reporting signing keys (``intake.models.ProofKey``).

The private key is sealed with AES-256-GCM under a wrapping key derived with HKDF from the
receipt key, a secret held in the key file (``intake.config``), outside the database. The
receipt key is used rather than a new, fifth secret because it already lives in every key file
and environment (a new required secret would stop existing installations from starting) and
can never be rotated without breaking every receipt, so the wrapping key stays stable; HKDF
with its own label keeps the derived key independent of the receipt hashes.

If the current private key cannot be unsealed (the secret was changed), a new key is made and
the old one is retired: nothing is lost, because statements are checked with public keys only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.db import db
from intake.models import ProofKey
from intake.models.force import Force
from intake.proof.statement import (
    ProofCheck,
    PublicKeyEntry,
    SigningKey,
    load_signing_key,
    new_signing_key,
    private_key_bytes,
    public_key_pem,
    statement_when,
    verify_proof,
)
from intake.tenancy import current_force_id, use_force

_WRAP_INFO = b"candour proof signing key wrap v1"
_NONCE_BYTES = 12


def _wrapping_key() -> AESGCM:
    secret: bytes = current_app.config["CANDOUR_SECRETS"].receipt_key
    derived = HKDF(hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO).derive(secret)
    return AESGCM(derived)


def _associated_data(key_id: str) -> bytes:
    # Binds a sealed private key to its row, so sealed keys cannot be swapped between rows.
    return b"proof-key\x00" + key_id.encode("ascii")


def _seal(key: SigningKey) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + _wrapping_key().encrypt(
        nonce, private_key_bytes(key), _associated_data(key.key_id)
    )


def _unseal(row: ProofKey) -> SigningKey | None:
    """The signing key of ``row``, or None if it cannot be opened with this server's secret."""
    nonce, sealed = row.private_key_sealed[:_NONCE_BYTES], row.private_key_sealed[_NONCE_BYTES:]
    try:
        raw = _wrapping_key().decrypt(nonce, sealed, _associated_data(row.key_id))
        return load_signing_key(row.key_id, raw)
    except (InvalidTag, ValueError):
        return None


def current_row() -> ProofKey | None:
    query = select(ProofKey).where(ProofKey.current.is_(True))
    return db.session.scalars(query).first()


def all_rows() -> list[ProofKey]:
    """Every key ever used, newest first."""
    return list(db.session.scalars(select(ProofKey).order_by(ProofKey.id.desc())))


def _retire(row: ProofKey, today: date) -> None:
    row.current = None
    row.retired_on = today


def _add_new_key(today: date) -> SigningKey:
    key = new_signing_key()
    db.session.add(
        ProofKey(
            key_id=key.key_id,
            public_key=public_raw(key),
            private_key_sealed=_seal(key),
            created_on=today,
            retired_on=None,
            current=True,
        )
    )
    return key


def public_raw(key: SigningKey) -> bytes:
    return key.private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def rotate(today: date | None = None) -> tuple[ProofKey | None, SigningKey]:
    """Retire the current key (it stays published) and make a new one; commits.

    Returns the retired row (None if there was no key yet) and the new key.
    """
    today = today or date.today()
    old = current_row()
    if old is not None:
        _retire(old, today)
        db.session.flush()  # frees the "current" slot before the new key takes it
    key = _add_new_key(today)
    db.session.commit()
    return old, key


def signing_key() -> SigningKey:
    """The key new statements are signed with, made on first use; may commit."""
    row = current_row()
    key = _unseal(row) if row is not None else None
    if key is not None:
        return key
    try:
        # No key yet, or one sealed under a secret this server no longer has: retire that one
        # (it stays published, so what it signed still verifies) and make a new one.
        _, key = rotate()
    except IntegrityError:
        # Another request did the same at the same moment (one current key is enforced by a
        # unique column); use the key it made.
        db.session.rollback()
        row = current_row()
        key_or_none = _unseal(row) if row is not None else None
        if key_or_none is None:
            raise
        key = key_or_none
    return key


def published_keys() -> list[PublicKeyEntry]:
    """Every public key, with its retirement day, for
    :func:`intake.proof.statement.verify_proof`."""
    return [
        PublicKeyEntry(
            row.key_id, Ed25519PublicKey.from_public_bytes(row.public_key), row.retired_on
        )
        for row in all_rows()
    ]


def pem_of(row: ProofKey) -> str:
    return public_key_pem(Ed25519PublicKey.from_public_bytes(row.public_key))


def row_for(key_id: str | None) -> ProofKey | None:
    if key_id is None:
        return None
    return db.session.scalars(select(ProofKey).where(ProofKey.key_id == key_id)).first()


@dataclass(frozen=True)
class Verification:
    """A checked statement and what a person needs to read about it."""

    check: ProofCheck
    key: ProofKey | None  # the key that signed it, when valid
    # The name of the force whose key signed it, when that is not the force checking it.
    other_force: str | None = None

    @property
    def valid(self) -> bool:
        return self.check.valid

    @property
    def categories(self) -> list[str]:
        return list(self.check.statement["categories"]) if self.check.statement else []

    @property
    def when(self) -> str:
        """When the statement says the report was made ("3 March 2026", "March 2026"), or ""
        if it does not say."""
        return statement_when(self.check.statement)[1] if self.check.statement else ""

    @property
    def reference(self) -> str:
        return str(self.check.statement["reference"]) if self.check.statement else ""


def verify(document: bytes) -> Verification:
    """Check ``document`` against every key Candour has published, every force's.

    Each force signs with its own key, so a genuine statement checked at another force's
    address (or the national one) used to be called "not issued by Candour". Every force's keys
    are public (``/<force>/proof/keys``), so saying which force's key signed it reveals nothing
    that checking at each address would not."""
    here = current_force_id()
    keys, owners = published_keys(), {}
    for force in db.session.scalars(select(Force).where(Force.id != here).order_by(Force.id)):
        owner = (force.id, force.name)
        with use_force(force.id):  # a force's keys are read in that force
            theirs = published_keys()
        keys += theirs
        owners.update({entry.key_id: owner for entry in theirs})
    check = verify_proof(document, keys)
    if not check.valid or check.key_id not in owners:
        return Verification(check=check, key=row_for(check.key_id) if check.valid else None)
    force_id, name = owners[check.key_id]
    with use_force(force_id):
        key = row_for(check.key_id)
        if key is not None:
            db.session.expunge(key)  # read after that force's transaction has ended
    return Verification(check=check, key=key, other_force=name)
