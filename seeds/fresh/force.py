"""People and postings of the synthetic force, and the HR roster."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from seeds.fresh import names
from seeds.fresh.units import HAS_COLLAR, HAS_WARRANT, RANK_TITLES, Unit, build_units

SPAN_START = date(2021, 1, 4)
SPAN_END = date(2024, 7, 31)
EARLIEST = date(1990, 1, 1)

Identity = tuple[str, str, str, str | None, str]  # origin, sex, first, middle, surname
IdentityMaker = Callable[[random.Random], Identity]


@dataclass(frozen=True)
class Posting:
    start: date
    rank: str
    unit: Unit
    team: int
    station: str
    borough: str
    collar: str | None
    acting: bool = False


@dataclass
class Person:
    pid: str
    origin: str
    sex: str
    first: str
    middle: str | None
    surname: str
    known_as: str
    nick_rate: float
    band: str | None
    warrant: str | None
    postings: list[Posting] = field(default_factory=list)
    joined: date = EARLIEST
    leaving: date | None = None

    def at(self, d: date) -> Posting:
        current = self.postings[0]
        for p in self.postings:
            if p.start <= d:
                current = p
        return current

    def previous(self, d: date) -> Posting | None:
        """The posting before the one held on ``d``, if that changed in the prior 8 months."""
        cur = self.at(d)
        idx = self.postings.index(cur)
        if idx == 0 or (d - cur.start).days > 240:
            return None
        return self.postings[idx - 1]

    def active_on(self, d: date) -> bool:
        return self.joined <= d and (self.leaving is None or d < self.leaving)

    @property
    def last(self) -> Posting:
        return self.postings[-1]


class _Numbers:
    """Allocator of unique collar and warrant numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.collars: set[str] = set()
        self.warrants: set[str] = set()

    def collar(self, rank: str, code: str) -> str:
        rng = self.rng
        while True:
            if rank in ("Sgt", "DS"):
                digits = rng.choices([2, 3, 4], [30, 55, 15])[0]
            elif rank == "PCSO":
                digits = rng.choices([4, 5], [60, 40])[0]
            else:
                digits = rng.choices([2, 3, 4, 5], [3, 30, 62, 5])[0]
            num = str(rng.randint(10 ** (digits - 1), 10**digits - 1))
            value = num + code
            if value not in self.collars:
                self.collars.add(value)
                return value

    def warrant(self, joined: date) -> str:
        rng = self.rng
        while True:
            if joined.year < 2008 or rng.random() < 0.25:
                value = str(rng.randint(100000, 999999))
            else:
                value = str(rng.randint(1000000, 9999999))
            if value not in self.warrants:
                self.warrants.add(value)
                return value


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _place(rng: random.Random, unit: Unit) -> tuple[int, str, str]:
    borough = rng.choice(sorted(unit.boroughs))
    return rng.randint(1, unit.teams), rng.choice(unit.boroughs[borough]), borough


def _staff_band(rng: random.Random) -> str:
    return rng.choices(["Band E", "Band D", "Band C", "Band B"], [45, 35, 15, 5])[0]


def _known_as(rng: random.Random, first: str, middle: str | None) -> tuple[str, float]:
    """The name a person goes by and how often colleagues use a nickname."""
    if middle and rng.random() < 0.05:
        return middle, 0.0
    nicks = names.NICKNAMES.get(first)
    if nicks:
        return first, rng.choice([0.0, 0.2, 0.5, 0.8, 0.95])
    return first, 0.0


def _make_person(
    rng: random.Random,
    pid: str,
    identity: Identity,
    unit: Unit,
    nums: _Numbers,
    rank: str | None = None,
) -> Person:
    origin, sex, first, middle, surname = identity
    rank = rank or rng.choices(list(unit.ranks), list(unit.ranks.values()))[0]
    known, nick_rate = _known_as(rng, first, middle)
    joined = _rand_date(rng, date(1992, 1, 1), SPAN_START - timedelta(days=200))
    if rank in ("PC", "PCSO", "Staff") and rng.random() < 0.10:
        joined = _rand_date(rng, SPAN_START, SPAN_END - timedelta(days=200))
    team, station, borough = _place(rng, unit)
    collar = nums.collar(rank, unit.code) if rank in HAS_COLLAR else None
    warrant = nums.warrant(joined) if rank in HAS_WARRANT else None
    person = Person(
        pid=pid,
        origin=origin,
        sex=sex,
        first=first,
        middle=middle,
        surname=surname,
        known_as=known,
        nick_rate=nick_rate,
        band=_staff_band(rng) if rank == "Staff" else None,
        warrant=warrant,
        joined=joined,
    )
    person.postings.append(Posting(joined, rank, unit, team, station, borough, collar))
    return person


_PROMOTE = {"PC": "Sgt", "DC": "DS", "Sgt": "Insp", "DS": "DI", "PCSO": "PC", "Insp": "CI",
            "DI": "CI", "CI": "Supt"}  # fmt: skip


def _career(rng: random.Random, person: Person, units: list[Unit], nums: _Numbers) -> None:
    """Add moves, promotions, acting-up periods and a possible leaving date."""
    lo = max(person.joined + timedelta(days=120), SPAN_START)
    n_events = rng.choices([0, 1, 2], [80, 16, 4])[0]
    when = sorted(_rand_date(rng, lo, SPAN_END - timedelta(days=30)) for _ in range(n_events))
    for d in when:
        cur = person.postings[-1]
        if d <= cur.start:
            continue
        r = rng.random()
        if r < 0.25 and cur.rank in _PROMOTE and cur.rank != "Staff":
            new_rank = _PROMOTE[cur.rank]
            unit = cur.unit if rng.random() < 0.4 else _similar_unit(rng, units, cur.unit)
            unit = _fitting_unit(rng, units, unit, new_rank)
            team, station, borough = _place(rng, unit)
            collar = nums.collar(new_rank, unit.code) if new_rank in HAS_COLLAR else None
            if new_rank in HAS_COLLAR and cur.rank in ("DC", "PC") and new_rank == "PC":
                collar = cur.collar
            if person.warrant is None and new_rank in HAS_WARRANT:
                person.warrant = nums.warrant(d)
            person.postings.append(Posting(d, new_rank, unit, team, station, borough, collar))
        elif r < 0.45 and cur.rank in ("PC", "DC") and not cur.acting:
            end = d + timedelta(days=rng.randint(60, 300))
            person.postings.append(replace(cur, start=d, acting=True))
            if end < SPAN_END:
                person.postings.append(replace(cur, start=end, acting=False))
        else:
            unit = _fitting_unit(rng, units, _similar_unit(rng, units, cur.unit), cur.rank)
            if unit is cur.unit:
                continue
            team, station, borough = _place(rng, unit)
            collar = cur.collar
            if collar is not None and (unit.code != cur.unit.code or rng.random() < 0.3):
                collar = nums.collar(cur.rank, unit.code)
            person.postings.append(Posting(d, cur.rank, unit, team, station, borough, collar))
    if rng.random() < 0.08:
        last_start = person.postings[-1].start
        lo2 = max(last_start, SPAN_START) + timedelta(days=60)
        if lo2 < SPAN_END:
            person.leaving = _rand_date(rng, lo2, SPAN_END)


def _fitting_unit(rng: random.Random, units: list[Unit], unit: Unit, rank: str) -> Unit:
    """``unit`` if it has posts of ``rank``, else a unit in the same command that does."""
    if rank in unit.ranks or rank in ("CI", "Supt"):
        return unit
    fits = [u for u in units if rank in u.ranks and u.short == unit.short]
    fits = fits or [u for u in units if rank in u.ranks]
    return rng.choice(fits)


def _similar_unit(rng: random.Random, units: list[Unit], cur: Unit) -> Unit:
    if rng.random() < 0.45:
        same_bcu = [u for u in units if u.short == cur.short and u is not cur]
        if same_bcu:
            return rng.choice(same_bcu)
    if rng.random() < 0.5:
        same_func = [u for u in units if u.function == cur.function and u is not cur]
        if same_func:
            return rng.choice(same_func)
    return rng.choices(units, [u.share for u in units])[0]


@dataclass
class ForceSpec:
    n_people: int
    make_identity: IdentityMaker
    n_relatives: int = 0  # same surname, same unit (siblings, twins, spouses)
    n_same_name: int = 0  # same first name and surname, different unit


def build_force(rng: random.Random, spec: ForceSpec) -> list[Person]:
    units = build_units()
    nums = _Numbers(rng)
    people: list[Person] = []
    weights = [u.share for u in units]

    def add(identity: Identity, unit: Unit, rank: str | None = None) -> Person:
        p = _make_person(rng, f"p{len(people) + 1}", identity, unit, nums, rank)
        people.append(p)
        return p

    base = spec.n_people - spec.n_relatives - spec.n_same_name
    for _ in range(base):
        add(spec.make_identity(rng), rng.choices(units, weights)[0])
    # Senior officers: a few chief inspectors and superintendents per command.
    for u in units:
        if rng.random() < 0.35:
            add(spec.make_identity(rng), u, rng.choice(["CI", "CI", "Supt"]))
    for _ in range(spec.n_relatives):
        other = rng.choice(people[:base])
        origin, surname = other.origin, other.surname
        sex = rng.choice(["M", "F"]) if rng.random() < 0.6 else other.sex
        first = names.first_name(rng, origin, sex)
        while first in (surname, other.first):
            first = names.first_name(rng, origin, sex)
        middle = names.first_name(rng, origin, sex) if rng.random() < 0.4 else None
        if sex == "F":
            surname = names.feminine_surname(surname)
        elif surname.endswith("ska"):
            surname = surname[:-1] + "i"
        add((origin, sex, first, middle, surname), other.postings[0].unit)
    for _ in range(spec.n_same_name):
        other = rng.choice(people[:base])
        unit = rng.choices(units, weights)[0]
        while unit.short == other.postings[0].unit.short:
            unit = rng.choices(units, weights)[0]
        middle = names.first_name(rng, other.origin, other.sex) if rng.random() < 0.4 else None
        add((other.origin, other.sex, other.first, middle, other.surname), unit)
    for p in people:
        _career(rng, p, units, nums)
    return people


def rank_title(person: Person, posting: Posting) -> str:
    if posting.rank == "Staff":
        return f"Police Staff ({person.band})"
    return RANK_TITLES[posting.rank]


def roster_entry(person: Person) -> dict[str, Any]:
    last = person.last
    given = person.first + (f" {person.middle}" if person.middle else "")
    former_collars: list[str] = []
    former_units: list[str] = []
    for p in person.postings[:-1]:
        if p.collar and p.collar != last.collar and p.collar not in former_collars:
            former_collars.append(p.collar)
        if p.unit.official != last.unit.official and p.unit.official not in former_units:
            former_units.append(p.unit.official)
    return {
        "name": f"{person.surname.upper()}, {given}",
        "rank": rank_title(person, last),
        "unit": last.unit.official,
        "collar_number": last.collar,
        "warrant_number": person.warrant,
        "former_collar_numbers": former_collars,
        "former_units": former_units,
        "leaving_date": person.leaving.isoformat() if person.leaving else None,
        "_pid": person.pid,
    }
