"""The queue: every case a caseworker or lead may see, most pressing first, with both clocks.

Listing never decrypts anything: the page is built from clear codes, flags and day dates (see
``triage.casework.queue``). Oversight members are refused (403): they see aggregate measures only.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.security import nul_allowed_in
from intake.vocabulary import CATEGORIES, STAGES
from triage.casework import crossforce
from triage.casework.clocks import (
    case_clocks,
    iopc_decision_due,
    iopc_referral_clock,
    reopened_update_clock,
)
from triage.casework.iopc import iopc_decision_owed
from triage.casework.queries import NOT_A_REFERENCE, case_members, find_visible, is_case_reference
from triage.casework.queue import ORDERS, queue_page
from triage.forms.queue import LookupForm, QueueFilterForm
from triage.team.sessions import current_member, roles_required
from triage.views import team
from triage.views.pagination import pagination

# The queue's common views, by the filters each is: named above the filters, the one shown
# marked as the current page (and named in the heading) so a member knows which they are in.
QUEUE_VIEWS: tuple[tuple[str, dict[str, str | list[str]]], ...] = (
    ("Open cases", {}),
    ("My open cases", {"assignee": "me"}),
    ("Overdue cases", {"overdue": "y"}),
    ("Closed cases", {"stage": ["closed"]}),
)


def current_view(filters: dict[str, str | list[str]]) -> str | None:
    """The name of the common view these filters are exactly, if any."""
    return next((name for name, args in QUEUE_VIEWS if args == filters), None)


@team.get("/")
@roles_required("caseworker", "lead")
@nul_allowed_in("reference")  # refused by ``LookupForm`` as no reference, not "Page not found"
def queue() -> str | BaseResponse:
    member = current_member()
    assert member is not None
    lookup = LookupForm(formdata=request.args if "reference" in request.args else None)
    if "reference" in request.args and lookup.validate():
        typed = lookup.reference.data or ""
        found = find_visible(member, typed) if is_case_reference(typed) else None
        if found is not None:
            return redirect(url_for("team.case", reference=found.reference))
        lookup.reference.errors = [
            "No case you can see has that reference. Check it and try again"
            if is_case_reference(typed)
            else NOT_A_REFERENCE
        ]

    filter_form = QueueFilterForm(formdata=request.args)
    filter_form.set_assignees(case_members(), lead=member.is_lead)
    page_number = request.args.get("page", 1, type=int) or 1
    filter_form.ignore_invalid()  # an unknown value is shown as an error; the others apply
    filters = filter_form.filters(page_number)
    today = date.today()
    page = queue_page(member, filters, today)
    rows = [
        (
            row,
            *case_clocks(row.report, today),
            reopened_update_clock(row.report.update_owed_since, row.report.closed_on, today),
        )
        for row in page.rows
    ]
    form = lookup if lookup.errors else filter_form  # whose errors the summary shows
    # Another force's request waits on a lead's answer; the queue is where a lead would see it.
    crossforce_waiting = (
        len(crossforce.open_requests())
        if member.is_lead and current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY")
        else 0
    )
    return render_template(
        "team/queue.html",
        form=form,
        lookup=lookup,
        filter_form=filter_form,
        page=page,
        rows=rows,
        pagination=pagination(
            "team.queue", "Pages of the queue", page.page, page.pages, filter_form.query_args()
        ),
        categories=CATEGORIES,
        stages=STAGES,
        orders=ORDERS,
        today=today,
        # The deadline of a confirmed IOPC referral not recorded (``QueueRow.referral_to_make``).
        referral_clock=lambda report: iopc_referral_clock(
            report.iopc_decided_on, None, None, today
        ),
        # A flag for an IOPC referral a lead must decide on by then (``clocks.iopc_decision_due``).
        iopc_decision_due=iopc_decision_due,
        iopc_decision_owed=iopc_decision_owed,
        filtered=bool(filter_form.query_args()),
        views=QUEUE_VIEWS,
        current_view=current_view(filter_form.query_args()),
        crossforce_waiting=crossforce_waiting,
    )
