"""A smaller force (~1,500 people, three BCUs) whose people share a short list of surnames:
each common surname is held by about ten people, many share a forename too, and a few pairs
with near-identical names work in the same unit.

``generate(n_reports, seed) -> (reports, roster)``; deterministic, standard library only.
"""

from __future__ import annotations

import random
from typing import Any

from seeds.fifth import _names as names
from seeds.fifth._force import Person, make_people, make_units, roster_row
from seeds.fifth._world import build

SIZE = 1500
SURNAMES = [
    *names.COMMON_SURNAMES[:125],
    "Okafor",
    "Kowalski",
    "Nguyen",
    "O'Sullivan",
    "Mensah",
    "Sharma",
    "Byrne",
    "Georgiou",
    "Yilmaz",
    "Gallagher",
    "Iqbal",
    "Nowak",
    "Adeyemi",
    "Begum",
    "Doherty",
    "Bhatti",
    "Farah",
    "Campbell-Reid",
]
# Look-alike surnames and forenames; one of each pair is given to a colleague in the same unit.
NEAR_SURNAMES = [
    ("Thompson", "Thomson"),
    ("Phillips", "Philips"),
    ("Clarke", "Clark"),
    ("Davies", "Davis"),
    ("Stevens", "Stephens"),
    ("Matthews", "Mathews"),
    ("Reid", "Reed"),
    ("Gray", "Grey"),
    ("Brown", "Browne"),
    ("Smith", "Smyth"),
    ("Johnson", "Jonson"),
    ("Robinson", "Robertson"),
    ("Harris", "Harrison"),
    ("Wilkinson", "Wilkins"),
    ("Murray", "Murry"),
]
NEAR_FORENAMES = [
    ("Stephen", "Steven"),
    ("Claire", "Clare"),
    ("Katherine", "Catherine"),
    ("Gary", "Gareth"),
    ("Daniel", "Danielle"),
    ("Louise", "Lucy"),
]
TOP_MALE = [
    "David",
    "Paul",
    "Mark",
    "James",
    "Michael",
    "Andrew",
    "Richard",
    "Daniel",
    "Christopher",
    "Stephen",
    "Steven",
    "Gareth",
    "Gary",
    "Darren",
    "Lee",
    "Craig",
    "Matthew",
    "Thomas",
    "Robert",
    "John",
    "Anthony",
    "Jonathan",
    "Kevin",
    "Simon",
    "Peter",
    "Ryan",
    "Liam",
    "Mohammed",
    "Imran",
    "Sean",
]
TOP_FEMALE = [
    "Sarah",
    "Emma",
    "Claire",
    "Clare",
    "Laura",
    "Rebecca",
    "Katherine",
    "Catherine",
    "Louise",
    "Lucy",
    "Helen",
    "Rachel",
    "Nicola",
    "Joanne",
    "Gemma",
    "Elizabeth",
    "Margaret",
    "Jennifer",
    "Victoria",
    "Danielle",
    "Priya",
    "Aoife",
]


def _zipf_choice(pool: list[str], power: float) -> Any:
    weights = [1 / (i + 1) ** power for i in range(len(pool))]
    return lambda r: r.choices(pool, weights=weights)[0]


_SURNAME = _zipf_choice(SURNAMES, 0.35)
_MALE = _zipf_choice(TOP_MALE + [n for n in names.MALE if n not in TOP_MALE], 0.6)
_FEMALE = _zipf_choice(TOP_FEMALE + [n for n in names.FEMALE if n not in TOP_FEMALE], 0.6)


def _forename(rng: random.Random, female: bool, surname: str) -> str:
    return str(_FEMALE(rng) if female else _MALE(rng))


def _near_pairs(rng: random.Random, people: list[Person]) -> None:
    """Give a few people a colleague in the same unit whose name differs by a letter or two."""
    by_unit: dict[str, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.now.unit.name, []).append(p)
    crowded = [ps for ps in by_unit.values() if len(ps) >= 4]
    for a, b in NEAR_SURNAMES:
        first, second = rng.sample(rng.choice(crowded), 2)
        first.surname, second.surname = a, b
        if rng.random() < 0.5:
            second.forename = first.forename
            second.female = first.female
    for a, b in NEAR_FORENAMES:
        first, second = rng.sample(rng.choice(crowded), 2)
        first.forename, second.forename = a, b
        second.surname = first.surname
        first.female = a in names.FEMALE or a in TOP_FEMALE
        second.female = b in names.FEMALE or b in TOP_FEMALE


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reports (sorted by received date) and the force's HR roster."""
    rng = random.Random(seed)
    units = make_units(3)
    people = make_people(rng, SIZE, units, _SURNAME, _forename)
    _near_pairs(rng, people)
    reports = build(rng, people, n_reports)
    return reports, [roster_row(p) for p in people]
