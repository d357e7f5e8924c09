"""Where a receipt typed to confirm an action is redirected when a limit refuses it
(``intake.errors.LIMITED_PAGES``), as a receipt lookup over its limit is: a page of its own, so
a reload or Back onto it is a GET, never the form (and a receipt) sent again. It says that the
action was not done, whose tries were counted, and, where only wrong receipts are refused,
leads back to the action, which the reporter's own receipt still passes."""

from __future__ import annotations

from flask import render_template, request, url_for

from intake.errors import (
    CEILING_OF_ALL,
    WHOSE_ATTEMPTS,
    reporter_whose_named,
    wait_named,
)
from intake.views import redisplay, reporter
from intake.views.status.session_report import (
    CONFIRMATION_CEILING,
    KEPT_WHEN_LIMITED,
    WRONG_CONFIRMATION_LIMITS,
)

# What each confirmed action's refusal left undone, by its endpoint's name (``?action=``): one
# for each of ``intake.errors.CONFIRMATIONS``.
NOT_DONE = {
    "release": "Your report has not been released.",
    "withdraw": "Your report has not been withdrawn.",
    "delete_sent": "What you sent has not been deleted.",
    "replace_receipt": "Your receipt has not been replaced: the one you have still works.",
    "confirm_retaliation": "The team has not been told, and your report has not been released.",
}


@reporter.get("/status/too-many-receipts")
def confirmation_limited() -> str:
    """Its redirect names the action, the wait, and whether every confirmation was refused
    (``?all=yes``) or only wrong receipts; opened without them, it says what it can."""
    action = request.args.get("action", "")
    everything = request.args.get(CEILING_OF_ALL) == "yes"
    why = reporter_whose_named()
    if not everything and why != "shared":
        why = "report"  # only this report's wrong receipts were refused, wherever typed
    # A withdrawal's reason, typed as the limit was reached, is kept for after the wait
    # (``session_report.confirmation_limits``): the way back shows it.
    kept = action in KEPT_WHEN_LIMITED and redisplay.follow_up_typed(
        action, KEPT_WHEN_LIMITED[action]
    )
    minutes, at_most, over = wait_named(
        "; ".join([*sorted(WRONG_CONFIRMATION_LIMITS), CONFIRMATION_CEILING])
    )
    return render_template(
        "reporter/confirmation_limited.html",
        minutes=minutes,
        at_most=at_most,
        over=over,
        everything=everything,
        # Unlisted addresses are counted whole by the ceiling (``intake.reporter_limits``).
        whose=WHOSE_ATTEMPTS[why or "network"],
        shared=why == "shared",
        not_done=NOT_DONE.get(action, "Nothing was done."),
        action_page=url_for(f"reporter.{action}") if action in NOT_DONE else None,
        kept_at=redisplay.follow_up_refused_at(action) if kept else None,
    )
