"""Whether an upload is a file the reporter has already added to this report.

Files are compared by SHA-256 digests of their cleaned bytes, computed in memory for each check
and kept nowhere: a digest recognises a file wherever it turns up, so none is stored.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from typing import Any

# Each cleaning writes a fresh random file identifier into a rebuilt PDF's trailer, so two
# cleanings of one PDF differ there and nowhere else.
_PDF_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]")


def content_digest(data: bytes, media_type: str) -> bytes:
    if media_type == "application/pdf":
        data = _PDF_ID.sub(b"", data)
    return hashlib.sha256(data).digest()


def _digest(file: dict[str, Any]) -> bytes:
    return content_digest(base64.b64decode(file["data"]), str(file["media_type"]))


def same_content(new: dict[str, Any], added: Iterable[dict[str, Any]]) -> str | None:
    """The name of an added file (cleaned upload dicts, as in a draft) with ``new``'s content."""
    wanted = _digest(new)
    return next((str(f["filename"]) for f in added if _digest(f) == wanted), None)


def same_listing(new: dict[str, Any], listed: Iterable[dict[str, Any]]) -> str | None:
    """The name of a sent file the reporter's own listing (name and size, no content) shows
    with ``new``'s name and size. After sending, a file's content is sealed to the team alone,
    so its name and size are all this report's reporter can compare."""
    return next(
        (
            str(f["filename"])
            for f in listed
            if f.get("filename") == new["filename"] and f.get("size") == new["size"]
        ),
        None,
    )
