"""The headline measures of a period beside those of the period before it on the grid.

Both columns are cells of the two periods' own tables, already rounded and withheld as those
tables are, so the comparison tells nothing the two pages do not; a change is given only when
both figures are shown.
"""

from __future__ import annotations

from triage.oversight.figures import Cell, whole_number
from triage.oversight.suppression import WITHHELD
from triage.oversight.table import Table

# (measure, table slug, row heading, cell index, unit of a change in the singular)
HEADLINES = (
    ("Reports received", "received-by-month", "Total", 0, ""),
    ("Acknowledged within 7 days", "time-limits", "Acknowledged within 7 days", 2, "point"),
    ("Feedback within 3 months", "time-limits", "Feedback within 3 months", 2, "point"),
    ("Median days from receipt to outcome", "days-to-outcome", "Outcome", 2, "day"),
    ("Case to answer rate", "case-to-answer", "All reports", 5, "point"),
    ("Action taken rate", "outcomes", "All reports", -1, "point"),
    ("Subjects named in more than one report", "repeat-subjects", "Subjects", 2, "point"),
    ("Reports about or reporting retaliation", "retaliation", "Either", 0, ""),
)
SLUG = "compared-with-previous"


def headline_cell(tables: list[Table], slug: str, heading: str, index: int) -> Cell:
    table = next(t for t in tables if t.slug == slug)
    cells = next(cells for row, cells in table.rows if row == heading)
    return cells[index]


# A change of rates that rounding their counts alone could make (``Cell.bounds``).
NO_CLEAR_CHANGE = "no clear change"


def _within_rounding(now: Cell, before: Cell) -> bool:
    """Whether some true counts behind both rates would give the same rate: then the difference
    shown could be rounding alone (20 of 35 against 25 of 35 is 57% against 71%, but could be
    18 of 37 against 23 of 37), and is not given as a change."""
    if now.bounds is None or before.bounds is None:
        return False
    (now_low, now_high), (before_low, before_high) = now.bounds, before.bounds
    return now_low <= before_high and before_low <= now_high


def _change(now: Cell, before: Cell, unit: str) -> Cell:
    if now.value is None or before.value is None:
        return Cell(WITHHELD if WITHHELD in (now.text, before.text) else "–")
    if _within_rounding(now, before):
        return Cell(NO_CLEAR_CHANGE, 0)
    # From the figures as shown (whole numbers), so that the change is their difference: from
    # the unrounded rates, 83% against 86% could read "down 2 points".
    difference = whole_number(now.value) - whole_number(before.value)
    if difference == 0:
        return Cell("no change", 0)
    word = "up" if difference > 0 else "down"
    size = abs(difference)
    units = f" {unit}{'' if size == 1 else 's'}" if unit else ""
    return Cell(f"{word} {size:,}{units}", float(difference))


def compare(now: list[Table], before: list[Table], now_label: str, before_label: str) -> Table:
    table = Table(
        SLUG,
        "Compared with the previous period",
        ["Measure", now_label, before_label, "Change"],
        notes=[
            "Rates are compared in percentage points. A period still open (so far) is compared "
            "with a whole one, so its counts are not yet like for like; its rates are.",
            "Each rate is worked out from its counts rounded to the nearest 5, so with few "
            f'cases one case can move it by several points. "{NO_CLEAR_CHANGE.capitalize()}" '
            "means the two rates are close enough that rounding alone could account for the "
            "difference.",
        ],
        # Its measures' names broke mid-word ("Acknow/ledged") on a phone, and its Change
        # column was out of sight in its box: its rows are blocks, as the by-force table's.
        stacked=True,
    )
    for measure, slug, heading, index, unit in HEADLINES:
        current, earlier = (
            headline_cell(now, slug, heading, index),
            headline_cell(before, slug, heading, index),
        )
        table.add(measure, [current, earlier, _change(current, earlier, unit)])
    return table
