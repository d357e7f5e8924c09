"""A mid-sized force drawn from a short surname list: each surname is held by ~8-15 people."""

from __future__ import annotations

import random
from typing import Any

from seeds.fresh import names
from seeds.fresh.force import ForceSpec, Identity, IdentityMaker, build_force
from seeds.fresh.reports import build_reports

_ORIGIN_WEIGHTS = {
    "english": 40, "scottish": 7, "irish": 9, "welsh": 7, "indian": 8,
    "muslim_south_asian": 8, "west_african": 6, "caribbean": 3, "polish": 3, "turkish": 2,
    "greek": 2, "chinese": 3, "southern_european": 2,
}  # fmt: skip


def _identity_maker(rng: random.Random, n_people: int) -> IdentityMaker:
    origins = list(_ORIGIN_WEIGHTS)
    chosen: dict[str, str] = {}
    pool: list[str] = []
    while len(pool) < n_people:
        origin = rng.choices(origins, [_ORIGIN_WEIGHTS[o] for o in origins])[0]
        surname = rng.choice(names.SURNAMES[origin])
        if surname in chosen:
            continue
        chosen[surname] = origin
        pool.extend([surname] * rng.randint(8, 14))
    rng.shuffle(pool)
    surnames = sorted(chosen)

    def make(r: random.Random) -> Identity:
        surname = pool.pop() if pool else r.choice(surnames)
        origin = chosen[surname]
        sex = "M" if r.random() < 0.64 else "F"
        male, female = names.FIRST_NAMES[origin]
        common = (male if sex == "M" else female)[:12]
        first = names.zipf_choice(r, common, 1.1)
        while first == surname:
            first = names.zipf_choice(r, common, 1.1)
        middle: str | None = None
        if r.random() < 0.4:
            middle = names.zipf_choice(r, common, 0.8)
            if middle == first:
                middle = None
        shown = names.feminine_surname(surname) if sex == "F" else surname
        return origin, sex, first, middle, shown

    return make


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(reports, roster) for one synthetic UK police force; deterministic for a seed."""
    rng = random.Random(seed)
    n_people = rng.randint(2300, 3000)
    spec = ForceSpec(
        n_people=n_people,
        make_identity=_identity_maker(rng, n_people),
        n_relatives=max(10, n_people // 80),
        n_same_name=max(15, n_people // 50),
    )
    people = build_force(rng, spec)
    return build_reports(rng, people, n_reports, namesake_share=0.9)
