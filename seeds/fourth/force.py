"""The force: units, ranks, people and the HR roster."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_START = dt.date(2022, 1, 1)
WINDOW_END = dt.date(2024, 12, 31)

OFFICER_LADDER = ["PC", "PS", "Insp", "Ch Insp", "Supt", "Ch Supt"]
DETECTIVE_LADDER = ["DC", "DS", "DI", "DCI", "Supt", "Ch Supt"]
STAFF_GRADES = ["PCSO", "Band C", "Band D", "Band E", "Police Staff"]
TEAM_LETTERS = "ABCDE"
PHONETIC_LETTERS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]

# code, HR name, {borough: [stations]}, words people use for the area
BCUS: list[tuple[str, str, dict[str, list[str]], list[str]]] = [
    ("CW", "Central West", {"Westminster": ["Charing Cross", "Belgravia", "Paddington Green"],
                            "Kensington and Chelsea": ["Notting Hill", "Kensington"],
                            "Hammersmith and Fulham": ["Hammersmith", "Shepherd's Bush"]},
     ["central west", "CW", "Westminster"]),
    ("CN", "Central North", {"Camden": ["Holborn", "Kentish Town"],
                             "Islington": ["Islington", "Holloway"]},
     ["central north", "CN"]),
    ("CE", "Central East", {"Hackney": ["Stoke Newington", "Hackney"],
                            "Tower Hamlets": ["Bethnal Green", "Limehouse"]},
     ["central east", "CE"]),
    ("NE", "North East", {"Newham": ["Forest Gate", "Stratford", "Plaistow"],
                          "Waltham Forest": ["Chingford", "Leyton"]},
     ["north east", "NE"]),
    ("EA", "East Area", {"Barking and Dagenham": ["Barking"], "Havering": ["Romford"],
                         "Redbridge": ["Ilford"]},
     ["east area", "EA", "east"]),
    ("SE", "South East", {"Greenwich": ["Plumstead"], "Bexley": ["Bexleyheath"],
                          "Lewisham": ["Lewisham", "Catford"]},
     ["south east", "SE"]),
    ("AS", "Central South", {"Lambeth": ["Brixton", "Kennington", "Streatham"],
                             "Southwark": ["Walworth", "Peckham"]},
     ["central south", "AS"]),
    ("SN", "South Area", {"Croydon": ["Croydon"], "Sutton": ["Sutton"],
                          "Bromley": ["Bromley"]},
     ["south area", "south", "SN"]),
    ("SW", "South West", {"Wandsworth": ["Lavender Hill", "Wandsworth"],
                          "Merton": ["Wimbledon"], "Kingston": ["Kingston"],
                          "Richmond": ["Twickenham"]},
     ["south west", "SW"]),
    ("WA", "West Area", {"Ealing": ["Ealing", "Acton", "Southall"],
                         "Hillingdon": ["Uxbridge", "Heathrow"], "Hounslow": ["Hounslow"]},
     ["west area", "west", "WA"]),
    ("NA", "North Area", {"Barnet": ["Colindale"], "Enfield": ["Edmonton", "Enfield"],
                          "Haringey": ["Tottenham", "Wood Green"]},
     ["north area", "north", "NA"]),
    ("NW", "North West", {"Brent": ["Wembley", "Kilburn"], "Harrow": ["Harrow"]},
     ["north west", "NW"]),
]  # fmt: skip

# HR suffix, weight, rank weights, reporter aliases
BCU_TEAMS: list[tuple[str, float, dict[str, float], list[str]]] = [
    ("Response Team {n}", 9, {"PC": 80, "PS": 12, "Insp": 3, "Band C": 2},
     ["ERT", "response", "team {n}", "Team {n}", "{borough} response", "{station} response",
      "{letter} team", "{phon} team", "{letter} relief", "R{n}", "{code} ERT",
      "response team {n}", "emergency response", "resp", "{station} team {n}",
      "{letter} relief {station}", "{area} response"]),
    ("Neighbourhood Policing", 3, {"PC": 55, "PCSO": 30, "PS": 10, "Insp": 2},
     ["SNT", "neighbourhoods", "safer neighbourhoods", "{borough} SNT", "{station} SNT",
      "ward team", "neighbourhood team", "DWO", "{area} neighbourhoods"]),
    ("CID", 2.5, {"DC": 65, "DS": 15, "DI": 4, "Band C": 12, "DCI": 1},
     ["CID", "{borough} CID", "{station} CID", "the CID office", "{code} CID", "crime squad",
      "CID at {station}", "Investigations", "{area} CID"]),
    ("Safeguarding", 1.5, {"DC": 55, "DS": 12, "DI": 3, "Band C": 20, "PC": 8},
     ["safeguarding", "{borough} safeguarding", "MASH", "CSU", "DA team", "public protection",
      "{code} safeguarding", "DA unit"]),
    ("Taskforce", 1, {"PC": 75, "PS": 15, "Insp": 3},
     ["taskforce", "{code} taskforce", "proactive", "the gangs unit", "VSU", "task force",
      "{borough} taskforce"]),
    ("Local Support Team", 0.6, {"Band C": 40, "Band D": 30, "Police Staff": 25, "Band E": 5},
     ["admin", "{station} front counter", "support team", "the office", "LST",
      "{station} admin"]),
]  # fmt: skip

# HR name, weight, shoulder suffix (None: digits only), rank weights, aliases
CENTRAL_UNITS: list[tuple[str, float, str | None, dict[str, float], list[str]]] = [
    ("Met Detention", 3, None, {"PS": 30, "PC": 10, "Insp": 4, "Band D": 50},
     ["custody", "Met Detention", "MD", "{station} custody", "the custody suite at {station}",
      "detention", "custody at {station}", "the cells", "custody suite"]),
    ("Specialist Firearms Command (MO19)", 2, None, {"PC": 80, "PS": 14, "Insp": 4},
     ["SC&O19", "MO19", "CO19", "SCO19", "firearms", "ARV", "the ARVs", "Trojans", "SFO",
      "firearms command", "S019", "MO 19"]),
    ("Roads and Transport Policing Command", 2, "TP", {"PC": 78, "PS": 12, "Insp": 3,
                                                         "Police Staff": 4},
     ["RTPC", "roads policing", "traffic", "RPU", "roads", "TPC", "traffic division", "CVU",
      "road policing", "the traffic unit", "RTPC at {station}"]),
    ("Parliamentary and Diplomatic Protection", 2, "PD", {"PC": 82, "PS": 12, "Insp": 4},
     ["PaDP", "PADP", "DPG", "diplomatic protection", "parliament", "Palace of Westminster",
      "PaDP Downing St", "Padp", "embassy protection"]),
    ("Territorial Support Group", 1.5, "U", {"PC": 80, "PS": 14, "Insp": 4},
     ["TSG", "the TSG", "U serial", "TSG carrier", "territorial support", "Tsg",
      "TSG at Lambeth"]),
    ("Professional Standards", 0.6, None, {"DC": 30, "DS": 25, "DI": 10, "Band C": 30},
     ["DPS", "PSD", "professional standards", "complaints", "the DPS", "anti-corruption"]),
    ("Public Protection - Child Abuse", 1, "CA", {"DC": 60, "DS": 15, "DI": 4, "Band C": 15},
     ["CAIT", "child abuse team", "child protection", "child abuse investigation",
      "Cait", "CAIT at {station}"]),
    ("Public Protection - Sexual Offences", 1, "SA", {"DC": 60, "DS": 15, "DI": 4, "Band C": 15},
     ["Sapphire", "SOIT", "RASSO", "sexual offences unit", "the rape team", "SOIT officers"]),
    ("Specialist Crime - Homicide", 1, None, {"DC": 55, "DS": 20, "DI": 6, "DCI": 3,
                                               "Band C": 12},
     ["MIT", "murder squad", "homicide", "HAT", "Homicide Command", "SC&O1"]),
    ("Dog Support Unit", 0.4, "DS", {"PC": 85, "PS": 10, "Insp": 2},
     ["dogs", "dog unit", "DSU", "dog handlers", "the dog section"]),
    ("Marine Policing Unit", 0.3, "MP", {"PC": 80, "PS": 12, "Insp": 3},
     ["marine", "river police", "Wapping", "MPU", "marine unit"]),
    ("Counter Terrorism Command (SO15)", 1, None, {"DC": 55, "DS": 18, "DI": 6, "Band C": 15},
     ["SO15", "CT", "counter terrorism", "CTC", "CT command", "ports"]),
    ("Royal and Specialist Protection", 0.6, "RP", {"PC": 70, "PS": 20, "Insp": 6},
     ["RaSP", "royalty protection", "SO14", "RASP", "royal protection"]),
    ("Met Contact Centre", 1.5, None, {"Band C": 45, "Band D": 30, "PS": 8, "Insp": 3,
                                        "Police Staff": 14},
     ["MetCC", "Met CC", "the control room", "CAD", "control", "MetCC Lambeth",
      "call handling"]),
    ("Learning and Development - Hendon", 0.6, None, {"PC": 30, "PS": 30, "Insp": 5,
                                                       "Band D": 25, "Police Staff": 10},
     ["Hendon", "training school", "Peel Centre", "training", "the college", "L&D"]),
    ("HR Services", 0.5, None, {"Band C": 40, "Band D": 30, "Band E": 15, "Police Staff": 15},
     ["HR", "human resources", "people services", "the HR team"]),
    ("Finance and Commercial", 0.3, None, {"Band C": 40, "Band D": 30, "Police Staff": 30},
     ["finance", "procurement", "finance team"]),
    ("Forensic Services", 0.6, None, {"Band C": 50, "Band D": 30, "Police Staff": 20},
     ["forensics", "CSI", "SOCO", "scenes of crime", "the lab"]),
    ("Economic Crime", 0.5, None, {"DC": 60, "DS": 15, "DI": 4, "Band C": 20},
     ["fraud squad", "economic crime", "Falcon", "fraud", "the fraud team"]),
]  # fmt: skip


@dataclass
class Unit:
    """A unit as HR names it, with the words reporters use for it."""

    name: str
    weight: float
    ranks: dict[str, float]
    aliases: list[str]
    code: str | None
    bcu: str | None = None
    team: int | None = None
    boroughs: dict[str, list[str]] = field(default_factory=dict)
    area_words: list[str] = field(default_factory=list)


def build_units() -> list[Unit]:
    """Every unit of the force."""
    units = []
    for code, bname, boroughs, area in BCUS:
        for suffix, wt, ranks, aliases in BCU_TEAMS:
            teams = range(1, 6) if "{n}" in suffix else [None]
            for n in teams:
                name = f"{bname} BCU - " + suffix.replace("{n}", str(n) if n else "")
                w = wt / (5 if n else 1)
                units.append(Unit(name, w, ranks, aliases, code, code, n, boroughs, area))
    all_stations = {b: s for _, _, bs, _ in BCUS for b, s in bs.items()}
    for name, wt, suf, ranks, aliases in CENTRAL_UNITS:
        units.append(Unit(name, wt * 2.5, ranks, aliases, suf, None, None, all_stations, []))
    return units


def is_officer(rank: str) -> bool:
    """True for warranted ranks."""
    return rank in OFFICER_LADDER or rank in DETECTIVE_LADDER


@dataclass
class Person:
    """One member of the force with the hidden facts reporters draw on."""

    pid: str
    first: str
    middles: list[str]
    surname: str
    sex: str
    rank: str
    unit: Unit
    borough: str
    station: str
    collar: str | None = None
    warrant: str | None = None
    alt_surname: str | None = None
    former_collars: list[str] = field(default_factory=list)
    former_units: list[Unit] = field(default_factory=list)
    former_rank: str | None = None
    former_borough: str | None = None
    former_station: str | None = None
    move_date: dt.date | None = None
    leaving_date: dt.date | None = None

    def hr_name(self) -> str:
        """The name as HR writes it: ``SURNAME, Firstname Middlename``."""
        return " ".join([f"{self.surname.upper()},", self.first, *self.middles])

    def roster_row(self) -> dict:
        """The HR roster entry."""
        return {
            "name": self.hr_name(),
            "rank": self.rank,
            "unit": self.unit.name,
            "collar_number": self.collar,
            "warrant_number": self.warrant,
            "former_collar_numbers": list(self.former_collars),
            "former_units": [u.name for u in self.former_units],
            "leaving_date": self.leaving_date.isoformat() if self.leaving_date else None,
            "_pid": self.pid,
        }


NameDraw = Callable[[random.Random, str], tuple[str, list[str], str]]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class NumberBook:
    """Issues unique shoulder and warrant numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.collars: set[str] = set()
        self.digits_by_suffix: dict[str, set[str]] = {}
        self.warrants: set[str] = set()

    def collar(self, unit: Unit) -> str:
        """A new shoulder number for someone joining ``unit``."""
        suffix = unit.code or ""
        used = self.digits_by_suffix.setdefault(suffix, set())
        while True:
            width = self.rng.choices([3, 4, 5], weights=[35, 55, 10])[0]
            digits = str(self.rng.randint(10 ** (width - 1), 10**width - 1))
            if digits in used or digits + suffix in self.collars:
                continue
            used.add(digits)
            self.collars.add(digits + suffix)
            return digits + suffix

    def warrant(self) -> str:
        """A new warrant number (6 or 7 digits)."""
        while True:
            if self.rng.random() < 0.8:
                w = str(self.rng.randint(180000, 249999))
            else:
                w = str(self.rng.randint(1000000, 1099999))
            if w not in self.warrants:
                self.warrants.add(w)
                return w


def _place(unit: Unit, rng: random.Random) -> tuple[str, str]:
    borough = rng.choice(list(unit.boroughs))
    return borough, rng.choice(unit.boroughs[borough])


def _rand_date(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


Tweak = Callable[[list[Person], random.Random], None]


def build_roster(
    rng: random.Random,
    size: int,
    draw_name: NameDraw,
    maiden_rate: float = 0.06,
    tweak: Tweak | None = None,
) -> tuple[list[Person], list[Unit], NumberBook]:
    """Create ``size`` people with ranks, units, numbers, moves and leavers.

    ``tweak`` may rename or re-post people (e.g. plant namesakes) before numbers
    are issued.
    """
    units = build_units()
    weights = [u.weight for u in units]
    book = NumberBook(rng)
    people: list[Person] = []
    for i in range(size):
        unit = rng.choices(units, weights=weights)[0]
        rank = _pick(rng, unit.ranks)
        sex = "f" if rng.random() < (0.36 if is_officer(rank) else 0.55) else "m"
        first, middles, surname = draw_name(rng, sex)
        borough, station = _place(unit, rng)
        p = Person(f"p{i + 1}", first, middles, surname, sex, rank, unit, borough, station)
        if sex == "f" and rng.random() < maiden_rate:
            _, _, other = draw_name(rng, sex)
            if other != surname:
                p.alt_surname = other
        people.append(p)
    if tweak is not None:
        tweak(people, rng)
    for p in people:
        _history(p, units, weights, book, rng)
    return people, units, book


def _history(
    p: Person, units: list[Unit], weights: list[float], book: NumberBook, rng: random.Random
) -> None:
    """Give ``p`` numbers, perhaps a move or promotion, perhaps a leaving date."""
    officer = is_officer(p.rank)
    roll = rng.random()
    moved = roll < 0.15
    promoted = officer and not moved and roll < 0.19 and p.rank not in ("PC", "DC")
    if moved:
        n_moves = 2 if rng.random() < 0.15 else 1
        for _ in range(n_moves):
            for _try in range(30):
                old = rng.choices(units, weights=weights)[0]
                if old is not p.unit and p.rank in old.ranks:
                    break
            else:
                continue
            p.former_units.append(old)
        if p.former_units:
            p.former_borough, p.former_station = _place(p.former_units[-1], rng)
            p.move_date = _rand_date(rng, WINDOW_START - dt.timedelta(days=500), WINDOW_END)
    if promoted:
        ladder = DETECTIVE_LADDER if p.rank in DETECTIVE_LADDER else OFFICER_LADDER
        p.former_rank = ladder[ladder.index(p.rank) - 1]
        p.move_date = _rand_date(rng, WINDOW_START - dt.timedelta(days=400), WINDOW_END)
    if officer:
        p.warrant = book.warrant()
        for old in p.former_units:
            if old.code != p.unit.code or rng.random() < 0.4:
                p.former_collars.append(book.collar(old))
        if promoted:
            p.former_collars.append(book.collar(p.unit))
        p.collar = book.collar(p.unit)
    if rng.random() < 0.07:
        p.leaving_date = _rand_date(rng, WINDOW_START - dt.timedelta(days=250), WINDOW_END)
        if p.move_date and p.move_date >= p.leaving_date:
            p.move_date = p.leaving_date - dt.timedelta(days=rng.randint(60, 200))


def same_unit(a: Person, b: Person, rng: random.Random) -> None:
    """Post ``b`` to ``a``'s unit and station (same rank family)."""
    b.unit, b.borough, b.station = a.unit, a.borough, a.station
    if b.rank not in a.unit.ranks:
        b.rank = a.rank
