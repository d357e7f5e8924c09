"""Which mentions the matcher misses on a tuning set, and what the roster said of each.

    python -m seeds.missed --set tuning-realistic --seed 1 [--reports 3000] [--show 40]

Matches the set with its roster as ``seeds.evaluate --roster`` does, then, for every mention
whose person was named in an earlier report but which joined none of those mentions' clusters,
prints how the roster resolved it against the truth: ``R+`` resolved to its own person, ``R-``
to someone else, ``C`` not resolved but its person among those it could be, ``X`` its person not
among them (``cr`` when a detail was too common to look up). The summary counts misses by that
state and by whether an earlier mention of the person was resolved to them; then a sample of
misses, each with how many people could be meant (``c``), how many likely (``l``, ``*`` when its
person is among them) and the person's closest earlier mention.

Only the tuning sets, and the fifth sets once they had been reported on and a sixth pair asked for:
the others are reported on, never looked into mention by mention.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict

from seeds.evaluate import EVALUATION_SECRET, SETS, _variation
from triage.__main__ import read_reports, read_roster
from triage.matching.linking import match_subject
from triage.matching.roster import RosterIndex, person_key, resolve
from triage.matching.store import InMemorySubjectStore, SubjectRef
from triage.matching.tokens import (
    SubjectInput,
    labels,
    roster_readings,
    subject_keys,
    token_for,
    tokenise,
)

TUNING = ("tuning-namesakes", "tuning-realistic", "fifth-namesakes", "fifth-realistic")


def missed(name: str, seed: int, reports_wanted: int, show: int) -> list[str]:
    raw, roster = SETS[name](reports_wanted, seed)
    assert roster is not None
    reports = read_reports(json.dumps(r) for r in raw)
    entries = read_roster(json.dumps(e) for e in roster)
    secret = EVALUATION_SECRET
    index = RosterIndex.build(entries, secret)
    pid_of = {
        token_for(person_key(e), secret)[1]: r["_pid"] for e, r in zip(entries, roster, strict=True)
    }
    store = InMemorySubjectStore()
    counter = iter(range(1, 10**9))
    state: dict[SubjectRef, tuple[SubjectInput, str, str]] = {}
    mentions: dict[str, list[SubjectRef]] = defaultdict(list)
    for r, report in zip(raw, reports, strict=True):
        for number, (subject, truth) in enumerate(
            zip(report.subjects, r["_truth"], strict=True), start=1
        ):
            ref: SubjectRef = (report.id, number)
            tokens = tokenise(subject_keys(subject), secret)
            found = resolve([tokenise(k, secret) for k in roster_readings(subject)], index)
            tokens |= found.tokens()
            match_subject(
                store,
                ref,
                tokens,
                report.id,
                labels=labels(subject),
                new_cluster_id=lambda: f"c{next(counter)}",
            )
            could = {pid_of[t[1]] for t in found.consistent}
            likely = {pid_of[t[1]] for t in found.likely}
            if found.person is not None:
                code = "R+" if pid_of[found.person[1]] == truth else "R-"
            else:
                code = "C" if truth in could else "X"
            code += "cr" if found.crowded else ""
            star = "*" if truth in likely else ""
            state[ref] = (subject, code, f"c{len(could)} l{len(likely)}{star}")
            mentions[truth].append(ref)
    kinds: Counter[tuple[str, bool]] = Counter()
    cases: list[str] = []
    for truth, refs in mentions.items():
        for i, ref in enumerate(refs[1:], start=1):
            earlier = refs[:i]
            if store.cluster_of(ref) in {store.cluster_of(e) for e in earlier}:
                continue
            subject, code, sizes = state[ref]
            codes = [state[e][1] for e in earlier]
            kinds[(code, "R+" in codes)] += 1
            closest = min(
                earlier,
                key=lambda e: (
                    (v := _variation(subject, state[e][0])).count("no ") + v.count("differ"),
                    v,
                ),
            )
            old = state[closest][0]
            cases.append(
                f"{truth} [{code} {sizes}] {subject.name!r} {subject.rank!r} {subject.unit!r} "
                f"{subject.collar_number!r} | earlier {codes} closest {old.name!r} {old.unit!r} "
                f"{old.collar_number!r} [{_variation(subject, old)}]"
            )
    lines = [f"missed mentions: {sum(kinds.values())} (state, an earlier mention resolved right)"]
    lines += [f"{count:6d}  {code} {earlier}" for (code, earlier), count in kinds.most_common()]
    lines += random.Random(0).sample(cases, min(show, len(cases)))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.missed", description=__doc__)
    parser.add_argument("--set", choices=TUNING, default="tuning-realistic")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--show", type=int, default=40, help="how many misses to print")
    args = parser.parse_args(argv)
    print("\n".join(missed(args.set, args.seed, args.reports, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
