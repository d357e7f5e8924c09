"""Namesake-heavy force: a short surname list, so every surname is held by about ten people, and
common first names, so many officers share a full name.

The world: a mid-sized force of four BCUs (Central West, North East, South East, West Area) and
four central commands (PaDP, MO19 firearms, TSG, the control room). About ten people hold each
surname; first names come from a short list of common ones. On top of the chance collisions,
some pairs share first name and surname on purpose (some of them in the same unit), and there
are twins in the same unit who joined together (consecutive shoulder numbers, often the same
initial). Several planted predators and bullies have an exact namesake, some in their own unit.
People are written down by reporters as badly as in any other force (see force.mention).

Roster size: 1.6 people per report, at least 1,500 (4,800 at the default 3,000 reports), so
that, with background people named once or twice, most of the roster is never reported while
every surname is still held by about ten people. Pass `roster_size` (or --roster-size 1500) for
the literal 1,500-person force; at 3,000 reports nearly everyone on it is then named.
"""

from __future__ import annotations

import random

from seeds.tuning.force import Force, Person, Rates, make_units
from seeds.tuning.names import (
    COMMON_SURNAMES,
    DOUBLE_BARRELLED,
    rare_surname,
    weighted_firsts,
)
from seeds.tuning.world import build, cli, default_planted

DEFAULT_REPORTS = 3000
PER_SURNAME = 10
RATES = Rates(collar=0.2, unit=0.5, typo=0.12, transposed=0.08)


def roster_size_for(n_reports: int) -> int:
    return max(1500, round(1.6 * n_reports))


def _surnames(rng: random.Random, n: int) -> list[str]:
    names = list(COMMON_SURNAMES[: max(0, n - 6)]) + list(DOUBLE_BARRELLED[:6])
    while len(names) < n:
        extra = rare_surname(rng)
        if extra not in names:
            names.append(extra)
    return names[:n]


def _population(rng: random.Random, force: Force, size: int) -> dict[str, list[Person]]:
    surnames = _surnames(rng, max(20, size // PER_SURNAME))
    males, m_weights = weighted_firsts("m", 24, 0.7)
    females, f_weights = weighted_firsts("f", 20, 0.7)
    by_surname: dict[str, list[Person]] = {s: [] for s in surnames}
    slots = [s for s in surnames for _ in range(PER_SURNAME)]
    rng.shuffle(slots)
    slots = (slots + [rng.choice(surnames) for _ in range(size)])[:size]
    for surname in slots:
        gender = "m" if rng.random() < 0.64 else "f"
        pool, weights = (males, m_weights) if gender == "m" else (females, f_weights)
        first = rng.choices(pool, weights=weights)[0]
        middle = rng.choices(pool, weights=weights)[0] if rng.random() < 0.5 else None
        middle = None if middle == first else middle
        relatives = by_surname[surname]
        unit = rng.choice(relatives).unit if relatives and rng.random() < 0.08 else None
        by_surname[surname].append(force.add(first, middle, surname, gender, unit=unit))
    return by_surname


def _plant_namesakes(
    rng: random.Random,
    force: Force,
    by_surname: dict[str, list[Person]],
    pairs: int,
    same_unit: int,
    twins: int,
) -> None:
    """Deliberate exact namesakes (some in the same unit) and twins in the same unit."""
    people = rng.sample(force.people, pairs + twins)
    for i, person in enumerate(people[:pairs]):
        unit = person.unit if i < same_unit else None
        middle = rng.choice(
            [n for n in weighted_firsts(person.gender, None, 1.0)[0] if n != person.first]
        )
        by_surname[person.surname].append(
            force.add(
                person.first,
                middle if rng.random() < 0.4 else None,
                person.surname,
                person.gender,
                unit=unit,
            )
        )
    for person in people[pairs:]:
        pool = weighted_firsts(person.gender, 36, 1.0)[0]
        same_initial = [f for f in pool if f[0] == person.first[0] and f != person.first]
        if same_initial and rng.random() < 0.6:
            first = rng.choice(same_initial)
        else:
            first = rng.choice([f for f in pool if f != person.first])
        gender = person.gender if rng.random() < 0.7 else ("f" if person.gender == "m" else "m")
        if gender != person.gender:
            first = rng.choice(weighted_firsts(gender, 30, 1.0)[0])
        by_surname[person.surname].append(
            force.add(
                first,
                None,
                person.surname,
                gender,
                unit=person.unit,
                rank=person.rank,
                collar_near=person.collar,
            )
        )


def _full_name_groups(force: Force) -> dict[tuple[str, str], list[Person]]:
    groups: dict[tuple[str, str], list[Person]] = {}
    for p in force.people:
        groups.setdefault((p.first, p.surname), []).append(p)
    return groups


def _planted(
    rng: random.Random, force: Force, n_pred: int, n_bully: int
) -> tuple[list[Person], list[Person]]:
    """Default choice, then swap in people who have an exact namesake (some in the same unit)."""
    predators, bullies = default_planted(rng, force, n_pred, n_bully)
    groups = _full_name_groups(force)
    taken = {id(p) for p in predators + bullies}
    shared = [
        p
        for g in groups.values()
        if len(g) > 1
        for p in g
        if p.leaving is None and id(p) not in taken and p.rank in ("PC", "PS", "DC", "DS")
    ]
    same_unit = [
        p
        for p in shared
        if any(q is not p and q.unit == p.unit for q in groups[(p.first, p.surname)])
    ]
    men_same = [p for p in same_unit if p.gender == "m"]
    men_shared = [p for p in shared if p.gender == "m" and p not in men_same]
    swaps = rng.sample(men_same, min(2, len(men_same), n_pred))
    swaps += rng.sample(men_shared, min(3, len(men_shared), n_pred - len(swaps)))
    for i, person in enumerate(swaps):
        predators[i] = person
    taken = {id(p) for p in predators}
    b_pool = [p for p in shared if id(p) not in taken]
    for i, person in enumerate(rng.sample(b_pool, min(3, len(b_pool), n_bully))):
        bullies[i] = person
    return predators, bullies


def generate(
    n_reports: int, seed: int, roster_size: int | None = None
) -> tuple[list[dict], list[dict]]:
    """(reports, roster): labelled reports in received-date order and the force's HR roster."""
    rng = random.Random(seed)
    size = roster_size or roster_size_for(n_reports)
    force = Force(rng, make_units(["CW", "NE", "SE", "AW"], ["padp", "mo19", "tsg", "metcc"]))
    pairs, twins = max(4, size // 60), max(2, size // 250)
    by_surname = _population(rng, force, size - pairs - twins)
    _plant_namesakes(rng, force, by_surname, pairs, pairs // 3, twins)
    force.random_careers(moved_share=0.14, leaver_share=0.08)
    return build(rng, force, n_reports, RATES, choose=_planted)


def main() -> None:
    cli(generate, DEFAULT_REPORTS, "Namesake-heavy force: labelled reports and HR roster.")


if __name__ == "__main__":
    main()
