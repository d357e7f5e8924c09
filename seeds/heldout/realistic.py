"""A realistic large metropolitan force: 5,000-10,000 people, a long-tailed surname mix.

A handful of surnames (Smith, Jones, Patel, Khan, Williams, Brown...) are shared by dozens of
people while most surnames belong to one or two: rare English, Irish, South Asian, West African,
Caribbean, Polish, Turkish and Greek names. First names loosely follow family background. People
move between commands and get new shoulder numbers, some leave, a few pairs share a full name
("two Mark Patels"), and reporters write units and numbers in every way imaginable.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from itertools import accumulate

from seeds.heldout import names, reports, world
from seeds.heldout.force import Numbers, Person, make_person

_ORIGIN_GIVEN: dict[str, tuple[str, ...]] = {
    "south_asian": (
        "Mohammed",
        "Ahmed",
        "Imran",
        "Ali",
        "Hassan",
        "Rajesh",
        "Sanjay",
        "Vikram",
        "Priya",
        "Aisha",
        "Fatima",
        "Sana",
        "Nadia",
    ),
    "west_african": (
        "Oluwaseun",
        "Adebayo",
        "Chukwuemeka",
        "Kwame",
        "Funmilayo",
        "Chioma",
        "Abena",
        "Daniel",
        "Samuel",
        "Grace",
    ),
    "polish": ("Tomasz", "Piotr", "Krzysztof", "Agnieszka", "Katarzyna", "Magdalena"),
    "turkish": ("Mehmet", "Emre", "Ayse", "Elif"),
    "greek": ("Dimitrios", "Nikolaos", "Eleni"),
    "irish": ("Patrick", "Declan", "Ciaran", "Sinead", "Siobhan", "Aoife", "Sean", "Connor"),
    "caribbean": ("Delroy", "Winston", "Marcia", "Jason", "Michelle", "Kevin"),
}
_COMMON_ORIGIN = {
    "Patel": "south_asian",
    "Khan": "south_asian",
    "Ali": "south_asian",
    "Ahmed": "south_asian",
    "Hussain": "south_asian",
    "Singh": "south_asian",
    "Shah": "south_asian",
    "Begum": "south_asian",
    "Mensah": "west_african",
    "Okafor": "west_african",
    "Nowak": "polish",
    "Yilmaz": "turkish",
    "Murphy": "irish",
    "Kelly": "irish",
    "O'Brien": "irish",
    "Fitzgerald": "irish",
    "Campbell": "caribbean",
    "Grant": "caribbean",
    "Reid": "caribbean",
    "Bailey": "caribbean",
}
_ENGLISH_SKIP = {g for gs in _ORIGIN_GIVEN.values() for g in gs} - {
    "Daniel",
    "Samuel",
    "Jason",
    "Michelle",
    "Kevin",
    "Sean",
    "Connor",
}
_M_ENGLISH = [g for g in names.MALE if g not in _ENGLISH_SKIP]
_F_ENGLISH = [g for g in names.FEMALE if g not in _ENGLISH_SKIP]
# commoner names first: a gentle zipf over each list
_M_W = [1 / (i + 6) for i in range(len(_M_ENGLISH))]
_F_W = [1 / (i + 6) for i in range(len(_F_ENGLISH))]


def _given(rng: random.Random, female: bool, origin: str) -> str:
    own = [g for g in _ORIGIN_GIVEN.get(origin, ()) if (g in names.FEMALE) == female]
    if own and rng.random() < 0.7:
        return rng.choice(own)
    if female:
        return rng.choices(_F_ENGLISH, weights=_F_W)[0]
    return rng.choices(_M_ENGLISH, weights=_M_W)[0]


class Surnames:
    """About a fifth of people from the common list, the rest from a long invented tail."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.common = [s for s, _ in names.COMMON_SURNAMES]
        self.common_w = list(accumulate(w for _, w in names.COMMON_SURNAMES))
        seen = set(self.common)
        self.tail: list[tuple[str, str]] = []
        misses = 0
        while len(self.tail) < size * 0.55 and misses < 20 * size:
            s, origin = names.invent_surname(rng)
            misses += 1
            if s not in seen:
                seen.add(s)
                self.tail.append((s, origin))
        self.tail_w = list(accumulate(1 / (i + 40) ** 0.7 for i in range(len(self.tail))))

    def pick(self, rng: random.Random) -> tuple[str, str]:
        if rng.random() < 0.22:
            s = rng.choices(self.common, cum_weights=self.common_w)[0]
            return s, _COMMON_ORIGIN.get(s, "english")
        return rng.choices(self.tail, cum_weights=self.tail_w)[0]


_PAIRS = (
    ("Mark", "Patel"),
    ("Mohammed", "Khan"),
    ("David", "Smith"),
    ("Sarah", "Jones"),
    ("Mohammed", "Ali"),
    ("James", "Williams"),
    ("Daniel", "Brown"),
    ("Emma", "Taylor"),
)


def _stock_namesakes(rng: random.Random, people: list[Person], nums: Numbers) -> list[Person]:
    """Plant the well-known same-name pairs; the second of each pair is in the first's unit
    half of the time."""
    out: list[Person] = []
    for first, sur in _PAIRS:
        female = first in names.FEMALE
        copies = 3 if first == "Mohammed" else 2
        group: list[Person] = []
        for _ in range(copies):
            p = rng.choice([q for q in people if q.female == female and q not in out])
            p.first, p.surname = first, sur
            p.known_as = rng.choice((first, *names.ALL_GIVEN.get(first, ()), first))
            group.append(p)
        if rng.random() < 0.5 and group[0].current.unit.rank_mix().get(group[1].rank, 0):
            world._rehome(group[1], group[0], nums)
        out += group
    return out


def generate(n_reports: int, seed: int) -> tuple[list[dict], list[dict]]:
    """(reports, roster): labelled reports in received-date order and the force's HR roster."""
    rng = random.Random(seed)
    nums = Numbers(rng)
    size = min(10000, max(5000, 4000 + (2 * n_reports) // 3))
    surnames = Surnames(rng, size)
    people = []
    for i in range(size):
        sur, origin = surnames.pick(rng)
        people.append(make_person(f"p{i + 1}", rng, nums, _given, sur, origin))
    stock = _stock_namesakes(rng, people, nums)
    return world.build(
        rng,
        nums,
        people,
        n_reports,
        namesake_rate=0.3,
        same_unit_rate=0.3,
        twins=3,
        cap=2,
        repeat=0.12,
        extra_priority=stock,
    )


def main(argv: Sequence[str] | None = None) -> None:
    reports.cli(generate, __doc__, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
