"""What the status page's action pages share: how one is shown, refused, or left by Back.

Each action has a page of its own (one thing per page), and a refused message, file or
retaliation note is kept on its page (``redisplay.refuse_follow_up``) while the reporter does
something else.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from intake import followups
from intake.forms import token_expired
from intake.models import Report
from intake.views import redisplay
from intake.views.redisplay import Form
from intake.views.status.notices import forget_done
from intake.views.status.report_or_receipt import report_tag

# A confirmation's receipt field: never kept with a refused form, to be shown to whoever opens
# the page next (``refused``'s ``leave_out``).
RECEIPT_FIELD = frozenset({"receipt"})


def action_page(
    name: str, report: Report, form: FlaskForm, *, expired: bool, **extra: object
) -> str:
    """One of the status page's actions (``templates/reporter/status_<name>.html``)."""
    return render_template(
        f"reporter/status_{name}.html",
        form=form,
        held=followups.looks_held(report),
        closed=report.closed_on is not None,
        expired=expired,
        back=url_for("reporter.status"),
        for_report=report_tag(report),
        **extra,
    )


def kept_unrefused(form: FlaskForm | None) -> bool:
    """Whether ``form``, shown again from its page's slot, is a follow-up kept unsent (from when
    the session ended, say) rather than one refused, which its errors explain: its page says
    it has not been sent yet, so nobody takes it for sent."""
    return form is not None and not form.errors


def refused(
    step: str,
    report: Report,
    form: Form,
    page: Callable[..., str],
    *,
    leave_out: frozenset[str] = frozenset(),
) -> str | BaseResponse:
    """``step``'s page showing ``form`` refused: by redirect, keeping what was sent but the
    fields ``leave_out`` names, unless its CSRF token expired (then nothing may be kept from the
    request, and the page says the session ended)."""
    if token_expired(form):
        return page(report, form, expired=True)
    forget_done()  # an earlier action's "done" is not this one's
    return redisplay.refuse_follow_up(step, form, leave_out=leave_out)


def back_from(
    step: str, report: Report, form: Form, page: Callable[..., str]
) -> str | BaseResponse:
    """Back pressed on ``step``'s page: what was typed is kept, unsent, and the reporter goes to
    the status page, which offers it back (the page is never cached, so a link lost it); with
    the form's token expired, the page is shown again, as a refusal is."""
    if token_expired(form):
        return page(report, form, expired=True)
    redisplay.keep_follow_up_going_back(step)
    return redirect(url_for("reporter.status"), code=303)
