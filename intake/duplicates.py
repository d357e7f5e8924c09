"""Whether an upload is a file the reporter has already added to this report, in the journey
or from the status page, by its content.

A plain digest of a file would recognise it wherever it turns up, so none is kept. Each file
carries instead a fingerprint: a random salt of its own and an HMAC of its content under that
salt. It matches only that file's content, and two reports holding one file have unrelated
fingerprints. A draft's files keep theirs in the draft; a sent file's is in the listing sealed
to the reporter's receipt (never in the team's copy), since its content is sealed to the team.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from typing import Any

from intake.attachments import shown_name

# Each cleaning writes a fresh random file identifier into a rebuilt PDF's trailer, so two
# cleanings of one PDF differ there and nowhere else.
_PDF_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]")


def content_digest(data: bytes, media_type: str) -> bytes:
    if media_type == "application/pdf":
        data = _PDF_ID.sub(b"", data)
    return hashlib.sha256(data).digest()


def _mac(salt: bytes, digest: bytes) -> bytes:
    return hmac.new(salt, digest, hashlib.sha256).digest()


def fingerprint(data: bytes, media_type: str) -> dict[str, str]:
    """A fresh fingerprint of a cleaned file's content, to keep with the file or its listing."""
    salt = os.urandom(16)
    return {"salt": salt.hex(), "mac": _mac(salt, content_digest(data, media_type)).hex()}


def _matches(digest: bytes, added: dict[str, Any]) -> bool:
    mark = added.get("fingerprint")
    if not isinstance(mark, dict):
        return False  # listed before files had fingerprints: its content cannot be compared
    expected = bytes.fromhex(str(mark["mac"]))
    return hmac.compare_digest(_mac(bytes.fromhex(str(mark["salt"])), digest), expected)


def same_content(new: dict[str, Any], added: Iterable[dict[str, Any]]) -> str | None:
    """The name of an added file (a draft's file, or a sent file's listing) with the content of
    ``new`` (a cleaned upload, as ``intake.views.uploads.read_upload`` makes it)."""
    digest = content_digest(base64.b64decode(new["data"]), str(new["media_type"]))
    return next((str(f["filename"]) for f in added if _matches(digest, f)), None)


def already_added(chosen: str, twin: str) -> str:
    """The error for an upload refused as a copy of the added file ``twin``, chosen under the
    name ``chosen`` (as the reporter's device gave it). A file is kept under a name of its own
    ("fake.pdf", really a PNG, is kept as "fake.png"), which the reporter may never have typed:
    "You have already added fake.png" for a file chosen as "small.png" read as a mistake."""
    if shown_name(chosen) == twin:
        return f"You have already added {twin}"
    return f"You have already added this file, as {twin}"
