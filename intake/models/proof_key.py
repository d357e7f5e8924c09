"""Candour's proof-of-reporting signing keys (Ed25519).

Public halves are published (``/proof/keys``) and kept for ever so that every statement a key
ever signed still verifies after rotation. The private half is stored only sealed with
AES-256-GCM under a key derived from a secret in the key file (``intake.proof.keys``), so a
copy of the database alone cannot sign statements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class ProofKey(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "proof_key"
    __table_args__ = (UniqueConstraint("force_id", "current", name="uq_proof_key_force_current"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # intake.proof.statement.key_id_for
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # raw Ed25519 public key
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + AES-GCM ciphertext
    created_on: Mapped[date]
    retired_on: Mapped[date | None]
    # True for the one key that signs new statements, NULL for retired keys. The unique
    # constraint on (force, current) (NULLs never collide) means two requests creating a force's
    # first key at the same moment cannot both succeed, so a force never has two current keys.
    current: Mapped[bool | None]
