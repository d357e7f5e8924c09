"""Validate the generators and print a short summary.

Run: python -m seeds.fresh.check
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from statistics import median
from typing import Any

from seeds.fresh import namesakes, realistic
from seeds.fresh.reports import AFFECTED, CATEGORIES

Generator = Callable[[int, int], tuple[list[dict[str, Any]], list[dict[str, Any]]]]
_FIELDS = ("name", "collar_number", "warrant_number", "rank", "unit")


def _surname(entry: dict[str, Any]) -> str:
    return str(entry["name"]).split(",")[0]


def check(label: str, gen: Generator, seed: int, n: int = 3000) -> None:
    t0 = time.perf_counter()
    reports, roster = gen(n, seed)
    secs = time.perf_counter() - t0
    assert len(reports) == n, len(reports)
    assert len({r["id"] for r in reports}) == n
    dates = [r["received_date"] for r in reports]
    assert dates == sorted(dates)
    pids = {e["_pid"] for e in roster}
    assert len(pids) == len(roster)
    collars = [e["collar_number"] for e in roster if e["collar_number"]]
    warrants = [e["warrant_number"] for e in roster if e["warrant_number"]]
    assert len(collars) == len(set(collars))
    assert len(warrants) == len(set(warrants))
    named: Counter[str] = Counter()
    pattern_of: dict[str, str] = {}
    field_counts: Counter[str] = Counter()
    n_subjects = 0
    for r in reports:
        assert set(r["categories"]) <= set(CATEGORIES) and r["categories"]
        assert set(r["affected"]) <= set(AFFECTED)
        assert len(r["_truth"]) == len(r["subjects"])
        assert all(t in pids for t in r["_truth"])
        inc = r["incident_date"]
        assert inc is None or inc <= r["received_date"]
        assert set(r) == {"id", "categories", "received_date", "incident_date", "affected",
                          "subjects", "narrative", "_truth", "_pattern"}  # fmt: skip
        for s in r["subjects"]:
            assert set(s) == set(_FIELDS)
            n_subjects += 1
            for f in _FIELDS:
                field_counts[f] += s[f] is not None
        if r["_truth"]:
            named[r["_truth"][0]] += 1
            if r["_pattern"]:
                pattern_of[r["_truth"][0]] = r["_pattern"]
    by_pattern: dict[str, list[int]] = {"predatory": [], "bullying": []}
    for pid, pat in pattern_of.items():
        by_pattern[pat].append(named[pid])
    assert len(by_pattern["predatory"]) == 12 or n != 3000
    assert all(c >= 5 for v in by_pattern.values() for c in v)
    surnames = Counter(_surname(e) for e in roster)
    per = sorted(surnames.values())
    planted_ns = sum(
        1 for pid in pattern_of
        if surnames[_surname(next(e for e in roster if e["_pid"] == pid))] > 1
    )  # fmt: skip

    def first_surname(e: dict[str, Any]) -> str:
        given = str(e["name"]).split(", ", 1)[1].split()[0]
        return f"{_surname(e)}, {given}"

    first_sur = Counter(first_surname(e) for e in roster)
    planted_full = sum(
        1 for e in roster if e["_pid"] in pattern_of and first_sur[first_surname(e)] > 1
    )
    times = Counter(named.values())
    print(f"== {label} seed {seed}: {secs:.1f}s")
    print(f"  people {len(roster)}, leavers {sum(1 for e in roster if e['leaving_date'])}, "
          f"surnames {len(surnames)}, people/surname mean {len(roster) / len(surnames):.1f} "
          f"median {median(per)} max {per[-1]}, singleton surnames "
          f"{sum(1 for c in per if c == 1)}")  # fmt: skip
    print(f"  top surnames {surnames.most_common(6)}")
    print(
        f"  reports {len(reports)}, with no subject "
        f"{sum(1 for r in reports if not r['subjects'])}, subjects {n_subjects}, "
        f"2+ subjects {sum(1 for r in reports if len(r['subjects']) > 1)}"
    )
    print("  share of subjects with " + ", ".join(
        f"{f} {field_counts[f] / n_subjects:.0%}" for f in _FIELDS))  # fmt: skip
    print(f"  first-subject people named k times: {sorted(times.items())}")
    for pat, counts in by_pattern.items():
        print(f"  {pat}: {len(counts)} people, reports each {sorted(counts)}")
    print(f"  planted people with a surname namesake: {planted_ns}/{len(pattern_of)}, "
          f"with a same first name + surname namesake: {planted_full}")  # fmt: skip


def main() -> None:
    for label, gen in (("namesakes", namesakes.generate), ("realistic", realistic.generate)):
        for seed in (1, 2):
            check(label, gen, seed)
        a = gen(300, 7)
        assert a == gen(300, 7), "not deterministic"


if __name__ == "__main__":
    main()
