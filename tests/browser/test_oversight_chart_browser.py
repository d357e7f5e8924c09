"""The oversight charts' words clear of their dashed reference line, as Chromium draws them: on
a phone the "100%" line of "Acknowledgement and feedback in time" ran through the "88%" and
"92%" beside their bars and through the words "last 3 months" of a row's label above a bar."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from triage.oversight.charts import bar_chart
from triage.oversight.figures import Cell
from triage.oversight.received_tables import MISSED
from triage.oversight.table import Chart, Table

pytestmark = pytest.mark.browser
# The width each drawing is shown at: a 375 px phone's chart, and a desktop's two-thirds column.
WIDTHS = {"narrow": 345, "wide": 640}

# Every text's box and every line's, in the page's pixels, for the drawing shown.
BOXES = """svg => {
    const box = element => {
        const r = element.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                what: element.textContent || element.tagName};
    };
    return {
        texts: [...svg.querySelectorAll("text")].map(box),
        lines: [...svg.querySelectorAll("line")].map(box),
    };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def _tables() -> list[Table]:
    in_time = Table(
        "time-limits", "Acknowledgement and feedback in time", ["Time limit", "Percentage met"],
        chart=Chart(1, "%", 100, "100%"),
    )  # fmt: skip
    for (row, _), value in zip(MISSED.values(), (88, 92, 97), strict=True):
        in_time.add(row, [Cell(f"{value}%", value)])
    # A reference line far to the left, beside a withheld figure's words.
    baseline = Table(
        "days", "Days to outcome", ["From receipt to", "Average days"],
        chart=Chart(1, " days", 150, "Casey baseline: 150 days"),
    )  # fmt: skip
    baseline.add("Outcome", [Cell("1,400", 1400)])
    baseline.add("Close", [Cell("withheld")])
    baseline.add("End of last month (still open)", [Cell("160", 160)])
    return [in_time, baseline]


def test_no_word_of_a_chart_is_struck_through_by_its_reference_line_or_another_word(
    browser: Browser,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for table in _tables():
            drawings = str(bar_chart(table, f"chart-{table.slug}"))
            for kind, width in WIDTHS.items():
                page.set_content(f'<div style="width: {width}px">{drawings}</div>')
                svg = page.locator(f"svg.candour-chart--{kind}")
                # Only the drawing measured is shown, as the stylesheet does.
                page.evaluate(
                    "kind => document.querySelectorAll('svg').forEach(s => s.style.display ="
                    " s.classList.contains('candour-chart--' + kind) ? 'block' : 'none')",
                    kind,
                )
                boxes = svg.evaluate(BOXES)
                assert boxes["lines"], (table.slug, kind)
                struck = [
                    text["what"]
                    for text in boxes["texts"]
                    for line in boxes["lines"]
                    if _overlap(text, line)
                ]
                assert struck == [], (table.slug, kind)
                texts = boxes["texts"]
                crowded = [
                    (a["what"], b["what"])
                    for n, a in enumerate(texts)
                    for b in texts[n + 1 :]
                    if _overlap(a, b)
                ]
                assert crowded == [], (table.slug, kind)
    finally:
        context.close()
