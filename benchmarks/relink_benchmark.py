"""How long ``flask triage relink`` takes to re-cluster N reports, and how much memory it needs.

Prints figures; it is not a test. It loads the same data as ``benchmarks.match_benchmark`` (N
earlier reports from ``seeds.synthetic`` already clustered by person, and with ``--roster`` a
force roster; the reports carry no roster tokens yet, as after a first roster import, so every
subject is re-resolved and gets them) and runs ``triage.matching.relink.relink`` over it: reading
every subject's tokens, re-resolving each on the roster (held in memory,
``roster_store.load_roster``), replaying them all in arrival order and writing what changed. The
transaction is rolled back afterwards unless ``--apply`` is given, so a kept database (``--reuse``,
shared with the match benchmark) can be measured again; with ``--apply`` a second run measures
the nightly case, where nearly nothing changes.

Not included: the command's re-scoring of the clusters that changed and release of go-together
reports (``triage.cli``), and the sealed reasons it writes for the people whose earlier reports
changed (``triage.matching.relink_reasons``, one seal each), which need the whole application
schema.

    .venv/bin/python -m benchmarks.relink_benchmark --sizes 100000 --roster 50000 --reuse

Peak memory is the process's maximum resident set size, so run one size per process for a clean
figure (loading the data in the same process counts too; with ``--reuse`` nothing is loaded).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks.match_benchmark import drop_schema, earlier_chunks, load, make_engine, say
from triage.matching.relink import relink
from triage.matching.roster_store import load_roster


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(
    backend: str, size: int, roster: int, new: int, reuse: bool, apply: bool
) -> dict[str, float]:
    kept = f"{size}_{roster}_{new}" if reuse else None
    with tempfile.TemporaryDirectory(prefix="candour-bench-") as workdir:
        engine, loaded = make_engine(backend, Path(workdir), kept)
        try:
            if loaded:
                say(f"  reusing the loaded {backend} database of {size:,} reports")
            else:
                chunks, _ = earlier_chunks(size, new)
                load(engine, backend, size, new, chunks, roster)
            before = rss_mib()
            with Session(engine) as session:
                started = time.perf_counter()
                index = load_roster(session)
                roster_s = time.perf_counter() - started
                say(f"  roster in memory ({roster_s:.1f} s)")
                result = relink(
                    session,
                    index,
                    lambda stage, done: say(
                        f"  {stage}: {done:,} ({time.perf_counter() - started:.0f} s)"
                    ),
                    reasons=False,
                )
                relink_s = time.perf_counter() - started
                if apply:
                    session.commit()
                else:
                    session.rollback()
        finally:
            engine.dispose()
            if not reuse:
                drop_schema(backend)
    return {
        "size": size,
        "subjects": result.subjects,
        "moved": result.moved,
        "roster_changed": result.roster_changed,
        "roster_s": roster_s,
        "relink_s": relink_s,
        "rss_before": before,
        "rss_peak": rss_mib(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relink_benchmark", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default="10000", help="comma-separated numbers of reports")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--roster", type=int, default=0, help="people on a force roster")
    parser.add_argument(
        "--new", type=int, default=200, help="as the match benchmark's (names a kept database)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the loaded database and use it again"
    )
    parser.add_argument("--apply", action="store_true", help="commit what relink changes")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(
        f"{'reports':>10}{'subjects':>10}{'moved':>9}{'re-resolved':>12}{'roster s':>10}"
        f"{'relink s':>10}{'µs/subject':>11}{'RSS MiB':>9}{'peak MiB':>10}"
    )
    for size in sizes:
        r = run(args.backend, size, args.roster, args.new, args.reuse, args.apply)
        print(
            f"{r['size']:>10,}{r['subjects']:>10,}{r['moved']:>9,}{r['roster_changed']:>12,}"
            f"{r['roster_s']:>10.1f}{r['relink_s']:>10.1f}"
            f"{1e6 * r['relink_s'] / r['subjects']:>11.0f}"
            f"{r['rss_before']:>9.0f}{r['rss_peak']:>10.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
