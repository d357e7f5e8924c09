"""The oversight measures as tables, with every small number suppressed.

All counts of the page go into one ``Counts`` with every additive relation between them declared
(see ``triage.oversight.suppression``), including cells the page never shows but a reader could
compute (the complement of each rate) and figures shared by two tables (the "all reports" rows of
the decision and outcome tables are the totals of the ethnic group columns). Rates, averages and
ratios are then shown only when every count they are computed from is shown. The same ``Table``
objects feed the page, the charts and the CSV files, so they always agree.
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable
from dataclasses import dataclass, field

from intake.vocabulary import CATEGORIES, DISCRIMINATION
from triage.casework.clocks import CASEY_BASELINE_DAYS as CASEY_DAYS
from triage.casework.vocabulary import ETHNIC_GROUPS
from triage.oversight.measures import (
    ACTION_GROUPS,
    OUTCOME_GROUPS,
    Decisions,
    Histogram,
    Measures,
)
from triage.oversight.suppression import FEWER, THRESHOLD, Counts

# Casey Review baselines (interim report, 2022; final report, 2023).
CASEY_OVER_TWO_YEARS = 20
CASEY_CASE_TO_ANSWER = {"all": 33, "sexual_misconduct": 29}
CASEY_DISCRIMINATION = 20  # allegations of discrimination: racism, sexism, homophobia...
CASEY_NO_CASE = "55–60%"
CASEY_REPEAT_SUBJECTS = 20
NOT_RECORDED = "not_recorded"
# Every table ``build`` makes, in page order (each is also a CSV download).
TABLE_SLUGS = (
    "received-by-month",
    "received-by-category",
    "time-limits",
    "days-to-outcome",
    "case-to-answer",
    "outcomes",
    "ethnicity",
    "repeat-subjects",
    "retaliation",
    "go-together",
)
REFERENCE_GROUP = "white"


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | None = None  # what a chart draws; None when hidden or not a number


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one column of a table, optionally with a reference value."""

    column: int  # index into ``Table.columns`` (0 is the row heading)
    unit: str  # "%", " days", "" ...
    reference: float | None = None
    reference_label: str = ""
    skip_last_row: bool = False  # a "Total" row is not drawn


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None

    def add(self, heading: str, cells: list[Cell]) -> None:
        self.rows.append((heading, cells))


class Figures:
    """Counts under suppression, and the cells built from them."""

    def __init__(self) -> None:
        self.counts = Counts()

    def count(self, key: Hashable) -> Cell:
        if self.counts.hidden(key):
            return Cell(self.counts.label(key))
        return Cell(self.counts.label(key), float(self.counts.get(key)))

    def rate_value(self, part: Hashable, whole: Hashable) -> float | None:
        if self.counts.hidden(part) or self.counts.hidden(whole) or not self.counts.get(whole):
            return None
        return 100 * self.counts.get(part) / self.counts.get(whole)

    def rate(self, part: Hashable, whole: Hashable) -> Cell:
        value = self.rate_value(part, whole)
        if value is None:
            return Cell(FEWER if self.counts.hidden(whole) else "not shown")
        return Cell(f"{value:.0f}%", value)


def _month_label(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _months(measures: Measures) -> list[tuple[int, int]]:
    start, end = measures.period.start, measures.period.end
    index, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index, last + 1)]


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


def _fill(figures: Figures, m: Measures) -> None:
    counts = figures.counts
    months = _months(m)
    for year, month in months:
        counts.set(("month", year, month), m.by_month.get((year, month), 0))
    counts.set(("month", "total"), m.received)
    counts.relate([("month", y, mo) for y, mo in months], ("month", "total"))
    for code in CATEGORIES:
        counts.set(("category", code), m.by_category.get(code, 0))

    _set_rate(counts, "acknowledged", m.acknowledged_in_time, m.acknowledgement_due)
    _set_rate(counts, "feedback", m.feedback_in_time, m.feedback_due)
    for name, histogram in (("to_outcome", m.to_outcome), ("to_close", m.to_close)):
        _set_rate(counts, (name, 365), histogram.over(365), histogram.count)
        _set_rate(counts, (name, 730), histogram.over(730), histogram.count)
        counts.set((name, "cases"), histogram.count)
        # One number of cases, under three names: hidden or shown together.
        counts.relate([((name, 365), "whole")], (name, "cases"))
        counts.relate([((name, 730), "whole")], (name, "cases"))

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
    counts.set(("together", "waiting"), m.together["waiting"])
    counts.set(("together", "released"), m.together["released"])
    counts.suppress()


def _days(value: float | None) -> Cell:
    return Cell("not shown") if value is None else Cell(f"{value:,.0f}", float(value))


def _safe_percentile(histogram: Histogram, share: float) -> int | None:
    # A percentile is one case's figure: shown only when at least THRESHOLD cases lie beyond it
    # (the 90th needs 50 cases, the median 10), so it never singles out the slowest few.
    if round(histogram.count * (1 - share), 6) < THRESHOLD:  # 50 × (1 − 0.9) is 4.99… in floats
        return None
    return histogram.percentile(share)


def _timing_row(f: Figures, name: str, histogram: Histogram) -> list[Cell]:
    shown = not f.counts.hidden((name, "cases"))
    return [
        f.count((name, "cases")),
        # The mean of a handful of cases pins their values; it needs as many as the median.
        _days(histogram.mean() if shown and histogram.count >= 2 * THRESHOLD else None),
        _days(_safe_percentile(histogram, 0.5) if shown else None),
        _days(_safe_percentile(histogram, 0.9) if shown else None),
        f.rate(((name, 365), "part"), ((name, 365), "whole")),
        f.rate(((name, 730), "part"), ((name, 730), "whole")),
    ]


def _decision_row(f: Figures, prefix: Hashable, baseline: str) -> list[Cell]:
    return [
        f.count((prefix, "case_misconduct")),
        f.count((prefix, "case_gross_misconduct")),
        f.count((prefix, "no_case")),
        f.count((prefix, "decided")),
        f.rate((prefix, "case"), (prefix, "decided")),
        Cell(baseline),
        f.rate((prefix, "no_case"), (prefix, "decided")),
    ]


def _outcome_row(f: Figures, prefix: Hashable) -> list[Cell]:
    return [
        *(f.count((prefix, g)) for g in OUTCOME_GROUPS),
        f.count((prefix, "outcomes")),
        f.count((prefix, "action")),
        f.rate((prefix, "action"), (prefix, "outcomes")),
    ]


def _ratio(f: Figures, group: str, part: str, whole: str) -> Cell:
    """The group's rate divided by the White subjects' rate."""
    rate = f.rate_value((("ethnicity", group), part), (("ethnicity", group), whole))
    reference = f.rate_value(
        (("ethnicity", REFERENCE_GROUP), part), (("ethnicity", REFERENCE_GROUP), whole)
    )
    if rate is None or not reference:
        return Cell("not shown")
    return Cell(f"{rate / reference:.2f}", rate / reference)


def _case_baseline(code: str) -> str:
    if code in CASEY_CASE_TO_ANSWER:
        return f"{CASEY_CASE_TO_ANSWER[code]}%"
    if code in DISCRIMINATION:
        return f"{CASEY_DISCRIMINATION}%"
    return "none published"


def build(m: Measures) -> list[Table]:
    f = Figures()
    _fill(f, m)
    tables: list[Table] = []

    months = Table(
        "received-by-month",
        "Reports received by month",
        ["Month", "Reports"],
        chart=Chart(1, "", skip_last_row=True),
    )
    for year, month in _months(m):
        months.add(_month_label(year, month), [f.count(("month", year, month))])
    months.add("Total", [f.count(("month", "total"))])
    tables.append(months)

    categories = Table(
        "received-by-category",
        "Reports received by kind of behaviour",
        ["Kind of behaviour", "Reports"],
        chart=Chart(1, ""),
        notes=[
            "A report can describe more than one kind of behaviour, so these "
            "add up to more than the number of reports."
        ],
    )
    for code, label in CATEGORIES.items():
        categories.add(label, [f.count(("category", code))])
    tables.append(categories)

    clocks = Table(
        "time-limits",
        "Acknowledgement and feedback in time",
        ["Time limit", "Met", "Due by today", "Percentage met"],
        chart=Chart(3, "%", 100, "100%"),
        notes=[
            "Counted over reports whose time limit was met, has passed, or whose case was "
            "closed first: a case closed without acknowledgement, or without feedback (an "
            "update on progress or an outcome; a question to the reporter is not feedback), "
            "counts as missed."
        ],
    )
    clocks.add(
        "Acknowledged within 7 days",
        [
            f.count(("acknowledged", "part")),
            f.count(("acknowledged", "whole")),
            f.rate(("acknowledged", "part"), ("acknowledged", "whole")),
        ],
    )
    clocks.add(
        "Feedback within 3 months",
        [
            f.count(("feedback", "part")),
            f.count(("feedback", "whole")),
            f.rate(("feedback", "part"), ("feedback", "whole")),
        ],
    )
    tables.append(clocks)

    timing = Table(
        "days-to-outcome",
        "Days to outcome and to close",
        [
            "From receipt to",
            "Cases",
            "Average days",
            "Median days",
            "90th percentile days",
            "Over 1 year",
            "Over 2 years",
        ],
        chart=Chart(2, " days", CASEY_DAYS, f"Casey baseline: {CASEY_DAYS} days"),
        notes=[
            f"Casey Review baseline: about {CASEY_DAYS} days on average to "
            f"finalise a case, and about {CASEY_OVER_TWO_YEARS}% taking over two "
            "years.",
            "Only cases that have reached an outcome (or closed) are counted, so "
            "for a recent period the slowest cases are not yet included. "
            "Percentiles are nearest-rank.",
        ],
    )
    timing.add("Outcome", _timing_row(f, "to_outcome", m.to_outcome))
    timing.add("Close", _timing_row(f, "to_close", m.to_close))
    tables.append(timing)

    decisions = Table(
        "case-to-answer",
        "Case to answer decisions by kind of behaviour",
        [
            "Kind of behaviour",
            "Case to answer (misconduct)",
            "Case to answer (gross misconduct)",
            "No case to answer",
            "Decided",
            "Case to answer rate",
            "Casey baseline",
            "No case to answer rate",
        ],
        chart=Chart(
            5,
            "%",
            CASEY_CASE_TO_ANSWER["all"],
            f"Casey baseline, all allegations: {CASEY_CASE_TO_ANSWER['all']}%",
        ),
        notes=[
            f"Casey Review baselines: case to answer for {CASEY_CASE_TO_ANSWER['all']}% of "
            f"all allegations, {CASEY_CASE_TO_ANSWER['sexual_misconduct']}% of sexual "
            f"misconduct and {CASEY_DISCRIMINATION}% of discrimination allegations (used "
            "here for sexism, racism, homophobia, transphobia and other discrimination); "
            f"{CASEY_NO_CASE} of internally raised allegations ended in no case to answer.",
            "A report can describe more than one kind of behaviour, so the rows add up to "
            "more than all reports.",
        ],
    )
    decisions.add(
        "All reports",
        _decision_row(
            f, ("decisions", "all"), f"{CASEY_CASE_TO_ANSWER['all']}% ({CASEY_NO_CASE} no case)"
        ),
    )
    for code, label in CATEGORIES.items():
        decisions.add(label, _decision_row(f, ("decisions", code), _case_baseline(code)))
    tables.append(decisions)

    outcomes = Table(
        "outcomes",
        "Outcomes by kind of behaviour",
        [
            "Kind of behaviour",
            *(label for label, _ in OUTCOME_GROUPS.values()),
            "Outcomes recorded",
            "Action taken",
            "Action taken rate",
        ],
        chart=Chart(7, "%"),
        notes=[
            "Action taken means any outcome except no further action or misconduct not "
            "proven: reflective practice, a vetting referral, a warning, reduction in rank "
            "or dismissal."
        ],
    )
    outcomes.add("All reports", _outcome_row(f, ("decisions", "all")))
    for code, label in CATEGORIES.items():
        outcomes.add(label, _outcome_row(f, ("decisions", code)))
    tables.append(outcomes)

    ethnicity = Table(
        "ethnicity",
        "Outcome rates by the subject's ethnic group",
        [
            "Ethnic group",
            "Decided",
            "Case to answer",
            "Case to answer rate",
            "Ratio to White subjects",
            "Outcomes recorded",
            "Action taken",
            "Action taken rate",
            "Ratio to White subjects",
        ],
        chart=Chart(4, "", 1, "Parity: 1.00"),
        notes=[
            "The ratio is the group's rate divided by the rate for White subjects: above "
            "1.00 means the group's cases more often end that way.",
            "Ethnic group is recorded by a caseworker from HR records, where known.",
        ],
    )
    for group in [*ETHNIC_GROUPS, NOT_RECORDED, "all"]:
        prefix = ("decisions", "all") if group == "all" else ("ethnicity", group)
        label = {"all": "All subjects", NOT_RECORDED: "Not recorded"}.get(
            group, ETHNIC_GROUPS.get(group, group)
        )
        ratios = group in ETHNIC_GROUPS
        ethnicity.add(
            label,
            [
                f.count((prefix, "decided")),
                f.count((prefix, "case")),
                f.rate((prefix, "case"), (prefix, "decided")),
                _ratio(f, group, "case", "decided") if ratios else Cell("not applicable"),
                f.count((prefix, "outcomes")),
                f.count((prefix, "action")),
                f.rate((prefix, "action"), (prefix, "outcomes")),
                _ratio(f, group, "action", "outcomes") if ratios else Cell("not applicable"),
            ],
        )
    tables.append(ethnicity)

    subjects = Table(
        "repeat-subjects",
        "Subjects named in more than one report",
        [
            "Subjects",
            "Named in the period",
            "Named in more than one report",
            "Percentage",
            "Casey baseline",
        ],
        chart=Chart(3, "%", CASEY_REPEAT_SUBJECTS, f"Casey baseline: {CASEY_REPEAT_SUBJECTS}%"),
        notes=[
            "A subject is a person the matching linked across reports "
            "(a cluster), counted over reports received in the period."
        ],
    )
    subjects.add(
        "Subjects",
        [
            f.count(("subjects", "whole")),
            f.count(("subjects", "part")),
            f.rate(("subjects", "part"), ("subjects", "whole")),
            Cell(f"{CASEY_REPEAT_SUBJECTS}%"),
        ],
    )
    tables.append(subjects)

    retaliation = Table("retaliation", "Retaliation", ["Reports", "Number"], chart=Chart(1, ""))
    retaliation.add("About retaliation for speaking up", [f.count(("retaliation", "category"))])
    retaliation.add(
        "Reporter said they face retaliation after reporting", [f.count(("retaliation", "said"))]
    )
    retaliation.add("Either", [f.count(("retaliation", "either"))])
    tables.append(retaliation)

    together = Table(
        "go-together",
        "Go-together reports",
        ["Reports", "Number"],
        notes=[
            "Reports the reporter asked to hold until someone else names the "
            "same person. Waiting reports cannot be opened by anyone and are "
            "left out of every other figure."
        ],
    )
    together.add("Waiting for a match", [f.count(("together", "waiting"))])
    together.add("Released by a match", [f.count(("together", "released"))])
    tables.append(together)
    return tables
