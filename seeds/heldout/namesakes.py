"""A namesake-heavy force of about 1,500 (at 3,000 reports): few surnames, common first names.

Every surname is carried by about ten people and most first names come from a short list, so
"Sgt Patel" or "Dave Morris" fits several people. Twins and relatives serve in the same unit, and
several planted predators and bullies have a full namesake, some on their own team. Shoulder
numbers still tell people apart, but reporters rarely give them.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence

from seeds.heldout import names, reports, world
from seeds.heldout.force import Numbers, Person, make_person

MALE = {
    "David": 9,
    "Mark": 8,
    "James": 8,
    "Daniel": 7,
    "Michael": 7,
    "Paul": 6,
    "Gareth": 4,
    "Robert": 6,
    "Mohammed": 6,
    "Ahmed": 3,
    "Thomas": 5,
    "Christopher": 5,
    "Matthew": 5,
    "Andrew": 5,
    "Stephen": 4,
    "Richard": 4,
    "William": 4,
    "Lee": 3,
    "Tomasz": 2,
    "Kwame": 2,
    "Patrick": 3,
    "Jonathan": 3,
    "Imran": 2,
    "Gary": 3,
}
FEMALE = {
    "Sarah": 8,
    "Emma": 7,
    "Laura": 6,
    "Katherine": 5,
    "Elizabeth": 5,
    "Rebecca": 5,
    "Priya": 4,
    "Aisha": 3,
    "Claire": 4,
    "Jennifer": 4,
    "Nicola": 4,
    "Hannah": 4,
    "Victoria": 3,
    "Fatima": 3,
    "Samantha": 3,
}


def _given(rng: random.Random, female: bool, origin: str) -> str:
    table = FEMALE if female else MALE
    return rng.choices(list(table), weights=list(table.values()))[0]


def _surnames(rng: random.Random, size: int) -> list[tuple[str, str]]:
    wanted = max(12, round(size / 10))
    pool = [(s, "english") for s in names.SHORT_SURNAMES[:wanted]]
    seen = {s for s, _ in pool}
    while len(pool) < wanted:
        s, origin = names.invent_surname(rng)
        if s not in seen:
            seen.add(s)
            pool.append((s, origin))
    out = (pool * math.ceil(size / len(pool)))[:size]
    rng.shuffle(out)
    return out


def population(rng: random.Random, nums: Numbers, size: int) -> list[Person]:
    return [
        make_person(f"p{i + 1}", rng, nums, _given, sur, origin)
        for i, (sur, origin) in enumerate(_surnames(rng, size))
    ]


def generate(n_reports: int, seed: int) -> tuple[list[dict], list[dict]]:
    """(reports, roster): labelled reports in received-date order and the force's HR roster."""
    rng = random.Random(seed)
    nums = Numbers(rng)
    size = max(400, round(n_reports / 2))
    people = population(rng, nums, size)
    return world.build(
        rng,
        nums,
        people,
        n_reports,
        namesake_rate=0.7,
        same_unit_rate=0.4,
        twins=6,
        cap=2,
        repeat=0.12,
    )


def main(argv: Sequence[str] | None = None) -> None:
    reports.cli(generate, __doc__, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
