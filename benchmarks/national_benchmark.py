"""Scale: one PostgreSQL cluster serving 43 forces, with a force's queue and oversight pages and
the national oversight page timed behind the row-level policies.

Prints figures; it is not a test. It loads N reports (the shapes of
``benchmarks.oversight_benchmark``: categories, clocks, decisions, outcomes, ethnic groups,
retaliation, go-together, subject clusters) spread over 43 forces by size (one force about a
fifth of all, a long tail of small ones, as in England and Wales), plus a national oversight
force, into a private schema that is kept between runs (``--fresh`` reloads it). Then, as the
unprivileged app role (``CANDOUR_DATABASE_ROLE``, so every query passes the force policies):

- a force's queue page (``queue_page`` for a lead: the default queue) for the largest force and
  a middle-sized one;
- a force's oversight page (``counting.compute`` and ``tables.build`` for this reporting year so
  far and the year before, which is what the page computes);
- a force's queue page with the "possible match to judge" filter, over open possible matches
  (about one per 14 reports, as ``benchmarks.queue_benchmark``, added once to a kept schema);
- the national oversight page (``triage.oversight.national.national_tables``) counted live:
  every force's measures for both periods in a transaction each, and the suppression across
  forces;
- the nightly ``flask oversight refresh`` (``triage.oversight.summary.refresh``: every force
  counted in a transaction of its own), and then the national page from the kept counts.

Roster people (about 230,000 in a full national service) are not loaded: none of these pages
reads the roster. Matching with 43 forces present is not timed here.

    .venv/bin/python -m benchmarks.national_benchmark --reports 1000000 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text

from benchmarks.oversight_benchmark import CHUNK, POSTGRES_URL, fake_cases
from intake.db import db
from intake.models import Report, ReportCategory, TeamKey
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.tenancy import create_force, use_force
from triage.casework.queue import QueueFilters, queue_page
from triage.models import Member, PossibleMatch, SubjectLink
from triage.oversight import counting
from triage.oversight.national import national_tables
from triage.oversight.period import default_choice, figures_as_at, previous
from triage.oversight.summary import refresh
from triage.oversight.tables import build
from wsgi import create_app

SCHEMA = "candour_national_bench"
APP_ROLE = "candour_app"
FORCES = 43
# Relative sizes: one force about a fifth of the whole, then a long tail (sums to 231).
WEIGHTS = [46, 12, 10, 9, 8, 8, 7, 6, *[5] * 10, *[4] * 10, *[3] * 10, *[2] * 5]
ID_STRIDE = 10**8  # report ids of force i start at i * ID_STRIDE


def _url(schema: str) -> str:
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def drop_schema(schema: str) -> None:
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _prepare_schema(schema: str, fresh: bool) -> bool:
    """Create the schema (dropping it first with ``fresh``); True when it must be loaded."""
    if fresh:
        drop_schema(schema)
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"), {"s": schema}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.execute(
                text(
                    "DO $$ BEGIN CREATE ROLE candour_app NOLOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
    admin.dispose()
    return not exists


def _grant(schema: str) -> None:
    for statement in (
        f'GRANT USAGE ON SCHEMA "{schema}" TO {APP_ROLE}',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {APP_ROLE}',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {APP_ROLE}',
    ):
        db.session.execute(text(statement))


def _sizes(total: int) -> list[int]:
    weight = sum(WEIGHTS)
    sizes = [total * w // weight for w in WEIGHTS]
    sizes[0] += total - sum(sizes)
    return sizes


def create_forces() -> list[int]:
    """The tables, the 43 forces (the default one first) and a national oversight force."""
    db.create_all()
    force_ids = [DEFAULT_FORCE_ID]
    for number in range(2, FORCES + 1):
        force_ids.append(create_force(f"force-{number:02d}", f"Force {number:02d}").id)
    create_force("national", "National oversight", national=True)
    db.session.commit()
    return force_ids


def _load(total: int) -> None:
    """Every force's reports, each in its force, inserted as the owner (past the policies)."""
    force_ids = create_forces()
    started = time.perf_counter()
    done = 0
    for index, (force_id, size) in enumerate(zip(force_ids, _sizes(total), strict=True)):
        reports, categories, links = fake_cases(size, seed=index + 1)
        offset = index * ID_STRIDE
        for row in reports:
            row["reference"] = f"B{index:02d}{row['id']:09d}"  # 12 characters, as real ones
            row["id"] += offset
            row["receipt_hash"] = row["id"].to_bytes(32)
            row["team_key_id"] = force_id
        for row in categories:
            row["report_id"] += offset
        for row in links:
            row["report_id"] += offset
            row["cluster_id"] = f"f{index:02d}{row['cluster_id']}"
        for rows in (reports, categories, links):
            for row in rows:
                row["force_id"] = force_id
        db.session.execute(
            insert(TeamKey.__table__),  # type: ignore[attr-defined]
            [{"id": force_id, "public_key": b"", "created_on": date.today(), "force_id": force_id}],
        )
        for table, rows in (
            (Report.__table__, reports),  # type: ignore[attr-defined]
            (ReportCategory.__table__, categories),  # type: ignore[attr-defined]
            (SubjectLink.__table__, links),
        ):
            for start in range(0, len(rows), CHUNK):
                db.session.execute(insert(table), rows[start : start + CHUNK])  # type: ignore[arg-type]
        db.session.execute(
            insert(Member.__table__),  # type: ignore[attr-defined]
            [
                {
                    "email": f"lead@force{index}.test",
                    "name": "Lead",
                    "role": "lead",
                    "active": True,
                    "created_on": date.today(),
                    "force_id": force_id,
                }
            ],
        )
        db.session.commit()
        done += size
        rate = done / (time.perf_counter() - started)
        print(
            f"  loaded force {index + 1}/{FORCES}: {size:,} reports "
            f"({done:,} of {total:,}, {rate:,.0f} a second)",
            flush=True,
        )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        print("  VACUUM ANALYZE ...", flush=True)
        connection.execute(text("VACUUM ANALYZE"))


def _add_possible_matches(total: int) -> None:
    """Open possible matches in every force, about one per 14 reports, each between two of the
    force's own reports (what the queue's filter reads); added once to a kept schema."""
    if db.session.scalar(select(func.count()).select_from(PossibleMatch)):
        return
    force_ids = list(
        db.session.scalars(select(Force.id).where(Force.national.is_(False)).order_by(Force.id))
    )
    rng = random.Random(14)
    added = 0
    for index, (force_id, size) in enumerate(zip(force_ids, _sizes(total), strict=True)):
        offset = index * ID_STRIDE
        rows = []
        for _ in range(size // 14):
            later = rng.randrange(2, size + 1)
            rows.append(
                {
                    "id": offset + len(rows) + 1,
                    "report_id": offset + later,
                    "subject_no": 0,
                    "other_report_id": offset + rng.randrange(1, later),
                    "other_subject_no": 0,
                    "probability": 0.6,
                    "reason": b"sealed",
                    "status": "open",
                    "force_id": force_id,
                }
            )
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(PossibleMatch.__table__), rows[start : start + CHUNK])  # type: ignore[attr-defined]
        added += len(rows)
    db.session.commit()
    print(f"  added {added:,} open possible matches", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE possible_match"))


def kept_schema_ready(schema: str, reports: int) -> bool:
    """Grant the app role the loaded schema and check it holds ``reports`` reports (inside the
    owner's app context, which it ends)."""
    _grant(schema)
    db.session.commit()
    with db.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Report.__table__)).scalar()
    db.session.remove()
    db.engine.dispose()
    if stored != reports:
        print(f"The kept schema holds {stored:,} reports, not {reports:,}: use --fresh.")
        return False
    return True


def _timed(repeats: int, work: Any) -> list[float]:
    found = []
    for _ in range(repeats):
        db.session.expire_all()
        started = time.perf_counter()
        work()
        found.append(time.perf_counter() - started)
        db.session.rollback()
    return found


def _summary(name: str, seconds: list[float]) -> str:
    return (
        f"  {name:<48} median {statistics.median(seconds) * 1000:8.0f} ms   "
        f"max {max(seconds) * 1000:8.0f} ms   ({len(seconds)} runs)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="drop and reload the kept schema")
    parser.add_argument("--schema", default=SCHEMA, help="the PostgreSQL schema kept between runs")
    args = parser.parse_args(argv)

    load = _prepare_schema(args.schema, args.fresh)
    owner = create_app({"SQLALCHEMY_DATABASE_URI": _url(args.schema), "TESTING": True})
    with owner.app_context():
        if load:
            print(
                f"Loading {args.reports:,} reports into 43 forces ({args.schema}) ...", flush=True
            )
            started = time.perf_counter()
            _load(args.reports)
            print(f"  loaded in {time.perf_counter() - started:,.0f} s", flush=True)
        db.create_all()  # tables added since the schema was loaded (with their policies)
        _add_possible_matches(args.reports)
        # The national page is timed live first: no kept counts from an earlier run, of any
        # force (SQL text, as the owner: an ORM delete would be scoped to one force).
        db.session.execute(text("DELETE FROM oversight_summary"))
        ready = kept_schema_ready(args.schema, args.reports)
    if not ready:
        return 1

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _url(args.schema),
            "TESTING": True,
            "CANDOUR_DATABASE_ROLE": APP_ROLE,
        }
    )
    today = date.today()
    as_at = figures_as_at(today)  # as the oversight page counts
    chosen = default_choice(as_at)
    before = previous(chosen, as_at)
    results: list[str] = []
    with app.app_context():
        forces = db.session.scalars(
            select(Force).where(Force.national.is_(False)).order_by(Force.id)
        ).all()
        sizes = _sizes(args.reports)
        picks = {"largest": (forces[0], sizes[0]), "middle-sized": (forces[20], sizes[20])}
        db.session.commit()
        for label, (force, size) in picks.items():
            with use_force(force.id):
                lead = db.session.scalars(select(Member)).one()
                print(f"Timing {force.name} ({label}, {size:,} reports) ...", flush=True)
                queue = _timed(args.repeats, lambda: queue_page(lead, QueueFilters(), today))  # noqa: B023
                possible = _timed(
                    args.repeats,
                    lambda: queue_page(lead, QueueFilters(possible_pending=True), today),  # noqa: B023
                )
                page = _timed(
                    args.repeats,
                    lambda: (
                        build(counting.compute(chosen.period, as_at)),
                        build(counting.compute(before.period, as_at)),
                    ),
                )
            results.append(_summary(f"queue page, {label} force ({size:,})", queue))
            results.append(_summary(f"queue, possible-match filter, {label}", possible))
            results.append(_summary(f"oversight page, {label} force ({size:,})", page))
        print("Timing the national oversight page (43 forces, two periods) ...", flush=True)
        labels = (chosen.label, before.label)
        national = _timed(
            args.repeats,
            lambda: national_tables(chosen.period, before.period, labels, today, None),
        )
        results.append(_summary("national oversight page, counted live", national))
        print("Refreshing every force's kept counts (flask oversight refresh) ...", flush=True)
        started = time.perf_counter()
        refresh(
            [f.id for f in forces],
            today,
            lambda force_id: print(f"  counted force {force_id}", flush=True),
        )
        results.append(_summary("nightly refresh, all 43 forces", [time.perf_counter() - started]))
        print("Timing the national oversight page from the kept counts ...", flush=True)
        kept = _timed(
            args.repeats,
            lambda: national_tables(chosen.period, before.period, labels, today, None),
        )
        results.append(_summary("national oversight page, from kept counts", kept))
        db.session.remove()
        db.engine.dispose()
    print(f"\n{args.reports:,} reports in 43 forces, PostgreSQL, as the app role ({APP_ROLE}):")
    print("\n".join(results))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
