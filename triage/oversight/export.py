"""CSV files of the oversight tables: the same cells as the page, suppression included."""

from __future__ import annotations

import csv
import io

from triage.oversight.table import Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Spreadsheets run a cell that starts like a formula; every cell here is our own wording,
    but a leading apostrophe keeps it that way whatever a label becomes."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe(column) for column in table.columns])
    for heading, cells in table.rows:
        writer.writerow([_safe(heading), *(_safe(cell.text) for cell in cells)])
    if table.as_of:
        writer.writerows([[], [_safe(table.as_of)]])
    return buffer.getvalue()
