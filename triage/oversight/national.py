"""National oversight: the same measures across forces and per force, for the oversight members
of a national force (``Force.national``), which holds no reports and no team key.

Nothing here lifts a wall between forces. Each force's measures are computed in a transaction of
its own, for that force (``use_force``), so the application's scoping and PostgreSQL's row-level
policies apply to every query as they do on the force's own page; the national figures are the
sums of those counts and histograms. Only aggregate counts ever leave a force's transaction.

Disclosure control (``triage.oversight.suppression``). Each force's cells are suppressed exactly
as on the force's own oversight page, and shown here unchanged. The national counts are then
suppressed with those force cells adopted (their state fixed) and one more line per national
count: the forces' counts add up to the national count. Complementary suppression, not rounding
alone, protects these lines. Rounding each force's count to 5 leaves the difference "national
total minus the shown forces" known only to within ±2 per figure, but the worst case pins a small
count: with two forces shown at 100 (really 102 each) and a national 210 (really 208), the third
force's withheld count is 4 and nothing else. So whenever a national total would let a withheld
force count be worked out (one force withheld, or a few whose sum pins them), the national total
is withheld too, and the lines inside the national tables then hide what they need. Hiding a
force's cell instead would protect nothing, because that force's own page shows it.

Averages and percentiles are in no line: a national one is shown only when every force shows
its own (``Figures.timing_withheld``, ``triage.oversight.figures.timing_values``).

Subjects are counted per force (a person named in two forces is two subjects until cross-force
matching joins them), so the national "named in more than one report" is a sum of force counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from intake.db import db
from intake.models.force import Force
from intake.tenancy import use_force
from triage.oversight import counting, summary
from triage.oversight.comparison import HEADLINES, compare, headline_cell
from triage.oversight.figures import (
    TIMING,
    Cell,
    Figures,
    decide_months,
    declare,
    fill,
    timing_values,
)
from triage.oversight.measures import Decisions, Measures, Period
from triage.oversight.not_yet import first_day_taking, not_yet_using, taking_in
from triage.oversight.period import figures_as_at
from triage.oversight.summary import Counted
from triage.oversight.table import Chart, Table
from triage.oversight.tables import build

BY_FORCE_SLUG = "by-force"
ALL_FORCES = "All forces"


@dataclass(frozen=True)
class Overseen:
    """A force whose figures national oversight sees (every force that is not national)."""

    id: int
    slug: str
    name: str


@dataclass
class ForceTables:
    force: Overseen
    tables: list[Table]


@dataclass
class NationalTables:
    national: list[Table]  # the national tables, each cell suppressed against the forces'
    forces: list[ForceTables]  # each force's tables, as its own page shows them


def overseen_forces() -> list[Overseen]:
    rows = db.session.execute(
        select(Force.id, Force.slug, Force.name)
        .where(Force.national.is_(False))
        .order_by(Force.name, Force.id)
    )
    return [Overseen(int(i), str(slug), str(name)) for i, slug, name in rows]


def _merge_decisions(into: Decisions, found: Decisions) -> None:
    into.decisions.update(found.decisions)
    into.outcomes.update(found.outcomes)


def merge(period: Period, as_at: date, found: list[Measures]) -> Measures:
    """The national measures: every force's counts and histograms added up."""
    total = Measures.empty(period, as_at)
    by_month: Counter[tuple[int, int]] = Counter()
    months_around: Counter[tuple[int, int]] = Counter()
    by_category: Counter[str] = Counter()
    for m in found:
        by_month.update(m.by_month)
        months_around.update(m.months_around)
        by_category.update(m.by_category)
        total.received += m.received
        total.acknowledged_in_time += m.acknowledged_in_time
        total.acknowledgement_due += m.acknowledgement_due
        total.feedback_in_time += m.feedback_in_time
        total.feedback_due += m.feedback_due
        total.open_updated += m.open_updated
        total.open_update_due += m.open_update_due
        for (_, histogram), (_, theirs) in zip(total.timings, m.timings, strict=True):
            histogram.update(theirs)
        total.closed_without_decision += m.closed_without_decision
        total.closed_without_outcome += m.closed_without_outcome
        for code, decisions in m.decisions_by_category.items():
            _merge_decisions(total.decisions_by_category.setdefault(code, Decisions()), decisions)
        _merge_decisions(total.decisions_all, m.decisions_all)
        for group, decisions in m.decisions_by_ethnicity.items():
            _merge_decisions(total.decisions_by_ethnicity.setdefault(group, Decisions()), decisions)
        total.subjects += m.subjects
        total.repeat_subjects += m.repeat_subjects
        total.retaliation.update(m.retaliation)
        total.together.update(m.together)
        total.iopc_referrals.update(m.iopc_referrals)
        total.iopc_flags.update(m.iopc_flags)
        total.reopened.update(m.reopened)
        total.changed.update(m.changed)
    total.by_month = dict(by_month)
    total.months_around = dict(months_around)
    total.by_category = dict(by_category)
    return total


def taking_since(force_id: int) -> date | None:
    """The first day the force could hold a report, or None if it still cannot
    (``triage.oversight.not_yet.first_day_taking``). Asked once a page, for every period shown."""
    with use_force(force_id):
        return first_day_taking()


def suppress_together(
    national: Measures, per_force: list[Measures], taking: Sequence[bool] | None = None
) -> tuple[Figures, list[Figures]]:
    """Each force's figures as its own page has them, and the national figures suppressed so
    that no national count, less the forces' shown counts, gives away a withheld one.

    ``taking`` says which forces take reports (all, if not given). A force that takes none is
    left out of the sums: its withheld counts are known to be 0, so counting it among the
    withheld forces would let a national total through that pins another force's count, and
    its timings, which it never has, would withhold every national one."""
    taking = [True] * len(per_force) if taking is None else list(taking)
    force_months = [decide_months(m) for m in per_force]
    force_figures = []
    for m, months in zip(per_force, force_months, strict=True):
        figures = Figures()
        fill(figures, m, months)
        force_figures.append(figures)
    figures = Figures()
    # A national average or percentile less the forces' shown ones would give a withheld one.
    for m, found, takes in zip(per_force, force_figures, taking, strict=True):
        if not takes:
            continue
        for name, histogram in m.timings:
            values = timing_values(found, name, histogram, m.period)
            for (figure, _), value in zip(TIMING, values, strict=True):
                if value is None:
                    figures.timing_withheld.add((name, figure))
    counts = figures.counts
    taken = [found for found, takes in zip(force_months, taking, strict=True) if takes]
    declare(counts, national, decide_months(national, taken))
    counts.add_up(
        [found.counts for found, takes in zip(force_figures, taking, strict=True) if takes]
    )
    counts.suppress()
    return figures, force_figures


def _period_tables(
    period: Period,
    as_at: date,
    forces: list[Overseen],
    counted: dict[tuple[int, Period], Counted],
    since: dict[int, date | None],
) -> NationalTables:
    per_force = []
    for force in forces:
        kept = counted.get((force.id, period))
        if kept is not None:  # counted by the nightly refresh (``triage.oversight.summary``)
            per_force.append(kept.measures)
            continue
        # A transaction for this force alone: both walls scope every query in it.
        with use_force(force.id):
            per_force.append(counting.compute(period, as_at))
    national = merge(period, as_at, per_force)
    # A force that could hold no report by the period's last day is known to hold none in it.
    taking = [taking_in(since[force.id], period) for force in forces]
    national_figures, force_figures = suppress_together(national, per_force, taking)
    return NationalTables(
        national=build(national, national_figures),
        forces=[
            ForceTables(force, build(m, f) if takes else not_yet_using(build(m, f), force.name))
            for force, m, f, takes in zip(forces, per_force, force_figures, taking, strict=True)
        ],
    )


def by_force(now: NationalTables) -> Table:
    """The headline measures, one row per force and one for all forces."""
    table = Table(
        BY_FORCE_SLUG,
        "Headline measures by force",
        ["Force", *(measure for measure, *_ in HEADLINES)],
        chart=Chart(
            1,
            "",
            skip_last_row=True,
            explanation="The chart shows the reports each force received in the period.",
        ),
        notes=[
            "Each force's figures are those its own oversight page shows. A national figure is "
            "withheld when, with the forces' figures, it would let a withheld count be worked "
            "out."
        ],
        stacked=True,
    )

    def row(tables: list[Table]) -> list[Cell]:
        return [
            headline_cell(tables, slug, heading, index) for _, slug, heading, index, _ in HEADLINES
        ]

    for found in now.forces:
        table.add(found.force.name, row(found.tables))
    table.add(ALL_FORCES, row(now.national))
    return table


def national_tables(
    period: Period, before: Period, labels: tuple[str, str], today: date, force: str | None
) -> list[Table]:
    """The page's tables: for all forces (the comparison, the by-force table, then the national
    tables), or for one force (its slug) as its own page shows them."""
    forces = overseen_forces()
    as_at = figures_as_at(today)  # as on each force's own page: see ``figures_as_at``
    if force is not None:
        chosen = next(f for f in forces if f.slug == force)
        # One force's tables do not depend on the others': computed for it alone.
        with use_force(chosen.id):
            mine = force_tables(period, as_at, chosen.name)
            theirs = force_tables(before, as_at, chosen.name)
        return [compare(mine, theirs, *labels), *mine]
    counted = summary.stored([f.id for f in forces], [period, before], as_at)
    since = {f.id: taking_since(f.id) for f in forces}
    now = _period_tables(period, as_at, forces, counted, since)
    earlier = _period_tables(before, as_at, forces, counted, since)
    comparison, by_forces = compare(now.national, earlier.national, *labels), by_force(now)
    said = as_of(counted, 2 * len(forces), today)
    tables = [comparison, by_forces, *now.national]
    if said:
        comparison.notes.insert(0, said)
        by_forces.notes.insert(0, said)
        for table in tables:
            table.as_of = said
    return tables


def force_tables(period: Period, as_at: date, name: str) -> list[Table]:
    """The current force's tables for ``period``, as its own page shows them: "not yet using
    Candour" in place of "withheld" for a period before it took reports."""
    tables = build(counting.compute(period, as_at))
    return tables if taking_in(first_day_taking(), period) else not_yet_using(tables, name)


def as_of(counted: dict[tuple[int, Period], Counted], wanted: int, today: date) -> str | None:
    """What the page says of counts kept by the nightly refresh: the days they were made, how
    many forces' counts were made now instead, and a warning when the refresh seems to have
    stopped. Nothing when every count was made now."""
    if not counted:
        return None
    days = sorted({c.counted_on for c in counted.values()})
    said = (
        f"Figures for all forces as counted on {_days(days)} (the nightly refresh), so "
        "decisions recorded since are not in them"
    )
    live = wanted - len(counted)
    if live:
        said += f"; {live} of the {wanted} force figures for the two periods counted now"
    age = (today - days[0]).days
    if age > 1:
        said += f". The oldest were counted {age} days ago: check that the nightly refresh runs"
    return said + ". A chosen force's figures are always counted now."


def _days(days: list[date]) -> str:
    words = [f"{d.day} {d:%B %Y}" for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
