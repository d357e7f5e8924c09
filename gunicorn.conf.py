"""gunicorn settings for running Candour in production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value comes from an environment variable (listed in README.md, "Running in production").
What matters most here is what gunicorn must NOT do: it keeps no access log, because an access
log line is a client address, a user agent and an exact time — exactly what would identify a
reporter. Errors go to stderr without the request that caused them.

The app itself reads its own settings (``CANDOUR_ENV``, ``CANDOUR_DATABASE_URL``,
``CANDOUR_KEY_FILE`` ...) when ``wsgi`` is imported in each worker; see ``intake/config.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from typing import Any

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


# Where to listen. Behind a TLS-terminating proxy on the same host keep the loopback default;
# on a separate app host bind to its private address ("10.0.0.5:8000") or a unix socket
# ("unix:/run/candour/gunicorn.sock"). Never expose gunicorn itself to the internet.
bind = [
    address.strip()
    for address in os.environ.get("CANDOUR_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]

# Sync workers with a few threads each. Every request is short (sealing is microseconds, the
# slow parts are Argon2id at sign-in and scrypt when keys are unwrapped), so the usual
# 2 x cores + 1 processes keep the CPUs busy. No worker holds state another needs: sessions are
# signed cookies plus database rows, drafts live in the database, limits in Redis.
workers = _int("CANDOUR_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("CANDOUR_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"

# Uploads are at most 51 MB (five 10 MB files), re-encoded in the worker: give a slow request
# a minute before the arbiter kills it, and in-flight requests 30 s to finish on a restart.
timeout = _int("CANDOUR_TIMEOUT", 60)
graceful_timeout = _int("CANDOUR_GRACEFUL_TIMEOUT", 30)
keepalive = _int("CANDOUR_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak can never grow without bound; the jitter keeps
# them from all restarting at once.
max_requests = _int("CANDOUR_MAX_REQUESTS", 5000)
max_requests_jitter = _int("CANDOUR_MAX_REQUESTS_JITTER", 500)

# Heartbeat files on tmpfs: a worker blocked on a slow disk must not look dead (and nothing
# about requests is ever written to disk here).
SHARED_MEMORY = "/dev/shm"  # noqa: S108  (gunicorn only keeps heartbeat files there)
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

# Hostile-input limits on the request head (the body is limited by the app: MAX_CONTENT_LENGTH).
# No legitimate URL is longer than a few hundred bytes; browsers send about 15 headers.
limit_request_line = _int("CANDOUR_LIMIT_REQUEST_LINE", 4094)
limit_request_fields = _int("CANDOUR_LIMIT_REQUEST_FIELDS", 50)
limit_request_field_size = _int("CANDOUR_LIMIT_REQUEST_FIELD_SIZE", 8190)

# Which peers may tell gunicorn the original scheme (X-Forwarded-Proto: https) — only the
# TLS-terminating proxy. With the proxy on the same host the default is right; otherwise set
# its address ("10.0.0.2"), never "*" unless gunicorn listens on a socket only the proxy can
# reach. The scheme makes ``request.is_secure`` true, which adds the HSTS header. The client
# address the rate limiter hashes is set separately by the app (CANDOUR_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("CANDOUR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# The onion service (docs/onion-service.md): Tor's ``HiddenServiceExportCircuitID haproxy`` starts
# each connection with a PROXY-protocol v1 line naming the client's circuit, which gunicorn turns
# into REMOTE_ADDR, so the rate limiter counts each circuit apart. Only the peers listed in
# CANDOUR_PROXY_ALLOW_IPS (Tor on this host) may send that line. gunicorn reads it only on a
# connection's first request, so connections carry one request each here: keep-alive would let a
# second request arrive as Tor's own address, shared by every onion visitor.
proxy_protocol = os.environ.get("CANDOUR_PROXY_PROTOCOL", "off")
proxy_allow_ips = os.environ.get("CANDOUR_PROXY_ALLOW_IPS", "127.0.0.1,::1")
if proxy_protocol.strip().lower() not in ("off", "false", "0", "none", ""):
    keepalive = 0

# gunicorn's control socket (``gunicornc``: worker status, reloads) is one path per user by
# default; give each instance on a shared host its own.
if os.environ.get("CANDOUR_CONTROL_SOCKET"):
    control_socket = os.environ["CANDOUR_CONTROL_SOCKET"]


class QuietLogger(Logger):
    """gunicorn's logger without the two things that could identify a reporter: the time of a
    line (matched against building-access or network logs) and the client's address, which
    gunicorn puts in its "Invalid request from ip=..." warnings. The request line of a refused
    or failed request is dropped too (it could hold what was sent). There is no access log.
    The journal or log collector still stamps each line as it arrives; keep gunicorn's output
    out of any store kept longer than needed (README, "Running in production")."""

    error_fmt = r"[%(process)d] [%(levelname)s] %(message)s"
    datefmt = ""
    syslog_fmt = r"[%(process)d] %(message)s"

    def access(self, *args: Any, **kwargs: Any) -> None:
        """No access log, whatever the command line says."""

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        text = str(msg)
        if text.startswith("Invalid request from ip="):
            # "Invalid request from ip=<address>: Invalid HTTP Version: 'HTTP/9.9'" keeps only
            # "Invalid HTTP Version": the address goes, and so does anything the client sent.
            error = text.partition(": ")[2]  # an IPv6 address has colons but no ": "
            fault = re.split(r"[:'\"(]", error, maxsplit=1)[0].strip()
            msg, args = "Invalid request refused: %s", (fault or "malformed",)
        super().warning(msg, *args, **kwargs)

    def exception(self, msg: object, *args: Any, **kwargs: Any) -> None:
        if str(msg).startswith("Error handling request"):
            msg, args = "Error handling a request", ()
        super().exception(msg, *args, **kwargs)


# Logging: no access log at all, errors to stderr without times or addresses (QuietLogger).
# gunicorn's error log holds worker starts, exits and timeouts, and refused malformed requests
# by kind only; the app's own loggers never record addresses.
logger_class = QuietLogger
accesslog = None
disable_redirect_access_to_syslog = True
errorlog = "-"
loglevel = os.environ.get("CANDOUR_LOG_LEVEL", "info")
capture_output = False
proc_name = "candour"

# Load the app once in the arbiter so a configuration error (missing secrets, bad database
# URL) stops the start-up with one clear message instead of a crash loop in every worker.
# Each worker still opens its own database and Redis connections after the fork.
preload_app = True


def post_fork(server: object, worker: object) -> None:
    """Connections opened in the arbiter while preloading must not be shared across processes."""
    from intake.db import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)


def on_starting(server: object) -> None:
    """Refuse a production start whose rate limits would be per worker (in memory)."""
    production = os.environ.get("CANDOUR_ENV", "development") == "production"
    storage = os.environ.get("CANDOUR_RATELIMIT_STORAGE_URL", "memory://")
    if production and storage.startswith("memory://") and workers > 1:
        raise SystemExit(
            "CANDOUR_RATELIMIT_STORAGE_URL is memory:// with several workers: each worker would "
            "count limits on its own. Point it at Redis (redis://host:6379/0)."
        )
