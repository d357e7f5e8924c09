"""The oversight page and its CSV downloads: aggregate figures only, for oversight and leads.

Nothing here reads a sealed column or asks for a key: the figures come from aggregate queries
over clear codes and day dates (``triage.oversight.counting``), suppressed under 5. Caseworkers
are refused (403): they work cases and have no need of the team-wide figures. The period is read
from a GET form, so a chosen period can be bookmarked; nothing changes, so no CSRF token.

At a national force (``Force.national``) the same page shows every force's figures: the national
tables and a table by force, or one chosen force's tables (``triage.oversight.national``).
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request

from intake.tenancy import current_force
from triage.oversight.charts import bar_chart
from triage.oversight.comparison import SLUG as COMPARISON_SLUG
from triage.oversight.comparison import compare
from triage.oversight.export import to_csv
from triage.oversight.national import (
    ALL_FORCES,
    BY_FORCE_SLUG,
    Overseen,
    force_tables,
    national_tables,
    overseen_forces,
)
from triage.oversight.period import (
    FIELD,
    PeriodInput,
    choices,
    figures_as_at,
    previous,
    read_period,
)
from triage.oversight.table import Table
from triage.oversight.tables import TABLE_SLUGS
from triage.team.sessions import roles_required
from triage.views import team

OVERSIGHT_ROLES = ("oversight", "lead")
FORCE_FIELD = "force"


def _national_forces() -> list[Overseen] | None:
    """The forces this member oversees from a national force, or None at any other force."""
    return overseen_forces() if current_force().national else None


def _chosen_force(forces: list[Overseen] | None) -> str | None:
    """The force chosen on the national page (None: all forces); an unknown one is a 404."""
    slug = request.args.get(FORCE_FIELD, "").strip()
    if forces is None or not slug:
        return None
    if slug not in {f.slug for f in forces}:
        abort(404)
    return slug


def _tables(chosen: PeriodInput, forces: list[Overseen] | None) -> list[Table]:
    """The comparison with the previous period first, then the period's own tables."""
    today = date.today()
    as_at = figures_as_at(today)  # never today: see ``figures_as_at``
    before = previous(chosen.chosen, as_at)
    if forces is not None:
        labels = (chosen.chosen.label, before.label)
        return national_tables(chosen.period, before.period, labels, today, _chosen_force(forces))
    name = current_force().name
    now = force_tables(chosen.period, as_at, name)
    earlier = force_tables(before.period, as_at, name)
    return [compare(now, earlier, chosen.chosen.label, before.label), *now]


def _whose(forces: list[Overseen] | None, force: str | None) -> str:
    """Whose figures the page shows, printed on every page of the board pack, so that a loose
    page from a pack of several forces still says which force it is about."""
    if forces is None:
        return current_force().name
    if force is None:
        return ALL_FORCES
    return next(f.name for f in forces if f.slug == force)


@team.get("/oversight")
@roles_required(*OVERSIGHT_ROLES)
def oversight() -> tuple[str, int] | str:
    today = date.today()
    as_at = figures_as_at(today)  # never today: see ``figures_as_at``
    chosen = read_period(request.args, as_at)
    offered = choices(as_at)
    forces = _national_forces()
    force = _chosen_force(forces)
    page = {
        "chosen": chosen,
        "offered": offered,
        "forces": forces,
        "force": force,
        "whose": _whose(forces, force),
        "as_at": as_at,
    }
    if chosen.error:
        return render_template("team/oversight.html", tables=[], charts={}, **page), 400
    tables = _tables(chosen, forces)
    charts = {t.slug: bar_chart(t, f"chart-{t.slug}") for t in tables}
    query = {FIELD: chosen.chosen.key, **({FORCE_FIELD: force} if force else {})}
    return render_template("team/oversight.html", tables=tables, charts=charts, query=query, **page)


@team.get("/oversight/<slug>.csv")
@roles_required(*OVERSIGHT_ROLES)
def oversight_csv(slug: str) -> Response:
    if slug not in (*TABLE_SLUGS, COMPARISON_SLUG, BY_FORCE_SLUG):
        abort(404)
    chosen = read_period(request.args, figures_as_at(date.today()))
    if chosen.error:
        abort(400)
    forces = _national_forces()
    found = next((t for t in _tables(chosen, forces) if t.slug == slug), None)
    if found is None:
        abort(404)
    force = _chosen_force(forces)
    name = f"candour-{slug}-{chosen.chosen.key}{'-' + force if force else ''}.csv"
    response = Response(to_csv(found), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
