"""The report this reporter's session unlocked with a receipt.

The reporter's server-side session (``intake.reporter_session``) holds the receipt's keyed hash,
the reporter's message key and the proof-of-reporting reference, never the receipt, and forgets
them after ``IDLE_MINUTES`` without use, when the reporter leaves, or at "Exit this page".
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import current_app, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from intake import receipts, reporter_session
from intake.db import db
from intake.forms.status import NOT_THIS_RECEIPT, ReceiptConfirmation
from intake.models import Report
from intake.reporter_limits import reporter_limit, wrong_receipt_limit
from intake.sealing import TeamPrivateKey
from intake.shared_networks import browser
from intake.submission import reporter_private_key
from intake.views import redisplay
from intake.views.closing_pages import closing_itself

_SESSION_KEY = reporter_session.OPENED_REPORT
RECEIPT_GONE = "receipt_gone"
P = ParamSpec("P")
R = TypeVar("R")


def receipt_key() -> bytes:
    key: bytes = current_app.config["CANDOUR_SECRETS"].receipt_key
    return key


def find_by_receipt(entered: str) -> Report | None:
    """One indexed lookup; every wrong or malformed receipt takes the same path."""
    wanted = receipts.lookup_hash(receipt_key(), entered)
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
    if report is None or not hmac.compare_digest(report.receipt_hash, wanted):
        return None
    return report


def is_its_receipt(report: Report, entered: str) -> bool:
    """Whether ``entered`` is ``report``'s receipt, asked again before an action that cannot be
    undone: compared in constant time, one HMAC for any input (as ``find_by_receipt``), against
    this report alone, so a wrong one says nothing of any other report. Each wrong try is
    counted per report by its route's ``confirmation_limits``: few guesses, at one report's
    100-bit receipt."""
    return hmac.compare_digest(report.receipt_hash, receipts.lookup_hash(receipt_key(), entered))


# Every confirmation posted from one client (from a listed shared network, for one report, and
# the network's ceiling): what bounds how many receipts are compared at all. A person typing
# cannot reach it, since a report's wrong receipts are refused long before; a script can.
CONFIRMATION_CEILING = "30 per minute; 300 per hour"
# Every confirmation route's limit on wrong receipts, for the wait its limited page names
# (``intake.views.status.confirmation_limited``).
WRONG_CONFIRMATION_LIMITS: set[str] = set()


# The field each confirmation or addition keeps when refused over its limit
# (``keeping_when_limited``), by its page's name, for its limited page to say it was kept.
KEPT_WHEN_LIMITED: dict[str, str] = {}


def confirmation_limits(
    wrong: str, *, keeps: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The limits of a route that asks for the open report's receipt again: ``wrong`` counts
    wrong receipts per report, wherever they come from (the open report's own receipt is never
    counted or refused by it, so nobody else's wrong tries, on another report or in another
    browser, can keep a reporter from acting on theirs), under ``CONFIRMATION_CEILING``.

    A form refused by a limit never reaches its route: what was typed in its field ``keeps`` (a
    withdrawal's reason) is kept, as a wrong receipt keeps it, for its page to show after the
    wait (``_keep_when_limited``)."""
    WRONG_CONFIRMATION_LIMITS.add(wrong)
    wrong_limit = wrong_receipt_limit(
        wrong, right=_confirms_open_report, person=report_person, per_person_everywhere=True
    )
    ceiling = reporter_limit(
        CONFIRMATION_CEILING, methods=["POST"], person=report_person, ceiling_of_all=True
    )

    def limited(route: Callable[P, R]) -> Callable[P, R]:
        checked = ceiling(wrong_limit(route))
        return checked if keeps is None else keeping_when_limited(route, checked, keeps)

    return limited


def keeping_when_limited(
    route: Callable[P, R], checked: Callable[P, R], keeps: str
) -> Callable[P, R]:
    """``checked``, ``route`` under its limits, keeping what was typed in the field ``keeps`` of
    a form a limit refuses (``_keep_when_limited``), for its page to show after the wait."""
    KEPT_WHEN_LIMITED[route.__name__] = keeps

    @wraps(route)
    def keeping(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return checked(*args, **kwargs)
        except RateLimitExceeded:
            _keep_when_limited(route.__name__, keeps)
            raise

    return keeping


def _keep_when_limited(step: str, field: str) -> None:
    """Keep the form of ``step``'s page, refused over its limit, sealed in the reporter's session
    as a wrong receipt's is (never the receipt): only the reporter's own form (its CSRF token),
    so another site's cannot put words in it, and only while the session holds the report, so
    nothing starts a session to keep it in."""
    if request.method != "POST" or open_report() is None:
        return
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return
    redisplay.keep_follow_up_limited(step, field, leave_out=frozenset({"receipt"}))


def _confirms_open_report() -> bool:
    report = open_report()
    return report is not None and is_its_receipt(report, request.form.get("receipt", ""))


def confirmed(form: ReceiptConfirmation, report: Report) -> bool:
    """Whether ``form`` was sent valid and with ``report``'s receipt; a wrong receipt is marked
    at its field. Its page never shows what was typed there back: on a shared device the next
    person could read it."""
    if form.validate_on_submit():
        if is_its_receipt(report, form.receipt.data or ""):
            return True
        form.receipt.errors = [NOT_THIS_RECEIPT]
    form.receipt.data = ""  # a receipt is never shown back, right or wrong
    return False


def open_report() -> Report | None:
    """The report this session unlocked with a receipt, while the session lives."""
    state = reporter_session.get(_SESSION_KEY)
    if not isinstance(state, dict):
        return None
    wanted = bytes.fromhex(state.get("hash", ""))
    report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
    if report is None:
        # Its receipt replaced, or the report deleted, here or on another device: the receipt
        # page says so, not that the session ended, which it did not.
        reporter_session.drop(_SESSION_KEY)
        reporter_session.put(RECEIPT_GONE, True)
    return report


def receipt_gone() -> bool:
    """Whether the report this session had open was found no more (``open_report``)."""
    return reporter_session.get(RECEIPT_GONE) is True


def remember(report: Report, receipt: str) -> None:
    """Keep the receipt's hash, the reporter's message key and the proof-of-reporting reference
    (never the receipt) in the reporter's server-side session."""
    material = receipts.reporter_key_material(receipt_key(), receipt)
    reporter_session.renew()  # a session id known before the receipt was entered opens nothing
    reporter_session.drop(RECEIPT_GONE)
    reporter_session.put(
        _SESSION_KEY,
        {
            "hash": report.receipt_hash.hex(),
            "key": material.hex(),
            "proof": receipts.proof_reference(receipt_key(), receipt),
        },
    )


def session_proof_reference() -> str | None:
    """The proof reference ``remember`` kept; None for a session that has none."""
    state = reporter_session.get(_SESSION_KEY)
    reference = state.get("proof") if isinstance(state, dict) else None
    return reference if isinstance(reference, str) else None


def report_person() -> str | None:
    """Whom a status action's limit counts from a shared network (``intake.reporter_limits``):
    the report this session opened, so two reports are counted apart and one report alike in
    any browser and under any of its receipts; without one (the session ended), the browser,
    as before a receipt."""
    report = open_report()
    return f"report/{report.id}" if report is not None else browser()


def key_material() -> bytes:
    """The receipt-derived material ``remember`` kept, from which the reporter's key is made."""
    return bytes.fromhex(reporter_session.get(_SESSION_KEY)["key"])


def reporter_key() -> TeamPrivateKey:
    return reporter_private_key(key_material())


def closed_at_the_time_limit() -> bool:
    """Whether this request is a page showing a receipt or a report fetching itself again as it
    closes at the time limit (its ``closes_to``, marked ``?lost=yes``) and finding the session
    gone: another tab's request found it idle and ended it first, and only told that tab."""
    return closing_itself() and not reporter_session.live()


def receipt_page_address() -> str:
    """Where an action needing the session's report goes without one: the receipt page, saying
    if the session timed out and, for a button pressed (a POST), that it was not done, so a
    reporter who withdrew, or asked not to share, does not believe it happened. A page that
    closed itself at the time limit (``?lost=yes``, its ``closes_to``) says it timed out too,
    though another tab's request found the session idle first."""
    closed = reporter_session.timed_out() or closed_at_the_time_limit()
    return url_for(
        "reporter.status",
        lost="yes" if closed else None,
        undone="yes" if request.method == "POST" else None,
    )
