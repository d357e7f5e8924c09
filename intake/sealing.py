"""Sealing: encrypt what a reporter writes to the independent team's public key.

HPKE (RFC 9180) base mode with the post-quantum hybrid KEM ML-KEM-768 + X25519, HKDF-SHA256 and
AES-256-GCM. The HPKE ``info`` binds each blob to its record and field, so a blob moved to another
record or field fails to open. Plaintext is padded to a multiple of ``PAD_TO`` bytes so ciphertext
length reveals little about what was written. This module never logs or stores plaintext; it has
no Flask imports so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import (
    AEAD,
    KDF,
    KEM,
    MLKEM768X25519PrivateKey,
    MLKEM768X25519PublicKey,
    Suite,
)
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SUITE = Suite(KEM.MLKEM768_X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
FORMAT_VERSION = 1
PAD_TO = 512
_HEADER = struct.Struct(">BI")  # format version, team key id
_MLKEM_SEED = 64
_X25519 = 32
_MLKEM_PUBLIC = 1184


class SealError(Exception):
    """A sealed blob could not be opened: wrong key, wrong record, or tampered with."""


@dataclass(frozen=True)
class TeamPrivateKey:
    key_id: int
    raw: bytes  # ML-KEM-768 seed (64 bytes) followed by the X25519 private key (32 bytes)

    def hpke_key(self) -> MLKEM768X25519PrivateKey:
        return MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM_SEED]),
            x25519.X25519PrivateKey.from_private_bytes(self.raw[_MLKEM_SEED:]),
        )

    def public_raw(self) -> bytes:
        kem = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM_SEED])
        dh = x25519.X25519PrivateKey.from_private_bytes(self.raw[_MLKEM_SEED:])
        return kem.public_key().public_bytes_raw() + dh.public_key().public_bytes_raw()


def generate_private_raw() -> bytes:
    """Fresh team private key material (96 bytes)."""
    kem = mlkem.MLKEM768PrivateKey.generate()
    dh = x25519.X25519PrivateKey.generate()
    return kem.private_bytes_raw() + dh.private_bytes_raw()


def _public_key(raw: bytes) -> MLKEM768X25519PublicKey:
    if len(raw) != _MLKEM_PUBLIC + _X25519:
        raise ValueError("not a team public key")
    return MLKEM768X25519PublicKey(
        mlkem.MLKEM768PublicKey.from_public_bytes(raw[:_MLKEM_PUBLIC]),
        x25519.X25519PublicKey.from_public_bytes(raw[_MLKEM_PUBLIC:]),
    )


def _info(key_id: int, record: str, field: str) -> bytes:
    return f"candour/v{FORMAT_VERSION}|key:{key_id}|{record}|{field}".encode()


def _pad(plaintext: bytes) -> bytes:
    body = struct.pack(">I", len(plaintext)) + plaintext
    return body + b"\x00" * (-len(body) % PAD_TO)


def _unpad(padded: bytes) -> bytes:
    (length,) = struct.unpack(">I", padded[:4])
    return padded[4 : 4 + length]


def seal(public_raw: bytes, key_id: int, plaintext: bytes, *, record: str, field: str) -> bytes:
    """Encrypt ``plaintext`` to the team key, bound to ``record`` and ``field``."""
    sealed = SUITE.encrypt(_pad(plaintext), _public_key(public_raw), _info(key_id, record, field))
    return _HEADER.pack(FORMAT_VERSION, key_id) + sealed


def sealed_key_id(blob: bytes) -> int:
    """The team key id a blob was sealed to (readable without any key)."""
    version, key_id = _HEADER.unpack(blob[: _HEADER.size])
    if version != FORMAT_VERSION:
        raise SealError("unknown sealed format")
    return int(key_id)


def open_sealed(
    keys: Mapping[int, TeamPrivateKey], blob: bytes, *, record: str, field: str
) -> bytes:
    """Decrypt a blob sealed by :func:`seal`; raise :class:`SealError` on any failure."""
    if len(blob) <= _HEADER.size:
        raise SealError("sealed blob too short")
    key_id = sealed_key_id(blob)
    key = keys.get(key_id)
    if key is None:
        raise SealError(f"no copy of team key {key_id} is unlocked")
    try:
        padded = SUITE.decrypt(blob[_HEADER.size :], key.hpke_key(), _info(key_id, record, field))
    except (InvalidTag, ValueError) as error:
        raise SealError("sealed blob does not open for this record") from error
    return _unpad(padded)


# Key wrapping: a member's copy of a team private key, encrypted under a key derived from their
# password with scrypt. Parameters are stored with the wrap so they can be raised later.
@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**17
    r: int = 8
    p: int = 1


def derive_wrapping_key(password: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(password.encode())


def wrap(secret: bytes, wrapping_key: bytes, *, context: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, secret, context.encode())


def unwrap(wrapped: bytes, wrapping_key: bytes, *, context: str) -> bytes:
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[:12], wrapped[12:], context.encode())
    except InvalidTag as error:
        raise SealError("wrong password or damaged key copy") from error
