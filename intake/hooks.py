"""Extension points the team side plugs into, so ``intake`` never imports ``triage``.

``on_report_received`` callbacks run inside the submission's transaction, before commit, with the
report row and the reporter's answers in clear. They may read the answers (to derive match tokens
and signals) but must never store or log them.

``on_report_released`` callbacks run, before commit, when a reporter releases their own held
("go together") report, so the team side can score it as it would a report released by a match.
``before_report_released`` callbacks run first, before anything is written or the report's row
is locked: the team side takes there the cluster lock its scoring needs, ahead of the row
(``intake.locks``). They run whenever the report was read as held; read again under its row
lock, it may turn out released or withdrawn meanwhile, and then nothing more happens.

When a reporter withdraws and asks for their report to be deleted at once, or asks for that
later, from their status page, ``protection_open`` says whether the team has a protective
measure open for them (then the content must stay readable), and ``destroy_content`` destroys
it the way the retention schedule does. Both are single callables the team side installs;
without them nothing is destroyed early.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake.models import Report

ReportReceived = Callable[[Report, dict[str, Any]], None]
on_report_received: list[ReportReceived] = []
ReportReleased = Callable[[Report], None]
on_report_released: list[ReportReleased] = []
before_report_released: list[ReportReleased] = []
protection_open: list[Callable[[Report], bool]] = []
destroy_content: list[Callable[[Report], None]] = []


def kept_for_protection(report: Report) -> bool:
    """Whether the team has a protective measure open for the reporter: the content is kept."""
    return any(check(report) for check in protection_open)


def can_destroy_now(report: Report) -> bool:
    """True when the content may be destroyed at once: the team side is installed and no
    protective measure is open."""
    return bool(destroy_content) and not kept_for_protection(report)
