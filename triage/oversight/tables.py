"""The oversight measures as tables, in page order (``TABLE_SLUGS``): ``build`` makes each with
its own function, from ``received_tables`` (the reports received and the time taken over them),
``referral_table`` (referrals to the IOPC and the flags for them) and ``outcome_tables`` (what
became of cases and whom they named).

The cells come from ``triage.oversight.figures`` (counts rounded and withheld there). The same
``Table`` objects feed the page, the charts and the CSV files, so they always agree.
"""

from __future__ import annotations

from triage.oversight.figures import Figures, fill
from triage.oversight.measures import Measures
from triage.oversight.outcome_tables import (
    case_to_answer_table,
    changed_table,
    closed_without_decision_table,
    ethnicity_table,
    outcomes_table,
    reopened_table,
    repeat_subjects_table,
)
from triage.oversight.received_tables import (
    days_to_outcome_table,
    go_together_table,
    received_by_category_table,
    received_by_month_table,
    retaliation_table,
    time_limits_table,
)
from triage.oversight.referral_table import flag_table, referral_table
from triage.oversight.table import Table

# Every table ``build`` makes, in page order (each is also a CSV download).
TABLE_SLUGS = (
    "received-by-month",
    "received-by-category",
    "time-limits",
    "iopc-referrals",
    "iopc-flags",
    "days-to-outcome",
    "case-to-answer",
    "outcomes",
    "closed-without-decision",
    "reopened",
    "changed-after-recorded",
    "ethnicity",
    "repeat-subjects",
    "retaliation",
    "go-together",
)


def build(m: Measures, figures: Figures | None = None) -> list[Table]:
    """The tables of ``m``; ``figures`` when its counts were already filled and suppressed
    (the national page suppresses all forces together)."""
    f = figures
    if f is None:
        f = Figures()
        fill(f, m)
    return [
        received_by_month_table(m, f),
        received_by_category_table(f),
        time_limits_table(f),
        referral_table(f),
        flag_table(f),
        days_to_outcome_table(m, f),
        case_to_answer_table(f),
        outcomes_table(f),
        closed_without_decision_table(f),
        reopened_table(f),
        changed_table(f),
        ethnicity_table(f),
        repeat_subjects_table(f),
        retaliation_table(f),
        go_together_table(f),
    ]
