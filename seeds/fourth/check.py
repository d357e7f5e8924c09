"""Validate both generators and print a short summary.

Run as ``python -m seeds.fourth.check``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from seeds.fourth import namesakes, realistic

FIELDS = ["unit", "collar_number", "warrant_number", "rank"]
Generator = Callable[[int, int], tuple[list[dict], list[dict]]]


def validate(reports: list[dict], roster: list[dict]) -> None:
    """Assert the structure promised by the generators."""
    pids = [p["_pid"] for p in roster]
    assert len(pids) == len(set(pids)), "duplicate _pid"
    known = set(pids)
    for field in ("collar_number", "warrant_number"):
        vals = [p[field] for p in roster if p[field]]
        assert len(vals) == len(set(vals)), f"duplicate {field}"
    for p in roster:
        officer = p["warrant_number"] is not None
        assert officer == (p["collar_number"] is not None), p
        if p["warrant_number"]:
            assert p["warrant_number"].isdigit() and 6 <= len(p["warrant_number"]) <= 7
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids)), "duplicate report id"
    dates = [r["received_date"] for r in reports]
    assert dates == sorted(dates), "reports not sorted by received_date"
    for r in reports:
        assert len(r["_truth"]) == len(r["subjects"]), r["id"]
        assert len(set(r["_truth"])) == len(r["_truth"]), r["id"]
        assert all(t in known for t in r["_truth"]), r["id"]
        assert 1 <= len(r["categories"]) <= 3 and 0 <= len(r["affected"]) <= 3, r["id"]
        assert len(r["subjects"]) <= 3, r["id"]
        inc = r["incident_date"]
        assert inc is None or inc[:7] <= r["received_date"][:7], r["id"]
        if r["_pattern"]:
            assert r["subjects"], r["id"]
        if r["_pattern"] == "bullying":
            assert r["categories"] == ["bullying"], r["id"]
    leaving = {p["_pid"]: p["leaving_date"] for p in roster}
    for r in reports:
        if r["incident_date"] and len(r["incident_date"]) == 10:
            for t in r["_truth"]:
                assert leaving[t] is None or r["incident_date"] <= leaving[t], r["id"]
    pred = {r["_truth"][0] for r in reports if r["_pattern"] == "predatory"}
    assert len(pred) == 12, f"{len(pred)} predatory people"
    for pid in pred:
        n = sum(1 for r in reports if r["_pattern"] == "predatory" and r["_truth"][0] == pid)
        assert 5 <= n <= 12, (pid, n)


def summary(label: str, reports: list[dict], roster: list[dict], secs: float) -> str:
    """A short human summary of one generated data set."""
    mentions = [s for r in reports for s in r["subjects"]]
    share = {f: sum(1 for s in mentions if s[f]) / max(1, len(mentions)) for f in FIELDS}
    named_share = sum(1 for s in mentions if s["name"]) / max(1, len(mentions))
    counts = Counter(t for r in reports for t in r["_truth"])
    surnames = Counter(p["name"].split(",")[0] for p in roster)
    top = surnames.most_common(1)[0]
    full = Counter(p["name"].split(" ")[0] + " " + p["name"].split(" ")[1] for p in roster)
    pats = Counter(r["_pattern"] for r in reports)
    bullies = {r["_truth"][0] for r in reports if r["_pattern"] == "bullying"}
    return (
        f"{label}: {len(roster)} people, {len(reports)} reports, {len(mentions)} mentions "
        f"({secs:.1f}s)\n"
        f"  mentions with name {named_share:.0%}, unit {share['unit']:.0%}, "
        f"shoulder no. {share['collar_number']:.0%}, warrant no. "
        f"{share['warrant_number']:.1%}, rank {share['rank']:.0%}\n"
        f"  people named: {len(counts)} ({len(counts) / len(roster):.0%} of roster); "
        f"named 2+ times: {sum(1 for n in counts.values() if n >= 2)}; "
        f"max times one person named: {max(counts.values())}\n"
        f"  largest surname: {top[0]} x{top[1]}; "
        f"people sharing 'SURNAME, First' with someone: "
        f"{sum(n for n in full.values() if n > 1)}\n"
        f"  pattern reports: predatory {pats['predatory']}, bullying {pats['bullying']} "
        f"({len(bullies)} bullying people); leavers "
        f"{sum(1 for p in roster if p['leaving_date'])}, movers "
        f"{sum(1 for p in roster if p['former_units'] or p['former_collar_numbers'])}"
    )


def main() -> None:
    """Generate with seeds 1 and 2 on both generators, validate and summarise."""
    gens: list[tuple[str, Generator]] = [
        ("namesakes", namesakes.generate),
        ("realistic", realistic.generate),
    ]
    for label, gen in gens:
        for seed in (1, 2):
            t0 = time.perf_counter()
            reports, roster = gen(3000, seed)
            secs = time.perf_counter() - t0
            validate(reports, roster)
            again = gen(3000, seed)
            assert again == (reports, roster), "not deterministic"
            print(summary(f"{label} seed {seed}", reports, roster, secs))


if __name__ == "__main__":
    main()
