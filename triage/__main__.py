"""Command line for repeat-subject matching and pattern scoring over a JSON-lines file.

``python -m triage match FILE`` and ``python -m triage patterns FILE`` process
reports in input order exactly as the live service would, under a throwaway
random matching key and an in-memory store. ``--roster ROSTER.jsonl`` gives the
force's HR list (one person a line: ``name``, ``rank``, ``unit``, ``collar_number``,
``warrant_number``, optionally ``former_collar_numbers``, ``former_units`` and
``leaving_date``), which the live service keeps from ``flask roster import``.
Nothing is written anywhere but standard output (results) and standard error
(input errors); narratives are read for flags and then dropped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import secrets
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from intake.vocabulary import AFFECTED_CODES, CATEGORY_CODES, PERSON_FIELDS
from triage.matching.linking import match_subject
from triage.matching.narrative import narrative_flags
from triage.matching.patterns import ReportSignals, score_cluster
from triage.matching.roster import RosterEntry, RosterIndex, entry_from_mapping, resolve
from triage.matching.store import InMemorySubjectStore, SubjectRef
from triage.matching.tokens import (
    SubjectInput,
    labels,
    subject_keys,
    tokenise,
    tokenised_readings,
)
from triage.matching.weights import Weights

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")


class InputError(ValueError):
    """A report line that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Report:
    id: str
    categories: frozenset[str]
    received_date: date
    incident_date: date | None
    subjects: list[SubjectInput]
    affected: frozenset[str]
    narrative: str


def _parse_date(value: Any, what: str, *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            raise ValueError(f"{what} is missing")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string like 2022-04-02")
    try:
        if _DAY_RE.match(value):
            return date.fromisoformat(value)
        if _MONTH_RE.match(value):
            return date.fromisoformat(f"{value}-01")
    except ValueError:
        pass
    raise ValueError(f"{what} {value!r} is not a date (YYYY-MM-DD or YYYY-MM)")


def _string_set(obj: dict[str, Any], key: str, allowed: frozenset[str]) -> frozenset[str]:
    values = obj.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key} must be a list of strings")
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValueError(f"unknown {key}: {', '.join(unknown)}")
    return frozenset(values)


def _parse_subject(raw: Any, number: int) -> SubjectInput:
    if not isinstance(raw, dict):
        raise ValueError(f"subject {number} must be an object")
    values: dict[str, str | None] = {}
    for name in PERSON_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str | int):
            raise ValueError(f"subject {number} {name} must be a string")
        values[name] = str(value) if value not in (None, "") else None
    return SubjectInput(**values)


def parse_report(line: str) -> Report:
    """One report from one JSON line; raises ValueError saying what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    report_id = obj.get("id")
    if not isinstance(report_id, str) or not report_id:
        raise ValueError('"id" must be a non-empty string')
    subjects = obj.get("subjects") or []
    if not isinstance(subjects, list):
        raise ValueError('"subjects" must be a list')
    narrative = obj.get("narrative") or ""
    if not isinstance(narrative, str):
        raise ValueError('"narrative" must be a string')
    received = _parse_date(obj.get("received_date"), "received_date", required=True)
    assert received is not None  # required=True guarantees it
    return Report(
        id=report_id,
        categories=_string_set(obj, "categories", CATEGORY_CODES),
        received_date=received,
        incident_date=_parse_date(obj.get("incident_date"), "incident_date", required=False),
        subjects=[_parse_subject(s, i + 1) for i, s in enumerate(subjects)],
        affected=_string_set(obj, "affected", AFFECTED_CODES),
        narrative=narrative,
    )


def read_roster(lines: Iterable[str]) -> list[RosterEntry]:
    """Parse roster JSON lines (blank lines skipped); raises InputError naming the bad line."""
    entries: list[RosterEntry] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not valid JSON ({exc.msg})") from None
            entries.append(entry_from_mapping(obj))
        except ValueError as exc:
            raise InputError(f"roster line {number}: {exc}") from None
    return entries


def read_reports(lines: Iterable[str]) -> list[Report]:
    """Parse JSON lines (blank lines skipped); raises InputError naming the bad line."""
    reports: list[Report] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            report = parse_report(line)
        except ValueError as exc:
            raise InputError(f"line {number}: {exc}") from None
        if report.id in seen:
            raise InputError(f"line {number}: report id {report.id!r} appears twice")
        seen.add(report.id)
        reports.append(report)
    return reports


@dataclass
class MatchRun:
    """The outcome of matching every subject of every report, in input order."""

    store: InMemorySubjectStore
    refs: dict[str, list[SubjectRef]] = field(default_factory=dict)
    # (new subject, earlier subject) pairs offered to a caseworker as possible matches.
    possible: list[tuple[SubjectRef, SubjectRef]] = field(default_factory=list)

    def clusters_of(self, report_id: str) -> list[str]:
        """Final cluster ids (after merges) of a report's subjects, in order."""
        return [self.store.cluster_of(ref) for ref in self.refs[report_id]]


def run_match(
    reports: list[Report],
    secret: bytes | None = None,
    new_cluster_id: Callable[[], str] | None = None,
    link_probability: float | None = None,
    roster: list[RosterEntry] | None = None,
    weights: Weights | None = None,
) -> MatchRun:
    """Match every subject in input order, as the live service would on arrival
    (``link_probability``, when given, replaces the live threshold), resolving each against
    the force's ``roster`` when one is given, weighing with ``weights`` (hand-set by default)."""
    secret = secret or secrets.token_bytes(32)
    run = MatchRun(InMemorySubjectStore())
    index = RosterIndex.build(roster, secret) if roster is not None else None
    for report in reports:
        run.refs[report.id] = []
        for number, subject in enumerate(report.subjects, start=1):
            ref: SubjectRef = (report.id, number)
            tokens = tokenise(subject_keys(subject), secret)
            resolution = None
            if index is not None:
                resolution = resolve(tokenised_readings(subject, secret), index)
            if resolution is not None:
                tokens |= resolution.tokens()
            result = match_subject(
                run.store,
                ref,
                tokens,
                report.id,
                labels=labels(subject),
                new_cluster_id=new_cluster_id,
                link_probability=link_probability,
                weights=weights,
            )
            if result.possible:
                run.possible.append((ref, result.possible[0]))
            run.refs[report.id].append(ref)
    return run


def run_patterns(reports: list[Report], run: MatchRun) -> list[dict[str, Any]]:
    """Risk for every cluster named in two or more distinct reports, highest first; reports
    that possibly name the cluster's person (open possible matches) count as "possibly"."""
    by_id = {r.id: r for r in reports}
    position = {r.id: i for i, r in enumerate(reports)}
    flags = {r.id: narrative_flags(r.narrative) for r in reports}

    def signals_of(ref: SubjectRef, members: set[SubjectRef]) -> ReportSignals:
        report = by_id[ref[0]]
        # The canonical unit of the subject, as the live service keeps it (``derive_signals``).
        unit = labels(report.subjects[ref[1] - 1]).get("unit")
        return ReportSignals(
            report_id=report.id,
            categories=report.categories,
            received_date=report.received_date,
            incident_date=report.incident_date,
            affected=report.affected,
            narrative_flags=flags[report.id],
            unit_token=unit,
            named_first=(report.id, 1) in members or ref[1] == 1,
        )

    clusters = run.store.clusters()
    # Each cluster's possible matches: the subjects on the other side, in other clusters.
    possibly: dict[str, set[SubjectRef]] = defaultdict(set)
    for new, old in run.possible:
        a, b = run.store.cluster_of(new), run.store.cluster_of(old)
        if a != b:
            possibly[a].add(old)
            possibly[b].add(new)
    results: list[dict[str, Any]] = []
    for cluster_id, members in clusters.items():
        report_ids = sorted({ref[0] for ref in members}, key=position.__getitem__)
        maybe = [ref for ref in sorted(possibly[cluster_id]) if ref[0] not in report_ids]
        if len(report_ids) + len({ref[0] for ref in maybe}) < 2:
            continue
        first = {rid: min(r for r in members if r[0] == rid) for rid in report_ids}
        signals = [signals_of(first[rid], members) for rid in report_ids]
        others = [signals_of(ref, {ref}) for ref in maybe]
        risk = score_cluster(signals, others)
        results.append(
            {
                "cluster": cluster_id,
                "report_ids": report_ids,
                "risk": risk.score,
                "reasons": risk.reasons,
            }
        )
    results.sort(key=lambda r: (-r["risk"], r["cluster"]))
    return results


def counter_ids(prefix: str = "c") -> Callable[[], str]:
    """Deterministic cluster ids (c1, c2, ...) for tests and evaluation."""
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m triage",
        description="Match repeat subjects and score patterns over a JSON-lines file of reports.",
    )
    parser.add_argument(
        "command",
        choices=("match", "patterns"),
        help="match: cluster ids per subject; patterns: risk per repeat cluster",
    )
    parser.add_argument("file", type=Path, help="JSON lines, one report per line")
    parser.add_argument(
        "--roster", type=Path, help="the force's roster as JSON lines, one person per line"
    )
    args = parser.parse_args(argv)
    roster: list[RosterEntry] | None = None
    path = args.file
    try:
        with path.open(encoding="utf-8-sig") as handle:
            reports = read_reports(handle)
        if args.roster is not None:
            path = args.roster
            with path.open(encoding="utf-8-sig") as handle:
                roster = read_roster(handle)
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"error: {path} is not UTF-8 text", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    run = run_match(reports, roster=roster)
    if args.command == "match":
        rows = [{"id": r.id, "subject_clusters": run.clusters_of(r.id)} for r in reports]
    else:
        rows = run_patterns(reports, run)
    try:
        for row in rows:
            print(json.dumps(row))
    except BrokenPipeError:  # e.g. piped into `head`: not an error worth a traceback
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
