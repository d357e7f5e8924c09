"""Decide whether a described subject is an earlier one, from tokens alone.

The live service cannot read earlier subjects in clear, so every decision here is
made from which token kinds agree and which conflict (both sides have the kind and
share no token of it), and from how many earlier subjects hold a token (``count``).
``match_subject`` weighs the new subject against every earlier subject it shares a
token with, cluster by cluster, and keeps clusters of subjects believed to be one
person.

The weighing is a likelihood ratio per cluster: a shoulder or warrant number is
near-proof, a name is evidence in inverse proportion to how many other people already
named share its surname (a rare surname with a first initial can link; "J Smith"
cannot), and units, ranks and numbers that differ count against. Clusters that
evidently hold different people compete for the new subject, so "J Smith" between a
John Smith and a James Smith links to neither, and nothing chains them together.
When the new subject joins a person, earlier mentions that were too vague to link on
arrival are weighed again against everything now known of that person.

How well this does is measured, not assumed: ``python -m seeds.evaluate --curve`` prints
precision and recall on labelled synthetic reports at several thresholds.

This module must never see or store plaintext keys of earlier subjects; the only
plaintext it accepts is the NEW subject's own labels, used to word the reason.
It has no Flask or database imports: a SQL store implements ``SubjectStore``.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from triage.matching import names
from triage.matching.roster import MAYBE_KIND, MAYBE_LIMIT
from triage.matching.tokens import LINKABLE_KINDS, Token

SubjectRef = tuple[str, int]
"""(report_id, subject_no): one person named in one report."""

# -- the weights --------------------------------------------------------------------------------
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
NEVER_COMMON_KINDS: frozenset[str] = frozenset({"warrant", "collar", "person"})
# With a roster the namesakes are counted, not guessed: still, a reporter can name someone
# wrongly or the list can be out of date, so never count fewer than this.
ROSTER_NAMESAKES = 0.05
# How far to count holders of the new subject's surname sound. Past this a name without a number
# or unit is weak evidence whatever the exact figure, so counting further would only cost time.
SURNAME_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class LinkDecision:
    linked: bool
    strength: float
    agreeing: list[str]
    conflicting: list[str]
    reason: str


@dataclass
class MatchResult:
    cluster_id: str
    links: list[tuple[SubjectRef, LinkDecision]] = field(default_factory=list)
    # When nothing linked but one earlier person is at least POSSIBLE_PROBABILITY likely: their
    # best-matching earlier subject, for a caseworker to judge (they can read both reports).
    possible: tuple[SubjectRef, LinkDecision] | None = None


def compare(new: set[Token], old: set[Token]) -> tuple[set[str], set[str]]:
    """Kinds that agree (share a token) and kinds that conflict (both present, none shared)."""
    agree = {kind for kind, _ in new & old}
    both = {kind for kind, _ in new} & {kind for kind, _ in old}
    return agree, both - agree


@dataclass(frozen=True)
class _Evidence:
    """What one pair of subjects has in common and where they differ, by token kind."""

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
    def warrant_differs(self) -> bool:
        return "warrant" in self.conflict and not self.warrant_same

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
    @property
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

    @property
    def surname_close(self) -> bool:
        return self.surname_exact or self.surname_sound or "surname_fuzzy" in self.agree

    @property
    def surname_differs(self) -> bool:
        return self.named and not self.surname_close

    @property
    def given_same(self) -> bool:
        return "given" in self.agree or self.name_same

    @property
    def given_typo(self) -> bool:
        return "name_fuzzy" in self.agree and not self.given_same

    @property
    def given_differs(self) -> bool:
        """Both wrote a first name and they are neither the same nor one typo apart."""
        return self._both("given") and not (self.given_same or self.given_typo)

    @property
    def initial_same(self) -> bool:
        return "initial" in self.agree

    @property
    def initial_differs(self) -> bool:
        return "initial" in self.conflict and not (self.initial_same or self.name_same)

    @property
    def name_conflict(self) -> float:
        """Likelihood ratio for what the names contradict (1.0 when nothing does)."""
        if not self.named:
            return 1.0
        if self.surname_differs:
            # Typos on both sides can part one surname; a different first name as well cannot.
            first = LR_INITIAL_DIFFERS if (self.initial_differs or self.given_differs) else 1.0
            return LR_SURNAME_DIFFERS * first
        if self.initial_differs:
            return LR_INITIAL_DIFFERS
        if self.given_differs:
            return LR_GIVEN_DIFFERS
        return 1.0

    @property
    def name_share(self) -> float | None:
        """How many of the officers sharing the surname sound would match this well.

        None when the names cannot be compared or contradict each other.
        """
        if not self.named or self.name_conflict < 1.0:
            return None
        if self.given_same or self.given_typo:
            share = P_GIVEN * (GIVEN_TYPO if self.given_typo else 1.0)
        elif self.initial_same:
            share = P_INITIAL
        else:
            share = 1.0
        if self.surname_exact:
            return share
        if self.surname_sound and self.surname_typo:
            return share * SOUND_AND_TYPO
        return share * (SOUND_ONLY if self.surname_sound else SURNAME_TYPO)

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

    @property
    def contradicts(self) -> bool:
        """Evidently two different people, whatever else they share."""
        if self.warrant_same or self.person_same:
            return False
        if self.person_differs or self.warrant_differs or self.collar_differs:
            return True
        if self.name_conflict < 1.0:
            # Two mangled spellings of one surname (Fleeming/Fueming) can share nothing, but
            # the same shoulder number in the same unit, with first names that agree, is one
            # officer written badly twice rather than two officers.
            return not (self.number_agrees and not (self.initial_differs or self.given_differs))
        return False

    @property
    def number_agrees(self) -> bool:
        """The same shoulder number with its borough letters, or the same digits in one unit."""
        return self.collar_full or (self.collar_same and self.unit_same)


def _evidence(new: set[Token], old: set[Token]) -> _Evidence:
    agree, conflict = compare(new, old)
    return _Evidence(frozenset(agree), frozenset(conflict))


@dataclass(frozen=True)
class _Weighing:
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


def rank_agreement(labels: Mapping[str, str] | None) -> float:
    """Likelihood ratio for agreeing on the new subject's grade (its label ``rank``)."""
    share = names.grade_share((labels or {}).get("rank"))
    if share is None:
        return LR_RANK_SAME
    return max(1.0, min(LR_RANK_SAME_MAX, RANK_RELIABILITY / share))


def _weigh(
    evidence: list[_Evidence],
    namesakes: float,
    rank_same: float = LR_RANK_SAME,
    rivals: float | None = None,
) -> _Weighing:
    """Weigh the new subject against the earlier members of one cluster it shares tokens with.

    ``namesakes`` is how many other people already named share the new subject's surname
    sound (outside this cluster). The odds are the cluster's members (a person named often is
    named again) times the likelihood ratios of what agrees and conflicts, over the number of
    other officers who would match the name as well: the rarer the name, the stronger it is.
    ``rivals``, when the force's roster counted them, is exactly how many other people on it
    fit the new subject, and replaces that estimate.
    """
    notes: list[str] = []
    if any(ev.person_same for ev in evidence):
        return _Weighing(LR_WARRANT, len(evidence), None, namesakes, ("roster",))
    if any(ev.warrant_same for ev in evidence):
        return _Weighing(LR_WARRANT, len(evidence), None, namesakes, ("warrant",))
    if any(ev.warrant_differs or ev.person_differs for ev in evidence):
        return _Weighing(0.0, len(evidence), None, namesakes, ("warrant differs",))
    members = sum(1 for ev in evidence if not ev.contradicts) or 1
    shares = [s for ev in evidence if (s := ev.name_share) is not None]
    share = min(shares) if shares else None
    # A name that contradicts some members counts against the cluster in proportion: one
    # member's typo must not veto a cluster, but a "J Smith" cluster holding a John Smith
    # must not take a James Smith either.
    comparable = [ev.name_conflict for ev in evidence if ev.named]
    name_lr = math.prod(comparable) ** (1 / len(comparable)) if comparable else 1.0
    named = share is not None
    collar_same = any(ev.collar_same for ev in evidence)
    if collar_same:
        if any(ev.collar_full for ev in evidence):
            lr = LR_COLLAR
        else:
            lr = LR_DIGITS_NAMED if named else LR_DIGITS
    elif named and any(ev.collar_swapped for ev in evidence):
        lr = LR_SWAPPED
    elif any(ev.collar_differs for ev in evidence):
        lr = LR_COLLAR_DIFFERS
    else:
        lr = 1.0
    if not (named or collar_same):
        # Nothing identifying agrees: a unit, a rank or a shuffled number alone never links.
        return _Weighing(0.0, members, None, namesakes, ())
    lr *= name_lr
    lr *= _mixed(
        any(ev.unit_same for ev in evidence),
        any(ev.unit_differs for ev in evidence),
        LR_UNIT_SAME,
        LR_UNIT_DIFFERS,
    )
    lr *= _mixed(
        any(ev.rank_same for ev in evidence),
        any(ev.rank_differs for ev in evidence),
        rank_same,
        LR_RANK_DIFFERS,
    )
    # Other people already named with this surname sound, plus the unseen; or, with a roster,
    # the people on it who fit as well.
    if rivals is not None:
        others = max(rivals, ROSTER_NAMESAKES)
    else:
        others = max((namesakes + UNSEEN) * share, NAMESAKES) if share is not None else 1.0
    if share is not None and namesakes <= 1 and share <= P_INITIAL:
        notes.append("rare surname")
    if members > 1:
        notes.append(f"{members} earlier reports")
    weight = members**MEMBER_WEIGHT
    return _Weighing(weight * lr / others, members, share, namesakes, tuple(notes))


def _probability(odds: float) -> float:
    return 1.0 if math.isinf(odds) else odds / (1.0 + odds)


def _phrases(ev: _Evidence, labels: Mapping[str, str]) -> list[str]:
    def lab(kind: str) -> str:
        return f" {labels[kind]}" if kind in labels else ""

    def paren(kind: str) -> str:
        return f" ({labels[kind]})" if kind in labels else ""

    out: list[str] = []
    if ev.person_same:
        out.append("the same person on the force's roster")
    elif ev.person_differs:
        out.append("different people on the force's roster")
    if ev.warrant_same:
        out.append(f"same warrant number{lab('warrant')}")
    elif ev.warrant_differs:
        out.append("different warrant numbers")
    if ev.collar_same:
        out.append(f"same shoulder number{lab('collar')}")
    elif ev.collar_swapped:
        out.append(f"shoulder numbers differ only by two swapped digits{paren('collar')}")
    elif ev.collar_differs:
        out.append("different shoulder numbers")
    if ev.named:
        if ev.surname_differs:
            out.append("different surnames")
        elif ev.initial_differs:
            out.append("different first initials")
        elif ev.given_differs:
            out.append("different first names")
        elif ev.given_same and ev.surname_exact:
            out.append(f"same name{paren('name')}")
        elif ev.given_same or ev.given_typo:
            out.append(f"same name apart from a spelling difference{paren('name')}")
        elif ev.initial_same:
            out.append(f"same surname and first initial{paren('name')}")
        else:
            out.append(f"same surname{paren('phonetic')}")
    if ev.unit_same:
        out.append(f"same unit{paren('unit')}")
    elif ev.unit_differs:
        out.append("different units")
    if ev.rank_differs:
        out.append("different ranks")
    elif ev.rank_same:
        out.append(f"same rank{paren('rank')}")
    return out


def _conclusion(
    weighing: _Weighing, probability: float, linked: bool, differs: bool = False
) -> str:
    if linked:
        extra = []
        if "rare surname" in weighing.notes:
            extra.append("few earlier reports name anyone with this surname")
        if weighing.members > 1:
            extra.append(f"consistent with {weighing.members} earlier reports about this person")
        return "; ".join(extra)
    if weighing.share is not None and differs:
        return "probably a different person with the same or a similar name"
    if weighing.odds == 0.0 or probability < 0.05:
        return "a different person"
    if weighing.share is not None and weighing.namesakes > 2:
        return "too many officers share this name to be sure without a number or unit"
    return "not enough to be sure it is the same person"


def _reason(ev: _Evidence, labels: Mapping[str, str], conclusion: str, linked: bool) -> str:
    phrases = _phrases(ev, labels)
    if not phrases:
        return "nothing in common"
    if linked:
        return "; ".join(phrases + ([conclusion] if conclusion else []))
    if len(phrases) > 1:
        return f"{phrases[0]} but {' and '.join(phrases[1:])}: {conclusion}"
    return f"{phrases[0]}: {conclusion}"


def decide(
    new: set[Token],
    old: set[Token],
    labels: Mapping[str, str] | None = None,
    *,
    surname_count: int = 0,
) -> LinkDecision:
    """Whether the subject with tokens ``new`` is the earlier subject with tokens ``old``.

    ``surname_count`` is how many earlier subjects share the new subject's surname sound
    (``SubjectStore.count`` of its ``sound`` token); 0 treats the surname as rare.
    ``labels`` (from ``triage.matching.tokens.labels``) word the reason with the new subject's
    own details; without them the reason names only the kinds.
    """
    ev = _evidence(new, old)
    namesakes = max(0, surname_count - (1 if "sound" in ev.agree else 0))
    weighing = _weigh([ev], namesakes, rank_agreement(labels))
    probability = _probability(weighing.odds)
    linked = probability >= LINK_PROBABILITY
    differs = ev.collar_differs or ev.unit_differs or ev.rank_differs
    conclusion = _conclusion(weighing, probability, linked, differs)
    reason = _reason(ev, labels or {}, conclusion, linked)
    return LinkDecision(
        linked, round(probability, 4), sorted(ev.agree), sorted(ev.conflict), reason
    )


def usable_holders(token: Token, holders: Sequence[SubjectRef]) -> Sequence[SubjectRef]:
    """The holders of one token that candidates are gathered from.

    ``holders`` is what a store read for the token: at most ``COMMON_TOKEN_LIMIT + 1``
    earlier subjects. More than ``COMMON_TOKEN_LIMIT`` means the token is common: a weak
    kind then gathers nobody, a number kind its first ``COMMON_TOKEN_LIMIT`` holders.
    Both stores apply this, so the command line decides exactly as the live service.
    """
    if len(holders) <= COMMON_TOKEN_LIMIT:
        return holders
    if token[0] in NEVER_COMMON_KINDS:
        return holders[:COMMON_TOKEN_LIMIT]
    return ()


class SubjectStore(Protocol):
    """Where earlier subjects' tokens and cluster membership live.

    Implementations must answer ``candidates`` with a fixed number of bounded equality
    lookups (one per token, each reading at most ``COMMON_TOKEN_LIMIT + 1`` index
    entries), never a scan, and ``count`` with one bounded indexed count; they must
    never hold plaintext keys.
    """

    def candidates(self, tokens: set[Token]) -> Iterable[SubjectRef]:
        """Earlier subjects sharing at least one of ``tokens`` (linkable kinds only),
        gathered through ``usable_holders``."""
        ...

    def count(self, token: Token, limit: int | None = None) -> int:
        """How many earlier subjects hold ``token`` (any kind), counting no further than
        ``limit`` when one is given."""
        ...

    def tokens_of(self, ref: SubjectRef) -> set[Token]:
        """Every token recorded for an earlier subject."""
        ...

    def cluster_of(self, ref: SubjectRef) -> str:
        """The subject's current cluster id (after any merges)."""
        ...

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        """Record a subject, its tokens and its cluster."""
        ...

    def merge(self, cluster_ids: list[str]) -> str:
        """Merge clusters into one; return the surviving id. Members move to it."""
        ...

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        """Whether a caseworker judged a person of one cluster different from a person of the
        other (a rejected possible match): the matcher must never join them."""
        ...

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        """Whether a caseworker judged the subject being matched different from a member of
        the cluster (only ever true when re-matching a subject already judged)."""
        ...


def _roster_rivals(new: set[Token], members: list[set[Token]]) -> float | None:
    """How many other people the new subject's link to a cluster competes with, counted on the
    force's roster: with A the roster people the new subject could be and B those every member
    could be, |A|·|B| / |A ∩ B| − 1 (a subject resolved to one person against a vague cluster of
    b people competes with b − 1 others, and the other way round). None without a roster."""
    mine = {value for kind, value in new if kind == MAYBE_KIND}
    theirs: set[str] | None = None
    for held in members:
        fits = {value for kind, value in held if kind == MAYBE_KIND}
        if fits:
            theirs = fits if theirs is None else theirs & fits
    if not mine and theirs is None:
        return None
    # A side that recorded nothing fits too many people to list: count it as the limit.
    size_a = len(mine) or MAYBE_LIMIT + 1
    size_b = len(theirs) if theirs is not None else MAYBE_LIMIT + 1
    if mine and theirs is not None:
        shared = len(mine & theirs)
        if not shared:
            return None  # contradicts; ``_Evidence.contradicts`` already refuses it
        return size_a * size_b / shared - 1
    return float(max(size_a, size_b) - 1)


def _clusters_contradict(
    a: list[tuple[SubjectRef, set[Token]]], b: list[tuple[SubjectRef, set[Token]]]
) -> bool:
    """Whether two clusters evidently hold different people (judged on the members seen)."""
    for ref_a, tokens_a in a:
        for ref_b, tokens_b in b:
            if ref_a[0] == ref_b[0]:
                return True  # two people named in one report are two people
            if _evidence(tokens_a, tokens_b).contradicts:
                return True
    return False


def match_subject(
    store: SubjectStore,
    ref: SubjectRef,
    tokens: set[Token],
    report_id: str,
    *,
    labels: Mapping[str, str] | None = None,
    new_cluster_id: Callable[[], str] | None = None,
    link_probability: float | None = None,
) -> MatchResult:
    """Link a new subject to earlier subjects from other reports and record it.

    Every earlier cluster holding a subject that shares a token is weighed as a whole
    (all its members that share a token, not just the best one). Clusters that
    evidently hold different people compete: the subject joins the strongest only if
    it is at least ``LINK_PROBABILITY`` likely against all of them and against an
    officer not yet named. Other clusters it links to as strongly, and that do not
    contradict the chosen one, are merged into it. ``link_probability`` replaces
    ``LINK_PROBABILITY`` (the evaluator uses it to trace precision against recall).
    With a force roster, subjects carry the roster people they could be (``maybe`` tokens,
    ``triage.matching.roster``): a cluster nobody on the roster could share with the new
    subject is never joined, and the roster's count of who fits replaces the estimate of
    namesakes (``_roster_rivals``).
    """
    threshold = LINK_PROBABILITY if link_probability is None else link_probability
    linkable = {t for t in tokens if t[0] in LINKABLE_KINDS}
    found = sorted(c for c in store.candidates(linkable) if c[0] != report_id)
    sound = next((t for t in tokens if t[0] == "sound"), None)
    surname_count = store.count(sound, SURNAME_COUNT_LIMIT) if sound else 0

    by_cluster: dict[str, list[tuple[SubjectRef, set[Token], _Evidence]]] = defaultdict(list)
    for cand in found:
        cand_tokens = store.tokens_of(cand)
        evidence = _evidence(tokens, cand_tokens)
        by_cluster[store.cluster_of(cand)].append((cand, cand_tokens, evidence))
    # Earlier holders of the surname sound, by cluster: each cluster is one person. Holders
    # that were not gathered as candidates (a common name) count as a person each.
    sound_clusters = {
        cluster_id: any(sound in t for _, t, _ in items) for cluster_id, items in by_cluster.items()
    }
    gathered = sum(1 for items in by_cluster.values() for _, t, _ in items if sound in t)
    unknown = max(0, surname_count - gathered)

    def namesakes(cluster_id: str, same_person: Iterable[str] = ()) -> float:
        """Other people with the surname sound: not this cluster's, nor ones it is joined to."""
        excluded = {cluster_id, *same_person}
        return unknown + sum(1 for c, held in sound_clusters.items() if held and c not in excluded)

    rank_same = rank_agreement(labels)

    def weigh(cluster_id: str, same_person: Iterable[str] = ()) -> _Weighing:
        items = by_cluster[cluster_id]
        rivals = _roster_rivals(tokens, [held for _, held, _ in items])
        evidence = [ev for _, _, ev in items]
        return _weigh(evidence, namesakes(cluster_id, same_person), rank_same, rivals)

    def apart(
        cluster_id: str,
        accepted: list[str],
        members: list[tuple[SubjectRef, set[Token]]],
    ) -> bool:
        """Whether a cluster evidently holds someone else than the accepted ones: what they
        wrote contradicts, or a caseworker judged two of their people different."""
        return _clusters_contradict(members, [(r, t) for r, t, _ in by_cluster[cluster_id]]) or any(
            store.judged_apart(cluster_id, other) for other in accepted
        )

    for cluster_id in [c for c in by_cluster if store.subject_apart(ref, c)]:
        del by_cluster[cluster_id]
    weighed = {cluster_id: weigh(cluster_id) for cluster_id in by_cluster}
    ranked = sorted(weighed, key=lambda c: (-weighed[c].odds, c))
    total = 1.0 + sum(w.odds for w in weighed.values())

    accepted: list[str] = []
    if ranked and weighed[ranked[0]].odds > 0:
        accepted.append(ranked[0])
        for cluster_id in ranked[1:]:
            # Once the subject is taken to be the chosen cluster's person, that person is no
            # namesake of another cluster's: weigh each further cluster without them. When the
            # chosen ones hold no namesake that changes nothing, and the ranking stands.
            if not any(sound_clusters[c] for c in accepted):
                if _probability(weighed[cluster_id].odds) < threshold:
                    break
            elif _probability(weigh(cluster_id, accepted).odds) < threshold:
                continue
            seen = [(r, t) for c in accepted for r, t, _ in by_cluster[c]]
            if not apart(cluster_id, accepted, seen):
                accepted.append(cluster_id)
    odds = sum(weighed[c].odds for c in accepted)
    probability = 1.0 if math.isinf(odds) else odds / total
    # Each accepted cluster's weighing and probability, as its links will record them.
    chosen = {c: (weighed[c], probability) for c in accepted} if probability >= threshold else {}
    if chosen:
        # An earlier mention that was too vague to link when it arrived ("Kingsmouth, North
        # East") is weighed again now that its person is better known: against every member
        # of the cluster the new subject joins, as that person named that many times.
        person = [(r, t) for c in accepted for r, t, _ in by_cluster[c]] + [(ref, tokens)]
        for cluster_id in ranked:
            items = by_cluster[cluster_id]
            # One that contradicts the new subject contradicts the person it joins.
            if cluster_id in chosen or len(items) != 1 or items[0][2].contradicts:
                continue
            again = _weigh(
                [_evidence(items[0][1], t) for _, t in person],
                namesakes(cluster_id, accepted),
                rivals=_roster_rivals(items[0][1], [t for _, t in person]),
            )
            likely = _probability(again.odds)
            if likely >= max(threshold, REWEIGH_PROBABILITY) and not apart(
                cluster_id, list(chosen), person
            ):
                chosen[cluster_id] = (again, likely)

    links: list[tuple[SubjectRef, LinkDecision]] = []
    for cluster_id, (weighing, likely) in chosen.items():
        conclusion = _conclusion(weighing, likely, True)
        for cand, _, ev in by_cluster[cluster_id]:
            if ev.contradicts:
                continue
            reason = _reason(ev, labels or {}, conclusion, True)
            links.append(
                (
                    cand,
                    LinkDecision(
                        True, round(likely, 4), sorted(ev.agree), sorted(ev.conflict), reason
                    ),
                )
            )
    accepted = list(chosen)

    possible = (
        None
        if accepted or not ranked
        else _possible(weighed[ranked[0]], by_cluster[ranked[0]], total, labels or {})
    )
    if not accepted:
        cluster_id = new_cluster_id() if new_cluster_id else uuid.uuid4().hex
    elif len(accepted) == 1:
        cluster_id = accepted[0]
    else:
        cluster_id = store.merge(accepted)
    store.add(ref, tokens, cluster_id)
    return MatchResult(cluster_id, links, possible)


def _possible(
    weighing: _Weighing,
    items: list[tuple[SubjectRef, set[Token], _Evidence]],
    total: float,
    labels: Mapping[str, str],
) -> tuple[SubjectRef, LinkDecision] | None:
    """The likeliest earlier person, if it is at least ``POSSIBLE_PROBABILITY`` likely against
    everyone else: its member with the most in common, and why it was not linked."""
    probability = weighing.odds / total
    fitting = [(ref, ev) for ref, _, ev in items if not ev.contradicts]
    if weighing.odds <= 0 or probability < POSSIBLE_PROBABILITY or not fitting:
        return None
    # The member with the most in common; of equals, the earliest (candidates come sorted).
    ref, ev = max(fitting, key=lambda pair: len(pair[1].agree))
    differs = ev.collar_differs or ev.unit_differs or ev.rank_differs
    conclusion = _conclusion(weighing, probability, False, differs)
    reason = f"{'; '.join(_phrases(ev, labels))}: {conclusion}"
    return ref, LinkDecision(
        False, round(probability, 4), sorted(ev.agree), sorted(ev.conflict), reason
    )


class InMemorySubjectStore:
    """A dictionary-backed ``SubjectStore`` for the command line, tests and benchmarks."""

    def __init__(self) -> None:
        self._tokens: dict[SubjectRef, set[Token]] = {}
        self._cluster: dict[SubjectRef, str] = {}
        self._members: dict[str, set[SubjectRef]] = defaultdict(set)
        # Holders of each token in the order they were added, as an index would return them.
        self._index: dict[Token, list[SubjectRef]] = defaultdict(list)
        self._apart: set[tuple[SubjectRef, SubjectRef]] = set()
        self._apart_of: dict[SubjectRef, set[SubjectRef]] = defaultdict(set)

    def candidates(self, tokens: set[Token]) -> Iterable[SubjectRef]:
        found: set[SubjectRef] = set()
        for token in tokens:
            if token[0] in LINKABLE_KINDS:
                holders = self._index.get(token, [])[: COMMON_TOKEN_LIMIT + 1]
                found.update(usable_holders(token, holders))
        return found

    def count(self, token: Token, limit: int | None = None) -> int:
        held = len(self._index.get(token, ()))
        return held if limit is None else min(held, limit)

    def tokens_of(self, ref: SubjectRef) -> set[Token]:
        return set(self._tokens[ref])

    def cluster_of(self, ref: SubjectRef) -> str:
        return self._cluster[ref]

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        self._tokens[ref] = set(tokens)
        self._cluster[ref] = cluster_id
        self._members[cluster_id].add(ref)
        for token in tokens:
            self._index[token].append(ref)

    def merge(self, cluster_ids: list[str]) -> str:
        if not cluster_ids:
            raise ValueError("nothing to merge")
        # The biggest cluster survives so the fewest members move.
        sizes = [len(self._members.get(c, ())) for c in cluster_ids]
        survivor = cluster_ids[sizes.index(max(sizes))]
        for cluster_id in cluster_ids:
            if cluster_id == survivor:
                continue
            for ref in self._members.pop(cluster_id, set()):
                self._cluster[ref] = survivor
                self._members[survivor].add(ref)
        return survivor

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        wanted = {cluster_a, cluster_b}
        return any({self._cluster[x], self._cluster[y]} == wanted for x, y in self._apart)

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        return any(self._cluster.get(other) == cluster_id for other in self._apart_of[ref])

    def judge_apart(self, a: SubjectRef, b: SubjectRef) -> None:
        """Record that two subjects were judged different people (not part of the protocol)."""
        self._apart.add((a, b))
        self._apart_of[a].add(b)
        self._apart_of[b].add(a)

    def members(self, cluster_id: str) -> set[SubjectRef]:
        """Subjects currently in a cluster (not part of the protocol)."""
        return set(self._members.get(cluster_id, set()))

    def clusters(self) -> dict[str, set[SubjectRef]]:
        """Every non-empty cluster and its members (not part of the protocol)."""
        return {c: set(m) for c, m in self._members.items() if m}
