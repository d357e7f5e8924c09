"""Loading ``benchmarks.national_matching``'s 43 forces fast enough for a million reports.

What is loaded is described there. How it is loaded:

- every table by COPY, the reports too;
- with the loaded tables' indexes, primary keys, unique constraints and foreign keys dropped
  first and made again from their own definitions afterwards (``drop_indexes``,
  ``make_indexes``): one sort
  per index instead of tens of millions of random inserts into B-trees far larger than the
  server's buffers, and one check per foreign key instead of one per row;
- two forces at a time, each in a worker process of its own with its own connection, so that
  one builds rows (Python) while the other's rows are written (the server);
- each distinct key hashed once per key (``Hashes``): units, ranks, surnames and given names
  repeat across hundreds of thousands of people.

The rows are those the loader wrote one at a time before, except that national tokens now hold
each full name with its force too (``name_force``), as the service stores them.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from benchmarks.match_benchmark import copy_rows, roster_entry, subject_input
from benchmarks.oversight_benchmark import fake_cases
from intake.tenancy import force_secret
from seeds.synthetic import _Population, generate
from triage.matching import national
from triage.matching.roster import entry_keys, person_key
from triage.matching.tokens import Key, subject_keys, token_for

# Reports built and written at a time within one force (bounds a worker's memory).
CHUNK = 25_000
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
TABLES = ("report", *COLUMNS)


class Hashes:
    """The keyed hashes of keys under one secret, each key hashed once (``token_for``)."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self.known: dict[Key, bytes] = {}

    def digest(self, key: Key) -> bytes:
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = bytes.fromhex(token_for(key, self.secret)[1])
        return found

    def tokens(self, keys: Iterable[Key]) -> list[tuple[str, bytes]]:
        """What ``tokenise`` gives, as bytes."""
        return [(kind, self.digest((kind, value))) for kind, value in keys]

    def national(self, keys: Iterable[Key]) -> list[tuple[str, bytes]]:
        """What ``national.national_tokens`` gives, as bytes."""
        return [
            (kind, self.digest((national.HASHED_AS.get(kind, kind), value))) for kind, value in keys
        ]


@dataclass(frozen=True)
class ForceJob:
    """One force's share of the load."""

    index: int
    force_id: int
    slug: str
    key_id: int
    reports: int
    roster: int
    first_person: int
    new: int
    url: str
    secret: bytes
    national_key: bytes


def roster_rows(job: ForceJob, force: Hashes, across: Hashes) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of one force's roster: its people, their tokens and their national tokens, as
    ``import_roster`` stores them."""
    rows: dict[str, list[tuple[Any, ...]]] = {"person": [], "token": [], "national": []}
    people = _Population(random.Random(job.index + 1), job.roster).people
    for number, person in enumerate(people, start=job.first_person):
        entry = roster_entry(person)
        (_, value), *_ = force.tokens({person_key(entry)})
        rows["person"].append((number, value, job.key_id, b"sealed", 1, None, job.force_id))
        for kind, token in force.tokens(entry_keys(entry)):
            rows["token"].append((number, kind, token, job.force_id))
        keys = national.roster_national_keys(entry, job.slug)
        for kind, token in across.national(keys):
            rows["national"].append((number, kind, token, job.force_id))
    return rows


def earlier_rows(
    job: ForceJob,
    reports: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    force: Hashes,
    across: Hashes,
) -> dict[str, list[tuple[Any, ...]]]:
    """Token, link and national-token rows of a force's earlier reports (``rows`` are their
    report rows, whose ids and days they take), as arrival matching stores them."""
    out: dict[str, list[tuple[Any, ...]]] = {"token": [], "link": [], "national": []}
    for report, row in zip(reports, rows, strict=True):
        for number, (raw, truth) in enumerate(
            zip(report["subjects"], report["_truth"], strict=True), start=1
        ):
            subject = subject_input(raw)
            for kind, token in force.tokens(subject_keys(subject)):
                out["token"].append(
                    (random.getrandbits(62), row["id"], number, kind, token, job.force_id)
                )
            cluster = hashlib.sha256(f"{job.force_id}:{truth}".encode()).hexdigest()[:32]
            out["link"].append((row["id"], number, cluster, job.force_id))
            year, held = row["received_on"].year, False
            for kind, token in across.national(national.national_keys(subject, job.slug)):
                out["national"].append(
                    (
                        random.getrandbits(62),
                        job.force_id,
                        row["id"],
                        number,
                        kind,
                        token,
                        year,
                        held,
                    )
                )
    return out


def report_rows(job: ForceJob, stride: int) -> list[dict[str, Any]]:
    reports, _, _ = fake_cases(job.reports, seed=job.index + 1)
    for row in reports:
        row.update(
            id=row["id"] + job.index * stride,
            reference=f"B{job.index:02d}{row['id']:09d}",
            team_key_id=job.key_id,
            force_id=job.force_id,
        )
        row["receipt_hash"] = row["id"].to_bytes(32)
    reports.sort(key=lambda r: (r["received_on"], r["id"]))
    return reports


def load_force(job: ForceJob, stride: int) -> tuple[ForceJob, float]:
    """Write one force's reports, roster and tokens (in a worker process); the seconds taken."""
    started = time.perf_counter()
    force, across = Hashes(force_secret(job.secret, job.force_id)), Hashes(job.national_key)
    engine = create_engine(job.url, poolclass=NullPool)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        people = roster_rows(job, force, across)
        for table, key in (
            ("roster_person", "person"),
            ("roster_token", "token"),
            ("roster_national_token", "national"),
        ):
            copy_rows(cursor, table, COLUMNS[table], people[key])
        del people
        reports = report_rows(job, stride)
        # The force's population: its earlier reports, then the new ones timed (not loaded).
        synthetic = generate(job.reports + job.new, seed=job.index + 1)[: job.reports]
        columns = tuple(reports[0]) if reports else ()
        for start in range(0, job.reports, CHUNK):
            chunk = reports[start : start + CHUNK]
            copy_rows(cursor, "report", columns, [tuple(r.values()) for r in chunk])
            earlier = earlier_rows(job, synthetic[start : start + CHUNK], chunk, force, across)
            for table, key in (
                ("subject_token", "token"),
                ("subject_link", "link"),
                ("national_token", "national"),
            ):
                copy_rows(cursor, table, COLUMNS[table], earlier[key])
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return job, time.perf_counter() - started


def _load_one(arguments: tuple[ForceJob, int]) -> tuple[ForceJob, float]:
    return load_force(*arguments)


def load_forces(
    jobs: list[ForceJob], stride: int, workers: int
) -> Iterator[tuple[ForceJob, float]]:
    """Every force's share, ``workers`` at a time, the largest first; yields each as done."""
    ordered = sorted(jobs, key=lambda job: -job.reports)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(_load_one, [(job, stride) for job in ordered])


Definition = tuple[str, str, str, str]  # (table, name, "p"/"u"/"f" or "i" for an index, DDL)


def drop_indexes(raw: Any, tables: Iterable[str]) -> list[Definition]:
    """Drop ``tables``' indexes and constraints (and the foreign keys pointing at them) for a
    bulk load; return their definitions for ``make_indexes``. ``raw`` is a psycopg connection
    whose search path is the schema loaded."""
    names = list(tables)
    cursor = raw.cursor()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE contype IN ('p', 'u', 'f') "
        "AND (conrelid = ANY(%(t)s::regclass[]) OR confrelid = ANY(%(t)s::regclass[]))",
        {"t": names},
    )
    constraints: list[Definition] = cursor.fetchall()
    cursor.execute(
        "SELECT indrelid::regclass::text, indexrelid::regclass::text, 'i', "
        "pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY(%(t)s::regclass[]) "
        "AND indexrelid NOT IN (SELECT conindid FROM pg_constraint)",
        {"t": names},
    )
    indexes: list[Definition] = cursor.fetchall()
    # Foreign keys first (they depend on the keys they point at), then what they point at.
    ordered = sorted(constraints, key=lambda c: c[2] != "f") + indexes
    for table, name, kind, _ in ordered:
        if kind == "i":
            cursor.execute(f'DROP INDEX "{name}"')
        else:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    raw.commit()
    return ordered


def make_indexes(raw: Any, dropped: list[Definition]) -> None:
    """Make again what ``drop_indexes`` dropped: keys and indexes, then foreign keys (each
    checked over the whole table at once)."""
    cursor = raw.cursor()
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for table, name, kind, definition in sorted(dropped, key=lambda d: d[2] == "f"):
        if kind == "i":
            cursor.execute(definition)
        else:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    raw.commit()
