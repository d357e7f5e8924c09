"""Realistic force: a large London-style force with a realistic surname distribution.

The world: seven BCUs (each with response, CID, custody, neighbourhood and public protection
teams) and five central commands (PaDP, MO19 firearms, TSG, the control room, roads policing),
5,000-10,000 people on the roster (2.2 per report, clamped). Surnames follow a heavy head and a
long tail: a few very common names (Smith, Jones, Williams, Patel, Khan, Brown ...) drawn with
Zipf-like weights, and about two in five people with an uncommon surname (invented plausible
British, Irish, South Asian, Sri Lankan, Yoruba, Igbo, Ghanaian, Caribbean, Polish, Turkish,
Greek ... names, a few double-barrelled), so most rare surnames are held by one or two people.
First names loosely follow surname origin. Relatives sometimes work in the same unit; a few
exact namesakes exist on purpose (two "Mark Patel"s, some in the same unit). About one person
in six has changed unit (and shoulder number) before or during the three reporting years, and
reports written before the move give the old unit and number. Reporters give shoulder numbers
with or without borough letters, sometimes with two digits transposed, and units in many forms.
"""

from __future__ import annotations

import random

from seeds.tuning.force import Force, Rates, make_units
from seeds.tuning.names import (
    COMMON_SURNAMES,
    DOUBLE_BARRELLED,
    POPULAR_FEMALE,
    POPULAR_MALE,
    origin_first,
    rare_surname,
    weighted_firsts,
)
from seeds.tuning.world import build, cli

DEFAULT_REPORTS = 3000
RATES = Rates(collar=0.22, unit=0.5, typo=0.12, transposed=0.1, stale_unit=0.3)
# The head of the distribution, relative to Smith = 1.0 (roughly British + London frequencies).
HEAD = {
    "Smith": 1.0,
    "Jones": 0.75,
    "Williams": 0.62,
    "Patel": 0.6,
    "Khan": 0.5,
    "Taylor": 0.5,
    "Brown": 0.48,
    "Davies": 0.4,
    "Ali": 0.38,
    "Singh": 0.36,
    "Wilson": 0.35,
    "Evans": 0.33,
    "Thomas": 0.33,
    "Johnson": 0.32,
    "Ahmed": 0.3,
    "Roberts": 0.3,
}


def roster_size_for(n_reports: int) -> int:
    return min(10000, max(5000, round(2.2 * n_reports)))


def _surname_weights() -> tuple[list[str], list[float]]:
    """HEAD weights for the commonest names, a Zipf-like decline for the rest of the list."""
    names = list(COMMON_SURNAMES)
    rest = [n for n in names if n not in HEAD]
    weights = {n: 0.3 / (j + 1) ** 0.3 for j, n in enumerate(rest)} | HEAD
    return names, [weights[n] for n in names]


def _population(rng: random.Random, force: Force, size: int) -> None:
    common, c_weights = _surname_weights()
    males, m_weights = weighted_firsts("m", None, 0.5)
    females, f_weights = weighted_firsts("f", None, 0.5)
    by_surname: dict[str, list] = {}
    while len(force.people) < size:
        r = rng.random()
        if r < 0.57:
            surname = rng.choices(common, weights=c_weights)[0]
        elif r < 0.585:
            surname = rng.choice(DOUBLE_BARRELLED)
        else:
            surname = rare_surname(rng)
        gender = "m" if rng.random() < 0.66 else "f"
        pool, weights = (males, m_weights) if gender == "m" else (females, f_weights)
        first = origin_first(rng, surname, gender) or rng.choices(pool, weights=weights)[0]
        middle = None
        if rng.random() < 0.55:
            middle = origin_first(rng, surname, gender) or rng.choices(pool, weights=weights)[0]
            middle = None if middle == first else middle
        relatives = by_surname.get(surname, [])
        unit = rng.choice(relatives).unit if relatives and rng.random() < 0.05 else None
        person = force.add(first, middle, surname, gender, unit=unit)
        by_surname.setdefault(surname, []).append(person)


def _namesakes(rng: random.Random, force: Force, pairs: int, same_unit: int) -> None:
    """Exact namesakes on purpose: 'Mark Patel' twice, some of them in the same unit."""
    popular = POPULAR_MALE[:25] + POPULAR_FEMALE[:20]
    common_first = [p for p in force.people if p.first in popular and p.surname in HEAD]
    for i, person in enumerate(rng.sample(common_first, min(pairs, len(common_first)))):
        force.add(
            person.first,
            None,
            person.surname,
            person.gender,
            unit=person.unit if i < same_unit else None,
        )


def generate(
    n_reports: int, seed: int, roster_size: int | None = None
) -> tuple[list[dict], list[dict]]:
    """(reports, roster): labelled reports in received-date order and the force's HR roster."""
    rng = random.Random(seed)
    size = roster_size or roster_size_for(n_reports)
    force = Force(
        rng,
        make_units(
            ["CW", "NE", "SE", "AW", "NW", "CS", "CN"], ["padp", "mo19", "tsg", "metcc", "rtpc"]
        ),
    )
    pairs = max(3, size // 400)
    _population(rng, force, size - pairs)
    _namesakes(rng, force, pairs, pairs // 3)
    force.random_careers(moved_share=0.17, leaver_share=0.08)
    return build(rng, force, n_reports, RATES)


def main() -> None:
    cli(generate, DEFAULT_REPORTS, "Realistic force: labelled reports and HR roster.")


if __name__ == "__main__":
    main()
