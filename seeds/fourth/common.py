"""Shared plumbing for the two generators."""

from __future__ import annotations

import random

from seeds.fourth.force import Person, same_unit
from seeds.fourth.names import FEMALE_ONLY, LOOKALIKE_SURNAMES


def fix_female_only(surname: str, sex: str) -> str:
    """Men do not get surnames such as Kaur or Begum."""
    if sex == "m" and surname in FEMALE_ONLY:
        return FEMALE_ONLY[surname]
    return surname


def middles(rng: random.Random, pool: list[str], first: str) -> list[str]:
    """Zero, one or two middle names."""
    r = rng.random()
    k = 2 if r < 0.05 else 1 if r < 0.38 else 0
    out: list[str] = []
    while len(out) < k:
        m = rng.choice(pool)
        if m != first and m not in out:
            out.append(m)
    return out


TWIN_FIRSTS = [
    ("Daniel", "Danielle", "m", "f"),
    ("Ryan", "Rhys", "m", "m"),
    ("Michael", "Michelle", "m", "f"),
    ("James", "John", "m", "m"),
    ("Sarah", "Sara", "f", "f"),
    ("Mohammed", "Mohammad", "m", "m"),
    ("Amrit", "Amrita", "m", "f"),
]


def plant_namesakes(
    people: list[Person], rng: random.Random, n_clones: int, n_twins: int, n_lookalike: int
) -> None:
    """Same full name in the same unit, relatives together, lookalike surnames together."""
    pool = list(people)
    rng.shuffle(pool)
    it = iter(pool)
    for _ in range(n_clones):
        a = next(it)
        b = next(p for p in it if p.sex == a.sex)
        b.first, b.surname = a.first, a.surname
        same_unit(a, b, rng)
    for i in range(n_twins):
        f1, f2, s1, s2 = TWIN_FIRSTS[i % len(TWIN_FIRSTS)]
        a = next(it)
        b = next(it)
        a.first, a.sex, b.first, b.sex = f1, s1, f2, s2
        b.surname = a.surname = fix_female_only(a.surname, "m")
        same_unit(a, b, rng)
    for i in range(n_lookalike):
        x, y = LOOKALIKE_SURNAMES[i % len(LOOKALIKE_SURNAMES)]
        a = next(it)
        b = next(it)
        a.surname, b.surname = x, y
        if rng.random() < 0.3:
            b.first = a.first
            b.sex = a.sex
        same_unit(a, b, rng)
