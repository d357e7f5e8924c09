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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from triage.matching.evidence import (
    Evidence,
    Weighing,
    clusters_contradict,
    evidence_of,
    probability_of,
    rank_agreement,
    weigh_cluster,
)
from triage.matching.number_slips import number_slip
from triage.matching.reasons import conclusion_for, phrases, reason_for
from triage.matching.roster import MAYBE_KIND
from triage.matching.roster_rivals import Fits, fits_of, rivals_of
from triage.matching.store import SubjectRef, SubjectStore
from triage.matching.tokens import LINKABLE_KINDS, Token
from triage.matching.weights import (
    HAND_SET,
    LINK_PROBABILITY,
    POSSIBLE_PROBABILITY,
    REWEIGH_PROBABILITY,
    SURNAME_COUNT_LIMIT,
    Weights,
)


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
    # When nothing linked but one earlier person is at least POSSIBLE_PROBABILITY likely, or is
    # kept apart only by a number that differs (``number_slips``): their best-matching earlier
    # subject, for a caseworker to judge (they can read both reports).
    possible: tuple[SubjectRef, LinkDecision] | None = None


def decide(
    new: set[Token],
    old: set[Token],
    labels: Mapping[str, str] | None = None,
    *,
    surname_count: int = 0,
    weights: Weights = HAND_SET,
) -> LinkDecision:
    """Whether the subject with tokens ``new`` is the earlier subject with tokens ``old``.

    ``surname_count`` is how many earlier subjects share the new subject's surname sound
    (``SubjectStore.count`` of its ``sound`` token); 0 treats the surname as rare.
    ``labels`` (from ``triage.matching.tokens.labels``) word the reason with the new subject's
    own details; without them the reason names only the kinds.
    """
    ev = evidence_of(new, old)
    namesakes = max(0, surname_count - (1 if "sound" in ev.agree else 0))
    weighing = weigh_cluster([ev], namesakes, rank_agreement(labels, weights), weights=weights)
    probability = probability_of(weighing.odds)
    linked = probability >= LINK_PROBABILITY
    differs = ev.collar_differs or ev.unit_differs or ev.rank_differs
    conclusion = conclusion_for(weighing, probability, linked, differs)
    reason = reason_for(ev, labels or {}, conclusion, linked)
    return LinkDecision(
        linked, round(probability, 4), sorted(ev.agree), sorted(ev.conflict), reason
    )


def match_subject(
    store: SubjectStore,
    ref: SubjectRef,
    tokens: set[Token],
    report_id: str,
    *,
    labels: Mapping[str, str] | None = None,
    new_cluster_id: Callable[[], str] | None = None,
    link_probability: float | None = None,
    weights: Weights | None = None,
    roster_slip: Token | None = None,
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
    namesakes (``roster_rivals.rivals_of``). ``weights`` are what each agreement is worth (the
    hand-set ones unless calibrated, ``triage.matching.calibrate``). ``roster_slip`` is the
    roster person the subject's name alone resolves to when its number fits nobody
    (``number_slips.roster_slip``): it only ever makes a possible match, never a link.
    """
    w = weights or HAND_SET
    threshold = LINK_PROBABILITY if link_probability is None else link_probability
    linkable = {t for t in tokens if t[0] in LINKABLE_KINDS}
    sound = next((t for t in tokens if t[0] == "sound"), None)
    holders, surname_count = store.candidates_counting(linkable, sound, SURNAME_COUNT_LIMIT)
    found = sorted(c for c in holders if c[0] != report_id)

    by_cluster: dict[str, list[tuple[SubjectRef, set[Token], Evidence]]] = defaultdict(list)
    # Whom on the roster each subject could be, worked out once (``roster_rivals.fits_of``).
    fits: dict[SubjectRef, Fits] = {ref: fits_of(tokens)}
    for cand in found:
        cand_tokens = store.tokens_of(cand)
        evidence = evidence_of(tokens, cand_tokens)
        by_cluster[store.cluster_of(cand)].append((cand, cand_tokens, evidence))
        fits[cand] = fits_of(cand_tokens)
    # Earlier holders of the surname sound, by cluster: each cluster is one person. Holders
    # that were not gathered as candidates (a common name) count as a person each.
    sound_clusters = {
        cluster_id: any(sound in t for _, t, _ in items) for cluster_id, items in by_cluster.items()
    }
    gathered = sum(1 for items in by_cluster.values() for _, t, _ in items if sound in t)
    unknown = max(0, surname_count - gathered)
    holding = sum(sound_clusters.values())

    def namesakes(cluster_id: str, same_person: Iterable[str] = ()) -> float:
        """Other people with the surname sound: not this cluster's, nor ones it is joined to
        (the clusters holding it, less those excluded: counted once, not per cluster)."""
        excluded = {cluster_id, *same_person}
        return unknown + holding - sum(1 for c in excluded if sound_clusters.get(c, False))

    rank_same = rank_agreement(labels, w)

    def weigh(cluster_id: str, same_person: Iterable[str] = ()) -> Weighing:
        items = by_cluster[cluster_id]
        rivals = rivals_of(fits[ref], [fits[r] for r, _, _ in items])
        evidence = [ev for _, _, ev in items]
        return weigh_cluster(
            evidence, namesakes(cluster_id, same_person), rank_same, rivals, weights=w
        )

    def apart(
        cluster_id: str,
        accepted: list[str],
        members: list[tuple[SubjectRef, set[Token]]],
    ) -> bool:
        """Whether a cluster evidently holds someone else than the accepted ones: what they
        wrote contradicts, or a caseworker judged two of their people different."""
        return clusters_contradict(members, [(r, t) for r, t, _ in by_cluster[cluster_id]]) or any(
            store.judged_apart(cluster_id, other) for other in accepted
        )

    for cluster_id in [c for c in by_cluster if store.subject_apart(ref, c)]:
        del by_cluster[cluster_id]
    # A person every mention of whom the new subject contradicts (another shoulder or warrant
    # number, another name) is someone else: never linked (``Evidence.contradicts``), whatever
    # else agrees. Weighed with the rest, a strong name and unit outweighed a different number,
    # and the subject joined that person with no link to say why. Such a person is only offered
    # to the team when a number alone kept them apart (``number_slip``).
    contradicted = sorted(
        c for c, items in by_cluster.items() if all(ev.contradicts for _, _, ev in items)
    )
    weighed = {c: weigh(c) for c in by_cluster if c not in contradicted}
    ranked = sorted(weighed, key=lambda c: (-weighed[c].odds, c))
    total = 1.0 + sum(w.odds for w in weighed.values())
    if ranked and any(kind == MAYBE_KIND for kind, _ in tokens):
        # With a roster, each cluster's odds already weigh it against every other person on
        # the list who fits: an earlier cluster that could be the best one's person (nothing
        # it wrote, nor the roster, says otherwise) is no further rival to it.
        best = [(r, t) for r, t, _ in by_cluster[ranked[0]]]
        total = 1.0 + sum(
            weighed[c].odds for c in ranked if c == ranked[0] or apart(c, [ranked[0]], best)
        )

    accepted: list[str] = []
    if ranked and weighed[ranked[0]].odds > 0:
        accepted.append(ranked[0])
        for cluster_id in ranked[1:]:
            # Once the subject is taken to be the chosen cluster's person, that person is no
            # namesake of another cluster's: weigh each further cluster without them. When the
            # chosen ones hold no namesake that changes nothing, and the ranking stands.
            if not any(sound_clusters[c] for c in accepted):
                if probability_of(weighed[cluster_id].odds) < threshold:
                    break
            elif probability_of(weigh(cluster_id, accepted).odds) < threshold:
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
            again = weigh_cluster(
                [evidence_of(items[0][1], t) for _, t in person],
                namesakes(cluster_id, accepted),
                rivals=rivals_of(fits[items[0][0]], [fits[r] for r, _ in person]),
                weights=w,
            )
            likely = probability_of(again.odds)
            if likely >= max(threshold, REWEIGH_PROBABILITY) and not apart(
                cluster_id, list(chosen), person
            ):
                chosen[cluster_id] = (again, likely)

    links: list[tuple[SubjectRef, LinkDecision]] = []
    for cluster_id, (weighing, likely) in chosen.items():
        conclusion = conclusion_for(weighing, likely, True)
        for cand, _, ev in by_cluster[cluster_id]:
            if ev.contradicts:
                continue
            reason = reason_for(ev, labels or {}, conclusion, True)
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
    if possible is None and not accepted:
        # Never changes what is linked: only offers the team a person a wrong number kept apart.
        slip = number_slip(
            [(c, by_cluster[c]) for c in ranked + contradicted],
            labels or {},
            lambda c, evidence: weigh_cluster(evidence, namesakes(c), rank_same, weights=w),
            roster_slip,
        )
        if slip is not None:
            ev = slip.evidence
            possible = (
                slip.ref,
                LinkDecision(
                    False, slip.probability, sorted(ev.agree), sorted(ev.conflict), slip.reason
                ),
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
    weighing: Weighing,
    items: list[tuple[SubjectRef, set[Token], Evidence]],
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
    conclusion = conclusion_for(weighing, probability, False, differs)
    reason = f"{'; '.join(phrases(ev, labels))}: {conclusion}"
    return ref, LinkDecision(
        False, round(probability, 4), sorted(ev.agree), sorted(ev.conflict), reason
    )
