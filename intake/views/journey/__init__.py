"""The make-a-report journey: start, five question pages, check answers, confirmation.

Answers live in an encrypted draft (``intake.drafts``) between pages. A page whose CSRF token
has expired is shown again with everything the reporter typed, and nothing is saved until they
send it again. A question page's Back sends its form too, to keep what was typed there unchecked
(``redisplay.keep_unfinished``) before going back. Sending is post/redirect/get: the draft
becomes its confirmation in the report's own transaction, so a reload, Back or a repeated send
shows the same receipt and stores nothing.

``steps`` holds the journey's order, ``pages`` how its pages are shown; the routes are in
``questions``, ``evidence``, ``sending`` (check answers and send) and ``confirmation``.
"""

from intake.views.journey import (  # noqa: F401  (routes and hooks register on import)
    confirmation,
    evidence,
    questions,
    readiness,
    sending,
)
