"""Flag the grounds for a mandatory IOPC referral that a report's derived signals suggest
(categories, narrative flags, who was affected), for a lead to confirm or reject
(``triage.casework.iopc``): triage only suggests. Never reads or keeps a narrative. Pure Python,
no Flask or database imports.
"""

from __future__ import annotations

from intake.vocabulary import DISCRIMINATION, VULNERABLE
from triage.matching.narrative import SEXUAL_FLAGS


def iopc_referral_flags(
    categories: frozenset[str] | set[str],
    narrative_flags: frozenset[str] | set[str],
    affected: frozenset[str] | set[str],
) -> list[str]:
    """Mandatory IOPC referral grounds that look present (for a caseworker to confirm)."""
    grounds: list[str] = []
    if "sexual_assault" in narrative_flags:
        grounds.append("serious sexual offence")
    vulnerable = bool(set(affected) & (VULNERABLE - {"junior_colleague"}))
    sexual = "sexual_misconduct" in categories or bool(set(narrative_flags) & SEXUAL_FLAGS)
    if (
        "position_for_sexual_purpose" in narrative_flags
        or ("abuse_of_position" in categories and sexual and vulnerable)
        or ("abuse_of_position" in categories and "sexual_misconduct" in categories)
    ):
        grounds.append("abuse of position for a sexual purpose")
    if "violence" in narrative_flags or (
        "domestic_abuse" in categories and "violence" in narrative_flags
    ):
        grounds.append("serious assault")
    discriminatory = bool(set(categories) & DISCRIMINATION - {"sexism_misogyny"}) or (
        "sexism_misogyny" in categories
    )
    if discriminatory and (
        set(narrative_flags) & {"violence", "threats", "physical_contact", "sexual_assault"}
        or vulnerable
    ):
        grounds.append("behaviour aggravated by discrimination")
    return grounds
