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


# A receipt within other pasted text, as it is shown and downloaded (five groups of four joined by
# dashes, which a paste that lost its line breaks may run into the words around it) or typed
# with spaces between the groups, among words; never part of a longer run of groups
# ("…-EEEE-F" is mistyped, not a code with something after it).
_DASHES = "\\-\u2010-\u2015"
_WRITTEN_OUT = (
    re.compile(rf"(?<![{_DASHES}])(?:[^\W_]{{4}}[{_DASHES}]){{4}}[^\W_]{{4}}(?![{_DASHES}])"),
    re.compile(rf"(?<![\w{_DASHES}])[^\W_]{{4}}(?:\s[^\W_]{{4}}){{4}}(?![\w{_DASHES}])"),
)


def _bare(entered: str) -> str | None:
    cleaned = "".join(ch for ch in entered.upper() if ch.isalnum()).translate(_READS_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def normalise(entered: str) -> str | None:
    """What the reporter typed or pasted, reduced to the bare code; None if it cannot be one.
    A paste with words around the code ("Receipt: ABCD-…", the downloaded file's text) gives
    the one code written out in it."""
    bare = _bare(entered)
    if bare is not None:
        return bare
    # Every letter reads as some symbol (O as 0...), so five four-letter words could pass for a
    # code: a run without a digit is taken for words (a real receipt has none 1 time in 1,700).
    found = {
        code
        for pattern in _WRITTEN_OUT
        for written in pattern.finditer(entered)
        if any(ch.isdigit() for ch in written.group()) and (code := _bare(written.group()))
    }
    return found.pop() if len(found) == 1 else None


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
