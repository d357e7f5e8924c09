"""What an oversight table is: a title, its columns, its rows of cells, notes, and the chart drawn
from it. The same objects feed the page, the charts and the CSV files
(``triage.oversight.tables`` builds them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from triage.oversight.figures import Cell


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one column of a table, optionally with a reference value."""

    column: int  # index into ``Table.columns`` (0 is the row heading)
    unit: str  # "%", " days", "" ...
    reference: float | None = None
    reference_label: str = ""
    skip_last_row: bool = False  # a "Total" row is not drawn
    explanation: str = ""  # what the bars are, in words, when the column name is not enough


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None
    # When the counts were made, if not now (the national page's nightly counts): the CSV
    # carries it too, so a downloaded file never passes for today's figures.
    as_of: str = ""
    # Too many columns for a phone or a tablet (the national page's headline measures by force):
    # below desktop width each row is a block of its own, each cell labelled with its column's
    # heading (``candour-stacked-table--until-desktop``), so nothing scrolls sideways.
    stacked: bool = False

    def add(self, heading: str, cells: list[Cell]) -> None:
        self.rows.append((heading, cells))
