"""Downloading a report's attachment: opened with this session's keys (the opening is audited,
``triage.casework.reading``), sent with a safe file name and a media type that cannot be
sniffed into something the browser would run. The same checks as the case page come first
(``triage.views.case_access``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response, abort
from sqlalchemy import select

from intake.db import db
from intake.models import Attachment
from intake.sealing import SealError
from triage.casework import reading
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import team
from triage.views.case_access import CASE_ROLES, case_or_abort, signed_in_member

_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")


def content_disposition(filename: str) -> str:
    """``attachment`` with a safe ASCII ``filename`` and the exact name as RFC 5987 ``filename*``.

    Path separators and control characters are dropped so a crafted name cannot escape the
    download folder or break the header.
    """
    name = "".join(ch for ch in filename if ch.isprintable() and ch not in "/\\").strip()
    name = name or "attachment"
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._() -]", "_", fallback).strip(" .") or "attachment"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@team.get("/cases/<reference>/attachments/<uid>")
@roles_required(*CASE_ROLES)
def attachment(reference: str, uid: str) -> Response:
    report = case_or_abort(reference)
    found = db.session.scalars(
        select(Attachment).where(Attachment.uid == uid, Attachment.report_id == report.id)
    ).first()
    if found is None:
        abort(404)
    try:
        meta, data = reading.open_attachment(report, found, signed_in_member(), unlocked_keys())
    except SealError:
        abort(403)  # this session holds no key that opens it
    db.session.commit()
    media_type = str(meta.get("media_type", "")).lower()
    response = Response(
        data, mimetype=media_type if _MEDIA_TYPE.match(media_type) else "application/octet-stream"
    )
    response.headers["Content-Disposition"] = content_disposition(str(meta.get("filename", "")))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
