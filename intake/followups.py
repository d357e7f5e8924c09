"""What a reporter can do to their report after sending it, beside ``intake.submission``:
read back what they sent and the thread, reply to the team, add evidence, say they face
retaliation, release a held report, withdraw it and have what they sent deleted, replace their
receipt.

Each function changes the report in the session's transaction and commits; the views only
check forms and choose pages. Like the rest of ``intake``, nothing here logs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select

from intake import hooks, receipts
from intake.db import db
from intake.duplicates import same_content
from intake.locks import lock_and_reread
from intake.models import Attachment, CaseEvent, Message, Report
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.submission import (
    REPORTER_KEY_ID,
    add_attachment,
    add_message,
    record_event,
    reporter_private_key,
    seal_for_reporter,
)

MAX_ATTACHMENTS = 20
# The case events the reporter's own actions record (the report's arrival too): the team's
# timeline says "The reporter" did them, never "Candour".
REPORTER_EVENTS = frozenset(
    {
        "received",
        "reporter_reply",
        "evidence_added",
        "released_by_reporter",
        "release_asked",
        "no_sharing",
        "retaliation",
        "receipt_replaced",
        "withdrawn",
        "deletion_asked",
    }
)


@dataclass(frozen=True)
class OpenedMessage:
    sent_on: date
    from_reporter: bool
    text: str | None  # None when the reporter's key cannot open it
    new: bool  # a message the reporter has not seen yet


def read_thread(report: Report, key: TeamPrivateKey) -> list[OpenedMessage]:
    """The messages, opened with the reporter's own key."""
    keys = {REPORTER_KEY_ID: key}
    opened = []
    for message in report.messages:
        try:
            text: str | None = open_sealed(
                keys, message.reporter_copy, record=report.record, field=f"message:{message.uid}"
            ).decode()
        except SealError:
            text = None
        opened.append(
            OpenedMessage(
                message.sent_on, message.from_reporter, text, not message.seen_by_reporter
            )
        )
    return opened


def mark_thread_seen(report: Report) -> None:
    """The reporter has now seen every message (only a flag: no time is kept)."""
    for message in report.messages:
        message.seen_by_reporter = True
    db.session.commit()


def read_back(report: Report, key: TeamPrivateKey) -> dict[str, Any] | None:
    """What the reporter sent, and each file's listing (name, size, fingerprint), opened with
    their key; None for a report sent before read-back existed or whose content was destroyed."""
    keys = {REPORTER_KEY_ID: key}
    if not report.reporter_content:
        return None
    try:
        sent = json.loads(
            open_sealed(keys, report.reporter_content, record=report.record, field="report")
        )
        files = [
            json.loads(
                open_sealed(
                    keys,
                    attachment.reporter_meta,
                    record=report.record,
                    field=f"attachment:{attachment.uid}:reporter",
                )
            )
            for attachment in report.attachments
            if attachment.reporter_meta
        ]
    except SealError:
        return None
    return {"answers": sent, "files": files}


def _already_added(report: Report, key: TeamPrivateKey, file: dict[str, Any]) -> str | None:
    """The name of a file on the report with the content of ``file`` (a cleaned upload)."""
    sent = read_back(report, key)
    return same_content(file, sent["files"]) if sent else None


class TooManyFiles(ValueError):
    """The report already holds ``MAX_ATTACHMENTS`` files."""


class AlreadyAdded(ValueError):
    """A file of the same content is already on the report (the message is its name)."""


class NotTaken(ValueError):
    """The report was withdrawn, or its content destroyed, while a reporter's message, file or
    word of retaliation was on its way: nothing more is added to it."""


def takes_additions(report: Report) -> bool:
    """Whether the reporter can still add to the report: not withdrawn, its content kept."""
    return report.withdrawn_on is None and report.content_destroyed_on is None


def _lock_taking_additions(report: Report) -> None:
    """Lock the report's row and read it again; ``NotTaken`` if it takes no more additions.
    A page checks that when it is opened, but a file can take half a minute to clean, and the
    report can be withdrawn in another tab or reach its retention date meanwhile: what was
    added then was sealed onto a case whose content had been destroyed, and kept for good."""
    lock_and_reread(report)
    if not takes_additions(report):
        raise NotTaken


def _put_before_the_team(report: Report) -> None:
    """On a closed case, mark what the reporter just said as waiting for the team: the queue
    lists closed cases only when asked, and the reporter is told the team will see it."""
    if report.closed_on is not None and report.reporter_since_close_on is None:
        report.reporter_since_close_on = date.today()


def reply(report: Report, text: str) -> None:
    _lock_taking_additions(report)
    add_message(report, text, from_reporter=True)
    _put_before_the_team(report)
    record_event(report, "reporter_reply", "The reporter sent a message")
    db.session.commit()


def check_room_for_file(report: Report) -> None:
    _room_beside(len(report.attachments))


def _room_beside(held: int) -> None:
    if held >= MAX_ATTACHMENTS:
        raise TooManyFiles(f"A report can hold up to {MAX_ATTACHMENTS} files")


def add_evidence(report: Report, file: dict[str, Any], key: TeamPrivateKey) -> None:
    """Seal one cleaned upload (see ``intake.views.uploads.read_upload``) onto the report, unless
    a file of the same content is on it (``AlreadyAdded``), read with the reporter's ``key``.
    The files are counted and compared while holding the report's row: two tabs adding the last
    file, or the same file, at once each looked at the files they had read, and both were added."""
    _lock_taking_additions(report)
    held = db.session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.report_id == report.id)
    )
    _room_beside(held or 0)
    twin = _already_added(report, key, file)
    if twin is not None:
        raise AlreadyAdded(twin)
    add_attachment(report, file)
    _put_before_the_team(report)
    record_event(report, "evidence_added", "The reporter added evidence")
    db.session.commit()


def is_held(report: Report) -> bool:
    """A "go together" report still waiting for someone else to name the same person: nobody
    on the team can see it, its messages or its retaliation flag."""
    return report.escrow == "waiting" and report.withdrawn_on is None


def withdrawn_unread(report: Report) -> bool:
    """Withdrawn while it was held: nobody on the team read it, and nobody ever will (it is
    never released, ``triage.matching.on_arrival.release_escrow``)."""
    return report.escrow == "waiting" and report.withdrawn_on is not None


# What shows a reporter that the team has their report: the reporter asked for it ("release"),
# or the team shared it with another force or closed the case (its status page gives the day).
_RELEASE_SHOWN = frozenset({"released_by_reporter", "release_asked", "shared", "closed"})


def match_untold(report: Report) -> bool:
    """A "go together" report released because another report named the same person, whose
    sender has been shown nothing of it yet: the team has not acknowledged it, written to them,
    recorded an outcome or closed the case. Were Candour to tell them itself, anyone could send a
    report naming an officer, asking for it to be held, to learn at once whether someone had
    reported that officer (or, left held, the day someone did). The team, who can read it, tells
    its sender by acknowledging it."""
    return (
        report.go_together
        and report.escrow == "released"
        and report.acknowledged_on is None
        and report.outcome_on is None
        and all(message.from_reporter for message in report.messages)
        and not any(event.kind in _RELEASE_SHOWN for event in report.events)
    )


def match_untold_clause() -> ColumnElement[bool]:
    """``match_untold`` as a condition on ``Report`` rows, to count such reports in the database
    (``intake.proof.anonymity``). Kept beside it: the two must say the same of every report."""
    team_wrote = exists().where(Message.report_id == Report.id, Message.from_reporter.is_(False))
    release_shown = exists().where(
        CaseEvent.report_id == Report.id, CaseEvent.kind.in_(_RELEASE_SHOWN)
    )
    return and_(
        Report.go_together.is_(True),
        Report.escrow == "released",
        Report.acknowledged_on.is_(None),
        Report.outcome_on.is_(None),
        ~team_wrote,
        ~release_shown,
    )


def looks_held(report: Report) -> bool:
    """Shown to its sender as a held report, whose wording is true whether or not it is still
    held: held, or released by a match they have not been told of (``match_untold``)."""
    return is_held(report) or (report.withdrawn_on is None and match_untold(report))


def withdrawn_looking_held(report: Report) -> bool:
    """Withdrawn while it looked held (``looks_held``): said to its sender in words true both of
    a report nobody read and of one the team may have."""
    return withdrawn_unread(report) or (report.withdrawn_on is not None and match_untold(report))


def _lock_for_release(report: Report) -> None:
    """Lock the report as a release needs, and read it again: first whatever the release hooks
    need ahead of the report's row (the team side's cluster lock, ``intake.locks``), when the
    report looked held when read; then its row. Two tabs, or a release and a report naming the
    same person, then release it once, and a report withdrawn meanwhile is never released. A
    report read as not held is never held again, so it needs nothing ahead of its row."""
    if is_held(report):
        for prepare in hooks.before_report_released:
            prepare(report)
    lock_and_reread(report)


def _release(report: Report) -> None:
    """Release a held report, locked and read again by ``_lock_for_release``."""
    report.escrow = "released"
    report.released_on = date.today()
    record_event(report, "released_by_reporter", "The reporter released their held report")
    for callback in hooks.on_report_released:
        callback(report)


def release(report: Report) -> None:
    """The reporter asks the team to act now, without waiting for anyone else. Cannot be undone.
    Withdrawn meanwhile, nothing is done; released meanwhile (another tab, or a report naming
    the same person) and not yet told so, the asking is recorded, so that the status page says
    what it says after any release ("with the team since you asked") and the team sees it."""
    _lock_for_release(report)
    _release_as_asked(report)
    db.session.commit()


def _release_as_asked(report: Report) -> None:
    """Release a report that looks held (``looks_held``) as its sender asked: held, released;
    released already by a match they were not told of, the asking recorded, which shows them
    from then on that the team has it, as after any release."""
    if is_held(report):
        _release(report)
    elif looks_held(report):
        record_event(
            report,
            "release_asked",
            "The reporter asked for their held report to be released: another report had "
            "released it already, which they had not been told",
        )


NO_SHARING_EVENT = "The reporter asked that the report not be shared with another force"


def keep_from_other_forces(report: Report) -> None:
    """The reporter asks that the report never be shared with another force's team (from now
    on: what was shared stays shared). Cannot be undone here. Under the report's row lock, read
    again: a lead's decision to share it, taken at the same moment, waits and then sees it;
    asked twice at once, it is recorded once."""
    lock_and_reread(report)
    if not report.no_sharing:
        report.no_sharing = True
        record_event(report, "no_sharing", NO_SHARING_EVENT)
    db.session.commit()


def report_retaliation(report: Report, details: str) -> None:
    """Mark the report urgent. A held report is released first: the team cannot act on, or even
    see, retaliation against a reporter whose report it cannot see (the reporter confirms this
    first, on its own page)."""
    _lock_for_release(report)
    if not takes_additions(report):
        raise NotTaken
    _release_as_asked(report)
    report.urgent = True
    report.retaliation_on = date.today()
    _put_before_the_team(report)
    if details.strip():
        add_message(report, "Retaliation: " + details, from_reporter=True)
    record_event(report, "retaliation", "The reporter said they are facing retaliation")
    db.session.commit()


def replace_receipt(report: Report, old_key: TeamPrivateKey, secret: bytes) -> str | None:
    """Give the report a new receipt and re-seal everything sealed to the old receipt's key, so
    the new receipt reads it and the old one no longer finds the report. Returns the receipt.

    Under the report's row lock, read again: if another tab replaced the receipt meanwhile,
    nothing is done and None is returned. Unlocked, two tabs each showed a new receipt and only
    the one committed last worked, and a message sealed in between to the old key could be read
    by neither."""
    lock_and_reread(report)
    if report.reporter_key != old_key.public_raw():
        db.session.commit()
        return None
    receipt = receipts.new_receipt()
    old = {REPORTER_KEY_ID: old_key}
    new_key = reporter_private_key(receipts.reporter_key_material(secret, receipt))
    report.receipt_hash = receipts.receipt_hash(secret, receipt)
    report.reporter_key = new_key.public_raw()
    for message in report.messages:
        field = f"message:{message.uid}"
        text = open_sealed(old, message.reporter_copy, record=report.record, field=field)
        message.reporter_copy = seal_for_reporter(report, text, field)
    if report.reporter_content:
        sent = open_sealed(old, report.reporter_content, record=report.record, field="report")
        report.reporter_content = seal_for_reporter(report, sent, "report")
    for attachment in report.attachments:
        if attachment.reporter_meta:
            field = f"attachment:{attachment.uid}:reporter"
            listed = open_sealed(old, attachment.reporter_meta, record=report.record, field=field)
            attachment.reporter_meta = seal_for_reporter(report, listed, field)
    record_event(report, "receipt_replaced", "The reporter replaced their receipt")
    db.session.commit()
    return receipt


def withdraw(report: Report, reason: str, *, destroy_now: bool) -> bool:
    """Withdraw the report: the team sees that (and the reason, as a sealed message) and the
    case closes, so retention destroys its content on schedule; at once if the reporter asks
    and no protective measure is open. Returns whether the content was destroyed now.

    Under the report's row lock, read again: withdrawn meanwhile (another tab), nothing more is
    done; a release waiting for the row then finds it withdrawn and releases nothing."""
    lock_and_reread(report)
    if report.withdrawn_on is not None:
        db.session.commit()
        return False
    today = date.today()
    if reason.strip():
        add_message(report, "Withdrawn: " + reason, from_reporter=True)
    report.withdrawn_on = today
    if report.closed_on is None:
        report.keep_figures_before_change(today)
        report.stage, report.closed_on = "closed", today
    record_event(report, "withdrawn", "The reporter withdrew their report")
    destroyed = destroy_now and hooks.can_destroy_now(report)
    if destroyed:
        db.session.flush()
        for destroy in hooks.destroy_content:
            destroy(report)
    db.session.commit()
    return destroyed


DELETION_ASKED_EVENT = "The reporter asked for what they sent to be deleted"


def deletable(report: Report) -> bool:
    """Whether the reporter of a withdrawn report can have what they sent deleted now, as
    withdrawing does when asked then: its content is still there and no protective measure is
    open (``hooks.can_destroy_now``)."""
    return (
        report.withdrawn_on is not None
        and report.content_destroyed_on is None
        and hooks.can_destroy_now(report)
    )


def destroy_withdrawn(report: Report) -> bool:
    """Destroy the content of a withdrawn report at its reporter's request, after withdrawing,
    as ``withdraw`` does when asked at the time. Returns whether it was destroyed now.

    Under the report's row lock, read again: deleted meanwhile (another tab, or retention), or
    given a protective measure, nothing is done. The reporter's asking is recorded, with the day
    alone, so the team's page and the reporter's say whose request it was, as they do of a
    deletion asked for on withdrawing (``Report.destroyed_on_withdrawal``)."""
    lock_and_reread(report)
    destroyed = deletable(report)
    if destroyed:
        record_event(report, "deletion_asked", DELETION_ASKED_EVENT)
        db.session.flush()
        for destroy in hooks.destroy_content:
            destroy(report)
    db.session.commit()
    return destroyed
