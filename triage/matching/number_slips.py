"""A person kept apart from an earlier one only by a number, offered to the team to judge.

A shoulder or warrant number that differs is a never-merge rule (``Evidence.contradicts``): two
officers never share one, so the matcher never links them. But reporters mis-write numbers, by
slip or on purpose, and a pattern split by one wrong number would never be offered for repair.
So when a new mention is kept apart from an earlier person by a number, yet agrees strongly
otherwise (the same full name, and the same unit or rank), or its name alone resolves to exactly
one person on the force's roster whose number is another, that person is offered as a possible
match, saying so, for a caseworker who can read both reports to judge. Nothing is linked here:
clustering is exactly what it was.

Like ``linking``, it sees earlier subjects as tokens only and quotes only the new subject's own
labels: the caseworker reads the earlier number in the earlier report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from triage.matching.evidence import Evidence, Weighing, probability_of
from triage.matching.reasons import phrases
from triage.matching.roster import (
    LIKELY_KIND,
    MAYBE_KIND,
    PERSON_KIND,
    Resolution,
    RosterLookup,
    resolve,
)
from triage.matching.store import SubjectRef
from triage.matching.tokens import Token

# Token kinds a number (or the roster person a number singled out) makes: what a slip changes.
NUMBER_KINDS = frozenset(
    {"warrant", "warrant_swap", "collar", "collar_digits", "collar_fuzzy"}
    | {PERSON_KIND, MAYBE_KIND, LIKELY_KIND}
)
SLIP_ENDING = "the reporter may have mis-written it"

Candidates = list[tuple[str, list[tuple[SubjectRef, set[Token], Evidence]]]]
Weigh = Callable[[str, list[Evidence]], Weighing]


@dataclass(frozen=True)
class Slip:
    """The earlier mention to offer, how likely it would be without the numbers, and why."""

    ref: SubjectRef
    probability: float
    evidence: Evidence
    reason: str


def roster_slip(
    readings: list[set[Token]], resolution: Resolution, roster: RosterLookup
) -> Token | None:
    """The roster person a mention's name, unit and rank alone resolve to, when with its
    numbers it fits nobody on the roster: a number the reporter may have mis-written."""
    if resolution.consistent or not any(k in NUMBER_KINDS for r in readings for k, _ in r):
        return None
    without = [{t for t in reading if t[0] not in NUMBER_KINDS} for reading in readings]
    return resolve(without, roster).person


def _number_differs(ev: Evidence) -> bool:
    return ev.warrant_differs or ev.collar_differs or ev.person_differs


def _without_numbers(ev: Evidence) -> Evidence:
    return Evidence(ev.agree - NUMBER_KINDS, ev.conflict - NUMBER_KINDS)


def _slipped(ev: Evidence, tokens: set[Token], slip: Token | None) -> bool:
    """Whether this earlier mention is kept apart from the new one by a number alone, and
    agrees strongly otherwise."""
    if ev.names_contradict:
        return False
    if slip is not None and slip in tokens:
        return True
    return (
        _number_differs(ev) and ev.name_same and ev.surname_exact and (ev.unit_same or ev.rank_same)
    )


def _reason(ev: Evidence, labels: Mapping[str, str], by_roster: bool) -> str:
    said = ", ".join(phrases(_without_numbers(ev), labels)) or "the same name"

    def written(kind: str) -> str:  # as the reporter wrote it, "PS9876" rather than "9876"
        return labels.get(f"{kind}_written") or labels.get(kind) or ""

    if ev.collar_differs and written("collar"):
        return f"{said}, but a different shoulder number ({written('collar')} here): {SLIP_ENDING}"
    if ev.warrant_differs and written("warrant"):
        return f"{said}, but a different warrant number ({written('warrant')} here): {SLIP_ENDING}"
    number = written("collar") or written("warrant")
    if by_roster:
        quoted = f" {number}" if number else ""
        return (
            f"{said}; the number{quoted} fits nobody on the force's roster, but the name alone "
            f"is this person's, who has another number: {SLIP_ENDING}"
        )
    return f"{said}, but a different number: {SLIP_ENDING}"


def number_slip(
    candidates: Candidates, labels: Mapping[str, str], weigh: Weigh, slip: Token | None = None
) -> Slip | None:
    """The earlier person (of ``candidates``, clusters best first) kept apart from the new
    subject only by a number, if any: the cluster with most mentions that agree that strongly,
    its member agreeing on most, and why, as a possible match. Its likelihood is the cluster's
    weighed as if no number had been written."""
    best: tuple[int, str, list[tuple[SubjectRef, set[Token], Evidence]]] | None = None
    for cluster_id, items in candidates:
        if any(ev.names_contradict for _, _, ev in items):
            continue  # some mention of that person has another name
        slipped = [(ref, tokens, ev) for ref, tokens, ev in items if _slipped(ev, tokens, slip)]
        if slipped and (best is None or len(slipped) > best[0]):
            best = (len(slipped), cluster_id, slipped)
    if best is None:
        return None
    _, cluster_id, slipped = best
    ref, tokens, ev = max(slipped, key=lambda item: len(item[2].agree - NUMBER_KINDS))
    weighing = weigh(cluster_id, [_without_numbers(e) for _, _, e in slipped])
    by_roster = slip is not None and slip in tokens and not _number_differs(ev)
    reason = _reason(ev, labels, by_roster or (slip is not None and ev.person_differs))
    return Slip(ref, round(probability_of(weighing.odds), 4), ev, reason)
