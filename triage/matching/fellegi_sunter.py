"""The Fellegi–Sunter model of record linkage, fitted by expectation–maximisation.

A pair of records is reduced to one level per comparison (``COMPARISONS``, ``LEVELS``). m of a
level is the chance of seeing it when both records are one person, u when they are two. With u
measured elsewhere (on random pairs), ``fit_session`` fits m and the share of pairs that are one
person by EM over counted comparison patterns, without labels; pairs known to be one person or
two are fixed. ``combine`` pools the sessions fitted on different blocking rules. Pure: levels and
counts only (``triage.matching.calibrate`` makes them from tokens).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

Vector = tuple[str | None, ...]
"""One level per comparison of ``COMPARISONS`` (None where one side gave nothing to compare)."""

COMPARISONS: tuple[str, ...] = ("collar", "surname", "given", "unit", "rank")
LEVELS: dict[str, tuple[str, ...]] = {
    "collar": ("full", "digits", "swapped", "differs"),
    "surname": ("exact", "sound_typo", "sound", "typo", "differs"),
    "given": ("same", "typo", "initial", "differs", "initial_differs"),
    "unit": ("same", "differs"),
    "rank": ("same", "differs"),
}
# Likelihood ratios are kept within these bounds: a level seen a handful of times must not
# become proof (or a veto) through a ratio of two tiny estimates.
LR_FLOOR = 1e-4
LR_CEILING = 1e5
# Added to every level's expected count in the M-step, so an unseen level keeps a small
# probability instead of zero (which would make its ratio 0 or infinite).
PSEUDO_COUNT = 0.5
MAX_ITERATIONS = 200
TOLERANCE = 1e-7


@dataclass
class Pairs:
    """Comparison patterns of the pairs one blocking rule gathers, counted:
    (vector, fixed) -> how many pairs."""

    block: str
    patterns: Counter[tuple[Vector, bool | None]]

    @property
    def total(self) -> int:
        return sum(self.patterns.values())

    def count(self, fixed: bool | None) -> int:
        return sum(n for (_, f), n in self.patterns.items() if f is fixed)


def normalised(counts: Mapping[str, float], levels: tuple[str, ...]) -> dict[str, float]:
    """Counts of each level as probabilities, each level given ``PSEUDO_COUNT`` more."""
    total = sum(counts.get(level, 0.0) + PSEUDO_COUNT for level in levels)
    return {level: (counts.get(level, 0.0) + PSEUDO_COUNT) / total for level in levels}


@dataclass(frozen=True)
class Session:
    """One EM fit over the pairs of one blocking rule: m of the comparisons it could estimate
    (not the one it blocks on, which every pair agrees on), and the share of its free pairs
    that are one person."""

    block: str
    m: dict[str, dict[str, float]]
    proportion: float
    # Of each comparison, the expected pairs that are one person and could be compared on it:
    # how much evidence its m rests on.
    support: dict[str, float]
    pairs: int
    iterations: int
    converged: bool


def _starting_m(comparison: str) -> dict[str, float]:
    """One person usually agrees: most of m on the first (strongest) level."""
    levels = LEVELS[comparison]
    rest = 0.2 / (len(levels) - 1)
    return {level: 0.8 if i == 0 else rest for i, level in enumerate(levels)}


def fit_session(
    pairs: Pairs,
    comparisons: tuple[str, ...],
    u: Mapping[str, Mapping[str, float]],
    max_iterations: int = MAX_ITERATIONS,
    progress: Callable[[int, float], None] | None = None,
) -> Session:
    """Fit m and the match proportion by EM over the counted patterns, with u held at the
    values measured on random pairs (as Splink does: u is what the population says, m is
    what only the latent matches can tell).

    E-step: each free pattern's chance of being one person under the current model; fixed ones
    are 1 or 0. M-step: m of each level is the expected share of matching pairs showing it (a
    comparison one side cannot make counts for nothing). Stops when no probability moves by
    more than ``TOLERANCE``.
    """
    index = [COMPARISONS.index(c) for c in comparisons]
    m = {c: _starting_m(c) for c in comparisons}
    proportion = 0.1
    items = list(pairs.patterns.items())
    change = math.inf
    iteration = 0
    in_m: dict[str, defaultdict[str, float]] = {c: defaultdict(float) for c in comparisons}
    for iteration in range(1, max_iterations + 1):
        in_m = {c: defaultdict(float) for c in comparisons}
        free_matches = 0.0
        free = 0
        for (vector, fixed), n in items:
            if fixed is None:
                log_odds = math.log(proportion / (1.0 - proportion))
                for comparison, i in zip(comparisons, index, strict=True):
                    level = vector[i]
                    if level is not None:
                        log_odds += math.log(m[comparison][level] / u[comparison][level])
                p = 1.0 / (1.0 + math.exp(min(700.0, -log_odds)))
                free_matches += p * n
                free += n
            else:
                p = 1.0 if fixed else 0.0
            for comparison, i in zip(comparisons, index, strict=True):
                level = vector[i]
                if level is not None:
                    in_m[comparison][level] += p * n
        new_m = {c: normalised(in_m[c], LEVELS[c]) for c in comparisons}
        new_proportion = min(1 - 1e-6, max(1e-6, free_matches / free)) if free else proportion
        change = max(
            abs(new_proportion - proportion),
            *(abs(new_m[c][k] - m[c][k]) for c in comparisons for k in LEVELS[c]),
        )
        m, proportion = new_m, new_proportion
        if progress:
            progress(iteration, change)
        if change < TOLERANCE:
            break
    support = {c: sum(in_m[c].values()) if in_m else 0.0 for c in comparisons}
    converged = change < TOLERANCE
    return Session(pairs.block, m, proportion, support, pairs.total, iteration, converged)


@dataclass(frozen=True)
class Estimate:
    """The fitted model: m of each level (from the sessions that could estimate it, weighed
    by how many matching pairs each saw), u measured on random pairs, and the sessions."""

    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    sessions: tuple[Session, ...]

    def ratio(self, comparison: str, level: str) -> float:
        """The level's likelihood ratio m/u, within ``LR_FLOOR`` and ``LR_CEILING``."""
        lr = self.m[comparison][level] / self.u[comparison][level]
        return min(LR_CEILING, max(LR_FLOOR, lr))

    def support(self, comparison: str) -> float:
        """The expected matching pairs that could be compared on ``comparison``, all sessions."""
        return sum(s.support.get(comparison, 0.0) for s in self.sessions)

    def level_support(self, comparison: str, level: str) -> float:
        """The expected matching pairs showing ``level`` of ``comparison``, all sessions: how
        many pairs that level's m rests on (about; m carries its pseudo-count)."""
        return sum(
            s.m[comparison][level] * s.support.get(comparison, 0.0)
            for s in self.sessions
            if comparison in s.m
        )

    def proportion(self, block: str) -> float:
        """The share of one blocking rule's free pairs that are one person."""
        return next((s.proportion for s in self.sessions if s.block == block), 0.0)


def combine(sessions: Iterable[Session], u: dict[str, dict[str, float]]) -> Estimate:
    """m of each comparison averaged over the sessions that estimated it, each weighed by its
    support (a comparison no session estimated keeps its starting m)."""
    sessions = tuple(sessions)
    m: dict[str, dict[str, float]] = {}
    for comparison in COMPARISONS:
        fits = [(s.support[comparison], s.m[comparison]) for s in sessions if comparison in s.m]
        total = sum(w for w, _ in fits)
        m[comparison] = (
            {level: sum(w * f[level] for w, f in fits) / total for level in LEVELS[comparison]}
            if total > 0
            else _starting_m(comparison)
        )
    return Estimate(m, u, sessions)
