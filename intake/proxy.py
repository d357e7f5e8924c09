"""Trusting a reverse proxy's X-Forwarded-For and X-Forwarded-Proto, and only as far as told.

Behind a TLS-terminating proxy every request arrives from the proxy's address, so without this
every reporter would share one rate-limit counter. ``CANDOUR_PROXY_COUNT`` is how many proxies
in front of the app append to those headers (usually 1); with 0, the default, the headers are
ignored, so a client cannot forge its address by sending them. The address is used only as the
input of the limiter's keyed hash and is never stored or logged.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    hops: int = app.config["CANDOUR_PROXY_COUNT"]
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops
        )
