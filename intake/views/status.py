"""The status page: a reporter returns with their receipt to read messages, reply, add
evidence, report retaliation or replace their receipt.

While the page is open the session holds the receipt's keyed hash (not the receipt), and forgets
it after ``STATUS_IDLE_SECONDS`` without use or when the reporter leaves.
"""

from __future__ import annotations

import hmac
import time
from datetime import date

from flask import abort, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake import receipts
from intake.attachments import AttachmentRejected
from intake.db import db
from intake.forms import token_expired
from intake.forms.proof import StatusProofForm
from intake.forms.report import ReceiptDownloadForm
from intake.forms.status import (
    AddEvidenceForm,
    LeaveForm,
    ReceiptForm,
    ReplaceReceiptForm,
    ReplyForm,
    RetaliationForm,
)
from intake.models import Report
from intake.proof.anonymity import disclosure_for
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.security import limiter
from intake.submission import (
    REPORTER_KEY_ID,
    add_attachment,
    add_message,
    record_event,
    reporter_private_key,
    seal_for_reporter,
)
from intake.views import reporter
from intake.views.uploads import read_upload
from intake.vocabulary import CATEGORIES, STAGES

STATUS_IDLE_SECONDS = 30 * 60
MAX_ATTACHMENTS = 20
_SESSION_KEY = "status"


def _receipt_key() -> bytes:
    key: bytes = current_app.config["CANDOUR_SECRETS"].receipt_key
    return key


def find_by_receipt(entered: str) -> Report | None:
    """One indexed lookup; every wrong or malformed receipt takes the same path."""
    wanted = receipts.lookup_hash(_receipt_key(), entered)
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
    if report is None or not hmac.compare_digest(report.receipt_hash, wanted):
        return None
    return report


def open_report() -> Report | None:
    """The report this session unlocked with a receipt, if still fresh."""
    state = session.get(_SESSION_KEY)
    if not isinstance(state, dict) or time.time() - state.get("seen", 0) > STATUS_IDLE_SECONDS:
        session.pop(_SESSION_KEY, None)
        return None
    wanted = bytes.fromhex(state.get("hash", ""))
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
    if report is None:
        session.pop(_SESSION_KEY, None)
        return None
    state["seen"] = int(time.time())
    session[_SESSION_KEY] = state
    return report


def remember(report: Report, receipt: str) -> None:
    """Keep the receipt's hash, the reporter's message key and the proof-of-reporting reference
    (never the receipt) for a while."""
    material = receipts.reporter_key_material(_receipt_key(), receipt)
    session[_SESSION_KEY] = {
        "hash": report.receipt_hash.hex(),
        "key": material.hex(),
        "proof": receipts.proof_reference(_receipt_key(), receipt),
        "seen": int(time.time()),
    }


def session_proof_reference() -> str | None:
    """The proof reference ``remember`` kept; None for a session that has none."""
    state = session.get(_SESSION_KEY)
    reference = state.get("proof") if isinstance(state, dict) else None
    return reference if isinstance(reference, str) else None


def reporter_key() -> TeamPrivateKey:
    return reporter_private_key(bytes.fromhex(session[_SESSION_KEY]["key"]))


def thread(report: Report) -> list[dict[str, object]]:
    """The messages, opened with the reporter's own key."""
    keys = {REPORTER_KEY_ID: reporter_key()}
    opened = []
    for message in report.messages:
        try:
            text = open_sealed(
                keys, message.reporter_copy, record=report.record, field=f"message:{message.uid}"
            ).decode()
        except SealError:
            text = None
        opened.append(
            {"sent_on": message.sent_on, "from_reporter": message.from_reporter, "text": text}
        )
    return opened


def render_status(report: Report, **overrides: object) -> str:
    forms = {
        "reply_form": ReplyForm(),
        "evidence_form": AddEvidenceForm(),
        "retaliation_form": RetaliationForm(),
        "replace_form": ReplaceReceiptForm(),
        "leave_form": LeaveForm(),
        "proof_form": StatusProofForm(),
    }
    forms.update(overrides)
    expired = any(token_expired(form) for form in overrides.values())
    # The layout puts the GOV.UK error summary at the top for the one form that failed.
    failed = next((form for form in overrides.values() if getattr(form, "errors", None)), None)
    return render_template(
        "reporter/status.html",
        report=report,
        proof_says=disclosure_for(report),
        stages=STAGES,
        categories=CATEGORIES,
        thread=thread(report),
        expired=expired,
        form=failed,
        **forms,
    )


@reporter.route("/status", methods=["GET", "POST"])
@limiter.limit("10 per minute; 60 per hour", methods=["POST"])
def status() -> str | BaseResponse:
    report = open_report()
    if report is not None and request.method == "GET":
        return render_status(report)
    form = ReceiptForm()
    not_found = False
    if form.validate_on_submit():
        report = find_by_receipt(form.receipt.data or "")
        if report is not None:
            remember(report, form.receipt.data or "")
            return redirect(url_for("reporter.status"))
        not_found = True
    return render_template(
        "reporter/receipt.html", form=form, not_found=not_found, expired=token_expired(form)
    )


def _report_or_receipt_page() -> Report:
    report = open_report()
    if report is None:
        abort(redirect(url_for("reporter.status")))
    return report


def _report_still_held() -> Report:
    """The report, for adding to it; a case whose content retention destroyed takes nothing."""
    report = _report_or_receipt_page()
    if report.content_destroyed_on is not None:
        abort(redirect(url_for("reporter.status")))
    return report


@reporter.post("/status/reply")
@limiter.limit("30 per hour")
def reply() -> str | BaseResponse:
    report = _report_still_held()
    form = ReplyForm()
    if not form.validate_on_submit():
        return render_status(report, reply_form=form)
    add_message(report, form.body.data or "", from_reporter=True)
    record_event(report, "reporter_reply", "The reporter sent a message")
    db.session.commit()
    return redirect(url_for("reporter.status", _anchor="messages"))


@reporter.post("/status/evidence")
@limiter.limit("20 per hour")
def add_evidence() -> str | BaseResponse:
    report = _report_still_held()
    form = AddEvidenceForm()
    if not form.validate_on_submit():
        return render_status(report, evidence_form=form)
    if len(report.attachments) >= MAX_ATTACHMENTS:
        form.file.errors = [f"A report can hold up to {MAX_ATTACHMENTS} files"]
        return render_status(report, evidence_form=form)
    try:
        file = read_upload(request.files.get("file"), keep_original=bool(form.keep_original.data))
    except AttachmentRejected as rejected:
        form.file.errors = [rejected.message]
        return render_status(report, evidence_form=form)
    add_attachment(report, file)
    record_event(report, "evidence_added", "The reporter added evidence")
    db.session.commit()
    return redirect(url_for("reporter.status", _anchor="evidence"))


@reporter.post("/status/retaliation")
@limiter.limit("10 per hour")
def retaliation() -> str | BaseResponse:
    report = _report_still_held()
    form = RetaliationForm()
    if not form.validate_on_submit():
        return render_status(report, retaliation_form=form)
    report.urgent = True
    report.retaliation_on = date.today()
    if (form.details.data or "").strip():
        add_message(report, "Retaliation: " + form.details.data, from_reporter=True)
    record_event(report, "retaliation", "The reporter said they are facing retaliation")
    db.session.commit()
    return redirect(url_for("reporter.status", _anchor="retaliation"))


@reporter.post("/status/replace-receipt")
@limiter.limit("5 per hour")
def replace_receipt() -> str | BaseResponse:
    report = _report_or_receipt_page()
    form = ReplaceReceiptForm()
    if not form.validate_on_submit():
        return render_status(report, replace_form=form)
    receipt = receipts.new_receipt()
    old_key = {REPORTER_KEY_ID: reporter_key()}
    new_key = reporter_private_key(receipts.reporter_key_material(_receipt_key(), receipt))
    report.receipt_hash = receipts.receipt_hash(_receipt_key(), receipt)
    report.reporter_key = new_key.public_raw()
    # Messages sealed to the old receipt's key are re-sealed so the new receipt can read them.
    for message in report.messages:
        field = f"message:{message.uid}"
        text = open_sealed(old_key, message.reporter_copy, record=report.record, field=field)
        message.reporter_copy = seal_for_reporter(report, text, field)
    record_event(report, "receipt_replaced", "The reporter replaced their receipt")
    db.session.commit()
    remember(report, receipt)
    return render_template(
        "reporter/new_receipt.html", receipt=receipt, download=ReceiptDownloadForm(receipt=receipt)
    )


@reporter.post("/status/leave")
def leave() -> BaseResponse:
    form = LeaveForm()
    if form.validate_on_submit():
        session.pop(_SESSION_KEY, None)
    return redirect(url_for("reporter.start"))
