"""How much each kind of agreement and disagreement between two descriptions is worth, and
the bounds on lookups. Likelihood ratios set by hand and checked on labelled sets
(``python -m seeds.evaluate``); read by ``evidence`` and ``linking``.

``Weights`` gathers the ratios a Fellegi–Sunter estimate can replace
(``triage.matching.calibrate``, ``flask triage calibrate``); its defaults are the hand-set
constants below, so matching is unchanged until weights are calibrated and stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

# Chance that another officer whose surname sounds the same also shares the first name, or the
# first initial. Given names are far from uniform, so these are deliberately generous.
P_GIVEN = 1 / 100
P_INITIAL = 1 / 16
# A surname that only sounds alike (Smith/Smyth, but also Brown/Byrne) or lies one typo away
# is weaker evidence than the same spelling; so is a first name one typo away.
SOUND_AND_TYPO = 2.0  # Smith/Smyth, Thomson/Thompson
SOUND_ONLY = 5.0  # Wood/White: Metaphone drops too much for the sound alone to say much
SURNAME_TYPO = 4.0  # Bolton/Boltn
GIVEN_TYPO = 2.0
# Earlier subjects assumed to share any surname sound, for officers nobody has named yet.
UNSEEN = 1.0
# The fewest other officers assumed to match a name however rare it looks in earlier reports:
# forces have namesakes, and a surname seen once may be borne by several officers nobody has
# reported. On the labelled synthetic reports, a bare full name agreeing with a single earlier
# report was the same person about 88% of the time where the model without this floor said 95%.
NAMESAKES = 0.12
# How much more (or less) likely each observation is if it is the same person than if not.
LR_WARRANT = 1e9
LR_COLLAR = 1e4  # the same shoulder number with its borough letters
# The same digits where one side gave no borough letters: other boroughs reuse digits, so
# alone they are weak, but among officers who also share the name they are near-proof.
LR_DIGITS = 5.0
LR_DIGITS_NAMED = 1000.0
LR_SWAPPED = 30.0  # digits one swap apart (only ever with a matching name)
LR_COLLAR_DIFFERS = 0.02  # officers who move borough get a new number; typos are swaps
# Two officers picked at random share a BCU about one time in eighteen (twelve BCUs of unequal
# size, plus specialist commands); one officer named twice gives the same unit about nine times
# in ten (people move, reporters use old names).
LR_UNIT_SAME = 15.0
LR_UNIT_DIFFERS = 0.05  # officers move borough; reporters rarely get it wrong
LR_RANK_SAME = 2.0  # when the grade is not known: most officers are constables
# Agreeing on a grade is worth its rarity (``triage/matching/data/rank_grades.csv``): two constables
# say
# little, two inspectors much more. Reporters get ranks wrong and officers act up or are
# promoted, so the same person gives the same grade only so often, and the weight is capped.
RANK_RELIABILITY = 0.85
LR_RANK_SAME_MAX = 10.0
LR_RANK_DIFFERS = 0.15  # promotions happen
LR_GIVEN_DIFFERS = 0.1  # same initial, different first names (or an unknown nickname)
LR_INITIAL_DIFFERS = 0.01
LR_SURNAME_DIFFERS = 1e-3
# A person named in k earlier reports is more likely to be named again than a namesake named
# once, but reports of one person are not independent draws: weigh k as k ** MEMBER_WEIGHT.
MEMBER_WEIGHT = 1.0
# With a roster, a cluster competes with the individual people on it who fit as well, each
# named so far no more often than most officers are. Being named is far from even (a few
# officers are named again and again, most never), so a person already named k times is more
# likely the one named now than k unnamed namesakes together: weigh k as k ** this instead.
ROSTER_MEMBER_WEIGHT = 1.5
# Link when the chance that the new subject is this cluster's person is at least this.
LINK_PROBABILITY = 0.9
# An earlier mention weighed again once its person is better known (see ``match_subject``)
# links only at this stricter probability: nothing competes with that person in the weighing,
# because the earlier mention's other candidates are not looked up again.
REWEIGH_PROBABILITY = 0.95
# Below the link threshold, an earlier person at least this likely is offered to a caseworker
# as a possible match: they can read both reports, which the matcher cannot.
POSSIBLE_PROBABILITY = 0.3

# -- bounded lookups ----------------------------------------------------------------------------
# A token that more than this many earlier subjects hold (a common surname's spelling variants,
# its sound with an initial, bare shoulder-number digits once the table is large) is too common
# to be evidence on its own, so candidates are not gathered through it: each lookup reads at most
# COMMON_TOKEN_LIMIT + 1 index entries, whatever the number of earlier reports. Subjects sharing
# something rarer with the new one are still found, and then compared on every token.
COMMON_TOKEN_LIMIT = 50
# One officer's own numbers stay evidence however often that officer has been named: their
# holders are still gathered (the first COMMON_TOKEN_LIMIT of them), never skipped.
NEVER_COMMON_KINDS: frozenset[str] = frozenset({"warrant", "warrant_swap", "collar", "person"})
# With a roster the namesakes are counted, not guessed: still, a reporter can name someone
# wrongly or the list can be out of date, so never count fewer than this.
ROSTER_NAMESAKES = 0.05
# How far to count holders of the new subject's surname sound. Past this a name without a number
# or unit is weak evidence whatever the exact figure, so counting further would only cost time.
SURNAME_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Weights:
    """The likelihood ratios of each comparison level that matching weighs (see the constants of
    the same names above for what each means). ``p_given``, ``p_initial`` and the surname
    factors are shares of namesakes (the inverse of a likelihood ratio), as ``Evidence.name_share``
    uses them."""

    p_given: float = P_GIVEN
    p_initial: float = P_INITIAL
    given_typo: float = GIVEN_TYPO
    sound_and_typo: float = SOUND_AND_TYPO
    sound_only: float = SOUND_ONLY
    surname_typo: float = SURNAME_TYPO
    lr_collar: float = LR_COLLAR
    lr_digits: float = LR_DIGITS
    lr_digits_named: float = LR_DIGITS_NAMED
    lr_swapped: float = LR_SWAPPED
    lr_collar_differs: float = LR_COLLAR_DIFFERS
    lr_unit_same: float = LR_UNIT_SAME
    lr_unit_differs: float = LR_UNIT_DIFFERS
    lr_rank_same: float = LR_RANK_SAME
    rank_reliability: float = RANK_RELIABILITY
    lr_rank_differs: float = LR_RANK_DIFFERS
    lr_given_differs: float = LR_GIVEN_DIFFERS
    lr_initial_differs: float = LR_INITIAL_DIFFERS
    lr_surname_differs: float = LR_SURNAME_DIFFERS

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Weights:
        """Weights stored by an earlier version: unknown names are ignored and missing ones
        keep the hand-set value, so a stored row never stops matching."""
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in data.items() if k in known})


HAND_SET = Weights()
