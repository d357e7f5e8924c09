"""How long the whole oversight page's measures take over 100,000 cases.

Prints figures; it is not a test. For each backend it creates the real tables (``db.create_all``)
in a throwaway SQLite file or a private PostgreSQL schema, bulk-loads N cases spread over three
years with realistic shapes (one or two categories, most acknowledged within days, outcomes for
most older cases after a long-tailed wait, case decisions and outcomes from the vocabulary, an
ethnic group on about 60% of assessed cases, retaliation flags, go-together reports, and subjects
linked into clusters so that about one in five is named more than once), then times
``counting.compute`` plus ``tables.build`` (every query, suppression included) for the default
reporting year so far and for the whole three years (the page computes the chosen
period and the one before it, so its cost is about two of these).

    .venv/bin/python -m benchmarks.oversight_benchmark --cases 100000 --backend both
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

for _name in ("SECRET_KEY", "RECEIPT_KEY", "MATCHING_KEY", "LIMITER_KEY"):
    os.environ.setdefault(f"CANDOUR_{_name}", secrets.token_hex(32))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from intake.db import db  # noqa: E402
from intake.models import Report, ReportCategory, TeamKey  # noqa: E402
from intake.vocabulary import CATEGORIES  # noqa: E402
from triage.casework.vocabulary import ETHNIC_GROUPS, outcomes_for  # noqa: E402
from triage.models import SubjectLink  # noqa: E402
from triage.oversight.counting import compute  # noqa: E402
from triage.oversight.measures import Period  # noqa: E402
from triage.oversight.period import default_period, figures_as_at  # noqa: E402
from triage.oversight.tables import build  # noqa: E402
from wsgi import create_app  # noqa: E402

POSTGRES_URL = os.environ.get(
    "CANDOUR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCHEMA = "candour_oversight_bench"
TODAY = date.today()
CHUNK = 10_000
# A sealed report is at least the ML-KEM-768 ciphertext (1,088 bytes), the X25519 share and the
# AES-GCM sealed JSON of the answers: about 1.6 kB for a short report. Stored so that scans meet
# rows as big as real ones.
SEALED = os.urandom(1600)
CATEGORY_WEIGHTS = {
    "bullying": 30,
    "sexism_misogyny": 14,
    "sexual_misconduct": 12,
    "racism": 10,
    "homophobia": 4,
    "transphobia": 2,
    "other_discrimination": 5,
    "domestic_abuse": 5,
    "abuse_of_position": 8,
    "retaliation": 4,
    "other": 6,
}
ETHNICITY_WEIGHTS = {"white": 75, "asian": 9, "black": 7, "mixed": 4, "other": 2, "not_stated": 3}


def _maybe_day(start: date, days: float | None) -> date | None:
    if days is None:
        return None
    found = start + timedelta(days=int(days))
    return found if found <= TODAY else None


def fake_cases(
    count: int, seed: int = 5
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for ``report``, ``report_category`` and ``subject_link``."""
    rng = random.Random(seed)
    reports: list[dict[str, Any]] = []
    categories: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    codes, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    clusters = 0
    for number in range(1, count + 1):
        received = TODAY - timedelta(days=rng.randrange(3 * 365))
        acknowledged = _maybe_day(received, rng.expovariate(1 / 4) if rng.random() < 0.95 else None)
        feedback = (
            _maybe_day(acknowledged or received, rng.uniform(20, 110))
            if rng.random() < 0.85
            else None
        )
        subject_type = rng.choice(["officer", "officer", "officer", "staff", "pcso"])
        decision = (
            rng.choices(["case_misconduct", "case_gross_misconduct", "no_case"], [28, 8, 64])[0]
            if rng.random() < 0.8
            else None
        )
        outcome_on = _maybe_day(received, rng.lognormvariate(5.0, 0.8))
        # An outcome needs the report acknowledged first (``outcome.record_outcome``).
        outcome_on = max(outcome_on, acknowledged) if acknowledged and outcome_on else None
        # Only outcomes the decision (if any) can lead to, as casework allows.
        fitting = list(outcomes_for(subject_type, decision))
        outcome = rng.choice(fitting) if outcome_on else None
        closed = _maybe_day(outcome_on, rng.uniform(0, 60)) if outcome_on else None
        together = rng.random() < 0.04
        reports.append(
            {
                "id": number,
                "reference": f"B-{number:09d}",
                "receipt_hash": number.to_bytes(32),
                "team_key_id": 1,
                "content": SEALED,
                "reporter_key": SEALED[:1184],
                "received_on": received,
                "stage": "closed"
                if closed
                else "outcome"
                if outcome_on
                else "acknowledged"
                if acknowledged
                else "received",
                "urgent": False,
                "go_together": together,
                "escrow": ("waiting" if rng.random() < 0.3 else "released") if together else "none",
                "released_on": None,
                "retaliation_on": _maybe_day(received, rng.uniform(5, 200))
                if rng.random() < 0.04
                else None,
                "acknowledged_on": acknowledged,
                "feedback_on": feedback,
                "outcome": outcome,
                "outcome_on": outcome_on,
                "closed_on": closed,
                "subject_type": subject_type,
                "case_decision": decision,
                "risk_score": 0.0,
                "needs_reassignment": False,
                "subject_ethnicity": rng.choices(
                    list(ETHNICITY_WEIGHTS), list(ETHNICITY_WEIGHTS.values())
                )[0]
                if decision and rng.random() < 0.6
                else None,
            }
        )
        for code in set(rng.choices(codes, weights, k=rng.choice([1, 1, 1, 2]))):
            categories.append({"report_id": number, "category": code})
        for subject_no in range(rng.choice([1, 1, 1, 2])):
            # About one subject in five is named again: reuse a recent cluster.
            if clusters and rng.random() < 0.2:
                cluster = rng.randrange(max(1, clusters - 5000), clusters + 1)
            else:
                clusters += 1
                cluster = clusters
            links.append(
                {"report_id": number, "subject_no": subject_no, "cluster_id": f"c{cluster:08d}"}
            )
    assert set(CATEGORY_WEIGHTS) <= set(CATEGORIES) and set(ETHNICITY_WEIGHTS) <= set(ETHNIC_GROUPS)
    return reports, categories, links


def database_url(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'oversight-bench.db'}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    admin.dispose()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{SCHEMA}"


def drop_schema(backend: str) -> None:
    if backend == "postgresql":
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        admin.dispose()


def run(backend: str, count: int, repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url(backend, Path(workdir)), "TESTING": True}
        )
        try:
            with app.app_context():
                db.create_all()
                reports, categories, links = fake_cases(count)
                started = time.perf_counter()
                db.session.execute(
                    insert(TeamKey.__table__).values(  # type: ignore[attr-defined]
                        id=1, public_key=b"", created_on=TODAY
                    )
                )
                for table, rows in (
                    (Report.__table__, reports),  # type: ignore[attr-defined]
                    (ReportCategory.__table__, categories),  # type: ignore[attr-defined]
                    (SubjectLink.__table__, links),
                ):  # type: ignore[attr-defined]
                    for start in range(0, len(rows), CHUNK):
                        db.session.execute(insert(table), rows[start : start + CHUNK])
                db.session.commit()
                # A table in steady use has been vacuumed: PostgreSQL's index-only scans need
                # the visibility map that VACUUM writes (on SQLite it is a no-op rebuild).
                with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.execute(text("VACUUM" if backend == "sqlite" else "VACUUM ANALYZE"))
                    connection.execute(text("ANALYZE"))
                load_s = time.perf_counter() - started
                as_at = figures_as_at(TODAY)  # as the page counts
                periods = {
                    "reporting year so far": default_period(as_at),
                    "three years": Period(as_at - timedelta(days=3 * 366), as_at),
                }
                timings: dict[str, list[float]] = {}
                cpu: dict[str, list[float]] = {}
                for name, period in periods.items():
                    timings[name], cpu[name] = [], []
                    for _ in range(repeats):
                        db.session.expire_all()
                        started, started_cpu = time.perf_counter(), time.process_time()
                        build(compute(period, as_at))
                        timings[name].append(time.perf_counter() - started)
                        cpu[name].append(time.process_time() - started_cpu)
                        db.session.rollback()
                db.session.remove()
                db.engine.dispose()
        finally:
            drop_schema(backend)
    return {
        "backend": backend,
        "cases": count,
        "links": len(links),
        "load_s": load_s,
        "timings": timings,
        "cpu": cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        result = run(backend, args.cases, args.repeats)
        print(
            f"{backend}: {result['cases']:,} cases, {result['links']:,} subject links "
            f"(loaded in {result['load_s']:.1f} s)"
        )
        for name, values in result["timings"].items():
            # On SQLite the queries run in this process, so its CPU time is what the page costs
            # on an idle machine; on PostgreSQL the work is in the server and this is only ours.
            cpu = statistics.median(result["cpu"][name]) * 1000
            print(
                f"  whole page, {name}: median {statistics.median(values) * 1000:.0f} ms, "
                f"worst {max(values) * 1000:.0f} ms over {len(values)} runs "
                f"(this process's CPU: median {cpu:.0f} ms)"
            )
    load = os.getloadavg()
    print(f"load average while running: {load[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
