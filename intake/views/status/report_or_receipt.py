"""What an action on the status page needs first: the session's report, or else the receipt
page (``report_or_receipt_page``, ``report_with_content``).

A follow-up posted after the session ended (idle, or "Exit this page") is not lost: what was
typed is kept, sealed, in a new reporter session (never in the page, where it would travel in
a hidden field, nor in clear in the database) in its page's follow-up slot (``redisplay``),
and once the receipt is entered a redirect shows it on that page, filled in, until Send
(``where_the_receipt_leads``).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import abort, current_app, redirect, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

from intake import followups, reporter_session
from intake.models import Report
from intake.views import redisplay
from intake.views.status.notices import (
    NOT_TAKEN_NOTICES,
    not_taken,
    say_closed,
    say_file_not_added,
    say_not_taken,
)
from intake.views.status.session_report import open_report, receipt_page_address
from intake.views.uploads import chosen_file

# The field each page's text is in, by the name ``report_with_content`` is given; a chosen file
# cannot be kept, so its page asks for it again.
_KEPT_FIELDS: dict[str, tuple[str, str | None]] = {
    "reply": ("reply", "body"),
    "retaliation": ("retaliation", "details"),
    "evidence": ("add_evidence", None),
    "withdraw": ("withdraw", "reason"),
}
_KEPT = "kept_after_end"  # the page whose follow-up waits for the receipt
_KEPT_FOR = "kept_after_end_for"  # the ``report_tag`` of the report it was written on
# The hidden field each follow-up form carries: which report it was written on, so that what is
# kept opens only for that report's receipt, never for the next receipt entered on the device.
FOR_REPORT = "for_report"
_FILE_NOT_KEPT = "Your session had ended, so your file was not added. Choose it again"


def report_tag(report: Report) -> str:
    """A follow-up form's ``FOR_REPORT``: keyed, so the page says nothing of the report (not
    its id) that the page does not already show, and no page can make up another report's."""
    key = current_app.secret_key or b""
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, f"kept-follow-up:{report.id}".encode(), hashlib.sha256).hexdigest()[:32]


def kept_waiting() -> str | None:
    """The page whose follow-up, kept after the session ended, waits for the receipt."""
    kept_action = reporter_session.get(_KEPT)
    return kept_action if isinstance(kept_action, str) else None


def _keep_for_the_receipt(kept_action: str) -> None:
    """Keep what was posted to ``kept_action``'s page for after the receipt is entered."""
    step, field = _KEPT_FIELDS[kept_action]
    if field is None:
        redisplay.keep_follow_up(step, [], {"file": [_FILE_NOT_KEPT]})
        if chosen_file(request.files.get("file")):
            say_file_not_added("Your session had ended when you sent it. Choose it again")
    else:
        redisplay.keep_follow_up(step, [(field, request.form.get(field, ""))], {})
    reporter_session.put(_KEPT, kept_action)
    reporter_session.put(_KEPT_FOR, request.form.get(FOR_REPORT, ""))


def _came_from_candour() -> bool:
    """Whether this POST came from one of Candour's own pages. A follow-up kept without a session
    has no session's CSRF token to check it against: another site must not be able to plant
    words for a reporter to send as theirs. The browser must not say it came from elsewhere
    (browsers that do not say are believed), and the form's token must be one Candour signed,
    for some session, such as the one that just ended: a request forged without a Candour page
    is kept nowhere, so it stores nothing, as every forged request."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    config = current_app.config
    secret: str | bytes = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key or ""
    signer = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
    try:
        signer.loads(request.form.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), ""))
    except BadData:
        return False
    return True


def where_the_receipt_leads(report: Report) -> str:
    """Where the receipt page goes once the receipt is entered: the page of a follow-up kept
    from when the session ended, filled in, or else the status page."""
    kept_action = reporter_session.get(_KEPT)
    if kept_action not in _KEPT_FIELDS:
        return url_for("reporter.status")
    reporter_session.drop(_KEPT)
    written_on = reporter_session.get(_KEPT_FOR)
    reporter_session.drop(_KEPT_FOR)
    step, field = _KEPT_FIELDS[kept_action]
    if not isinstance(written_on, str) or not hmac.compare_digest(written_on, report_tag(report)):
        # Written on another report (whoever used the device before, maybe): it is not shown
        # here, where it would be read, or sent as this report's, and it is not kept.
        redisplay.follow_up_accepted(step)
        return url_for("reporter.status")
    if report.content_destroyed_on is not None or report.withdrawn_on is not None:
        # Nothing can be added: say so, showing what was typed back once, and keep nothing.
        typed = redisplay.follow_up_field(step, field) if field else ""
        redisplay.follow_up_accepted(step)
        say_not_taken(kept_action, typed)
        return url_for("reporter.status")
    return redisplay.follow_up_refused_at(step)


def _worth_keeping(kept_action: str) -> bool:
    """Whether a follow-up posted to ``kept_action``'s page after the session ended holds
    something to keep for the receipt. A message is its words: one sent empty is no message
    (its page refuses it), and kept it was shown as "not sent yet", as though words were
    waiting. A withdrawal's reason is kept only if one was written (without one nothing is lost:
    the receipt page says the withdrawal was not done). A retaliation note may be empty
    (telling the team is the point), and a file's page asks for the file again: those are kept
    as they are."""
    if kept_action not in _KEPT_FIELDS:
        return False
    field = _KEPT_FIELDS[kept_action][1]
    if kept_action in ("reply", "withdraw") and field is not None:
        return bool(request.form.get(field, "").strip())
    return True


def report_or_receipt_page(kept_action: str = "") -> Report:
    """The session's report; without one, the receipt page (keeping a follow-up posted)."""
    report = open_report()
    if report is None:
        if request.method != "POST" or not _worth_keeping(kept_action) or not _came_from_candour():
            abort(redirect(receipt_page_address()))
        _keep_for_the_receipt(kept_action)
        abort(redirect(url_for("reporter.status"), code=303))
    return report


def report_with_content(kept_action: str = "") -> Report:
    """The report, for adding to it; a withdrawn report, or a case whose content retention
    destroyed, takes nothing: the status page says why its page is not there (a tab left open
    would otherwise land there without a word)."""
    report = report_or_receipt_page(kept_action)
    if not followups.takes_additions(report):
        if request.method == "POST" and kept_action in NOT_TAKEN_NOTICES:
            field = _KEPT_FIELDS[kept_action][1]
            abort(not_taken(kept_action, request.form.get(field, "") if field else ""))
        say_closed()
        abort(redirect(url_for("reporter.status")))
    return report
