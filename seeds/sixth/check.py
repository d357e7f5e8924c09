"""Validate the sixth sets and print a summary: ``python -m seeds.sixth.check``.

For seeds 1 and 2 of each set: the format of every roster row and report, the planted patterns,
that output is the same twice for one seed and different between seeds, and that 3,000 reports
take under five seconds.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from intake.vocabulary import AFFECTED_CODES, CATEGORY_CODES
from seeds.sixth import namesakes, realistic

Generator = Callable[[int, int], tuple[list[dict[str, Any]], list[dict[str, Any]]]]
ROSTER_KEYS = {
    "_pid",
    "name",
    "rank",
    "unit",
    "collar_number",
    "warrant_number",
    "former_collar_numbers",
    "former_units",
    "leaving_date",
}
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
SUBJECT_KEYS = ("name", "rank", "unit", "collar_number", "warrant_number")
N_REPORTS = 3000
SIZES = {"namesakes": (1200, 1800), "realistic": (4000, 6000)}


def problems_roster(roster: list[dict[str, Any]], size: tuple[int, int]) -> list[str]:
    out: list[str] = []
    if not size[0] <= len(roster) <= size[1]:
        out.append(f"roster has {len(roster)} people, outside {size}")
    collars = [r["collar_number"] for r in roster if r["collar_number"]]
    warrants = [r["warrant_number"] for r in roster if r["warrant_number"]]
    if len({r["_pid"] for r in roster}) != len(roster):
        out.append("duplicate _pid")
    if len(set(collars)) != len(collars):
        out.append("duplicate collar_number")
    if len(set(warrants)) != len(warrants):
        out.append("duplicate warrant_number")
    for r in roster:
        where = r.get("_pid")
        if set(r) != ROSTER_KEYS:
            out.append(f"{where}: keys {sorted(r)}")
            continue
        if not re.fullmatch(r"[^\s,][^,]*, \S.*", r["name"]):
            out.append(f"{where}: name {r['name']!r}")
        if not (isinstance(r["rank"], str) and isinstance(r["unit"], str)):
            out.append(f"{where}: rank or unit")
        if r["collar_number"] is not None and not re.fullmatch(
            r"\d{2,5}[A-Z]{2}", r["collar_number"]
        ):
            out.append(f"{where}: collar {r['collar_number']!r}")
        staff = r["rank"] == "Police Staff"
        if staff and (r["collar_number"] or r["warrant_number"]):
            out.append(f"{where}: staff with a number")
        if r["warrant_number"] is not None and not r["warrant_number"].isdigit():
            out.append(f"{where}: warrant {r['warrant_number']!r}")
        for key in ("former_collar_numbers", "former_units"):
            if not (isinstance(r[key], list) and all(isinstance(x, str) for x in r[key])):
                out.append(f"{where}: {key}")
        if r["leaving_date"] is not None:
            date.fromisoformat(r["leaving_date"])
    return out


def problems_reports(reports: list[dict[str, Any]], roster: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    leaving = {r["_pid"]: r["leaving_date"] for r in roster}
    last = ""
    for i, rep in enumerate(reports, start=1):
        where = rep.get("id")
        if set(rep) != REPORT_KEYS:
            out.append(f"{where}: keys {sorted(rep)}")
            continue
        if rep["id"] != f"r{i}":
            out.append(f"{where}: id out of sequence")
        cats = rep["categories"]
        if not (
            1 <= len(cats) <= 3 and len(set(cats)) == len(cats) and set(cats) <= CATEGORY_CODES
        ):
            out.append(f"{where}: categories {cats}")
        aff = rep["affected"]
        if not (len(aff) <= 3 and len(set(aff)) == len(aff) and set(aff) <= AFFECTED_CODES):
            out.append(f"{where}: affected {aff}")
        received = rep["received_date"]
        date.fromisoformat(received)
        if received < last:
            out.append(f"{where}: received_date goes backwards")
        last = received
        incident = rep["incident_date"]
        if incident is not None:
            if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", incident):
                out.append(f"{where}: incident_date {incident!r}")
            if incident > received:
                out.append(f"{where}: incident after receipt")
            for pid in rep["_truth"]:
                left = leaving.get(pid)
                if left and incident > left:
                    out.append(f"{where}: incident after {pid} left")
        subjects, truth = rep["subjects"], rep["_truth"]
        if not (
            len(subjects) <= 3 and len(truth) == len(subjects) and len(set(truth)) == len(truth)
        ):
            out.append(f"{where}: subjects/_truth")
        if any(pid not in leaving for pid in truth):
            out.append(f"{where}: _truth names someone not on the roster")
        for s in subjects:
            if tuple(s) != SUBJECT_KEYS and set(s) != set(SUBJECT_KEYS):
                out.append(f"{where}: subject keys {sorted(s)}")
            if any(v is not None and not isinstance(v, str) for v in s.values()):
                out.append(f"{where}: subject value not a string")
        if not (isinstance(rep["narrative"], str) and rep["narrative"].strip()):
            out.append(f"{where}: empty narrative")
        if rep["_pattern"] not in (None, "predatory", "bullying"):
            out.append(f"{where}: _pattern {rep['_pattern']!r}")
        if rep["_pattern"] == "bullying" and cats != ["bullying"]:
            out.append(f"{where}: bullying pattern with categories {cats}")
        if rep["_pattern"] and not truth:
            out.append(f"{where}: a pattern report names nobody")
    years = (date.fromisoformat(last) - date.fromisoformat(reports[0]["received_date"])).days / 365
    if not 3 <= years <= 4.2:
        out.append(f"received dates span {years:.1f} years")
    return out


def pattern_people(reports: list[dict[str, Any]], pattern: str) -> Counter[str]:
    return Counter(r["_truth"][0] for r in reports if r["_pattern"] == pattern)


def problems_patterns(reports: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    predators, bullies = pattern_people(reports, "predatory"), pattern_people(reports, "bullying")
    if len(predators) != 12 or not all(5 <= n <= 12 for n in predators.values()):
        out.append(f"predators: {sorted(predators.values())}")
    if not 6 <= len(bullies) <= 12 or not all(4 <= n <= 10 for n in bullies.values()):
        out.append(f"bullies: {sorted(bullies.values())}")
    if set(predators) & set(bullies):
        out.append("someone is both predator and bully")
    return out


def summary(name: str, reports: list[dict[str, Any]], roster: list[dict[str, Any]]) -> str:
    mentions = [s for r in reports for s in r["subjects"]]
    named = Counter(pid for r in reports for pid in r["_truth"])
    given = {f: sum(1 for s in mentions if s[f]) / max(1, len(mentions)) for f in SUBJECT_KEYS}
    shares = ", ".join(f"{f} {v:.0%}" for f, v in given.items())
    moved = sum(1 for r in roster if r["former_units"] or r["former_collar_numbers"])
    return (
        f"{name}: {len(roster)} people, {len(reports)} reports, {len(mentions)} mentions\n"
        f"  fields given: {shares}\n"
        f"  people named once {sum(1 for n in named.values() if n == 1)}, "
        f"2+ {sum(1 for n in named.values() if n >= 2)}, "
        f"4+ {sum(1 for n in named.values() if n >= 4)}\n"
        f"  predators {len(pattern_people(reports, 'predatory'))}, "
        f"bullies {len(pattern_people(reports, 'bullying'))}, "
        f"leavers on roster {sum(1 for r in roster if r['leaving_date'])}, "
        f"moved or renumbered {moved}\n"
        f"  most named (times): {sorted(named.values(), reverse=True)[:8]}"
    )


def main() -> int:
    failures = 0
    sets: dict[str, Generator] = {"namesakes": namesakes.generate, "realistic": realistic.generate}
    for name, generate in sets.items():
        outputs = []
        for seed in (1, 2):
            start = time.perf_counter()
            reports, roster = generate(N_REPORTS, seed)
            took = time.perf_counter() - start
            found = problems_roster(roster, SIZES[name]) + problems_reports(reports, roster)
            found += problems_patterns(reports)
            if took > 5:
                found.append(f"took {took:.1f}s")
            if len(reports) != N_REPORTS:
                found.append(f"{len(reports)} reports, not {N_REPORTS}")
            again = generate(N_REPORTS, seed)
            if json.dumps(again, sort_keys=True) != json.dumps((reports, roster), sort_keys=True):
                found.append("not deterministic")
            outputs.append(json.dumps((reports, roster), sort_keys=True))
            for problem in found[:20]:
                print(f"  {name} seed {seed}: {problem}")
            failures += len(found)
            print(summary(f"{name} seed {seed} ({took:.2f}s)", reports, roster))
        if outputs[0] == outputs[1]:
            print(f"  {name}: seeds 1 and 2 give the same output")
            failures += 1
    print("OK" if not failures else f"{failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
