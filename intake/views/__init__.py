"""The reporter-facing blueprint: the make-a-report journey and the status page.

No view here logs anything about the requester. Every route is rate-limited.
"""

from __future__ import annotations

from flask import Blueprint

from intake.reporter_limits import limit_blueprint

# Every reporter route's limit, besides any of its own (uploads, sending, look-ups): it is the
# only one on removing a chosen file, which writes the draft only when a file goes. A route's own
# limit is declared with ``override_defaults=False``: without it, Flask-Limiter lets it replace
# this one, and a route whose own limit counts only POSTs had no limit on its GETs.
PAGES_LIMIT = "120 per minute"
reporter = Blueprint("reporter", __name__)
limit_blueprint(reporter, PAGES_LIMIT)

from intake.views import about, forces, journey, national_oversight, proof, session_end, status  # noqa: E402,F401  (routes register on import)
