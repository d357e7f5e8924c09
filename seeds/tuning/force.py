# Longer than 400 lines because a force (units, ranks, postings, numbers, the HR row and how a
# reporter writes a person) is one model; split, its parts would only call each other.
"""A police force: units, ranks, people with postings and leaving dates, and how reporters
write a person down at a given date (rank, shoulder number and unit in their own words)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from seeds.tuning.names import hr_name, write_name

START = date(2022, 1, 1)
END = date(2024, 12, 31)

# BCU collar letters -> (HR name, ways reporters write it)
BCUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "CW": (
        "Central West BCU",
        (
            "Central West BCU",
            "CW BCU",
            "Central West",
            "CW",
            "Westminster",
            "central west",
            "Westminster BCU",
            "Charing Cross",
            "Belgravia",
        ),
    ),
    "NE": (
        "North East BCU",
        (
            "North East BCU",
            "NE BCU",
            "East Area BCU",
            "NE",
            "north east",
            "Hackney",
            "Tower Hamlets",
            "Stoke Newington",
            "Bethnal Green",
        ),
    ),
    "SE": (
        "South East BCU",
        (
            "South East BCU",
            "SE BCU",
            "SE",
            "south east",
            "Lewisham",
            "Greenwich",
            "Bexley",
            "Lewisham BCU",
            "Plumstead",
        ),
    ),
    "AW": (
        "West Area BCU",
        (
            "West Area BCU",
            "AW BCU",
            "AW",
            "West Area",
            "Ealing",
            "Hounslow",
            "Hillingdon",
            "west area bcu",
        ),
    ),
    "NW": (
        "North West BCU",
        ("North West BCU", "NW BCU", "NW", "Brent", "Harrow", "Barnet", "Colindale", "Wembley"),
    ),
    "CS": (
        "Central South BCU",
        ("Central South BCU", "CS BCU", "CS", "Lambeth", "Southwark", "Brixton", "Walworth"),
    ),
    "CN": (
        "Central North BCU",
        ("Central North BCU", "CN BCU", "CN", "Islington", "Camden", "Holborn", "Kentish Town"),
    ),
}
# team kind -> (HR name, ways reporters write it, weight)
TEAMS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "response": (
        "Response",
        (
            "response",
            "ERPT",
            "Emergency Response",
            "response team",
            "team 2",
            "team 4",
            "ERPT team 3",
            "patrol",
            "the response team",
            "IRV",
        ),
        5.0,
    ),
    "cid": (
        "CID",
        (
            "CID",
            "cid",
            "Criminal Investigation Department",
            "the CID office",
            "detectives",
            "C.I.D.",
        ),
        1.5,
    ),
    "custody": (
        "Custody",
        ("custody", "Custody Suite", "the custody suite", "custody team", "Met Detention"),
        0.8,
    ),
    "neighbourhoods": (
        "Neighbourhoods",
        (
            "neighbourhoods",
            "SNT",
            "safer neighbourhoods",
            "the ward team",
            "neighbourhood team",
            "DWO team",
        ),
        1.6,
    ),
    "safeguarding": (
        "Public Protection",
        ("safeguarding", "Public Protection", "CSU", "MASH", "DA unit", "CAIT", "Sapphire"),
        0.8,
    ),
}
# central units: key -> (HR name, collar letters, reporter forms, kind, weight)
CENTRAL: dict[str, tuple[str, str, tuple[str, ...], str, float]] = {
    "padp": (
        "Parliamentary and Diplomatic Protection",
        "PD",
        (
            "Parliamentary and Diplomatic Protection",
            "PaDP",
            "PADP",
            "Parliamentary & Diplomatic Protection Command",
            "diplomatic protection",
            "Parliamentary Protection",
            "DPG",
            "padp",
            "the embassy protection lot",
        ),
        "specialist",
        2.0,
    ),
    "mo19": (
        "MO19 Specialist Firearms Command",
        "FA",
        (
            "SC&O19",
            "MO19",
            "firearms",
            "Specialist Firearms Command",
            "SCO19",
            "CO19",
            "ARV",
            "armed response",
            "firearms unit",
            "MO 19",
            "SFO team",
        ),
        "specialist",
        1.6,
    ),
    "tsg": (
        "Territorial Support Group",
        "U",
        (
            "TSG",
            "Territorial Support Group",
            "tsg",
            "the carrier",
            "TSG unit 4",
            "Territorial Support",
            "T.S.G.",
        ),
        "specialist",
        1.6,
    ),
    "metcc": (
        "Met Command and Control",
        "CC",
        (
            "the control room",
            "MetCC",
            "Met CC",
            "control room",
            "comms",
            "Lambeth control room",
            "CAD",
            "Command and Control",
            "Bow control",
        ),
        "control",
        1.8,
    ),
    "rtpc": (
        "Roads and Transport Policing Command",
        "TD",
        (
            "RTPC",
            "roads policing",
            "traffic",
            "Roads and Transport",
            "traffic unit",
            "RPU",
            "Roads Policing Unit",
        ),
        "specialist",
        1.0,
    ),
}


@dataclass(frozen=True)
class Unit:
    key: str
    hr: str
    code: str
    kind: str
    forms: tuple[str, ...]
    bcu_forms: tuple[str, ...] = ()
    weight: float = 1.0

    def written(self, rng: random.Random) -> str:
        """The unit in a reporter's words."""
        if not self.bcu_forms:
            return rng.choice(self.forms)
        team, bcu = rng.choice(self.forms), rng.choice(self.bcu_forms)
        r = rng.random()
        if r < 0.35:
            return team
        if r < 0.6:
            return bcu
        if r < 0.88:
            return f"{bcu} {team}"
        return f"{team} ({bcu})"


def make_units(bcu_codes: list[str], central: list[str]) -> list[Unit]:
    units = []
    for code in bcu_codes:
        bcu_hr, bcu_forms = BCUS[code]
        for kind, (team_hr, forms, weight) in TEAMS.items():
            units.append(
                Unit(
                    f"{code}_{kind}", f"{bcu_hr} - {team_hr}", code, kind, forms, bcu_forms, weight
                )
            )
    for key in central:
        hr, code, forms, kind, weight = CENTRAL[key]
        units.append(Unit(key, hr, code, kind, forms, (), weight))
    return units


# HR rank -> reporter forms; a trailing '*' marks forms that can prefix a name.
RANK_FORMS: dict[str, tuple[str, ...]] = {
    "PC": ("PC*", "Pc*", "P.C.*", "Police Constable*", "officer", "constable", "Officer*"),
    "PS": (
        "Sgt*",
        "Sergeant*",
        "PS*",
        "Sarge",
        "sgt*",
        "my skipper",
        "skipper",
        "Sgt.*",
        "the sergeant",
        "Skipper*",
    ),
    "Insp": ("Insp*", "Inspector*", "Insp.*", "Guv", "the inspector", "inspector*"),
    "Ch Insp": ("Ch Insp*", "Chief Inspector*", "CI*", "Ch. Insp*", "Chief Insp*"),
    "Supt": ("Supt*", "Superintendent*", "the Super", "Supt.*"),
    "DC": ("DC*", "Det Con*", "Detective Constable*", "detective", "D/C*", "DC*"),
    "DS": ("DS*", "Det Sgt*", "Detective Sergeant*", "D/Sgt*", "skipper", "DS*"),
    "DI": ("DI*", "Det Insp*", "Detective Inspector*", "D/Insp*", "Guv"),
    "PCSO": ("PCSO*", "Community Support Officer", "pcso*", "PCSO*"),
    "Police Staff (Band C)": ("police staff", "staff", "Band C", "civvie", "member of staff"),
    "Police Staff (Band D)": ("police staff", "staff", "Band D", "civilian staff", "Band D staff"),
    "Police Staff (Band E)": ("police staff", "Band E", "staff", "manager", "police staff manager"),
}
STAFF_EXTRA = {
    "control": ("call handler", "comms op", "dispatcher"),
    "custody": ("DDO", "detention officer"),
}
WRONG_RANK = {
    "PC": ("A/Sgt*", "Sgt*", "DC*"),
    "PS": ("Insp*", "PC*", "A/Insp*"),
    "DC": ("PC*", "DS*"),
    "DS": ("Sgt*", "DI*"),
    "Insp": ("Sgt*", "Ch Insp*"),
    "PCSO": ("PC*", "police staff"),
}
RANK_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "response": (("PC", 74), ("PS", 14), ("Insp", 3), ("Police Staff (Band D)", 3), ("DC", 2)),
    "cid": (("DC", 70), ("DS", 17), ("DI", 5), ("Police Staff (Band D)", 8)),
    "custody": (("PS", 35), ("PC", 15), ("Insp", 5), ("Police Staff (Band C)", 45)),
    "neighbourhoods": (("PC", 45), ("PCSO", 35), ("PS", 12), ("Insp", 3), ("Ch Insp", 1)),
    "safeguarding": (("DC", 50), ("DS", 15), ("PC", 15), ("Police Staff (Band D)", 18), ("DI", 2)),
    "specialist": (
        ("PC", 72),
        ("PS", 16),
        ("Insp", 6),
        ("Ch Insp", 1),
        ("Supt", 0.5),
        ("Police Staff (Band D)", 4),
    ),
    "control": (
        ("Police Staff (Band C)", 55),
        ("Police Staff (Band D)", 20),
        ("PC", 12),
        ("PS", 8),
        ("Insp", 3),
        ("Police Staff (Band E)", 2),
    ),
}
SENIORITY = {
    "PC": 1,
    "DC": 1,
    "PCSO": 0,
    "PS": 2,
    "DS": 2,
    "Insp": 3,
    "DI": 3,
    "Ch Insp": 4,
    "Supt": 5,
    "Police Staff (Band C)": 0,
    "Police Staff (Band D)": 1,
    "Police Staff (Band E)": 2,
}


def is_staff(rank: str) -> bool:
    return rank.startswith("Police Staff")


@dataclass
class Posting:
    unit: str
    collar: str | None
    until: date


@dataclass
class Person:
    pid: str
    first: str
    middle: str | None
    surname: str
    gender: str
    rank: str
    unit: str
    collar: str | None
    warrant: str | None
    history: list[Posting] = field(default_factory=list)
    leaving: date | None = None

    def posting_at(self, when: date) -> tuple[str, str | None]:
        for post in self.history:
            if when < post.until:
                return post.unit, post.collar
        return self.unit, self.collar

    def roster_row(self, units: dict[str, Unit]) -> dict:
        return {
            "name": hr_name(self.first, self.middle, self.surname),
            "rank": self.rank,
            "unit": units[self.unit].hr,
            "collar_number": self.collar,
            "warrant_number": self.warrant,
            "former_collar_numbers": [p.collar for p in self.history if p.collar],
            "former_units": [units[p.unit].hr for p in self.history],
            "leaving_date": self.leaving.isoformat() if self.leaving else None,
            "_pid": self.pid,
        }


class Force:
    """People, units, and unique shoulder and warrant numbers."""

    def __init__(self, rng: random.Random, units: list[Unit]) -> None:
        self.rng = rng
        self.units = {u.key: u for u in units}
        self.people: list[Person] = []
        self._collars: set[str] = set()
        self._warrants: set[str] = set()

    def pick_unit(self) -> str:
        units = list(self.units.values())
        return self.rng.choices(units, weights=[u.weight for u in units])[0].key

    def new_collar(self, unit_key: str, near: str | None = None) -> str:
        code = self.units[unit_key].code
        if near is not None:  # e.g. twins who joined together: consecutive numbers
            base = int("".join(ch for ch in near if ch.isdigit())) + 1
            if f"{base}{code}" not in self._collars:
                self._collars.add(f"{base}{code}")
                return f"{base}{code}"
        while True:
            digits = self.rng.choice((3, 4, 4, 4))
            num = str(self.rng.randint(10 ** (digits - 1), 10**digits - 1))
            if f"{num}{code}" not in self._collars:
                self._collars.add(f"{num}{code}")
                return f"{num}{code}"

    def new_warrant(self) -> str:
        while True:
            num = str(self.rng.randint(100000, 2999999))
            if num not in self._warrants:
                self._warrants.add(num)
                return num

    def add(
        self,
        first: str,
        middle: str | None,
        surname: str,
        gender: str,
        unit: str | None = None,
        rank: str | None = None,
        collar_near: str | None = None,
    ) -> Person:
        unit = unit or self.pick_unit()
        if rank is None:
            ranks, weights = zip(*RANK_MIX[self.units[unit].kind], strict=True)
            rank = self.rng.choices(ranks, weights=weights)[0]
        staff = is_staff(rank)
        person = Person(
            pid="",
            first=first,
            middle=middle,
            surname=surname,
            gender=gender,
            rank=rank,
            unit=unit,
            collar=None if staff else self.new_collar(unit, collar_near),
            warrant=None if staff or rank == "PCSO" else self.new_warrant(),
        )
        self.people.append(person)
        return person

    def move(self, person: Person, when: date, new_unit: str | None = None) -> None:
        """Post the person to another unit on `when` (new shoulder number if an officer)."""
        choices = [k for k in self.units if k != person.unit]
        new_unit = new_unit or self.rng.choice(choices)
        person.history.append(Posting(person.unit, person.collar, when))
        person.history.sort(key=lambda p: p.until)
        person.unit = new_unit
        if person.collar is not None:
            person.collar = self.new_collar(new_unit)

    def random_careers(self, moved_share: float, leaver_share: float) -> None:
        """Postings changed before or during the reporting window, and leavers (who do not
        move after leaving)."""
        rng = self.rng
        span = (END - START).days
        for person in self.people:
            last = END.toordinal() - 10
            if rng.random() < leaver_share:
                person.leaving = date.fromordinal(START.toordinal() + rng.randint(-400, span))
                last = min(last, person.leaving.toordinal() - 1)
            if rng.random() < moved_share:
                first = START.toordinal() + rng.randint(-900, span - 60)
                if first < last:
                    self.move(person, date.fromordinal(first))
                    second = first + rng.randint(120, 700)
                    if rng.random() < 0.2 and second < last:
                        self.move(person, date.fromordinal(second))

    def finish(self) -> list[dict]:
        """Shuffle, assign person ids and return the HR roster (sorted as HR exports it)."""
        self.rng.shuffle(self.people)
        for i, person in enumerate(self.people, start=1):
            person.pid = f"p{i}"
        rows = [p.roster_row(self.units) for p in self.people]
        return sorted(rows, key=lambda r: (r["name"], r["_pid"]))


@dataclass(frozen=True)
class Rates:
    """How often a reporter gives each detail about a subject."""

    collar: float = 0.2
    unit: float = 0.5
    rank: float = 0.68
    warrant: float = 0.025
    typo: float = 0.12
    wrong_unit: float = 0.05
    stale_unit: float = 0.3
    transposed: float = 0.1
    nameless: float = 0.02
    omit_nulls: float = 0.15


def _rank_text(rng: random.Random, rank: str, kind: str) -> str:
    if rng.random() < 0.06 and rank in WRONG_RANK:
        return rng.choice(WRONG_RANK[rank])
    forms = RANK_FORMS[rank]
    if is_staff(rank) and kind in STAFF_EXTRA and rng.random() < 0.4:
        return rng.choice(STAFF_EXTRA[kind])
    return rng.choice(forms)


def _collar_text(rng: random.Random, collar: str, prefix: str, rates: Rates) -> str:
    digits = "".join(ch for ch in collar if ch.isdigit())
    code = collar[len(digits) :]
    if rng.random() < rates.transposed and len(digits) >= 3:
        i = rng.randrange(len(digits) - 1)
        if digits[i] != digits[i + 1]:
            digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    forms = [
        digits,
        digits,
        f"{digits}{code}",
        f"{digits} {code}",
        f"{code.lower()}{digits}",
        f"{code} {digits}",
        f"{digits}{code.lower()}",
        f"{code}{digits}",
    ]
    if prefix:
        forms += [f"{prefix} {digits}", f"{prefix}{digits}{code}"]
    return rng.choice(forms)


def mention(rng: random.Random, force: Force, person: Person, when: date, rates: Rates) -> dict:
    """One subject entry: the person as a reporter writes them about an incident on `when`."""
    unit_key, collar = person.posting_at(when)
    unit = force.units[unit_key]
    rank_text = _rank_text(rng, person.rank, unit.kind) if rng.random() < rates.rank else None
    name: str | None = None
    rank_field = rank_text
    if rng.random() >= rates.nameless:
        name = write_name(rng, person.first, person.middle, person.surname, rates.typo)
        if rank_text and rank_text.endswith("*"):
            r = rng.random()
            if r < 0.4:
                name, rank_field = f"{rank_text[:-1]} {name}", None
            elif r < 0.55:
                name = f"{rank_text[:-1]} {name}"
    if rank_field:
        rank_field = rank_field.rstrip("*")
    collar_text = None
    if collar and rng.random() < rates.collar:
        prefix = person.rank if person.rank in ("PC", "PS", "DC", "DS", "PCSO") else ""
        collar_text = _collar_text(rng, collar, prefix, rates)
    unit_text = None
    if rng.random() < rates.unit:
        shown = unit
        if rng.random() < rates.wrong_unit:
            shown = force.units[rng.choice(list(force.units))]
        elif person.history and rng.random() < rates.stale_unit:
            shown = force.units[person.history[-1].unit]  # reporter knew them in the old job
        unit_text = shown.written(rng)
    warrant = None
    if person.warrant and rng.random() < rates.warrant:
        warrant = person.warrant
        if rng.random() < 0.15:
            warrant = warrant[:-2] + warrant[-1] + warrant[-2]
    subject = {
        "name": name,
        "collar_number": collar_text,
        "warrant_number": warrant,
        "rank": rank_field,
        "unit": unit_text,
    }
    if rng.random() < rates.omit_nulls:
        subject = {k: v for k, v in subject.items() if v is not None}
    return subject
