"""The confirmation page, which shows the receipt of the report this browser just sent, and
the receipt's download; a receipt replaced since (from the status page) opens nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Response, abort, current_app, make_response, redirect, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session
from intake.addresses import where_to_follow_up
from intake.db import db
from intake.forms import token_expired
from intake.forms.proof import ReceiptProofForm
from intake.forms.report import ReceiptDownloadForm
from intake.models import Report
from intake.proof.anonymity import disclosure_for
from intake.proof.offered import withheld_because
from intake.receipts import normalise, receipt_hash
from intake.reporter_limits import reporter_limit
from intake.views import reporter
from intake.views.journey.pages import page
from intake.views.status.session_report import closed_at_the_time_limit, receipt_page_address


def report_of(receipt: str) -> Report | None:
    """The report a receipt shown on this browser's pages opens; None once it was replaced."""
    key = current_app.config["CANDOUR_SECRETS"].receipt_key
    wanted = receipt_hash(key, receipt)
    return db.session.scalar(select(Report).where(Report.receipt_hash == wanted))


def replaced_receipt() -> BaseResponse:
    """A download asked for from a page showing a receipt that opens nothing now (replaced from
    the status page, in another tab): the status page, never a dead receipt or an error page."""
    return redirect(url_for("reporter.status"), code=303)


def ended_before_download() -> BaseResponse:
    """A download asked for from a page left open after the session ended (its form's token
    went with it): the receipt page, saying the session ended and the download was not made,
    as the other reporter forms do, never the error page's "something was wrong"."""
    return redirect(receipt_page_address(), code=303)


def _still_the_day_sent(received_on: date) -> bool:
    """Whether a report received on ``received_on`` may show its receipt now: on that day, or in
    the first minutes of the next while a session left idle since Send still lives. Send pressed
    just before midnight lands its redirect just after it, and a receipt lost then is lost for
    good; a session restored later the next day has ended, idle, and gets none."""
    now = datetime.now()
    if received_on == now.date():
        return True
    since_midnight = now - datetime.combine(now.date(), time())
    return received_on == now.date() - timedelta(days=1) and since_midnight < timedelta(
        minutes=reporter_session.IDLE_MINUTES
    )


@reporter.get("/report/sent")
def confirmation() -> str | BaseResponse:
    """The receipt of the report this browser sent; nowhere else and never after it leaves."""
    shown = drafts.sent()
    if shown is None:
        # The receipt page says why, and how to see the report: this request ended the session
        # for being idle, or (``?lost=yes``) this page closed itself at the time limit, in a tab
        # whose session another tab's request had ended first.
        if reporter_session.timed_out() or closed_at_the_time_limit():
            return redirect(url_for("reporter.status", lost="yes"))
        return redirect(url_for("reporter.start"))
    received_on = date.fromisoformat(shown["received_on"])
    if not _still_the_day_sent(received_on):
        # Only on the day it was sent: a browser that restores its session the next day (a
        # shared or work device) must not hand the receipt to whoever opens it.
        drafts.discard()
        return redirect(url_for("reporter.start"))
    receipt = str(shown["receipt"])
    report = report_of(receipt)
    if report is None:  # replaced since, from the status page: this receipt opens nothing now
        drafts.discard()
        return redirect(url_for("reporter.start"))
    return page(
        "confirmation.html",
        receipt=receipt,
        download=ReceiptDownloadForm(receipt=receipt),
        follow_up=where_to_follow_up(),
        received_on=received_on,
        held=bool(shown.get("held")),
        proof_form=ReceiptProofForm(receipt=receipt),
        again=request.args.get("again") == "yes",
        proof_says=disclosure_for(report),
        proof_withheld=withheld_because(report),
    )


@reporter.post("/receipt.txt")
@reporter_limit("20 per hour")
def receipt_file() -> Response | BaseResponse:
    """Echo a receipt back as a download; nothing is stored."""
    form = ReceiptDownloadForm()
    valid = form.validate_on_submit()
    if token_expired(form):
        return ended_before_download()
    if not valid or normalise(form.receipt.data or "") is None:
        abort(400)
    if report_of(form.receipt.data or "") is None:
        return replaced_receipt()
    follow_up = where_to_follow_up()
    sent_to = f"Your report went to {follow_up.force_name}.\n" if follow_up.force_name else ""
    text = (
        "Candour receipt\n\n"
        f"{form.receipt.data}\n\n"
        f"{sent_to}To check your report, go to {follow_up.address} and enter this receipt.\n\n"
        "Keep this somewhere only you can reach. It is the only way back to your report.\n"
        "Anyone who has it can read the team's messages to you.\n"
    )
    response = make_response(text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    # A plain name: a shared device's downloads list says nothing of which service was used.
    response.headers["Content-Disposition"] = 'attachment; filename="receipt.txt"'
    return response
