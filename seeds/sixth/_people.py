"""The force itself: units, people, their postings over time, and the roster rows HR keeps.

Both worlds build their force here; they differ in the names they draw and the units they have.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Any, TypeVar

T = TypeVar("T")

# Reports are received over this window (about three and a half years).
WINDOW_START = date(2022, 1, 4)
WINDOW_END = date(2025, 6, 27)

STAFF = "Police Staff"
PCSO = "Police Community Support Officer"
# HR's rank strings, with the share of a response or neighbourhood unit that holds each.
PATROL_RANKS: list[tuple[str, float]] = [
    ("Police Constable", 74),
    ("Sergeant", 11),
    ("Inspector", 2.5),
    (PCSO, 6),
    (STAFF, 5),
    ("Special Constable", 1.5),
]
DETECTIVE_RANKS: list[tuple[str, float]] = [
    ("Detective Constable", 62),
    ("Police Constable", 10),
    ("Detective Sergeant", 14),
    ("Detective Inspector", 3),
    ("Detective Chief Inspector", 1),
    (STAFF, 10),
]
STAFF_RANKS: list[tuple[str, float]] = [(STAFF, 90), ("Sergeant", 6), ("Inspector", 4)]
SENIOR = ("Chief Inspector", "Superintendent", "Chief Superintendent")
# Ranks without a shoulder number: staff, and inspectors and above (as in most forces).
NO_COLLAR = {STAFF, "Inspector", "Detective Inspector", "Detective Chief Inspector", *SENIOR}
SUPERVISORS = {
    "Sergeant",
    "Detective Sergeant",
    "Inspector",
    "Detective Inspector",
    "Detective Chief Inspector",
    *SENIOR,
}
# One stable thing a colleague might describe a person by.
LOOKS = (
    "tall",
    "short",
    "bald",
    "ginger",
    "big",
    "older",
    "young",
    "skinny",
    "blonde",
    "grey-haired",
    "stocky",
)
LOOKS_AFTER = ("with the beard", "with glasses", "with the tattoos", "with the Geordie accent")


@dataclass
class Unit:
    hr: str  # as HR writes it
    code: str  # the letters after a shoulder number
    kind: str  # response, neighbourhood, cid, safeguarding, custody, roads, tsg, control, ...
    station: str
    team: str  # how colleagues name the team in speech: "Team 3", "B relief", "CID"
    forms: list[str]  # how reporters write the unit in the unit field


@dataclass
class Posting:
    """Where a person was before ``until`` (an earlier unit, number or rank)."""

    until: date
    unit: Unit
    collar: str | None
    rank: str


@dataclass
class Person:
    pid: str
    surname: str  # as colleagues would spell it (no HR capitals)
    hr_surname: str  # as HR holds it (may keep accents the reporter drops, or the reverse)
    forename: str
    middle: str | None
    known_as: str  # the first name colleagues use (a middle name, an anglicised name...)
    sex: str  # "m" or "f": only for the reporter's pronouns
    rank: str
    unit: Unit
    collar: str | None = None
    warrant: str | None = None
    earlier: list[Posting] = field(default_factory=list)
    leaving: date | None = None
    nickname: str | None = None
    look: str = ""
    hard_name: bool = False  # a surname colleagues often misspell
    acting_up: bool = False  # a constable acting as a sergeant

    def posting_at(self, day: date | None) -> tuple[Unit, str | None, str]:
        """Unit, shoulder number and rank on ``day`` (today's when unknown)."""
        if day is not None:
            for p in sorted(self.earlier, key=lambda p: p.until):
                if day < p.until:
                    return p.unit, p.collar, p.rank
        return self.unit, self.collar, self.rank

    @property
    def supervisor(self) -> bool:
        return self.rank in SUPERVISORS or self.acting_up


def fold(text: str) -> str:
    """Accents dropped, as most people type names: "Öztürk" → "Ozturk", "Łukasz" → "Lukasz"."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("İ", "I")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def pick(rng: Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def zipf(rng: Random, items: list[T], s: float = 0.8) -> T:
    """An item, earlier ones more often (names are not equally common)."""
    return rng.choices(items, [1 / (i + 1) ** s for i in range(len(items))])[0]


def day_between(rng: Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


# A name drawer: (rng, sex) -> (surname, hr_surname, forename, middle, known_as, hard_name).
NameDrawer = Callable[[Random, str], tuple[str, str, str, str | None, str, bool]]
# A nickname maker: (rng, person) -> nickname or None.
Nicknamer = Callable[[Random, Person], str | None]


class Force:
    """Builds people one by one, keeping shoulder and warrant numbers unique."""

    def __init__(self, rng: Random, units: list[Unit], warrant_digits: int = 6) -> None:
        self.rng = rng
        self.units = units
        self.people: list[Person] = []
        self.collars: set[str] = set()
        self.warrants: set[str] = set()
        self.warrant_digits = warrant_digits

    def new_collar(self, rank: str, code: str) -> str | None:
        if rank in NO_COLLAR:
            return None
        low, high = (10, 999) if "Sergeant" in rank else (100, 9999)
        if rank == PCSO:
            low, high = 7000, 9999
        while True:
            collar = f"{self.rng.randint(low, high)}{code}"
            if collar not in self.collars:
                self.collars.add(collar)
                return collar

    def new_warrant(self, rank: str) -> str | None:
        if rank in (STAFF, PCSO):
            return None
        d = self.warrant_digits
        while True:
            warrant = str(self.rng.randint(10 ** (d - 1), 10**d - 1))
            if warrant not in self.warrants:
                self.warrants.add(warrant)
                return warrant

    def rank_for(self, unit: Unit) -> str:
        if unit.kind in ("cid", "safeguarding", "major_crime"):
            return pick(self.rng, DETECTIVE_RANKS)
        if unit.kind in ("control", "admin", "front_counter"):
            return pick(self.rng, STAFF_RANKS)
        if unit.kind == "custody":
            return pick(self.rng, [(STAFF, 55), ("Sergeant", 25), ("Police Constable", 15)])
        rank = pick(self.rng, PATROL_RANKS)
        if self.rng.random() < 0.004:
            rank = self.rng.choice(SENIOR)
        return rank

    def add(
        self,
        draw: NameDrawer,
        unit: Unit,
        sex: str | None = None,
        rank: str | None = None,
    ) -> Person:
        rng = self.rng
        sex = sex or ("f" if rng.random() < 0.36 else "m")
        surname, hr_surname, forename, middle, known_as, hard = draw(rng, sex)
        rank = rank or self.rank_for(unit)
        person = Person(
            pid=f"p{len(self.people) + 1}",
            surname=surname,
            hr_surname=hr_surname,
            forename=forename,
            middle=middle,
            known_as=known_as,
            sex=sex,
            rank=rank,
            unit=unit,
            collar=self.new_collar(rank, unit.code),
            warrant=self.new_warrant(rank),
            hard_name=hard,
        )
        if rng.random() < 0.6:
            looks: tuple[str, ...] = LOOKS if rng.random() < 0.75 else LOOKS_AFTER
            if sex == "f":
                looks = tuple(x for x in looks if x not in ("bald", "with the beard"))
            person.look = rng.choice(looks)
        person.acting_up = rank == "Police Constable" and rng.random() < 0.04
        self.people.append(person)
        return person

    def history(self, person: Person, moved: float, promoted: float) -> None:
        """Give ``person`` an earlier posting now and then: a move of unit (a new shoulder
        number when the letters change) or a promotion (a new number, the old rank)."""
        rng = self.rng
        if person.rank in ("Sergeant", "Detective Sergeant") and rng.random() < promoted:
            until = day_between(rng, date(2020, 6, 1), date(2025, 1, 31))
            old_rank = "Police Constable" if person.rank == "Sergeant" else "Detective Constable"
            old_collar = self.new_collar(old_rank, person.unit.code)
            person.earlier.append(Posting(until, person.unit, old_collar, old_rank))
        elif rng.random() < moved:
            until = day_between(rng, date(2020, 6, 1), date(2025, 3, 31))
            old_unit = rng.choice([u for u in self.units if u.hr != person.unit.hr])
            old_collar = person.collar
            if person.collar is not None and old_unit.code != person.unit.code:
                old_collar = self.new_collar(person.rank, old_unit.code)
            person.earlier.append(Posting(until, old_unit, old_collar, person.rank))

    def hr_name(self, p: Person) -> str:
        given = " ".join(n for n in (p.forename, p.middle) if n)
        return f"{p.hr_surname.upper()}, {given}"

    def roster(self) -> list[dict[str, Any]]:
        rows = []
        for p in self.people:
            rows.append(
                {
                    "_pid": p.pid,
                    "name": self.hr_name(p),
                    "rank": p.rank,
                    "unit": p.unit.hr,
                    "collar_number": p.collar,
                    "warrant_number": p.warrant,
                    "former_collar_numbers": [
                        e.collar for e in p.earlier if e.collar and e.collar != p.collar
                    ],
                    "former_units": [e.unit.hr for e in p.earlier if e.unit.hr != p.unit.hr],
                    "leaving_date": p.leaving.isoformat() if p.leaving else None,
                }
            )
        return rows


def finish(force: Force, leavers: float, nicknamer: Nicknamer, moved: float) -> None:
    """Histories, leavers and nicknames for everyone in ``force``."""
    rng = force.rng
    for person in force.people:
        force.history(person, moved=moved, promoted=0.25)
        if rng.random() < leavers:
            earliest = max([date(2022, 2, 1), *(e.until for e in person.earlier)])
            person.leaving = day_between(rng, earliest, date(2025, 5, 30))
        person.nickname = nicknamer(rng, person)
