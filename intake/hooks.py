"""Extension points the team side plugs into, so ``intake`` never imports ``triage``.

``on_report_received`` callbacks run inside the submission's transaction, before commit, with the
report row and the reporter's answers in clear. They may read the answers (to derive match tokens
and signals) but must never store or log them.

``on_report_released`` callbacks run, before commit, when a reporter releases their own held
("go together") report, so the team side can score it as it would a report released by a match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake.models import Report

ReportReceived = Callable[[Report, dict[str, Any]], None]
on_report_received: list[ReportReceived] = []
ReportReleased = Callable[[Report], None]
on_report_released: list[ReportReleased] = []
