"""The oversight counts under disclosure control, and the table cells built from them.

All counts of the page go into one ``Counts`` with every additive relation between them declared
(see ``triage.oversight.suppression``), including cells the page never shows but a reader could
compute (the complement of each rate) and figures shared by two tables (the "all reports" rows of
the decision and outcome tables are the totals of the ethnic group columns; a number shown under
two names, as retaliation reports are, is tied by ``same`` so it is withheld in both or neither).
Rates, averages and ratios are shown only when every count they are computed from is shown, and
are worked out from the published (rounded) counts: from the exact ones, a rate beside its
rounded counts would give them away. So with small counts a rate moves by several points for one
case; each rate carries the range its true counts could give (``rate_bounds``), and the page says
so and compares periods within it (``triage.oversight.comparison``).
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date

from intake.vocabulary import CATEGORIES
from triage.casework.vocabulary import ETHNIC_GROUPS
from triage.oversight.histogram import Histogram
from triage.oversight.iopc_referrals import FLAG_STATES, REFERRAL_COUNTS
from triage.oversight.measures import Decisions, Measures, Period, years_around
from triage.oversight.outcome_groups import ACTION_GROUPS, OUTCOME_GROUPS
from triage.oversight.reporting_year import (
    end_of_month,
    quarter_end,
    quarter_start,
    reporting_year,
    year_end,
    year_start,
)
from triage.oversight.suppression import BASE, THRESHOLD, WITHHELD, Counts

NOT_RECORDED = "not_recorded"
REFERENCE_GROUP = "white"


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | None = None  # what a chart draws; None when hidden or not a number
    # A rate's lowest and highest percentage that counts rounding to the ones it was worked
    # out from could give (``rate_bounds``): a comparison says no more than these allow.
    bounds: tuple[float, float] | None = None


def rate_bounds(shown_part: int, shown_whole: int) -> tuple[float, float]:
    """The lowest and highest percentage that true counts could give, when they were rounded to
    ``shown_part`` and ``shown_whole``: each is within ``BASE // 2`` of its rounded figure and,
    being shown, at least ``THRESHOLD``. With 20 of 35 shown (57%), anything from 18 of 37
    (49%) to 22 of 33 (67%): one case can move a rate that much when the counts are small."""
    spread = BASE // 2
    whole_low, whole_high = max(shown_whole - spread, THRESHOLD), shown_whole + spread
    part_low, part_high = max(shown_part - spread, THRESHOLD), shown_part + spread
    return 100 * part_low / whole_high, 100 * min(1.0, part_high / whole_low)


class Figures:
    """Counts under suppression, and the cells built from them."""

    def __init__(self) -> None:
        self.counts = Counts()
        # (histogram name, TIMING figure) withheld because a part's is: on the national page,
        # any force's (``triage.oversight.national.suppress_together``).
        self.timing_withheld: set[tuple[str, str]] = set()

    def count(self, key: Hashable) -> Cell:
        value = self.counts.shown(key)
        return Cell(self.counts.label(key), None if value is None else float(value))

    def withheld_for_complement(self, prefix: Hashable) -> bool:
        """Whether the rate ``prefix`` (``_set_rate``) is withheld only because its complement
        is under 5 (29 of 31 acknowledged: 29 shown would give away the 2 missed). Saying so
        tells a reader no more than suppression already assumes they know, that a primary
        cell is under 5 (``triage.oversight.suppression``), and it keeps a near-perfect
        record from reading like a near-empty one."""
        part, rest, whole = ((prefix, name) for name in ("part", "rest", "whole"))
        c = self.counts
        small_rest = rest in c.primary and part not in c.primary
        return small_rest and c.hidden(part) and not c.hidden(whole)

    def rate_value(self, part: Hashable, whole: Hashable) -> float | None:
        """A percentage of the published (rounded) counts, so it tells no more than they do."""
        shown_part, shown_whole = self.counts.shown(part), self.counts.shown(whole)
        if shown_part is None or not shown_whole:
            return None
        return 100 * shown_part / shown_whole

    def rate(self, part: Hashable, whole: Hashable) -> Cell:
        value = self.rate_value(part, whole)
        if value is None:
            return Cell(WITHHELD)
        shown_part, shown_whole = self.counts.shown(part), self.counts.shown(whole)
        assert shown_part is not None and shown_whole is not None  # else no rate
        return Cell(f"{whole_number(value)}%", value, rate_bounds(shown_part, shown_whole))


def whole_number(value: float) -> int:
    """A figure as the whole number a reader would round it to: halves up, so 25 of 40 reads
    63%, not 62% as Python's rounding (halves to even) gives."""
    return math.floor(value + 0.5)


def month_label(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _months_between(start: date, end: date) -> list[tuple[int, int]]:
    index, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index, last + 1)]


def months_of(measures: Measures) -> list[tuple[int, int]]:
    return _months_between(measures.period.start, measures.period.end)


def _set_decisions(
    counts: Counts, prefix: Hashable, found: Decisions, *, detail: bool = True
) -> None:
    """Decision and outcome counts of one group of reports, with their lines. Without
    ``detail`` (the ethnic group rows) only what that table shows, and its complements."""
    d, o = found.decisions, found.outcomes
    counts.set((prefix, "case"), d["case_misconduct"] + d["case_gross_misconduct"])
    counts.set((prefix, "no_case"), d["no_case"])
    counts.set((prefix, "decided"), sum(d.values()))
    counts.set((prefix, "action"), sum(o[g] for g in ACTION_GROUPS))
    counts.set((prefix, "no_action"), o["no_action"])
    counts.set((prefix, "outcomes"), sum(o.values()))
    counts.relate([(prefix, "case"), (prefix, "no_case")], (prefix, "decided"))
    counts.relate([(prefix, "no_action"), (prefix, "action")], (prefix, "outcomes"))
    if not detail:
        return
    counts.set((prefix, "case_misconduct"), d["case_misconduct"])
    counts.set((prefix, "case_gross_misconduct"), d["case_gross_misconduct"])
    for group in OUTCOME_GROUPS:
        counts.set((prefix, group), o[group])
    counts.relate(
        [(prefix, "case_misconduct"), (prefix, "case_gross_misconduct"), (prefix, "no_case")],
        (prefix, "decided"),
    )
    counts.relate(
        [(prefix, "case_misconduct"), (prefix, "case_gross_misconduct")], (prefix, "case")
    )
    counts.relate([(prefix, g) for g in OUTCOME_GROUPS], (prefix, "outcomes"))
    counts.relate([(prefix, g) for g in ACTION_GROUPS], (prefix, "action"))


def _set_rate(counts: Counts, prefix: Hashable, part: int, whole: int) -> None:
    """A count, its complement (never shown, but computable) and their total."""
    counts.set((prefix, "part"), part)
    counts.set((prefix, "rest"), whole - part)
    counts.set((prefix, "whole"), whole)
    counts.relate([(prefix, "part"), (prefix, "rest")], (prefix, "whole"))


def same(counts: Counts, one: Hashable, other: Hashable) -> None:
    """``one`` and ``other`` are the same number: a line each way, so that either withheld
    withholds the other, and it is withheld or shown alike wherever it appears."""
    counts.relate([one], other)
    counts.relate([other], one)


def decide_months(m: Measures, adopted: Sequence[Counts] = ()) -> Counts:
    """Which months of the reporting years around ``m``'s period are shown, decided once with
    their quarter and year totals, so that a month is shown or withheld alike in its year's
    and its quarter's table. ``adopted``: the forces' own decisions, which the national months
    take as they are (see ``triage.oversight.national``). A year's total less a quarter's is
    left to rounding, as between any year and its quarters (``triage.oversight.suppression``):
    declared as a line, it would withhold this quarter's total whenever the earlier ones were
    small."""
    counts = Counts()
    around = years_around(m.period)
    this_month = date(m.as_at.year, m.as_at.month, 1)
    months = _months_between(around.start, min(around.end, this_month))
    quarters: dict[tuple[str, int, int], list[Hashable]] = defaultdict(list)
    years: dict[tuple[str, int], list[Hashable]] = defaultdict(list)
    for year, month in months:
        key = ("month", year, month)
        counts.set(key, m.months_around.get((year, month), 0))
        quarters[("quarter", *quarter_start(year, month))].append(key)
        years[("year", reporting_year(date(year, month, 1)))].append(key)
    totals: list[tuple[Hashable, list[Hashable]]] = [*quarters.items(), *years.items()]
    for total, members in totals:
        counts.set(total, sum(counts.get(member) for member in members))
        counts.relate(members, total)
    counts.add_up(adopted)
    counts.suppress()
    return counts


def _period_total(m: Measures) -> Hashable | None:
    """The key of ``decide_months`` that is ``m``'s period total, if its period is a quarter or
    a reporting year (so far); None for any other period."""
    start, end = m.period.start, m.period.end
    this_month_end = end_of_month(m.as_at.year, m.as_at.month)
    first = quarter_start(start.year, start.month)
    quarter_last = min(quarter_end(start.year, start.month), this_month_end)
    if start.day == 1 and first == (start.year, start.month) and end == quarter_last:
        return ("quarter", *first)
    year = reporting_year(start)
    if start == year_start(year) and end == min(year_end(year), this_month_end):
        return ("year", year)
    return None


def fill(figures: Figures, m: Measures, months: Counts | None = None) -> None:
    """Every count of ``m`` with its lines, suppressed; ``months`` when they were decided
    already (``decide_months``)."""
    declare(figures.counts, m, months)
    figures.counts.suppress()


def declare(counts: Counts, m: Measures, months: Counts | None = None) -> None:
    """Every count of ``m`` and the lines relating them, not yet suppressed. On the page's grid
    the month table takes its cells and the period's total from ``months`` (``decide_months``);
    a period off the grid (tests, benchmarks) decides its months alone."""
    shown = months_of(m)
    total = _period_total(m)
    if total is None:
        for year, month in shown:
            counts.set(("month", year, month), m.by_month.get((year, month), 0))
        counts.set(("month", "total"), m.received)
    else:
        decided = months if months is not None else decide_months(m)
        counts.take(decided, {("month", y, mo): ("month", y, mo) for y, mo in shown})
        counts.take(decided, {("month", "total"): total})
    counts.relate([("month", y, mo) for y, mo in shown], ("month", "total"))
    for code in CATEGORIES:
        counts.set(("category", code), m.by_category.get(code, 0))

    _set_rate(counts, "acknowledged", m.acknowledged_in_time, m.acknowledgement_due)
    _set_rate(counts, "feedback", m.feedback_in_time, m.feedback_due)
    _set_rate(counts, "updated", m.open_updated, m.open_update_due)
    for name, histogram in m.timings:
        _set_rate(counts, (name, 365), histogram.over(365), histogram.count)
        _set_rate(counts, (name, 730), histogram.over(730), histogram.count)
        counts.set((name, "cases"), histogram.count)
        # One number of cases, under three names: hidden or shown together.
        same(counts, ((name, 365), "whole"), (name, "cases"))
        same(counts, ((name, 730), "whole"), (name, "cases"))

    # Cases closed with no decision or outcome, among all cases closed: the close row's count
    # under another name. Its complement (closed with one, or by a withdrawal) is never shown
    # but follows from the rate, so it is a member of the line as well.
    _set_rate(counts, "closed_without", m.closed_without_decision, m.to_close.count)
    same(counts, ("closed_without", "whole"), ("to_close", "cases"))
    # Likewise those closed with a case decision but no outcome. The two are kinds of close
    # that never overlap, but their rest (every other close) is never shown, so each rate is a
    # line of its own.
    _set_rate(counts, "closed_no_outcome", m.closed_without_outcome, m.to_close.count)
    same(counts, ("closed_no_outcome", "whole"), ("to_close", "cases"))

    _set_decisions(counts, ("decisions", "all"), m.decisions_all)
    for code in CATEGORIES:
        _set_decisions(counts, ("decisions", code), m.decisions_by_category.get(code, Decisions()))
    groups = [*ETHNIC_GROUPS, NOT_RECORDED]
    for group in groups:
        found = m.decisions_by_ethnicity.get(None if group == NOT_RECORDED else group, Decisions())
        _set_decisions(counts, ("ethnicity", group), found, detail=False)
    # Each ethnic group column adds up to the all-reports row of the decision and outcome tables.
    for measure in ("case", "no_case", "decided", "action", "no_action", "outcomes"):
        counts.relate(
            [(("ethnicity", g), measure) for g in groups], (("decisions", "all"), measure)
        )

    _set_rate(counts, "subjects", m.repeat_subjects, m.subjects)

    r = m.retaliation
    counts.set(("retaliation", "category_only"), r[(True, False)])
    counts.set(("retaliation", "said_only"), r[(False, True)])
    counts.set(("retaliation", "both"), r[(True, True)])
    counts.set(("retaliation", "category"), r[(True, False)] + r[(True, True)])
    counts.set(("retaliation", "said"), r[(False, True)] + r[(True, True)])
    counts.set(("retaliation", "either"), sum(r.values()))
    counts.relate(
        [("retaliation", "category_only"), ("retaliation", "both")], ("retaliation", "category")
    )
    counts.relate([("retaliation", "said_only"), ("retaliation", "both")], ("retaliation", "said"))
    counts.relate(
        [("retaliation", "category_only"), ("retaliation", "said_only"), ("retaliation", "both")],
        ("retaliation", "either"),
    )
    # Figures in two tables: reports about retaliation (by kind of behaviour, and in the
    # retaliation table), and cases with an outcome (days to outcome, and outcomes recorded).
    same(counts, ("category", "retaliation"), ("retaliation", "category"))
    same(counts, ("to_outcome", "cases"), (("decisions", "all"), "outcomes"))
    counts.set(("together", "waiting"), m.together["waiting"])
    counts.set(("together", "released"), m.together["released"])

    # Confirmed IOPC referrals: on time, late and not recorded add up to those due.
    referrals = [("iopc", name) for name in REFERRAL_COUNTS]
    for key in referrals:
        counts.set(key, m.iopc_referrals[key[1]])
    counts.set(("iopc", "due"), sum(m.iopc_referrals[name] for name in REFERRAL_COUNTS))
    counts.relate(referrals, ("iopc", "due"))

    # IOPC flags by a lead's decision, each a rate of those that waited past the next working
    # day; confirmed and judged not needed add up to the decided row, in each of its parts.
    flags = m.iopc_flags
    for state in FLAG_STATES:
        _set_rate(counts, ("flags", state), flags[f"{state}_late"], flags[state])
    by_lead = ("confirmed", "rejected")
    _set_rate(
        counts,
        ("flags", "decided"),
        sum(flags[f"{s}_late"] for s in by_lead),
        sum(flags[s] for s in by_lead),
    )
    for part in ("part", "rest", "whole"):
        counts.relate([(("flags", s), part) for s in by_lead], (("flags", "decided"), part))
    # Left to rounding, like closed and still open (``triage.oversight.suppression``): the flags
    # confirmed are the referrals due above plus those confirmed in the last day or two, not yet
    # due nor recorded. Declared, that line would withhold the referral row whenever none were.

    # Cases reopened, and those reopened in a later month than they closed: in no other line
    # (a reopened case is now open or closed again, and counted there as it stands).
    _set_rate(counts, "reopened", m.reopened["later_month"], m.reopened["reopened"])

    # Cases whose decision or outcome was changed after it was recorded: counts on their own,
    # in no line. (Shown as a share of the reports received, their whole would be a second
    # period total beside the month table's, which runs to this month where these run to the
    # end of the last: the difference would give this month's count where it is withheld.)
    for kind in ("decision", "outcome"):
        counts.set(("changed", kind), m.changed[kind])


def days_cell(value: float | None) -> Cell:
    return Cell(WITHHELD) if value is None else Cell(f"{value:,.0f}", float(value))


# The average, median and 90th percentile of a timing row, with the share of cases at or below
# each: a figure is one case's value, or pins a handful of values, unless THRESHOLD cases lie
# beyond it (the 90th percentile needs 50 cases; the mean, like the median, 10).
TIMING = (("mean", 0.5), ("median", 0.5), ("p90", 0.9))


def enough_cases(count: int, share: float) -> bool:
    return round(count * (1 - share), 6) >= THRESHOLD  # 50 × (1 − 0.9) is 4.99… in floats


def quarters_of(period: Period) -> list[tuple[int, int]]:
    """The first month of each quarter ``period`` overlaps."""
    year, month = quarter_start(period.start.year, period.start.month)
    found = []
    while date(year, month, 1) <= period.end:
        found.append((year, month))
        year, month = (year + 1, month - 9) if month > 9 else (year, month + 3)
    return found


def timing_values(
    f: Figures, name: str, histogram: Histogram, period: Period
) -> list[float | None]:
    """The average, median and 90th percentile days, each None when withheld.

    Counts are protected by lines; these figures by one rule: a figure is shown only when it is
    also shown for every part it could be subtracted from (a year's mean less a quarter's gives
    the other quarters'; all forces' less the shown forces' gives a withheld force's). So it is
    withheld when its own cases are too few, when any quarter of the period has too few (a
    quarter with none too: showing the year would say it had none), or, on the national page,
    when any force's is withheld (``Figures.timing_withheld``). No timing is shown by month.

    Known limit: a quarter is judged by its number of cases, not by its page. Its days to
    outcome count is also its outcomes recorded (``same``), which complementary suppression can
    withhold at 10 or more in rare cases (every outcome group 0 or exactly 5, say); that
    quarter's page then withholds a mean that its year, less its other quarters, still gives.
    It is the mean of 10 or more cases and tells nothing of the withheld count. Closing it
    would need each quarter's outcomes by group and ethnic group kept with the year's counts.
    """
    parts = [histogram.quarters.get(q, 0) for q in quarters_of(period)]
    values = [histogram.mean(), histogram.percentile(0.5), histogram.percentile(0.9)]
    shown: list[float | None] = []
    for (figure, share), value in zip(TIMING, values, strict=True):
        allowed = (
            not f.counts.hidden((name, "cases"))
            and enough_cases(histogram.count, share)
            and all(enough_cases(n, share) for n in parts)
            and (name, figure) not in f.timing_withheld
        )
        shown.append(value if allowed else None)
    return shown


def timing_row(f: Figures, name: str, histogram: Histogram, period: Period) -> list[Cell]:
    return [
        f.count((name, "cases")),
        *(days_cell(value) for value in timing_values(f, name, histogram, period)),
        f.rate(((name, 365), "part"), ((name, 365), "whole")),
        f.rate(((name, 730), "part"), ((name, 730), "whole")),
    ]


def decision_row(f: Figures, prefix: Hashable, baseline: str) -> list[Cell]:
    return [
        f.count((prefix, "case_misconduct")),
        f.count((prefix, "case_gross_misconduct")),
        f.count((prefix, "no_case")),
        f.count((prefix, "decided")),
        # The count the rate is of: rounded on its own, it can differ from the two kinds of
        # case to answer added up, and a rate of a count not shown could not be checked.
        f.count((prefix, "case")),
        f.rate((prefix, "case"), (prefix, "decided")),
        Cell(baseline),
        f.rate((prefix, "no_case"), (prefix, "decided")),
    ]


def outcome_row(f: Figures, prefix: Hashable) -> list[Cell]:
    return [
        *(f.count((prefix, g)) for g in OUTCOME_GROUPS),
        f.count((prefix, "outcomes")),
        f.count((prefix, "action")),
        f.rate((prefix, "action"), (prefix, "outcomes")),
    ]


def ratio(f: Figures, group: str, part: str, whole: str) -> Cell:
    """The group's rate divided by the White subjects' rate. White subjects' own would always
    be 1.00, which is no finding (and would pass for a ratio shown when no other is): named as
    the reference group instead, with no bar in the chart."""
    if group == REFERENCE_GROUP:
        return Cell("reference group")
    rate = f.rate_value((("ethnicity", group), part), (("ethnicity", group), whole))
    reference = f.rate_value(
        (("ethnicity", REFERENCE_GROUP), part), (("ethnicity", REFERENCE_GROUP), whole)
    )
    if rate is None or not reference:
        return Cell(WITHHELD)
    return Cell(f"{rate / reference:.2f}", rate / reference)
