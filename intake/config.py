"""Configuration from environment variables and a key file kept outside the database.

Secrets never have a default in code. In development a key file is generated on first start so
the demo runs with one command; in production (``CANDOUR_ENV=production``) a missing or weak
secret stops the app from starting.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "production")  # CANDOUR_ENV
SECRET_NAMES = ("secret_key", "receipt_key", "matching_key", "limiter_key")
MIN_SECRET_BYTES = 32
# Host names of this machine itself: plain http to them never crosses a network.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# How many times a single address's allowance a listed shared network gets in all
# (``CANDOUR_SHARED_NETWORK_FACTOR``, ``intake.reporter_limits``).
SHARED_NETWORK_FACTOR = 20
CONFIDENTIAL_LINE_PLACEHOLDER = (
    "Your force's confidential reporting line: in a real deployment its number and opening hours "
    "are shown here."
)


class ConfigError(RuntimeError):
    """Raised when Candour must not start with the configuration it was given."""


@dataclass(frozen=True)
class Secrets:
    secret_key: bytes  # Flask session signing
    receipt_key: bytes  # HMAC of receipt codes
    matching_key: bytes  # HMAC of subject match keys (blind index)
    limiter_key: bytes  # HMAC of client addresses, so rate-limit keys are never raw addresses


def _decode(name: str, value: str) -> bytes:
    try:
        raw = bytes.fromhex(value)
    except (ValueError, TypeError) as error:  # TypeError: a key file's number, list or null
        raise ConfigError(f"{name} must be hex-encoded") from error
    if len(raw) < MIN_SECRET_BYTES:
        raise ConfigError(f"{name} must be at least {MIN_SECRET_BYTES} random bytes")
    if len(set(raw)) < 8:
        raise ConfigError(f"{name} looks too weak (too few distinct bytes)")
    return raw


def load_secrets(key_file: Path, *, create: bool) -> Secrets:
    """Secrets from ``CANDOUR_<NAME>`` variables or the key file, created here if allowed."""
    from_env = {n: os.environ.get(f"CANDOUR_{n.upper()}") for n in SECRET_NAMES}
    unset = [f"CANDOUR_{n.upper()}" for n, v in from_env.items() if not v]
    if unset and len(unset) < len(SECRET_NAMES):
        # Some set and some not: the key file would be used and the ones set ignored.
        raise ConfigError(
            f"{', '.join(unset)} not set: set all four secret variables, or none of them to "
            "use the key file"
        )
    if not unset:
        values: dict[str, str] = {n: v for n, v in from_env.items() if v}
    elif key_file.exists():
        try:
            values = json.loads(key_file.read_text())
        except (OSError, ValueError) as error:  # unreadable, not UTF-8 or not JSON
            raise ConfigError(f"Key file {key_file} cannot be read as JSON ({error})") from None
        if not isinstance(values, dict):
            raise ConfigError(f"Key file {key_file} must hold a JSON object of hex secrets")
    elif create:
        values = {n: secrets.token_hex(MIN_SECRET_BYTES) for n in SECRET_NAMES}
        key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(values, handle)
    else:
        raise ConfigError(
            f"No secrets: the key file {key_file} (CANDOUR_KEY_FILE) does not exist; provide "
            "it, or set CANDOUR_SECRET_KEY, CANDOUR_RECEIPT_KEY, CANDOUR_MATCHING_KEY and "
            "CANDOUR_LIMITER_KEY"
        )
    missing = [n for n in SECRET_NAMES if not values.get(n)]
    if missing:
        raise ConfigError(f"Key file {key_file} lacks {', '.join(missing)}")
    return Secrets(**{n: _decode(n, values[n]) for n in SECRET_NAMES})


def _optional_secret(name: str) -> bytes | None:
    """A hex secret that may be left unset (it then turns its feature off)."""
    value = os.environ.get(name, "").strip()
    return _decode(name, value) if value else None


# The longest retention period a force or the deployment may set: a hundred years, past which
# the cut-off date would come before the calendar's first year and retention could not run.
MAX_RETENTION_MONTHS = 1200


def _whole_number(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    within = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
    number = int(value) if value.isascii() and value.isdigit() else None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        raise ConfigError(f"{name} must be a whole number, {within}")
    return number


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _force_hosts(value: str) -> dict[str, str]:
    """``CANDOUR_FORCE_HOSTS``: ``host=slug`` pairs, comma-separated."""
    hosts = {}
    for pair in filter(None, (p.strip() for p in value.split(","))):
        host, equals, slug = pair.partition("=")
        if not equals or not host.strip() or not slug.strip():
            raise ConfigError("CANDOUR_FORCE_HOSTS must be host=slug pairs, comma-separated")
        hosts[host.strip().lower()] = slug.strip()
    return hosts


def _networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``CANDOUR_SHARED_NETWORKS``: networks in CIDR form (or single addresses), comma-separated."""
    networks = []
    for part in filter(None, (p.strip() for p in os.environ.get(name, "").split(","))):
        try:
            networks.append(ipaddress.ip_network(part))
        except ValueError:
            raise ConfigError(
                f"{name} must be networks such as 192.0.2.0/24 or 2001:db8::/48, "
                f"comma-separated, with no host bits set ({part!r} is not one)"
            ) from None
    return tuple(networks)


def _base_url(production: bool) -> str:
    """``CANDOUR_BASE_URL``: every link a lead passes on is built from it
    (``intake.addresses.public_url``), so production must name it; the demo's default would
    hand a newcomer a link to 127.0.0.1. In production it is https, but on this machine's own
    loopback address (a local trial, with nothing crossing a network)."""
    value = os.environ.get("CANDOUR_BASE_URL", "").strip()
    if not value and production:
        raise ConfigError(
            "CANDOUR_BASE_URL must be set in production: the service's public address, "
            "which invitation links are built from"
        )
    if production and not _loopback(value) and urlsplit(value).scheme != "https":
        raise ConfigError(
            f"CANDOUR_BASE_URL must be an https:// address in production, not {value}: reports "
            "and sign-ins would cross the network unencrypted (plain http is only for "
            "127.0.0.1, localhost or ::1, for a trial on this machine)"
        )
    return value or "http://127.0.0.1:5000"


def _loopback(url: str) -> bool:
    return urlsplit(url).hostname in LOOPBACK_HOSTS


def _secure_cookies(production: bool, base_url: str) -> bool:
    """``CANDOUR_SECURE_COOKIES``: off only for plain http, which production has only on
    loopback (``_base_url``)."""
    secure = _flag("CANDOUR_SECURE_COOKIES", True)
    if production and not secure and not _loopback(base_url):
        raise ConfigError(
            "CANDOUR_SECURE_COOKIES cannot be false in production (only for a trial at "
            "127.0.0.1, localhost or ::1): the team's sign-in cookie would also be sent "
            "over plain http"
        )
    return secure


def _environment() -> str:
    """``CANDOUR_ENV``: a misspelt value (``prod``) must not quietly mean development, which
    creates a key file and skips every production check."""
    value = os.environ.get("CANDOUR_ENV", "").strip() or "development"
    if value not in ENVIRONMENTS:
        raise ConfigError(
            f"CANDOUR_ENV must be {' or '.join(ENVIRONMENTS)}, not {value!r} "
            "(unset means development)"
        )
    return value


def settings_from_environment(instance_path: Path) -> dict[str, Any]:
    """Flask settings read from the environment; see the configuration table in README.md.

    This is the only place the app reads ``CANDOUR_*`` variables (``gunicorn.conf.py`` reads the
    server's own), and it runs in ``create_app``, never at import time."""
    production = _environment() == "production"
    named = os.environ.get("CANDOUR_KEY_FILE", "").strip()
    key_file = Path(named or instance_path / "secrets.json")
    # Only the development default is created: a named file that is missing is a mistyped or
    # unmounted path, and a new key file there would not open what the real one sealed.
    loaded = load_secrets(key_file, create=not production and not named)
    base_url = _base_url(production)
    database_url = os.environ.get("CANDOUR_DATABASE_URL", f"sqlite:///{instance_path}/candour.db")
    return {
        "CANDOUR_PRODUCTION": production,
        "CANDOUR_SECRETS": loaded,
        "SECRET_KEY": loaded.secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": os.environ.get("CANDOUR_RATELIMIT_STORAGE_URL", "memory://"),
        "SESSION_COOKIE_SECURE": _secure_cookies(production, base_url),
        "CANDOUR_SCRYPT_N": _whole_number("CANDOUR_SCRYPT_N", 2**17, minimum=2),
        # argon2-cffi's defaults are RFC 9106's low-memory profile: t=3, m=64 MiB, p=4.
        "CANDOUR_ARGON2_MEMORY_KIB": _whole_number("CANDOUR_ARGON2_MEMORY_KIB", 65536, 8),
        "CANDOUR_PROXY_COUNT": _whole_number("CANDOUR_PROXY_COUNT", 0),
        "CANDOUR_BASE_URL": base_url,
        # Networks many reporters share (a force's proxies): their reporter limits count people,
        # under a ceiling for the whole network this many times looser (``intake.reporter_limits``).
        "CANDOUR_SHARED_NETWORKS": _networks("CANDOUR_SHARED_NETWORKS"),
        "CANDOUR_SHARED_NETWORK_FACTOR": _whole_number(
            "CANDOUR_SHARED_NETWORK_FACTOR", SHARED_NETWORK_FACTOR, minimum=1
        ),
        "CANDOUR_RETENTION_MONTHS": _whole_number(
            "CANDOUR_RETENTION_MONTHS", 24, minimum=1, maximum=MAX_RETENTION_MONTHS
        ),
        # Tenancy (``intake.tenancy``): the default force's slug, host names of other forces,
        # and the unprivileged role the app's transactions run as so the row policies apply.
        "CANDOUR_DEFAULT_FORCE": os.environ.get("CANDOUR_DEFAULT_FORCE", "default").strip(),
        "CANDOUR_FORCE_HOSTS": _force_hosts(os.environ.get("CANDOUR_FORCE_HOSTS", "")),
        "CANDOUR_COMMAND_FORCE": os.environ.get("CANDOUR_FORCE", "").strip() or None,
        "CANDOUR_DATABASE_ROLE": os.environ.get("CANDOUR_DATABASE_ROLE", "").strip() or None,
        # Cross-force matching (``triage.matching.national``): the service's own matching key,
        # held by no force; without it nothing crosses between forces.
        "CANDOUR_NATIONAL_MATCHING_KEY": _optional_secret("CANDOUR_NATIONAL_MATCHING_KEY"),
        # Shown under "Other ways to get help"; a deployment writes its own force's line here.
        "CANDOUR_CONFIDENTIAL_LINE": os.environ.get(
            "CANDOUR_CONFIDENTIAL_LINE", "" if production else CONFIDENTIAL_LINE_PLACEHOLDER
        ).strip(),
    }
