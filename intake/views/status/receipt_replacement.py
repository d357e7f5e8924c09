"""Replacing a receipt from the status page: ask first (the old receipt stops working at once),
then show the new receipt, once, until the reporter goes back to their report."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import followups, reporter_session
from intake.addresses import where_to_follow_up
from intake.forms.report import ReceiptDownloadForm
from intake.forms.status import ReplaceReceiptForm
from intake.models import Report
from intake.views import redisplay, reporter
from intake.views.status.action_pages import RECEIPT_FIELD, refused
from intake.views.status.report_or_receipt import report_or_receipt_page
from intake.views.status.session_report import (
    confirmation_limits,
    confirmed,
    open_report,
    receipt_key,
    receipt_page_address,
    remember,
    reporter_key,
)

_NEW_RECEIPT = "new_receipt"  # a replaced receipt, shown until the status page is opened


def forget_new_receipt() -> None:
    """The status page was opened: the replaced receipt is not shown again."""
    reporter_session.drop(_NEW_RECEIPT)


@reporter.route("/status/replace-receipt", methods=["GET", "POST"])
@confirmation_limits("5 per hour")
def replace_receipt() -> str | BaseResponse:
    """Ask first (the old receipt stops working at once), then show the new receipt once."""
    report = report_or_receipt_page()
    if isinstance(reporter_session.get(_NEW_RECEIPT), str):
        # Replaced moments ago and not yet back on the status page: Back from the new receipt
        # (or a confirmation page left open) shows that receipt again rather than asking to
        # replace it, which would void the one just written down.
        return redirect(url_for("reporter.new_receipt"))
    if request.method == "GET":
        refused_form = redisplay.follow_up_shown("replace_receipt", ReplaceReceiptForm)
        return _replace_page(report, refused_form or ReplaceReceiptForm())
    form = ReplaceReceiptForm()
    if not confirmed(form, report):
        # By redirect: rendered in reply to the POST, a reload sent it again (another wrong
        # try counted) and Back onto it showed "Confirm form resubmission". The receipt typed
        # is not kept, to be shown to whoever opens the page next.
        return refused("replace_receipt", report, form, _replace_page, leave_out=RECEIPT_FIELD)
    redisplay.follow_up_accepted("replace_receipt")
    receipt = followups.replace_receipt(report, reporter_key(), receipt_key())
    if receipt is None:
        # Replaced in another tab at this very moment: that tab shows the one that works.
        return redirect(url_for("reporter.new_receipt"))
    remember(report, receipt)
    # Shown by a GET (post, redirect, get), so a reload or Back shows this receipt again and
    # never replaces it a second time, which would void the one just written down.
    reporter_session.put(_NEW_RECEIPT, receipt)
    return redirect(url_for("reporter.new_receipt"))


def _replace_page(report: Report, form: ReplaceReceiptForm, *, expired: bool = False) -> str:
    form.receipt.data = ""  # a receipt is never shown back, right or wrong
    return render_template("reporter/replace_receipt.html", form=form, expired=expired)


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
