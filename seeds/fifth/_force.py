"""The force: units, people, and each person's career over the four years (moves, promotions,
leaving), from which the HR roster is exported."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from seeds.fifth._names import FEMALE, MALE

START = date(2022, 1, 1)
END = date(2025, 12, 31)
SPAN = (END - START).days

OFFICER_RANKS = {"PC", "Sergeant", "Inspector", "Chief Inspector", "DC", "DS", "DI"}
SUPERVISORS = {"Sergeant", "Inspector", "DS", "DI", "Chief Inspector"}

# Borough Command Units: (name, code, [(borough, letters, station)]).
BCUS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "South East",
        "SE",
        [
            ("Lewisham", "PL", "Lewisham"),
            ("Greenwich", "RG", "Plumstead"),
            ("Bexley", "RY", "Bexleyheath"),
        ],
    ),
    ("Central South", "AS", [("Lambeth", "LX", "Brixton"), ("Southwark", "MD", "Walworth")]),
    (
        "Central West",
        "AW",
        [
            ("Westminster", "CW", "Charing Cross"),
            ("Kensington", "BS", "Kensington"),
            ("Hammersmith", "FH", "Hammersmith"),
        ],
    ),
    (
        "Central East",
        "CE",
        [("Hackney", "GD", "Stoke Newington"), ("Tower Hamlets", "HT", "Bethnal Green")],
    ),
    ("North East", "NE", [("Newham", "KF", "Forest Gate"), ("Waltham Forest", "JC", "Chingford")]),
    (
        "South",
        "SN",
        [("Croydon", "ZD", "Croydon"), ("Sutton", "ZT", "Sutton"), ("Bromley", "PY", "Bromley")],
    ),
    ("Central North", "CN", [("Camden", "EK", "Holborn"), ("Islington", "NI", "Islington")]),
    (
        "West Area",
        "WA",
        [
            ("Ealing", "XD", "Ealing"),
            ("Hillingdon", "XH", "Uxbridge"),
            ("Hounslow", "TX", "Hounslow"),
        ],
    ),
    (
        "North West",
        "NW",
        [("Barnet", "SX", "Colindale"), ("Brent", "QK", "Wembley"), ("Harrow", "QA", "Harrow")],
    ),
    ("North Area", "NA", [("Enfield", "YE", "Edmonton"), ("Haringey", "YR", "Tottenham")]),
    (
        "South West",
        "SW",
        [
            ("Wandsworth", "WW", "Lavender Hill"),
            ("Merton", "VW", "Wimbledon"),
            ("Kingston", "VK", "Kingston"),
            ("Richmond", "TW", "Twickenham"),
        ],
    ),
    (
        "East Area",
        "EA",
        [
            ("Barking", "KG", "Barking"),
            ("Havering", "KD", "Romford"),
            ("Redbridge", "JI", "Ilford"),
        ],
    ),
]
BOROUGH_TEAMS = [
    "Response Team 1",
    "Response Team 2",
    "Response Team 3",
    "Response Team 4",
    "Response Team 5",
    "CID",
    "Neighbourhoods",
    "Safeguarding",
    "Custody",
    "Proactive",
]
# Central units: (name, letters, kind).
CENTRAL = [
    ("MO19 Firearms", "FA", "firearms"),
    ("Territorial Support Group", "U", "tsg"),
    ("Roads and Transport Policing", "TP", "roads"),
    ("Dog Support Unit", "DG", "dogs"),
    ("Met Command and Control", "", "control"),
    ("Specialist Crime - Homicide", "SC", "mit"),
    ("Hendon Training School", "HN", "training"),
    ("People Services", "", "hr"),
]

# Unit kind -> rank weights.
RANK_MIX: dict[str, dict[str, int]] = {
    "response": {"PC": 80, "Sergeant": 14, "Inspector": 4, "Police Staff": 2},
    "cid": {"DC": 70, "DS": 18, "DI": 5, "Police Staff": 7},
    "neighbourhoods": {"PC": 50, "PCSO": 35, "Sergeant": 12, "Inspector": 3},
    "safeguarding": {"DC": 65, "DS": 18, "DI": 5, "Police Staff": 12},
    "custody": {"Police Staff": 50, "Sergeant": 40, "Inspector": 10},
    "proactive": {"PC": 55, "DC": 25, "Sergeant": 15, "Inspector": 5},
    "slt": {"Chief Inspector": 60, "Inspector": 25, "Police Staff": 15},
    "control": {"Police Staff": 85, "Sergeant": 8, "Inspector": 7},
    "hr": {"Police Staff": 95, "Chief Inspector": 5},
    "mit": {"DC": 60, "DS": 25, "DI": 10, "Police Staff": 5},
}
DEFAULT_MIX = {"PC": 80, "Sergeant": 15, "Inspector": 5}
PROMOTION = {"PC": "Sergeant", "DC": "DS", "Sergeant": "Inspector", "DS": "DI"}


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    letters: str
    bcu: str = ""
    bcu_code: str = ""
    borough: str = ""
    station: str = ""
    team: str = ""


@dataclass
class Stint:
    start: date
    unit: Unit
    rank: str
    collar: str | None


@dataclass
class Person:
    pid: str
    forename: str
    surname: str
    female: bool
    warrant: str | None
    stints: list[Stint] = field(default_factory=list)
    leaving: date | None = None

    def at(self, when: date) -> Stint:
        current = self.stints[0]
        for stint in self.stints:
            if stint.start <= when:
                current = stint
        return current

    @property
    def now(self) -> Stint:
        return self.stints[-1]

    def active(self, when: date) -> bool:
        return self.leaving is None or when <= self.leaving


def _team_kind(team: str) -> str:
    return "response" if team.startswith("Response") else team.lower()


def make_units(bcu_count: int) -> list[Unit]:
    units: list[Unit] = []
    for bcu, code, boroughs in BCUS[:bcu_count]:
        units.append(
            Unit(
                f"{bcu} BCU - Senior Leadership Team",
                "slt",
                boroughs[0][1],
                bcu,
                code,
                boroughs[0][0],
                boroughs[0][2],
                "SLT",
            )
        )
        for borough, letters, station in boroughs:
            for team in BOROUGH_TEAMS:
                units.append(
                    Unit(
                        f"{bcu} BCU - {borough} - {team}",
                        _team_kind(team),
                        letters,
                        bcu,
                        code,
                        borough,
                        station,
                        team,
                    )
                )
    for name, letters, kind in CENTRAL[: max(3, bcu_count * 2 // 3)]:
        units.append(Unit(name, kind, letters))
    return units


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def rand_date(rng: random.Random, lo: date = START, hi: date = END) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


class _Numbers:
    """Hands out unique shoulder (collar) digits and warrant numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.collars: set[str] = set()
        self.warrants: set[str] = set()

    def collar(self, unit: Unit) -> str:
        while True:
            digits = (
                str(self.rng.randint(100, 7999))
                if self.rng.random() < 0.9
                else str(self.rng.randint(10, 99))
            )
            if digits not in self.collars:
                self.collars.add(digits)
                return digits + (unit.letters or "CO")

    def warrant(self) -> str:
        while True:
            number = str(self.rng.randint(170000, 259999))
            if number not in self.warrants:
                self.warrants.add(number)
                return number


def make_people(
    rng: random.Random,
    size: int,
    units: list[Unit],
    surname: Callable[[random.Random], str],
    forename_pool: Callable[[random.Random, bool, str], str] | None = None,
) -> list[Person]:
    """``size`` people spread over ``units``, a share of whom moved, were promoted or left."""
    numbers = _Numbers(rng)
    weights = [
        1 if u.kind in {"slt", "hr"} else 3 if u.kind in {"control", "custody"} else 4
        for u in units
    ]
    male, female = list(MALE), list(FEMALE)
    people: list[Person] = []
    for i in range(size):
        unit = rng.choices(units, weights=weights)[0]
        rank = _pick(rng, RANK_MIX.get(unit.kind, DEFAULT_MIX))
        is_female = rng.random() < (0.55 if rank in {"Police Staff", "PCSO"} else 0.32)
        family = surname(rng)
        if forename_pool is not None:
            first = forename_pool(rng, is_female, family)
        else:
            first = rng.choice(female if is_female else male)
        officer = rank in OFFICER_RANKS
        person = Person(
            f"p{i + 1}", first, family, is_female, numbers.warrant() if officer else None
        )
        collar = numbers.collar(unit) if officer else None
        person.stints.append(Stint(START - timedelta(days=3650), unit, rank, collar))
        roll = rng.random()
        if roll < 0.18:  # moved unit once in the window
            fits = [u for u in units if u != unit and rank in RANK_MIX.get(u.kind, DEFAULT_MIX)]
            if fits:
                new_unit = rng.choice(fits)
                moved = collar
                if officer and new_unit.letters != unit.letters:
                    moved = numbers.collar(new_unit)
                person.stints.append(Stint(rand_date(rng), new_unit, rank, moved))
        elif roll < 0.24 and rank in PROMOTION:  # promoted, new shoulder number
            new_rank = PROMOTION[rank]
            person.stints.append(Stint(rand_date(rng), unit, new_rank, numbers.collar(unit)))
        if rng.random() < 0.08:
            person.leaving = rand_date(rng, START + timedelta(days=60))
            if person.leaving < person.now.start:
                person.leaving = person.now.start + timedelta(days=rng.randint(30, 300))
                if person.leaving > END:
                    person.leaving = None
        people.append(person)
    return people


def roster_row(person: Person, forename_first: bool = False) -> dict[str, object]:
    """The HR export: ``SURNAME, Forename`` style, current posting plus former ones."""
    now = person.now
    earlier = person.stints[:-1]
    name = (
        f"{person.forename} {person.surname}"
        if forename_first
        else f"{person.surname.upper()}, {person.forename}"
    )
    former_collars = [s.collar for s in earlier if s.collar and s.collar != now.collar]
    return {
        "_pid": person.pid,
        "name": name,
        "rank": now.rank,
        "unit": now.unit.name,
        "collar_number": now.collar,
        "warrant_number": person.warrant,
        "former_collar_numbers": list(dict.fromkeys(former_collars)),
        "former_units": [s.unit.name for s in earlier if s.unit != now.unit],
        "leaving_date": person.leaving.isoformat() if person.leaving else None,
    }
