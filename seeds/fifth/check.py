"""Validate both generators and print a summary: ``python -m seeds.fifth.check``."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from intake.vocabulary import AFFECTED_CODES, CATEGORY_CODES
from seeds.fifth import namesakes, realistic

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
SUBJECT_KEYS = {"name", "rank", "unit", "collar_number", "warrant_number"}


def _check_roster(roster: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_pid: dict[str, dict[str, Any]] = {}
    collars: set[str] = set()
    warrants: set[str] = set()
    for row in roster:
        assert set(row) == ROSTER_KEYS, row
        assert row["_pid"] not in by_pid, row["_pid"]
        by_pid[row["_pid"]] = row
        for key, seen in (("collar_number", collars), ("warrant_number", warrants)):
            if row[key] is not None:
                assert row[key] not in seen, (key, row[key])
                seen.add(row[key])
        assert isinstance(row["former_collar_numbers"], list)
        assert isinstance(row["former_units"], list)
    return by_pid


def _check_reports(reports: list[dict[str, Any]], by_pid: dict[str, dict[str, Any]]) -> None:
    ids: set[str] = set()
    previous = ""
    for rep in reports:
        assert set(rep) == REPORT_KEYS, rep["id"]
        assert rep["id"] not in ids, rep["id"]
        ids.add(rep["id"])
        assert rep["received_date"] >= previous, rep["id"]
        previous = rep["received_date"]
        assert 1 <= len(rep["categories"]) <= 3 and set(rep["categories"]) <= CATEGORY_CODES
        assert len(set(rep["categories"])) == len(rep["categories"])
        assert len(rep["affected"]) <= 3 and set(rep["affected"]) <= AFFECTED_CODES
        assert len(rep["subjects"]) <= 3 and len(rep["_truth"]) == len(rep["subjects"])
        assert len(set(rep["_truth"])) == len(rep["_truth"]), rep["id"]
        incident = rep["incident_date"]
        if incident is not None:
            assert len(incident) in (7, 10) and incident <= rep["received_date"], rep["id"]
        for subject, pid in zip(rep["subjects"], rep["_truth"], strict=True):
            assert set(subject) == SUBJECT_KEYS and pid in by_pid, (rep["id"], pid)
            left = by_pid[pid]["leaving_date"]
            if left and incident:
                assert incident <= left[: len(incident)], (rep["id"], pid)
        if rep["_pattern"] == "bullying":
            assert rep["categories"] == ["bullying"], rep["id"]
        assert rep["_pattern"] in (None, "predatory", "bullying")
        assert isinstance(rep["narrative"], str) and rep["narrative"]


def _summary(name: str, reports: list[dict[str, Any]], roster: list[dict[str, Any]]) -> None:
    mentions = [s for r in reports for s in r["subjects"]]
    named = Counter(pid for r in reports for pid in r["_truth"])
    pattern_people: dict[str, Counter[str]] = {"predatory": Counter(), "bullying": Counter()}
    for r in reports:
        if r["_pattern"]:
            pattern_people[r["_pattern"]][r["_truth"][0]] += 1
    predators = pattern_people["predatory"]
    assert len(predators) == 12, len(predators)
    assert all(5 <= n <= 12 for n in predators.values()), predators
    share = {k: sum(1 for s in mentions if s[k]) / len(mentions) for k in sorted(SUBJECT_KEYS)}
    print(f"{name}: {len(roster)} people, {len(reports)} reports, {len(mentions)} mentions")
    print("  share of mentions giving: " + ", ".join(f"{k} {v:.0%}" for k, v in share.items()))
    print(
        f"  people named at all: {len(named)}; named 2+ times: "
        f"{sum(1 for n in named.values() if n >= 2)}; 4+ times: "
        f"{sum(1 for n in named.values() if n >= 4)}"
    )
    for label, people in pattern_people.items():
        print(
            f"  {label}: {len(people)} people, {sum(people.values())} reports "
            f"(per person {min(people.values())}-{max(people.values())})"
        )
    surnames = Counter(row["name"].split(",")[0] for row in roster)
    print(
        f"  distinct roster surnames: {len(surnames)}; most common: "
        + ", ".join(f"{s} {n}" for s, n in surnames.most_common(3))
    )


def main() -> None:
    generators: dict[str, Generator] = {
        "namesakes": namesakes.generate,
        "realistic": realistic.generate,
    }
    for name, generate in generators.items():
        for seed in (1, 2):
            started = time.perf_counter()
            reports, roster = generate(3000, seed)
            took = time.perf_counter() - started
            assert took < 5, took
            by_pid = _check_roster(roster)
            _check_reports(reports, by_pid)
            again = generate(3000, seed)
            assert json.dumps([reports, roster]) == json.dumps(list(again)), "not deterministic"
            if seed == 1:
                _summary(f"{name} (seed 1, {took:.2f}s)", reports, roster)
            else:
                assert json.dumps(reports) != json.dumps(generate(3000, 1)[0])
                _summary(f"{name} (seed 2)", reports, roster)
    print("all checks passed")


if __name__ == "__main__":
    main()
