"""How long the live matcher takes to match one new report against N earlier reports.

Prints figures; it is not a test. For each size and backend it bulk-loads the blind-index tokens
and cluster links of N earlier reports from ``seeds.synthetic`` (realistic names, nicknames,
typos, shoulder numbers and units, so tokens collide as they would in real reports), then matches
new reports through ``SqlSubjectStore`` + ``triage.matching.linking.match_subject``, the code the
service
runs at submission. Each new report is matched in its own transaction, rolled back afterwards, so
every report meets exactly N earlier ones.

Above 100,000 reports the earlier reports come from several independent synthetic populations of
75,000 people each (``seeds.synthetic`` draws shoulder numbers from a fixed space and cannot make
one bigger population); names still follow one distribution, so common names collide more and more
as N grows, as they would.

    .venv/bin/python -m benchmarks.match_benchmark --sizes 10000,100000 --backend both

Matching reads at most ``COMMON_TOKEN_LIMIT + 1`` index entries per token and counts a surname's
holders no further than ``SURNAME_COUNT_LIMIT`` (``triage.matching.linking``), so the candidates
seen per
report ("cand p50", "cand max") should stay flat as N grows; that is the figure to watch on a busy
machine, where wall-clock timings are noisy.

With ``--roster N`` a force roster of N people (the synthetic population, so the people the new
reports name are on it) is loaded too, and each new subject is first resolved against it
(``triage.matching.roster_store``) as the service does once a roster is imported; the earlier
reports are loaded without roster tokens.

Loading 1,000,000 reports takes a while (generating and tokenising them is most of it; the rows
go in with COPY on PostgreSQL), and prints its progress. With ``--reuse`` a loaded schema (or
SQLite file) is kept, named for its size and roster, and used again by later runs with the same
size, roster and ``--new``, so trying a change to the lookups costs no reload:

    .venv/bin/python -m benchmarks.match_benchmark --sizes 1000000 --backend postgresql \
        --roster 50000 --reuse

"cpu ms" and "db cpu" are the mean CPU time per report of this process and of its PostgreSQL
server process (read from ``/proc``, so only with the server on this host; the server's is counted
in ticks of 10 ms over all the reports, so only its mean is meaningful): on a shared machine they
move far less than the wall-clock times, which include waiting for a core. The load average is
printed at the end.

Timings exclude the commit; peak memory is the tracemalloc peak while matching one report (a
separate pass, since tracing slows Python down) and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DDL,
    Column,
    Date,
    DefaultClause,
    Engine,
    Integer,
    MetaData,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import Session

from intake.models.force import DEFAULT_FORCE_ID
from intake.models.ids import random_id
from seeds.synthetic import _Population, generate
from triage.matching.linking import match_subject
from triage.matching.roster import RosterEntry, entry_keys, person_key
from triage.matching.roster_sql import pack
from triage.matching.roster_store import SqlRoster, resolve_subject
from triage.matching.sql_store import SqlSubjectStore
from triage.matching.tokens import SubjectInput, labels, subject_keys, tokenise
from triage.models.roster import RosterPerson, RosterToken
from triage.models.subjects import ClusterRisk, PossibleMatch, SubjectLink, SubjectToken
from triage.models.weights import MatchWeights

POSTGRES_URL = os.environ.get(
    "CANDOUR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCHEMA = "candour_bench"
# Reports received a day, to date them in arrival order (report ids are in arrival order).
REPORTS_A_DAY = 500
REUSE_DIR = Path("instance")  # where ``--reuse`` keeps SQLite databases
CHUNK = 100_000  # earlier reports per synthetic population
SECRET = hashlib.sha256(b"candour benchmark matching key").digest()
FIELDS = ("name", "collar_number", "warrant_number", "rank", "unit")
ROSTER_PERSON_SQL = (
    "INSERT INTO roster_person (id, person_token, team_key_id, content, version, left_on) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)
ROSTER_HASHES_SQL = "INSERT INTO roster_token (person_id, kind, token) VALUES (%s, %s, %s)"
ROSTER_PERSON_COLUMNS = ("id", "person_token", "team_key_id", "content", "version", "left_on")
ROSTER_TOKEN_COLUMNS = ("person_id", "kind", "token")
TOKEN_COLUMNS = ("id", "report_id", "subject_no", "kind", "token")
LINK_COLUMNS = ("report_id", "subject_no", "cluster_id")


def say(message: str) -> None:
    """Progress of a long step, on stderr so the figures on stdout stay a table."""
    print(message, file=sys.stderr, flush=True)


def copy_rows(
    cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Rows into a PostgreSQL table with COPY (psycopg), far faster than INSERTs. The table and
    column names are this module's constants, never data."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def subject_input(raw: dict[str, str]) -> SubjectInput:
    return SubjectInput(**{f: (raw.get(f) or None) for f in FIELDS})


@dataclass
class Earlier:
    """One chunk of earlier reports as rows ready for bulk loading."""

    tokens: list[tuple[int, int, int, str, bytes]]  # (id, report_id, subject_no, kind, token)
    links: list[tuple[int, int, str]]
    reports: int


def earlier_chunks(size: int, new: int) -> tuple[Iterator[Earlier], list[dict[str, Any]]]:
    """Chunks of ``size`` earlier reports (ids 1..size), and ``new`` later reports of the first
    population (so some of them name people already reported)."""
    sizes = [min(CHUNK, size - start) for start in range(0, size, CHUNK)]
    first = generate(sizes[0] + new, seed=1)
    later = first[sizes[0] :]

    def chunks() -> Iterator[Earlier]:
        report_id = 0
        for number, count in enumerate(sizes):
            reports = first[: sizes[0]] if number == 0 else generate(count, seed=number + 1)
            # (id, report_id, subject_no, kind, token)
            tokens: list[tuple[int, int, int, str, bytes]] = []
            links: list[tuple[int, int, str]] = []
            for report in reports:
                report_id += 1
                for subject_no, (raw, truth) in enumerate(
                    zip(report["subjects"], report["_truth"], strict=True), start=1
                ):
                    for kind, value in tokenise(subject_keys(subject_input(raw)), SECRET):
                        # Random ids, as the service gives them (``intake.models.ids``).
                        row = (random_id(), report_id, subject_no, kind, bytes.fromhex(value))
                        tokens.append(row)
                    # Earlier reports are already clustered by person, as matching would have.
                    cluster = hashlib.sha256(f"{number}:{truth}".encode()).hexdigest()[:32]
                    links.append((report_id, subject_no, cluster))
            yield Earlier(tokens, links, len(reports))

    return chunks(), later


def bench_metadata() -> MetaData:
    """The real subject, roster and matching-weights tables, pointing at a bare ``report`` table of
    ids and the day each was received (what ``triage.matching.relink`` orders by), all in one
    force (the default force: the bulk loads below leave ``force_id`` to the column's default)."""
    md = MetaData()
    Table(
        "report",
        md,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("received_on", Date),
    )
    Table("team_key", md, Column("id", Integer, primary_key=True, autoincrement=False))
    force = Table("force", md, Column("id", Integer, primary_key=True, autoincrement=False))
    event.listen(force, "after_create", DDL("INSERT INTO force (id) VALUES (1)"))  # the default
    models = (SubjectToken, SubjectLink, ClusterRisk, PossibleMatch, RosterPerson, RosterToken)
    for model in (*models, MatchWeights):
        table = model.__table__.to_metadata(md)  # type: ignore[attr-defined]
        table.c.force_id.server_default = DefaultClause(str(DEFAULT_FORCE_ID))
    return md


def schema_name(reuse: str | None) -> str:
    """The benchmark's schema: a fresh one per run, or one named for what it holds to reuse."""
    return SCHEMA if reuse is None else f"{SCHEMA}_{reuse}"


def make_engine(backend: str, workdir: Path, reuse: str | None = None) -> tuple[Engine, bool]:
    """An engine on an empty benchmark database, or on the kept one ``reuse`` names; and
    whether that one is already loaded (its ``bench_loaded`` table, written last, is there)."""
    if backend == "sqlite":
        path = workdir / "bench.db" if reuse is None else REUSE_DIR / f"match-bench-{reuse}.db"
        path.parent.mkdir(exist_ok=True)
        if reuse is None:
            path.unlink(missing_ok=True)
        engine = create_engine(f"sqlite:///{path}")
    else:
        schema = schema_name(reuse)
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            if reuse is None:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        admin.dispose()
        engine = create_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    loaded = reuse is not None and inspect(engine).has_table("bench_loaded")
    if loaded:
        bench_metadata().create_all(engine)  # tables added to the schema since it was loaded
    if reuse is not None and not loaded and inspect(engine).get_table_names():
        # A load that was cut short: start again from an empty database.
        engine.dispose()
        if backend == "sqlite":
            path.unlink()
        else:
            drop_schema(backend, reuse)
        return make_engine(backend, workdir, reuse)
    return engine, loaded


def drop_schema(backend: str, reuse: str | None = None) -> None:
    if backend == "postgresql":
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name(reuse)}" CASCADE'))
        admin.dispose()


def roster_entry(person: Any) -> RosterEntry:
    """A synthetic person as their force's HR roster lists them (surname first, as HR writes)."""
    current = person.postings[-1]
    return RosterEntry(
        name=f"{person.surname.upper()}, {person.given.capitalize()}",
        rank=person.rank,
        unit=current.unit,
        collar_number=f"{current.collar_digits}{current.code}",
        warrant_number=person.warrant,
        former_collar_numbers=tuple(f"{p.collar_digits}{p.code}" for p in person.postings[:-1]),
        former_units=tuple(p.unit for p in person.postings[:-1]),
    )


def roster_rows(people: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of a roster of ``people`` synthetic officers (the first population's, so the new
    reports' people are on it), with their tokens; entries are not sealed (a benchmark only)."""
    population = _Population(random.Random(1), people)
    persons: list[tuple[Any, ...]] = []
    tokens: list[tuple[Any, ...]] = []
    for number, person in enumerate(population.people, start=1):
        entry = roster_entry(person)
        value = bytes.fromhex(tokenise({person_key(entry)}, SECRET).pop()[1])
        persons.append((number, value, 1, b"sealed", 1, None))
        for kind, hexed in tokenise(entry_keys(entry), SECRET):
            tokens.append((number, kind, bytes.fromhex(hexed)))
    return persons, tokens


def load(
    engine: Engine,
    backend: str,
    size: int,
    new: int,
    chunks: Iterator[Earlier],
    roster: int = 0,
) -> float:
    """Create the tables, bulk-load every chunk, then build the indexes; return seconds taken."""
    started = time.perf_counter()
    md = bench_metadata()
    md.create_all(engine)
    indexes = [index for table in md.sorted_tables for index in table.indexes]
    with engine.begin() as conn:
        for index in indexes:
            index.drop(conn)  # building them once after loading is far faster
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if backend == "sqlite":
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "INSERT INTO report (id, received_on) "
                "SELECT i, date('2016-01-01', '+' || (i / ?) || ' days') FROM n",
                (size + new, REPORTS_A_DAY),
            )
        else:
            cursor.execute(
                "INSERT INTO report (id, received_on) SELECT i, DATE '2016-01-01' + i / %s "
                "FROM generate_series(1, %s) AS i",
                (REPORTS_A_DAY, size + new),
            )
        cursor.execute("INSERT INTO team_key (id) VALUES (1)")
        if roster:
            persons, roster_tokens = roster_rows(roster)
            if backend == "sqlite":
                cursor.executemany(ROSTER_PERSON_SQL.replace("%s", "?"), persons)
                cursor.executemany(ROSTER_HASHES_SQL.replace("%s", "?"), roster_tokens)
            else:
                copy_rows(cursor, "roster_person", ROSTER_PERSON_COLUMNS, persons)
                copy_rows(cursor, "roster_token", ROSTER_TOKEN_COLUMNS, roster_tokens)
            say(f"  roster of {roster:,} people loaded ({time.perf_counter() - started:.0f} s)")
        loaded = 0
        for chunk in chunks:
            loaded += chunk.reports
            if backend == "sqlite":
                cursor.executemany(
                    "INSERT INTO subject_token (id, report_id, subject_no, kind, token) "
                    "VALUES (?, ?, ?, ?, ?)",
                    chunk.tokens,
                )
                cursor.executemany(
                    "INSERT INTO subject_link (report_id, subject_no, cluster_id) VALUES (?, ?, ?)",
                    chunk.links,
                )
            else:
                copy_rows(cursor, "subject_token", TOKEN_COLUMNS, chunk.tokens)
                copy_rows(cursor, "subject_link", LINK_COLUMNS, chunk.links)
            raw.commit()
            say(
                f"  {loaded:,} of {size:,} earlier reports loaded "
                f"({time.perf_counter() - started:.0f} s)"
            )
        if backend == "sqlite":
            cursor.execute("PRAGMA journal_mode=DELETE")
            cursor.execute("PRAGMA synchronous=FULL")
        raw.commit()
    finally:
        raw.close()
    say(f"  building {len(indexes)} indexes ({time.perf_counter() - started:.0f} s)")
    with engine.begin() as conn:
        for index in indexes:
            index.create(conn)
    if roster:
        with Session(engine) as session:
            pack(session)  # each person's tokens in their row, as an import leaves them
            session.commit()
    say(f"  analysing ({time.perf_counter() - started:.0f} s)")
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        # Only the benchmark's own tables: a bare VACUUM would sweep every schema in the database.
        conn.execute(
            text(
                "ANALYZE"
                if backend == "sqlite"
                else "VACUUM ANALYZE report, subject_token, subject_link, roster_token, "
                "roster_person"
            )
        )
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_loaded (done INTEGER)"))  # marks a complete load
    return time.perf_counter() - started


class CountingStore(SqlSubjectStore):
    """The live store, noting how many candidates each lookup returned."""

    seen = 0

    def candidates_counting(
        self, tokens: set[tuple[str, str]], counted: tuple[str, str] | None, limit: int
    ) -> tuple[set[tuple[str, int]], int]:
        found, held = super().candidates_counting(tokens, counted, limit)
        self.seen += len(found)
        return found, held


def match_report(
    session: Session, report_id: int, report: dict[str, Any], roster: bool = False
) -> int:
    """Match every subject of one new report as the intake hook does; return candidates seen."""
    store = CountingStore(session)
    lookup = SqlRoster(session)
    for subject_no, raw in enumerate(report["subjects"], start=1):
        subject = subject_input(raw)
        tokens = tokenise(subject_keys(subject), SECRET)
        if roster:
            tokens |= resolve_subject(lookup, subject, SECRET).tokens()
        match_subject(
            store, (str(report_id), subject_no), tokens, str(report_id), labels=labels(subject)
        )
    return store.seen


def server_settings(engine: Engine) -> str:
    """The PostgreSQL settings the figures depend on most ("" on SQLite): with the default
    128 MB of shared buffers a million reports' index pages are read through the kernel on
    every lookup."""
    if engine.dialect.name != "postgresql":
        return ""
    with engine.connect() as conn:
        names = ("shared_buffers", "jit", "server_version")
        values = [conn.execute(text(f"SHOW {name}")).scalar_one() for name in names]
    return ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=True))


def backend_cpu(session: Session) -> tuple[int, float] | None:
    """The session's PostgreSQL backend process and the CPU seconds it has used, read from
    ``/proc`` (None on SQLite, or when the server runs elsewhere)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    engine: Engine,
    size: int,
    later: list[dict[str, Any]],
    memory_runs: int,
    roster: bool = False,
    rounds: int = 1,
) -> dict[str, Any]:
    """Match each of ``later`` ``rounds`` times (each rolled back, so each meets exactly
    ``size`` earlier reports); the percentiles are over every match."""
    times: list[float] = []
    candidates: list[int] = []
    with Session(engine) as session:
        # CPU per report, this process's and the server's: on a shared machine far steadier
        # than the wall-clock times, which include waiting for a core.
        server_before = backend_cpu(session)
        client_before = time.process_time()
        for _ in range(rounds):
            for offset, report in enumerate(later, start=1):
                started = time.perf_counter()
                candidates.append(match_report(session, size + offset, report, roster))
                times.append(time.perf_counter() - started)
                session.rollback()
        client_ms = 1000 * (time.process_time() - client_before) / len(times)
        server_after = backend_cpu(session)
        server_ms = (
            1000 * (server_after[1] - server_before[1]) / len(times)
            if server_before and server_after and server_before[0] == server_after[0]
            else float("nan")
        )
        tracemalloc.start()
        peak = 0
        for offset, report in enumerate(later[:memory_runs], start=1):
            tracemalloc.reset_peak()
            match_report(session, size + offset, report, roster)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            session.rollback()
        tracemalloc.stop()
    times.sort()
    return {
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        "max_ms": 1000 * times[-1],
        "candidates_p50": statistics.median(candidates),
        "candidates_max": max(candidates),
        "peak_kib": peak / 1024,
        "client_cpu_ms": client_ms,
        "server_cpu_ms": server_ms,
    }


def run(
    backend: str,
    size: int,
    new: int,
    memory_runs: int,
    roster: int = 0,
    reuse: bool = False,
    rounds: int = 1,
) -> dict[str, Any]:
    kept = f"{size}_{roster}_{new}" if reuse else None
    with tempfile.TemporaryDirectory(prefix="candour-bench-") as workdir:
        engine, loaded = make_engine(backend, Path(workdir), kept)
        try:
            chunks, later = earlier_chunks(size, new)
            if loaded:
                say(f"  reusing the loaded {backend} database of {size:,} reports")
                load_s = 0.0
            else:
                load_s = load(engine, backend, size, new, chunks, roster)
            result = measure(engine, size, later, memory_runs, bool(roster), rounds)
            result["server"] = server_settings(engine)
        finally:
            engine.dispose()
            if not reuse:
                drop_schema(backend)
    return {"backend": backend, "size": size, "load_s": load_s, **result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.match_benchmark", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        default="10000",
        help="comma-separated numbers of earlier reports (default 10000)",
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--new", type=int, default=200, help="new reports timed per size")
    parser.add_argument(
        "--memory-runs",
        type=int,
        default=20,
        help="new reports matched again under tracemalloc for peak memory",
    )
    parser.add_argument(
        "--roster", type=int, default=0, help="people on a force roster to resolve against"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="match the new reports this many times over (p50 and p95 over every match)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the loaded database (PostgreSQL schema or SQLite file in instance/) and use "
        "it again on later runs of the same size, roster and --new",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"{'backend':<11}{'earlier':>10}{'load s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'cand p50':>10}{'cand max':>10}{'peak KiB':>10}{'cpu ms':>8}{'db cpu':>8}"
    )
    results = []
    for backend in backends:
        for size in sizes:
            r = run(backend, size, args.new, args.memory_runs, args.roster, args.reuse, args.rounds)
            results.append(r)
            print(
                f"{r['backend']:<11}{r['size']:>10,}{r['load_s']:>9.1f}{r['p50_ms']:>9.2f}"
                f"{r['p95_ms']:>9.2f}{r['max_ms']:>9.2f}{r['candidates_p50']:>10.0f}"
                f"{r['candidates_max']:>10}{r['peak_kib']:>10.0f}{r['client_cpu_ms']:>8.1f}"
                f"{r['server_cpu_ms']:>8.1f}",
                flush=True,
            )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for setting in sorted({r["server"] for r in results if r["server"]}):
        print(f"postgresql: {setting}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"process max RSS: {rss / 1024:.0f} MiB (includes generating and loading the data)")
    for backend in backends:
        mine = [r for r in results if r["backend"] == backend]
        if len(mine) > 1:
            low, high = mine[0], mine[-1]
            print(
                f"{backend}: p50 at {high['size']:,} is {high['p50_ms'] / low['p50_ms']:.1f}x "
                f"the p50 at {low['size']:,}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
