"""Measure matching and pattern scoring against synthetic reports with known answers.

Runs the same code path as ``python -m triage match`` and ``patterns`` (imported,
not a subprocess) and prints pairwise precision, recall and F1 between reports,
how many planted predatory clusters rank above every bullying cluster, and timing.
It reads the hidden ``_truth`` and ``_pattern`` labels only to score the result.

    python -m seeds.evaluate --reports 2000 --seed 7
    python -m seeds.evaluate --set tuning-namesakes --reports 3000 --seed 1 --roster

Sets (``--set``): ``synthetic`` (``seeds.synthetic``, which the hand-set weights were first tuned
on), ``tuning-namesakes`` and ``tuning-realistic`` (``seeds.tuning``, written from a description
by someone who never read ``triage/``; tuning may look at them), and ``heldout-namesakes`` and
``heldout-realistic`` (``seeds.heldout``, written the same way by someone else; only ever
reported on, never tuned on), and ``fresh-namesakes`` and ``fresh-realistic`` (``seeds.fresh``,
written later by a third helper, after the held-out sets had been looked into once; reported on
only), and ``fourth-namesakes`` and ``fourth-realistic`` (``seeds.fourth``, written on 3 December
2026 by a fourth helper who read neither ``triage/`` nor any other generator; never looked into
mention by mention; only who makes up its ranking's top 12 was counted), and ``fifth-namesakes``
and ``fifth-realistic`` (``seeds.fifth``, written on 6 December 2026 by a fifth helper under the
same rule; reported on once, then looked into as tuning material), and ``sixth-namesakes`` and
``sixth-realistic`` (``seeds.sixth``, written later that day by a sixth helper under the same rule;
reported on only). The twelve independent sets come with the force's HR roster, which
``--roster`` hands to the matcher.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from seeds import synthetic
from seeds.ceiling import ceilings
from triage.__main__ import (
    MatchRun,
    Report,
    counter_ids,
    read_reports,
    read_roster,
    run_match,
    run_patterns,
)
from triage.matching import names, postings
from triage.matching.calibrate import calibrate
from triage.matching.store import SubjectRef
from triage.matching.tokens import Key, SubjectInput, subject_keys
from triage.matching.weights import Weights

Pair = tuple[str, str]
Generated = tuple[list[dict[str, Any]], list[dict[str, Any]] | None]

# The matching key every run here uses. The live service draws its own; ties (two roster people
# who fit a mention equally well, two clusters as risky) fall by the order of keyed hashes, so a
# random key moves a figure now and then (by a predator in the top 12, say): a fixed one makes a
# change's effect tell from that noise.
EVALUATION_SECRET = hashlib.sha256(b"seeds.evaluate").digest()

# Predators the ranking must put in its top TOP_K, among the people named in several reports.
TOP_K = 12


def _independent(module: str) -> Callable[[int, int], Generated]:
    def generate(n_reports: int, seed: int) -> Generated:
        reports, roster = importlib.import_module(module).generate(n_reports, seed)
        return reports, roster

    return generate


SETS: dict[str, Callable[[int, int], Generated]] = {
    "synthetic": lambda n, seed: (synthetic.generate(n, seed), None),
    "tuning-namesakes": _independent("seeds.tuning.namesakes"),
    "tuning-realistic": _independent("seeds.tuning.realistic"),
    "heldout-namesakes": _independent("seeds.heldout.namesakes"),
    "heldout-realistic": _independent("seeds.heldout.realistic"),
    "fresh-namesakes": _independent("seeds.fresh.namesakes"),
    "fresh-realistic": _independent("seeds.fresh.realistic"),
    "fourth-namesakes": _independent("seeds.fourth.namesakes"),
    "fourth-realistic": _independent("seeds.fourth.realistic"),
    "fifth-namesakes": _independent("seeds.fifth.namesakes"),
    "fifth-realistic": _independent("seeds.fifth.realistic"),
    "sixth-namesakes": _independent("seeds.sixth.namesakes"),
    "sixth-realistic": _independent("seeds.sixth.realistic"),
}


@dataclass
class Evaluation:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    predatory_above_bullying: int
    predatory_total: int
    knowable_pairs: int
    knowable_recall: float
    match_seconds: float
    patterns_seconds: float
    # Planted predators whose person ranks in the top TOP_K of the pattern ranking, and
    # planted bullies (bullying only) who do.
    predators_in_top: int = 0
    bullies_in_top: int = 0
    # Possible matches offered to caseworkers, how many were right, and the figures if every
    # one were judged correctly (the right ones linked, the wrong ones rejected).
    suggestions: int = 0
    suggestions_right: int = 0
    reviewed_precision: float = 1.0
    reviewed_recall: float = 1.0


def _pairs(groups: dict[str, set[str]]) -> set[Pair]:
    pairs: set[Pair] = set()
    for members in groups.values():
        pairs.update(combinations(sorted(members), 2))
    return pairs


def _identifying(a: set[Key], b: set[Key]) -> bool:
    """Whether two mentions of one person share anything that could ever link them.

    Deliberately generous: any shared number, or a surname within one typo or sounding
    alike whose first initials do not differ. A unit or a rank alone is not enough, and
    neither is a name against a bare number.
    """
    kinds_a: dict[str, set[str]] = defaultdict(set)
    kinds_b: dict[str, set[str]] = defaultdict(set)
    for kind, value in a:
        kinds_a[kind].add(value)
    for kind, value in b:
        kinds_b[kind].add(value)
    shared = {k for k in kinds_a.keys() & kinds_b.keys() if kinds_a[k] & kinds_b[k]}
    if shared & {"warrant", "collar_digits", "collar_fuzzy", "name", "name_fuzzy", "phonetic"}:
        return True
    initials_differ = "initial" in kinds_a and "initial" in kinds_b and "initial" not in shared
    return bool(shared & {"surname_fuzzy", "sound"}) and not initials_differ


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def knowable_pairs(raw: list[dict[str, Any]]) -> set[Pair]:
    """True report pairs that the text could in principle link.

    Two reports about one person are knowable if a chain of that person's mentions joins
    them, each step sharing identifying evidence (``_identifying``). "PC Smith" alone
    against "1234AB" alone is not knowable, however many reports lie in between.
    """
    mentions: dict[str, list[tuple[str, set[Key]]]] = defaultdict(list)
    for r in raw:
        for person, subject in zip(r["_truth"], r["subjects"], strict=True):
            fields = {k: (v or None) for k, v in subject.items()}
            mentions[person].append((r["id"], subject_keys(SubjectInput(**fields))))
    pairs: set[Pair] = set()
    for items in mentions.values():
        parent = list(range(len(items)))
        for i, j in combinations(range(len(items)), 2):
            if _identifying(items[i][1], items[j][1]):
                parent[_root(parent, i)] = _root(parent, j)
        groups: dict[int, set[str]] = defaultdict(set)
        for i, (report_id, _) in enumerate(items):
            groups[_root(parent, i)].add(report_id)
        pairs |= _pairs({str(k): v for k, v in groups.items()})
    return pairs


def _matched(
    raw: list[dict[str, Any]], roster: list[dict[str, Any]] | None, **options: Any
) -> tuple[list[Report], MatchRun]:
    """The labelled reports read as ``python -m triage`` reads them, and matched in order under
    ``EVALUATION_SECRET`` with deterministic cluster ids (``options`` go to ``run_match``)."""
    reports = read_reports(json.dumps(r) for r in raw)
    entries = read_roster(json.dumps(e) for e in roster) if roster is not None else None
    run = run_match(
        reports,
        secret=EVALUATION_SECRET,
        new_cluster_id=counter_ids(),
        roster=entries,
        **options,
    )
    return reports, run


def self_calibrated(raw: list[dict[str, Any]], roster: list[dict[str, Any]] | None) -> Weights:
    """Weights learnt (``triage.matching.calibrate``) from the set's own tokens, without its
    labels, as ``flask triage calibrate`` learns them from the stored ones."""
    _, run = _matched(raw, roster)
    subjects = {ref: run.store.tokens_of(ref) for refs in run.refs.values() for ref in refs}
    return calibrate(subjects)[0]


def evaluate(
    raw: list[dict[str, Any]],
    link_probability: float | None = None,
    roster: list[dict[str, Any]] | None = None,
    weights: Weights | None = None,
) -> Evaluation:
    """Score matching and pattern ranking on labelled reports (at the live threshold, or at
    ``link_probability`` when given), with the force's roster when one is given."""
    started = time.perf_counter()
    reports, run = _matched(raw, roster, link_probability=link_probability, weights=weights)
    matched = time.perf_counter()
    ranked = run_patterns(reports, run)
    finished = time.perf_counter()

    by_person: dict[str, set[str]] = defaultdict(set)
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for r in raw:
        for person in r["_truth"]:
            by_person[person].add(r["id"])
        for cluster in run.clusters_of(r["id"]):
            by_cluster[cluster].add(r["id"])
    truth, predicted = _pairs(by_person), _pairs(by_cluster)
    precision, recall = _scores(truth, predicted)
    person_of = {(r["id"], n): p for r in raw for n, p in enumerate(r["_truth"], start=1)}
    right = [(new, old) for new, old in run.possible if person_of[new] == person_of[old]]
    reviewed_precision, reviewed_recall = _scores(truth, _reviewed_pairs(raw, run, right))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    knowable = knowable_pairs(raw) & truth
    knowable_recall = len(knowable & predicted) / len(knowable) if knowable else 1.0

    # A planted cluster is found where most of its person's reports ended up.
    planted: dict[str, tuple[str, str]] = {}
    for r in raw:
        if r["_pattern"]:
            planted.setdefault(r["_truth"][0], (r["_pattern"], ""))
    position = {row["cluster"]: i for i, row in enumerate(ranked)}
    rank_of: dict[str, tuple[str, int]] = {}
    for person, (pattern, _) in planted.items():
        clusters = Counter(
            c
            for r in raw
            if r["_truth"] and r["_truth"][0] == person
            for c in run.clusters_of(r["id"])[:1]
        )
        best = clusters.most_common(1)[0][0]
        rank_of[person] = (pattern, position.get(best, len(ranked)))
    bullying = [pos for pattern, pos in rank_of.values() if pattern == "bullying"]
    predatory = [pos for pattern, pos in rank_of.values() if pattern == "predatory"]
    worst_bully = min(bullying, default=len(ranked) + 1)
    above = sum(1 for pos in predatory if pos < worst_bully)
    return Evaluation(
        precision,
        recall,
        f1,
        len(truth),
        len(predicted),
        above,
        len(predatory),
        len(knowable),
        knowable_recall,
        matched - started,
        finished - matched,
        predators_in_top=sum(1 for pos in predatory if pos < TOP_K),
        bullies_in_top=sum(1 for pos in bullying if pos < TOP_K),
        suggestions=len(run.possible),
        suggestions_right=len(right),
        reviewed_precision=reviewed_precision,
        reviewed_recall=reviewed_recall,
    )


def _scores(truth: set[Pair], predicted: set[Pair]) -> tuple[float, float]:
    """Pairwise precision and recall."""
    hits = len(truth & predicted)
    return (hits / len(predicted) if predicted else 1.0, hits / len(truth) if truth else 1.0)


def _reviewed_pairs(
    raw: list[dict[str, Any]], run: MatchRun, confirmed: list[tuple[SubjectRef, SubjectRef]]
) -> set[Pair]:
    """Report pairs sharing a cluster once the ``confirmed`` possible matches are linked."""
    clusters = sorted({run.store.cluster_of(ref) for refs in run.refs.values() for ref in refs})
    index = {c: i for i, c in enumerate(clusters)}
    parent = list(range(len(clusters)))
    for new, old in confirmed:
        a, b = (
            _root(parent, index[run.store.cluster_of(new)]),
            _root(parent, index[run.store.cluster_of(old)]),
        )
        parent[a] = b
    groups: dict[str, set[str]] = defaultdict(set)
    for r in raw:
        for cluster in run.clusters_of(r["id"]):
            groups[str(_root(parent, index[cluster]))].add(r["id"])
    return _pairs(groups)


def _variation(new: SubjectInput, old: SubjectInput) -> str:
    """How two mentions of one person differ, in a few words (for ``--diagnose``)."""
    parts: list[str] = []
    a, b = names.collar_number(new.collar_number), names.collar_number(old.collar_number)
    if a and b:
        parts.append(
            "same number"
            if a.canonical == b.canonical
            else "same digits"
            if a.digits == b.digits
            else "swapped digits"
            if a.fuzzy == b.fuzzy
            else "different numbers"
        )
    else:
        parts.append("no number on one side")
    x, y = names.parse_name(new.name), names.parse_name(old.name)
    if x.surname and y.surname:
        alike = names.phonetic(x.surname) == names.phonetic(y.surname)
        parts.append(
            "same surname"
            if x.surname == y.surname
            else "surname sounds alike"
            if alike
            else "surname misspelt"
        )
        if x.given_canonical and y.given_canonical:
            parts.append(
                "same first name"
                if x.given_canonical & y.given_canonical
                else "first name typo or unknown nickname"
            )
        elif x.initial and y.initial:
            parts.append("initial only" if x.initial == y.initial else "initials differ")
        else:
            parts.append("no first name on one side")
    else:
        parts.append("no name on one side")
    u, v = postings.canonical_unit(new.unit), postings.canonical_unit(old.unit)
    if u and v:
        parts.append("same unit" if u == v else "different units")
    else:
        parts.append("no unit on one side")
    return ", ".join(parts)


def diagnose(
    raw: list[dict[str, Any]],
    limit: int = 25,
    roster: list[dict[str, Any]] | None = None,
    weights: Weights | None = None,
) -> list[str]:
    """Missed mentions grouped by how they differ from the person's closest earlier mention.

    A mention is missed when its person was named in an earlier report but it ended up in no
    cluster with any of those earlier mentions.
    """
    reports, run = _matched(raw, roster, weights=weights)
    earlier: dict[str, list[tuple[str, SubjectInput]]] = defaultdict(list)
    kinds: Counter[str] = Counter()
    for r, report in zip(raw, reports, strict=True):
        for person, subject, cluster in zip(
            r["_truth"], report.subjects, run.clusters_of(r["id"]), strict=True
        ):
            seen = earlier[person]
            if seen and cluster not in {c for c, _ in seen}:
                # The closest earlier mention: the fewest "different"/"no" words.
                variations = [_variation(subject, old) for _, old in seen]
                kinds[min(variations, key=lambda v: (v.count("no ") + v.count("differ"), v))] += 1
            seen.append((cluster, subject))
    total = sum(kinds.values())
    lines = [f"missed mentions: {total} (joined no cluster with its person's earlier mentions)"]
    lines += [f"{count:6d}  {kind}" for kind, count in kinds.most_common(limit)]
    return lines


# Thresholds traced by ``--curve``: from "link on a coin toss" to "link only when near certain".
CURVE = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99)


def curve(
    raw: list[dict[str, Any]],
    thresholds: tuple[float, ...] = CURVE,
    roster: list[dict[str, Any]] | None = None,
    weights: Weights | None = None,
) -> list[str]:
    """Precision and recall at each link threshold: what a stricter or looser matcher buys."""
    lines = ["link threshold  precision  recall  knowable recall"]
    for threshold in thresholds:
        result = evaluate(raw, link_probability=threshold, roster=roster, weights=weights)
        lines.append(
            f"{threshold:>14.2f}  {result.precision:>9.4f}  {result.recall:>6.4f}  "
            f"{result.knowable_recall:>15.4f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m seeds.evaluate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reports", type=int, default=2000, help="how many reports")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument("--set", choices=sorted(SETS), default="synthetic", help="labelled set")
    parser.add_argument(
        "--roster", action="store_true", help="give the matcher the force's roster (not synthetic)"
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="also list missed mentions by the kind of variation"
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="weigh with weights learnt from the set's own tokens instead of the hand-set ones",
    )
    parser.add_argument(
        "--curve",
        action="store_true",
        help="also print precision and recall at other link thresholds",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    raw, roster = SETS[args.set](args.reports, args.seed)
    if args.roster and roster is None:
        parser.error(f"the {args.set} set has no roster")
    used = roster if args.roster else None
    generated = time.perf_counter() - started
    weights = self_calibrated(raw, used) if args.calibrate else None
    result = evaluate(raw, roster=used, weights=weights)
    print(
        f"set: {args.set}  seed: {args.seed}  roster: {len(roster) if used else 'none'}  "
        f"weights: {'learnt from the set' if weights else 'hand-set'}"
    )
    print(f"reports: {len(raw)}  subjects: {sum(len(r['subjects']) for r in raw)}")
    print(f"true report pairs: {result.true_pairs}  predicted pairs: {result.predicted_pairs}")
    print(f"precision: {result.precision:.4f}")
    print(f"recall:    {result.recall:.4f}")
    print(f"F1:        {result.f1:.4f}")
    share = result.knowable_pairs / result.true_pairs if result.true_pairs else 1.0
    print(
        f"knowable true pairs: {result.knowable_pairs} ({share:.1%} of true pairs; the rest "
        f"share nothing identifying)  recall of knowable pairs: {result.knowable_recall:.4f}"
    )
    bounds = ceilings(raw, used, EVALUATION_SECRET)
    print(
        f"true pairs where one report's mention names nobody (no name or number): "
        f"{bounds.names_nobody:.1%}, so recall cannot pass {1 - bounds.names_nobody:.3f}"
    )
    if bounds.pinned is not None:
        print(
            f"true pairs both of whose mentions the roster pins to their person: "
            f"{bounds.pinned:.1%}"
        )
    print(
        f"possible matches for a caseworker to judge: {result.suggestions} "
        f"({result.suggestions / len(raw):.3f} per report), {result.suggestions_right} right; "
        f"judged correctly: precision {result.reviewed_precision:.4f}, "
        f"recall {result.reviewed_recall:.4f}"
    )
    above, total = result.predatory_above_bullying, result.predatory_total
    print(f"predatory above all bullying: {above}/{total}")
    print(
        f"top {TOP_K} of the ranking: {result.predators_in_top}/{total} planted predators, "
        f"{result.bullies_in_top} planted bullies"
    )
    print(
        f"timing: generate {generated:.2f}s, match {result.match_seconds:.2f}s, "
        f"patterns {result.patterns_seconds:.2f}s; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    if args.diagnose:
        print("\n".join(diagnose(raw, roster=used, weights=weights)))
    if args.curve:
        print("\n".join(curve(raw, roster=used, weights=weights)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
