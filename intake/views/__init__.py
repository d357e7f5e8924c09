"""The reporter-facing blueprint: the make-a-report journey and the status page.

No view here logs anything about the requester. Every route is rate-limited.
"""

from __future__ import annotations

from flask import Blueprint

from intake.security import limiter

reporter = Blueprint("reporter", __name__)
limiter.limit("120 per minute")(reporter)

from intake.views import journey, proof, status  # noqa: E402,F401  (routes register on import)
