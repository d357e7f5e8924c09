"""Trusting a reverse proxy's X-Forwarded-For and X-Forwarded-Proto, and only as far as told.

Behind a TLS-terminating proxy every request arrives from the proxy's address, so without this
every reporter would share one rate-limit counter. ``CANDOUR_PROXY_COUNT`` is how many proxies
in front of the app append to those headers (usually 1); with 0, the default, the headers are
ignored, so a client cannot forge its address by sending them. The address is used only as the
input of the limiter's keyed hash and is never stored or logged.

Requests from the onion service do not pass through that proxy: Tor hands them to gunicorn
directly with a PROXY-protocol header naming the circuit (docs/onion-service.md). Their
X-Forwarded-* headers come from the visitor, so they are never trusted, or any onion visitor
could pick a fresh rate-limit counter, and leave the onion ceiling, with every request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from intake.ratelimit import is_tor_circuit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class ProxyFixExceptTor:
    """``ProxyFix`` for requests from the proxy; Tor circuits keep the address gunicorn set."""

    def __init__(self, app: WSGIApplication, hops: int) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        onion = is_tor_circuit(environ.get("REMOTE_ADDR", ""))
        return (self.app if onion else self.fixed)(environ, start_response)


def init_proxy(app: Flask) -> None:
    hops: int = app.config["CANDOUR_PROXY_COUNT"]
    if hops:
        app.wsgi_app = ProxyFixExceptTor(app.wsgi_app, hops)  # type: ignore[method-assign]
