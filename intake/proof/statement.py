"""Proof of reporting: a signed, human-readable statement that a report was made.

A reporter may download a small UTF-8 text file confirming that a report was made to the
independent misconduct team, with no more detail (a month, quarter or year; the categories)
than keeps it among several reports: ``intake.proof.anonymity`` chooses what it says. Version
1 statements, which gave the day, still verify. It is signed with
Ed25519 so that anyone holding Candour's published public keys can check it was issued by
Candour and has not been altered. Keys are identified by a key id and can be rotated: old
keys are kept (marked retired) so statements they signed still verify.

The document is the plain-English explanation, then a canonical JSON statement, then the
key id, all of which are signed byte for byte, followed by the base64 signature::

    ...prose...
    -----BEGIN CANDOUR STATEMENT-----
    {"categories":[...],"issuer":"Candour","received_in":"2026-03","reference":"...",...}
    -----END CANDOUR STATEMENT-----
    Key-Id: 0123456789abcdef
    -----BEGIN CANDOUR SIGNATURE-----
    <base64 Ed25519 signature over every byte above this line>
    -----END CANDOUR SIGNATURE-----

This module must never: put the receipt, the report text, or anything identifying the
reporter into a statement (``reference`` is an opaque value the caller derives from the
receipt); accept a statement any byte of which has changed; or raise on malformed input to
:func:`verify_proof` (it always returns a :class:`ProofCheck`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from intake.proof.period import human_date as _human_date
from intake.proof.period import period_bounds, period_words

__all__ = [
    "ISSUER",
    "MAX_DOCUMENT_BYTES",
    "VERSION",
    "ProofCheck",
    "PublicKeyEntry",
    "SigningKey",
    "key_id_for",
    "load_public_key_pem",
    "load_signing_key",
    "make_proof",
    "new_signing_key",
    "private_key_bytes",
    "public_entry",
    "public_key_pem",
    "statement_when",
    "verify_proof",
]

ISSUER = "Candour"
VERSION = 2
MAX_DOCUMENT_BYTES = 64 * 1024
MAX_REFERENCE_LENGTH = 200
MAX_CATEGORY_LENGTH = 100
MAX_CATEGORIES = 20

BEGIN_STATEMENT = "-----BEGIN CANDOUR STATEMENT-----"
END_STATEMENT = "-----END CANDOUR STATEMENT-----"
BEGIN_SIGNATURE = "-----BEGIN CANDOUR SIGNATURE-----"
END_SIGNATURE = "-----END CANDOUR SIGNATURE-----"
KEY_ID_PREFIX = "Key-Id: "

_KEY_ID = re.compile(r"[0-9a-f]{16}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: Ed25519PrivateKey


@dataclass(frozen=True)
class PublicKeyEntry:
    key_id: str
    public_key: Ed25519PublicKey
    retired_on: date | None = None


@dataclass(frozen=True)
class ProofCheck:
    """Result of :func:`verify_proof`. ``message`` is plain English, fit to show anyone."""

    valid: bool
    message: str
    statement: dict[str, Any] | None
    key_retired: bool
    # The id of the key that made a valid signature; None unless ``valid``.
    key_id: str | None = None


# --- keys --------------------------------------------------------------------------


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """First 16 hex characters of the SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(_raw_public(public_key)).hexdigest()[:16]


def new_signing_key() -> SigningKey:
    private_key = Ed25519PrivateKey.generate()
    return SigningKey(key_id=key_id_for(private_key.public_key()), private_key=private_key)


def public_entry(key: SigningKey, retired_on: date | None = None) -> PublicKeyEntry:
    """The public half of ``key``, as published for verifiers."""
    return PublicKeyEntry(key.key_id, key.private_key.public_key(), retired_on)


def public_key_pem(entry: PublicKeyEntry | SigningKey | Ed25519PublicKey) -> str:
    """SubjectPublicKeyInfo PEM of a public key (never the private key)."""
    if isinstance(entry, SigningKey):
        public_key = entry.private_key.public_key()
    elif isinstance(entry, PublicKeyEntry):
        public_key = entry.public_key
    else:
        public_key = entry
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_key_pem(pem: str) -> Ed25519PublicKey:
    """Load a PEM public key; raises ValueError unless it is an Ed25519 key."""
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def private_key_bytes(key: SigningKey) -> bytes:
    """The raw 32-byte private key, for storage in the secrets store."""
    return key.private_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def load_signing_key(key_id: str, raw: bytes) -> SigningKey:
    """Rebuild a :class:`SigningKey` from its id and raw 32-byte private key.

    Raises ValueError if ``raw`` is not 32 bytes or ``key_id`` is not the id of that key,
    so a mislabelled key can never sign statements that would then fail to verify.
    """
    if len(raw) != 32:
        raise ValueError("an Ed25519 private key is exactly 32 bytes")
    private_key = Ed25519PrivateKey.from_private_bytes(bytes(raw))
    expected = key_id_for(private_key.public_key())
    if key_id != expected:
        raise ValueError("key id does not match the private key")
    return SigningKey(key_id=key_id, private_key=private_key)


# --- making a statement ------------------------------------------------------------


def _check_text_field(value: object, what: str, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    if len(value) > max_length:
        raise ValueError(f"{what} is longer than {max_length} characters")
    # Control, format and separator characters could break the line structure or hide
    # text from a human reader of the prose.
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for ch in value):
        raise ValueError(f"{what} contains control or invisible characters")
    return value


def _canonical_json(statement: dict[str, Any]) -> str:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _category_phrase(categories: list[str]) -> str:
    quoted = [f"“{c}”" for c in categories]
    if not quoted:
        return ""
    if len(quoted) == 1:
        return f" in the category {quoted[0]}"
    return f" in the categories {', '.join(quoted[:-1])} and {quoted[-1]}"


def _prose(categories: list[str], received_in: str, key_id: str) -> str:
    when = period_words(received_in)
    paragraphs = [
        "CANDOUR: PROOF OF REPORTING",
        f"This statement, signed by {ISSUER}, confirms that a report"
        f"{_category_phrase(categories)} was made to the independent misconduct team"
        f"{' in ' + when if when else ''}.",
        "It is deliberately no more precise than that: several reports made to the team fit "
        "this description, so it does not point to one of them.",
        "It does not say who made the report or what the report says. The reference below "
        "is derived from the reporter's receipt, but the receipt cannot be worked out from "
        "it, and it cannot be used to read the report.",
        f"The statement is signed with {ISSUER}'s Ed25519 key {key_id}. Anyone can check it "
        f"with {ISSUER}'s published public keys. Changing any character of this file, "
        "including this explanation, makes the signature invalid.",
    ]
    wrapped = [
        textwrap.fill(p, width=78, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs
    ]
    return "\n\n".join(wrapped) + "\n\n"


def make_proof(
    key: SigningKey,
    *,
    reference: str,
    categories: list[str],
    received_in: str,
) -> bytes:
    """Return a signed proof-of-reporting document (UTF-8 text). ``categories`` may be empty
    and ``received_in`` "" when saying them would single the report out."""
    _check_text_field(reference, "reference", MAX_REFERENCE_LENGTH)
    if not isinstance(categories, list):
        raise ValueError("categories must be a list")
    if len(categories) > MAX_CATEGORIES:
        raise ValueError(f"at most {MAX_CATEGORIES} categories")
    for category in categories:
        _check_text_field(category, "category", MAX_CATEGORY_LENGTH)
    if not isinstance(received_in, str) or (received_in and period_bounds(received_in) is None):
        raise ValueError("received_in must be a month, quarter or year (2026-03, 2026-Q1, 2026)")
    if not _KEY_ID.fullmatch(key.key_id):
        raise ValueError("key id must be 16 lowercase hex characters")

    statement = {
        "categories": list(categories),
        "issuer": ISSUER,
        "received_in": received_in,
        "reference": reference,
        "version": VERSION,
    }
    body = (
        _prose(categories, received_in, key.key_id)
        + f"{BEGIN_STATEMENT}\n{_canonical_json(statement)}\n{END_STATEMENT}\n"
        + f"{KEY_ID_PREFIX}{key.key_id}\n"
    ).encode("utf-8")
    signature = base64.b64encode(key.private_key.sign(body)).decode("ascii")
    return body + f"{BEGIN_SIGNATURE}\n{signature}\n{END_SIGNATURE}\n".encode("ascii")


# --- verifying a statement ---------------------------------------------------------


def _invalid(message: str, statement: dict[str, Any] | None = None) -> ProofCheck:
    return ProofCheck(valid=False, message=message, statement=statement, key_retired=False)


def _parse_statement(line: str) -> dict[str, Any] | None:
    """The statement if ``line`` is exactly its canonical JSON form, else None."""
    try:
        statement = json.loads(line)
    except ValueError:
        return None
    if not isinstance(statement, dict):
        return None
    version = statement.get("version")
    when_field = "received_on" if version == 1 else "received_in"
    if set(statement) != {"categories", "issuer", when_field, "reference", "version"}:
        return None
    if statement["issuer"] != ISSUER or type(version) is not int or version not in (1, VERSION):
        return None
    categories = statement["categories"]
    when = statement[when_field]
    if not (
        isinstance(categories, list)
        and (categories or version == VERSION)
        and all(isinstance(c, str) for c in categories)
        and isinstance(statement["reference"], str)
        and isinstance(when, str)
    ):
        return None
    if version == 1:
        if not _DATE.fullmatch(when):
            return None
        try:
            date.fromisoformat(when)
        except ValueError:
            return None
    elif when and period_bounds(when) is None:
        return None
    if _canonical_json(statement) != line:
        return None
    return statement


def statement_when(statement: dict[str, Any]) -> tuple[date | None, str]:
    """The first day a valid statement's report can have arrived, and when it says it was
    made in words ("3 March 2026", "March 2026", "" when it does not say)."""
    if statement["version"] == 1:
        day = date.fromisoformat(statement["received_on"])
        return day, _human_date(day)
    bounds = period_bounds(statement["received_in"])
    if bounds is None:
        return None, ""
    return bounds[0], period_words(statement["received_in"])


def verify_proof(document: bytes, keys: Iterable[PublicKeyEntry]) -> ProofCheck:
    """Check a proof-of-reporting document against Candour's public keys.

    Never raises for any ``document``; problems are reported in the result.
    """
    not_statement = "This file is not a Candour proof-of-reporting statement"
    if not isinstance(document, bytes | bytearray | memoryview):
        return _invalid(f"{not_statement}.")
    document = bytes(document)
    if len(document) > MAX_DOCUMENT_BYTES:
        return _invalid(f"{not_statement}: it is far too large to be one.")
    try:
        text = document.decode("utf-8")
    except UnicodeDecodeError:
        return _invalid(f"{not_statement}: it is not a UTF-8 text file.")

    # Parsed from the end, because the prose above the statement may be any text.
    lines = text.split("\n")
    if len(lines) < 9 or lines[-1] != "":
        return _invalid(f"{not_statement}, or it is incomplete or has been altered.")
    begin_statement, json_line, end_statement, key_line, begin_sig, sig_line, end_sig = lines[-8:-1]
    if (begin_statement, end_statement, begin_sig, end_sig) != (
        BEGIN_STATEMENT,
        END_STATEMENT,
        BEGIN_SIGNATURE,
        END_SIGNATURE,
    ) or not key_line.startswith(KEY_ID_PREFIX):
        return _invalid(f"{not_statement}, or it is incomplete or has been altered.")

    key_id = key_line[len(KEY_ID_PREFIX) :]
    if not _KEY_ID.fullmatch(key_id):
        return _invalid("The key id in this statement is malformed, so it cannot be checked.")
    try:
        signature = base64.b64decode(sig_line.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        signature = b""
    # Insisting on the exact canonical encoding means no byte of the signature line
    # can be changed without detection (base64 decoding alone tolerates some edits).
    if len(signature) != 64 or base64.b64encode(signature).decode("ascii") != sig_line:
        return _invalid("The signature in this statement is damaged, so it cannot be trusted.")

    signed_length = len("\n".join(lines[:-4]).encode("utf-8")) + 1
    body = document[:signed_length]

    candidates = [entry for entry in keys if entry.key_id == key_id]
    if not candidates:
        return _invalid(
            f"This statement was signed with a key Candour does not recognise (key id "
            f"{key_id}). It was not issued by Candour, or it comes from a different service."
        )
    entry = None
    for candidate in candidates:
        try:
            candidate.public_key.verify(signature, body)
        except InvalidSignature:
            continue
        entry = candidate
        break
    if entry is None:
        return _invalid(
            "The signature does not match: this statement has been altered or was not "
            "issued by Candour."
        )

    statement = _parse_statement(json_line)
    if statement is None:
        # Only reachable if Candour itself signed something malformed.
        return _invalid(f"{not_statement}: its statement block is not in the expected form.")

    earliest, when = statement_when(statement)
    on_or_in = "on" if statement["version"] == 1 else "in"
    made = f"confirms a report made {on_or_in} {when}" if when else "confirms a report was made"
    if entry.retired_on is None:
        return ProofCheck(
            valid=True,
            message=(
                f"This statement is genuine. It was signed by Candour (key id {key_id}) and {made}."
            ),
            statement=statement,
            key_retired=False,
            key_id=key_id,
        )
    if earliest is not None and earliest > entry.retired_on:
        # A retired key must not have signed anything about a later report; this would
        # only appear if an old key had leaked.
        return _invalid(
            f"This statement was signed with a key retired on "
            f"{_human_date(entry.retired_on)}, but describes a report made after that "
            "date, so it cannot be trusted.",
        )
    return ProofCheck(
        valid=True,
        message=(
            f"This statement is genuine. It was signed with a key retired on "
            f"{_human_date(entry.retired_on)} (key id {key_id}); statements signed before "
            f"then remain valid. It {made}."
        ),
        statement=statement,
        key_retired=True,
        key_id=key_id,
    )
