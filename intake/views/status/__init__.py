"""The status page and its actions: a reporter returns with their receipt to read messages,
reply, add evidence, report retaliation, release, withdraw (and have what they sent deleted) or
replace their receipt.

The status page (``page``) shows the report and links to each action, which has a page of its
own (one thing per page): what a reporter adds (``additions``), what they decide about the
report (``decisions``), a new receipt (``receipt_replacement``). Each action reaches its report
through ``report_or_receipt``, which keeps a follow-up posted after the session ended for when
the receipt is entered; ``session_report`` holds what the session keeps of the receipt, and
``notices`` what the status page says once after an action.
"""

from intake.views.status import (  # noqa: F401  (routes register on import)
    addition_limits,
    additions,
    confirmation_limited,
    decisions,
    page,
    receipt_replacement,
)
