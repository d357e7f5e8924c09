"""Disclosure control for the oversight figures, so nobody can be re-identified from them.

Three rules, one word: every hidden figure reads "withheld".

Primary rule: any count under ``THRESHOLD`` (including 0) is withheld.

Rounding: every count that is shown is rounded to the nearest multiple of ``BASE`` (5, 6 and 7
show as 5; 8 to 12 as 10), as official statistics do, and rates, averages and ratios are worked
out from the rounded counts. This is what keeps a hidden count hidden when two periods are
compared: the page offers only whole quarters and years (``triage.oversight.period``), so the
only sum between periods is a year and its four quarters, and with each of those five figures
known only to within 2 either way, the difference cannot pin a withheld count.

Complementary (secondary) suppression, within one period: a hidden count must not be
recoverable from the exact relations the page's figures stand in. Every exact additive relation
is declared as a ``Line``: ``members`` add up to ``total`` (a row of a table and its total column,
the months and the period's total, the case-to-answer decisions and the number decided, an
ethnic group column and the all-subjects row...). Members may be cells that are never displayed
(the complement of a rate, "no case to answer" hidden behind a rate): they still count, because a
reader can compute them. For every line whose total is shown:

- no exactly-one hidden member (it would equal the total minus the shown members);
- no hidden small count pinned to one value: a secondary cell is known to be at least 5 and a
  primary one at most 4, so with ``S`` the total minus the shown members, ``k`` secondary and
  ``m`` primary cells hidden, a primary cell lies between ``0`` (or ``S - 4(m-1)`` when
  ``k = 0``) and ``min(4, S - 5k)``; if those bounds meet, it is known exactly (for example one
  small and one withheld cell whose sum is exactly 5: the small one must be 0).

The checks use the exact counts, which is stricter than a reader with rounded figures can be.
While a line breaks a rule, its smallest shown member is hidden as well, or the total when no
member is left; this repeats over all lines until none changes, so a cell hidden for one line is
protected in its other lines too. Totals are only hidden as a last resort, which keeps figures
that appear in two tables (the "all reports" rows) hidden or shown alike in both.

Figures already published elsewhere (``adopt``): the national page (``triage.oversight.national``)
shows each force's cells exactly as that force's own page does, so they are adopted with their
hidden or shown state fixed, and only the national totals they add up to can be hidden to repair
a line. Hiding a force's cell on the national page alone would protect nothing, because the
force's own page shows it.

Figures shown in two views (``take``): a month is in its quarter's table and in its year's, so
each month's state is decided once, with its quarter's and its year's totals
(``triage.oversight.figures.decide_months``), and every view takes it from there. Decided in each
view apart, a month withheld to protect a quarter's line could be shown in the year's table.

Known limits: a period still open (this quarter, "so far") changes as reports arrive, so someone
reading the page every day sees a rounded figure step when it crosses a multiple of 5. And one
exact relation is left undeclared: the cases closed and the cases still open (the time table's
"Close" and "still open" rows) add up to the reports received. Declared, it would withhold the
close row whenever the still-open row is withheld, and the month total, which the month tables
decide first, could not be the cell hidden to repair it. Left to rounding, received less closed
(each known to within 2) bounds a withheld still-open count to a range 9 wide: it can say that
count is not 0, never what it is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

THRESHOLD = 5
BASE = 5
WITHHELD = "withheld"


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of ``BASE``, halves up (7 is 5, 8 is 10)."""
    return BASE * ((count + BASE // 2) // BASE)


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
    # Adopted cells: their hidden or shown state was decided on another page and stays.
    fixed_primary: set[Hashable] = field(default_factory=set)
    fixed_secondary: set[Hashable] = field(default_factory=set)
    fixed: set[Hashable] = field(default_factory=set)

    def set(self, key: Hashable, value: int) -> None:
        self.values[key] = int(value)

    def get(self, key: Hashable) -> int:
        return self.values.get(key, 0)

    def relate(self, members: Iterable[Hashable], total: Hashable) -> None:
        self.lines.append(Line(tuple(members), total))

    def adopt(self, prefix: Hashable, other: Counts) -> None:
        """Take ``other``'s counts, already suppressed, under ``(prefix, key)``: they keep
        their state; lines given here may hide only cells of this ``Counts``'s own."""
        keys = {*other.values, *other.primary, *other.secondary}
        self.take(other, {(prefix, key): key for key in keys})

    def add_up(self, parts: Sequence[Counts]) -> None:
        """Adopt each of ``parts`` (the forces' counts, already suppressed) under
        ``("force", index)``, and declare every count of this ``Counts`` their sum: lines that
        may hide only this ``Counts``'s own cells."""
        keys = set(self.values)
        for line in self.lines:
            keys.update((*line.members, line.total))
        prefixes = [("force", index) for index in range(len(parts))]
        for prefix, part in zip(prefixes, parts, strict=True):
            self.adopt(prefix, part)
        if prefixes:
            for key in keys:
                self.relate([(prefix, key) for prefix in prefixes], key)

    def take(self, other: Counts, names: dict[Hashable, Hashable]) -> None:
        """Take some of ``other``'s counts, already suppressed, each under a name of this
        ``Counts`` (``names`` maps ours to theirs), keeping their shown or withheld state."""
        for own, theirs in names.items():
            self.values[own] = other.get(theirs)
            self.fixed.add(own)
            if theirs in other.primary:
                self.fixed_primary.add(own)
            if theirs in other.secondary:
                self.fixed_secondary.add(own)

    def hidden(self, key: Hashable) -> bool:
        return key in self.primary or key in self.secondary

    def shown(self, key: Hashable) -> int | None:
        """The count as published (rounded), or None when it is withheld."""
        return None if self.hidden(key) else rounded(self.get(key))

    def label(self, key: Hashable) -> str:
        """What a page or CSV shows for this count."""
        value = self.shown(key)
        return WITHHELD if value is None else f"{value:,}"

    def suppress(self) -> None:
        """Apply the primary rule, then complementary suppression until every line is safe."""
        keys = set(self.values)
        for line in self.lines:
            keys.update(line.members)
            keys.add(line.total)
        own = keys - self.fixed
        self.primary = {key for key in own if self.get(key) < THRESHOLD} | self.fixed_primary
        self.secondary = set(self.fixed_secondary)
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
        shown = [m for m in line.members if not self.hidden(m) and m not in self.fixed]
        if shown:
            # The smallest shown member costs the least information to hide; ties by position.
            self.secondary.add(min(shown, key=lambda m: (self.get(m), line.members.index(m))))
        elif line.total not in self.fixed:
            self.secondary.add(line.total)
        else:
            raise ValueError(f"a line of adopted cells only cannot be repaired: {line}")
        return True
