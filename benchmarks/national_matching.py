"""Matching at national scale: one new report's arrival matching in one of 43 forces, with every
force's reports, rosters and national tokens present, timed behind the row-level policies; and
``flask triage relink --all-forces`` over them.

Prints figures; it is not a test. It extends ``benchmarks.national_benchmark`` (the same 43
forces sized as in England and Wales, the same report rows from
``benchmarks.oversight_benchmark.fake_cases``, the same unprivileged app role) with what matching
reads, as ``benchmarks.match_benchmark`` makes it for one force: each force's earlier reports
name the people of its own ``seeds.synthetic`` population (tokens under the force's own key,
``intake.tenancy.force_secret``, already clustered by person), the force's roster (the rosters
together hold ``--roster`` people), and every subject's and roster person's national tokens
under the national key. The people of different forces are different synthetic populations, so
what agrees across forces is namesakes, as most cross-force lookups will find.

Then, as the app role in the largest force and a middle-sized one, for each of ``--new`` new
reports (the force's population, so some name people already reported): insert the report and
time ``on_report_received`` as the service runs it at submission (roster resolution, matching,
link reasons sealed, possible matches, go-together release, cluster re-scoring, the national
tokens stored and looked up in the other 42 forces, and notices written in both forces), rolled
back afterwards so each meets the same data; and the national step inside it alone
(``national.on_arrival``: tokens stored, lookup locks, the lookup, notices) with its statements.
It prints p50/p95/p99 of both, the CPU per report of this process and of its PostgreSQL server
process, and the load average. With ``--relink`` it then times ``flask triage relink
--all-forces --dry-run`` (every force in its own transaction, nothing written).

    .venv/bin/python -m benchmarks.national_matching --reports 1000000 --roster 230000

The load is kept in its own schema (``--fresh`` reloads it), loaded in bulk by
``benchmarks.national_load`` (a million reports in about 11 minutes here), and prints its
progress.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import event, func, select

from benchmarks.match_benchmark import backend_cpu
from benchmarks.national_benchmark import (
    APP_ROLE,
    FORCES,
    ID_STRIDE,
    _prepare_schema,
    _sizes,
    _url,
    create_forces,
    kept_schema_ready,
)
from benchmarks.national_load import (
    TABLES,
    ForceJob,
    drop_indexes,
    load_forces,
    make_indexes,
)
from benchmarks.oversight_benchmark import fake_cases
from intake.db import db
from intake.models import Report, TeamKey
from intake.models.force import Force
from intake.tenancy import use_force
from seeds.synthetic import generate
from triage.matching import national
from triage.matching.on_arrival import on_report_received
from triage.matching.roster_sql import pack
from triage.models import CrossForceNotice
from triage.team.keys import create_team_key
from wsgi import create_app

SCHEMA = "candour_national_match_bench"
NATIONAL_KEY = hashlib.sha256(b"candour benchmark national matching key").digest()
# The forces' matching key (each force's derived from it) is the benchmark's own, not the
# instance's key file: the kept schema's tokens stay valid whichever app times them.
MATCHING_KEY = hashlib.sha256(b"candour benchmark matching key").digest()
FIELDS = ("name", "collar_number", "warrant_number", "rank", "unit")
# Forces loaded at once, each by a process of its own (this machine has two cores).
WORKERS = 2
T = TypeVar("T")


def _with_matching_key(app: Flask) -> Flask:
    secrets = app.config["CANDOUR_SECRETS"]
    app.config["CANDOUR_SECRETS"] = replace(secrets, matching_key=MATCHING_KEY)
    return app


def _raw(work: Callable[[Any], T]) -> T:
    raw = db.engine.raw_connection()
    try:
        return work(raw)
    finally:
        raw.close()


def _load(total: int, roster: int, new: int, secret: bytes, schema: str) -> None:
    """Every force's reports, roster and tokens, as the owner (past the policies), in bulk
    (``benchmarks.national_load``)."""
    force_ids = create_forces()
    started = time.perf_counter()
    sizes, roster_sizes = _sizes(total), _sizes(roster)
    jobs, first_person = [], 1
    for index, force_id in enumerate(force_ids):
        with use_force(force_id):
            key_id = create_team_key().key_id  # a real key pair: arrival seals link reasons to it
        slug = db.session.get(Force, force_id).slug  # type: ignore[union-attr]
        jobs.append(
            ForceJob(
                index,
                force_id,
                slug,
                key_id,
                sizes[index],
                roster_sizes[index],
                first_person,
                new,
                _url(schema),
                secret,
                NATIONAL_KEY,
            )
        )
        first_person += roster_sizes[index]
    db.session.commit()
    dropped = _raw(lambda raw: drop_indexes(raw, TABLES))
    db.engine.dispose()  # the workers are forked: none may share this process's connections
    for done, (job, took) in enumerate(load_forces(jobs, ID_STRIDE, WORKERS), start=1):
        print(
            f"  {done}/{FORCES}: force {job.index + 1}, {job.reports:,} reports, "
            f"{job.roster:,} on the roster, in {took:,.0f} s "
            f"({time.perf_counter() - started:,.0f} s)",
            flush=True,
        )
    print("  indexes and constraints ...", flush=True)
    _raw(lambda raw: make_indexes(raw, dropped))
    pack(db.session)  # each roster person's tokens in their row, as an import leaves them
    db.session.commit()
    print(f"  ({time.perf_counter() - started:,.0f} s)", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        print("  VACUUM ANALYZE ...", flush=True)
        # Only this schema's tables: a bare VACUUM would sweep every schema in the database.
        tables = ", ".join(table.name for table in db.metadata.sorted_tables)
        connection.exec_driver_sql(f"VACUUM ANALYZE {tables}")


def _new_report(force_id: int, report_id: int, key_id: int) -> Report:
    """A report as submission stores it before the matching hook runs."""
    row = fake_cases(1, seed=report_id)[0][0]
    row.update(
        id=report_id,
        reference=f"N{report_id % 10**11:011d}",
        receipt_hash=report_id.to_bytes(32),
        team_key_id=key_id,
        force_id=force_id,
        received_on=date.today(),
        stage="received",
        go_together=False,
        escrow="none",
    )
    for name in ("acknowledged_on", "feedback_on", "outcome", "outcome_on", "closed_on"):
        row[name] = None
    report = Report(**row)
    db.session.add(report)
    db.session.flush()
    return report


@dataclass
class Timings:
    """What the arrivals timed in one force took."""

    whole: list[float] = field(default_factory=list)  # seconds, on_report_received
    across: list[float] = field(default_factory=list)  # seconds, its national step
    statements: list[int] = field(default_factory=list)  # the national step's, per arrival
    notices: list[int] = field(default_factory=list)
    named: int = 0
    client_cpu: float = 0.0  # seconds of this process's CPU over all arrivals
    server_cpu: float = float("nan")  # seconds of the PostgreSQL backend's


@contextmanager
def _national_step_timed(timings: Timings) -> Iterator[None]:
    """Time ``national.on_arrival`` (the national tokens stored, looked up in the other forces
    and the notices written) inside each arrival: the service calls it through the module, so
    it is wrapped there for the run. What was pending before it is flushed first (its first
    statement would flush it anyway), and the notices it adds are flushed inside the time."""
    step = national.on_arrival
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    def timed(session: Any, *arguments: Any) -> None:
        session.flush()
        statements[0] = 0
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        try:
            step(session, *arguments)
            session.flush()
        finally:
            timings.across.append(time.perf_counter() - started)
            event.remove(db.engine, "before_cursor_execute", count)
            timings.statements.append(statements[0])

    national.on_arrival = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        national.on_arrival = step


def _time_arrivals(force: Force, index: int, size: int, new: int) -> Timings:
    """How long each new report's arrival matching took in ``force``, its national step alone,
    the notices each wrote, and the CPU they used."""
    later = generate(size + new, seed=index + 1)[size:]
    timings = Timings()
    with use_force(force.id), _national_step_timed(timings):
        key_id = db.session.scalars(select(TeamKey.id)).one()
        server_before = backend_cpu(db.session())
        for offset, synthetic in enumerate(later, start=1):
            report = _new_report(force.id, index * ID_STRIDE + size + offset, key_id)
            people = [{f: raw.get(f) or "" for f in FIELDS} for raw in synthetic["subjects"]]
            answers = {"people": people, "categories": synthetic["categories"], "description": ""}
            timings.named += len(people)
            client_before = time.process_time()
            started = time.perf_counter()
            on_report_received(report, answers)
            db.session.flush()
            timings.whole.append(time.perf_counter() - started)
            timings.client_cpu += time.process_time() - client_before
            timings.notices.append(
                db.session.scalar(
                    select(func.count())
                    .select_from(CrossForceNotice)
                    .where(CrossForceNotice.report_id == report.id)
                )
                or 0
            )
            db.session.rollback()
        server_after = backend_cpu(db.session())
    # The backend's CPU over the loop also counts inserting each report and counting its
    # notices (two short statements of about 30 per arrival); the same backend throughout.
    if server_before and server_after and server_before[0] == server_after[0]:
        timings.server_cpu = server_after[1] - server_before[1]
    return timings


def _spread(seconds: list[float]) -> str:
    ms = [1000 * s for s in seconds]
    return (
        f"p50 {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
        f"p99 {_percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--roster", type=int, default=230_000, help="people on all rosters")
    parser.add_argument("--new", type=int, default=100, help="new reports timed per force")
    parser.add_argument("--relink", action="store_true", help="time relink --all-forces too")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the kept schema")
    parser.add_argument("--schema", default=SCHEMA, help="the PostgreSQL schema kept between runs")
    args = parser.parse_args(argv)

    load = _prepare_schema(args.schema, args.fresh)
    config = {
        "SQLALCHEMY_DATABASE_URI": _url(args.schema),
        "TESTING": True,
        "CANDOUR_NATIONAL_MATCHING_KEY": NATIONAL_KEY,
    }
    owner = _with_matching_key(create_app(config))
    with owner.app_context():
        if load:
            print(
                f"Loading {args.reports:,} reports and {args.roster:,} roster people into 43 "
                f"forces ({args.schema}) ...",
                flush=True,
            )
            started = time.perf_counter()
            _load(args.reports, args.roster, args.new, MATCHING_KEY, args.schema)
            print(f"  loaded in {time.perf_counter() - started:,.0f} s", flush=True)
        ready = kept_schema_ready(args.schema, args.reports)
    if not ready:
        return 1

    app = _with_matching_key(create_app({**config, "CANDOUR_DATABASE_ROLE": APP_ROLE}))
    sizes, rosters = _sizes(args.reports), _sizes(args.roster)
    print(
        f"{args.reports:,} reports and {args.roster:,} roster people in 43 forces, PostgreSQL, "
        f"as the app role ({APP_ROLE}); one report's arrival matching (on_report_received):"
    )
    with app.app_context():
        forces = db.session.scalars(
            select(Force).where(Force.national.is_(False)).order_by(Force.id)
        ).all()
        db.session.commit()
        for label, index in (("largest", 0), ("middle-sized", 20)):
            timed = _time_arrivals(forces[index], index, sizes[index], args.new)
            count = len(timed.whole)
            print(
                f"  {label} force ({sizes[index]:,} reports, {rosters[index]:,} on its roster): "
                f"{_spread(timed.whole)} over {count} reports naming {timed.named} people; "
                f"notices written {sum(timed.notices)} (up to {max(timed.notices)} for one "
                f"report)\n"
                f"    national step alone (national.on_arrival): {_spread(timed.across)}; "
                f"{statistics.median(timed.statements):.0f} statements (up to "
                f"{max(timed.statements)})\n"
                f"    CPU per report: this process {1000 * timed.client_cpu / count:.1f} ms, "
                f"PostgreSQL {1000 * timed.server_cpu / count:.1f} ms; load average "
                f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                flush=True,
            )
        if args.relink:
            print("flask triage relink --all-forces --dry-run ...", flush=True)
            started = time.perf_counter()
            result = app.test_cli_runner().invoke(
                args=["triage", "relink", "--all-forces", "--dry-run"]
            )
            took = time.perf_counter() - started
            print("\n".join(line for line in result.output.splitlines() if "subjects:" in line))
            print(
                f"  relink of all forces: {took:,.0f} s (exit {result.exit_code}); load average "
                f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                flush=True,
            )
        db.session.remove()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
