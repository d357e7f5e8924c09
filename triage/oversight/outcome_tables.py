"""The oversight tables of what became of cases and whom they named: case to answer decisions,
outcomes, cases closed with no decision or outcome, cases reopened, rates by the subject's ethnic
group, and subjects named in more than one report, each against the Casey Review where it gives
a baseline.

Each function makes one table from ``Figures`` (counts rounded and withheld there);
``triage.oversight.tables`` puts them in page order.
"""

from __future__ import annotations

from intake.vocabulary import CATEGORIES, DISCRIMINATION
from triage.casework.vocabulary import ETHNIC_GROUPS
from triage.oversight.figures import (
    NOT_RECORDED,
    Cell,
    Figures,
    decision_row,
    outcome_row,
    ratio,
)
from triage.oversight.outcome_groups import OUTCOME_GROUPS
from triage.oversight.suppression import THRESHOLD
from triage.oversight.table import Chart, Table

# Casey Review baselines (interim report, 2022; final report, 2023).
CASEY_CASE_TO_ANSWER = {"all": 33, "sexual_misconduct": 29}
CASEY_DISCRIMINATION = 20  # allegations of discrimination: racism, sexism, homophobia...
CASEY_NO_CASE = "55–60%"
CASEY_REPEAT_SUBJECTS = 20


def _case_baseline(code: str) -> str:
    if code in CASEY_CASE_TO_ANSWER:
        return f"{CASEY_CASE_TO_ANSWER[code]}%"
    if code in DISCRIMINATION:
        return f"{CASEY_DISCRIMINATION}%"
    return "none published"


def case_to_answer_table(f: Figures) -> Table:
    """Case to answer decisions for all reports and by kind of behaviour, against Casey."""
    decisions = Table(
        "case-to-answer",
        "Case to answer decisions by kind of behaviour",
        [
            "Kind of behaviour",
            "Case to answer (misconduct)",
            "Case to answer (gross misconduct)",
            "No case to answer",
            "Decided",
            "Case to answer",
            "Case to answer rate",
            "Casey baseline",
            "No case to answer rate",
        ],
        chart=Chart(
            6,
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
            "Case to answer is both kinds of case to answer together, rounded on its own as "
            "every count is, so it can differ from the two columns added up; the case to "
            "answer rate is of it. For the same reason the two rates need not add up to 100%.",
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
    return decisions


def outcomes_table(f: Figures) -> Table:
    """Outcomes for all reports and by kind of behaviour, and how often action was taken."""
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
    return outcomes


def closed_without_decision_table(f: Figures) -> Table:
    """Closed cases left out of the rates above: no decision and no outcome, or no outcome."""
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
    return closed


def reopened_table(f: Figures) -> Table:
    """Cases reopened, and how many in a later month than they were closed
    (``triage.oversight.reopenings``)."""
    reopened = Table(
        "reopened",
        "Cases reopened",
        [
            "Cases",
            "Reopened by the end of last month",
            "Reopened in a later month than they were closed",
            "Percentage",
        ],
        notes=[
            "Cases a lead reopened after they were closed, counted over the reports received in "
            "the period. A case closed in one month and reopened in a later one was counted as "
            "closed in the figures of every month in between, and is counted as it stands "
            "(open, or closed again) from then on, so those reopenings are counted separately "
            "here: closing cases before a month's end and reopening them after it shows here."
        ],
    )
    reopened.add(
        "Reopened by a lead",
        [
            f.count(("reopened", "whole")),
            f.count(("reopened", "part")),
            f.rate(("reopened", "part"), ("reopened", "whole")),
        ],
    )
    return reopened


def changed_table(f: Figures) -> Table:
    """Cases whose case decision or outcome was changed after it was recorded
    (``triage.oversight.changes``)."""
    changed = Table(
        "changed-after-recorded",
        "Decisions and outcomes changed after they were recorded",
        ["Changed", "Cases changed by the end of last month"],
        notes=[
            "Cases whose case to answer decision or outcome the team changed after recording it, "
            "with or without reopening the case, and cases whose decision was first recorded "
            "after their outcome, counted over the reports received in the "
            "period. A changed decision or outcome counts in the rates above as it stands now, "
            "for past periods too, so a change that makes those rates look better shows here."
        ],
    )
    for heading, kind in (("Case decision", "decision"), ("Outcome", "outcome")):
        changed.add(heading, [f.count(("changed", kind))])
    return changed


def ethnicity_table(f: Figures) -> Table:
    """Case to answer and action taken rates by the subject's ethnic group, each as a ratio to
    the rate for White subjects, with a note when no ratio can be shown."""
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
    return ethnicity


def repeat_subjects_table(f: Figures) -> Table:
    """Subjects named in the period, and how many in more than one report, against Casey."""
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
    return subjects
