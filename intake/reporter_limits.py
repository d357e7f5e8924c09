"""Reporter limits that count people, not the address a whole force may share.

Reporters are police officers and staff, often on a work device: a force's traffic can reach
Candour from one or a few proxy addresses, so a limit per address ("10 reports an hour") is
shared by thousands, and one person, or an abuser wanting reports blocked, could use it all up.
An operator lists such networks in ``CANDOUR_SHARED_NETWORKS``. From a listed network each
reporter limit (``reporter_limit``) counts one person instead, and the whole network together
against a ceiling ``CANDOUR_SHARED_NETWORK_FACTOR`` times looser (20 by default), so that one
machine still cannot flood the service. Any other address is counted exactly as before.

Who "one person" is, for a reporter who must stay anonymous:

- before a receipt is entered (the journey, sending, receipt lookups), their browser: the random
  secret Flask-WTF keeps in the signed session cookie to check form tokens. Every form page
  makes it, every POST needs it (or fails the CSRF check anyway), and it lasts as long as the
  browser's session. The reporter session's own id would not do: it is renewed when a report
  begins and when a receipt is entered, restarting the count at just those moments, and a
  browser has none before its first answer. A request with no secret (a first page) counts
  against the network's ceiling alone: a browser with no cookie is a new person as far as
  anyone can tell;
- after a receipt opened a report (replies, files, decisions, a new receipt), that report, by
  its random id (``intake.views.status.session_report.report_person``): two reports acted on
  from one network are counted apart, one report from two browsers together. Material derived
  from the receipt would hide even which report it was from someone holding the key file, the
  database and a same-day copy of the limiter's store, but it changes with every new receipt:
  each replacement would start a new count, and one receipt's holder could replace it without
  end, up to the network's ceiling. Whoever holds all three is close to running the service
  and could watch its traffic anyway (``intake.ratelimit``).

Either value reaches the store only as ``personal_key``'s HMAC under the limiter key, which
``DailyKeyedStorage`` then renames under the day's salted key; nothing is logged or kept in the
database. Keys start with ``PERSONAL_PREFIX``, so a refusal can say whose attempts it counted.

A new browser costs nothing, so against an attacker it is the ceiling that holds: at most
``factor`` times a single address's allowance, what anyone renting that many addresses has
anyway. Three routes say whether a typed receipt exists: the lookup, and the receipt and proof
downloads (400 an hour each at the ceiling). The lookup's limit on wrong receipts
(``wrong_receipt_limit``) refuses only wrong ones, so that nobody sharing an address or a
browser can keep a reporter from their report: every receipt typed is still looked up, and it
is the lookup's ceiling of all attempts (``LOOKUP_CEILING``, 600 an hour per address, 12,000 at
the ceiling per listed network) that bounds guessing: at most 12,800 guesses an hour, 112
million a year, about 2**27. A receipt is 100 random bits (``intake.receipts``): with even
2**20 live receipts in a force a guess finds one with chance 2**-80, so a year of guessing at
the ceiling finds one with chance about 2**-53. A receipt typed to confirm an action is
compared with the open report's alone, under ``CONFIRMATION_CEILING``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Blueprint, request
from flask_limiter import RequestLimit, RouteLimit

from intake.ratelimit import client_key, personal_key
from intake.security import RIGHT_RECEIPT_CHECK, limiter, mark_flooded
from intake.shared_networks import browser, ceiling, network_key, shared_network

P = ParamSpec("P")
R = TypeVar("R")

# How many times looser than a reporter limit counted per person its ceiling per address is,
# where a route counts people everywhere (``per_person_everywhere``) and the address only bounds
# what one machine can do.
ADDRESS_CEILING_FACTOR = 10


def reporter_limit(
    limit: str,
    *,
    methods: list[str] | None = None,
    person: Callable[[], str | None] = browser,
    ceiling_of_all: bool = False,
    per_person_everywhere: bool = False,
    unless: Callable[[], bool] | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``limiter.limit(limit)`` for a reporter route: per client address as always, but from a
    listed network per ``person`` instead, with the network's ceiling as well. A
    ``ceiling_of_all`` is a route's flood ceiling: a refusal by it marks the request
    (``intake.security.flooded``), so its page does not say that a right receipt still gets in.
    ``per_person_everywhere`` counts ``person`` from any address, not only a listed network's;
    a POST for which ``unless()`` holds is neither counted nor refused."""
    # ``override_defaults=False``: a route's own limits add to the blueprint's page limit rather
    # than replace it (see ``intake.views``).
    own, network = _limits(
        limit,
        methods,
        person,
        override_defaults=False,
        unless=unless,
        per_person_everywhere=per_person_everywhere,
        on_breach=mark_flooded if ceiling_of_all else None,
    )
    return lambda route: network(own(route))


def wrong_receipt_limit(
    limit: str,
    *,
    right: Callable[[], bool],
    person: Callable[[], str | None] = browser,
    per_person_everywhere: bool = False,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``reporter_limit(limit)`` on a route's POSTs, counting and refusing only those whose
    receipt is wrong: a POST for which ``right()`` holds is neither counted nor refused, so
    nobody else's wrong receipts, from the same address or browser, can keep a reporter from
    their own report. ``per_person_everywhere`` counts ``person`` on any network, not only a
    listed one (a receipt confirmed for an open report counts that report). The route keeps a
    ``ceiling_of_all`` as well, which bounds how many receipts are checked at all."""
    own, network = _limits(
        limit,
        ["POST"],
        person,
        override_defaults=False,
        unless=right,
        per_person_everywhere=per_person_everywhere,
    )

    def limited(route: Callable[P, R]) -> Callable[P, R]:
        setattr(route, RIGHT_RECEIPT_CHECK, right)  # the onion ceiling lets right ones by too
        return network(own(route))

    return limited


def limit_blueprint(blueprint: Blueprint, limit: str) -> None:
    """``reporter_limit`` for every route of ``blueprint``, per browser from a listed network."""
    for decorator in _limits(limit, None, browser, override_defaults=True):
        decorator(blueprint)


def _limits(
    limit: str,
    methods: list[str] | None,
    person: Callable[[], str | None],
    *,
    override_defaults: bool,
    unless: Callable[[], bool] | None = None,
    per_person_everywhere: bool = False,
    on_breach: Callable[[RequestLimit], None] | None = None,
) -> tuple[RouteLimit, RouteLimit]:
    def own_key() -> str:
        if shared_network() is None and not per_person_everywhere:
            return client_key()
        return personal_key("reporter", person() or "", per_client=False)

    def let_through() -> bool:
        # Asked before the method is (Flask-Limiter), so a GET must not look a receipt up.
        return unless is not None and request.method == "POST" and unless()

    def no_one_to_count() -> bool:
        counts_person = per_person_everywhere or shared_network() is not None
        return (counts_person and person() is None) or let_through()

    def not_from_a_listed_network() -> bool:
        return shared_network() is None or let_through()

    return (
        limiter.limit(
            limit,
            key_func=own_key,
            methods=methods,
            exempt_when=no_one_to_count,
            override_defaults=override_defaults,
            on_breach=on_breach,
        ),
        limiter.limit(
            lambda: ceiling(limit),
            key_func=network_key,
            methods=methods,
            exempt_when=not_from_a_listed_network,
            override_defaults=override_defaults,
            on_breach=on_breach,
        ),
    )
