"""The force itself: commands, teams, ranks, people, their postings and the HR roster."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from seeds.heldout import names

START = date(2022, 1, 3)
END = date(2024, 12, 20)


@dataclass(frozen=True)
class Command:
    hr: str
    code: str
    words: tuple[str, ...]
    places: tuple[str, ...]
    teams: bool
    weight: float


_BCU_WORDS = {
    "CW": (
        "Central West BCU",
        (
            "CW BCU",
            "CW",
            "Central West",
            "Westminster",
            "central west bcu",
            "Westminster BCU",
            "West End",
        ),
        ("Charing Cross", "Belgravia", "Marylebone", "Charing X"),
    ),
    "NE": (
        "North East BCU",
        ("NE BCU", "North East", "NE", "Newham", "Waltham Forest", "north east bcu", "NE Area"),
        ("Forest Gate", "Stratford", "Chingford"),
    ),
    "EA": (
        "East Area BCU",
        ("East Area", "EA BCU", "EA", "Romford", "Barking", "east area bcu", "Havering"),
        ("Romford", "Ilford", "Barkingside"),
    ),
    "SE": (
        "South East BCU",
        ("SE BCU", "South East", "SE", "Lewisham", "Greenwich", "Bexley", "south east bcu"),
        ("Lewisham", "Plumstead", "Bexleyheath"),
    ),
    "SW": (
        "South West BCU",
        ("SW BCU", "South West", "SW", "Wandsworth", "Kingston", "Richmond", "sw bcu"),
        ("Wimbledon", "Kingston", "Lavender Hill"),
    ),
    "NA": (
        "North Area BCU",
        ("North Area", "NA BCU", "NA", "Enfield", "Haringey", "north area"),
        ("Tottenham", "Edmonton", "Wood Green"),
    ),
    "WA": (
        "West Area BCU",
        ("West Area", "WA BCU", "WA", "Ealing", "Hillingdon", "Hounslow"),
        ("Ealing", "Southall", "Uxbridge"),
    ),
}
COMMANDS: list[Command] = [
    Command(hr, code, words, places, True, 8.0) for code, (hr, words, places) in _BCU_WORDS.items()
] + [
    Command(
        "Territorial Support Group",
        "AW",
        (
            "TSG",
            "Territorial Support Group",
            "the TSG",
            "tsg",
            "TSG carriers",
            "public order",
            "the carriers",
            "T.S.G.",
        ),
        ("Lambeth", "Paddington Green"),
        False,
        5.0,
    ),
    Command(
        "Specialist Firearms Command (MO19)",
        "AW",
        (
            "SC&O19",
            "MO19",
            "firearms",
            "Specialist Firearms Command",
            "CO19",
            "SCO19",
            "ARV",
            "armed response",
            "the firearms unit",
            "SC&O 19",
        ),
        ("Leman Street",),
        False,
        4.0,
    ),
    Command(
        "Parliamentary and Diplomatic Protection Command",
        "AW",
        (
            "Parliamentary and Diplomatic Protection",
            "PaDP",
            "PADP",
            "diplomatic protection",
            "Parliamentary & Diplomatic Protection Command",
            "DPG",
            "Palace of Westminster",
            "parliamentary protection",
        ),
        ("Palace of Westminster",),
        False,
        5.0,
    ),
    Command(
        "Roads and Transport Policing Command",
        "AW",
        (
            "RTPC",
            "Roads and Transport",
            "traffic",
            "roads policing",
            "the traffic unit",
            "Roads & Transport Policing",
        ),
        ("Hendon",),
        False,
        3.0,
    ),
    Command(
        "Met Command and Control",
        "AW",
        (
            "the control room",
            "MetCC",
            "control room",
            "the CAD room",
            "Lambeth control",
            "comms",
            "met cc",
            "Met Command & Control",
        ),
        ("Lambeth", "Bow", "Hendon"),
        False,
        6.0,
    ),
]
TEAMS: dict[str, tuple[float, tuple[str, ...]]] = {
    "Emergency Response": (
        40,
        (
            "response",
            "ERPT",
            "the response team",
            "ERT",
            "team 3",
            "uniform",
            "the relief",
            "Response",
            "E.R.P.T.",
        ),
    ),
    "Neighbourhoods": (
        22,
        (
            "SNT",
            "safer neighbourhoods",
            "neighbourhoods",
            "ward team",
            "the DWO team",
            "Neighbourhood Policing",
        ),
    ),
    "CID": (14, ("CID", "the CID office", "detectives", "crime squad", "C.I.D.")),
    "Custody": (8, ("custody", "the custody suite", "custody suite", "the bridge", "Custody")),
    "Public Protection": (
        14,
        ("public protection", "safeguarding", "CSU", "MASH", "PP", "the child abuse team", "PPU"),
    ),
    "Senior Leadership Team": (1.2, ("SLT", "senior management", "the SLT")),
}
# rank key -> weights per kind of unit
_RANK_MIX: dict[str, dict[str, float]] = {
    "Emergency Response": {"PC": 78, "SGT": 13, "INSP": 3, "STAFF": 2},
    "Neighbourhoods": {"PC": 50, "PCSO": 35, "SGT": 10, "INSP": 3, "STAFF": 2},
    "CID": {"DC": 65, "DS": 15, "DI": 4, "STAFF": 12, "PC": 4},
    "Custody": {"PC": 20, "SGT": 40, "STAFF": 40, "INSP": 3},
    "Public Protection": {"DC": 55, "DS": 14, "DI": 4, "STAFF": 20, "PC": 7},
    "Senior Leadership Team": {"CI": 60, "SUPT": 40},
    "specialist": {"PC": 75, "SGT": 14, "INSP": 5, "CI": 1, "STAFF": 5},
    "Met Command and Control": {"STAFF": 75, "PC": 15, "SGT": 7, "INSP": 3},
}
HR_RANK = {
    "PC": "Police Constable",
    "DC": "Detective Constable",
    "SGT": "Sergeant",
    "DS": "Detective Sergeant",
    "INSP": "Inspector",
    "DI": "Detective Inspector",
    "CI": "Chief Inspector",
    "SUPT": "Superintendent",
    "PCSO": "PCSO",
    "STAFF": "Police Staff",
}
OFFICER_RANKS = {"PC", "DC", "SGT", "DS", "INSP", "DI", "CI", "SUPT"}
SUPERVISORS = {"SGT", "DS", "INSP", "DI", "CI", "SUPT"}


@dataclass(frozen=True)
class Unit:
    command: Command
    team: str | None

    @property
    def hr(self) -> str:
        return f"{self.command.hr} - {self.team}" if self.team else self.command.hr

    def rank_mix(self) -> dict[str, float]:
        if self.team:
            return _RANK_MIX[self.team]
        return _RANK_MIX.get(self.command.hr, _RANK_MIX["specialist"])


UNITS: list[Unit] = [Unit(c, t) for c in COMMANDS if c.teams for t in TEAMS] + [
    Unit(c, None) for c in COMMANDS if not c.teams
]
_UNIT_W = [u.command.weight * (TEAMS[u.team][0] / 100 if u.team else 1.0) for u in UNITS]


@dataclass
class Posting:
    start: date
    unit: Unit
    collar: str | None  # digits only; borough code comes from the unit


@dataclass
class Person:
    pid: str
    first: str
    middle: str | None
    surname: str
    female: bool
    known_as: str
    rank: str
    band: str | None
    warrant: str | None
    postings: list[Posting] = field(default_factory=list)
    leaving: date | None = None
    acting: bool = False

    def posting_at(self, when: date) -> Posting:
        current = self.postings[0]
        for p in self.postings:
            if p.start <= when:
                current = p
        return current

    @property
    def current(self) -> Posting:
        return self.postings[-1]


class Numbers:
    """Hands out shoulder numbers unique within a borough code, and unique warrant numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.collars: dict[str, set[str]] = {}
        self.warrants: set[str] = set()

    def collar(self, rank: str, code: str) -> str | None:
        if rank not in {"PC", "DC", "SGT", "DS", "PCSO"}:
            return None
        lo, hi = {"SGT": (10, 999), "DS": (10, 999), "PCSO": (6000, 7999)}.get(rank, (100, 5999))
        used = self.collars.setdefault(code, set())
        while True:
            n = str(self.rng.randint(lo, hi))
            if n not in used:
                used.add(n)
                return n

    def warrant(self) -> str:
        while True:
            n = str(
                self.rng.randint(180000, 999999)
                if self.rng.random() < 0.6
                else self.rng.randint(1000000, 2600000)
            )
            if n not in self.warrants:
                self.warrants.add(n)
                return n


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def unit_for(rng: random.Random, rank: str, avoid: Unit | None = None) -> Unit:
    while True:
        u = rng.choices(UNITS, weights=_UNIT_W)[0]
        if u != avoid and u.rank_mix().get(rank, 0) > 0:
            return u


def add_move(p: Person, when: date, rng: random.Random, nums: Numbers) -> None:
    """Posts p to a new unit on `when`, with a new shoulder number."""
    unit = unit_for(rng, p.rank, avoid=p.posting_at(when).unit)
    p.postings.append(Posting(when, unit, nums.collar(p.rank, unit.command.code)))
    p.postings.sort(key=lambda x: x.start)


GivenPicker = Callable[[random.Random, bool, str], str]
SurnamePicker = Callable[[random.Random], tuple[str, str]]


def make_person(
    pid: str,
    rng: random.Random,
    nums: Numbers,
    given: GivenPicker,
    surname: str,
    origin: str,
    female: bool | None = None,
    unit: Unit | None = None,
    rank: str | None = None,
) -> Person:
    if female is None:
        female = rng.random() < 0.34
    unit = unit or rng.choices(UNITS, weights=_UNIT_W)[0]
    mix = unit.rank_mix()
    if rank is None or mix.get(rank, 0) == 0:
        rank = rng.choices(list(mix), weights=list(mix.values()))[0]
    first = given(rng, female, origin)
    middle = given(rng, female, "english") if rng.random() < 0.55 else None
    if middle == first:
        middle = None
    nicks = names.ALL_GIVEN.get(first, ())
    roll = rng.random()
    known = first
    if roll < 0.33 and nicks:
        known = rng.choice(nicks)
    elif roll > 0.93 and middle:
        known = middle
    sur = names.feminine(surname) if female else surname
    band = rng.choice(("Band C", "Band D", "Band D", "Band E")) if rank == "STAFF" else None
    p = Person(
        pid,
        first,
        middle,
        sur,
        female,
        known,
        rank,
        band,
        nums.warrant() if rank in OFFICER_RANKS else None,
    )
    p.acting = rank == "PC" and rng.random() < 0.06
    joined = rand_date(rng, date(2001, 1, 1), START - timedelta(days=200))
    if rng.random() < 0.3 and joined < date(2019, 1, 1):  # an earlier posting before this one
        old = unit_for(rng, rank, avoid=unit)
        p.postings.append(Posting(joined, old, nums.collar(rank, old.command.code)))
        joined = rand_date(rng, joined + timedelta(days=300), START - timedelta(days=30))
    p.postings.append(Posting(joined, unit, nums.collar(rank, unit.command.code)))
    if rng.random() < 0.1:
        p.leaving = rand_date(rng, START - timedelta(days=300), END)
    last = p.leaving or END
    if rng.random() < 0.12 and last > START + timedelta(days=120):
        moved = rand_date(rng, START + timedelta(days=30), last - timedelta(days=60))
        add_move(p, moved, rng, nums)
    return p


def hr_collar(post: Posting) -> str | None:
    return f"{post.collar}{post.unit.command.code}" if post.collar else None


def roster_row(p: Person) -> dict[str, object]:
    """How HR writes a person: 'SURNAME, First Middle', its own rank and unit names."""
    rank = HR_RANK[p.rank] + (f" ({p.band})" if p.band else "")
    cur = p.current
    former = p.postings[:-1]
    given = f"{p.first} {p.middle}" if p.middle else p.first
    return {
        "name": f"{p.surname.upper()}, {given}",
        "rank": rank,
        "unit": cur.unit.hr,
        "collar_number": hr_collar(cur),
        "warrant_number": p.warrant,
        "former_collar_numbers": [c for c in (hr_collar(f) for f in former) if c],
        "former_units": [f.unit.hr for f in former],
        "leaving_date": p.leaving.isoformat() if p.leaving else None,
        "_pid": p.pid,
    }
