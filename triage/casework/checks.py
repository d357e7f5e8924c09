"""The checks every casework operation makes before it changes a case, and the refusal it gives.

A refusal is a ``CaseworkError`` whose message the member reads. The checks here are about the
case as it stands (open, unchanged since the member's page, its content not destroyed); roles
and recusal are the views' to check, never this module's.
"""

from __future__ import annotations

from intake.locks import lock_and_reread
from intake.models import Report


class CaseworkError(Exception):
    """The action does not fit the case as it stands; the message is shown to the member."""


def changed_since(current: object, seen: str | None) -> bool:
    """Whether a value differs from ``seen``, what the member's page showed ("" for nothing);
    None means the page did not say, so nothing is compared."""
    return seen is not None and seen != ("" if current is None else str(current))


CLOSED = "This case is closed. A lead must reopen it first"


def require_open(report: Report) -> None:
    if report.closed_on is not None:
        raise CaseworkError(CLOSED)


def require_content(report: Report) -> None:
    # After retention nothing new may be sealed onto the case: it would outlive the policy.
    if report.content_destroyed_on is not None:
        raise CaseworkError(
            "This case's content was destroyed"
            + ("" if report.destroyed_on_withdrawal else " under the retention policy")
            + ", so nothing more can be added to it"
        )


def lock_with_content(report: Report) -> None:
    """Lock the case's row, read it again and ``require_content``: a page opened before
    retention destroyed the content (or the reporter withdrew and had it deleted) would
    otherwise seal a note, message or measure onto the destroyed case once retention's lock
    was released, to outlive the policy."""
    lock_and_reread(report)
    require_content(report)
