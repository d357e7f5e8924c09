"""The status page: a reporter returns with their receipt to read messages, reply, add
evidence, report retaliation or replace their receipt.

While the page is open the reporter's server-side session (``intake.reporter_session``) holds the
receipt's keyed hash (not the receipt) and the reporter's message key, and forgets them after
``IDLE_MINUTES`` without use, when the reporter leaves, or at "Exit this page".
"""

from __future__ import annotations

import hmac

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake import followups, hooks, receipts, reporter_session
from intake.attachments import AttachmentRejected
from intake.db import db
from intake.errors import wait_advice, wait_named
from intake.forms import token_expired
from intake.forms.proof import StatusProofForm
from intake.forms.report import ReceiptDownloadForm
from intake.forms.status import (
    RECEIPT_NOT_FOUND,
    AddEvidenceForm,
    LeaveForm,
    ReceiptForm,
    ReleaseForm,
    ReplaceReceiptForm,
    ReplyForm,
    RetaliationForm,
    RetaliationReleaseForm,
    WithdrawForm,
)
from intake.models import Report
from intake.proof.anonymity import disclosure_for
from intake.sealing import TeamPrivateKey
from intake.security import limiter
from intake.submission import reporter_private_key
from intake.views import redisplay, reporter
from intake.views.uploads import read_upload
from intake.vocabulary import AFFECTED, CATEGORIES, STAGES

EXIT_URL = "https://www.bbc.co.uk/weather"  # tests may set CANDOUR_EXIT_URL to stay offline
LOOKUP_LIMIT = "10 per minute; 60 per hour"  # receipt lookups, from one client
_SESSION_KEY = "status"

# Every reporter page ends an idle session, or marks this use of a live one.
reporter.before_request(reporter_session.touch)


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
    """The report this session unlocked with a receipt, while the session lives."""
    state = reporter_session.get(_SESSION_KEY)
    if not isinstance(state, dict):
        return None
    wanted = bytes.fromhex(state.get("hash", ""))
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
    if report is None:
        reporter_session.drop(_SESSION_KEY)
    return report


def remember(report: Report, receipt: str) -> None:
    """Keep the receipt's hash, the reporter's message key and the proof-of-reporting reference
    (never the receipt) in the reporter's server-side session."""
    material = receipts.reporter_key_material(_receipt_key(), receipt)
    reporter_session.put(
        _SESSION_KEY,
        {
            "hash": report.receipt_hash.hex(),
            "key": material.hex(),
            "proof": receipts.proof_reference(_receipt_key(), receipt),
        },
    )


def session_proof_reference() -> str | None:
    """The proof reference ``remember`` kept; None for a session that has none."""
    state = reporter_session.get(_SESSION_KEY)
    reference = state.get("proof") if isinstance(state, dict) else None
    return reference if isinstance(reference, str) else None


def reporter_key() -> TeamPrivateKey:
    return reporter_private_key(bytes.fromhex(reporter_session.get(_SESSION_KEY)["key"]))


# What the page says once, at its top, after the reporter did something on it (GOV.UK's success
# banner): kept in the sealed reporter session, not the address, so neither the browser's
# history nor a reload says it again.
_DONE = "done"
_NEW_RECEIPT = "new_receipt"  # a replaced receipt, shown until the status page is opened
# What the reporter of a held report wrote about retaliation, until they confirm that telling
# the team releases the report (or come back to the status page, which shows it again).
_UNSENT_RETALIATION = "unsent_retaliation"
_KEPT_LOCKED = (
    "It is kept, locked, with your held report. The team will see it if your report is released."
)
DONE_NOTICES: dict[str, tuple[str, str]] = {
    "reply": ("Message sent", "The team will see it with your report. Their replies appear here."),
    "reply_held": ("Message saved", _KEPT_LOCKED),
    "evidence": ("File added", "The team will see it with your report."),
    "evidence_held": ("File added", _KEPT_LOCKED),
    "retaliation": (
        "Retaliation reported",
        "Your report is now marked urgent and the team has been told what is happening.",
    ),
    "retaliation_unsaid": (
        "Retaliation reported",
        "Your report is now marked urgent and the team has been told you are facing retaliation.",
    ),
    "release": ("Report released", "The team can now read your report and act on it."),
    "withdraw": ("Report withdrawn", "The team can see that you withdrew it."),
}


def say_done(notice: str) -> None:
    """Have the status page confirm, once, what the reporter just did."""
    reporter_session.put(_DONE, notice)


def _done_notice() -> tuple[str, str] | None:
    notice = reporter_session.get(_DONE)
    if notice is None:
        return None
    reporter_session.drop(_DONE)
    return DONE_NOTICES.get(notice)


def render_status(report: Report, *, kept: bool = False, **overrides: object) -> str:
    """The status page; ``overrides`` replace blank forms (to show errors or kept text), and
    ``kept`` says the text in them was carried over an ended session and is not sent yet."""
    forms = {
        "reply_form": ReplyForm(),
        "evidence_form": AddEvidenceForm(),
        "retaliation_form": RetaliationForm(),
        "leave_form": LeaveForm(),
        "proof_form": StatusProofForm(),
    }
    unsent = reporter_session.get(_UNSENT_RETALIATION)
    if isinstance(unsent, str):
        forms["retaliation_form"] = RetaliationForm(formdata=None, data={"details": unsent})
    forms.update(overrides)
    expired = kept or any(token_expired(form) for form in overrides.values())
    # The layout puts the GOV.UK error summary at the top for the one form that failed.
    failed = next((form for form in overrides.values() if getattr(form, "errors", None)), None)
    key = reporter_key()
    thread = followups.read_thread(report, key)
    # "The team wrote to you on ..." names the newest day the reporter has not seen; opening the
    # page is seeing it, so the next visit says nothing until the team writes again.
    reporter_session.drop(_NEW_RECEIPT)
    new_days = [m.sent_on for m in thread if m.new and not m.from_reporter]
    if new_days:
        followups.mark_thread_seen(report)
    return render_template(
        "reporter/status.html",
        report=report,
        proof_says=disclosure_for(report),
        stages=STAGES,
        categories=CATEGORIES,
        affected_labels=AFFECTED,
        thread=thread,
        news_on=max(new_days, default=None),
        sent=followups.read_back(report, key),
        held=followups.is_held(report),
        expired=expired,
        form=failed,
        # A refusal kept from earlier shows beside a later action's success: both are true.
        done=_done_notice(),
        **forms,
    )


@reporter.route("/status", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMIT, methods=["POST"])
def status() -> str | BaseResponse:
    report = open_report()
    if request.method == "GET":
        if report is not None:
            return render_status(report, **redisplay.follow_up_shown(_FOLLOW_UP_FORMS))
        refused = redisplay.follow_up_shown({"receipt": ReceiptForm}).get("receipt")
        return _receipt_page(refused if isinstance(refused, ReceiptForm) else ReceiptForm())
    form = ReceiptForm()
    if form.validate_on_submit():
        report = find_by_receipt(form.receipt.data or "")
        if report is not None:
            redisplay.follow_up_accepted("receipt")
            remember(report, form.receipt.data or "")
            kept = _kept_follow_up(form)
            if kept:
                return render_status(report, kept="evidence_form" not in kept, **kept)
            return redirect(url_for("reporter.status"))
        # One message, the same words in the error summary and at the field.
        form.receipt.errors = [RECEIPT_NOT_FOUND]
    if token_expired(form):
        return _receipt_page(form)
    return redisplay.refuse_follow_up("receipt", form)


@reporter.get("/status/too-many-attempts")
def lookup_limited() -> str:
    """Where a receipt lookup over the limit is redirected (``intake.errors``): a reload of this
    page is not another attempt."""
    return render_template(
        "error.html",
        title="Too many attempts",
        advice=wait_advice(wait_named(LOOKUP_LIMIT)),
        code=429,
        team_page=False,
    )


def _receipt_page(form: ReceiptForm) -> str:
    if form.receipt.data:
        form.receipt.data = receipts.shown_back(form.receipt.data)
    return render_template(
        "reporter/receipt.html",
        form=form,
        expired=token_expired(form),
        timed_out=reporter_session.timed_out(),
    )


# A follow-up posted after the session ended keeps its text through the receipt page (as the
# journey keeps a page's answers): the field each one's text is in. A file cannot be kept.
_KEPT_FIELDS = {"reply": "body", "retaliation": "details", "evidence": ""}
_FILE_NOT_KEPT = "Your session had ended, so your file was not added. Choose it again"


def _kept_follow_up(form: ReceiptForm) -> dict[str, object]:
    """The status page's form to show again, filled, once the receipt has been entered."""
    text = form.kept_text.data or ""
    if form.kept_action.data == "reply":
        return {"reply_form": ReplyForm(formdata=None, data={"body": text})}
    if form.kept_action.data == "retaliation":
        return {"retaliation_form": RetaliationForm(formdata=None, data={"details": text})}
    if form.kept_action.data == "evidence":
        evidence = AddEvidenceForm(formdata=None)
        evidence.file.errors = [
            "Your session had ended, so your file was not added. Choose it again"
        ]
        return {"evidence_form": evidence}
    return {}


def _report_or_receipt_page(kept_action: str = "") -> Report:
    """The session's report; without one, the receipt page (keeping a follow-up's text)."""
    report = open_report()
    if report is None:
        if kept_action not in _KEPT_FIELDS:
            abort(redirect(url_for("reporter.status")))
        field = _KEPT_FIELDS[kept_action]
        kept = {"kept_action": kept_action, "kept_text": request.form.get(field, "")[:10_000]}
        abort(make_response(_receipt_page(ReceiptForm(formdata=None, data=kept))))
    return report


def _report_with_content(kept_action: str = "") -> Report:
    """The report, for adding to it; a withdrawn report, or a case whose content retention
    destroyed, takes nothing."""
    report = _report_or_receipt_page(kept_action)
    if report.content_destroyed_on is not None or report.withdrawn_on is not None:
        abort(redirect(url_for("reporter.status")))
    return report


# The status page's forms a refusal shows again (``redisplay.refuse_follow_up``), by name.
_FOLLOW_UP_FORMS: dict[str, type[FlaskForm]] = {
    "reply_form": ReplyForm,
    "evidence_form": AddEvidenceForm,
    "retaliation_form": RetaliationForm,
}


def _refused(name: str, form: FlaskForm, report: Report) -> str | BaseResponse:
    """The status page showing ``form`` refused: by redirect, unless its CSRF token expired
    (then nothing may be kept from the request, and the page says the session ended)."""
    if token_expired(form):
        return render_status(report, **{name: form})
    reporter_session.drop(_DONE)  # an earlier action's "done" is not this one's
    return redisplay.refuse_follow_up(name, form)


@reporter.post("/status/reply")
@limiter.limit("30 per hour")
def reply() -> str | BaseResponse:
    report = _report_with_content("reply")
    form = ReplyForm()
    if not form.validate_on_submit():
        return _refused("reply_form", form, report)
    redisplay.follow_up_accepted("reply_form")
    followups.reply(report, form.body.data or "")
    say_done("reply_held" if followups.is_held(report) else "reply")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


@reporter.post("/status/evidence")
@limiter.limit("20 per hour")
def add_evidence() -> str | BaseResponse:
    report = _report_with_content("evidence")
    form = AddEvidenceForm()
    if not form.validate_on_submit():
        return _refused("evidence_form", form, report)
    try:
        followups.check_room_for_file(report)
        file = read_upload(request.files.get("file"), keep_original=bool(form.keep_original.data))
    except followups.TooManyFiles as full:
        form.file.errors = [str(full)]
        return _refused("evidence_form", form, report)
    except AttachmentRejected as rejected:
        form.file.errors = [rejected.message]
        return _refused("evidence_form", form, report)
    twin = followups.already_added(report, reporter_key(), file)
    if twin is not None:
        form.file.errors = [
            f"You have already added {twin}. To add a different file with the same name, "
            "rename it first"
        ]
        return _refused("evidence_form", form, report)
    redisplay.follow_up_accepted("evidence_form")
    followups.add_evidence(report, file)
    say_done("evidence_held" if followups.is_held(report) else "evidence")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


@reporter.post("/status/retaliation")
@limiter.limit("10 per hour")
def retaliation() -> str | BaseResponse:
    report = _report_with_content("retaliation")
    form = RetaliationForm()
    if not form.validate_on_submit():
        return _refused("retaliation_form", form, report)
    details = form.details.data or ""
    redisplay.follow_up_accepted("retaliation_form")
    if followups.is_held(report):
        # Telling the team releases a held report, which cannot be undone: ask first, as
        # "Release" does. What they wrote waits in the sealed session, never in the address.
        reporter_session.put(_UNSENT_RETALIATION, details)
        return redirect(url_for("reporter.confirm_retaliation"))
    return _tell_team(report, details)


@reporter.route("/status/retaliation/release", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def confirm_retaliation() -> str | BaseResponse:
    """For a held report: say that telling the team releases it now and what that means, then
    the button that does both. Going back keeps what the reporter wrote in the form."""
    report = _report_with_content()
    details = reporter_session.get(_UNSENT_RETALIATION)
    if not isinstance(details, str) or not followups.is_held(report):
        # Nothing waiting, or the report was released meanwhile (someone else named the same
        # person): the status page, with what they wrote in its form, to send as it is now.
        return redirect(url_for("reporter.status", _anchor="retaliation"))
    form = RetaliationReleaseForm()
    if form.validate_on_submit():
        return _tell_team(report, details)
    return render_template(
        "reporter/retaliation_release.html",
        form=form,
        details=details,
        back=url_for("reporter.status", _anchor="retaliation"),
        expired=token_expired(form),
    )


def _tell_team(report: Report, details: str) -> BaseResponse:
    followups.report_retaliation(report, details)
    reporter_session.drop(_UNSENT_RETALIATION)
    say_done("retaliation" if details.strip() else "retaliation_unsaid")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


@reporter.route("/status/release", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def release() -> str | BaseResponse:
    """Release a held "go together" report now: a page that says what that means, then the
    button that does it."""
    report = _report_with_content()
    if not followups.is_held(report):
        return redirect(url_for("reporter.status"))
    form = ReleaseForm()
    if form.validate_on_submit():
        followups.release(report)
        say_done("release")
        return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked
    return render_template("reporter/release.html", form=form, expired=token_expired(form))


@reporter.route("/status/withdraw", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def withdraw() -> str | BaseResponse:
    """Withdraw the report, with an optional reason and, where allowed, deletion at once."""
    report = _report_with_content()
    form = WithdrawForm()
    can_destroy = hooks.can_destroy_now(report)
    if form.validate_on_submit():
        followups.withdraw(
            report, form.reason.data or "", destroy_now=can_destroy and bool(form.destroy_now.data)
        )
        say_done("withdraw")
        return redirect(url_for("reporter.status"))
    return render_template(
        "reporter/withdraw.html",
        form=form,
        can_destroy=can_destroy,
        held=followups.is_held(report),
        expired=token_expired(form),
    )


@reporter.route("/status/replace-receipt", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def replace_receipt() -> str | BaseResponse:
    """Ask first (the old receipt stops working at once), then show the new receipt once."""
    report = _report_or_receipt_page()
    if isinstance(reporter_session.get(_NEW_RECEIPT), str):
        # Replaced moments ago and not yet back on the status page: Back from the new receipt
        # (or a confirmation page left open) shows that receipt again rather than asking to
        # replace it, which would void the one just written down.
        return redirect(url_for("reporter.new_receipt"))
    form = ReplaceReceiptForm()
    if not form.validate_on_submit():
        return render_template(
            "reporter/replace_receipt.html", form=form, expired=token_expired(form)
        )
    receipt = followups.replace_receipt(report, reporter_key(), _receipt_key())
    remember(report, receipt)
    # Shown by a GET (post, redirect, get), so a reload or Back shows this receipt again and
    # never replaces it a second time, which would void the one just written down.
    reporter_session.put(_NEW_RECEIPT, receipt)
    return redirect(url_for("reporter.new_receipt"))


@reporter.get("/status/new-receipt")
def new_receipt() -> str | BaseResponse:
    """The receipt just made, until the reporter goes back to their report."""
    receipt = reporter_session.get(_NEW_RECEIPT)
    if open_report() is None or not isinstance(receipt, str):
        return redirect(url_for("reporter.status"))
    return render_template(
        "reporter/new_receipt.html", receipt=receipt, download=ReceiptDownloadForm(receipt=receipt)
    )


@reporter.post("/status/leave")
def leave() -> BaseResponse:
    form = LeaveForm()
    if form.validate_on_submit():
        reporter_session.end()
    return redirect(url_for("reporter.start"))


@reporter.get("/exit")
def exit_page() -> BaseResponse:
    """Where "Exit this page" leads (the link, or Shift three times): end the session on the
    server, then go to an everyday site. A plain GET link so it works without JavaScript; ending
    a session is all a forged request could do."""
    reporter_session.end()  # the reporter's part only: a team member's sign-in is not ours to end
    response = redirect(current_app.config.get("CANDOUR_EXIT_URL", EXIT_URL))
    # Browsers that support it also drop Candour's cookies and cached pages at once.
    response.headers["Clear-Site-Data"] = '"cache", "cookies"'
    return response
