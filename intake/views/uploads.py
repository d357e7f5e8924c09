"""Reading one uploaded file from a form into a cleaned, sealable dict."""

from __future__ import annotations

import base64
from typing import Any

from werkzeug.datastructures import FileStorage

from intake.attachments import AttachmentRejected, clean_upload

MAX_FILE_BYTES = 10 * 1024 * 1024


def read_upload(file: FileStorage | None, *, keep_original: bool) -> dict[str, Any]:
    """Clean an uploaded file; raise ``AttachmentRejected`` with a message for the reporter."""
    if file is None or not file.filename:
        raise AttachmentRejected("Choose a file to upload")
    try:
        data = file.stream.read(MAX_FILE_BYTES + 1)
    finally:
        file.close()  # large uploads are spooled to a temporary file; release it now
    cleaned = clean_upload(
        file.filename, data, keep_original=keep_original, max_bytes=MAX_FILE_BYTES
    )
    return {
        "filename": cleaned.filename,
        "media_type": cleaned.media_type,
        "cleaned": cleaned.metadata_removed,
        "size": len(cleaned.data),
        "data": base64.b64encode(cleaned.data).decode(),
    }
