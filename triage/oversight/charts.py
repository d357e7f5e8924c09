"""Server-drawn SVG bar charts of oversight tables: no script, no style attributes.

Each chart is ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; the description
gives every figure in words, and the page shows the same figures as a table next to it. Colours
and fonts are SVG presentation attributes (``fill=``, ``font-family=``), which the
Content-Security-Policy allows, unlike inline ``style``. Hidden (suppressed) figures get no bar,
only their label, so a bar's length never reveals a small number.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from triage.oversight.tables import Table

WIDTH = 640
ROW = 46
TOP = 28
BAR_SPACE = 470  # the widest bar; the rest of the width holds the value after it
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
REFERENCE = "#d4351c"
FONT = 'font-family="Arial, sans-serif"'


def _number(value: float, unit: str) -> str:
    return (
        f"{value:,.2f}{unit}" if 0 < value < 10 and value != int(value) else f"{value:,.0f}{unit}"
    )


def bar_chart(table: Table, chart_id: str) -> Markup | None:
    chart = table.chart
    if chart is None:
        return None
    rows = table.rows[:-1] if chart.skip_last_row else table.rows
    column = table.columns[chart.column]
    items = [(heading, cells[chart.column - 1]) for heading, cells in rows]
    values = [cell.value for _, cell in items if cell.value is not None]
    scale_top = max([*values, chart.reference or 0, 1])
    height = TOP + ROW * len(items) + 8
    title = f"{table.title}: {column}"
    described = (chart.explanation + " " if chart.explanation else "") + "; ".join(
        f"{heading}: {cell.text}" for heading, cell in items
    )
    if chart.reference is not None:
        described += f". Reference line: {chart.reference_label}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="candour-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}. The same figures are in the table '
        f"below.</desc>",
    ]
    for index, (heading, cell) in enumerate(items):
        y = TOP + index * ROW
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="14" fill="{TEXT}" {FONT}>{escape(heading)}</text>'
        )
        if cell.value is None:
            parts.append(
                f'<text x="0" y="{y + 32}" font-size="14" fill="{TEXT}" '
                f'font-style="italic" {FONT}>{escape(cell.text)}</text>'
            )
            continue
        width = round(BAR_SPACE * cell.value / scale_top, 1)
        parts.append(f'<rect x="0" y="{y + 18}" width="{width}" height="18" fill="{BLUE}"/>')
        parts.append(
            f'<text x="{width + 6}" y="{y + 32}" font-size="14" fill="{TEXT}" {FONT}>'
            f"{escape(_number(cell.value, chart.unit))}</text>"
        )
    if chart.reference is not None:
        x = round(BAR_SPACE * chart.reference / scale_top, 1)
        parts.append(
            f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height}" stroke="{REFERENCE}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        anchor = "end" if x > WIDTH / 2 else "start"
        parts.append(
            f'<text x="{x}" y="14" font-size="13" fill="{REFERENCE}" '
            f'text-anchor="{anchor}" {FONT}>{escape(chart.reference_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every piece of text above was escaped)
