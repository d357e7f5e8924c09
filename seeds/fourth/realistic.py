"""A large London-like force: diverse names with a long tail of rare surnames.

``generate(n_reports, seed)`` returns ``(reports, roster)`` for a force of about
5,000-7,000 people.
"""

from __future__ import annotations

import random

from seeds.fourth.common import fix_female_only, middles, plant_namesakes
from seeds.fourth.force import build_roster
from seeds.fourth.names import BRITISH, REALISTIC_GROUPS, Group, invent_surname
from seeds.fourth.reports import build_reports

GROUPS = [g for g, _ in REALISTIC_GROUPS]
G_W = [w for _, w in REALISTIC_GROUPS]
DISTRIBUTION = {1: 60, 2: 17, 3: 9, 4: 5, 5: 3, 6: 4.5, 13: 1.5}


def _first(rng: random.Random, names: list[str]) -> str:
    weights = [1 / (i + 1) ** 0.25 for i in range(len(names))]
    return rng.choices(names, weights=weights)[0]


def _surname(rng: random.Random, g: Group) -> str:
    """A listed surname (flattened weights) or, often, an invented rare one."""
    if rng.random() < 0.5:
        return invent_surname(g, rng)
    names = [s for s, _ in g.surnames]
    return rng.choices(names, weights=[w**0.4 for _, w in g.surnames])[0]


def draw_name(rng: random.Random, sex: str) -> tuple[str, list[str], str]:
    """A name from one naming tradition, sometimes mixed or double-barrelled."""
    g = rng.choices(GROUPS, weights=G_W)[0]
    pool = g.male if sex == "m" else g.female
    first = _first(rng, pool)
    if rng.random() < 0.06:  # mixed heritage or anglicised first name
        first = _first(rng, BRITISH.male if sex == "m" else BRITISH.female)
    surname = fix_female_only(_surname(rng, g), sex)
    if g is BRITISH and rng.random() < 0.04:
        other = _surname(rng, BRITISH)
        if other != surname and "-" not in other + surname and " " not in other + surname:
            surname = f"{surname}-{other}"
    return first, middles(rng, pool, first), surname


def generate(n_reports: int, seed: int) -> tuple[list[dict], list[dict]]:
    """Reports and roster for a realistic large force."""
    rng = random.Random(seed)
    size = rng.randint(5000, 7000)

    def tweak(people: list, r: random.Random) -> None:
        plant_namesakes(people, r, n_clones=3, n_twins=3, n_lookalike=6)

    people, _, _ = build_roster(rng, size, draw_name, maiden_rate=0.06, tweak=tweak)
    reports = build_reports(people, n_reports, rng, DISTRIBUTION, n_bully=8)
    return reports, [p.roster_row() for p in people]
