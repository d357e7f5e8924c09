"""The status page and the receipt that opens it: a reporter returns with their receipt to read
the team's messages and what they sent, and finds a link to each thing they can do, on a page
of its own.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, followups, hooks, receipts, reporter_session
from intake.errors import CEILING_OF_ALL, reporter_whose_named, wait_named
from intake.forms import token_expired
from intake.forms.proof import StatusProofForm
from intake.forms.status import OTHER_FORCE, RECEIPT_NOT_FOUND, LeaveForm, ReceiptForm
from intake.models import Report
from intake.proof.anonymity import disclosure_for
from intake.proof.offered import withheld_because
from intake.reporter_limits import reporter_limit, wrong_receipt_limit
from intake.tenancy import several_forces_take_reports, sharing_possible
from intake.views import redisplay, reporter
from intake.views.status.additions import retaliation_unsent
from intake.views.status.notices import (
    NEVER_READ,
    closed_notice,
    done_notice,
    file_not_added_notice,
    not_taken_notice,
)
from intake.views.status.receipt_replacement import forget_new_receipt
from intake.views.status.report_or_receipt import kept_waiting, where_the_receipt_leads
from intake.views.status.session_report import (
    find_by_receipt,
    open_report,
    receipt_gone,
    remember,
    reporter_key,
)
from intake.vocabulary import (
    AFFECTED,
    CATEGORIES,
    LOOKED_AT_AGAIN,
    OUTCOMES_TOLD,
    RECEIVED_AND_WRITTEN,
    STAGES,
    named_people,
)

# Wrong receipts looked up from one client (from a listed shared network, one browser: see
# ``intake.reporter_limits``, which also says why receipts cannot be guessed). A right receipt
# is never counted or refused by it: others sharing the address, a mobile carrier's NAT or a
# police station's network, must not be able to keep a reporter from their report.
LOOKUP_LIMIT = "10 per minute; 60 per hour"
# Every lookup from one client, right or wrong: what bounds how many receipts are checked at
# all. A person typing cannot reach it (wrong receipts are refused long before); a script can.
LOOKUP_CEILING = "60 per minute; 600 per hour"
_TYPED_RECEIPT_FINDS = "candour.typed_receipt_finds"  # in the request's environ, once looked up


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
    forget_new_receipt()
    not_taken = not_taken_notice()  # said once
    # "The team wrote to you on ..." names the newest day the reporter has not seen; opening the
    # page is seeing it, so the next visit says nothing until the team writes again.
    new_days = [m.sent_on for m in thread if m.new and not m.from_reporter]
    if new_days:
        followups.mark_thread_seen(report)
    sent = followups.read_back(report, key)
    unsent = redisplay.follow_ups_refused()
    if not redisplay.follow_up_typed("reply", "body"):
        # A message refused empty is no message: "has not been sent yet" under one sent before
        # read as though that had failed, and its link opened an empty box. Its page still
        # shows its error.
        unsent.discard("reply")
    if retaliation_unsent():
        unsent.add("retaliation")
    return render_template(
        "reporter/status.html",
        report=report,
        proof_says=disclosure_for(report),
        proof_withheld=withheld_because(report),
        stages=STAGES,
        # The outcome in the reporter's words, never the team's label (its severity and forum
        # wording) nor its reason, which is an internal note.
        outcome_told=OUTCOMES_TOLD.get(report.outcome or ""),
        looked_at_again=LOOKED_AT_AGAIN if report.outcome_set_aside else None,
        # Still "Received", but the team has written: say so, not only "not acknowledged yet".
        received_and_written=RECEIVED_AND_WRITTEN
        if report.acknowledged_on is None and any(not m.from_reporter for m in thread)
        else None,
        categories=CATEGORIES,
        affected_labels=AFFECTED,
        thread=thread,
        news_on=max(new_days, default=None),
        news_count=len(new_days),
        sent=sent,
        held=followups.looks_held(report),
        never_read=NEVER_READ if followups.withdrawn_looking_held(report) else None,
        deletable=followups.deletable(report),
        # Asked only of a withdrawn report whose content is kept: the status page's every other
        # view needs no protection query.
        kept_for_protection=report.withdrawn_on is not None
        and report.content_destroyed_on is None
        and hooks.kept_for_protection(report),
        unsent=unsent,
        file_not_added=file_not_added_notice(),  # said once
        # A refusal kept on an action's page shows there; this page still confirms a later
        # action's success.
        done=done_notice(),
        not_taken=not_taken,
        closed=closed_notice() and not not_taken,  # one "why", said once
        expired=token_expired(proof_form),
        leave_form=LeaveForm(),
        # Signing out ends the whole session, so a report being written in another tab goes too.
        draft_in_progress=bool(drafts.load()),
        sharing_possible=sharing_possible() and names_someone(sent),
        proof_form=proof_form,
    )


def _typed_receipt_report() -> Report | None:
    """The report the receipt posted to the receipt page opens, looked up once a request (the
    limit asks before the page does)."""
    if _TYPED_RECEIPT_FINDS not in request.environ:
        request.environ[_TYPED_RECEIPT_FINDS] = find_by_receipt(request.form.get("receipt", ""))
    found: Report | None = request.environ[_TYPED_RECEIPT_FINDS]
    return found


@reporter.route("/status", methods=["GET", "POST"])
@reporter_limit(LOOKUP_CEILING, methods=["POST"], ceiling_of_all=True)
@wrong_receipt_limit(LOOKUP_LIMIT, right=lambda: _typed_receipt_report() is not None)
def status() -> str | BaseResponse:
    report = open_report()
    if request.method == "GET":
        if report is not None:
            return render_status(report)
        refused = redisplay.follow_up_shown("status", ReceiptForm)
        if refused is not None:
            # A mistyped receipt is most of a real one: shown back once, to correct, and not
            # again to whoever presses Back or reloads on a shared device (its error stays).
            errors = {field.name: list(field.errors) for field in refused if field.errors}
            redisplay.keep_follow_up("status", [], errors)
        return _receipt_page(refused or ReceiptForm())
    form = ReceiptForm()
    if form.validate_on_submit():
        report = _typed_receipt_report()
        if report is not None:
            redisplay.follow_up_accepted("status")
            remember(report, form.receipt.data or "")
            return redirect(where_the_receipt_leads(report), code=303)
        # One message, the same words in the error summary and at the field. Each force has
        # its own address, and a receipt is looked up only in the force it was given in.
        several = several_forces_take_reports()
        form.receipt.errors = [RECEIPT_NOT_FOUND + (OTHER_FORCE if several else "")]
    if token_expired(form):
        return _receipt_page(form)
    return redisplay.refuse_follow_up("status", form)


@reporter.get("/status/too-many-attempts")
def lookup_limited() -> str:
    """Where a receipt lookup over a limit is redirected (``intake.errors``): a reload of this
    page is not another attempt. Its redirect says whether the ceiling of all lookups refused
    it (``?all=yes``), or only the limit on wrong receipts, which a right one still passes."""
    minutes, at_most, over = wait_named(f"{LOOKUP_LIMIT}; {LOOKUP_CEILING}")
    return render_template(
        "reporter/lookup_limited.html",
        minutes=minutes,
        at_most=at_most,
        over=over,
        everything=request.args.get(CEILING_OF_ALL) == "yes",
        # Unlisted addresses are counted whole (``intake.reporter_limits``).
        why=reporter_whose_named() or "network",
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
        kept=kept_waiting(),
        gone=receipt_gone(),
    )
