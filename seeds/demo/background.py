"""The everyday reports around the planted stories, from the labelled synthetic generator.

``seeds.synthetic.generate`` writes people the messy way reporters do (ranks, nicknames, typos,
shoulder numbers in any shape, unit aliases, namesakes) over several years. The demo keeps its
reports in order but moves them into the last three years, with a little more in recent months
as a new service would see, and leaves out the generator's own planted clusters: the demo plants
its own (``seeds.demo.stories``) so its summary can tell their story.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from seeds.demo.stories import DemoReport
from seeds.synthetic import generate

WINDOW_DAYS = 3 * 365
# The generator's hidden label for the clusters it plants (documented in its module).
PLANTED_LABELS = frozenset({"predatory", "bullying"})
# Density rising towards today: a received day at fraction u of the way is moved to u ** 0.75.
GROWTH = 0.75


def _day(text: str | None) -> date | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def background_reports(count: int, seed: int, today: date) -> list[DemoReport]:
    """``count`` synthetic reports (fewer only if the generator runs short), received in the
    three years before ``today``."""
    if count <= 0:
        return []
    # The generator plants its clusters first, so ask for enough to leave ``count`` others.
    raws = [r for r in generate(count * 2 + 80, seed) if r.get("_pattern") not in PLANTED_LABELS]
    raws = sorted(raws[:count], key=lambda r: r["received_date"])
    if not raws:
        return []
    first = date.fromisoformat(raws[0]["received_date"])
    last = date.fromisoformat(raws[-1]["received_date"])
    span = max(1, (last - first).days)
    start = today - timedelta(days=WINDOW_DAYS)
    return [_moved(raw, first, span, start) for raw in raws]


def _moved(raw: dict[str, Any], first: date, span: int, start: date) -> DemoReport:
    old = date.fromisoformat(raw["received_date"])
    fraction = ((old - first).days / span) ** GROWTH
    received = start + timedelta(days=round(fraction * (WINDOW_DAYS - 1)))
    record = {k: v for k, v in raw.items() if not k.startswith("_")}
    record["received_date"] = received.isoformat()
    incident = _day(raw.get("incident_date"))
    if incident is not None:
        # Keep the gap between the incident and the report, in the precision the reporter gave.
        moved = received - (old - incident)
        record["incident_date"] = moved.isoformat()[: len(raw["incident_date"])]
    return DemoReport(record, received)
