"""Validate a generated reports/roster pair and print summary statistics.

python -m seeds.tuning.stats reports.jsonl roster.jsonl
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from itertools import combinations
from pathlib import Path

from seeds.tuning.narrative import AFFECTED, CATEGORIES

REPORT_KEYS = {
    "id",
    "categories",
    "received_date",
    "incident_date",
    "affected",
    "subjects",
    "narrative",
    "_truth",
    "_pattern",
}
SUBJECT_KEYS = {"name", "collar_number", "warrant_number", "rank", "unit"}
ROSTER_KEYS = {
    "name",
    "rank",
    "unit",
    "collar_number",
    "warrant_number",
    "former_collar_numbers",
    "former_units",
    "leaving_date",
    "_pid",
}
RANK_WORDS = {
    "pc",
    "p.c.",
    "sgt",
    "sgt.",
    "sergeant",
    "ps",
    "police",
    "constable",
    "officer",
    "insp",
    "insp.",
    "inspector",
    "ch",
    "ch.",
    "chief",
    "ci",
    "supt",
    "supt.",
    "superintendent",
    "dc",
    "ds",
    "di",
    "det",
    "con",
    "detective",
    "d/c",
    "d/sgt",
    "d/insp",
    "pcso",
    "a/sgt",
    "a/insp",
    "skipper",
}


def load(path: str) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def validate(reports: list[dict], roster: list[dict]) -> list[str]:
    """Problems found (empty if the files are valid)."""
    errors: list[str] = []
    pids = {r["_pid"] for r in roster}
    if len(pids) != len(roster):
        errors.append("duplicate _pid on roster")
    for row in roster:
        if set(row) != ROSTER_KEYS:
            errors.append(f"roster keys {sorted(row)}")
        if row["leaving_date"] is not None:
            date.fromisoformat(row["leaving_date"])
    previous = ""
    ids = set()
    for rep in reports:
        rid = rep.get("id")
        ids.add(rid)
        if set(rep) != REPORT_KEYS:
            errors.append(f"{rid}: keys {sorted(rep)}")
        if not rep["categories"] or not set(rep["categories"]) <= set(CATEGORIES):
            errors.append(f"{rid}: categories {rep['categories']}")
        if not set(rep["affected"]) <= set(AFFECTED):
            errors.append(f"{rid}: affected {rep['affected']}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", rep["received_date"]):
            errors.append(f"{rid}: received_date {rep['received_date']}")
        date.fromisoformat(rep["received_date"])
        if rep["received_date"] < previous:
            errors.append(f"{rid}: not in received-date order")
        previous = rep["received_date"]
        inc = rep["incident_date"]
        if inc is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", inc):
            errors.append(f"{rid}: incident_date {inc}")
        if len(rep["_truth"]) != len(rep["subjects"]) or not set(rep["_truth"]) <= pids:
            errors.append(f"{rid}: _truth {rep['_truth']}")
        if rep["_pattern"] not in (None, "predatory", "bullying"):
            errors.append(f"{rid}: _pattern {rep['_pattern']}")
        for sub in rep["subjects"]:
            if not set(sub) <= SUBJECT_KEYS:
                errors.append(f"{rid}: subject keys {sorted(sub)}")
    if len(ids) != len(reports):
        errors.append("duplicate report ids")
    for pattern in ("predatory", "bullying"):
        firsts = {r["_truth"][0] for r in reports if r["_pattern"] == pattern}
        for rep in reports:
            if rep["_truth"] and rep["_truth"][0] in firsts and rep["_pattern"] != pattern:
                errors.append(
                    f"{rep['id']}: about a planted person but _pattern is {rep['_pattern']}"
                )
    return errors


def _full_name(name: str | None) -> bool:
    if not name:
        return False
    words = [w for w in name.replace(",", " ").split() if w.lower() not in RANK_WORDS]
    return sum(1 for w in words if sum(ch.isalpha() for ch in w) >= 2) >= 2


def summary(reports: list[dict], roster: list[dict]) -> list[str]:
    subjects = [s for r in reports for s in r["subjects"]]
    named = Counter(pid for r in reports for pid in set(r["_truth"]))
    by_person: dict[str, list[int]] = {}
    for i, rep in enumerate(reports):
        for pid in set(rep["_truth"]):
            by_person.setdefault(pid, []).append(i)
    pairs = {pair for idx in by_person.values() for pair in combinations(idx, 2)}
    n_sub = max(1, len(subjects))

    def share(pred: Callable[[dict], object]) -> str:
        return f"{sum(1 for s in subjects if pred(s)) / n_sub:.1%}"

    planted = {
        p: Counter(r["_truth"][0] for r in reports if r["_pattern"] == p)
        for p in ("predatory", "bullying")
    }
    surnames = Counter(r["name"].split(",")[0] for r in roster)
    holders = sorted(surnames.values())
    per_person = [surnames[r["name"].split(",")[0]] for r in roster]
    full_names = Counter(re.sub(r"^(\S+), (\S+).*$", r"\2 \1", r["name"]) for r in roster)
    return [
        f"reports: {len(reports)}  (naming nobody: {sum(not r['subjects'] for r in reports)}, "
        f"naming two+: {sum(len(r['subjects']) > 1 for r in reports)})",
        f"subjects: {len(subjects)}",
        f"distinct people named: {len(named)} of {len(roster)} on the roster "
        f"({len(named) / len(roster):.0%})",
        f"people named more than once: {sum(c > 1 for c in named.values())}",
        f"true report pairs (share a person): {len(pairs)}",
        f"predators: {len(planted['predatory'])}, reports each "
        f"{sorted(planted['predatory'].values())}",
        f"bullies: {len(planted['bullying'])}, reports each {sorted(planted['bullying'].values())}",
        f"subjects with collar number: {share(lambda s: s.get('collar_number'))}, "
        f"unit: {share(lambda s: s.get('unit'))}, rank (field): {share(lambda s: s.get('rank'))}, "
        f"warrant: {share(lambda s: s.get('warrant_number'))}",
        f"subjects with full name: {share(lambda s: _full_name(s.get('name')))}, "
        f"no name: {share(lambda s: not s.get('name'))}",
        f"roster: movers {sum(bool(r['former_units']) for r in roster)}, "
        f"leavers {sum(bool(r['leaving_date']) for r in roster)}, staff/PCSO without collar "
        f"{sum(r['collar_number'] is None for r in roster)}",
        f"surnames: {len(surnames)} distinct; median holders per surname "
        f"{statistics.median(holders)}; max {holders[-1]}; held by one person "
        f"{sum(h == 1 for h in holders)}; median people sharing a person's surname "
        f"{statistics.median(per_person)}",
        "top surnames: " + ", ".join(f"{n} {c}" for n, c in surnames.most_common(8)),
        f"roster full names held by 2+ people: {sum(c for c in full_names.values() if c > 1)} "
        f"people in {sum(c > 1 for c in full_names.values())} groups",
    ]


def main() -> None:
    args = sys.argv[1:]
    if len(args) != 2:
        sys.exit("usage: python -m seeds.tuning.stats reports.jsonl roster.jsonl")
    reports, roster = load(args[0]), load(args[1])
    errors = validate(reports, roster)
    for line in summary(reports, roster):
        print(line)
    print("valid" if not errors else f"INVALID ({len(errors)} problems):")
    for err in errors[:20]:
        print("  " + err)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
