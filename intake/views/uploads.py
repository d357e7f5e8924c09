"""Reading one uploaded file from a form into a cleaned, sealable dict.

:class:`MemoryRequest` keeps uploaded files in memory: Werkzeug's default spools any file over
500 KB, uncleaned, to a temporary file on disk, where it could outlive the request (swap, disk
forensics). Memory use is bounded by ``MAX_CONTENT_LENGTH``, checked before parsing.
"""

from __future__ import annotations

import base64
import io
import re
from typing import IO, Any

from flask import Request, request
from werkzeug.datastructures import FileStorage

from intake.attachments import (
    DEFAULT_MAX_BYTES,
    AttachmentRejected,
    clean_upload,
    shown_name,
    too_large,
)
from intake.duplicates import fingerprint

# Also the limit the evidence pages' file fields check with JavaScript (``intake.templating``).
MAX_FILE_BYTES = DEFAULT_MAX_BYTES


class MemoryRequest(Request):
    """A request as Candour reads it: uploaded files held in memory, never in a temporary file,
    and a body read only as the form a page sent."""

    # Every page posts a form; nothing takes JSON. Flask-WTF reads a body labelled JSON as a
    # form's fields, and one that did not parse raised 400 from any form built while answering,
    # even the team header's sign-out button on the error page itself (a 500).
    is_json = False

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for _, file in self.files.items(multi=True):
            file.filename = _name_as_sent(file)


# A file name as its part's Content-Disposition header gives it, quoted. Browsers escape a
# double quote in it (as %22), never a backslash.
_QUOTED_FILENAME = re.compile(r'filename="([^"]*)"')


def _name_as_sent(file: FileStorage) -> str | None:
    """``file``'s name with a backslash kept as sent. Werkzeug reads a backslash in a quoted
    name as an escape and drops it, so a Windows path (``..\\Users\\jsmith\\Desktop\\x.png``)
    arrived as one name with its folders run together, which no cleaning could cut to its
    last part (as it does a ``/`` path)."""
    sent = _QUOTED_FILENAME.search(file.headers.get("Content-Disposition", ""))
    if sent is None or "\\" not in sent[1] or sent[1].endswith("\\"):  # last: an escaped quote
        return file.filename
    return sent[1]


# With JavaScript, a file over the limit is taken out of its field as soon as it is chosen, so
# that it is never sent (``candour.js``), and its name is sent in this field instead: the page
# then refuses it as it refuses the file itself without JavaScript, where an empty file field
# had it say "Choose a file to upload" to a reporter who had just chosen one.
TOO_LARGE_FIELD = "file_too_large"


def chosen_file(file: FileStorage | None) -> bool:
    """Whether the reporter picked a file in the form's file input."""
    return file is not None and bool(file.filename)


def too_large_taken_out() -> bool:
    """Whether, with JavaScript, the file chosen was too large and taken out of its field."""
    return bool(request.form.get(TOO_LARGE_FIELD))


def read_upload(file: FileStorage | None, *, keep_original: bool) -> dict[str, Any]:
    """Clean an uploaded file; raise ``AttachmentRejected`` with a message for the reporter."""
    if file is None or not file.filename:
        if too_large_taken_out():
            name = shown_name(request.form.get(TOO_LARGE_FIELD, ""))
            raise AttachmentRejected(too_large(name, MAX_FILE_BYTES))
        raise AttachmentRejected("Choose a file to upload")
    try:
        data = file.stream.read(MAX_FILE_BYTES + 1)
    finally:
        file.close()
    cleaned = clean_upload(
        file.filename, data, keep_original=keep_original, max_bytes=MAX_FILE_BYTES
    )
    return {
        "filename": cleaned.filename,
        "media_type": cleaned.media_type,
        "cleaned": cleaned.metadata_removed,
        "cautions": list(cleaned.cautions),
        "notice": cleaned.notice,
        "size": len(cleaned.data),
        # As chosen: a cleaned file can be larger (a PDF's pages redrawn as pictures), and a
        # 193-byte file listed as "5 KB" alone looked like another file.
        "chosen_size": len(data),
        "data": base64.b64encode(cleaned.data).decode(),
        "fingerprint": fingerprint(cleaned.data, cleaned.media_type),
    }
