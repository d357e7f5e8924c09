"""The sex a mention points to, from two sources read only in memory on arrival: the pronoun a
report uses for the one person it names, and the usual sex of a roster person's first name.

A reporter writing "he" about "PC Carr" rules out most of the Carrs on a roster who are women,
much as a written grade rules out those of another grade. Neither is certain (a pronoun may be
about someone else, a first name may be borne by either sex), so ``roster`` only scores a
disagreement down and never rules a person out. The names list is gender-guesser's
(``gender_guesser``, from Jörg Michael's ``nam_dict``): only names it calls male or female
count, never "mostly", "andy" (either) or unknown. Only "m" or "f" is ever kept, as a keyed
token of the subject like its grade.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from gender_guesser.detector import Detector

from triage.matching.tokens import SubjectInput

# Only the pronoun as a sentence's subject: "him", "her" and "his" are as often about the
# person something was done to.
_HE = re.compile(r"\bhe(?:'s|'d|'ll)?\b", re.IGNORECASE)
_SHE = re.compile(r"\bshe(?:'s|'d|'ll)?\b", re.IGNORECASE)
_SEX = {"male": "m", "female": "f"}


def narrative_sex(narrative: str | None) -> str | None:
    """ "m" or "f" when the narrative calls someone "he" or "she" and never the other; meant for
    reports naming one person only (with two, nobody can say whose pronoun it is)."""
    if not narrative:
        return None
    he, she = bool(_HE.search(narrative)), bool(_SHE.search(narrative))
    if he == she:
        return None
    return "m" if he else "f"


@cache
def _detector() -> Detector:
    return Detector(case_sensitive=False)


def given_sex(given: str | None) -> str | None:
    """ "m" or "f" when the first name is one the list gives to one sex only."""
    if not given:
        return None
    first = given.split()[0].strip(".-'")
    if len(first) < 2:
        return None  # an initial says nothing
    return _SEX.get(_detector().get_gender(first.capitalize()))


def with_pronoun(subjects: list[SubjectInput], narrative: str | None) -> list[SubjectInput]:
    """The subjects, the only one of them given the sex its report's pronoun says."""
    if len(subjects) != 1:
        return subjects
    return [replace(subjects[0], sex=narrative_sex(narrative))]
