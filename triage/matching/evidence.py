"""What two descriptions of a person have in common and where they differ, from tokens alone,
and the odds that a cluster of earlier descriptions is the new subject's person.

Never sees plaintext: only which token kinds agree and conflict (both sides have the kind and
share no token of it) and counts of holders.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from triage.matching import postings
from triage.matching.roster import MAYBE_KIND
from triage.matching.roster_rivals import RosterRivals
from triage.matching.store import SubjectRef
from triage.matching.tokens import Token
from triage.matching.weights import (
    HAND_SET,
    LR_RANK_SAME_MAX,
    LR_WARRANT,
    MEMBER_WEIGHT,
    NAMESAKES,
    ROSTER_MEMBER_WEIGHT,
    ROSTER_NAMESAKES,
    UNSEEN,
    Weights,
)


def compare(new: set[Token], old: set[Token]) -> tuple[set[str], set[str]]:
    """Kinds that agree (share a token) and kinds that conflict (both present, none shared)."""
    agree = {kind for kind, _ in new & old}
    both = {kind for kind, _ in new} & {kind for kind, _ in old}
    return agree, both - agree


T = TypeVar("T")


class _once(Generic[T]):
    """A property worked out on first use and then kept in the instance (which wins over this
    descriptor): ``functools.cached_property`` without the lock it takes on Python 3.11, which
    cost more than the judgements it kept."""

    def __init__(self, judge: Callable[[Any], T]) -> None:
        self.judge = judge
        self.name = judge.__name__

    def __get__(self, instance: Any, owner: Any = None) -> T:
        value = self.judge(instance)
        instance.__dict__[self.name] = value
        return value


@dataclass(frozen=True)
class Evidence:
    """What one pair of subjects has in common and where they differ, by token kind.

    The judgements weighing asks again and again (``named``, ``contradicts`` and those they
    rest on) are cached on first use: a common name brings a hundred candidates, each asked
    several times per cluster weighed."""

    agree: frozenset[str]
    conflict: frozenset[str]

    def _both(self, kind: str) -> bool:
        return kind in self.agree or kind in self.conflict

    # -- numbers ----------------------------------------------------------------------------
    @property
    def person_same(self) -> bool:
        """Both resolved to the same person on the force's roster."""
        return "person" in self.agree

    @property
    def person_differs(self) -> bool:
        """Resolved to different roster people, or nobody on the roster fits both."""
        return "person" in self.conflict or MAYBE_KIND in self.conflict

    @property
    def warrant_same(self) -> bool:
        return "warrant" in self.agree

    @property
    def warrant_swapped(self) -> bool:
        """Warrant numbers two neighbouring digits apart: a slip of the pen, not two people."""
        return "warrant" in self.conflict and "warrant_swap" in self.agree

    @property
    def warrant_differs(self) -> bool:
        return "warrant" in self.conflict and not self.warrant_swapped

    @property
    def collar_same(self) -> bool:
        return "collar" in self.agree or (
            "collar_digits" in self.agree and "collar" not in self.conflict
        )

    @property
    def collar_full(self) -> bool:
        """The same number with its borough letters on both sides."""
        return "collar" in self.agree

    @property
    def collar_swapped(self) -> bool:
        return "collar_fuzzy" in self.agree and "collar_digits" in self.conflict

    @property
    def collar_differs(self) -> bool:
        # Same digits with different borough letters is a different shoulder number.
        return "collar_fuzzy" in self.conflict or (
            "collar" in self.conflict and "collar_digits" in self.agree
        )

    # -- names ------------------------------------------------------------------------------
    @_once
    def named(self) -> bool:
        """Both subjects have a surname."""
        return self._both("surname_fuzzy")

    @property
    def name_same(self) -> bool:
        """The same first name (or nickname) and surname, in either order."""
        return "name" in self.agree

    @property
    def surname_exact(self) -> bool:
        return "surname" in self.agree or self.name_same

    @property
    def surname_sound(self) -> bool:
        return "sound" in self.agree or "name_fuzzy" in self.agree

    @property
    def surname_typo(self) -> bool:
        """Spellings at most one typo apart (Smith/Smyth, Connolly/Connoly)."""
        return "surname_fuzzy" in self.agree

    @_once
    def surname_close(self) -> bool:
        return self.surname_exact or self.surname_sound or "surname_fuzzy" in self.agree

    @_once
    def surname_differs(self) -> bool:
        return self.named and not self.surname_close

    @property
    def given_same(self) -> bool:
        return "given" in self.agree or self.name_same

    @property
    def given_typo(self) -> bool:
        return "name_fuzzy" in self.agree and not self.given_same

    @_once
    def given_differs(self) -> bool:
        """Both wrote a first name and they are neither the same nor one typo apart."""
        return self._both("given") and not (self.given_same or self.given_typo)

    @property
    def initial_same(self) -> bool:
        return "initial" in self.agree

    @_once
    def initial_differs(self) -> bool:
        return "initial" in self.conflict and not (self.initial_same or self.name_same)

    @_once
    def names_contradict(self) -> bool:
        """The surname, the initial or the first name says these are different people."""
        return self.named and (self.surname_differs or self.initial_differs or self.given_differs)

    def name_conflict(self, weights: Weights = HAND_SET) -> float:
        """Likelihood ratio for what the names contradict (1.0 when nothing does)."""
        if not self.named:
            return 1.0
        if self.surname_differs:
            # Typos on both sides can part one surname; a different first name as well cannot.
            first = (
                weights.lr_initial_differs if (self.initial_differs or self.given_differs) else 1.0
            )
            return weights.lr_surname_differs * first
        if self.initial_differs:
            return weights.lr_initial_differs
        if self.given_differs:
            return weights.lr_given_differs
        return 1.0

    def name_share(self, weights: Weights = HAND_SET) -> float | None:
        """How many of the officers sharing the surname sound would match this well.

        None when the names cannot be compared or contradict each other.
        """
        if not self.named or self.names_contradict:
            return None
        if self.given_same or self.given_typo:
            share = weights.p_given * (weights.given_typo if self.given_typo else 1.0)
        elif self.initial_same:
            share = weights.p_initial
        else:
            share = 1.0
        if self.surname_exact:
            return share
        if self.surname_sound and self.surname_typo:
            return share * weights.sound_and_typo
        return share * (weights.sound_only if self.surname_sound else weights.surname_typo)

    # -- context ----------------------------------------------------------------------------
    @property
    def unit_same(self) -> bool:
        return "unit" in self.agree

    @property
    def unit_differs(self) -> bool:
        return "unit" in self.conflict

    @property
    def rank_same(self) -> bool:
        return "rank" in self.agree

    @property
    def rank_differs(self) -> bool:
        return "rank" in self.conflict

    @_once
    def contradicts(self) -> bool:
        """Evidently two different people, whatever else they share."""
        if self.warrant_same or self.person_same:
            return False
        if self.person_differs or self.warrant_differs or self.collar_differs:
            return True
        if self.names_contradict:
            # Two mangled spellings of one surname (Fleeming/Fueming) can share nothing, but
            # the same shoulder number in the same unit, with first names that agree, is one
            # officer written badly twice rather than two officers.
            return not (self.number_agrees and not (self.initial_differs or self.given_differs))
        return False

    @property
    def number_agrees(self) -> bool:
        """The same shoulder number with its borough letters, or the same digits in one unit."""
        return self.collar_full or (self.collar_same and self.unit_same)


def evidence_of(new: set[Token], old: set[Token]) -> Evidence:
    agree, conflict = compare(new, old)
    return Evidence(frozenset(agree), frozenset(conflict))


@dataclass(frozen=True)
class Weighing:
    """The case for one earlier cluster: odds that the new subject is its person."""

    odds: float
    members: int
    share: float | None  # best name share, None if no name was compared
    namesakes: float  # other people named with the surname sound
    notes: tuple[str, ...]


def _mixed(same: bool, differs: bool, lr_same: float, lr_differs: float) -> float:
    """One factor per kind for a cluster: agreement with some members and none conflicting
    counts for, the reverse against, and both (an officer who moved) neither."""
    if same and not differs:
        return lr_same
    if differs and not same:
        return lr_differs
    return 1.0


def rank_agreement(labels: Mapping[str, str] | None, weights: Weights = HAND_SET) -> float:
    """Likelihood ratio for agreeing on the new subject's grade (its label ``rank``)."""
    share = postings.grade_share((labels or {}).get("rank"))
    if share is None:
        return weights.lr_rank_same
    return max(1.0, min(LR_RANK_SAME_MAX, weights.rank_reliability / share))


def weigh_cluster(
    evidence: list[Evidence],
    namesakes: float,
    rank_same: float | None = None,
    rivals: RosterRivals | None = None,
    weights: Weights = HAND_SET,
) -> Weighing:
    """Weigh the new subject against the earlier members of one cluster it shares tokens with.

    ``namesakes`` is how many other people already named share the new subject's surname
    sound (outside this cluster). The odds are the cluster's members (a person named often is
    named again) times the likelihood ratios of what agrees and conflicts, over the number of
    other officers who would match the name as well: the rarer the name, the stronger it is.
    ``rivals``, when the force's roster counted them, is exactly how many other people on it
    fit the new subject, and replaces that estimate. ``rank_same`` (from ``rank_agreement``)
    defaults to ``weights.lr_rank_same``.
    """
    w = weights
    notes: list[str] = []
    if any(ev.person_same for ev in evidence):
        return Weighing(LR_WARRANT, len(evidence), None, namesakes, ("roster",))
    if any(ev.warrant_same for ev in evidence):
        return Weighing(LR_WARRANT, len(evidence), None, namesakes, ("warrant",))
    if any(ev.warrant_differs or ev.person_differs for ev in evidence):
        return Weighing(0.0, len(evidence), None, namesakes, ("warrant differs",))
    members = sum(1 for ev in evidence if not ev.contradicts) or 1
    shares = [s for ev in evidence if (s := ev.name_share(w)) is not None]
    share = min(shares) if shares else None
    # A name that contradicts some members counts against the cluster in proportion: one
    # member's typo must not veto a cluster, but a "J Smith" cluster holding a John Smith
    # must not take a James Smith either.
    comparable = [ev.name_conflict(w) for ev in evidence if ev.named]
    name_lr = math.prod(comparable) ** (1 / len(comparable)) if comparable else 1.0
    named = share is not None
    collar_same = any(ev.collar_same for ev in evidence)
    if named and any(ev.warrant_swapped for ev in evidence):
        # Warrant numbers are never reissued: one two swapped digits away from theirs, with a
        # name that fits, is theirs written in haste, as good as a full shoulder number.
        lr = w.lr_collar
    elif collar_same:
        if any(ev.collar_full for ev in evidence):
            lr = w.lr_collar
        else:
            lr = w.lr_digits_named if named else w.lr_digits
    elif named and any(ev.collar_swapped for ev in evidence):
        lr = w.lr_swapped
    elif any(ev.collar_differs for ev in evidence):
        lr = w.lr_collar_differs
    else:
        lr = 1.0
    if not (named or collar_same):
        # Nothing identifying agrees: a unit, a rank or a shuffled number alone never links.
        return Weighing(0.0, members, None, namesakes, ())
    lr *= name_lr
    # Rivals narrowed to the likely roster people were chosen by grade and unit already:
    # weighing the grade and unit again would count them twice.
    if rivals is None or not rivals.narrowed:
        lr *= _mixed(
            any(ev.unit_same for ev in evidence),
            any(ev.unit_differs for ev in evidence),
            w.lr_unit_same,
            w.lr_unit_differs,
        )
        lr *= _mixed(
            any(ev.rank_same for ev in evidence),
            any(ev.rank_differs for ev in evidence),
            w.lr_rank_same if rank_same is None else rank_same,
            w.lr_rank_differs,
        )
    # Other people already named with this surname sound, plus the unseen; or, with a roster,
    # the people on it who fit as well.
    if rivals is not None:
        others = max(rivals.count, ROSTER_NAMESAKES)
    else:
        others = max((namesakes + UNSEEN) * share, NAMESAKES) if share is not None else 1.0
    if share is not None and namesakes <= 1 and share <= w.p_initial:
        notes.append("rare surname")
    if members > 1:
        notes.append(f"{members} earlier reports")
    weight = members ** (MEMBER_WEIGHT if rivals is None else ROSTER_MEMBER_WEIGHT)
    return Weighing(weight * lr / others, members, share, namesakes, tuple(notes))


def probability_of(odds: float) -> float:
    return 1.0 if math.isinf(odds) else odds / (1.0 + odds)


def clusters_contradict(
    a: list[tuple[SubjectRef, set[Token]]], b: list[tuple[SubjectRef, set[Token]]]
) -> bool:
    """Whether two clusters evidently hold different people (judged on the members seen)."""
    for ref_a, tokens_a in a:
        for ref_b, tokens_b in b:
            if ref_a[0] == ref_b[0]:
                return True  # two people named in one report are two people
            if evidence_of(tokens_a, tokens_b).contradicts:
                return True
    return False
