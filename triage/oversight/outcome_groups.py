"""Outcome codes grouped for the oversight figures: which outcomes are no action (the Casey
"action taken" measure) and the groups of the outcome mix. Pure: no database, no Flask.
"""

from __future__ import annotations

# "Action taken" (the Casey measure): an outcome was recorded and it is not one that ends the
# matter without any action. No further action and "misconduct not proven" at a meeting, hearing
# or staff procedure are no action; the reflective practice review process, a vetting referral,
# warnings, reduction in rank and dismissal are action. A "no case to answer" decision is a
# decision, not an outcome: such a case counts once its outcome is recorded (usually no further
# action; reflective practice after no case to answer counts as action, as the Regulations make
# it a formal process).
NO_ACTION_OUTCOMES = frozenset(
    {
        "no_further_action",
        "meeting_not_proven",
        "hearing_not_proven",
        "staff_not_proven",
    }
)


# Outcome codes grouped for the outcome mix (triage.casework.vocabulary.OUTCOMES has them all).
OUTCOME_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "no_action": ("No further action or not proven", NO_ACTION_OUTCOMES),
    "practice": (
        "Reflective practice or vetting referral",
        frozenset({"rprp", "vetting_referral"}),
    ),
    "warning": (
        "Written or final written warning",
        frozenset(
            {
                "meeting_written_warning",
                "meeting_final_written_warning",
                "hearing_written_warning",
                "hearing_final_written_warning",
                "staff_first_written_warning",
                "staff_final_written_warning",
            }
        ),
    ),
    "removal": (
        "Reduction in rank or dismissal",
        frozenset(
            {
                "hearing_reduction_in_rank",
                "hearing_dismissal",
                "staff_dismissal_with_notice",
                "staff_summary_dismissal",
            }
        ),
    ),
}
ACTION_GROUPS = ("practice", "warning", "removal")


def outcome_group(outcome: str | None) -> str | None:
    for group, (_, codes) in OUTCOME_GROUPS.items():
        if outcome in codes:
            return group
    return None
