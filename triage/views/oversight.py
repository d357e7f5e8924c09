"""The oversight page and its CSV downloads: aggregate figures only, for oversight and leads.

Nothing here reads a sealed column or asks for a key: the figures come from aggregate queries
over clear codes and day dates (``triage.oversight.measures``), suppressed under 5. Caseworkers
are refused (403): they work cases and have no need of the team-wide figures. The period is read
from a GET form, so a chosen period can be bookmarked; nothing changes, so no CSRF token.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request

from triage.oversight import measures
from triage.oversight.charts import bar_chart
from triage.oversight.comparison import SLUG as COMPARISON_SLUG
from triage.oversight.comparison import compare
from triage.oversight.export import to_csv
from triage.oversight.period import FIELD, PeriodInput, choices, previous, read_period
from triage.oversight.tables import TABLE_SLUGS, Table, build
from triage.team.sessions import roles_required
from triage.views import team

OVERSIGHT_ROLES = ("oversight", "lead")


def _tables(chosen: PeriodInput) -> list[Table]:
    """The comparison with the previous period first, then the period's own tables."""
    today = date.today()
    now = build(measures.compute(chosen.period, today))
    before = previous(chosen.chosen, today)
    earlier = build(measures.compute(before.period, today))
    return [compare(now, earlier, chosen.chosen.label, before.label), *now]


@team.get("/oversight")
@roles_required(*OVERSIGHT_ROLES)
def oversight() -> tuple[str, int] | str:
    today = date.today()
    chosen = read_period(request.args, today)
    offered = choices(today)
    if chosen.error:
        return render_template(
            "team/oversight.html", chosen=chosen, offered=offered, tables=[], charts={}
        ), 400
    tables = _tables(chosen)
    charts = {t.slug: bar_chart(t, f"chart-{t.slug}") for t in tables}
    return render_template(
        "team/oversight.html",
        chosen=chosen,
        offered=offered,
        tables=tables,
        charts=charts,
        query={FIELD: chosen.chosen.key},
    )


@team.get("/oversight/<slug>.csv")
@roles_required(*OVERSIGHT_ROLES)
def oversight_csv(slug: str) -> Response:
    if slug not in (*TABLE_SLUGS, COMPARISON_SLUG):
        abort(404)
    chosen = read_period(request.args, date.today())
    if chosen.error:
        abort(400)
    found = next((t for t in _tables(chosen) if t.slug == slug), None)
    if found is None:
        abort(404)
    name = f"candour-{slug}-{chosen.chosen.key}.csv"
    response = Response(to_csv(found), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
