"""Server-drawn SVG bar charts of oversight tables: no script, no style attributes.

Each chart is ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; the description
gives every figure in words, and the page shows the same figures as a table next to it. Colours
and fonts are SVG presentation attributes (``fill=``, ``font-family=``), which the
Content-Security-Policy allows, unlike inline ``style``. Hidden (suppressed) figures get no bar,
only their label, so a bar's length never reveals a small number.

A chart is drawn twice, wide and narrow, and the stylesheet shows one: an SVG scales its words
with its picture, so the wide drawing squeezed onto a phone had labels 7 px tall. The narrow
one is drawn about as wide as a phone shows it, with its longer labels wrapped. The other
drawing is ``display: none``, so a screen reader meets only one.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markupsafe import Markup, escape

from triage.oversight.figures import Cell
from triage.oversight.table import Chart, Table

TOP = 28  # room above the bars for the reference line's label
BAR = 18  # a bar's thickness
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
REFERENCE = "#d4351c"
FONT = 'font-family="Arial, sans-serif"'
# A generous average advance of an Arial character, in ems, to wrap and place text without
# measuring it: the drawing has no script to measure with.
CHARACTER = 0.55


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart, in the SVG's own units."""

    name: str  # the drawing's class (``candour-chart--<name>``) and id suffix
    width: int
    bar_space: int  # the widest bar; the rest of the width holds the value after it
    font_size: int  # labels and values
    reference_size: int  # the reference line's label
    bar_top: int  # from the top of a row to its bar, under a one-line label
    line: int  # from one line of a wrapped label to the next
    gap: int  # below a bar, before the next row's label


WIDE = Layout("wide", 640, 470, 14, 13, bar_top=18, line=18, gap=10)
# A 375 px phone shows the chart 345 px wide (1.08 times this), a 320 px one 290 px (0.91):
# labels of 16 are drawn 17 px and 14.5 px tall.
NARROW = Layout("narrow", 320, 220, 16, 14, bar_top=20, line=20, gap=12)


def _number(cell: Cell, unit: str) -> str:
    """The figure as its table gives it (a chart drawing 5.88% beside a table's 6% would claim
    a precision the rounded counts do not have), with the chart's unit if the text has none."""
    return cell.text if cell.text.endswith(unit.strip()) else f"{cell.text}{unit}"


def _text_width(text: str, size: int) -> float:
    return len(text) * size * CHARACTER


def label_lines(heading: str, layout: Layout) -> list[str]:
    """``heading`` broken into lines that fit across ``layout``."""
    return textwrap.wrap(heading, int(layout.width / (layout.font_size * CHARACTER))) or [""]


def _label(lines: list[str], y: int, layout: Layout) -> str:
    size = f'font-size="{layout.font_size}" fill="{TEXT}" {FONT}'
    first = y + layout.bar_top - 6  # the first line's baseline
    if len(lines) == 1:
        return f'<text x="0" y="{first}" {size}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="0" y="{first + n * layout.line}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f"<text {size}>{spans}</text>"


def _clear_of(x: float, text: str, size: int, reference_x: float | None) -> float:
    """Where text that would start at ``x`` beside a bar starts: after the reference line
    instead when the line would run through it (a 92% beside a 100% line, on a phone)."""
    if reference_x is None:
        return x
    if x - 3 < reference_x < x + _text_width(text, size) + 3:
        return reference_x + 6
    return x


def _row(
    heading: str,
    cell: Cell,
    value: str,
    y: int,
    layout: Layout,
    top: float,
    reference_x: float | None,
) -> tuple[str, int, int]:
    """A row's label, and its bar and ``value`` (or why there is none), drawn from ``y`` down
    on a scale whose longest bar is ``top``, their words clear of the reference line at
    ``reference_x``; the row's height and where its bar is."""
    lines = label_lines(heading, layout)
    bar_y = y + layout.bar_top + (len(lines) - 1) * layout.line
    value_y = bar_y + layout.font_size
    parts = [_label(lines, y, layout)]
    if cell.value is None:
        x = _clear_of(0, cell.text, layout.font_size, reference_x)
        parts.append(
            f'<text x="{x}" y="{value_y}" font-size="{layout.font_size}" fill="{TEXT}" '
            f'font-style="italic" {FONT}>{escape(cell.text)}</text>'
        )
    else:
        width = round(layout.bar_space * cell.value / top, 1)
        x = _clear_of(width + 6, value, layout.font_size, reference_x)
        parts.append(f'<rect x="0" y="{bar_y}" width="{width}" height="{BAR}" fill="{BLUE}"/>')
        parts.append(
            f'<text x="{x}" y="{value_y}" font-size="{layout.font_size}" fill="{TEXT}" '
            f"{FONT}>{escape(value)}</text>"
        )
    return "".join(parts), bar_y + BAR + layout.gap - y, bar_y


def reference_anchor(x: float, label: str, layout: Layout) -> tuple[float, str]:
    """Where the reference line's label goes: beside the line, on the side with more room, or,
    when it is too long for that side, moved along to fit inside the drawing."""
    width = _text_width(label, layout.reference_size)
    if x > layout.width / 2:
        return (x, "end") if x >= width else (0, "start")
    return (x, "start") if x + width <= layout.width else (max(0, layout.width - width), "start")


def _description(chart: Chart, items: list[tuple[str, Cell]]) -> str:
    described = (chart.explanation + " " if chart.explanation else "") + "; ".join(
        f"{heading}: {cell.text}" for heading, cell in items
    )
    if chart.reference is not None:
        described += f". Reference line: {chart.reference_label}"
    return described


def _drawing(table: Table, chart: Chart, chart_id: str, layout: Layout) -> str:
    rows = table.rows[:-1] if chart.skip_last_row else table.rows
    column = table.columns[chart.column]
    items = [(heading, cells[chart.column - 1]) for heading, cells in rows]
    values = [cell.value for _, cell in items if cell.value is not None]
    top = max([*values, chart.reference or 0, 1])
    reference_x = (
        None if chart.reference is None else round(layout.bar_space * chart.reference / top, 1)
    )
    drawn, bars, y = [], [], TOP
    for heading, cell in items:
        shown = "" if cell.value is None else _number(cell, chart.unit)
        row, row_height, bar_y = _row(heading, cell, shown, y, layout, top, reference_x)
        drawn.append(row)
        bars.append(bar_y)
        y += row_height
    height = y + 8
    if reference_x is not None:
        # The line runs beside each bar only, not down through the row labels above them,
        # which are as wide as the drawing: on a phone it struck through their words.
        drawn.extend(
            f'<line x1="{reference_x}" y1="{bar_y - 2}" x2="{reference_x}" '
            f'y2="{bar_y + BAR + 4}" stroke="{REFERENCE}" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            for bar_y in bars
        )
        label_x, anchor = reference_anchor(reference_x, chart.reference_label, layout)
        drawn.append(
            f'<text x="{label_x}" y="14" font-size="{layout.reference_size}" fill="{REFERENCE}" '
            f'text-anchor="{anchor}" {FONT}>{escape(chart.reference_label)}</text>'
        )
    described = _description(chart, items)
    # The wide drawing keeps the ids it always had; the narrow one's are its own.
    ids = chart_id if layout is WIDE else f"{chart_id}-{layout.name}"
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'class="candour-chart candour-chart--{layout.name}" '
            f'viewBox="0 0 {layout.width} {height}" width="100%" '
            f'aria-labelledby="{ids}-title {ids}-desc">',
            f'<title id="{ids}-title">{escape(f"{table.title}: {column}")}</title>',
            f'<desc id="{ids}-desc">{escape(described)}. The same figures are in the table '
            f"below.</desc>",
            *drawn,
            "</svg>",
        ]
    )


def bar_chart(table: Table, chart_id: str) -> Markup | None:
    """The wide and the narrow drawing of ``table``'s chart, or None if it has none."""
    chart = table.chart
    if chart is None:
        return None
    drawings = (_drawing(table, chart, chart_id, layout) for layout in (WIDE, NARROW))
    return Markup("".join(drawings))  # noqa: S704  (every piece of text in them was escaped)
