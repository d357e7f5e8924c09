"""Headers, cookies, rate limits and logging that keep reporters unidentifiable.

Every response gets a strict CSP (no inline script, nothing third-party), no-store caching and
no referrer. Rate-limit counters are named by ``intake.ratelimit`` so that they hold no address,
route or time and link nothing, and no log record carries an address, user agent or referrer.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, request
from flask_limiter import ApplicationLimit, Limiter, RequestLimit
from limits import RateLimitItem, parse_many
from werkzeug.exceptions import TooManyRequests
from werkzeug.routing import IntegerConverter

from intake.ratelimit import (
    SCHEME_PREFIX,
    STRATEGY,
    client_key,
    from_onion_circuit,
    onion_ceiling,
    personal_key,
)
from intake.shared_networks import browser, ceiling_items, network_key, shared_network

View = TypeVar("View", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cache-Control": "no-store",
}
# Sent on every response over https: browsers then use https alone for two years.
HSTS = "max-age=63072000"
MAX_REQUEST_BYTES = 5 * 10 * 1024 * 1024 + 1024 * 1024  # five 10 MB files and the form around them
# Stylesheet, scripts and images: up to five files a page (none is cached: no-store), at the
# team's 300 pages a minute.
STATIC_LIMIT = "1500 per minute"
# Addresses that match no route, or not with this method (404, 405): a person meets a few, from
# a mistyped or outdated link; a scanner meets thousands.
UNROUTED_LIMITS = "60 per minute; 600 per hour"

_FLOODED = "candour.flooded"  # in a request's environ: a limit that refuses every POST refused it


def mark_flooded(_limit: RequestLimit) -> None:
    """``on_breach`` of a limit that refuses every POST of a route, right receipt or wrong."""
    request.environ[_FLOODED] = True


def flooded() -> bool:
    """Whether this request broke a limit that refuses every POST (``mark_flooded``): its
    refusal must not say that a right receipt would still have passed."""
    return bool(request.environ.get(_FLOODED))


# The attribute ``intake.reporter_limits.wrong_receipt_limit`` sets on a route it limits: the
# check that the receipt posted there is right. Flask-Limiter's decorators keep it (functools).
RIGHT_RECEIPT_CHECK = "candour_right_receipt"


def _view_mark(name: str) -> Any:
    """What a decorator marked this request's view with (``RIGHT_RECEIPT_CHECK``,
    ``nul_allowed_in``), or None."""
    return getattr(current_app.view_functions.get(request.endpoint or ""), name, None)


def _right_receipt_posted() -> bool:
    """Whether this POST carries a right receipt to a route that counts only wrong ones. The
    onion ceiling, shared by every Tor circuit, then lets it through as the route's own limit
    does: otherwise anyone could post junk receipts over a few circuits and keep every onion
    reporter from their report, while guessing is still bounded by the wrong ones it counts."""
    right = _view_mark(RIGHT_RECEIPT_CHECK)
    return request.method == "POST" and right is not None and bool(right())


limiter = Limiter(
    key_func=client_key,
    default_limits=[],
    headers_enabled=False,
    # Check every limit of a route, not only up to the first broken one, so that a refusal knows
    # every limit it broke and the wait it quotes outlasts them all (``intake.errors``): with
    # "10 per minute; 60 per hour" both used up, "wait 2 minutes" would be refused again.
    fail_on_first_breach=False,
    # Onion visitors are counted per Tor circuit, and circuits cost nothing: all of them together
    # share one ceiling per route as well.
    application_limits=[
        ApplicationLimit(
            onion_ceiling,
            key_function=lambda: "onion",
            scope=lambda endpoint: endpoint or "unrouted",  # empty would skip the limit
            methods=["POST"],
            exempt_when=lambda: not from_onion_circuit() or _right_receipt_posted(),
            on_breach=mark_flooded,
        )
    ],
)


class BoundedInt(IntegerConverter):
    """``<int:...>`` that matches only numbers a database column can hold: 0 to 2**31 - 1
    (PostgreSQL's ``integer``). A larger number in an address used to reach the query and raise
    OverflowError (SQLite) or DataError (PostgreSQL), a 500; now no route matches, a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class RandomId(BoundedInt):
    """``<random_id:...>`` for rows keyed by a random 63-bit id (``intake.models.ids``, e.g. a
    possible match): 0 to 2**63 - 1, the widest integer both databases store."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def _add_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Overwritten, not defaulted: Flask serves static files with "no-cache", which still lets a
    # shared device keep Candour's stylesheet in its cache as a trace of the visit.
    response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


# Libraries that read or write what a reporter sent and log about it below ERROR: Pillow logs
# EXIF values at DEBUG, fpdf2 warns of each character its font cannot draw by naming it (words of
# a decrypted report), fontTools (under fpdf2) names glyphs, and PyAV passes on FFmpeg's messages
# about a recording's streams and tags (logger "libav").
QUIETED_LIBRARIES = ("PIL", "pypdf", "pypdfium2", "pillow_heif", "fpdf", "fontTools", "libav")


def quiet_logging() -> None:
    """Turn off the development server's access log (it prints addresses and exact times), and
    keep the libraries that handle reporters' files and text from logging what they hold."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    for library in QUIETED_LIBRARIES:
        logging.getLogger(library).setLevel(logging.ERROR)


class OverLimit(TooManyRequests):
    """A request over one of the limits counted here rather than by Flask-Limiter; ``minutes``
    is how long until every limit it broke has reset (``intake.errors`` shows it)."""

    def __init__(self, minutes: int) -> None:
        super().__init__()
        self.minutes = minutes


def _counted(limits: str, scope: str) -> list[tuple[RateLimitItem, str]]:
    """Each limit this request counts against, with the key it counts under: this client's
    address, or from a listed shared network (``intake.shared_networks``) the browser and the
    whole network's ceiling, so that one machine on a force's network cannot use up the
    stylesheet or the not-found page for everyone behind the same proxy."""
    if shared_network() is None:
        client = client_key()
        return [(limit, client) for limit in _parsed(limits)]
    ceiling = [(limit, network_key()) for limit in ceiling_items(limits)]
    person = browser()
    if person is None:  # a first request, with no cookie yet: only the ceiling can count it
        return ceiling
    own = personal_key(scope, person, per_client=False)
    return [(limit, own) for limit in _parsed(limits)] + ceiling


@cache
def _parsed(limits: str) -> list[RateLimitItem]:
    return parse_many(limits)


def _count(limits: str, scope: str) -> None:
    """Count this request against each of ``limits``, in the limiter's store and under its
    keyed names, as Flask-Limiter counts a route's (every limit, not only up to the first broken
    one); raise ``OverLimit`` if any is broken."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    counted = _counted(limits, scope)
    broken = [(limit, key) for limit, key in counted if not limiter.limiter.hit(limit, key, scope)]
    if broken:
        windows = [limiter.limiter.get_window_stats(limit, key, scope) for limit, key in broken]
        reset_at = max(window.reset_time for window in windows)
        raise OverLimit(max(1, math.ceil((reset_at - time.time()) / 60)))


def _limit_static_files() -> None:
    """Count static files against ``STATIC_LIMIT``. Flask-Limiter skips every endpoint named
    "static", whatever limit it is given, so the files were the one route besides ``/healthz``
    anyone could request without end."""
    if request.endpoint == "static":
        _count(STATIC_LIMIT, "static")


def _limit_unrouted() -> None:
    """Count requests that match no route (404), not with their method (405), or only after a
    redirect to add a slash against ``UNROUTED_LIMITS``. Flask-Limiter skips every request
    without an endpoint, so a scanner could try unknown addresses without end."""
    if request.url_rule is None:
        _count(UNROUTED_LIMITS, "unrouted")


NUL_ALLOWED_IN = "candour_nul_allowed_in"  # a view's attribute: ``nul_allowed_in``


def nul_allowed_in(*names: str) -> Callable[[View], View]:
    """Let the view's query parameters ``names`` through with a NUL in them, for the view to
    refuse as text typed in a box, in its own words (a case reference, say): it then never
    puts them in a query, nor on its page, with a NUL in them. Under any other decorator, so
    that theirs (``functools.wraps``) carry it."""

    def allow(view: View) -> View:
        setattr(view, NUL_ALLOWED_IN, frozenset(names))
        return view

    return allow


def _refuse_nul_in_address() -> None:
    """No reference, id or filter holds a NUL character, and PostgreSQL text cannot: an address
    with one is not found, instead of reaching a query and failing there (a 500). Every value
    of a parameter named twice, and the names too; not those a view lets through
    (``nul_allowed_in``)."""
    allowed: frozenset[str] = _view_mark(NUL_ALLOWED_IN) or frozenset()
    if "\x00" in request.path or any(
        "\x00" in name or ("\x00" in value and name not in allowed)
        for name, value in request.args.items(multi=True)
    ):
        abort(404)


def init_security(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # tokens live as long as the session; expiry is handled below
        RATELIMIT_HEADERS_ENABLED=False,
        # Fixed windows, as intake.ratelimit's storage needs, counting IPv6 /48s as well.
        RATELIMIT_STRATEGY=STRATEGY,
    )
    # "__Host-": browsers refuse the cookie unless this host set it (Secure, no Domain, Path /).
    # Candour may live beside the force's own sites (speakup.<force>.police.uk), and any of
    # them could otherwise plant a session cookie it knows on the whole domain: the reporter's
    # browser would then keep sending it, and a receipt typed at the wrong force's address or
    # with a slip would be kept in a session whoever planted it can open.
    secure = app.config.get("SESSION_COOKIE_SECURE", False)
    app.config["SESSION_COOKIE_NAME"] = "__Host-candour" if secure else "candour"
    storage = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if not storage.startswith(SCHEME_PREFIX):
        app.config["RATELIMIT_STORAGE_URI"] = SCHEME_PREFIX + storage
    # Before any blueprint is registered: rules are compiled with the converters known then.
    app.url_map.converters["int"] = BoundedInt
    app.url_map.converters["random_id"] = RandomId
    app.after_request(_add_headers)
    app.before_request(_limit_static_files)
    app.before_request(_limit_unrouted)
    limiter.init_app(app)
    # After the limits, so that an address refused for a NUL in it is counted like any other.
    app.before_request(_refuse_nul_in_address)
    quiet_logging()
