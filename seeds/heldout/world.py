"""Assembling a force and its reports: choose the planted people, give them namesakes, generate."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from seeds.heldout import names, reports
from seeds.heldout.force import (
    END,
    START,
    SUPERVISORS,
    Numbers,
    Person,
    Posting,
    roster_row,
)

Row = dict[str, object]


def _free(p: Person, taken: set[str]) -> bool:
    return p.pid not in taken and (p.leaving is None or p.leaving > START)


def choose(
    rng: random.Random,
    people: Sequence[Person],
    n: int,
    taken: set[str],
    ok: Callable[[Person], bool],
) -> list[Person]:
    pool = [p for p in people if _free(p, taken) and ok(p)]
    chosen = rng.sample(pool, n)
    taken.update(p.pid for p in chosen)
    return chosen


def _predator_ok(p: Person) -> bool:
    return not p.female and p.rank in {"PC", "DC", "SGT", "DS", "INSP", "PCSO"}


def _bully_ok(p: Person) -> bool:
    return p.rank in SUPERVISORS - {"SUPT"} or p.acting or p.band == "Band E"


def _rehome(donor: Person, target: Person, nums: Numbers) -> None:
    """Move donor's current posting into target's unit (new shoulder number there)."""
    cur = donor.postings[-1]
    unit = target.current.unit
    donor.postings[-1] = Posting(cur.start, unit, nums.collar(donor.rank, unit.command.code))


def namesake(
    rng: random.Random,
    target: Person,
    people: Sequence[Person],
    taken: set[str],
    nums: Numbers,
    same_unit: bool,
    twin: bool = False,
) -> Person | None:
    """Turn some unplanted person into target's namesake (or twin), optionally in target's unit."""
    unit_ranks = target.current.unit.rank_mix()
    for _ in range(200):
        d = rng.choice(people)
        if d.pid in taken or d.pid == target.pid or (not twin and d.female != target.female):
            continue
        if same_unit and unit_ranks.get(d.rank, 0) == 0:
            continue
        break
    else:
        return None
    taken.add(d.pid)
    d.surname = target.surname if d.female == target.female else names.feminine(target.surname)
    if twin:
        pool = names.FEMALE if d.female else names.MALE
        same_initial = [g for g in pool if g[0] == target.first[0] and g != target.first]
        d.first = rng.choice(same_initial or list(pool))
        d.known_as = d.first
    else:
        d.first = target.first
        d.known_as = rng.choice((target.first, target.known_as, d.first))
    if same_unit:
        _rehome(d, target, nums)
    if d.leaving and d.leaving < START and rng.random() < 0.7:
        d.leaving = None
    return d


def build(
    rng: random.Random,
    nums: Numbers,
    people: list[Person],
    n_reports: int,
    namesake_rate: float,
    same_unit_rate: float,
    twins: int,
    cap: int,
    repeat: float,
    extra_priority: Sequence[Person] = (),
) -> tuple[list[Row], list[Row]]:
    taken: set[str] = {p.pid for p in extra_priority}
    predators = choose(rng, people, 12, taken, _predator_ok)
    bullies = choose(rng, people, 12, taken, _bully_ok)
    priority: list[Person] = list(extra_priority)
    for p in predators + bullies:
        if rng.random() < namesake_rate:
            d = namesake(rng, p, people, taken, nums, rng.random() < same_unit_rate)
            if d:
                priority.append(d)
    for p in rng.sample(predators, twins // 2) + rng.sample(bullies, twins - twins // 2):
        d = namesake(rng, p, people, taken, nums, same_unit=True, twin=True)
        if d:
            priority.append(d)
    planted = {p.pid for p in predators + bullies}
    drafts = reports.predator_drafts(rng, predators, nums)
    drafts += reports.bully_drafts(rng, bullies, nums)
    rng.shuffle(priority)
    picker = reports.Picker(rng, [p for p in people if p.pid not in planted], priority, cap, repeat)
    drafts += reports.background_drafts(rng, max(0, n_reports - len(drafts)), picker)
    rows = reports.finish(rng, drafts, picker)
    for p in people:
        if p.leaving and p.leaving > END:
            p.leaving = None
    roster = sorted((roster_row(p) for p in people), key=lambda r: str(r["name"]))
    return rows, roster
