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
from triage.oversight.export import to_csv
from triage.oversight.period import FIELDS, PeriodInput, read_period
from triage.oversight.tables import TABLE_SLUGS, Table, build
from triage.team.sessions import roles_required
from triage.views import team

OVERSIGHT_ROLES = ("oversight", "lead")


def _tables(chosen: PeriodInput) -> list[Table]:
    return build(measures.compute(chosen.period, date.today()))


@team.get("/oversight")
@roles_required(*OVERSIGHT_ROLES)
def oversight() -> tuple[str, int] | str:
    chosen = read_period(request.args, date.today())
    if chosen.errors:
        error_list = [
            {"text": message, "href": f"#{field}"} for field, message in chosen.errors.items()
        ]
        return render_template(
            "team/oversight.html", chosen=chosen, tables=[], charts={}, error_list=error_list
        ), 400
    tables = _tables(chosen)
    charts = {t.slug: bar_chart(t, f"chart-{t.slug}") for t in tables}
    query = {name: chosen.values[name] for name in FIELDS}
    return render_template(
        "team/oversight.html", chosen=chosen, tables=tables, charts=charts, query=query
    )


@team.get("/oversight/<slug>.csv")
@roles_required(*OVERSIGHT_ROLES)
def oversight_csv(slug: str) -> Response:
    if slug not in TABLE_SLUGS:
        abort(404)
    chosen = read_period(request.args, date.today())
    if chosen.errors:
        abort(400)
    found = next((t for t in _tables(chosen) if t.slug == slug), None)
    if found is None:
        abort(404)
    period = chosen.period
    name = f"candour-{slug}-{period.start:%Y-%m}-to-{period.end:%Y-%m}.csv"
    response = Response(to_csv(found), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
