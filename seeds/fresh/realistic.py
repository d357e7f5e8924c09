"""A large force whose surnames follow London's diversity, with a long tail of rare names."""

from __future__ import annotations

import random
from typing import Any

from seeds.fresh import names
from seeds.fresh.force import ForceSpec, Identity, build_force
from seeds.fresh.reports import build_reports

# Probability that a surname is a rare, invented one rather than a listed one.
_RARE: dict[str, float] = {
    "english": 0.5, "scottish": 0.3, "irish": 0.3, "welsh": 0.12, "indian": 0.25,
    "muslim_south_asian": 0.1, "west_african": 0.5, "caribbean": 0.25, "polish": 0.55,
    "turkish": 0.45, "greek": 0.55, "chinese": 0.0, "southern_european": 0.1, "other": 0.1,
}  # fmt: skip
# Extra weight for surnames that are very common in London.
_BOOST = {"Patel": 2.2, "Khan": 3.0, "Ali": 1.8, "Ahmed": 1.8, "Singh": 1.3, "Begum": 0.4,
          "Kaur": 0.5, "Hussain": 1.5, "Murphy": 1.3}  # fmt: skip
_WEIGHTS: dict[str, list[float]] = {
    origin: [_BOOST.get(name, 1.0) / (i + 6) ** 0.75 for i, name in enumerate(pool)]
    for origin, pool in names.SURNAMES.items()
}
_MIDDLE = {"english", "scottish", "irish", "welsh", "caribbean", "west_african", "greek"}


def make_identity(rng: random.Random) -> Identity:
    origins = list(names.ORIGIN_SHARES)
    origin = rng.choices(origins, [names.ORIGIN_SHARES[o] for o in origins])[0]
    sex = "M" if rng.random() < 0.64 else "F"
    if rng.random() < _RARE[origin]:
        surname = names.rare_surname(rng, origin)
    else:
        surname = rng.choices(names.SURNAMES[origin], _WEIGHTS[origin])[0]
    if origin == "english" and rng.random() < 0.03:
        other = names.zipf_choice(rng, names.SURNAMES["english"], 0.5, offset=4)
        if other != surname:
            surname = f"{surname}-{other}"
    if sex == "F":
        surname = names.feminine_surname(surname)
    first_origin = "english" if rng.random() < 0.08 else origin
    first = names.first_name(rng, first_origin, sex)
    while first == surname:
        first = names.first_name(rng, first_origin, sex)
    middle: str | None = None
    if rng.random() < (0.5 if origin in _MIDDLE else 0.2):
        middle = names.first_name(rng, origin, sex)
        if middle == first:
            middle = None
    return origin, sex, first, middle, surname


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(reports, roster) for one synthetic UK police force; deterministic for a seed."""
    rng = random.Random(seed)
    n_people = rng.randint(5000, 7800)
    spec = ForceSpec(n_people=n_people, make_identity=make_identity, n_relatives=12,
                     n_same_name=6)  # fmt: skip
    people = build_force(rng, spec)
    return build_reports(rng, people, n_reports, namesake_share=0.5)
