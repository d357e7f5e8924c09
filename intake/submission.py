"""Turning a finished draft into a sealed report, in one transaction.

The answers and files are sealed to the current team key; only categories, the day received and
flags are kept in clear. Either everything commits, or nothing does and the draft is untouched.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app

from intake import hooks, receipts
from intake.attachments import team_filename
from intake.db import db
from intake.duplicates import fingerprint
from intake.locks import next_seq
from intake.models import Attachment, CaseEvent, Message, Report, ReportCategory, TeamKey
from intake.sealing import TeamPrivateKey, seal
from intake.vocabulary import named_people

REFERENCE_ALPHABET = "BCDFGHJKMNPQRSTVWXYZ23456789"
REPORTER_KEY_ID = 0  # key id written into blobs sealed to a reporter's own key


class NotReady(RuntimeError):
    """There is no team key yet, so nothing can be sealed."""


class AlreadySent(RuntimeError):
    """Another request already sent these answers; nothing was stored."""


def new_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def new_uid() -> str:
    return secrets.token_hex(16)


def current_key() -> TeamKey:
    key = TeamKey.current()
    if key is None:
        raise NotReady("no team key")
    return key


def seal_for(report: Report, plaintext: bytes, field: str) -> bytes:
    """Seal to the team key the report was sealed to (new keys only apply to new reports)."""
    with db.session.no_autoflush:
        key = db.session.get(TeamKey, report.team_key_id)
    assert key is not None
    return seal(key.public_key, key.id, plaintext, record=report.record, field=field)


def report_content(answers: dict[str, Any]) -> dict[str, Any]:
    """The part of the answers sealed into ``Report.content``."""
    fields = (
        "when",
        "when_date",
        "when_month",
        "where",
        "description",
        "people",
        "unknown",
        "affected",
        "witnesses",
        "together",
    )
    return {name: answers.get(name) for name in fields}


def add_attachment(report: Report, file: dict[str, Any]) -> Attachment:
    """Seal one cleaned file (``filename``, ``media_type``, ``data`` base64, ``cleaned``)."""
    uid = new_uid()
    seq = next_seq(report, Attachment)
    meta = {k: file[k] for k in ("media_type", "cleaned")}
    meta["filename"] = team_filename(file["filename"], file["media_type"], seq)
    meta["cautions"] = file.get("cautions", [])  # what a kept original may carry
    data = base64.b64decode(file["data"])
    # What the reporter sees of it, and the fingerprint that finds it again if added twice.
    listed = {
        "filename": file["filename"],
        "size": len(data),
        "fingerprint": fingerprint(data, file["media_type"]),
        "cleaned": file["cleaned"],  # the status page says which kept their hidden details
        "media_type": file["media_type"],  # plain text has none to remove (``templating.sizes``)
        "chosen_size": file.get("chosen_size"),  # the size shown beside the size kept
        "notice": file.get("notice"),  # why it is kept under another name, if it is
    }
    attachment = Attachment(
        uid=uid,
        seq=seq,
        added_on=date.today(),
        meta=seal_for(report, json.dumps(meta).encode(), f"attachment:{uid}:meta"),
        data=seal_for(report, data, f"attachment:{uid}:data"),
        reporter_meta=seal_for_reporter(
            report, json.dumps(listed).encode(), f"attachment:{uid}:reporter"
        ),
    )
    report.attachments.append(attachment)
    return attachment


def seal_for_reporter(report: Report, plaintext: bytes, field: str) -> bytes:
    return seal(report.reporter_key, REPORTER_KEY_ID, plaintext, record=report.record, field=field)


def add_message(
    report: Report, text: str, *, from_reporter: bool, member_id: int | None = None
) -> Message:
    """A message in the thread, sealed twice: to the team key and to the reporter's key."""
    uid = new_uid()
    message = Message(
        uid=uid,
        seq=next_seq(report, Message),
        from_reporter=from_reporter,
        member_id=member_id,
        sent_on=date.today(),
        seen_by_reporter=from_reporter,
        body=seal_for(report, text.encode(), f"message:{uid}"),
        reporter_copy=seal_for_reporter(report, text.encode(), f"message:{uid}"),
    )
    report.messages.append(message)
    return message


def reporter_private_key(material: bytes) -> TeamPrivateKey:
    return TeamPrivateKey(REPORTER_KEY_ID, material)


def record_event(report: Report, kind: str, detail: str = "", member_id: int | None = None) -> None:
    event = CaseEvent(
        seq=next_seq(report, CaseEvent),
        on=date.today(),
        kind=kind,
        detail=detail,
        member_id=member_id,
    )
    report.events.append(event)


def submit(
    answers: dict[str, Any],
    claim: Callable[[Report, str], bool] | None = None,
) -> tuple[Report, str]:
    """Seal and store a report; return it with its receipt (never stored in clear).

    ``claim(report, receipt)`` runs first inside the report's transaction (it may write there,
    as the journey does to mark its draft sent); if it returns False nothing is stored and
    ``AlreadySent`` is raised."""
    key = current_key()
    receipt = receipts.new_receipt()
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    # Held until someone else names the same person: only a report that names someone can be
    # (the journey drops the answer when the last person is taken out; this is the backstop).
    together = answers.get("together") == "together" and bool(named_people(answers))
    reporter_key = reporter_private_key(receipts.reporter_key_material(secret, receipt))
    report = Report(
        reference=new_reference(),
        receipt_hash=receipts.receipt_hash(secret, receipt),
        reporter_key=reporter_key.public_raw(),
        team_key_id=key.id,
        content=b"",
        received_on=date.today(),
        go_together=together,
        escrow="waiting" if together else "none",
        no_sharing=answers.get("share") == "no",
    )
    try:
        if claim is not None and not claim(report, receipt):
            raise AlreadySent("these answers were sent by another request")
        sent = json.dumps(report_content(answers)).encode()
        report.content = seal_for(report, sent, "report")
        report.reporter_content = seal_for_reporter(report, sent, "report")
        report.categories = [ReportCategory(category=c) for c in answers.get("categories", [])]
        db.session.add(report)
        for file in answers.get("files", []):
            add_attachment(report, file)
        record_event(report, "received", "Report received")
        db.session.flush()
        for callback in hooks.on_report_received:
            callback(report, answers)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report, receipt
