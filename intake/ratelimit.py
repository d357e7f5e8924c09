"""Rate-limit counters that name no client, no route and no time, and link nothing.

flask-limiter names a counter ``LIMITER/<client>/<endpoint>/<amount>/<multiples>/<period>`` and,
with its fixed-window strategy, lets it expire one period after the client's first request. Kept
like that in Redis the names say which route a client used (``reporter.send``), one client's send
and later status lookups share the ``<client>`` part, and the time-to-live gives the second of
the send. Here instead:

- ``<client>`` is a keyed hash of the address (or of the Tor circuit, see ``client_identity``);
- an IPv6 client is counted twice on every limit: for its /64, and for its /48 under a keyed hash
  of that, with ten times the amount (``WideningFixedWindow``);
- the whole name of every counter is replaced by HMAC(day key, name), so the store sees
  random-looking names: no route, no limit, and no shared part between one client's send and
  their lookups;
- the day key is HMAC(limiter key from the key file, a random salt made for each UTC day and kept
  only in the limiter's store, expiring an hour after the day ends). Once a day's salt is gone,
  that day's names mean nothing, even to someone holding the key file;
- in that hour after midnight a counter begun the day before (every limit here counts per hour
  at most, so its counter lives until 01:00 at the latest) goes on counting under its old name
  until it expires, so a burst straddling midnight is counted as one, as at any other time. No
  new counter is made under yesterday's name, and at 01:00 yesterday's names are gone for good;
- a counter expires on a clock boundary (the second whole hour after its first request, for an
  hourly limit), so its time-to-live says only which window it began in, not the second.

What this does not hide: someone who holds both the key file and a copy of the store taken the
same day can compute that day's names for every IPv4 address and every route (2**32 HMACs per
route and limit: about an hour per CPU core, far less on a GPU) and so learn which addresses used
which routes that day, though still not when within the window. IPv6 /64s are not practical to
enumerate that way, but the /48s within a provider's prefix are (65,536 in a /32), so for IPv6
they learn which /48, a home or business, used which routes. Tor circuit ids are enumerable too
(32 bits), but name no person. Holding both is close to
controlling the running service, which could watch its traffic live anyway (README, threat
model).
Redis must not persist the limiter's database to disk (``save ""``, ``appendonly no``), or a
snapshot keeps a day's salt beyond its day.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
import time
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any, cast

from flask import current_app, has_request_context, request
from limits import RateLimitItem
from limits.storage import RedisStorage, Storage, storage_from_string
from limits.strategies import STRATEGIES, FixedWindowRateLimiter
from limits.util import WindowStats
from redis import Redis

SCHEME_PREFIX = "candour+"
# Tor's ``HiddenServiceExportCircuitID haproxy`` gives each client circuit the PROXY-protocol
# source address fc00:dead:beef:4dad::<32-bit circuit id>; gunicorn makes that REMOTE_ADDR.
TOR_CIRCUITS = ipaddress.ip_network("fc00:dead:beef:4dad::/96")
# Behind every circuit's own limits, all onion clients together get at most this many POSTs a
# route (circuits are free to make); app.config["CANDOUR_ONION_CEILING"] overrides it.
ONION_CEILING = "60 per minute; 600 per hour"
# An IPv6 client's /48 is counted on every limit as well as its /64, this many times more loosely:
# a home or business may be given a /48, 65,536 /64s, enough for a fresh one for each attempt.
WIDER_PREFIX = 48
WIDER_FACTOR = 10
# The name of the strategy below, for RATELIMIT_STRATEGY.
STRATEGY = "candour-fixed-window"
_SALT_SECONDS = 60  # how long a worker trusts its copy of the day's salt before reading it again
# How long after its day a day's salt is kept, and its counters still counted: as long as the
# longest window of any limit here (an hour), so that no count restarts at midnight.
REACH_BACK = timedelta(hours=1)


def _secret() -> bytes:
    secret: bytes = current_app.config["CANDOUR_SECRETS"].limiter_key
    return secret


def is_tor_circuit(address: str) -> bool:
    """Whether a client address is a Tor circuit id exported through the PROXY protocol."""
    try:
        return ipaddress.ip_address(address) in TOR_CIRCUITS
    except ValueError:
        return False


def from_onion_circuit() -> bool:
    """Whether this request came through the onion service with its circuit id exported."""
    return is_tor_circuit(request.remote_addr or "")


def client_identity() -> str:
    """Who a per-client limit counts: the Tor circuit for onion visitors; for IPv6 the /64 (one
    household or phone gets a whole /64 and can pick any address in it); else the address."""
    address = request.remote_addr or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        if parsed not in TOR_CIRCUITS:
            return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_key() -> str:
    """The limiter's ``<client>``: a keyed hash, so no address is ever handed to the store."""
    return hmac.new(_secret(), client_identity().encode(), sha256).hexdigest()[:32]


# Keys of limits that count one person's attempts (``personal_key``) begin with this, so that a
# refusal can tell whether whoever sees it made the attempts counted (``intake.errors``) or shares
# an address with those who did.
PERSONAL_PREFIX = "one-"


def personal_key(purpose: str, value: str, *, per_client: bool = True) -> str:
    """The limiter's key for one person's attempts at ``purpose``: a keyed hash of ``value`` (a
    typed email address, an account's id) and, when ``per_client``, of the client's identity as
    ``client_key`` counts it. Neither is ever handed to the store in clear, and a key made here
    never equals one of ``client_key``'s (the purpose and the separators differ)."""
    parts = [purpose, client_identity() if per_client else "", value]
    digest = hmac.new(_secret(), "\x00".join(parts).encode(), sha256).hexdigest()[:32]
    return PERSONAL_PREFIX + digest


def wider_key() -> str | None:
    """The keyed hash of the network a per-client limit also counts, more loosely: an IPv6
    client's /48. None for IPv4 addresses (and IPv6-mapped ones), counted alone as before, and
    for Tor circuits, which share one /96 and name no network."""
    try:
        parsed = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return None
    if (
        not isinstance(parsed, ipaddress.IPv6Address)
        or parsed.ipv4_mapped is not None
        or parsed in TOR_CIRCUITS
    ):
        return None
    # "…/48" never equals a /64's "…/64", so the two never share a counter.
    network = ipaddress.ip_network(f"{parsed}/{WIDER_PREFIX}", strict=False)
    return hmac.new(_secret(), str(network).encode(), sha256).hexdigest()[:32]


def onion_ceiling() -> str:
    ceiling: str = current_app.config.get("CANDOUR_ONION_CEILING", ONION_CEILING)
    return ceiling


class WideningFixedWindow(FixedWindowRateLimiter):
    """Fixed windows, with every limit counted for this request's client also counted, at
    ``WIDER_FACTOR`` times its amount, for its wider network (``wider_key``): a request within
    the client's own limit is still refused once its /48 has used ten times as much. Each
    attempt counts on both, as Flask-Limiter counts every limit of a route. Limits keyed by
    something else (the onion ceiling) are counted as they are."""

    def _wider(
        self, item: RateLimitItem, identifiers: tuple[str, ...]
    ) -> tuple[RateLimitItem, list[str]] | None:
        if not has_request_context() or (wider := wider_key()) is None:
            return None
        client = client_key()
        if client not in identifiers:
            return None
        looser = type(item)(item.amount * WIDER_FACTOR, item.multiples, item.namespace)
        return looser, [wider if part == client else part for part in identifiers]

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        allowed = super().hit(item, *identifiers, cost=cost)
        if wider := self._wider(item, identifiers):
            allowed = super().hit(wider[0], *wider[1], cost=cost) and allowed
        return allowed

    def test(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        allowed = super().test(item, *identifiers, cost=cost)
        if wider := self._wider(item, identifiers):
            allowed = super().test(wider[0], *wider[1], cost=cost) and allowed
        return allowed

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        """The client's window, or when the wider one is used up too, the one that resets last:
        the wait a refused reporter is told must outlast whichever count refused them."""
        own = super().get_window_stats(item, *identifiers)
        wider = self._wider(item, identifiers)
        if wider is None:
            return own
        network = super().get_window_stats(wider[0], *wider[1])
        used_up = [stats.reset_time for stats in (own, network) if stats.remaining == 0]
        return WindowStats(
            max(used_up, default=own.reset_time),
            min(own.remaining, network.remaining // WIDER_FACTOR),
        )


# Flask-Limiter knows strategies by name, from this table; RATELIMIT_STRATEGY names this one.
STRATEGIES[STRATEGY] = WideningFixedWindow


def _hashed(salt: bytes, key: str) -> str:
    """The stored name of counter ``key`` under a day's salt."""
    day_key = hmac.new(_secret(), salt, sha256).digest()
    return "candour/" + hmac.new(day_key, key.encode(), sha256).hexdigest()[:40]


class DailyKeyedStorage(Storage):
    """A limits storage that renames every counter as described above and keeps it in an inner
    storage: ``candour+redis://...`` keeps them in ``redis://...``, ``candour+memory://`` in
    memory. Only the fixed-window strategies (``WideningFixedWindow`` and the plain one it
    builds on) are supported: they use only these calls."""

    STORAGE_SCHEME = [  # noqa: RUF012  (limits declares it as a plain list)
        SCHEME_PREFIX + scheme for scheme in ("memory", "redis", "rediss", "redis+unix")
    ]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        self.inner = cast(
            Storage,
            storage_from_string(
                uri.removeprefix(SCHEME_PREFIX), wrap_exceptions=wrap_exceptions, **options
            ),
        )
        self._salts: dict[str, tuple[float, bytes]] = {}  # day: (read at, salt)
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.inner.base_exceptions

    def _day_salt(self, day: datetime, make: bool = True) -> bytes | None:
        """The random salt of this UTC day, shared by every worker through the store; made if
        there is none yet when ``make``, else None when there is none (any more)."""
        name = day.strftime("%Y-%m-%d")
        now = time.monotonic()
        kept = self._salts.get(name)
        if kept and now - kept[0] < _SALT_SECONDS:
            return kept[1]
        salt = secrets.token_bytes(32) if make else None
        if isinstance(self.inner, RedisStorage):
            redis = cast(Redis, self.inner.get_connection())
            key = self.inner.prefixed_key(f"candour-day/{name}")
            if salt is not None:
                gone_at = day + timedelta(days=1) + REACH_BACK
                redis.set(key, salt, nx=True, exat=int(gone_at.timestamp()))
            stored = redis.get(key)
            salt = stored.encode() if isinstance(stored, str) else stored or salt
        elif kept:
            salt = kept[1]  # memory: this process is the only holder
        if salt is not None:
            self._salts[name] = (now, salt)
        return salt

    def _name(self, key: str) -> str:
        """The stored name of counter ``key`` now: yesterday's while, in the hour after midnight,
        a counter of ``key`` begun before midnight still lives under it (so that a burst across
        midnight counts as one burst), else today's."""
        now = datetime.now(UTC)
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        yesterday = today - timedelta(days=1)
        reaching_back = now < today + REACH_BACK
        # Forget every other day's salt (in memory it is the only copy, so its names go too).
        in_use = {f"{today:%Y-%m-%d}"} | ({f"{yesterday:%Y-%m-%d}"} if reaching_back else set())
        self._salts = {day: kept for day, kept in self._salts.items() if day in in_use}
        if reaching_back:
            salt = self._day_salt(yesterday, make=False)
            if salt is not None and self.inner.get(name := _hashed(salt, key)) > 0:
                # Should it expire before the caller's incr, the incr makes it again; it is
                # still forgotten at 01:00 with yesterday's salt, as every count was before.
                return name
        return _hashed(cast(bytes, self._day_salt(today)), key)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        # A new counter lives until the second clock boundary of its period after now (between
        # one and two periods), so its time-to-live tells the window, not the second, of the
        # first request. The limit holds a little longer than it says, never shorter, and
        # never restarts on a boundary mid-burst.
        now = time.time()
        lives = math.ceil((math.floor(now / expiry) + 2) * expiry - now)
        return self.inner.incr(self._name(key), lives, amount)

    def get(self, key: str) -> int:
        return self.inner.get(self._name(key))

    def get_expiry(self, key: str) -> float:
        return self.inner.get_expiry(self._name(key))

    def check(self) -> bool:
        return self.inner.check()

    def reset(self) -> int | None:
        self._salts = {}
        return self.inner.reset()

    def clear(self, key: str) -> None:
        self.inner.clear(self._name(key))
