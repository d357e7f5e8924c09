"""Candour's proof-of-reporting signing keys (Ed25519).

Public halves are published (``/proof/keys``) and kept for ever so that every statement a key
ever signed still verifies after rotation. The private half is stored only sealed with
AES-256-GCM under a key derived from a secret in the key file (``intake.proof.keys``), so a
copy of the database alone cannot sign statements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db


class ProofKey(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "proof_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    # intake.proof.statement.key_id_for
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # raw Ed25519 public key
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + AES-GCM ciphertext
    created_on: Mapped[date]
    retired_on: Mapped[date | None]
    # True for the one key that signs new statements, NULL for retired keys. The unique
    # constraint (NULLs never collide) means two requests creating the first key at the same
    # moment cannot both succeed, so there is never more than one current key.
    current: Mapped[bool | None] = mapped_column(unique=True)
