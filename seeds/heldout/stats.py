"""Summary and sanity checks for generated files: python -m seeds.heldout.stats REPORTS ROSTER."""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from seeds.heldout.reports import AFFECTED, CATEGORIES

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_RANKISH = re.compile(
    r"^(pc|dc|ds|di|ps|sgt|sergeant|insp|inspector|ch insp|supt|pcso|a/sgt|"
    r"a/ps|det con|det sgt|constable|p\.c\.|sarge|skipper|detective sergeant|"
    r"chief inspector|pc\.|dc\.|sgt\.|p/s|d/c)\s+",
    re.IGNORECASE,
)


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def full_name(name: str | None) -> bool:
    if not name:
        return False
    bare = _RANKISH.sub("", name.strip()).replace(",", " ")
    tokens = [t for t in bare.split() if len(t.strip(".")) > 1 and t[0].isalpha()]
    return len(tokens) >= 2 and " from " not in bare


def check(reports: Sequence[dict], roster: Sequence[dict]) -> list[str]:
    problems: list[str] = []
    pids = {r["_pid"] for r in roster}
    last = ""
    for r in reports:
        rid = r["id"]
        if not r["categories"] or set(r["categories"]) - set(CATEGORIES):
            problems.append(f"{rid}: categories {r['categories']}")
        if set(r["affected"]) - set(AFFECTED):
            problems.append(f"{rid}: affected {r['affected']}")
        if not _DATE.match(r["received_date"]) or r["received_date"] < last:
            problems.append(f"{rid}: received_date {r['received_date']}")
        last = r["received_date"]
        inc = r.get("incident_date")
        if inc is not None and not (_DATE.match(inc) or _MONTH.match(inc)):
            problems.append(f"{rid}: incident_date {inc}")
        if inc and inc > r["received_date"]:
            problems.append(f"{rid}: incident after received")
        if len(r["_truth"]) != len(r["subjects"]) or set(r["_truth"]) - pids:
            problems.append(f"{rid}: truth {r['_truth']}")
        if r["_pattern"] not in (None, "predatory", "bullying"):
            problems.append(f"{rid}: pattern {r['_pattern']}")
    return problems


def summary(reports: Sequence[dict], roster: Sequence[dict]) -> dict[str, object]:
    subjects = [s for r in reports for s in r["subjects"]]
    per_pid: dict[str, list[str]] = {}
    for r in reports:
        for pid in set(r["_truth"]):
            per_pid.setdefault(pid, []).append(r["id"])
    pairs: set[tuple[str, str]] = set()
    for ids in per_pid.values():
        pairs.update(combinations(sorted(ids), 2))
    planted: dict[str, Counter[str]] = {"predatory": Counter(), "bullying": Counter()}
    for r in reports:
        if r["_pattern"]:
            planted[r["_pattern"]][r["_truth"][0]] += 1
    surnames = Counter(str(p["name"]).split(",")[0] for p in roster)
    held = sorted(surnames.values())
    n = len(subjects) or 1
    return {
        "reports": len(reports),
        "reports_naming_nobody": sum(1 for r in reports if not r["subjects"]),
        "reports_with_two_or_more": sum(1 for r in reports if len(r["subjects"]) > 1),
        "subjects": len(subjects),
        "people_named": len(per_pid),
        "people_named_more_than_once": sum(1 for v in per_pid.values() if len(v) > 1),
        "max_reports_background_person": max(
            (
                len(v)
                for k, v in per_pid.items()
                if k not in planted["predatory"] and k not in planted["bullying"]
            ),
            default=0,
        ),
        "true_report_pairs": len(pairs),
        "share_collar": round(sum(1 for s in subjects if s["collar_number"]) / n, 3),
        "share_unit": round(sum(1 for s in subjects if s["unit"]) / n, 3),
        "share_full_name": round(sum(1 for s in subjects if full_name(s["name"])) / n, 3),
        "share_no_name": round(sum(1 for s in subjects if not s["name"]) / n, 3),
        "share_warrant": round(sum(1 for s in subjects if s["warrant_number"]) / n, 3),
        "predator_report_counts": sorted(planted["predatory"].values()),
        "bully_report_counts": sorted(planted["bullying"].values()),
        "roster": len(roster),
        "roster_leavers": sum(1 for p in roster if p["leaving_date"]),
        "roster_movers": sum(1 for p in roster if p["former_units"]),
        "distinct_surnames": len(surnames),
        "surname_holders_median": statistics.median(held),
        "surname_holders_max": held[-1],
        "surnames_held_once": sum(1 for h in held if h == 1),
        "share_people_surname_held_by_10plus": round(
            sum(h for h in held if h >= 10) / len(roster), 3
        ),
        "top_surnames": surnames.most_common(6),
        "same_full_name_groups": sum(
            1
            for c in Counter(
                str(p["name"]).split(",")[0] + (str(p["name"]) + ", ").split(", ")[1].split(" ")[0]
                for p in roster
            ).values()
            if c > 1
        ),
    }


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        raise SystemExit("usage: python -m seeds.heldout.stats REPORTS.jsonl ROSTER.jsonl")
    reports, roster = load(args[0]), load(args[1])
    for key, value in summary(reports, roster).items():
        print(f"{key:38} {value}")
    problems = check(reports, roster)
    print(f"{'problems':38} {len(problems)}")
    for p in problems[:20]:
        print("  " + p)


if __name__ == "__main__":
    main()
