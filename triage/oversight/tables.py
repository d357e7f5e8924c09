"""The oversight measures as tables: what each shows, in what order, with which baselines.

The cells come from ``triage.oversight.figures`` (counts rounded and withheld there). The same
``Table`` objects feed the page, the charts and the CSV files, so they always agree.
"""

from __future__ import annotations

from intake.vocabulary import CATEGORIES, DISCRIMINATION
from triage.casework.clocks import CASEY_BASELINE_DAYS as CASEY_DAYS
from triage.casework.vocabulary import ETHNIC_GROUPS
from triage.oversight.figures import (
    NOT_RECORDED,
    Cell,
    Figures,
    decision_row,
    fill,
    month_label,
    months_of,
    outcome_row,
    ratio,
    timing_row,
)
from triage.oversight.measures import Measures
from triage.oversight.outcome_groups import OUTCOME_GROUPS
from triage.oversight.referral_table import referral_table
from triage.oversight.suppression import THRESHOLD
from triage.oversight.table import Chart, Table

# Casey Review baselines (interim report, 2022; final report, 2023).
CASEY_OVER_TWO_YEARS = 20
CASEY_CASE_TO_ANSWER = {"all": 33, "sexual_misconduct": 29}
CASEY_DISCRIMINATION = 20  # allegations of discrimination: racism, sexism, homophobia...
CASEY_NO_CASE = "55–60%"
CASEY_REPEAT_SUBJECTS = 20
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
# Every table ``build`` makes, in page order (each is also a CSV download).
TABLE_SLUGS = (
    "received-by-month",
    "received-by-category",
    "time-limits",
    "iopc-referrals",
    "days-to-outcome",
    "case-to-answer",
    "outcomes",
    "closed-without-decision",
    "ethnicity",
    "repeat-subjects",
    "retaliation",
    "go-together",
)


def _case_baseline(code: str) -> str:
    if code in CASEY_CASE_TO_ANSWER:
        return f"{CASEY_CASE_TO_ANSWER[code]}%"
    if code in DISCRIMINATION:
        return f"{CASEY_DISCRIMINATION}%"
    return "none published"


def build(m: Measures, figures: Figures | None = None) -> list[Table]:
    """The tables of ``m``; ``figures`` when its counts were already filled and suppressed
    (the national page suppresses all forces together)."""
    f = figures
    if f is None:
        f = Figures()
        fill(f, m)
    tables: list[Table] = []

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
    clocks.add(
        MISSED["acknowledged"][0],
        [
            f.count(("acknowledged", "part")),
            f.count(("acknowledged", "whole")),
            f.rate(("acknowledged", "part"), ("acknowledged", "whole")),
        ],
    )
    clocks.add(
        MISSED["feedback"][0],
        [
            f.count(("feedback", "part")),
            f.count(("feedback", "whole")),
            f.rate(("feedback", "part"), ("feedback", "whole")),
        ],
    )
    clocks.add(
        UPDATED,
        [
            f.count(("updated", "part")),
            f.count(("updated", "whole")),
            f.rate(("updated", "part"), ("updated", "whole")),
        ],
    )
    clocks.notes += [
        f'"{row}" is withheld because under 5 of the {missed}, and the number met would show '
        "how many."
        for prefix, (row, missed) in MISSED.items()
        if f.withheld_for_complement(prefix)
    ]
    tables.append(clocks)
    tables.append(referral_table(f))

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
        decision_row(
            f, ("decisions", "all"), f"{CASEY_CASE_TO_ANSWER['all']}% ({CASEY_NO_CASE} no case)"
        ),
    )
    for code, label in CATEGORIES.items():
        decisions.add(label, decision_row(f, ("decisions", code), _case_baseline(code)))
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
    outcomes.add("All reports", outcome_row(f, ("decisions", "all")))
    for code, label in CATEGORIES.items():
        outcomes.add(label, outcome_row(f, ("decisions", code)))
    tables.append(outcomes)

    closed = Table(
        "closed-without-decision",
        "Cases closed with no decision or outcome",
        ["Closed cases", "Closed by the end of last month", "Of them", "Percentage"],
        notes=[
            "Cases the team closed without recording a case to answer decision or an outcome, "
            "which leaves them out of the case to answer and action taken rates above, and "
            "cases it closed with a case decision (to answer or not) but no outcome, which "
            "leaves them out of the action taken rate; a case closed because its reporter "
            "withdrew it is not counted here."
        ],
    )
    for heading, measure in (
        ("With no case decision and no outcome", "closed_without"),
        ("With a case decision but no outcome", "closed_no_outcome"),
    ):
        closed.add(
            heading,
            [
                f.count((measure, "whole")),
                f.count((measure, "part")),
                f.rate((measure, "part"), (measure, "whole")),
            ],
        )
    tables.append(closed)

    ethnicity = Table(
        "ethnicity",
        "Outcome rates by the subject's ethnic group",
        [
            "Ethnic group",
            "Decided",
            "Case to answer",
            "Case to answer rate",
            "Case to answer rate: ratio to White subjects",
            "Outcomes recorded",
            "Action taken",
            "Action taken rate",
            "Action taken rate: ratio to White subjects",
        ],
        chart=Chart(
            4,
            "",
            1,
            "Same rate as White subjects: 1.00",
            explanation="The chart shows each group's case to answer rate divided by the case "
            "to answer rate for White subjects: 1.00 is the same rate, 2.00 twice as often, "
            "0.50 half as often.",
        ),
        notes=[
            "The ratio is the group's rate divided by the rate for White subjects (the "
            "reference group): above 1.00 means the group's cases more often end that way.",
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
                ratio(f, group, "case", "decided") if ratios else Cell("not applicable"),
                f.count((prefix, "outcomes")),
                f.count((prefix, "action")),
                f.rate((prefix, "action"), (prefix, "outcomes")),
                ratio(f, group, "action", "outcomes") if ratios else Cell("not applicable"),
            ],
        )
    if not any(cells[i].value is not None for _, cells in ethnicity.rows for i in (3, 7)):
        ethnicity.notes.insert(
            0,
            "There are too few decided cases in this period for any ratio to be shown: a ratio "
            f"needs at least {THRESHOLD} decided cases (or outcomes, for action taken) in the "
            "group and among White subjects. Choose a whole year, or an earlier one.",
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
            "left out of every other figure. A reporter can release their own report, and "
            "one who says they face retaliation releases it; one withdrawn while it waited "
            "is never released and is not counted here."
        ],
    )
    together.add("Waiting for a match", [f.count(("together", "waiting"))])
    together.add("Released (by a match, or by the reporter)", [f.count(("together", "released"))])
    tables.append(together)
    return tables
