"""Rate-limit counters that name no client, no route and no time, and link nothing.

flask-limiter names a counter ``LIMITER/<client>/<endpoint>/<amount>/<multiples>/<period>`` and,
with its fixed-window strategy, lets it expire one period after the client's first request. Kept
like that in Redis the names say which route a client used (``reporter.send``), one client's send
and later status lookups share the ``<client>`` part, and the time-to-live gives the second of
the send. Here instead:

- ``<client>`` is a keyed hash of the address (or of the Tor circuit, see ``client_identity``);
- the whole name of every counter is replaced by HMAC(day key, name), so the store sees
  random-looking names: no route, no limit, and no shared part between one client's send and
  their lookups;
- the day key is HMAC(limiter key from the key file, a random salt made for each UTC day and kept
  only in the limiter's store, expiring an hour after the day ends). Once a day's salt is gone,
  that day's names mean nothing, even to someone holding the key file. (So every count also
  starts again at midnight UTC: a burst can straddle midnight, once a day.);
- a counter expires on a clock boundary (the second whole hour after its first request, for an
  hourly limit), so its time-to-live says only which window it began in, not the second.

What this does not hide: someone who holds both the key file and a copy of the store taken the
same day can compute that day's names for every IPv4 address and every route (2**32 HMACs per
route and limit: about an hour per CPU core, far less on a GPU) and so learn which addresses used
which routes that day, though still not when within the window. IPv6 /64s are not practical to
enumerate that way; Tor circuit ids are (32 bits), but name no person. Holding both is close to
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

from flask import current_app, request
from limits.storage import RedisStorage, Storage, storage_from_string
from redis import Redis

SCHEME_PREFIX = "candour+"
# Tor's ``HiddenServiceExportCircuitID haproxy`` gives each client circuit the PROXY-protocol
# source address fc00:dead:beef:4dad::<32-bit circuit id>; gunicorn makes that REMOTE_ADDR.
TOR_CIRCUITS = ipaddress.ip_network("fc00:dead:beef:4dad::/96")
# Behind every circuit's own limits, all onion clients together get at most this many POSTs a
# route (circuits are free to make); app.config["CANDOUR_ONION_CEILING"] overrides it.
ONION_CEILING = "60 per minute; 600 per hour"
_SALT_SECONDS = 60  # how long a worker trusts its copy of the day's salt before reading it again


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


def onion_ceiling() -> str:
    ceiling: str = current_app.config.get("CANDOUR_ONION_CEILING", ONION_CEILING)
    return ceiling


class DailyKeyedStorage(Storage):
    """A limits storage that renames every counter as described above and keeps it in an inner
    storage: ``candour+redis://...`` keeps them in ``redis://...``, ``candour+memory://`` in
    memory. Only the fixed-window strategy is supported (it uses only these calls)."""

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
        self._salt: tuple[str, float, bytes] | None = None  # (day, read at, salt)
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.inner.base_exceptions

    def _day_salt(self, day: datetime) -> bytes:
        """The random salt of this UTC day, shared by every worker through the store."""
        name = day.strftime("%Y-%m-%d")
        now = time.monotonic()
        if self._salt and self._salt[0] == name and now - self._salt[1] < _SALT_SECONDS:
            return self._salt[2]
        salt = secrets.token_bytes(32)
        if isinstance(self.inner, RedisStorage):
            redis = cast(Redis, self.inner.get_connection())
            key = self.inner.prefixed_key(f"candour-day/{name}")
            gone_at = day + timedelta(days=1, hours=1)
            redis.set(key, salt, nx=True, exat=int(gone_at.timestamp()))
            stored = redis.get(key)
            salt = stored.encode() if isinstance(stored, str) else stored or salt
        elif self._salt and self._salt[0] == name:
            salt = self._salt[2]  # memory: this process is the only holder
        self._salt = (name, now, salt)
        return salt

    def _name(self, key: str) -> str:
        """The stored name of counter ``key`` today."""
        day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        day_key = hmac.new(_secret(), self._day_salt(day), sha256).digest()
        return "candour/" + hmac.new(day_key, key.encode(), sha256).hexdigest()[:40]

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
        self._salt = None
        return self.inner.reset()

    def clear(self, key: str) -> None:
        self.inner.clear(self._name(key))
