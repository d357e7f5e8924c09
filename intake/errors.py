"""Friendly error pages that reveal nothing: no stack trace, no request details."""

from __future__ import annotations

import logging
import math
import time
import traceback
from typing import Any, NamedTuple

from flask import Flask, current_app, make_response, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from limits import parse_many
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse

from intake import reporter_session
from intake.ratelimit import PERSONAL_PREFIX, onion_ceiling
from intake.reporter_session import OPENED_REPORT
from intake.security import OverLimit, flooded, limiter
from intake.shared_networks import shared_network
from intake.tenancy import reporting_force_label, several_forces_take_reports

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Something was wrong with that request", "Go back and try again."),
    403: ("You cannot see this page", "You do not have permission to see this page."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: (
        "This page cannot be opened directly",
        "It is the answer to a form. Go back to the page the form was on.",
    ),
    413: (
        "That was too large to send",
        "Files can be up to 10 MB each. Go back and choose a smaller file.",
    ),
    429: (
        "Too many attempts",
        "You have tried this too many times. Wait a while and try again.",
    ),
    500: ("Sorry, there is a problem with the service", "Try again later."),
    503: (
        "Sorry, the service is briefly unavailable",
        "Nothing from this step was saved. Go back and select the button again in a minute.",
    ),
}
log = logging.getLogger("candour")
# A reporter's form refused by a rate limit redirects (303) to a page of its own that explains
# the limit: shown in reply to the POST, a reload or Back onto it asked to send the form again.
# A receipt typed again to confirm an action (``confirmation_limits``) goes to one such page for
# them all, its redirect naming the action (``?action=``) so the page can say it was not done and
# lead back to it.
CONFIRMATION_LIMITED = "reporter.confirmation_limited"
CONFIRMATIONS = (
    "reporter.release",
    "reporter.withdraw",
    "reporter.delete_sent",
    "reporter.replace_receipt",
    "reporter.confirm_retaliation",
)
# So does what a reporter adds to their report (``intake.views.status.addition_limits``).
ADDITION_LIMITED = "reporter.addition_limited"
ADDITIONS = ("reporter.reply", "reporter.add_evidence", "reporter.retaliation")
LIMITED_PAGES = {
    "reporter.send": "reporter.send_limited",
    "reporter.status": "reporter.lookup_limited",
    **dict.fromkeys(CONFIRMATIONS, CONFIRMATION_LIMITED),
    **dict.fromkeys(ADDITIONS, ADDITION_LIMITED),
}
# The word a ``LIMITED_PAGES`` redirect adds when a route's ceiling of all its POSTs refused it
# (``intake.security.flooded``), not a limit that a right receipt passes.
CEILING_OF_ALL = "all"
# Every team form over a limit goes to the team's own such page, so a reload never sends a
# password or a code again (``triage.views.too_many_attempts``).
TEAM_LIMITED_PAGE = "team.too_many_attempts"


def _frames(error: BaseException) -> str:
    """Where ``error`` was raised, and where each error that caused it or was being handled
    when it was raised was (a database driver's error under SQLAlchemy's, say): their types and
    frames, never their messages, which can quote what was sent."""
    parts = ["".join(traceback.format_tb(error.__traceback__)).rstrip()]
    seen = {id(error)}
    found: BaseException = error
    while (earlier := found.__cause__ or found.__context__) and id(earlier) not in seen:
        how = "caused by" if found.__cause__ is earlier else "raised while handling"
        parts.append(f"{how} {type(earlier).__name__} (message not logged):")
        parts.append("".join(traceback.format_tb(earlier.__traceback__)).rstrip())
        seen.add(id(earlier))
        found = earlier
    return "\n".join(parts)


def _render(
    code: int,
    advice: str | None = None,
    *,
    other_ways: bool = False,
    try_again: tuple[str, str] | None = None,
) -> tuple[str, int]:
    title, default_advice = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    # The team's errors lead back to the team, never to the reporters' start page.
    team_page = request.path == "/team" or request.path.startswith("/team/")
    page = render_template(
        "error.html",
        title=title,
        advice=advice or default_advice,
        code=code,
        team_page=team_page,
        back=None if team_page else _form_page(),
        other_ways=other_ways,
        try_again=try_again,
        force_named=None if team_page or code >= 500 else _force_named(),
        # A mistyped force address (/nrth/) found nothing: its start page link led to the
        # first force's, so the page offers the list of forces too.
        find_force=code == 404 and not team_page and _several_forces(),
    )
    return page, code


def _several_forces() -> bool:
    """Whether several forces take reports, as ``_force_named`` reads, False when it cannot."""
    try:
        return several_forces_take_reports()
    except SQLAlchemyError:
        return False


def _force_named() -> str | None:
    """The force a reporter's error page names in its header (``reporting_force_label``), or
    None when the database that says it cannot be read: a refusal (a 429 above all) must still
    be shown, not turned into a server error."""
    try:
        return reporting_force_label()
    except SQLAlchemyError:  # down, or not yet migrated (no force table)
        return None


def _form_page() -> str | None:
    """Where "Go back" leads a reporter whose form was refused (too large, expired): the page the
    form was on, when its address also shows it. Without JavaScript, Back is the browser's."""
    return request.path if request.method == "POST" and is_a_page(request.path) else None


def is_a_page(path: str) -> bool:
    """Whether a GET of ``path`` shows a page here (a form's address may only be posted to)."""
    try:
        current_app.url_map.bind_to_environ(request.environ).match(path, method="GET")
    except HTTPException:  # not a page, or no such address
        return False
    return True


def refusal(code: int, advice: str) -> BaseResponse:
    """The error page for ``code`` with advice of its own, to raise with ``abort``: when the
    usual words would not say why (a member who declared a conflict of interest in a case)."""
    page, status = _render(code, advice)
    return make_response(page, status)


def wait_minutes(error: RateLimitExceeded) -> int:
    """How long to wait, in whole minutes, until every limit this request broke has reset.

    Read from the counters themselves: a counter lives until a clock boundary between one and two
    windows after its first attempt (``intake.ratelimit``), so the window's length alone could
    tell a reporter to come back while the limit still holds. Never a clock time on the page,
    which would say to whoever sees it when the attempts were made."""
    broken = [limit for limit in limiter.current_limits if limit.breached]
    if not broken:
        return _longest_life(error.limit.limit.get_expiry())
    now = time.time()
    # The counter's own expiry, not Flask-Limiter's ``reset_at``, which adds a second: a counter
    # begun on a minute's first second would otherwise be said to last 3 minutes, not 2. Kept
    # within the counter's longest life too, as Redis rounds the time it has left.
    return max(
        1,
        *(
            min(
                math.ceil((limit.window.reset_time - now) / 60),
                _longest_life(limit.limit.get_expiry()),
            )
            for limit in broken
        ),
    )


def _longest_life(window_seconds: int) -> int:
    """The longest a counter of this window can live, in minutes (``intake.ratelimit``)."""
    return 2 * max(1, math.ceil(window_seconds / 60))


class Wait(NamedTuple):
    """How long a ``LIMITED_PAGES`` page tells the reader to wait."""

    minutes: int
    at_most: bool  # nothing named it, so it is only the longest the wait could be
    over: bool = False  # the wait the redirect named has ended (the page opened again later)


# The redirect's word for the minute its wait ends (minutes since 1970): the page, reloaded or
# opened again from the browser's history, then says what is left of the wait, or that it is
# over, rather than the wait as it was. It is in the address only: Candour logs no addresses,
# and a browser's history, or a proxy's log, has the time of the visit anyway.
WAIT_ENDS = "ends"


def wait_ends(minutes: int) -> int:
    """The ``WAIT_ENDS`` of a wait of ``minutes`` from now, rounded up to a whole minute."""
    return math.ceil(time.time() / 60) + minutes


def wait_named(limits: str) -> Wait:
    """The wait, in minutes, named by the redirect to a ``LIMITED_PAGES`` page (``?minutes=``,
    and when it ends, ``WAIT_ENDS``), kept within the longest life of the counters of ``limits``
    and the onion ceiling. The page opened without it (a bookmark, a link) cannot know the
    wait: it gives that longest life, as the most it could be."""
    longest = max(
        _longest_life(limit.get_expiry()) for limit in parse_many(f"{limits}; {onion_ceiling()}")
    )
    named = request.args.get("minutes", type=int)
    if named is None:
        return Wait(longest, at_most=True)
    ends = request.args.get(WAIT_ENDS, type=int)
    if ends is not None:
        left = ends * 60 - time.time()
        if left <= 0:
            return Wait(0, at_most=False, over=True)
        named = min(named, math.ceil(left / 60))
    return Wait(min(max(named, 1), longest), at_most=False)


# Whose attempts a refusal counted, in its first words: those of whoever sees it ("you": every
# limit it broke counts one person's attempts, ``intake.ratelimit.personal_key``), of everyone
# sharing their address ("network"), of everyone on a network listed as shared by many reporters
# ("shared", ``intake.reporter_limits``), or, on a page opened without the redirect's word, unknown.
WHOSE_ATTEMPTS = {
    "you": "You have tried this too many times.",
    "network": "There have been too many attempts from the network you are using, which other "
    "people may share.",
    "shared": "Many people reach Candour from the network you are using, for example at work, "
    "and together they have tried this too many times.",
    "unknown": "There have been too many attempts.",
    # A report's wrong confirmations, counted wherever they were typed (``confirmation_limits``):
    # said by the page a confirmation over that limit is redirected to.
    "report": "Too many wrong receipts have been entered for this report, maybe not by you: "
    "someone else may have used this device, or your report in another browser.",
}
# What a reporter's refusal from a listed shared network can say it counted (``reporter_whose``).
REPORTER_WHOSE = ("you", "shared")
TEAM_WHOSE = ("you", "network")


def whose_attempts() -> str:
    """Whose attempts the limits this request broke counted (``WHOSE_ATTEMPTS``): "you" only
    when each of them counts one person's (a typed email address from this address, or one
    account's codes), else "network"."""
    broken = [limit for limit in limiter.current_limits if limit.breached]
    personal = [
        any(part.startswith(PERSONAL_PREFIX) for part in limit.request_args) for limit in broken
    ]
    return "you" if personal and all(personal) else "network"


def reporter_whose() -> str | None:
    """Whose attempts a reporter's refusal counted, from a listed shared network: "you" when
    every limit it broke counted their own browser or report, else "shared" (the network's
    ceiling). None from anywhere else, where a reporter's refusal reads as it always has."""
    if shared_network() is None:
        return None
    return "you" if whose_attempts() == "you" else "shared"


def reporter_whose_named() -> str | None:
    """On a reporter's limited page (``LIMITED_PAGES``) opened from a listed shared network,
    whose attempts its redirect said were counted ("unknown" without its word); else None."""
    if shared_network() is None:
        return None
    why = request.args.get("why")
    return why if why in REPORTER_WHOSE else "unknown"


def too_many_page(
    limits: str,
    *,
    team_page: bool,
    try_again: tuple[str, str] | None = None,
    whose: str = "you",
) -> str:
    """The page a form over its limit redirects to (``LIMITED_PAGES``, ``TEAM_LIMITED_PAGE``):
    a GET, so a reload or Back is not another attempt, naming the wait the redirect named.
    ``try_again`` is the (address, words) of a link back to the form, for after the wait;
    ``whose`` says whose attempts were counted (``WHOSE_ATTEMPTS``)."""
    wait = wait_named(limits)
    return render_template(
        "error.html",
        title="You can try again now" if wait.over else "Too many attempts",
        advice=WAIT_OVER if wait.over else wait_advice(wait.minutes, wait.at_most, whose=whose),
        code=429,
        team_page=team_page,
        try_again=try_again,
        other_ways=whose == "shared" and not team_page,
        force_named=None if team_page else _force_named(),
    )


WAIT_OVER = "The wait after too many attempts is over."


def wait_advice(minutes: int, at_most: bool = False, *, whose: str = "you") -> str:
    unit = "minute" if minutes == 1 else "minutes"
    up_to = "up to " if at_most else ""
    return f"{WHOSE_ATTEMPTS[whose]} Wait {up_to}{minutes} {unit}, then try again."


def _reporter_refused() -> str:
    """Whose attempts a reporter's refusal counted (``WHOSE_ATTEMPTS``): from a listed shared
    network as ``reporter_whose`` says; elsewhere everyone's at the address when a ceiling of
    all POSTs refused it, and otherwise "you", as it always has. (A limit on wrong receipts is
    never refused here: its routes redirect to a ``LIMITED_PAGES`` page.)"""
    whose = reporter_whose()
    if whose is not None:
        return whose
    return "network" if flooded() else "you"


def _back_to_report() -> tuple[str, str] | None:
    """A link back to the status page for a reporter refused on one of its actions while their
    session has a report open: the start page alone left them to find their receipt again."""
    if request.blueprint != "reporter" or reporter_session.get(OPENED_REPORT) is None:
        return None
    return url_for("reporter.status"), "Go back to your report"


def init_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return _render(error.code or 500)

    @app.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded) -> tuple[str, int] | BaseResponse:
        limited_page = LIMITED_PAGES.get(request.endpoint or "")
        if limited_page is None and request.blueprint == "team" and request.method == "POST":
            limited_page = TEAM_LIMITED_PAGE
        if limited_page is not None:
            # The team's page also says whose attempts were counted: a team behind one address
            # must not be told that they tried too often when it was a colleague, or a
            # stranger, on their network.
            team = limited_page == TEAM_LIMITED_PAGE
            whose = whose_attempts() if team else reporter_whose()
            why: dict[str, Any] = {"why": whose} if whose else {}
            if flooded():
                why[CEILING_OF_ALL] = "yes"
            if limited_page in (CONFIRMATION_LIMITED, ADDITION_LIMITED):
                why["action"] = (request.endpoint or "").removeprefix("reporter.")
            minutes = wait_minutes(error)
            when: dict[str, Any] = {"minutes": minutes, WAIT_ENDS: wait_ends(minutes)}
            return redirect(url_for(limited_page, **why, **when), code=303)
        # A team page over its limit says whose requests were counted: a member's own, or
        # everyone's at their address (``triage.views.ADDRESS_LIMIT``).
        # So does a reporter's from a listed shared network, with other ways to report now.
        whose = whose_attempts() if request.blueprint == "team" else _reporter_refused()
        advice = wait_advice(wait_minutes(error), whose=whose)
        return _render(429, advice, other_ways=whose == "shared", try_again=_back_to_report())

    @app.errorhandler(OverLimit)
    def over_limit(error: OverLimit) -> tuple[str, int]:
        return _render(429, wait_advice(error.minutes))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _render(400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception) -> tuple[str, int]:
        # A restart or failover of the database: the transaction was not committed, so the
        # reporter can safely try again, and a retry-later answer is the honest one.
        log.error("database unavailable: %s", type(error).__name__)
        return _render(503)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        # The type and where it was raised help operators; the message is left out, as it can
        # quote what was sent (a database's "invalid input syntax: ...", a parser's error over
        # a typed answer). SQL parameters are hidden by the engine options, and nothing about
        # the requester is in the record.
        log.error("unhandled %s (message not logged)\n%s", type(error).__name__, _frames(error))
        return _render(InternalServerError.code)
