"""Small-number suppression for the oversight figures, so nobody can be re-identified from them.

Primary rule: any count under ``THRESHOLD`` (including 0) is shown as "fewer than 5".

Complementary (secondary) suppression: a hidden count must not be recoverable from the numbers
that are shown. Every exact additive relation the page publishes is declared as a ``Line``:
``members`` add up to ``total`` (a row of a table and its total column, the months and the
period's total, the case-to-answer decisions and the number decided, an ethnic group column and
the all-subjects row...). Members may be cells that are never displayed (the complement of a
rate, "no case to answer" hidden behind a rate): they still count, because a reader can compute
them. For every line whose total is shown:

- no exactly-one hidden member (it would equal the total minus the shown members);
- no hidden small count pinned to one value: a secondary cell is known to be at least 5 and a
  primary one at most 4, so with ``S`` the total minus the shown members, ``k`` secondary and
  ``m`` primary cells hidden, a primary cell lies between ``0`` (or ``S - 4(m-1)`` when
  ``k = 0``) and ``min(4, S - 5k)``; if those bounds meet, it is known exactly (for example one
  small and one withheld cell whose sum is exactly 5: the small one must be 0).

While a line breaks a rule, its smallest shown member is hidden as well (labelled "withheld",
since it is not under 5), or the total when no member is left; this repeats over all lines until
none changes, so a cell hidden for one line is protected in its other lines too. Totals are only
hidden as a last resort, which keeps figures that appear in two tables (the "all reports" rows)
hidden or shown alike in both.

Known limit: several lines crossing in a rectangle of hidden cells (a 2x2 block with row and
column totals) give bounds rather than exact values; the rules above keep those bounds no tighter
than "fewer than 5" for any single line, which is the standard protection.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Line:
    members: tuple[Hashable, ...]
    total: Hashable


@dataclass
class Counts:
    """Counts keyed by any hashable, the lines relating them, and which are hidden and why."""

    values: dict[Hashable, int] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    primary: set[Hashable] = field(default_factory=set)
    secondary: set[Hashable] = field(default_factory=set)

    def set(self, key: Hashable, value: int) -> None:
        self.values[key] = int(value)

    def get(self, key: Hashable) -> int:
        return self.values.get(key, 0)

    def relate(self, members: Iterable[Hashable], total: Hashable) -> None:
        self.lines.append(Line(tuple(members), total))

    def hidden(self, key: Hashable) -> bool:
        return key in self.primary or key in self.secondary

    def label(self, key: Hashable) -> str:
        """What a page or CSV shows for this count."""
        if key in self.primary:
            return FEWER
        if key in self.secondary:
            return WITHHELD
        return f"{self.get(key):,}"

    def suppress(self) -> None:
        """Apply the primary rule, then complementary suppression until every line is safe."""
        keys = set(self.values)
        for line in self.lines:
            keys.update(line.members)
            keys.add(line.total)
        self.primary = {key for key in keys if self.get(key) < THRESHOLD}
        self.secondary = set()
        changed = True
        while changed:
            changed = False
            for line in self.lines:
                if self._repair(line):
                    changed = True

    def _unsafe(self, line: Line) -> bool:
        hidden = [m for m in line.members if self.hidden(m)]
        if not hidden or self.hidden(line.total):
            return False
        if len(hidden) == 1:
            return True
        primaries = sum(1 for m in hidden if m in self.primary)
        secondaries = len(hidden) - primaries
        if not primaries:
            return False
        rest = self.get(line.total) - sum(self.get(m) for m in line.members if not self.hidden(m))
        low = 0 if secondaries else max(0, rest - (THRESHOLD - 1) * (primaries - 1))
        high = min(THRESHOLD - 1, rest - THRESHOLD * secondaries)
        return low >= high

    def _repair(self, line: Line) -> bool:
        if not self._unsafe(line):
            return False
        shown = [m for m in line.members if not self.hidden(m)]
        if shown:
            # The smallest shown member costs the least information to hide; ties by position.
            self.secondary.add(min(shown, key=lambda m: (self.get(m), line.members.index(m))))
        else:
            self.secondary.add(line.total)
        return True
