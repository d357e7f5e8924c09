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
back afterwards so each meets the same data. With ``--relink`` it then times ``flask triage relink
--all-forces --dry-run`` (every force in its own transaction, nothing written).

    .venv/bin/python -m benchmarks.national_matching --reports 100000 --roster 230000

The load is kept in its own schema (``--fresh`` reloads it); generating and hashing the reports
and rosters is most of it, and it prints its progress.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select

from benchmarks.match_benchmark import copy_rows, roster_entry, subject_input
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
from benchmarks.oversight_benchmark import fake_cases
from intake.db import db
from intake.models import Report, TeamKey
from intake.models.force import Force
from intake.tenancy import force_secret, use_force
from seeds.synthetic import _Population, generate
from triage.matching import national
from triage.matching.on_arrival import on_report_received
from triage.matching.roster import entry_keys, person_key
from triage.matching.tokens import subject_keys, tokenise
from triage.models import CrossForceNotice
from triage.team.keys import create_team_key
from wsgi import create_app

SCHEMA = "candour_national_match_bench"
NATIONAL_KEY = hashlib.sha256(b"candour benchmark national matching key").digest()
FIELDS = ("name", "collar_number", "warrant_number", "rank", "unit")


def _roster(
    force_id: int, key_id: int, people: int, seed: int, secret: bytes, first_id: int
) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of one force's roster: its people, their tokens and their national tokens."""
    rows: dict[str, list[tuple[Any, ...]]] = {"person": [], "token": [], "national": []}
    for number, person in enumerate(
        _Population(random.Random(seed), people).people, start=first_id
    ):
        entry = roster_entry(person)
        value = bytes.fromhex(tokenise({person_key(entry)}, secret).pop()[1])
        rows["person"].append((number, value, key_id, b"sealed", 1, None, force_id))
        for kind, hexed in tokenise(entry_keys(entry), secret):
            rows["token"].append((number, kind, bytes.fromhex(hexed), force_id))
        keys = national.roster_national_keys(entry)
        for kind, hexed in national.national_tokens(keys, NATIONAL_KEY):
            rows["national"].append((number, kind, bytes.fromhex(hexed), force_id))
    return rows


def _earlier(
    force_id: int, reports: list[dict[str, Any]], rows: list[dict[str, Any]], secret: bytes
) -> dict[str, list[tuple[Any, ...]]]:
    """Token, link and national-token rows of a force's earlier reports (``rows`` are their
    report rows, whose ids and days they take)."""
    out: dict[str, list[tuple[Any, ...]]] = {"token": [], "link": [], "national": []}
    for report, row in zip(reports, rows, strict=True):
        for number, (raw, truth) in enumerate(
            zip(report["subjects"], report["_truth"], strict=True), start=1
        ):
            subject = subject_input(raw)
            for kind, value in tokenise(subject_keys(subject), secret):
                out["token"].append(
                    (
                        random.getrandbits(62),
                        row["id"],
                        number,
                        kind,
                        bytes.fromhex(value),
                        force_id,
                    )
                )
            cluster = hashlib.sha256(f"{force_id}:{truth}".encode()).hexdigest()[:32]
            out["link"].append((row["id"], number, cluster, force_id))
            for kind, value in national.national_tokens(
                national.national_keys(subject), NATIONAL_KEY
            ):
                out["national"].append(
                    (
                        random.getrandbits(62),
                        force_id,
                        row["id"],
                        number,
                        kind,
                        bytes.fromhex(value),
                        row["received_on"].year,
                        False,
                    )
                )
    return out


COLUMNS = {
    "roster_person": (
        "id",
        "person_token",
        "team_key_id",
        "content",
        "version",
        "left_on",
        "force_id",
    ),
    "roster_token": ("person_id", "kind", "token", "force_id"),
    "roster_national_token": ("person_id", "kind", "token", "force_id"),
    "subject_token": ("id", "report_id", "subject_no", "kind", "token", "force_id"),
    "subject_link": ("report_id", "subject_no", "cluster_id", "force_id"),
    "national_token": (
        "id",
        "force_id",
        "report_id",
        "subject_no",
        "kind",
        "token",
        "year",
        "held",
    ),
}


def _load(total: int, roster: int, new: int, secret: bytes) -> None:
    """Every force's reports, roster and tokens, as the owner (past the policies)."""
    force_ids = create_forces()
    started = time.perf_counter()
    sizes, roster_sizes = _sizes(total), _sizes(roster)
    person_id = 0
    for index, (force_id, size) in enumerate(zip(force_ids, sizes, strict=True)):
        with use_force(force_id):
            key_id = create_team_key().key_id  # a real key pair: arrival seals link reasons to it
        reports, _, _ = fake_cases(size, seed=index + 1)
        for row in reports:
            row.update(
                id=row["id"] + index * ID_STRIDE,
                reference=f"B{index:02d}{row['id']:09d}",
                team_key_id=key_id,
                force_id=force_id,
            )
            row["receipt_hash"] = row["id"].to_bytes(32)
        reports.sort(key=lambda r: (r["received_on"], r["id"]))
        force_key = force_secret(secret, force_id)
        # The force's population: its earlier reports, then the new ones timed (not loaded).
        synthetic = generate(size + new, seed=index + 1)[:size]
        earlier = _earlier(force_id, synthetic, reports, force_key)
        people = _roster(force_id, key_id, roster_sizes[index], index + 1, force_key, person_id + 1)
        person_id += roster_sizes[index]
        db.session.execute(insert(Report.__table__), reports)  # type: ignore[attr-defined]
        db.session.commit()
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for table, rows in (
                ("roster_person", people["person"]),
                ("roster_token", people["token"]),
                ("roster_national_token", people["national"]),
                ("subject_token", earlier["token"]),
                ("subject_link", earlier["link"]),
                ("national_token", earlier["national"]),
            ):
                copy_rows(cursor, table, COLUMNS[table], rows)
            raw.commit()
        finally:
            raw.close()
        print(
            f"  force {index + 1}/{FORCES}: {size:,} reports, {roster_sizes[index]:,} on the "
            f"roster ({time.perf_counter() - started:,.0f} s)",
            flush=True,
        )
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


def _time_arrivals(
    force: Force, index: int, size: int, new: int
) -> tuple[list[float], list[int], int]:
    """Seconds each new report's arrival matching took in ``force``, the notices each wrote,
    and how many people they named."""
    later = generate(size + new, seed=index + 1)[size:]
    seconds: list[float] = []
    notices: list[int] = []
    named = 0
    with use_force(force.id):
        key_id = db.session.scalars(select(TeamKey.id)).one()
        for offset, synthetic in enumerate(later, start=1):
            report = _new_report(force.id, index * ID_STRIDE + size + offset, key_id)
            people = [{f: raw.get(f) or "" for f in FIELDS} for raw in synthetic["subjects"]]
            answers = {"people": people, "categories": synthetic["categories"], "description": ""}
            named += len(people)
            started = time.perf_counter()
            on_report_received(report, answers)
            db.session.flush()
            seconds.append(time.perf_counter() - started)
            notices.append(
                db.session.scalar(
                    select(func.count())
                    .select_from(CrossForceNotice)
                    .where(CrossForceNotice.report_id == report.id)
                )
                or 0
            )
            db.session.rollback()
    return seconds, notices, named


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
    owner = create_app(config)
    with owner.app_context():
        if load:
            print(
                f"Loading {args.reports:,} reports and {args.roster:,} roster people into 43 "
                f"forces ({args.schema}) ...",
                flush=True,
            )
            started = time.perf_counter()
            _load(args.reports, args.roster, args.new, owner.config["CANDOUR_SECRETS"].matching_key)
            print(f"  loaded in {time.perf_counter() - started:,.0f} s", flush=True)
        ready = kept_schema_ready(args.schema, args.reports)
    if not ready:
        return 1

    app = create_app({**config, "CANDOUR_DATABASE_ROLE": APP_ROLE})
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
            seconds, notices, named = _time_arrivals(forces[index], index, sizes[index], args.new)
            ms = [1000 * s for s in seconds]
            print(
                f"  {label} force ({sizes[index]:,} reports, {rosters[index]:,} on its roster): "
                f"p50 {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
                f"p99 {_percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms over {len(ms)} "
                f"reports naming {named} people; notices written {sum(notices)} "
                f"(up to {max(notices)} for one report); load average "
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
