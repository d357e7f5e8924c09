"""Faults: during load, kill -9 a worker, then the whole server, restart it, and restart
PostgreSQL; then check that every report a receipt was given for is there and opens, and that
no half-written report exists.

Uses the private stack of ``benchmarks.stress_stack`` (its own PostgreSQL cluster and Redis), so
the shared servers are never touched. The schedule, as shares of ``--duration``:

- 20 %: ``kill -9`` one gunicorn worker (the master replaces it);
- 40 %: ``kill -9`` the master and every worker at once, then start gunicorn again;
- 65 %, or 20 % after gunicorn answers again if that is later: restart PostgreSQL in
  ``immediate`` mode (every connection dropped, WAL replayed);
- the load goes on for another 35 % after that, so recovery is measured too.

Requests in flight at a fault fail; those reporters give up that journey (counted). What must
hold: every receipt handed out opens the report that was sent, every acknowledged reply is
stored, and no row is half-written or orphaned. Exits non-zero otherwise.

    .venv/bin/python -m benchmarks.faults --workers 2 --reporters 8 --duration 40
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from benchmarks.load import print_steps
from benchmarks.stress_client import Recorder, run_reporters
from benchmarks.stress_stack import LEAD_EMAIL, LEAD_PASSWORD, Stack, wait_for_port
from benchmarks.stress_verify import verify


def unhandled_errors(log: Path) -> Counter[str]:
    """Exception types the app logged as unhandled (``intake.errors``), counted."""
    return Counter(re.findall(r"unhandled (\w+)", log.read_text(errors="replace")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--reporters", type=int, default=8, help="concurrent reporters")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of load")
    args = parser.parse_args(argv)

    with Stack() as stack:
        os.environ.update(stack.candour_env())
        server = stack.serve("wsgi:app", args.workers)
        recorder = Recorder()
        stop = threading.Event()
        load = threading.Thread(
            target=run_reporters,
            args=(server.port, args.reporters),
            kwargs={"duration": None, "count": None, "recorder": recorder, "stop": stop},
        )
        started = time.monotonic()
        load.start()

        def at(share: float) -> None:
            time.sleep(max(0.0, started + share * args.duration - time.monotonic()))

        def receipts() -> int:
            with recorder.lock:
                return len(recorder.sent)

        at(0.2)
        pid = server.kill_one_worker()
        print(
            f"[{time.monotonic() - started:5.1f} s] kill -9 worker {pid} "
            f"(receipts so far {receipts()})"
        )
        at(0.4)
        server.kill_everything()
        print(
            f"[{time.monotonic() - started:5.1f} s] kill -9 the whole server "
            f"(receipts so far {receipts()})"
        )
        server.start(warm=False)
        back = time.monotonic() - started
        print(f"[{back:5.1f} s] gunicorn restarted")
        at(max(0.65, back / args.duration + 0.2))
        stack.postgres.restart()
        wait_for_port(stack.postgres.port)
        restarted = time.monotonic() - started
        at_restart = receipts()
        print(
            f"[{restarted:5.1f} s] PostgreSQL restarted (immediate mode) "
            f"(receipts so far {at_restart})"
        )
        at(restarted / args.duration + 0.35)
        stop.set()
        load.join()
        total = time.monotonic() - started
        print(
            f"[{total:5.1f} s] load stopped (receipts {receipts()}, "
            f"{receipts() - at_restart} after it)"
        )
        server.stop()
        errors = unhandled_errors(server.log)

        print(
            f"\nfaults run: {args.workers} workers, {args.reporters} reporters, "
            f"{args.duration:.0f} s"
        )
        print(
            f"journeys started {recorder.journeys_started}, completed {recorder.journeys_done},"
            f" abandoned at a fault {recorder.journeys_started - recorder.journeys_done}"
        )
        print_steps(recorder)
        print("\nverifying every receipt and the whole store")
        verdict = verify(recorder.sent, stack.secrets["RECEIPT_KEY"], LEAD_EMAIL, LEAD_PASSWORD)
        verdict.print()
        print(
            "server errors logged (type only; the log holds nothing about requests): "
            + (", ".join(f"{k} ×{n}" for k, n in errors.items()) or "none")
        )
    if not recorder.sent:
        print("FAILED: no report was submitted")
        return 1
    if not verdict.ok:
        print("FAILED: a receipt lost its report or something is half-written")
        return 1
    print("OK: nothing lost, nothing half-written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
