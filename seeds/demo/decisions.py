"""What the demo team decides on a case: subject type, severity, decision, outcome, standards.

Every value is a code from ``triage.casework.vocabulary``. The mix is meant to look like a team
doing a
little better than the Casey Review's baselines (55-60% "no case to answer"), with sexual
misconduct and abuse of position more often heard as gross misconduct.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from triage.casework import vocabulary

SEXUAL = frozenset({"sexual_misconduct", "abuse_of_position", "domestic_abuse"})
STANDARDS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "bullying": ("authority_respect_courtesy", "discreditable_conduct"),
    "retaliation": ("authority_respect_courtesy", "challenging_reporting"),
    "sexism_misogyny": ("equality_diversity", "authority_respect_courtesy"),
    "racism": ("equality_diversity", "authority_respect_courtesy"),
    "homophobia": ("equality_diversity", "authority_respect_courtesy"),
    "transphobia": ("equality_diversity", "authority_respect_courtesy"),
    "other_discrimination": ("equality_diversity",),
    "sexual_misconduct": ("discreditable_conduct", "authority_respect_courtesy"),
    "abuse_of_position": ("honesty_integrity", "discreditable_conduct", "confidentiality"),
    "domestic_abuse": ("discreditable_conduct", "use_of_force"),
    "other": ("duties_responsibilities",),
}
ETHNICITY_WEIGHTS = {"white": 68, "asian": 11, "black": 8, "mixed": 5, "other": 3, "not_stated": 5}
# Outcome code → weight, per (decision, whether the subject is police staff).
_OUTCOMES: dict[tuple[str, bool], dict[str, int]] = {
    ("no_case", False): {"no_further_action": 6, "rprp": 3, "vetting_referral": 1},
    ("no_case", True): {"no_further_action": 7, "rprp": 3},
    ("case_misconduct", False): {
        "meeting_not_proven": 2,
        "meeting_written_warning": 5,
        "meeting_final_written_warning": 3,
    },
    ("case_misconduct", True): {
        "staff_not_proven": 2,
        "staff_first_written_warning": 5,
        "staff_final_written_warning": 3,
    },
    ("case_gross_misconduct", False): {
        "hearing_not_proven": 2,
        "hearing_written_warning": 1,
        "hearing_final_written_warning": 3,
        "hearing_reduction_in_rank": 1,
        "hearing_dismissal": 4,
    },
    ("case_gross_misconduct", True): {
        "staff_not_proven": 1,
        "staff_final_written_warning": 3,
        "staff_dismissal_with_notice": 2,
        "staff_summary_dismissal": 4,
    },
}
SEVERITY_OF = {
    "no_case": "neither",
    "case_misconduct": "misconduct",
    "case_gross_misconduct": "gross_misconduct",
}


@dataclass(frozen=True)
class Decision:
    subject_type: str
    decision: str
    severity: str
    outcome: str
    ethnicity: str | None
    standards: list[str]
    warning: str | None = None  # triage.casework.vocabulary.WARNINGS_IN_FORCE


def subject_type_of(record: dict[str, Any], rng: random.Random) -> str:
    """Officer, special, PCSO or staff, from the rank the reporter wrote (or a guess)."""
    subjects = record.get("subjects") or []
    words = " ".join(f"{s.get('rank') or ''} {s.get('name') or ''}" for s in subjects[:1]).lower()
    if "pcso" in words:
        return "pcso"
    if re.search(r"\b(sc|special)\b", words):
        return "special_constable"
    if re.search(r"\b(ddo|detention|staff)\b", words):
        return "staff"
    if re.search(r"\b(pc|ps|sgt|ds|dc|di|insp|inspector|dci|supt|constable|sergeant)\b", words):
        return "officer"
    return "staff" if rng.random() < 0.15 else "officer"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def decide(categories: list[str], subject_type: str, rng: random.Random) -> Decision:
    cats = set(categories)
    no_case = (
        0.45 if cats <= {"bullying", "retaliation", "other"} else (0.3 if cats & SEXUAL else 0.35)
    )
    gross = 0.35 if cats & SEXUAL else 0.1
    roll = rng.random()
    decision = (
        "no_case"
        if roll < no_case
        else ("case_gross_misconduct" if roll < no_case + gross else "case_misconduct")
    )
    return decided(categories, subject_type, decision, None, rng)


def decided(
    categories: list[str],
    subject_type: str,
    decision: str,
    outcome: str | None,
    rng: random.Random,
    ethnicity: str | None = None,
) -> Decision:
    staff = subject_type in vocabulary.STAFF_TYPES
    outcome = outcome or _weighted(rng, _OUTCOMES[(decision, staff)])
    if ethnicity is None and rng.random() < 0.85:
        ethnicity = _weighted(rng, ETHNICITY_WEIGHTS)
    standards = sorted({s for c in categories for s in STANDARDS_BY_CATEGORY.get(c, ())})
    return Decision(subject_type, decision, SEVERITY_OF[decision], outcome, ethnicity, standards)
