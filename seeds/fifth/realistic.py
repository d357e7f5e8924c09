"""A large London-like force (~5,200 people, 12 BCUs plus central units) with the usual common
surnames and a long tail of rare ones: British, Irish, South Asian, West African, Caribbean,
Polish, Turkish, Somali, Chinese, Greek, Portuguese and more.

``generate(n_reports, seed) -> (reports, roster)``; deterministic, standard library only.
"""

from __future__ import annotations

import random
from typing import Any

from seeds.fifth import _names as names
from seeds.fifth._force import make_people, make_units, roster_row
from seeds.fifth._world import build

SIZE = 5200

# Surname background -> (male forenames, female forenames) people of it are often given.
ORIGINS: list[tuple[set[str], list[str], list[str]]] = [
    (
        {
            "Patel",
            "Khan",
            "Singh",
            "Begum",
            "Ali",
            "Hussain",
            "Ahmed",
            "Chaudhry",
            "Chowdhury",
            "Rahman",
            "Mahmood",
            "Siddiqui",
            "Sharma",
            "Gupta",
            "Joshi",
            "Kaur",
            "Sandhu",
            "Dhillon",
            "Gill",
            "Bhatti",
            "Iqbal",
            "Qureshi",
            "Mistry",
            "Parmar",
            "Solanki",
            "Thakkar",
            "Raza",
            "Akhtar",
            "Nawaz",
            "Rehman",
            "Kapoor",
            "Malhotra",
            "Varma",
            "Naidu",
            "Pillai",
            "Subramaniam",
        },
        ["Mohammed", "Imran", "Amir", "Rajesh", "Sanjay", "Arjun", "Harpreet"],
        ["Priya", "Anjali", "Fatima", "Aisha", "Sadia", "Nusrat"],
    ),
    (
        {
            "Adeyemi",
            "Okafor",
            "Okonkwo",
            "Adebayo",
            "Oyelaran",
            "Mensah",
            "Boateng",
            "Asante",
            "Owusu",
            "Osei",
            "Appiah",
            "Nwosu",
            "Eze",
            "Obi",
            "Ogunleye",
            "Adeleke",
            "Babatunde",
            "Olawale",
            "Afolabi",
            "Bankole",
            "Danjuma",
            "Kamara",
            "Sesay",
            "Conteh",
            "Jalloh",
            "Bangura",
            "Oduya",
        },
        ["Kwame", "Oluwaseun", "Adebayo", "Olumide", "Chinedu", "Emeka", "Kofi"],
        ["Folake", "Adaeze", "Abena", "Natasha"],
    ),
    (
        {
            "Samuels",
            "McKenzie",
            "Forbes",
            "Gayle",
            "Bogle",
            "Brissett",
            "Lindo",
            "Thame",
            "Spence",
            "Campbell",
            "Grant",
            "Francis",
            "Henry",
            "Joseph",
            "Charles",
            "Reid",
        },
        ["Delroy", "Winston", "Leroy", "Jermaine", "Tyrone", "Dean", "Mark"],
        ["Marcia", "Yvonne", "Natasha", "Danielle", "Michelle"],
    ),
    (
        {
            "Kowalski",
            "Kowalska",
            "Nowak",
            "Wisniewski",
            "Wojcik",
            "Kaminski",
            "Lewandowski",
            "Zielinski",
            "Szymanski",
            "Wozniak",
            "Dabrowski",
            "Kozlowski",
            "Jankowski",
            "Mazur",
            "Krawczyk",
            "Piotrowski",
            "Grabowski",
        },
        ["Tomasz", "Piotr", "Krzysztof", "Marcin"],
        ["Agnieszka", "Magdalena"],
    ),
    (
        {
            "O'Sullivan",
            "McCarthy",
            "Fitzgerald",
            "Gallagher",
            "Doherty",
            "Brennan",
            "Quinlan",
            "Mulcahy",
            "Keane",
            "Dunne",
            "Byrne",
            "Nolan",
            "Cassidy",
            "Donnelly",
            "Flanagan",
            "Geraghty",
            "Hennessy",
            "Kavanagh",
            "Mulligan",
            "O'Driscoll",
            "Murphy",
            "Kelly",
        },
        ["Sean", "Ciaran", "Declan", "Patrick", "Liam", "Connor"],
        ["Siobhan", "Aoife", "Niamh"],
    ),
    ({"Yilmaz", "Demir", "Kaya", "Celik", "Sahin", "Ozturk", "Aydin"}, ["Mehmet"], ["Zeynep"]),
    (
        {"Mohamed", "Abdi", "Hassan", "Farah", "Warsame", "Omar"},
        ["Hassan", "Abdi"],
        ["Hodan", "Fatima"],
    ),
    ({"Chen", "Wong", "Li", "Zhang", "Nguyen", "Tran", "Lam", "Cheung"}, ["Wei", "Minh"], ["Mei"]),
    (
        {"Georgiou", "Christodoulou", "Papadopoulos", "Constantinou", "Ioannou"},
        ["Nikos"],
        ["Eleni"],
    ),
    ({"Silva", "Santos", "Ferreira", "Pereira"}, ["Joao"], ["Ana"]),
]
_SPECIAL = {n for _, m, f in ORIGINS for n in m + f}
BRITISH_M = [n for n in names.MALE if n not in _SPECIAL] + ["Mark", "Dean", "Liam", "Connor"]
BRITISH_F = [n for n in names.FEMALE if n not in _SPECIAL] + ["Natasha", "Danielle"]


def _surname_picker(rng: random.Random) -> Any:
    common = names.COMMON_SURNAMES
    common_w = [1 / (i + 1) ** 0.3 for i in range(len(common))]
    rare = names.RARE_SURNAMES
    built = names.rare_tail()

    def pick(r: random.Random) -> str:
        roll = r.random()
        if roll < 0.45:
            return r.choices(common, weights=common_w)[0]
        if roll < 0.65:
            return r.choice(rare)
        if roll < 0.97:
            return r.choice(r.choices(built, weights=[4, 2, 1, 1, 4])[0])
        return r.choice(names.DOUBLE_BARRELLED)

    return pick


def _built_origin(surname: str) -> int | None:
    """Index in ORIGINS of a built rare surname's background (West African, Polish, Irish)."""
    if any(surname.startswith(h) for h in names.YORUBA_HEADS) and surname not in BRITISH_BUILT:
        return 1
    if surname in names.POLISH_STEMS:
        return 3
    if surname.startswith(("O'", "Mc")):
        return 4
    return None


BRITISH_BUILT = set(names.rare_tail()[0])


def _forename(rng: random.Random, female: bool, surname: str) -> str:
    base = surname.split("-")[0]
    built = _built_origin(base)
    if built is not None and rng.random() < 0.75:
        return rng.choice(ORIGINS[built][2 if female else 1])
    for group, men, women in ORIGINS:
        if base in group and rng.random() < 0.75:
            return rng.choice(women if female else men)
    if rng.random() < 0.08:
        return rng.choice(list(names.FEMALE if female else names.MALE))
    return rng.choice(BRITISH_F if female else BRITISH_M)


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reports (sorted by received date) and the force's HR roster."""
    rng = random.Random(seed)
    units = make_units(12)
    people = make_people(rng, SIZE, units, _surname_picker(rng), _forename)
    reports = build(rng, people, n_reports)
    return reports, [roster_row(p) for p in people]
