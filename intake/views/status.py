"""The status page: a reporter returns with their receipt to read messages, reply, add
evidence, report retaliation or replace their receipt. The page shows the report and links to
each action, which has a page of its own (one thing per page): a refused message, file or
retaliation note is kept on its page (``redisplay.refuse_follow_up``) while the reporter does
something else.

While the page is open the reporter's server-side session (``intake.reporter_session``) holds the
receipt's keyed hash (not the receipt) and the reporter's message key, and forgets them after
``IDLE_MINUTES`` without use, when the reporter leaves, or at "Exit this page".
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from hashlib import sha256
from typing import Any

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, followups, hooks, receipts, reporter_session
from intake.addresses import where_to_follow_up
from intake.attachments import AttachmentRejected
from intake.db import db
from intake.errors import too_many_page
from intake.forms import token_expired
from intake.forms.proof import StatusProofForm
from intake.forms.report import ReceiptDownloadForm
from intake.forms.status import (
    OTHER_FORCE,
    RECEIPT_NOT_FOUND,
    AddEvidenceForm,
    LeaveForm,
    NoSharingForm,
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
from intake.tenancy import several_forces_take_reports, sharing_possible
from intake.views import redisplay, reporter
from intake.views.redisplay import Form
from intake.views.uploads import read_upload
from intake.vocabulary import AFFECTED, CATEGORIES, STAGES, named_people

EXIT_URL = "https://www.bbc.co.uk/weather"  # tests may set CANDOUR_EXIT_URL to stay offline
LOOKUP_LIMIT = "10 per minute; 60 per hour"  # receipt lookups, from one client
_SESSION_KEY = "status"


@reporter.before_request
def _touch_the_session() -> None:
    """Every reporter page ends an idle session, or marks this use of a live one; but "Exit this
    page" only ends it, so that a database that cannot be written never keeps anyone here."""
    if request.endpoint != "reporter.exit_page":
        reporter_session.touch()


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
    reporter_session.renew()  # a session id known before the receipt was entered opens nothing
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
_LAST_REPLY = "last_reply"  # ``_sent_just_now``
_NEW_RECEIPT = "new_receipt"  # a replaced receipt, shown until the status page is opened
# What the reporter of a held report wrote about retaliation, until they confirm that telling
# the team releases the report (or come back to the status page, which shows it again).
_UNSENT_RETALIATION = "unsent_retaliation"
_KEPT_LOCKED = (
    "It is kept, locked, with your held report. The team will see it if your report is released."
)
# A held report withdrawn: the team never read it and never will, so "the team can see" is false.
NEVER_READ = "Nobody on the team read it, and it will never be released to them."
DONE_NOTICES: dict[str, tuple[str, str]] = {
    "reply": ("Message sent", "The team will see it with your report. Their replies appear here."),
    "reply_held": ("Message saved", _KEPT_LOCKED),
    "reply_again": (
        "Message already sent",
        "You had just sent this message, so the team did not get it a second time.",
    ),
    "reply_again_held": (
        "Message already saved",
        "You had just saved this message, so it was not saved a second time.",
    ),
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
    "no_sharing": (
        "Your report will not be shared",
        "The team will not share it with another police force.",
    ),
    "withdraw_held": ("Report withdrawn", NEVER_READ),
}


# What a follow-up posted from a page left open (another tab) had meant to do, when the report
# was withdrawn, or its content deleted, meanwhile: the status page says it was not done.
_NOT_TAKEN = "not_taken"
NOT_TAKEN_NOTICES = {
    "reply": "Your message was not sent",
    "evidence": "Your file was not added",
    "retaliation": "What you wrote about retaliation was not sent",
}


def _not_taken(action: str) -> BaseResponse:
    """The report was withdrawn, or its content deleted, while ``action`` (a key of
    ``NOT_TAKEN_NOTICES``) was on its way: nothing was added, and the status page says so."""
    db.session.rollback()
    reporter_session.put(_NOT_TAKEN, action)
    return redirect(url_for("reporter.status"))


def say_done(notice: str) -> None:
    """Have the status page confirm, once, what the reporter just did."""
    reporter_session.put(_DONE, notice)


def _done_notice() -> tuple[str, str] | None:
    notice = reporter_session.get(_DONE)
    if notice is None:
        return None
    reporter_session.drop(_DONE)
    return DONE_NOTICES.get(notice)


def names_someone(sent: dict[str, Any] | None) -> bool:
    """Whether the report (``followups.read_back``) names someone, whom another force could also
    have been told about: sharing is asked about, and offered to refuse, only then, as in the
    journey (a report whose read-back cannot be opened is taken to)."""
    return sent is None or bool(named_people(sent["answers"]))


def render_status(report: Report, proof_form: StatusProofForm | None = None) -> str:
    """The status page: the report's state, the thread and what was sent, and a link to each
    thing the reporter can do, on a page of its own; ``proof_form`` a proof download refused."""
    proof_form = proof_form or StatusProofForm()
    key = reporter_key()
    thread = followups.read_thread(report, key)
    # "The team wrote to you on ..." names the newest day the reporter has not seen; opening the
    # page is seeing it, so the next visit says nothing until the team writes again.
    reporter_session.drop(_NEW_RECEIPT)
    not_taken = NOT_TAKEN_NOTICES.get(str(reporter_session.get(_NOT_TAKEN)))
    reporter_session.drop(_NOT_TAKEN)  # said once
    new_days = [m.sent_on for m in thread if m.new and not m.from_reporter]
    if new_days:
        followups.mark_thread_seen(report)
    sent = followups.read_back(report, key)
    unsent = redisplay.follow_ups_refused()
    if isinstance(reporter_session.get(_UNSENT_RETALIATION), str):
        unsent.add("retaliation")
    return render_template(
        "reporter/status.html",
        report=report,
        proof_says=disclosure_for(report),
        stages=STAGES,
        categories=CATEGORIES,
        affected_labels=AFFECTED,
        thread=thread,
        news_on=max(new_days, default=None),
        sent=sent,
        held=followups.is_held(report),
        never_read=NEVER_READ if followups.withdrawn_unread(report) else None,
        unsent=unsent,
        evidence_refused_at=redisplay.follow_up_refused_at("add_evidence"),
        # A refusal kept on an action's page shows there; this page still confirms a later
        # action's success.
        done=_done_notice(),
        not_taken=not_taken,
        expired=token_expired(proof_form),
        leave_form=LeaveForm(),
        # Signing out ends the whole session, so a report being written in another tab goes too.
        draft_in_progress=bool(drafts.load()),
        sharing_possible=sharing_possible() and names_someone(sent),
        proof_form=proof_form,
    )


@reporter.route("/status", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMIT, methods=["POST"])
def status() -> str | BaseResponse:
    report = open_report()
    if request.method == "GET":
        if report is not None:
            return render_status(report)
        refused = redisplay.follow_up_shown("status", ReceiptForm)
        return _receipt_page(refused or ReceiptForm())
    form = ReceiptForm()
    if form.validate_on_submit():
        report = find_by_receipt(form.receipt.data or "")
        if report is not None:
            redisplay.follow_up_accepted("status")
            remember(report, form.receipt.data or "")
            return redirect(_where_the_receipt_leads(report), code=303)
        # One message, the same words in the error summary and at the field. Each force has
        # its own address, and a receipt is looked up only in the force it was given in.
        several = several_forces_take_reports()
        form.receipt.errors = [RECEIPT_NOT_FOUND + (OTHER_FORCE if several else "")]
    if token_expired(form):
        return _receipt_page(form)
    return redisplay.refuse_follow_up("status", form)


@reporter.get("/status/too-many-attempts")
def lookup_limited() -> str:
    """Where a receipt lookup over the limit is redirected (``intake.errors``): a reload of this
    page is not another attempt."""
    return too_many_page(
        LOOKUP_LIMIT,
        team_page=False,
        try_again=(url_for("reporter.status"), "Check your report once the wait is over"),
    )


def _receipt_page(form: ReceiptForm) -> str:
    if form.receipt.data:
        form.receipt.data = receipts.shown_back(form.receipt.data)
    return render_template(
        "reporter/receipt.html",
        form=form,
        expired=token_expired(form),
        timed_out=reporter_session.timed_out() or request.args.get("lost") == "yes",
        undone=request.args.get("undone") == "yes",
        kept=reporter_session.get(_KEPT),
    )


def receipt_page_address() -> str:
    """Where an action needing the session's report goes without one: the receipt page, saying
    if the session timed out and, for a button pressed (a POST), that it was not done, so a
    reporter who withdrew, or asked not to share, does not believe it happened."""
    return url_for(
        "reporter.status",
        lost="yes" if reporter_session.timed_out() else None,
        undone="yes" if request.method == "POST" else None,
    )


# A follow-up posted after the session ended (idle, or "Exit this page") is not lost: what was
# typed is kept, sealed, in a new reporter session (never in the page, where it would travel in
# a hidden field, nor in clear in the database) in its page's follow-up slot (``redisplay``),
# and once the receipt is entered a redirect shows it on that page, filled in, until Send. The
# field each page's text is in, by the name ``_report_with_content`` is given; a chosen file
# cannot be kept, so its page asks for it again.
_KEPT_FIELDS: dict[str, tuple[str, str | None]] = {
    "reply": ("reply", "body"),
    "retaliation": ("retaliation", "details"),
    "evidence": ("add_evidence", None),
}
_KEPT = "kept_after_end"  # the page whose follow-up waits for the receipt
_FILE_NOT_KEPT = "Your session had ended, so your file was not added. Choose it again"


def _keep_for_the_receipt(kept_action: str) -> None:
    """Keep what was posted to ``kept_action``'s page for after the receipt is entered."""
    step, field = _KEPT_FIELDS[kept_action]
    if field is None:
        redisplay.keep_follow_up(step, [], {"file": [_FILE_NOT_KEPT]})
    else:
        redisplay.keep_follow_up(step, [(field, request.form.get(field, ""))], {})
    reporter_session.put(_KEPT, kept_action)


def _came_from_candour() -> bool:
    """Whether this POST came from one of Candour's own pages. A follow-up kept without a session
    has no session's CSRF token to check it against: another site must not be able to plant
    words for a reporter to send as theirs. The browser must not say it came from elsewhere
    (browsers that do not say are believed), and the form's token must be one Candour signed,
    for some session, such as the one that just ended: a request forged without a Candour page
    is kept nowhere, so it stores nothing, as every forged request."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    config = current_app.config
    secret: str | bytes = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key or ""
    signer = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
    try:
        signer.loads(request.form.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), ""))
    except BadData:
        return False
    return True


def _where_the_receipt_leads(report: Report) -> str:
    """Where the receipt page goes once the receipt is entered: the page of a follow-up kept
    from when the session ended, filled in, or else the status page."""
    kept_action = reporter_session.get(_KEPT)
    if kept_action not in _KEPT_FIELDS:
        return url_for("reporter.status")
    reporter_session.drop(_KEPT)
    step, _field = _KEPT_FIELDS[kept_action]
    if report.content_destroyed_on is not None or report.withdrawn_on is not None:
        redisplay.follow_up_accepted(step)  # nothing can be added: say so, keep nothing
        reporter_session.put(_NOT_TAKEN, kept_action)
        return url_for("reporter.status")
    return redisplay.follow_up_refused_at(step)


def _worth_keeping(kept_action: str) -> bool:
    """Whether a follow-up posted to ``kept_action``'s page after the session ended holds
    something to keep for the receipt. A message is its words: one sent empty is no message
    (its page refuses it), and kept it was shown as "not sent yet", as though words were
    waiting. A retaliation note may be empty (telling the team is the point), and a file's page
    asks for the file again: those are kept as they are."""
    if kept_action not in _KEPT_FIELDS:
        return False
    return kept_action != "reply" or bool(request.form.get("body", "").strip())


def _report_or_receipt_page(kept_action: str = "") -> Report:
    """The session's report; without one, the receipt page (keeping a follow-up posted)."""
    report = open_report()
    if report is None:
        if request.method != "POST" or not _worth_keeping(kept_action) or not _came_from_candour():
            abort(redirect(receipt_page_address()))
        _keep_for_the_receipt(kept_action)
        abort(redirect(url_for("reporter.status"), code=303))
    return report


def _report_with_content(kept_action: str = "") -> Report:
    """The report, for adding to it; a withdrawn report, or a case whose content retention
    destroyed, takes nothing."""
    report = _report_or_receipt_page(kept_action)
    if not followups.takes_additions(report):
        if request.method == "POST" and kept_action in NOT_TAKEN_NOTICES:
            abort(_not_taken(kept_action))
        abort(redirect(url_for("reporter.status")))
    return report


def _refused(step: str, report: Report, form: Form, page: Callable[..., str]) -> str | BaseResponse:
    """``step``'s page showing ``form`` refused: by redirect, unless its CSRF token expired
    (then nothing may be kept from the request, and the page says the session ended)."""
    if token_expired(form):
        return page(report, form, expired=True)
    reporter_session.drop(_DONE)  # an earlier action's "done" is not this one's
    return redisplay.refuse_follow_up(step, form)


def _back_from(
    step: str, report: Report, form: Form, page: Callable[..., str]
) -> str | BaseResponse:
    """Back pressed on ``step``'s page: what was typed is kept, unsent, and the reporter goes to
    the status page, which offers it back (the page is never cached, so a link lost it); with
    the form's token expired, the page is shown again, as a refusal is."""
    if token_expired(form):
        return page(report, form, expired=True)
    redisplay.keep_follow_up_going_back(step)
    return redirect(url_for("reporter.status"), code=303)


def _action_page(
    name: str, report: Report, form: FlaskForm, *, expired: bool, **extra: object
) -> str:
    """One of the status page's actions (``templates/reporter/status_<name>.html``)."""
    return render_template(
        f"reporter/status_{name}.html",
        form=form,
        held=followups.is_held(report),
        expired=expired,
        back=url_for("reporter.status"),
        **extra,
    )


def _reply_page(
    report: Report, form: ReplyForm, *, expired: bool = False, unsent: bool = False
) -> str:
    # The team's last message, to answer it without going back for it (on a phone, the status
    # page and this one are not both in sight). Reading it is not seeing it: the status page
    # still shows it as new.
    written = [m for m in followups.read_thread(report, reporter_key()) if not m.from_reporter]
    last = written[-1] if written and written[-1].text is not None else None
    return _action_page("reply", report, form, expired=expired, last=last, unsent=unsent)


def _evidence_page(report: Report, form: AddEvidenceForm, *, expired: bool = False) -> str:
    return _action_page(
        "evidence",
        report,
        form,
        expired=expired,
        files_added=len(report.attachments),
        max_files=followups.MAX_ATTACHMENTS,
    )


def _retaliation_page(
    report: Report, form: RetaliationForm, *, expired: bool = False, unsent: bool = False
) -> str:
    return _action_page("retaliation", report, form, expired=expired, unsent=unsent)


def _kept_unrefused(form: FlaskForm | None) -> bool:
    """Whether ``form``, shown again from its page's slot, is a follow-up kept unsent (from when
    the session ended, say) rather than one refused, which its errors explain: its page says
    it has not been sent yet, so nobody takes it for sent."""
    return form is not None and not form.errors


@reporter.route("/status/reply", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def reply() -> str | BaseResponse:
    """Send the team a message (save it, on a held report)."""
    report = _report_with_content("reply")
    if request.method == "GET":
        kept = redisplay.follow_up_shown("reply", ReplyForm)
        return _reply_page(report, kept or ReplyForm(), unsent=_kept_unrefused(kept))
    form = ReplyForm()
    if redisplay.back_pressed(form):
        return _back_from("reply", report, form, _reply_page)
    if not form.validate_on_submit():
        return _refused("reply", report, form, _reply_page)
    redisplay.follow_up_accepted("reply")
    text = form.body.data or ""
    if _sent_just_now(text):
        say_done("reply_again_held" if followups.is_held(report) else "reply_again")
    else:
        try:
            followups.reply(report, text)
        except followups.NotTaken:
            return _not_taken("reply")
        say_done("reply_held" if followups.is_held(report) else "reply")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


def _sent_just_now(text: str) -> bool:
    """Whether ``text`` is the message this session last sent: Back and send again, or a
    double click without JavaScript, must not give the team the same message twice. Kept in
    the sealed session as a digest keyed with the session's own receipt key material (as
    ``remember`` keeps it), never the text."""
    key = bytes.fromhex(reporter_session.get(_SESSION_KEY)["key"])
    digest = hmac.new(key, b"last reply\0" + text.encode(), sha256).hexdigest()
    if reporter_session.get(_LAST_REPLY) == digest:
        return True
    reporter_session.put(_LAST_REPLY, digest)
    return False


@reporter.route("/status/evidence", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def add_evidence() -> str | BaseResponse:
    """Add a file to the report."""
    report = _report_with_content("evidence")
    if request.method == "GET":
        form = redisplay.follow_up_shown("add_evidence", AddEvidenceForm) or AddEvidenceForm()
        # Keeping a file's hidden details is chosen afresh with each file, never carried over
        # from one refused.
        form.keep_original.data = False
        return _evidence_page(report, form)
    form = AddEvidenceForm()
    if not form.validate_on_submit():
        return _refused("add_evidence", report, form, _evidence_page)
    try:
        followups.check_room_for_file(report)
        file = read_upload(request.files.get("file"), keep_original=bool(form.keep_original.data))
    except followups.TooManyFiles as full:
        form.file.errors = [str(full)]
        return _refused("add_evidence", report, form, _evidence_page)
    except AttachmentRejected as rejected:
        form.file.errors = [rejected.message]
        return _refused("add_evidence", report, form, _evidence_page)
    try:
        followups.add_evidence(report, file, reporter_key())
    except followups.TooManyFiles as full:  # the last place taken meanwhile, in another tab
        form.file.errors = [str(full)]
        return _refused("add_evidence", report, form, _evidence_page)
    except followups.AlreadyAdded as twin:
        form.file.errors = [f"You have already added {twin}"]
        return _refused("add_evidence", report, form, _evidence_page)
    except followups.NotTaken:
        return _not_taken("evidence")
    redisplay.follow_up_accepted("add_evidence")
    say_done("evidence_held" if followups.is_held(report) else "evidence")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


@reporter.route("/status/retaliation", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def retaliation() -> str | BaseResponse:
    """Tell the team the reporter is facing retaliation (on a held report, after confirming that
    this releases it)."""
    report = _report_with_content("retaliation")
    if request.method == "GET":
        form = redisplay.follow_up_shown("retaliation", RetaliationForm)
        kept = _kept_unrefused(form)
        unsent = reporter_session.get(_UNSENT_RETALIATION)
        if form is None and isinstance(unsent, str):
            # Back from the question that releases a held report: what they wrote, unsent.
            form = RetaliationForm(formdata=None, data={"details": unsent})
        return _retaliation_page(report, form or RetaliationForm(), unsent=kept)
    form = RetaliationForm()
    if redisplay.back_pressed(form):
        return _back_from("retaliation", report, form, _retaliation_page)
    if not form.validate_on_submit():
        return _refused("retaliation", report, form, _retaliation_page)
    details = form.details.data or ""
    redisplay.follow_up_accepted("retaliation")
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
        # person): the retaliation page, with what they wrote in its form, to send as it is now.
        return redirect(url_for("reporter.retaliation"))
    form = RetaliationReleaseForm()
    if form.validate_on_submit():
        return _tell_team(report, details)
    return render_template(
        "reporter/retaliation_release.html",
        form=form,
        details=details,
        back=url_for("reporter.retaliation"),
        expired=token_expired(form),
    )


def _tell_team(report: Report, details: str) -> BaseResponse:
    try:
        followups.report_retaliation(report, details)
    except followups.NotTaken:
        return _not_taken("retaliation")
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


@reporter.route("/status/no-sharing", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def no_sharing() -> str | BaseResponse:
    """Ask the team never to share the report with another force: a page that says what that
    means (and that what was shared already stays shared), then the button."""
    report = _report_with_content()
    sent = followups.read_back(report, reporter_key())
    if report.no_sharing or not sharing_possible() or not names_someone(sent):
        return redirect(url_for("reporter.status"))
    form = NoSharingForm()
    if form.validate_on_submit():
        followups.keep_from_other_forces(report)
        say_done("no_sharing")
        return redirect(url_for("reporter.status"))
    shared = [e.on for e in report.events if e.kind == "shared"]
    return render_template(
        "reporter/no_sharing.html",
        form=form,
        shared_on=max(shared, default=None),
        expired=token_expired(form),
    )


@reporter.route("/status/withdraw", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def withdraw() -> str | BaseResponse:
    """Withdraw the report, with an optional reason and, where allowed, deletion at once."""
    report = _report_with_content()
    if request.method == "GET":
        form = redisplay.follow_up_shown("withdraw", WithdrawForm) or WithdrawForm()
        return _withdraw_page(report, form)
    form = WithdrawForm()
    if not form.validate_on_submit():
        # By redirect, as the other actions: rendered in reply to the POST, a reload sent it
        # again and Back onto it after withdrawing showed "Confirm form resubmission".
        return _refused("withdraw", report, form, _withdraw_page)
    redisplay.follow_up_accepted("withdraw")
    can_destroy = hooks.can_destroy_now(report)
    followups.withdraw(
        report, form.reason.data or "", destroy_now=can_destroy and bool(form.destroy_now.data)
    )
    say_done("withdraw_held" if followups.withdrawn_unread(report) else "withdraw")
    return redirect(url_for("reporter.status"))


def _withdraw_page(report: Report, form: WithdrawForm, *, expired: bool = False) -> str:
    return render_template(
        "reporter/withdraw.html",
        form=form,
        can_destroy=hooks.can_destroy_now(report),
        held=followups.is_held(report),
        expired=expired,
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
    if open_report() is None:
        return redirect(receipt_page_address())
    if not isinstance(receipt, str):
        return redirect(url_for("reporter.status"))
    return render_template(
        "reporter/new_receipt.html",
        receipt=receipt,
        download=ReceiptDownloadForm(receipt=receipt),
        follow_up=where_to_follow_up(),
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
    try:
        # The reporter's part only, at every force: a team member's sign-in is not ours.
        reporter_session.end_everywhere()
    except SQLAlchemyError:
        # The way out must work with the database down too: without the cookie's key the
        # session row can be read by nobody, and it is swept when it expires.
        db.session.rollback()
        reporter_session.forget()
    response = redirect(current_app.config.get("CANDOUR_EXIT_URL", EXIT_URL))
    # Browsers that support it also drop Candour's cookies and cached pages at once.
    response.headers["Clear-Site-Data"] = '"cache", "cookies"'
    return response
