"""Check answers and send: the report is sent by post/redirect/get, and the draft becomes its
confirmation in the report's own transaction, so a reload, Back or a repeated send shows the
same receipt and stores nothing.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session
from intake.errors import reporter_whose_named, wait_named
from intake.forms.report import SubmitReportForm
from intake.models import Report
from intake.reporter_limits import reporter_limit
from intake.submission import AlreadySent, NotReady, submit
from intake.views import redisplay, reporter
from intake.views.journey.pages import page
from intake.views.journey.steps import (
    PAGES,
    already_sent,
    first_missing,
    previous_page,
    sharing_asked,
    timed_out_page,
)
from intake.vocabulary import AFFECTED, CATEGORIES, named_people, when_text

SEND_LIMIT = "10 per hour"  # reports sent from one client (``intake.reporter_limits``)


# What Check answers calls each page where a change was typed and not saved.
UNSAVED_PAGE_NAMES = {
    "what": "What happened",
    "who": "Who was responsible",
    "affected": "Who was affected",
    "evidence": "Evidence",
    "together": "When should the team act",
    "share": "Sharing with another force",
}


def check_context(answers: dict[str, Any]) -> dict[str, Any]:
    unsaved = redisplay.unfinished_steps(answers)
    return {
        # A change begun through "Change" and left by Back shows on its page but is not what
        # is sent: said here, or the reporter sends the old answer believing it the new one.
        "unsaved": [
            (UNSAVED_PAGE_NAMES[step], url_for(f"reporter.{step}"))
            for step in PAGES
            if step in unsaved and step in UNSAVED_PAGE_NAMES
        ],
        "sharing_asked": sharing_asked(answers),
        "answers": answers,
        "when_text": when_text(answers),
        "people": named_people(answers),
        "categories": CATEGORIES,
        "affected_labels": AFFECTED,
        "back": previous_page(answers, "check"),
    }


@reporter.route("/report/check", methods=["GET"])
def check() -> str | BaseResponse:
    answers = drafts.load()
    if not answers and drafts.sent() is not None:
        return already_sent()  # Back from the confirmation page
    if lost := timed_out_page():
        return lost
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    if not answers.get("checking") or not answers.get("send_token"):
        answers = drafts.update(checking=True, send_token=secrets.token_urlsafe(24))
    return page(
        "check.html",
        form=SubmitReportForm(send_token=answers["send_token"]),
        not_ready=False,
        expired=False,
        changed=request.args.get("changed") == "yes",
        **check_context(answers),
    )


@reporter.post("/report/send")
@reporter_limit(SEND_LIMIT)
def send() -> str | BaseResponse:
    if drafts.sent() is not None:
        return already_sent()  # a reload, Back and send again, or a second click
    if reporter_session.timed_out():
        # Say plainly that nothing was sent: an empty form alone leaves a frightened reporter
        # unsure whether the report went, was lost, or was taken.
        return redirect(url_for("reporter.what", lost="unsent"), code=303)
    answers = drafts.load()
    if not answers:
        # Its answers went with the session (signed out of the status page, "Exit this page" in
        # another tab): say that nothing was sent, as after a timeout.
        return redirect(url_for("reporter.what", lost="gone"), code=303)
    form = SubmitReportForm()
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    if not form.validate_on_submit():
        return page(
            "check.html", form=form, expired=True, not_ready=False, **check_context(answers)
        )
    if not hmac.compare_digest(form.send_token.data or "", answers.get("send_token") or ""):
        # A form from another draft, or shown before an answer changed: show the answers as
        # they are now, and say why, before anything is sent.
        return redirect(url_for("reporter.check", changed="yes"), code=303)

    shown: dict[str, Any] = {}

    def mark_sent(report: Report, receipt: str) -> bool:
        shown.update(
            receipt=receipt,
            received_on=report.received_on.isoformat(),
            # A "go together" report, held or released by a report already naming the same
            # person: the confirmation says the same of both (``followups.looks_held``).
            held=report.go_together,
        )
        return drafts.mark_sent(answers, shown)

    try:
        submit(answers, mark_sent)
    except NotReady:
        return page(
            "check.html", form=form, expired=False, not_ready=True, **check_context(answers)
        )
    except AlreadySent:
        return already_sent()  # a request racing this one sent it first
    return redirect(url_for("reporter.confirmation"), code=303)


@reporter.get("/report/not-sent")
def send_limited() -> str | BaseResponse:
    """Where a send over the limit is redirected (``intake.errors``). A reporter who pressed Send
    once may share a network with many others: say so, and lead back to the answers, which are
    kept. A reload of this page is not another attempt."""
    if drafts.sent() is not None:
        return already_sent()
    if not drafts.load():
        lost = reporter_session.timed_out()
        return redirect(url_for("reporter.what", lost="yes") if lost else url_for("reporter.start"))
    minutes, at_most, over = wait_named(SEND_LIMIT)
    return page(
        "send_limited.html",
        minutes=minutes,
        at_most=at_most,
        over=over,
        why=reporter_whose_named(),
    )
