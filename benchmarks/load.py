"""Load: many concurrent reporters through the real journey against gunicorn + PostgreSQL + Redis.

Starts a private stack (``benchmarks.stress_stack``: its own PostgreSQL cluster and Redis on free
ports, gunicorn with ``CANDOUR_ENV=production``), drives ``--reporters`` concurrent reporters
through the report journey, a status check and a reply (``benchmarks.stress_client``), prints
throughput and p50/p95/p99 latency per step, then opens every report a receipt was given for and
compares it with what was sent, byte for byte. Finally it serves ``benchmarks.bare_flask`` the
same way and prints the ratio of submission throughput to a bare Flask POST.

Rate limits stay on: each simulated reporter comes from its own loopback address (see
``benchmarks.stress_client``), as real reporters come from their own addresses.

    .venv/bin/python -m benchmarks.load --workers 2 --reporters 16 --duration 60
    .venv/bin/python -m benchmarks.load --workers 2 --reporters 4 --count 20 --bare-duration 5  # CI

Exits non-zero if any request failed, a receipt does not open its report, or a report differs
from what was sent.
"""

from __future__ import annotations

import argparse
import os
import sys

from benchmarks.stress_client import Recorder, bare_post, run_reporters
from benchmarks.stress_stack import LEAD_EMAIL, LEAD_PASSWORD, Stack
from benchmarks.stress_verify import verify


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def print_steps(recorder: Recorder) -> None:
    print(f"{'step':<22}{'count':>7}{'failed':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for step in list(recorder.timings) + [
        s for s in recorder.failures if s not in recorder.timings
    ]:
        samples = recorder.timings.get(step, [])
        failed = sum(recorder.failures.get(step, {}).values())
        if samples:
            p50, p95, p99 = (percentile(samples, q) * 1000 for q in (0.5, 0.95, 0.99))
            print(f"{step:<22}{len(samples):>7}{failed:>8}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}")
        else:
            print(f"{step:<22}{0:>7}{failed:>8}")
    for step, kinds in recorder.failures.items():
        print(f"  failures at {step}: " + ", ".join(f"{k} ×{n}" for k, n in kinds.items()))


def requests_made(recorder: Recorder) -> int:
    return sum(len(samples) for samples in recorder.timings.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--reporters", type=int, default=16, help="concurrent reporters")
    parser.add_argument("--duration", type=float, help="seconds of load (default 30)")
    parser.add_argument("--count", type=int, help="stop after this many journeys instead")
    parser.add_argument(
        "--bare-duration",
        type=float,
        default=10.0,
        help="seconds to measure the bare Flask endpoint (0 to skip)",
    )
    args = parser.parse_args(argv)
    duration = None if args.count else (args.duration or 30.0)

    with Stack() as stack:
        os.environ.update(stack.candour_env())  # for the verifier, which opens the store
        server = stack.serve("wsgi:app", args.workers)
        recorder = Recorder()
        wall = run_reporters(
            server.port, args.reporters, duration=duration, count=args.count, recorder=recorder
        )
        submitted = len(recorder.sent)
        print(
            f"\nCandour: {args.workers} gunicorn workers, {args.reporters} concurrent reporters, "
            f"{wall:.1f} s, {os.cpu_count()} CPUs"
        )
        print(
            f"journeys started {recorder.journeys_started}, completed "
            f"{recorder.journeys_done}; receipts {submitted}"
        )
        print(
            f"throughput: {submitted / wall:.2f} submissions/s, "
            f"{requests_made(recorder) / wall:.1f} requests/s"
        )
        print_steps(recorder)
        server.stop()

        bare_rate = 0.0
        if args.bare_duration > 0:
            bare = stack.serve("benchmarks.bare_flask:app", args.workers)
            bare_recorder = Recorder()
            bare_wall = run_reporters(
                bare.port,
                args.reporters,
                duration=args.bare_duration,
                count=None,
                recorder=bare_recorder,
                each=bare_post,
            )
            bare.stop()
            bare_rate = bare_recorder.journeys_done / bare_wall
            p50, p99 = (
                percentile(bare_recorder.timings["POST bare"], q) * 1000 for q in (0.5, 0.99)
            )
            print(
                f"\nbare Flask POST, same gunicorn settings: {bare_rate:.1f} requests/s "
                f"(p50 {p50:.0f} ms, p99 {p99:.0f} ms)"
            )
            ratio = submitted / wall / bare_rate
            print(
                f"submission throughput / bare POST throughput: {ratio:.4f}"
                f" (one in {bare_rate / max(submitted / wall, 1e-9):.0f});"
                f" Candour requests/s / bare: {requests_made(recorder) / wall / bare_rate:.3f}"
            )

        print("\nverifying every receipt against what was sent")
        verdict = verify(recorder.sent, stack.secrets["RECEIPT_KEY"], LEAD_EMAIL, LEAD_PASSWORD)
        verdict.print()
    if submitted == 0:
        print("FAILED: no report was submitted")
        return 1
    if not verdict.ok:
        print("FAILED: see the counts above")
        return 1
    if recorder.failures:  # no faults are injected here, so every request must succeed
        print("FAILED: some requests failed (listed above)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
