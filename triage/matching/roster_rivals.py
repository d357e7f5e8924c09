"""How many other roster people a link from a new subject to an earlier cluster competes with
(``rivals_of``), counted from whom each side could be on the force's roster (``maybe``
tokens) and likely is (``likely`` tokens), never from plaintext."""

from __future__ import annotations

from dataclasses import dataclass

from triage.matching.roster import LIKELY_KIND, MAYBE_KIND, MAYBE_LIMIT
from triage.matching.tokens import Token


@dataclass(frozen=True)
class Fits:
    """The roster people a subject could be (``MAYBE_KIND``) and, of those, likely is
    (``LIKELY_KIND``), as their hashes: what ``rivals_of`` counts. Matching works them out
    once per subject (``fits_of``), not once per cluster it is weighed against."""

    maybe: frozenset[str]
    likely: frozenset[str]


def fits_of(tokens: set[Token]) -> Fits:
    maybe: list[str] = []
    likely: list[str] = []
    for kind, value in tokens:
        if kind == MAYBE_KIND:
            maybe.append(value)
        elif kind == LIKELY_KIND:
            likely.append(value)
    return Fits(frozenset(maybe), frozenset(likely))


@dataclass(frozen=True)
class RosterRivals:
    """How many other roster people fit as well (``rivals_of``), and whether they were
    counted among the likely ones only, which already weighed the grade and the unit."""

    count: float
    narrowed: bool = False


def _rivals(mine: frozenset[str], theirs: frozenset[str] | None) -> float | None:
    """|A|·|B| / |A ∩ B| − 1 (see ``rivals_of``); None when the sets share nobody."""
    # A side that recorded nothing fits too many people to list: count it as the limit.
    size_a = len(mine) or MAYBE_LIMIT + 1
    size_b = len(theirs) if theirs is not None else MAYBE_LIMIT + 1
    if mine and theirs is not None:
        shared = len(mine & theirs)
        return size_a * size_b / shared - 1 if shared else None
    return float(max(size_a, size_b) - 1)


def rivals_of(new: Fits, members: list[Fits]) -> RosterRivals | None:
    """How many other people the new subject's link to a cluster competes with, counted on the
    force's roster: with A the roster people the new subject could be and B those every member
    could be, |A|·|B| / |A ∩ B| − 1 (a subject resolved to one person against a vague cluster of
    b people competes with b − 1 others, and the other way round). None without a roster.

    Where the sides also recorded whom they likely are (``LIKELY_KIND``: of the people they
    could be, those of the grade and place written) and those share someone, the likely people
    are counted instead: "Sgt Addo" against a cluster of a sergeant Addo competes with the
    other sergeant Addos, not with every Addo. When the likely people share nobody (a grade
    written wrongly) the count falls back to everyone each could be."""
    mine = new.maybe
    theirs: frozenset[str] | None = None
    likely_theirs: frozenset[str] | None = None
    narrowing = bool(new.likely)
    for held in members:
        fits = held.maybe
        if fits:
            theirs = fits if theirs is None else theirs & fits
            narrowing = narrowing or bool(held.likely)
            likely = held.likely or fits
            likely_theirs = likely if likely_theirs is None else likely_theirs & likely
    if not mine and theirs is None:
        return None
    if mine and theirs is not None and not mine & theirs:
        return None  # contradicts; ``Evidence.contradicts`` already refuses it
    likely_mine = new.likely or mine
    if narrowing and likely_theirs and likely_mine and theirs is not None:
        narrowed = _rivals(likely_mine, likely_theirs)
        if narrowed is not None:
            return RosterRivals(narrowed, narrowed=True)
    count = _rivals(mine, theirs)
    return None if count is None else RosterRivals(count)
