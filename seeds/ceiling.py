"""How much of a labelled set any matcher reading names and numbers could find, and how much
the roster alone pins down: two shares of the true report pairs, printed by ``seeds.evaluate``.

- *One mention names nobody*: in one of the two reports the person is given no name, initial,
  shoulder or warrant number ("the sergeant", a unit alone). No matcher that reads what
  reporters write can join such a pair without guessing, so recall cannot pass 1 minus this.
- *Both pinned by the roster*: each of the two mentions resolves to its own person on the
  roster, or could be nobody else on it. A matcher that links only what the roster pins finds
  these; what it finds beyond them it finds by weighing vague mentions.

It reads the hidden ``_truth`` labels, so it is for measuring only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from triage.__main__ import read_reports, read_roster
from triage.matching.roster import RosterIndex, person_key, resolve
from triage.matching.tokens import roster_readings, subject_keys, token_for, tokenise

# What names someone: any of these in a mention's keys (a unit, rank or role does not).
NAMING_KINDS = frozenset({"surname", "given", "initial", "collar_digits", "warrant"})


@dataclass(frozen=True)
class Ceilings:
    true_pairs: int
    names_nobody: float  # share of true report pairs where one mention names nobody
    pinned: float | None  # share where the roster pins both mentions (None without a roster)


def ceilings(
    raw: list[dict[str, Any]], roster: list[dict[str, Any]] | None, secret: bytes
) -> Ceilings:
    reports = read_reports(json.dumps(r) for r in raw)
    index = pid_of = None
    if roster is not None:
        entries = read_roster(json.dumps(e) for e in roster)
        index = RosterIndex.build(entries, secret)
        pid_of = {
            token_for(person_key(e), secret)[1]: row["_pid"]
            for e, row in zip(entries, roster, strict=True)
        }
    # Per person, per report: whether that report's mention names them, and pins them.
    seen: dict[str, dict[str, tuple[bool, bool]]] = defaultdict(dict)
    for row, report in zip(raw, reports, strict=True):
        for subject, truth in zip(report.subjects, row["_truth"], strict=True):
            names = bool({kind for kind, _ in subject_keys(subject)} & NAMING_KINDS)
            pinned = False
            if index is not None and pid_of is not None:
                found = resolve([tokenise(k, secret) for k in roster_readings(subject)], index)
                could = {pid_of[t[1]] for t in found.consistent}
                person = pid_of[found.person[1]] if found.person is not None else None
                pinned = person == truth or could == {truth}
            names_before, pinned_before = seen[truth].get(row["id"], (False, False))
            seen[truth][row["id"]] = (names or names_before, pinned or pinned_before)
    pairs = nameless = both_pinned = 0
    for by_report in seen.values():
        for (names_a, pinned_a), (names_b, pinned_b) in combinations(by_report.values(), 2):
            pairs += 1
            nameless += not (names_a and names_b)
            both_pinned += pinned_a and pinned_b
    share = (lambda n: n / pairs) if pairs else (lambda n: 0.0)
    return Ceilings(pairs, share(nameless), share(both_pinned) if index is not None else None)
