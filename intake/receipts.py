"""Receipt codes: the reporter's only way back to their report.

A receipt is 20 characters from a 32-symbol alphabet without look-alikes (100 random bits),
shown in five groups of four so it can be copied or read aloud. It is shown once and stored only
as HMAC-SHA256 under a server secret, so a status lookup is one indexed equality query and a stolen
database cannot be used to test guesses offline.
"""

from __future__ import annotations

import hmac
import re
import secrets
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"  # no I, L, O, U: nothing to misread
LENGTH = 20
GROUP = 4
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_receipt() -> str:
    """A fresh receipt code, formatted for display."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_receipt(code)


def format_receipt(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


# Between a receipt's characters, anything that only separates them: spaces (and line breaks)
# and dashes, as shown, typed or read aloud.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")


def normalise(entered: str) -> str | None:
    """What the reporter typed or pasted, reduced to the bare code; None if it cannot be one.

    Spaces and dashes are dropped, capitals do not matter and look-alikes read as the symbol
    they resemble (O as 0, I and L as 1, U as V); what is left must be exactly a receipt's 20
    characters. Nothing more is looked through: a receipt with words or letters before or
    after it was once taken for it, which let one lookup try several receipts."""
    cleaned = _SEPARATORS.sub("", entered)
    if not cleaned.isascii():  # "ß".upper() is "SS": a letter must stay one letter
        return None
    cleaned = cleaned.upper().translate(_READS_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def shown_back(entered: str) -> str:
    """What the reporter typed, in groups of four when it can be a receipt (so a slip is easy to
    spot against the written one), else as typed."""
    bare = normalise(entered)
    return format_receipt(bare) if bare else entered.strip()


def receipt_hash(key: bytes, code: str) -> bytes:
    """Keyed hash of a normalised or formatted code; the only form ever stored."""
    bare = normalise(code)
    if bare is None:
        raise ValueError("not a receipt code")
    return hmac.new(key, b"receipt\x00" + bare.encode(), sha256).digest()


def lookup_hash(key: bytes, entered: str) -> bytes:
    """Hash for a lookup; malformed input still costs one HMAC so wrong codes all take as long."""
    bare = normalise(entered) or "#" * LENGTH
    return hmac.new(key, b"receipt\x00" + bare.encode(), sha256).digest()


def proof_reference(key: bytes, code: str) -> str:
    """Value derived from the receipt for proof-of-reporting statements (not the receipt)."""
    bare = normalise(code) or ""
    return hmac.new(key, b"proof\x00" + bare.encode(), sha256).hexdigest()[:24]


def reporter_key_material(key: bytes, code: str) -> bytes:
    """96 bytes of key material for the reporter's own key pair, derivable only from the receipt
    and the server's receipt key (see ``intake.sealing.TeamPrivateKey`` for the layout)."""
    bare = normalise(code) or ""
    ikm = hmac.new(key, b"reporter-key\x00" + bare.encode(), sha256).digest()
    return HKDF(hashes.SHA256(), length=96, salt=None, info=b"candour reporter key").derive(ikm)
