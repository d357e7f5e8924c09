"""The oversight tables of the reports received and the time taken over them: by month, by kind
of behaviour, the time limits, the days to outcome, retaliation and go-together reports.

Each function makes one table from ``Figures`` (counts rounded and withheld there);
``triage.oversight.tables`` puts them in page order.
"""

from __future__ import annotations

from intake.vocabulary import CATEGORIES
from triage.casework.clocks import CASEY_BASELINE_DAYS as CASEY_DAYS
from triage.oversight.figures import Figures, month_label, months_of, timing_row
from triage.oversight.measures import Measures
from triage.oversight.table import Chart, Table

# Casey Review baseline (interim report, 2022; final report, 2023).
CASEY_OVER_TWO_YEARS = 20
# The rule of ``figures.timing_values``, in one sentence for the page.
TIMING_RULE = (
    "An average, median or 90th percentile is shown only if it is also shown for each quarter "
    "of the period and, for all forces, for each force, so that none withheld can be worked "
    "out by subtracting one from another."
)
# Each row of the time limits, what its complement is, for the note saying why it is withheld.
MISSED = {
    "acknowledged": ("Acknowledged within 7 days", "reports due were not acknowledged in time"),
    "feedback": ("Feedback within 3 months", "reports due did not get feedback in time"),
    "updated": (
        "Open cases updated in the last 3 months",
        "open cases due an update went without one",
    ),
}
# Why the month rows need not add up to the total (each is rounded, or withheld, on its own).
MONTHS_ROUNDED = (
    "Each month and the total are rounded to the nearest 5 separately, and a withheld month "
    "shows no number, so the months may not add up exactly to the total."
)
# The third row of the time limits: open cases not left without news (``measures._open_updates``).
UPDATED = MISSED["updated"][0]
# The third row under "From receipt to": cases not closed, aged as at the end of last month.
STILL_OPEN = "End of last month (still open)"


def received_by_month_table(m: Measures, f: Figures) -> Table:
    """Reports received in each month of the period, and in all."""
    months = Table(
        "received-by-month",
        "Reports received by month",
        ["Month", "Reports"],
        chart=Chart(1, "", skip_last_row=True),
        notes=[MONTHS_ROUNDED],
    )
    for year, month in months_of(m):
        months.add(month_label(year, month), [f.count(("month", year, month))])
    months.add("Total", [f.count(("month", "total"))])
    return months


def received_by_category_table(f: Figures) -> Table:
    """Reports received by each kind of behaviour they describe."""
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
    return categories


def time_limits_table(f: Figures) -> Table:
    """Acknowledgement, feedback and updates on open cases in time, and why a row is withheld
    when only its complement is under 5."""
    clocks = Table(
        "time-limits",
        "Acknowledgement and feedback in time",
        ["Time limit", "Met", "Due by the end of last month", "Percentage met"],
        chart=Chart(3, "%", 100, "100%"),
        notes=[
            "These figures come from the team's own records. Acknowledgement is met when the "
            "team sent the reporter an acknowledgement (the standard message, or its own words "
            "in its place) within 7 days. Feedback is met when, within 3 months of "
            "acknowledgement (or of day 7, if the acknowledgement came later or not at all), "
            "the team recorded an outcome or sent the reporter a message it marked as an "
            "update on progress. The figures do not check what a message said. A go-together "
            "report's time limits run from the day it was released, as nobody could read it "
            "before. A case the team closed before a limit was met counts as missing it; a "
            "report its reporter withdrew before a limit fell due is not counted for that "
            "limit.",
            "Counted over reports whose time limit was met, has passed, or whose case was "
            "closed first: a case closed without acknowledgement or feedback counts as missed.",
            f'Only the first feedback counts towards "Feedback within 3 months". "{UPDATED}" '
            "counts the cases still open at the end of last month whose first feedback was due "
            "by then, and how many of them had an update on progress or an outcome from the "
            "team in the 3 months to the end of last month, so a case left without news after "
            "an early update shows there.",
        ],
    )
    for prefix, (row, _) in MISSED.items():
        clocks.add(
            row,
            [
                f.count((prefix, "part")),
                f.count((prefix, "whole")),
                f.rate((prefix, "part"), (prefix, "whole")),
            ],
        )
    clocks.notes += [
        f'"{row}" is withheld because under 5 of the {missed}, and the number met would show '
        "how many."
        for prefix, (row, missed) in MISSED.items()
        if f.withheld_for_complement(prefix)
    ]
    return clocks


def days_to_outcome_table(m: Measures, f: Figures) -> Table:
    """Days from receipt to outcome, to close, and for cases still open, against Casey."""
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
            "The outcome and close rows count only cases that have reached an outcome "
            "(or closed), so for a recent period the slowest cases are not yet in them. The "
            f'row "{STILL_OPEN}" counts the cases not closed by the end of last month, with '
            "the days each had then been open: cases left open show there, not in the other "
            "rows. Percentiles are nearest-rank.",
            TIMING_RULE,
        ],
    )
    for label, (name, histogram) in zip(("Outcome", "Close", STILL_OPEN), m.timings, strict=True):
        timing.add(label, timing_row(f, name, histogram, m.period))
    return timing


def retaliation_table(f: Figures) -> Table:
    """Reports about retaliation, reporters who said they face it, and either."""
    retaliation = Table("retaliation", "Retaliation", ["Reports", "Number"], chart=Chart(1, ""))
    retaliation.add("About retaliation for speaking up", [f.count(("retaliation", "category"))])
    retaliation.add(
        "Reporter said they face retaliation after reporting", [f.count(("retaliation", "said"))]
    )
    retaliation.add("Either", [f.count(("retaliation", "either"))])
    return retaliation


def go_together_table(f: Figures) -> Table:
    """Go-together reports still waiting for a match, and those released."""
    together = Table(
        "go-together",
        "Go-together reports",
        ["Reports", "Number"],
        notes=[
            "Reports the reporter asked to hold until someone else names the "
            "same person. Waiting reports cannot be opened by anyone and are "
            "left out of every other figure. A reporter can release their own report, and "
            "one who says they face retaliation releases it; one withdrawn while it waited "
            "is never released and is not counted here."
        ],
    )
    together.add("Waiting for a match", [f.count(("together", "waiting"))])
    together.add("Released (by a match, or by the reporter)", [f.count(("together", "released"))])
    return together
