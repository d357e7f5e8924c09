"""What a reporter decides about their sent report from the status page: release a held report
now, ask that it never be shared with another force, withdraw it, or, once withdrawn, have what
they sent deleted. Each has a page that says
what it means, then the button that does it (``intake.followups`` does it, never this module).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import followups, hooks
from intake.forms import token_expired
from intake.forms.status import (
    DeleteSentForm,
    NoSharingForm,
    ReceiptConfirmation,
    ReleaseForm,
    WithdrawForm,
)
from intake.models import Report
from intake.reporter_limits import reporter_limit
from intake.tenancy import sharing_possible
from intake.views import redisplay, reporter
from intake.views.status.action_pages import RECEIPT_FIELD, kept_unrefused, refused
from intake.views.status.notices import say_done
from intake.views.status.page import names_someone
from intake.views.status.report_or_receipt import (
    report_or_receipt_page,
    report_tag,
    report_with_content,
)
from intake.views.status.session_report import (
    confirmation_limits,
    confirmed,
    report_person,
    reporter_key,
)


@reporter.route("/status/release", methods=["GET", "POST"])
@confirmation_limits("10 per hour")
def release() -> str | BaseResponse:
    """Release a held "go together" report now: a page that says what that means, then the
    button that does it."""
    report = report_with_content()
    if not followups.looks_held(report):
        return redirect(url_for("reporter.status"))
    page = _asked_for_receipt("release", report, ReleaseForm, "reporter/release.html")
    if page is not None:
        return page
    followups.release(report)
    say_done("release")
    return redirect(url_for("reporter.status"))  # at the top, where the banner says it worked


def _asked_for_receipt(
    step: str, report: Report, form_class: type[ReceiptConfirmation], template: str
) -> str | BaseResponse | None:
    """The page of an action confirmed with the receipt: shown on GET, refused (by redirect, so
    a reload never sends the form again) on a wrong receipt; None once the receipt is right,
    for the route to act. The receipt typed is never shown back, right or wrong."""

    def page(report: Report, form: ReceiptConfirmation | None, *, expired: bool = False) -> str:
        form = form or form_class()
        form.receipt.data = ""
        never_read = followups.withdrawn_looking_held(report)
        return render_template(template, form=form, expired=expired, never_read=never_read)

    if request.method == "GET":
        return page(report, redisplay.follow_up_shown(step, form_class))
    form = form_class()
    if not confirmed(form, report):
        return refused(step, report, form, page, leave_out=RECEIPT_FIELD)
    redisplay.follow_up_accepted(step)
    return None


@reporter.route("/status/no-sharing", methods=["GET", "POST"])
@reporter_limit("10 per hour", methods=["POST"], person=report_person)
def no_sharing() -> str | BaseResponse:
    """Ask the team never to share the report with another force: a page that says what that
    means (and that what was shared already stays shared), then the button."""
    report = report_with_content()
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
@confirmation_limits("10 per hour", keeps="reason")
def withdraw() -> str | BaseResponse:
    """Withdraw the report, with an optional reason and, where allowed, deletion at once."""
    report = report_with_content("withdraw")  # a reason written as the session ended is kept
    if request.method == "GET":
        kept = redisplay.follow_up_shown("withdraw", WithdrawForm)
        return _withdraw_page(report, kept or WithdrawForm(), unsent=kept_unrefused(kept))
    form = WithdrawForm()
    if not confirmed(form, report):
        # By redirect, as the other actions: rendered in reply to the POST, a reload sent it
        # again and Back onto it after withdrawing showed "Confirm form resubmission". The
        # receipt typed is not kept, to be shown to whoever opens the page next.
        return refused("withdraw", report, form, _withdraw_page, leave_out=RECEIPT_FIELD)
    redisplay.follow_up_accepted("withdraw")
    can_destroy = hooks.can_destroy_now(report)
    followups.withdraw(
        report, form.reason.data or "", destroy_now=can_destroy and bool(form.destroy_now.data)
    )
    say_done("withdraw_held" if followups.withdrawn_looking_held(report) else "withdraw")
    return redirect(url_for("reporter.status"))


def _withdraw_page(
    report: Report, form: WithdrawForm, *, expired: bool = False, unsent: bool = False
) -> str:
    form.receipt.data = ""  # a receipt is never shown back, right or wrong
    return render_template(
        "reporter/withdraw.html",
        form=form,
        can_destroy=hooks.can_destroy_now(report),
        held=followups.looks_held(report),
        closed=report.closed_on is not None,
        expired=expired,
        unsent=unsent,
        for_report=report_tag(report),
    )


@reporter.route("/status/delete", methods=["GET", "POST"])
@confirmation_limits("10 per hour")
def delete_sent() -> str | BaseResponse:
    """Delete what a reporter sent once they have withdrawn their report, rather than when the
    retention period ends: for one who did not ask as they withdrew, or has changed their mind.
    Not withdrawn, deleted already, or a protective measure open (the status page says why),
    there is nothing to do here."""
    report = report_or_receipt_page()
    if not followups.deletable(report):
        return redirect(url_for("reporter.status"))
    page = _asked_for_receipt("delete_sent", report, DeleteSentForm, "reporter/delete_sent.html")
    if page is not None:
        return page
    if followups.destroy_withdrawn(report):
        say_done("delete_sent")
    # Deleted meanwhile (another tab), or a protective measure opened: the status page says so.
    return redirect(url_for("reporter.status"))
