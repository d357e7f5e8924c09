"""Opening a case to read it: everything on the case page decrypted for the member who asked.

Reading is audited by the caller or here ("decrypted" for the case page, "downloaded" for an
attachment); ``read_case`` itself is not, so a caller that reads for another purpose (the case
bundle) records that purpose once instead. Nothing here may log or return plaintext except to the
member who asked for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake.models import Attachment, Message, Report
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from triage import audit
from triage.casework.queries import notes_of, protections_of
from triage.models import Member, Note
from triage.models.case import Protection

Keys = Mapping[int, TeamPrivateKey]


def _open_text(keys: Keys, report: Report, blob: bytes, field: str) -> str | None:
    """Plaintext, or None when this member's keys cannot open it (shown as such, not hidden)."""
    try:
        return open_sealed(keys, blob, record=report.record, field=field).decode()
    except SealError:
        return None


@dataclass(frozen=True)
class OpenedCase:
    content: dict[str, Any] | None
    attachments: list[tuple[Attachment, dict[str, Any] | None]]
    thread: list[tuple[Message, str | None]]  # (Message, text) in date order
    notes: list[tuple[Note, str | None]]
    protections: list[tuple[Protection, str | None, str | None]]


def open_case(report: Report, member: Member, keys: Keys) -> OpenedCase:
    """Decrypt everything on the case page, and audit that this member did."""
    opened = read_case(report, keys)
    audit.record("decrypted", member.id, report.reference, "case page")
    return opened


def read_case(report: Report, keys: Keys) -> OpenedCase:
    """Decrypt everything on the case page. Not audited: the caller records why it was read."""
    raw = _open_text(keys, report, report.content, "report")
    attachments = []
    for attachment in report.attachments:
        meta = _open_text(keys, report, attachment.meta, f"attachment:{attachment.uid}:meta")
        attachments.append((attachment, json.loads(meta) if meta else None))
    messages = sorted(report.messages, key=lambda m: (m.sent_on, m.seq))
    return OpenedCase(
        content=json.loads(raw) if raw else None,
        attachments=attachments,
        thread=[(m, _open_text(keys, report, m.body, f"message:{m.uid}")) for m in messages],
        notes=[(n, _open_text(keys, report, n.body, f"note:{n.uid}")) for n in notes_of(report)],
        protections=[
            (
                p,
                _open_text(keys, report, p.note, f"protection:{p.uid}:note"),
                _open_text(keys, report, p.measures, f"protection:{p.uid}:measures"),
            )
            for p in protections_of(report)
        ],
    )


def open_attachment(
    report: Report, attachment: Attachment, member: Member, keys: Keys
) -> tuple[dict[str, Any], bytes]:
    """An attachment's metadata and bytes for download; audited as "downloaded"."""
    field = f"attachment:{attachment.uid}"
    meta = json.loads(
        open_sealed(keys, attachment.meta, record=report.record, field=f"{field}:meta")
    )
    data = open_sealed(keys, attachment.data, record=report.record, field=f"{field}:data")
    audit.record("downloaded", member.id, report.reference, f"attachment {attachment.uid}")
    return meta, data
