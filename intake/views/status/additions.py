"""What a reporter adds to their sent report from the status page: a message to the team
(saved, on a held report), a file, or word of retaliation (on a held report, after confirming
that telling the team releases it). Each is sealed by ``intake.followups``, never here.
"""

from __future__ import annotations

import hmac
from hashlib import sha256

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import followups, reporter_session
from intake.attachments import AttachmentRejected
from intake.duplicates import already_added
from intake.forms.status import AddEvidenceForm, ReplyForm, RetaliationForm, RetaliationReleaseForm
from intake.models import Report
from intake.views import redisplay, reporter
from intake.views.status.action_pages import (
    RECEIPT_FIELD,
    action_page,
    back_from,
    kept_unrefused,
    refused,
)
from intake.views.status.addition_limits import addition_limits
from intake.views.status.notices import (
    forget_file_not_added,
    not_taken,
    say_done,
    say_file_not_added,
)
from intake.views.status.report_or_receipt import report_or_receipt_page, report_with_content
from intake.views.status.session_report import (
    confirmation_limits,
    confirmed,
    key_material,
    reporter_key,
)
from intake.views.uploads import chosen_file, read_upload, too_large_taken_out

_LAST_REPLY = "last_reply"  # ``_sent_just_now``
# What the reporter of a held report wrote about retaliation, until they confirm that telling
# the team releases the report (or come back to the status page, which shows it again).
_UNSENT_RETALIATION = "unsent_retaliation"


def retaliation_unsent() -> bool:
    """Whether what the reporter of a held report wrote about retaliation waits unsent."""
    return isinstance(reporter_session.get(_UNSENT_RETALIATION), str)


def _reply_page(
    report: Report, form: ReplyForm, *, expired: bool = False, unsent: bool = False
) -> str:
    # The team's last message, to answer it without going back for it (on a phone, the status
    # page and this one are not both in sight). Reading it is not seeing it: the status page
    # still shows it as new.
    written = [m for m in followups.read_thread(report, reporter_key()) if not m.from_reporter]
    last = written[-1] if written and written[-1].text is not None else None
    return action_page("reply", report, form, expired=expired, last=last, unsent=unsent)


def _evidence_page(report: Report, form: AddEvidenceForm, *, expired: bool = False) -> str:
    return action_page(
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
    return action_page("retaliation", report, form, expired=expired, unsent=unsent)


@reporter.route("/status/reply", methods=["GET", "POST"])
@addition_limits(keeps="body")
def reply() -> str | BaseResponse:
    """Send the team a message (save it, on a held report)."""
    report = report_with_content("reply")
    if request.method == "GET":
        kept = redisplay.follow_up_shown("reply", ReplyForm)
        return _reply_page(report, kept or ReplyForm(), unsent=kept_unrefused(kept))
    form = ReplyForm()
    if redisplay.back_pressed(form):
        return back_from("reply", report, form, _reply_page)
    if not form.validate_on_submit():
        return refused("reply", report, form, _reply_page)
    redisplay.follow_up_accepted("reply")
    text = form.body.data or ""
    if _sent_just_now(text):
        say_done("reply_again_held" if followups.looks_held(report) else "reply_again")
    else:
        try:
            followups.reply(report, text)
        except followups.NotTaken:
            return not_taken("reply", text)
        say_done("reply_held" if followups.looks_held(report) else "reply")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


def _sent_just_now(text: str) -> bool:
    """Whether ``text`` is the message this session last sent: Back and send again, or a
    double click without JavaScript, must not give the team the same message twice. Kept in
    the sealed session as a digest keyed with the session's own receipt key material (as
    ``session_report.remember`` keeps it), never the text."""
    digest = hmac.new(key_material(), b"last reply\0" + text.encode(), sha256).hexdigest()
    if reporter_session.get(_LAST_REPLY) == digest:
        return True
    reporter_session.put(_LAST_REPLY, digest)
    return False


@reporter.route("/status/evidence", methods=["GET", "POST"])
@addition_limits()
def add_evidence() -> str | BaseResponse:
    """Add a file to the report."""
    report = report_with_content("evidence")
    if request.method == "GET":
        form = redisplay.follow_up_shown("add_evidence", AddEvidenceForm) or AddEvidenceForm()
        # Keeping a file's hidden details is chosen afresh with each file, never carried over
        # from one refused.
        form.keep_original.data = False
        return _evidence_page(report, form)
    form = AddEvidenceForm()
    if not form.validate_on_submit():
        return refused("add_evidence", report, form, _evidence_page)
    try:
        followups.check_room_for_file(report)
        file = read_upload(request.files.get("file"), keep_original=bool(form.keep_original.data))
    except followups.TooManyFiles as full:
        return _file_refused(report, form, str(full))
    except AttachmentRejected as rejected:
        return _file_refused(report, form, rejected.message)
    try:
        followups.add_evidence(report, file, reporter_key())
    except followups.TooManyFiles as full:  # the last place taken meanwhile, in another tab
        return _file_refused(report, form, str(full))
    except followups.AlreadyAdded as twin:
        return _file_refused(
            report, form, already_added(request.files["file"].filename or "", str(twin))
        )
    except followups.NotTaken:
        return not_taken("evidence")
    redisplay.follow_up_accepted("add_evidence")
    forget_file_not_added()  # the last file chosen was added
    say_done("evidence_held" if followups.looks_held(report) else "evidence")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


def _file_refused(report: Report, form: AddEvidenceForm, reason: str) -> str | BaseResponse:
    """The evidence page, refusing the file posted for ``reason``; a file chosen and refused is
    also said, once, on the status page (a press of Upload with no file chosen is not: the
    evidence page's error says all there is)."""
    form.file.errors = [reason]
    if chosen_file(request.files.get("file")) or too_large_taken_out():
        say_file_not_added(reason)
    return refused("add_evidence", report, form, _evidence_page)


@reporter.route("/status/retaliation", methods=["GET", "POST"])
@addition_limits(keeps="details")
def retaliation() -> str | BaseResponse:
    """Tell the team the reporter is facing retaliation (on a held report, after confirming that
    this releases it)."""
    report = report_with_content("retaliation")
    if request.method == "GET":
        form = redisplay.follow_up_shown("retaliation", RetaliationForm)
        kept = kept_unrefused(form)
        unsent = reporter_session.get(_UNSENT_RETALIATION)
        if form is None and isinstance(unsent, str):
            # Back from the question that releases a held report: what they wrote, unsent.
            form = RetaliationForm(formdata=None, data={"details": unsent})
        return _retaliation_page(report, form or RetaliationForm(), unsent=kept)
    form = RetaliationForm()
    if redisplay.back_pressed(form):
        return back_from("retaliation", report, form, _retaliation_page)
    if not form.validate_on_submit():
        return refused("retaliation", report, form, _retaliation_page)
    details = form.details.data or ""
    redisplay.follow_up_accepted("retaliation")
    if followups.looks_held(report):
        # Telling the team releases a held report, which cannot be undone: ask first, as
        # "Release" does. What they wrote waits in the sealed session, never in the address.
        reporter_session.put(_UNSENT_RETALIATION, details)
        return redirect(url_for("reporter.confirm_retaliation"))
    return _tell_team(report, details)


@reporter.route("/status/retaliation/release", methods=["GET", "POST"])
@confirmation_limits("10 per hour")
def confirm_retaliation() -> str | BaseResponse:
    """For a held report: say that telling the team releases it now and what that means, then
    the button that does both. Going back keeps what the reporter wrote in the form."""
    details = reporter_session.get(_UNSENT_RETALIATION)
    report = report_or_receipt_page()
    if not followups.takes_additions(report):
        if isinstance(details, str):
            # Withdrawn in another tab while this page was open: what they wrote is shown back
            # once, as on the retaliation page, not kept waiting unseen in the session.
            reporter_session.drop(_UNSENT_RETALIATION)
            return not_taken("retaliation", details)
        report_with_content()  # nothing waiting: the status page says why (this aborts)
    if not isinstance(details, str) or not followups.looks_held(report):
        # Nothing waiting, or the report was released meanwhile (someone else named the same
        # person): the retaliation page, with what they wrote in its form, to send as it is now.
        return redirect(url_for("reporter.retaliation"))
    if request.method == "GET":
        shown = redisplay.follow_up_shown("confirm_retaliation", RetaliationReleaseForm)
        return _confirm_retaliation_page(report, shown or RetaliationReleaseForm())
    form = RetaliationReleaseForm()
    if not confirmed(form, report):
        # By redirect, as withdrawing: a reload never sends the form again. What they wrote
        # waits in the sealed session as before; the receipt typed is not kept.
        return refused(
            "confirm_retaliation", report, form, _confirm_retaliation_page, leave_out=RECEIPT_FIELD
        )
    redisplay.follow_up_accepted("confirm_retaliation")
    return _tell_team(report, details)


def _confirm_retaliation_page(
    report: Report, form: RetaliationReleaseForm, *, expired: bool = False
) -> str:
    form.receipt.data = ""  # a receipt is never shown back, right or wrong
    return render_template(
        "reporter/retaliation_release.html",
        form=form,
        details=reporter_session.get(_UNSENT_RETALIATION),
        back=url_for("reporter.retaliation"),
        expired=expired,
    )


def _tell_team(report: Report, details: str) -> BaseResponse:
    try:
        followups.report_retaliation(report, details)
    except followups.NotTaken:
        reporter_session.drop(_UNSENT_RETALIATION)
        return not_taken("retaliation", details)
    reporter_session.drop(_UNSENT_RETALIATION)
    say_done("retaliation" if details.strip() else "retaliation_unsaid")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked
