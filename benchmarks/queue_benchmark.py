"""How long one page of the team's queue takes over 100,000 cases with a backlog of possible
matches still to judge.

Prints figures; it is not a test. It loads the cases of ``benchmarks.oversight_benchmark`` (same
shapes, same throwaway SQLite file or private PostgreSQL schema), adds N open possible matches
between random pairs of them, and times ``queue_page`` for a lead: the default queue, most pressing
first (sorted, as it cannot be read off an index), the queue by risk (read off
``ix_report_queue_order``), whose rows are tagged when they have a match to judge, and the
"possible match to judge" filter.

    .venv/bin/python -m benchmarks.queue_benchmark --cases 100000 --matches 7000 --backend both
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import insert, text

from benchmarks.oversight_benchmark import CHUNK, database_url, drop_schema, fake_cases
from intake.db import db
from intake.models import Report, ReportCategory, TeamKey
from triage.casework.queue import QueueFilters, queue_page
from triage.casework.repeat_subjects import repeat_subjects
from triage.models import ClusterRisk, Member, PossibleMatch, SubjectLink
from wsgi import create_app

NAMED_AGAIN = "named again (people in more than one report, first page)"


def _load(cases: int, matches: int) -> Member:
    reports, categories, links = fake_cases(cases)
    db.session.execute(
        insert(TeamKey.__table__).values(  # type: ignore[attr-defined]
            id=1, public_key=b"", created_on=date.today()
        )
    )
    for table, rows in (
        (Report.__table__, reports),  # type: ignore[attr-defined]
        (ReportCategory.__table__, categories),  # type: ignore[attr-defined]
        (SubjectLink.__table__, links),
    ):  # type: ignore[attr-defined]
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(table), rows[start : start + CHUNK])
    rng = random.Random(3)
    # Each person's stored risk, as matching leaves it: what "Named again" lists and orders by.
    named: dict[str, set[int]] = defaultdict(set)
    for link in links:
        named[link["cluster_id"]].add(link["report_id"])
    risks = [
        {
            "cluster_id": cluster_id,
            "report_count": len(ids),
            "score": round(rng.uniform(0, 99.9), 1),
            "level": rng.choice(["low", "medium", "high"]),
            "predatory": rng.random() < 0.05,
            "reasons": "[]",
        }
        for cluster_id, ids in named.items()
    ]
    for start in range(0, len(risks), CHUNK):
        db.session.execute(
            insert(ClusterRisk.__table__),  # type: ignore[attr-defined]
            risks[start : start + CHUNK],
        )
    pairs = []
    for _ in range(matches):
        later = rng.randrange(2, cases + 1)
        pairs.append(
            {
                "report_id": later,
                "subject_no": 0,
                "other_report_id": rng.randrange(1, later),
                "other_subject_no": 0,
                "probability": 0.6,
                "reason": b"sealed",
                "status": "open",
            }
        )
    for start in range(0, len(pairs), CHUNK):
        db.session.execute(
            insert(PossibleMatch.__table__),  # type: ignore[attr-defined]
            pairs[start : start + CHUNK],
        )
    # A member row only: the queue reads its id and role, and nobody signs in.
    lead = Member(
        email="lead@bench.test",
        name="Lead",
        role="lead",
        password_hash=None,
        active=True,
        created_on=date.today(),
    )
    db.session.add(lead)
    db.session.commit()
    return lead


def run(backend: str, cases: int, matches: int, repeats: int) -> dict[str, list[float]]:
    filters = {
        "default queue (most pressing first)": QueueFilters(),
        "ordered by risk": QueueFilters(order="risk"),
        "possible-match filter": QueueFilters(possible_pending=True),
    }
    timings: dict[str, list[float]] = {name: [] for name in [*filters, NAMED_AGAIN]}
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url(backend, Path(workdir)), "TESTING": True}
        )
        try:
            with app.app_context():
                db.create_all()
                lead = _load(cases, matches)
                with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.execute(text("VACUUM" if backend == "sqlite" else "VACUUM ANALYZE"))
                    connection.execute(text("ANALYZE"))
                for name, chosen in filters.items():
                    for _ in range(repeats):
                        started = time.perf_counter()
                        queue_page(lead, chosen, date.today())
                        timings[name].append(time.perf_counter() - started)
                        db.session.rollback()
                for _ in range(repeats):
                    started = time.perf_counter()
                    repeat_subjects(lead, 1)
                    timings[NAMED_AGAIN].append(time.perf_counter() - started)
                    db.session.rollback()
                db.session.remove()
                db.engine.dispose()
        finally:
            drop_schema(backend)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--matches",
        type=int,
        default=7_000,
        help="open possible matches (about one per 14 reports)",
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        timings = run(backend, args.cases, args.matches, args.repeats)
        print(f"{backend}: {args.cases:,} cases, {args.matches:,} open possible matches")
        for name, values in timings.items():
            print(
                f"  {name}: median {statistics.median(values) * 1000:.0f} ms, "
                f"worst {max(values) * 1000:.0f} ms over {len(values)} runs"
            )
    load = os.getloadavg()
    print(f"load average while running: {load[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
