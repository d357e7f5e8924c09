"""Learning what each agreement is worth from the stored tokens: a Fellegi–Sunter model.

Each pair of subjects is reduced to one level per comparison (``levels_of``: shoulder number
full, digits, swapped or different; surname exact, sounding alike, one typo or different; first
name; unit; rank). m of a level is the chance of seeing it when both describe one person, u when
they describe two. u is measured on random pairs (``random_u``: nearly all two people); m is
fitted without labels by expectation–maximisation (``fit_session``), as Splink does, once per
blocking rule over the pairs it gathers (``blocked_pairs``): pairs sharing a surname sound, whose
other comparisons say what a number, a first name, a unit or a rank is worth among namesakes,
and pairs sharing shoulder-number digits, which say what the names are worth. Pairs that are
never one person (named in one report, different warrant numbers, different roster people,
judged different by a caseworker) are fixed non-matches; the same warrant number or roster
person a fixed match. Term frequency is matching's own: it counts, name by name, how many
subjects share the surname sound (``linking.match_subject``); ``surname_frequencies`` shows how
common surnames are.

``weights_from`` turns the fit into a ``Weights`` value (each level's ratio m/u, bounded, in the
form ``evidence.weigh_cluster`` uses it); ``table`` prints it for people.

A short module of its own rather than Splink: the comparisons are equality of keyed-hash tokens,
which Splink would have to be taught as custom SQL over token lists, while the model is a few
dozen lines of EM over counted patterns; Splink 5 would add DuckDB and PyArrow (about 255 MB) to
a service that runs on SQLite and PostgreSQL, and its API changed between 4 and 5.

Pure: no Flask, no database, never a name: only token kinds, equality and counts.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from itertools import combinations

from triage.matching.evidence import Evidence, evidence_of
from triage.matching.fellegi_sunter import (
    COMPARISONS,
    LEVELS,
    Estimate,
    Pairs,
    Vector,
    combine,
    fit_session,
    normalised,
)
from triage.matching.store import SubjectRef
from triage.matching.tokens import Token
from triage.matching.weights import HAND_SET, Weights

RANDOM_PAIRS = 100_000
# Each EM session looks at the pairs one blocking rule gathers, and estimates m of every
# comparison but the blocked one: pairs sharing a surname sound (what the namesake count of
# matching is made of) tell what numbers, first names, units and ranks are worth among
# namesakes; pairs sharing shoulder-number digits tell what the names are worth.
SESSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sound", ("collar", "given", "unit", "rank")),
    ("collar_digits", ("surname", "given", "unit", "rank")),
)
# A block larger than this (a very common surname sound) is left out: its pairs are
# quadratically many and all but a few are namesakes, which the other blocks show as well.
BLOCK_LIMIT = 200
MAX_PAIRS = 500_000
# A comparison, or one level of it, whose m rests on fewer expected matching pairs than this
# keeps the weights in use: a handful of pairs gives ratios that swing from one sample to the
# next. On the tuning sets (3,000 reports) the numbers and surnames rest on 21-69 pairs and
# their m still agrees with what the labels say.
MIN_SUPPORT = 20.0
# Fewer people named than this and there is no pair to compare: nothing to learn from at all.
MIN_SUBJECTS = 2


def levels_of(ev: Evidence) -> Vector:
    """The level of each comparison for one pair, as ``evidence.weigh_cluster`` reads them."""
    collar = (
        "full"
        if ev.collar_full
        else "digits"
        if ev.collar_same
        else "swapped"
        if ev.collar_swapped
        else "differs"
        if ev.collar_differs
        else None
    )
    surname: str | None = None
    given: str | None = None
    if ev.named:
        surname = (
            "exact"
            if ev.surname_exact
            else "sound_typo"
            if ev.surname_sound and ev.surname_typo
            else "sound"
            if ev.surname_sound
            else "typo"
            if ev.surname_typo
            else "differs"
        )
        given = (
            "same"
            if ev.given_same
            else "typo"
            if ev.given_typo
            else "initial_differs"
            if ev.initial_differs
            else "differs"
            if ev.given_differs
            else "initial"
            if ev.initial_same
            else None
        )
    unit = "same" if ev.unit_same else "differs" if ev.unit_differs else None
    rank = "same" if ev.rank_same else "differs" if ev.rank_differs else None
    return (collar, surname, given, unit, rank)


def _fixed(ev: Evidence) -> bool | None:
    """True for a pair that is one person whatever else differs, False for one that never is,
    None for a pair the model must weigh."""
    if ev.warrant_same or ev.person_same:
        return True
    if ev.warrant_differs or ev.person_differs:
        return False
    return None


def blocked_pairs(
    subjects: Mapping[SubjectRef, set[Token]],
    block: str,
    apart: Iterable[tuple[SubjectRef, SubjectRef]] = (),
    max_pairs: int = MAX_PAIRS,
    seed: int = 0,
) -> Pairs:
    """Pairs of subjects of different reports that share a token of kind ``block`` (held by at
    most ``BLOCK_LIMIT`` subjects), as counted comparison patterns, at most ``max_pairs`` of
    them (whole blocks taken in random order). Pairs in ``apart`` (judged different by a
    caseworker) and two people named in one report are fixed non-matches."""
    holders: dict[str, list[SubjectRef]] = defaultdict(list)
    for ref, tokens in subjects.items():
        for kind, value in tokens:
            if kind == block:
                holders[value].append(ref)
    blocks = [refs for refs in holders.values() if 1 < len(refs) <= BLOCK_LIMIT]
    # Sampling, not secrecy: a seeded generator keeps a calibration repeatable.
    random.Random(seed).shuffle(blocks)  # noqa: S311
    judged = {frozenset(pair) for pair in apart}
    patterns: Counter[tuple[Vector, bool | None]] = Counter()
    seen: set[tuple[SubjectRef, SubjectRef]] = set()
    for refs in blocks:
        for a, b in combinations(sorted(refs), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ev = evidence_of(subjects[a], subjects[b])
            same_report = a[0] == b[0]
            fixed = False if same_report or frozenset((a, b)) in judged else _fixed(ev)
            patterns[(levels_of(ev), fixed)] += 1
        if len(seen) >= max_pairs:
            break
    return Pairs(block, patterns)


def random_u(
    subjects: Mapping[SubjectRef, set[Token]], pairs: int = RANDOM_PAIRS, seed: int = 0
) -> dict[str, dict[str, float]]:
    """u measured on random pairs of subjects from different reports: almost all of them are
    two different people, so how often each level turns up among them is u.

    No level's u is ever below what one pair in the sample would make it (``u_floor``): a level
    never seen among random pairs is rare, not impossible, and a u of almost 0 would make any
    m, however little it rests on, an overwhelming ratio."""
    refs = list(subjects)
    counts: dict[str, Counter[str]] = {c: Counter() for c in COMPARISONS}
    if len(refs) >= 2:
        rng = random.Random(seed)  # noqa: S311 (sampling, not secrecy)
        for _ in range(pairs):
            a, b = rng.sample(refs, 2)
            if a[0] == b[0]:
                continue
            vector = levels_of(evidence_of(subjects[a], subjects[b]))
            for comparison, level in zip(COMPARISONS, vector, strict=True):
                if level is not None:
                    counts[comparison][level] += 1
    distinct = _distinct_pairs(refs)
    u = {}
    for comparison in COMPARISONS:
        floor = u_floor(sum(counts[comparison].values()), distinct)
        shares = normalised(counts[comparison], LEVELS[comparison])
        u[comparison] = {level: max(floor, share) for level, share in shares.items()}
    return u


def _distinct_pairs(refs: list[SubjectRef]) -> int:
    """How many pairs of subjects from different reports there are."""
    per_report = Counter(report for report, _ in refs)
    everyone = len(refs) * (len(refs) - 1) // 2
    return everyone - sum(n * (n - 1) // 2 for n in per_report.values())


def u_floor(compared: int, distinct: int) -> float:
    """The smallest u the sample allows: one pair of those compared, counting a pair sampled
    again as the same pair (45 people make only 990 pairs, however many are drawn)."""
    return 1.0 / max(1, min(compared, distinct))


# Which levels each weight is learnt from: a weight resting on a level with less than
# ``MIN_SUPPORT`` matching pairs behind it keeps the weight in use.
WEIGHT_LEVELS: dict[str, tuple[tuple[str, str], ...]] = {
    "p_given": (("given", "same"),),
    "p_initial": (("given", "initial"),),
    "given_typo": (("given", "same"), ("given", "typo")),
    "lr_given_differs": (("given", "differs"),),
    "lr_initial_differs": (("given", "initial_differs"),),
    "sound_and_typo": (("surname", "exact"), ("surname", "sound_typo")),
    "sound_only": (("surname", "exact"), ("surname", "sound")),
    "surname_typo": (("surname", "exact"), ("surname", "typo")),
    "lr_surname_differs": (("surname", "differs"),),
    "lr_collar": (("collar", "full"),),
    "lr_digits_named": (("collar", "digits"),),
    "lr_swapped": (("collar", "swapped"),),
    "lr_collar_differs": (("collar", "differs"),),
    "lr_digits": (("collar", "digits"),),
    "lr_unit_same": (("unit", "same"),),
    "lr_unit_differs": (("unit", "differs"),),
    "lr_rank_same": (("rank", "same"),),
    "rank_reliability": (("rank", "same"),),
    "lr_rank_differs": (("rank", "differs"),),
}


def supported(fit: Estimate, comparison: str, level: str) -> bool:
    """Whether a level's ratio rests on enough matching pairs to be learnt: the comparison as a
    whole, and the level itself."""
    return (
        fit.support(comparison) >= MIN_SUPPORT
        and fit.level_support(comparison, level) >= MIN_SUPPORT
    )


def weights_from(fit: Estimate, base: Weights = HAND_SET) -> Weights:
    """The ``Weights`` the estimate implies, in the form ``evidence`` uses them.

    Agreements and conflicts are their level's ratio. The name shares are inverse ratios
    (how many namesakes would match as well), and the surname factors how much weaker a
    sound-alike or a typo is than the exact spelling. Digits agreeing with no name to compare
    are what they say about two subjects on their own: the odds that a pair sharing them is
    one person. A weight whose levels have less than ``MIN_SUPPORT`` matching pairs behind
    them (``WEIGHT_LEVELS``, ``supported``) keeps ``base``.
    """
    r = fit.ratio
    exact = r("surname", "exact")
    digits = fit.proportion("collar_digits")
    learnt: dict[str, float] = {
        "p_given": 1.0 / r("given", "same"),
        "p_initial": 1.0 / r("given", "initial"),
        # A typo or a sound-alike is never better evidence than the spelling itself.
        "given_typo": max(1.0, r("given", "same") / r("given", "typo")),
        "lr_given_differs": r("given", "differs"),
        "lr_initial_differs": r("given", "initial_differs"),
        "sound_and_typo": max(1.0, exact / r("surname", "sound_typo")),
        "sound_only": max(1.0, exact / r("surname", "sound")),
        "surname_typo": max(1.0, exact / r("surname", "typo")),
        "lr_surname_differs": r("surname", "differs"),
        "lr_collar": r("collar", "full"),
        "lr_digits_named": r("collar", "digits"),
        "lr_swapped": r("collar", "swapped"),
        "lr_collar_differs": r("collar", "differs"),
        "lr_unit_same": r("unit", "same"),
        "lr_unit_differs": r("unit", "differs"),
        "lr_rank_same": r("rank", "same"),
        "rank_reliability": fit.m["rank"]["same"],
        "lr_rank_differs": r("rank", "differs"),
    }
    if 0.0 < digits < 1.0:
        learnt["lr_digits"] = digits / (1.0 - digits)
    values = {
        name: value
        for name, value in learnt.items()
        if all(supported(fit, c, level) for c, level in WEIGHT_LEVELS[name])
    }
    return replace(base, **values)


def surname_frequencies(subjects: Mapping[SubjectRef, set[Token]]) -> Counter[int]:
    """Term frequency of surnames: how many surname tokens are held by exactly k subjects."""
    held = Counter(t for tokens in subjects.values() for t in tokens if t[0] == "surname")
    return Counter(held.values())


def table(fit: Estimate, frequencies: Counter[int] | None = None) -> list[str]:
    """What each agreement is worth, for people: m, u (on random pairs), the ratio m/u and its
    weight in bits, what each session fitted, then how common surnames are."""
    lines = [f"{'comparison':<10} {'level':<16} {'m':>7} {'u':>7} {'m/u':>10} {'bits':>7}"]
    for comparison in COMPARISONS:
        if fit.support(comparison) < MIN_SUPPORT:
            lines.append(
                f"{comparison:<10} (m would rest on {fit.support(comparison):.0f} matching "
                f"pairs, fewer than {MIN_SUPPORT:.0f}: the weights in use are kept)"
            )
            continue
        for level in LEVELS[comparison]:
            if not supported(fit, comparison, level):
                lines.append(
                    f"{comparison:<10} {level:<16} (m would rest on "
                    f"{fit.level_support(comparison, level):.1f} matching pairs, fewer than "
                    f"{MIN_SUPPORT:.0f}: the weight in use is kept)"
                )
                continue
            lr = fit.ratio(comparison, level)
            lines.append(
                f"{comparison:<10} {level:<16} {fit.m[comparison][level]:>7.4f} "
                f"{fit.u[comparison][level]:>7.4f} {lr:>10.4g} {math.log2(lr):>+7.2f}"
            )
    for session in fit.sessions:
        lines.append(
            f"pairs sharing a {session.block} token: {session.pairs}, one person in "
            f"{session.proportion:.1%} of those weighed ({session.iterations} EM iterations"
            f"{'' if session.converged else ', not converged'})"
        )
    if frequencies:
        spread = ", ".join(f"{k}: {n}" for k, n in sorted(frequencies.items())[:12])
        lines.append(f"surnames held by k subjects (k: how many surnames): {spread}")
    return lines


def calibrate(
    subjects: Mapping[SubjectRef, set[Token]],
    apart: Iterable[tuple[SubjectRef, SubjectRef]] = (),
    base: Weights = HAND_SET,
    progress: Callable[[str], None] | None = None,
) -> tuple[Weights, Estimate]:
    """Measure u on random pairs, fit m in each blocking session, and derive the weights."""
    say = progress or (lambda _: None)
    say(f"measuring u on {RANDOM_PAIRS} random pairs of {len(subjects)} subjects")
    u = random_u(subjects)
    apart = list(apart)
    sessions = []
    for block, comparisons in SESSIONS:
        pairs = blocked_pairs(subjects, block, apart)
        say(
            f"pairs sharing a {block} token: {pairs.total} ({pairs.count(False)} never one "
            f"person, {pairs.count(True)} surely one)"
        )

        def step(iteration: int, change: float) -> None:
            if iteration % 20 == 0:
                say(f"  EM iteration {iteration}: largest change {change:.2g}")

        sessions.append(fit_session(pairs, comparisons, u, progress=step))
    fit = combine(sessions, u)
    return weights_from(fit, base), fit
