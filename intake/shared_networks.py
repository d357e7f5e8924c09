"""Which network a request comes from, among those listed in ``CANDOUR_SHARED_NETWORKS``, and
who a limit counts from it: one browser, and the whole network against a looser ceiling.

``intake.reporter_limits`` says why (a whole force may reach Candour from a few proxy
addresses) and applies this to reporter routes; ``intake.security`` applies it to static files
and unknown addresses, which Flask-Limiter does not count.
"""

from __future__ import annotations

import hmac
import ipaddress
from functools import cache
from hashlib import sha256

from flask import current_app, request, session
from limits import RateLimitItem, parse_many

from intake.config import SHARED_NETWORK_FACTOR

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_ENVIRON_KEY = "candour.shared_network"


def shared_network() -> Network | None:
    """The listed network (``CANDOUR_SHARED_NETWORKS``) this request comes from, if any: worked
    out once a request, though each of a route's limits asks."""
    # Kept in the request's environ, not ``g``: a test's outer app context outlives requests.
    if _ENVIRON_KEY not in request.environ:
        request.environ[_ENVIRON_KEY] = _listed_network()
    found: Network | None = request.environ[_ENVIRON_KEY]
    return found


def _listed_network() -> Network | None:
    networks: tuple[Network, ...] = current_app.config.get("CANDOUR_SHARED_NETWORKS", ())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return next((network for network in networks if address in network), None)


def network_key() -> str:
    """The key of a listed network's ceiling: a keyed hash of the network as configured. Hex, so
    it never starts with ``PERSONAL_PREFIX``: a refusal by it counted the whole network."""
    secret: bytes = current_app.config["CANDOUR_SECRETS"].limiter_key
    named = f"shared-network\x00{shared_network()}".encode()
    return hmac.new(secret, named, sha256).hexdigest()[:32]


def browser() -> str | None:
    """The browser a limit counts before any receipt (see above), or None without one."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = session.get(field)
    return f"browser/{secret}" if isinstance(secret, str) and secret else None


def ceiling(limit: str) -> str:
    """``limit`` with every amount multiplied by the configured factor, for a whole network
    (Flask-Limiter asks for it on every request to the route)."""
    return scaled(
        limit, current_app.config.get("CANDOUR_SHARED_NETWORK_FACTOR", SHARED_NETWORK_FACTOR)
    )


@cache
def scaled(limit: str, factor: int) -> str:
    """``limit`` with every amount multiplied by ``factor``."""
    items = parse_many(limit)
    return "; ".join(f"{i.amount * factor} per {i.multiples} {i.GRANULARITY.name}" for i in items)


def ceiling_items(limit: str) -> list[RateLimitItem]:
    """``ceiling(limit)`` parsed, for limits counted outside Flask-Limiter."""
    return _parsed(ceiling(limit))


@cache
def _parsed(limit: str) -> list[RateLimitItem]:
    return parse_many(limit)
