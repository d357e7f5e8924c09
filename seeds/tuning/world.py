"""Report assembly shared by both forces: planted predators and bullies, background reports,
reports naming nobody, supervisors named as a second person, and the JSON-lines CLI."""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from seeds.tuning.force import END, SENIORITY, START, Force, Person, Rates, mention
from seeds.tuning.narrative import (
    BACKGROUND_WEIGHTS,
    BULLY_SCENARIOS,
    TRACKS,
    categories_and_affected,
    expand,
    narrative,
)

SPAN = (END - START).days
OFFICER_RANKS = ("PC", "PS", "DC", "DS", "Insp", "DI")


@dataclass
class Draft:
    """A report before ids are assigned."""

    received: date
    incident: date
    key: str
    subjects: list[Person]
    pattern: str | None
    incident_shown: str | None


def _incident_text(rng: random.Random, incident: date) -> str | None:
    r = rng.random()
    if r < 0.55:
        return incident.isoformat()
    if r < 0.8:
        return incident.isoformat()[:7]
    return None


def _received_after(rng: random.Random, incident: date) -> date:
    r = rng.random()
    lag = (
        rng.randint(0, 30)
        if r < 0.7
        else rng.randint(30, 180)
        if r < 0.95
        else rng.randint(180, 500)
    )
    if incident + timedelta(days=lag) > END:  # reported before the window closes
        lag = rng.randint(0, max(0, (END - incident).days))
    return incident + timedelta(days=lag)


def _schedule(rng: random.Random, k: int, min_days: int, max_days: int) -> list[date]:
    duration = rng.randint(min_days, max_days)
    start = START.toordinal() + rng.randint(0, SPAN - duration)
    offsets = sorted([0] + [rng.randint(1, duration) for _ in range(k - 1)])
    return [date.fromordinal(start + o) for o in offsets]


def planted_counts(rng: random.Random, n_reports: int) -> tuple[list[int], list[int]]:
    """Reports per predator (exactly 12, 4-9) and per bully (about 12, 4-12)."""
    if n_reports < 400:  # tiny runs for smoke tests: fewer planted people, same shapes
        n_pred = n_bully = max(1, n_reports // 60)
    else:
        n_pred, n_bully = 12, rng.randint(11, 13)
    pred = ([4, 5, 5] + [rng.randint(5, 9) for _ in range(9)])[:n_pred]
    bully = ([10, 11, 12, 12] + [rng.randint(4, 11) for _ in range(n_bully - 4)])[:n_bully]
    rng.shuffle(pred)
    rng.shuffle(bully)
    return pred, bully


def default_planted(
    rng: random.Random, force: Force, n_pred: int, n_bully: int
) -> tuple[list[Person], list[Person]]:
    officers = [p for p in force.people if p.rank in OFFICER_RANKS and p.leaving is None]
    men = [p for p in officers if p.gender == "m"]
    predators = rng.sample(men, n_pred)
    taken = {id(p) for p in predators}
    senior = [
        p
        for p in force.people
        if id(p) not in taken and p.leaving is None and SENIORITY[p.rank] >= 2
    ]
    others = [p for p in officers if id(p) not in taken]
    n_senior = min(len(senior), (n_bully * 2) // 3)
    bullies = rng.sample(senior, n_senior)
    taken |= {id(p) for p in bullies}
    bullies += rng.sample([p for p in others if id(p) not in taken], n_bully - n_senior)
    return predators, bullies


def _plant(
    rng: random.Random, force: Force, people: list[Person], counts: list[int], predators: bool
) -> list[Draft]:
    drafts = []
    tracks = ["child"] * 3 + ["workplace"] * 4 + ["public"] * 2 + ["mixed"] * 3
    rng.shuffle(tracks)
    for i, (person, k) in enumerate(zip(people, counts, strict=True)):
        dates = _schedule(rng, k, 150, 900) if predators else _schedule(rng, k, 90, 1000)
        if k >= 4 and not person.history and rng.random() < 0.35:  # moved mid-pattern
            force.move(person, dates[rng.randint(1, k - 2)] + timedelta(days=rng.randint(1, 30)))
        if rng.random() < (0.2 if predators else 0.1):  # resigned or retired after the last
            leaving = dates[-1] + timedelta(days=rng.randint(20, 200))
            if leaving < END and all(post.until < leaving for post in person.history):
                person.leaving = leaving
        track = TRACKS[tracks[i % len(tracks)]]
        for j, incident in enumerate(dates):
            if predators:
                stage = round(j * (len(track) - 1) / max(1, k - 1))
                if stage < len(track) - 1 and 0 < j < k - 1 and rng.random() < 0.2:
                    stage = max(0, stage - 1)
                key, pattern = track[stage], "predatory"
            else:
                key, pattern = rng.choice(BULLY_SCENARIOS), "bullying"
            drafts.append(
                Draft(
                    _received_after(rng, incident),
                    incident,
                    key,
                    [person],
                    pattern,
                    _incident_text(rng, incident),
                )
            )
    return drafts


def _background(rng: random.Random, pool: list[Person], n_bg: int) -> list[Draft]:
    distinct = min(len(pool), round(n_bg / 1.25))
    chosen = rng.sample(pool, distinct)
    named = list(chosen)
    while len(named) < n_bg:
        named.extend(rng.sample(chosen, min(distinct, n_bg - len(named))))
    keys, weights = zip(*BACKGROUND_WEIGHTS.items(), strict=True)
    drafts = []
    for person in named:
        received = START + timedelta(days=rng.randint(0, SPAN))
        incident = received - timedelta(days=rng.choice((0, 2, 7, 20, 45, 90, 200, 400)))
        if person.leaving and incident >= person.leaving:
            incident = person.leaving - timedelta(days=rng.randint(5, 300))
        key = rng.choices(keys, weights=weights)[0]
        drafts.append(Draft(received, incident, key, [person], None, _incident_text(rng, incident)))
    return drafts


def _add_supervisors(
    rng: random.Random, force: Force, drafts: list[Draft], planted: set[int], share: float
) -> None:
    """Some reports also name a supervisor who ignored it: same unit, more senior."""
    counts = Counter(id(p) for d in drafts for p in d.subjects)
    by_unit: dict[str, list[Person]] = {}
    for p in force.people:
        if SENIORITY[p.rank] >= 2 and id(p) not in planted:
            by_unit.setdefault(p.unit, []).append(p)
    for draft in drafts:
        if not draft.subjects or rng.random() >= share:
            continue
        main = draft.subjects[0]
        unit, _ = main.posting_at(draft.incident)
        options = [
            p
            for p in by_unit.get(unit, [])
            if p is not main
            and counts[id(p)] < 2
            and SENIORITY[p.rank] > SENIORITY[main.rank]
            and (p.leaving is None or p.leaving > draft.incident)
        ]
        if options:
            sup = rng.choice(options)
            draft.subjects.append(sup)
            counts[id(sup)] += 1


def _render(
    rng: random.Random, force: Force, draft: Draft, rates: Rates, seen: dict[int, set[tuple]]
) -> dict:
    subjects = []
    for i, person in enumerate(draft.subjects):
        planted = draft.pattern is not None and i == 0
        previous = seen.setdefault(id(person), set()) if planted else set()
        for _ in range(25):  # planted people are never written the same way twice
            subject = mention(rng, force, person, draft.incident, rates)
            sig = tuple(sorted((k, v) for k, v in subject.items() if v is not None))
            if sig not in previous:
                break
        previous.add(sig)
        subjects.append(subject)
    main = draft.subjects[0] if draft.subjects else None
    cats, affected = categories_and_affected(rng, draft.key)
    text = narrative(
        rng,
        draft.key,
        main.gender if main else "m",
        subjects[0].get("name") if subjects else None,
        affected,
        noname=main is None,
    )
    if len(subjects) > 1:
        who = subjects[1].get("name") or rng.choice(("my sergeant", "the skipper", "my boss"))
        text += " " + expand(
            rng,
            f"[I told|I reported it to|It was reported to] {who} [and "
            "nothing happened|who did nothing|and was told to leave it|who "
            "laughed it off].",
        )
    return {
        "id": "",
        "categories": cats,
        "received_date": draft.received.isoformat(),
        "incident_date": draft.incident_shown,
        "affected": affected,
        "subjects": subjects,
        "narrative": text,
        "_truth": [p.pid for p in draft.subjects],
        "_pattern": draft.pattern,
    }


Chooser = Callable[[random.Random, Force, int, int], tuple[list[Person], list[Person]]]


def build(
    rng: random.Random,
    force: Force,
    n_reports: int,
    rates: Rates,
    choose: Chooser = default_planted,
    noname_share: float = 0.09,
    supervisor_share: float = 0.12,
) -> tuple[list[dict], list[dict]]:
    """Plant the patterns, fill with background, and return (reports, roster)."""
    pred_counts, bully_counts = planted_counts(rng, n_reports)
    predators, bullies = choose(rng, force, len(pred_counts), len(bully_counts))
    drafts = _plant(rng, force, predators, pred_counts, True)
    drafts += _plant(rng, force, bullies, bully_counts, False)
    planted_ids = {id(p) for p in predators + bullies}
    n_noname = round(noname_share * n_reports)
    n_bg = max(0, n_reports - len(drafts) - n_noname)
    pool = [p for p in force.people if id(p) not in planted_ids]
    drafts += _background(rng, pool, n_bg)
    keys, weights = zip(*BACKGROUND_WEIGHTS.items(), strict=True)
    while len(drafts) < n_reports:
        received = START + timedelta(days=rng.randint(0, SPAN))
        incident = received - timedelta(days=rng.choice((0, 1, 5, 14, 30, 60)))
        drafts.append(
            Draft(
                received,
                incident,
                rng.choices(keys, weights=weights)[0],
                [],
                None,
                _incident_text(rng, incident),
            )
        )
    _add_supervisors(rng, force, drafts, planted_ids, supervisor_share)
    roster = force.finish()  # assigns person ids
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].received, rng.random()))
    seen: dict[int, set[tuple]] = {}
    reports = []
    for n, i in enumerate(order, start=1):
        report = _render(rng, force, drafts[i], rates, seen)
        report["id"] = f"r{n}"
        reports.append(report)
    return reports, roster


def write_jsonl(path: str, rows: list[dict]) -> None:
    with Path(path).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def cli(
    generate: Callable[[int, int, int | None], tuple[list[dict], list[dict]]],
    default_reports: int,
    description: str,
) -> None:
    """`python -m seeds.tuning.<force> --reports N --seed S --out F --roster-out G`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--reports", type=int, default=default_reports)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--roster-size", type=int, default=None, help="override the roster size")
    parser.add_argument("--out", default="reports.jsonl")
    parser.add_argument("--roster-out", default="roster.jsonl")
    args = parser.parse_args()
    reports, roster = generate(args.reports, args.seed, args.roster_size)
    write_jsonl(args.out, reports)
    write_jsonl(args.roster_out, roster)
    print(
        f"wrote {len(reports)} reports to {args.out} and {len(roster)} people to {args.roster_out}"
    )
