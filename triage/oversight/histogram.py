"""Days from receipt to an outcome (or to closing) as a histogram, kept per quarter of receipt.

The quarters are kept so that an average or percentile of a year can be withheld whenever that
of one of its quarters is (``triage.oversight.figures.timing_row``): the year's less the quarter's
would otherwise give the withheld quarters' figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from triage.oversight.reporting_year import quarter_start


@dataclass
class Histogram:
    """How many cases took each number of days, and how many were received in each quarter
    (keyed by the quarter's first month, ``(year, month)``)."""

    days: Counter[int] = field(default_factory=Counter)
    quarters: Counter[tuple[int, int]] = field(default_factory=Counter)

    @classmethod
    def received_in(cls, day: date, days: Counter[int]) -> Histogram:
        """Cases all received in the quarter of ``day`` (tests and hand-built figures)."""
        return cls(days, Counter({quarter_start(day.year, day.month): sum(days.values())}))

    def update(self, other: Histogram) -> None:
        self.days.update(other.days)
        self.quarters.update(other.quarters)

    @property
    def count(self) -> int:
        return sum(self.days.values())

    def percentile(self, share: float) -> int | None:
        """Nearest-rank percentile: the smallest day count covering ``share`` of the cases."""
        total = self.count
        if not total:
            return None
        rank = max(1, -(-int(share * 1000) * total // 1000))  # ceil(share * total), exactly
        seen = 0
        for days in sorted(self.days):
            seen += self.days[days]
            if seen >= rank:
                return days
        return max(self.days)

    def mean(self) -> float | None:
        total = self.count
        return sum(d * n for d, n in self.days.items()) / total if total else None

    def over(self, days: int) -> int:
        return sum(n for d, n in self.days.items() if d > days)
