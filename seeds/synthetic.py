"""Deterministic, labelled synthetic reports for measuring matching and pattern scoring.

Every person here is invented. Reports are written the messy way real reporters
write: ranks in names, nicknames, misspellings and typos, initials, roster order,
shoulder numbers in any shape (sometimes with swapped digits or no letters), unit
aliases, namesakes, officers who move borough, reports naming two people and
reports naming nobody. Each report carries hidden labels (``_truth`` per subject,
``_pattern`` for planted clusters) that the matcher must never read.

How common names are
--------------------
A shared name is only as strong a clue as it is in a real force, so the population's
surnames follow the shape of the real distribution in England and Wales rather than a
short list. The approximate real-world figures relied on:

* Smith, the commonest surname, is borne by about 1.1% of people; Jones about 0.75%,
  Williams about 0.55%, and the next hundred or so between about 0.1% and 0.4% each.
* The top 100 surnames cover only roughly a fifth of the population; a few hundred names
  cover roughly a third. Everyone else has a surname borne by at most a few thousand people
  nationally (tens of thousands of distinct surnames), so in a force of tens of thousands
  most officers share their surname with few colleagues, or none.
* Given names are more concentrated: for people born 1960-2005 a hundred or so names cover
  most of each sex, but hundreds occur.

Surnames are drawn from three strata, with these shares of the population:

* head, 25%: ``SURNAMES``, the hand-weighted common names (about 130). 25% rather than a
  fifth because the list also carries names that are common in London but not nationally
  (Patel, Khan, Singh, Ali, Hussain); with it Smith comes out at about 1.05%, Jones 0.8%,
  Williams 0.6%, Patel 0.7%, as for a London force. This head is what guarantees namesakes:
  at 2,000 reports about 16 officers are called Smith.
* middle, 6%: ``_RARE_SURNAMES`` (about 140 names, about 0.04% each, like real surnames
  ranked a few hundred to a thousand or so).
* tail, 69%: about 17,600 distinct composed surnames (``seeds.synthetic_names``), weighted
  by rank r as 1/(r + 200), so the commonest tail name is about 0.08% of people (about where
  the real head ends) and the rarest about 1 in 116,000.

Measured on ``_Population`` (seed 7): of 1,500 officers (2,000 reports) 59% share their
surname with no colleague and 85% with at most two, while 17 are called Smith; of 7,500
officers (10,000 reports) 33% share it with nobody and 58% with at most two, while 90 are
called Smith. About 6% (1,500) and 9% (7,500) of officers share their full name with another.

On top of that 3% of officers are deliberate namesakes (a full copy of an earlier officer's
given name and surname, posted elsewhere), as before. Given names: the original list (about
100, weight 2 each) plus ``EXTRA_GIVEN_NAMES`` (about 70, weight 1 each), so roughly three in
four officers have one of the original names.

    python -m seeds.synthetic --reports 2000 --seed 7 --out reports.jsonl

Longer than 400 lines because most of it is the phrase and scenario data a generator needs;
the logic is the last third.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from seeds.synthetic_names import EXTRA_GIVEN_NAMES, tail_surnames

# (canonical given name, short forms reporters use). Some short forms ("Kaz", "Jonno")
# are deliberately missing from the nickname list the matcher uses.
GIVEN_NAMES: list[tuple[str, list[str]]] = [
    ("Robert", ["Bob", "Rob", "Robbie"]),
    ("William", ["Bill", "Will", "Billy"]),
    ("Mohammed", ["Mo", "Muhammad", "Mohamed"]),
    ("James", ["Jim", "Jimmy", "Jamie"]),
    ("John", ["Jon", "Johnny"]),
    ("Jonathan", ["Jon", "Jonno"]),
    ("Michael", ["Mike", "Mick"]),
    ("David", ["Dave", "Davey"]),
    ("Richard", ["Rich", "Richie", "Dick"]),
    ("Thomas", ["Tom", "Tommy"]),
    ("Christopher", ["Chris", "Kit"]),
    ("Daniel", ["Dan", "Danny"]),
    ("Matthew", ["Matt", "Matty"]),
    ("Anthony", ["Tony", "Ant"]),
    ("Andrew", ["Andy", "Drew"]),
    ("Stephen", ["Steve", "Steven"]),
    ("Joseph", ["Joe", "Joey"]),
    ("Samuel", ["Sam"]),
    ("Benjamin", ["Ben"]),
    ("Alexander", ["Alex", "Al"]),
    ("Edward", ["Ed", "Eddie", "Ted"]),
    ("Nicholas", ["Nick", "Nicky"]),
    ("Patrick", ["Pat", "Paddy"]),
    ("Peter", ["Pete"]),
    ("Mark", ["Marc"]),
    ("Paul", []),
    ("Gary", ["Gaz"]),
    ("Darren", ["Daz"]),
    ("Kevin", ["Kev"]),
    ("Lee", []),
    ("Craig", []),
    ("Wayne", []),
    ("Dean", []),
    ("Jason", []),
    ("Simon", ["Si"]),
    ("Neil", ["Neal"]),
    ("Sean", ["Shaun"]),
    ("Ian", ["Iain"]),
    ("Stuart", ["Stu"]),
    ("Callum", ["Cal"]),
    ("Connor", ["Conor"]),
    ("Ryan", []),
    ("Adam", []),
    ("Liam", []),
    ("Ahmed", ["Ahmad"]),
    ("Imran", []),
    ("Tariq", []),
    ("Usman", ["Osman"]),
    ("Omar", ["Umar"]),
    ("Yusuf", ["Yousuf"]),
    ("Hassan", ["Hasan"]),
    ("Bilal", []),
    ("Rajesh", ["Raj"]),
    ("Sanjay", ["Sanj"]),
    ("Amit", []),
    ("Harpreet", []),
    ("Gurpreet", []),
    ("Jaspreet", ["Jas"]),
    ("Olufemi", ["Femi"]),
    ("Babatunde", ["Tunde"]),
    ("Chukwuemeka", ["Emeka"]),
    ("Kwame", []),
    ("Kofi", []),
    ("Emmanuel", ["Manny"]),
    ("Winston", []),
    ("Delroy", []),
    ("Tyrone", ["Ty"]),
    ("Desmond", ["Des"]),
    ("Piotr", ["Peter"]),
    ("Tomasz", ["Tom"]),
    ("Krzysztof", ["Chris"]),
    ("Marek", ["Mark"]),
    ("Pawel", ["Paul"]),
    ("Andrei", []),
    ("Dmitri", ["Dima"]),
    ("Elizabeth", ["Liz", "Beth"]),
    ("Catherine", ["Kate", "Cathy"]),
    ("Sarah", ["Sara"]),
    ("Rebecca", ["Becky", "Bex"]),
    ("Victoria", ["Vicky"]),
    ("Jennifer", ["Jen", "Jenny"]),
    ("Samantha", ["Sam"]),
    ("Nicola", ["Nicky"]),
    ("Joanne", ["Jo"]),
    ("Karen", ["Kaz"]),
    ("Michelle", []),
    ("Emma", []),
    ("Claire", ["Clare"]),
    ("Laura", []),
    ("Rachel", []),
    ("Ayesha", ["Aisha"]),
    ("Fatima", []),
    ("Priya", []),
    ("Temitope", ["Tope"]),
    ("Grace", []),
    ("Agnieszka", ["Aga"]),
    ("Magdalena", ["Magda"]),
    ("Helen", []),
]
# (surname, relative frequency)
SURNAMES: list[tuple[str, int]] = [
    ("Smith", 12),
    ("Jones", 9),
    ("Williams", 7),
    ("Taylor", 6),
    ("Brown", 6),
    ("Davies", 5),
    ("Evans", 4),
    ("Wilson", 4),
    ("Thomas", 4),
    ("Johnson", 4),
    ("Roberts", 3),
    ("Robinson", 3),
    ("Thompson", 3),
    ("Wright", 3),
    ("Walker", 3),
    ("White", 3),
    ("Edwards", 3),
    ("Hughes", 3),
    ("Green", 3),
    ("Hall", 3),
    ("Lewis", 3),
    ("Harris", 3),
    ("Clarke", 3),
    ("Patel", 8),
    ("Jackson", 2),
    ("Wood", 2),
    ("Turner", 2),
    ("Martin", 2),
    ("Cooper", 2),
    ("Hill", 2),
    ("Ward", 2),
    ("Morris", 2),
    ("Moore", 2),
    ("Clark", 2),
    ("Lee", 2),
    ("King", 2),
    ("Baker", 2),
    ("Harrison", 2),
    ("Morgan", 2),
    ("Allen", 2),
    ("James", 2),
    ("Scott", 2),
    ("Phillips", 2),
    ("Watson", 2),
    ("Davis", 2),
    ("Parker", 2),
    ("Price", 2),
    ("Bennett", 2),
    ("Young", 2),
    ("Griffiths", 2),
    ("Mitchell", 2),
    ("Kelly", 2),
    ("Cook", 2),
    ("Carter", 2),
    ("Richardson", 2),
    ("Bailey", 2),
    ("Collins", 2),
    ("Bell", 2),
    ("Shaw", 2),
    ("Murphy", 2),
    ("Miller", 2),
    ("Cox", 2),
    ("Khan", 6),
    ("Marshall", 2),
    ("Anderson", 2),
    ("Simpson", 2),
    ("Ellis", 2),
    ("Adams", 2),
    ("Singh", 5),
    ("Begum", 2),
    ("Wilkinson", 1),
    ("Foster", 1),
    ("Chapman", 1),
    ("Powell", 1),
    ("Webb", 1),
    ("Rogers", 1),
    ("Gray", 1),
    ("Mason", 1),
    ("Ali", 4),
    ("Hunt", 1),
    ("Hussain", 4),
    ("Campbell", 1),
    ("Matthews", 1),
    ("Owen", 1),
    ("Palmer", 1),
    ("Holmes", 1),
    ("Mills", 1),
    ("Barnes", 1),
    ("Knight", 1),
    ("Lloyd", 1),
    ("O'Brien", 2),
    ("O'Connor", 1),
    ("Smith-Jones", 1),
    ("McDonald", 1),
    ("MacKenzie", 1),
    ("Okafor", 2),
    ("Adeyemi", 2),
    ("Mensah", 2),
    ("Boateng", 1),
    ("Okonkwo", 1),
    ("Owusu", 2),
    ("Asante", 1),
    ("Kowalski", 1),
    ("Nowak", 2),
    ("Wisniewski", 1),
    ("Lewandowski", 1),
    ("Popescu", 1),
    ("Ionescu", 1),
    ("Petrov", 1),
    ("Ahmed", 3),
    ("Rahman", 2),
    ("Chowdhury", 2),
    ("Iqbal", 2),
    ("Akhtar", 1),
    ("Mahmood", 1),
    ("Shah", 2),
    ("Sharma", 2),
    ("Gill", 2),
    ("Sandhu", 1),
    ("Dhillon", 1),
    ("Grant", 1),
    ("Francis", 1),
    ("Reid", 1),
    ("Thomson", 1),
    ("de Souza", 1),
    ("Stephens", 1),
    ("Grey", 1),
    ("Mohammed", 2),
]
# The middle of the distribution: real surnames, each borne by a few in ten thousand people.
_RARE_SURNAMES = [
    "Abbott",
    "Ainsworth",
    "Akinola",
    "Alderton",
    "Appiah",
    "Armitage",
    "Ashworth",
    "Atkinson",
    "Babatunde",
    "Bains",
    "Ballantyne",
    "Banerjee",
    "Barrow",
    "Bartlett",
    "Baxter",
    "Beckett",
    "Bhatti",
    "Birch",
    "Blackwood",
    "Bolton",
    "Bradshaw",
    "Brennan",
    "Briggs",
    "Buckley",
    "Burgess",
    "Byrne",
    "Cartwright",
    "Chauhan",
    "Cheung",
    "Chaudhry",
    "Connolly",
    "Crawford",
    "Cunningham",
    "Dalton",
    "Danso",
    "Dawson",
    "Dempsey",
    "Doherty",
    "Donnelly",
    "Duffy",
    "Dunne",
    "Eastwood",
    "Ekwueme",
    "Farrell",
    "Fenton",
    "Fitzgerald",
    "Fleming",
    "Fowler",
    "Gallagher",
    "Garvey",
    "Gibbons",
    "Gordon",
    "Goswami",
    "Gregory",
    "Hamilton",
    "Hancock",
    "Hargreaves",
    "Hartley",
    "Hayward",
    "Henderson",
    "Higgins",
    "Hobbs",
    "Holloway",
    "Horton",
    "Howarth",
    "Hutchinson",
    "Ibrahim",
    "Jarvis",
    "Jennings",
    "Joshi",
    "Kaur",
    "Kavanagh",
    "Kearney",
    "Kennedy",
    "Kerr",
    "Kirby",
    "Lambert",
    "Lawson",
    "Lynch",
    "Maguire",
    "Malik",
    "Mann",
    "Mbeki",
    "Mehta",
    "Mercer",
    "Morley",
    "Mulligan",
    "Nash",
    "Nolan",
    "Norris",
    "Nwachukwu",
    "Obi",
    "Odhiambo",
    "Ogunleye",
    "Oliver",
    "Osei",
    "Parsons",
    "Pearce",
    "Pennington",
    "Quinn",
    "Rafferty",
    "Randall",
    "Rashid",
    "Reynolds",
    "Riley",
    "Rowe",
    "Sadiq",
    "Sahota",
    "Sandoval",
    "Saunders",
    "Schofield",
    "Sheikh",
    "Sheridan",
    "Slater",
    "Sloane",
    "Sutton",
    "Szymanski",
    "Tiwari",
    "Townsend",
    "Tucker",
    "Vaughan",
    "Wallace",
    "Walsh",
    "Warsame",
    "Weston",
    "Whitfield",
    "Wojcik",
    "Yildiz",
    "Zielinski",
    "Zaman",
    "Yeboah",
    "Vasquez",
    "Ulrich",
    "Tanner",
    "Sweeney",
    "Stanton",
    "Rhodes",
]
# Shares of the population per stratum (see the module docstring for why).
HEAD_SHARE, MIDDLE_SHARE = 0.25, 0.06
# The long tail: most officers have a surname that few colleagues share. Rank r weighs
# 1/(r + TAIL_OFFSET), a Zipf-like fall-off that starts near where the head leaves off.
TAIL_OFFSET = 200
TAIL_SURNAMES: tuple[str, ...] = tail_surnames(
    frozenset(name for name, _ in SURNAMES) | frozenset(_RARE_SURNAMES)
)
_TAIL_CUMULATIVE: list[float] = list(
    accumulate(1 / (rank + TAIL_OFFSET) for rank in range(len(TAIL_SURNAMES)))
)
# The original given names are the head (weight 2); the additions are rarer (weight 1).
GIVEN_WEIGHTS: list[int] = [2] * len(GIVEN_NAMES) + [1] * len(EXTRA_GIVEN_NAMES)
GIVEN_NAMES = GIVEN_NAMES + EXTRA_GIVEN_NAMES
# How reporters commonly misspell a surname (Smyth/Smith both exist as real surnames).
MISSPELLINGS: dict[str, list[str]] = {
    "Smith": ["Smyth", "Smithe"],
    "Thompson": ["Thomson", "Tompson"],
    "Thomson": ["Thompson"],
    "Clarke": ["Clark"],
    "Clark": ["Clarke"],
    "Davies": ["Davis"],
    "Davis": ["Davies"],
    "Phillips": ["Philips"],
    "Stephens": ["Stevens"],
    "Hussain": ["Hussein", "Husain"],
    "Chowdhury": ["Choudhury"],
    "Reid": ["Reed", "Read"],
    "Gray": ["Grey"],
    "Grey": ["Gray"],
    "McDonald": ["MacDonald", "Macdonald"],
    "MacKenzie": ["McKenzie"],
    "Mohammed": ["Mohamed"],
    "Kowalski": ["Kowalsky"],
    "O'Brien": ["OBrien", "O Brien"],
    "Wisniewski": ["Wisnewski"],
    "Griffiths": ["Griffith"],
    "Matthews": ["Mathews"],
    "Patel": ["Pattel"],
    "Okonkwo": ["Okonkow"],
    "Mahmood": ["Mahmud", "Mehmood"],
    "Smith-Jones": ["Smith Jones"],
}
BCUS: dict[str, tuple[str, list[str]]] = {
    "Central West BCU": ("CW", ["CW BCU", "CW", "Central West", "Westminster", "AW"]),
    "Central East BCU": ("CE", ["CE BCU", "Central East", "Hackney", "CE"]),
    "Central North BCU": ("CN", ["CN BCU", "Central North", "Islington", "Camden"]),
    "Central South BCU": ("AS", ["AS BCU", "Central South", "Lambeth", "Southwark BCU"]),
    "East Area BCU": ("EA", ["EA BCU", "East Area", "Havering"]),
    "North Area BCU": ("NA", ["NA", "North Area BCU", "Enfield"]),
    "North East BCU": ("NE", ["NE BCU", "North East", "Newham"]),
    "North West BCU": ("NW", ["NW BCU", "North West", "Brent"]),
    "South Area BCU": ("SN", ["SN BCU", "South Area", "Croydon"]),
    "South East BCU": ("SE", ["SE BCU", "South East", "Lewisham"]),
    "South West BCU": ("SW", ["SW", "South West BCU", "Wandsworth"]),
    "West Area BCU": ("WA", ["WA BCU", "West Area", "Ealing"]),
}
SPECIALIST_UNITS: dict[str, tuple[str, list[str]]] = {
    "Specialist Firearms Command": ("TX", ["MO19", "SCO19", "SCO 19", "firearms", "CO19"]),
    "Territorial Support Group": ("UT", ["TSG", "the TSG", "T.S.G."]),
    "Parliamentary and Diplomatic Protection": ("PD", ["PaDP", "P.a.D.P", "Diplomatic Protection"]),
    "Roads and Transport Policing Command": ("RT", ["RTPC", "traffic", "roads policing"]),
    "Child Abuse and Sexual Offences": ("CA", ["CASO", "Sapphire", "CAIT"]),
    "Met Command and Control": ("MC", ["MetCC", "Met CC", "control room"]),
    "Dog Support Unit": ("DS", ["DSU", "dog unit", "Dogs"]),
    "Violent Crime Taskforce": ("VC", ["VCTF", "Violent Crime Task Force"]),
    "Met Detention": ("MD", ["custody", "custody suite", "Met Detention"]),
}
RANK_FORMS: dict[str, list[str]] = {
    "PC": ["PC", "P.C.", "Police Constable", "Pc", "pc", "Constable"],
    "DC": ["DC", "Det Con", "Detective Constable", "D.C."],
    "PS": ["PS", "Sgt", "Sergeant", "Sgt."],
    "DS": ["DS", "Det Sgt", "Detective Sergeant"],
    "Insp": ["Insp", "Inspector", "Insp."],
    "DI": ["DI", "Det Insp", "Detective Inspector"],
    "Ch Insp": ["Ch Insp", "Chief Inspector", "CI"],
    "Supt": ["Supt", "Superintendent"],
    "PCSO": ["PCSO"],
    "SC": ["SC", "Special Constable", "Special"],
}
RANK_WEIGHTS: dict[str, int] = {
    "PC": 50,
    "DC": 10,
    "PS": 12,
    "DS": 5,
    "Insp": 5,
    "DI": 3,
    "Ch Insp": 2,
    "Supt": 1,
    "PCSO": 8,
    "SC": 4,
}

START = date(2016, 1, 1)
END = date(2024, 12, 31)


@dataclass
class Posting:
    unit: str
    code: str
    aliases: list[str]
    collar_digits: str
    since: date


PROMOTIONS: dict[str, str] = {
    "PC": "PS",
    "DC": "DS",
    "PS": "Insp",
    "DS": "DI",
    "Insp": "Ch Insp",
    "DI": "Ch Insp",
    "PCSO": "PC",
    "SC": "PC",
}


@dataclass
class Person:
    pid: str
    given: str
    nicknames: list[str]
    surname: str
    rank: str
    warrant: str
    postings: list[Posting] = field(default_factory=list)
    promotion: tuple[date, str] | None = None

    def rank_at(self, when: date) -> str:
        if self.promotion and self.promotion[0] <= when:
            return self.promotion[1]
        return self.rank

    def posting_at(self, when: date) -> Posting:
        current = self.postings[0]
        for posting in self.postings:
            if posting.since <= when:
                current = posting
        return current


def _typo(rng: random.Random, word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["delete", "double", "swap", "replace"])
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    if op == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


COLLAR_NUMBERS = 10000 - 10  # the shoulder numbers 10 to 9999 of one borough


class _Population:
    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self._used_collars: set[str] = set()
        self._used_warrants: set[str] = set()
        self._collars_per_code: dict[str, int] = {}
        surnames, weights = zip(*SURNAMES, strict=True)
        self._head = (list(surnames), list(weights))
        units = [(u, c, a) for u, (c, a) in BCUS.items()] * 3 + [
            (u, c, a) for u, (c, a) in SPECIALIST_UNITS.items()
        ]
        for n in range(size):
            given, nicks = rng.choices(GIVEN_NAMES, GIVEN_WEIGHTS)[0]
            surname = self._surname()
            if self.people and rng.random() < 0.03:
                # A namesake: same name as someone else, different person elsewhere.
                other = rng.choice(self.people)
                given, nicks, surname = other.given, other.nicknames, other.surname
            rank = rng.choices(list(RANK_WEIGHTS), list(RANK_WEIGHTS.values()))[0]
            person = Person(f"person-{n + 1}", given, nicks, surname, rank, self._warrant())
            unit, code, aliases = rng.choice(units)
            person.postings.append(Posting(unit, code, aliases, self._collar(code), START))
            if rng.random() < 0.06:
                # Moved borough: new unit and a new shoulder number; warrant unchanged.
                unit2, code2, aliases2 = rng.choice([u for u in units if u[0] != unit])
                since = START + timedelta(days=rng.randrange(400, 2800))
                person.postings.append(Posting(unit2, code2, aliases2, self._collar(code2), since))
            if rank in PROMOTIONS and rng.random() < 0.08:
                since = START + timedelta(days=rng.randrange(400, 2800))
                person.promotion = (since, PROMOTIONS[rank])
            self.people.append(person)

    def _surname(self) -> str:
        stratum = self.rng.random()
        if stratum < HEAD_SHARE:
            return self.rng.choices(*self._head)[0]
        if stratum < HEAD_SHARE + MIDDLE_SHARE:
            return self.rng.choice(_RARE_SURNAMES)
        return self.rng.choices(TAIL_SURNAMES, cum_weights=_TAIL_CUMULATIVE)[0]

    def _collar(self, code: str) -> str:
        # A population of more than about 150,000 (200,000 reports) holds more people in one
        # borough than there are two- to four-digit numbers: then it takes five digits, as
        # the largest forces do. Smaller populations never get that far, so they are unchanged.
        wide = self._collars_per_code.get(code, 0) >= COLLAR_NUMBERS
        while True:
            if wide:
                digits = str(self.rng.randrange(10000, 100000))
            else:
                digits = str(
                    self.rng.randrange(100, 10000)
                    if self.rng.random() < 0.8
                    else self.rng.randrange(10, 1000)
                )
            if digits + code not in self._used_collars:
                self._used_collars.add(digits + code)
                self._collars_per_code[code] = self._collars_per_code.get(code, 0) + 1
                return digits

    def _warrant(self) -> str:
        while True:
            warrant = f"{self.rng.randrange(100000, 999999)}"
            if warrant not in self._used_warrants:
                self._used_warrants.add(warrant)
                return warrant


def _misspellings(surname: str) -> list[str]:
    """Other ways reporters write this surname: listed ones, and Mac/Mc and O' variants."""
    if surname in MISSPELLINGS:
        return MISSPELLINGS[surname]
    if surname.startswith("Mac"):
        return ["Mc" + surname[3:], "Mac" + surname[3:].lower()]
    if surname.startswith("Mc"):
        return ["Mac" + surname[2:], "Mc " + surname[2:]]
    if surname.startswith("O'"):
        return ["O" + surname[2:], "O " + surname[2:]]
    return []


def _name_text(rng: random.Random, person: Person, when: date) -> str:
    surname = person.surname
    roll = rng.random()
    respellings = _misspellings(surname)
    if roll < 0.07 and respellings:
        surname = rng.choice(respellings)
    elif roll < 0.12:
        surname = _typo(rng, surname)
    roll = rng.random()
    if roll < 0.55:
        given: str | None = person.given
    elif roll < 0.77 and person.nicknames:
        given = rng.choice(person.nicknames)
    elif roll < 0.80:
        given = _typo(rng, person.given)
    elif roll < 0.93:
        given = person.given[0] + rng.choice([".", "", ""])
    else:
        given = None
    rank = rng.choice(RANK_FORMS[person.rank_at(when)])
    shape = rng.random()
    if given is None:
        text = f"{rank} {surname}" if rng.random() < 0.7 else surname
    elif shape < 0.5:
        text = f"{given} {surname}"
    elif shape < 0.72:
        text = f"{rank} {given} {surname}"
    elif shape < 0.85:
        text = f"{surname}, {given}"
    elif shape < 0.92:
        text = f"{surname.upper()} {given}" if len(given) > 2 else f"{given} {surname}"
    else:
        text = f"{rank} {surname}, {given}"
    case = rng.random()
    if case < 0.1:
        text = text.lower()
    elif case < 0.16:
        text = text.upper()
    return text


def _collar_text(rng: random.Random, digits: str, code: str) -> str:
    if len(digits) >= 3 and rng.random() < 0.05:
        i = rng.randrange(len(digits) - 1)
        if digits[i] != digits[i + 1]:
            digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    letters = code if rng.random() > 0.15 else ""
    shape = rng.randrange(6)
    if not letters:
        return rng.choice([digits, f"PC {digits}", f"{digits} "])
    return [
        f"{digits}{letters}",
        f"PC {digits} {letters.lower()}",
        f"{digits} {letters.lower()}",
        f"{letters}{digits}",
        f"{digits}{letters.lower()}",
        f"{letters}-{digits}",
    ][shape]


def mention(rng: random.Random, person: Person, when: date) -> dict[str, str]:
    """How one reporter writes one person down: each field may be missing or mangled."""
    posting = person.posting_at(when)
    subject: dict[str, str] = {}
    has_name = rng.random() < 0.95
    # Someone who gives neither a name nor a number ticks "I don't know who" instead.
    has_collar = rng.random() < 0.55 or not has_name
    if has_name:
        subject["name"] = _name_text(rng, person, when)
    if has_collar:
        subject["collar_number"] = _collar_text(rng, posting.collar_digits, posting.code)
    if rng.random() < 0.12:
        warrant = person.warrant
        subject["warrant_number"] = rng.choice(
            [warrant, f"MPS {warrant}", warrant[:3] + " " + warrant[3:]]
        )
    if rng.random() < 0.5:
        subject["rank"] = rng.choice(RANK_FORMS[person.rank_at(when)])
    if rng.random() < 0.7:
        subject["unit"] = posting.unit if rng.random() < 0.35 else rng.choice(posting.aliases)
    for key in list(subject):
        if key not in {"name", "collar_number"} and rng.random() < 0.03:
            subject[key] = ""  # an empty box on the form
    return subject


_BULLYING_TEXT = [
    "He shouts at me in front of the team and calls me useless.",
    "She keeps leaving me off the rota for overtime and blanks me in briefings.",
    "Constant belittling remarks about my work in front of colleagues.",
    "He said he would make my life hell if I complained to the inspector.",
    "After I raised a grievance I was moved to nights and excluded from the team chat.",
    "Repeatedly undermines me and takes credit for my arrests.",
    "She ridicules probationers and makes jokes about how slow they are.",
]
_PREDATORY_STAGES: list[tuple[list[str], list[str], list[str]]] = [
    (
        ["sexism_misogyny"],
        ["junior_colleague", "colleague"],
        [
            "He makes comments about my appearance and sexual jokes in the van.",
            "Keeps making remarks about female officers' bodies during briefings.",
        ],
    ),
    (
        ["sexual_misconduct"],
        ["junior_colleague", "colleague", "member_of_public"],
        [
            "He touched my leg in the car and tried to kiss me after a night out.",
            "He grabbed me at the Christmas party and would not stop messaging me.",
        ],
    ),
    (
        ["abuse_of_position", "sexual_misconduct"],
        ["victim_of_crime", "member_of_public"],
        [
            "He looked up her address on PNC and then messaged the victim on Instagram "
            "asking her out.",
            "After attending her burglary he contacted the victim on social media and turned "
            "up at her home. He had checked her details on CRIS.",
            "He offered to help with her case in exchange for a date and used police systems "
            "to get her number.",
        ],
    ),
    (
        ["sexual_misconduct", "abuse_of_position"],
        ["victim_of_crime", "member_of_public"],
        [
            "He sexually assaulted a domestic abuse victim he met through her case.",
            "She says he raped her after he found her address on the police database.",
            "He forced himself on a witness in her flat after following her home.",
        ],
    ),
]
_GENERAL: list[tuple[list[str], list[str], list[str]]] = [
    (["racism"], ["colleague", "reporter"], ["He uses racist slurs about colleagues."]),
    (["homophobia"], ["colleague"], ["Homophobic jokes in the canteen every shift."]),
    (["sexism_misogyny"], ["colleague", "reporter"], ["Comments that women should not be in TSG."]),
    (["other"], ["member_of_public"], ["He was rude to a member of the public at the front desk."]),
    (["bullying"], ["reporter"], ["He shouted at me in the custody suite."]),
    (["other_discrimination"], ["colleague"], ["Mocks a colleague's disability."]),
    (["sexual_misconduct"], ["colleague"], ["He sent me an explicit photo after a shift."]),
    (["domestic_abuse"], ["reporter"], ["My partner, an officer, hit me and checks my phone."]),
    (["retaliation"], ["reporter"], ["Since I reported him I have been given every dead-end job."]),
]


@dataclass
class _Plan:
    when: date
    people: list[Person]
    categories: list[str]
    affected: list[str]
    narrative: str
    pattern: str | None


def _random_date(rng: random.Random, start: date = START, end: date = END) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _plan_reports(rng: random.Random, n_reports: int, pop: _Population) -> list[_Plan]:
    people = list(pop.people)
    rng.shuffle(people)
    plans: list[_Plan] = []
    n_pred = max(3, n_reports // 350)
    n_bully = max(3, n_reports // 250)
    for _ in range(n_pred):
        person = people.pop()
        count = rng.randint(4, 6)
        first = _random_date(rng, START, date(2019, 12, 31))
        gaps = sorted(rng.randrange(200, (END - first).days) for _ in range(count - 1))
        dates = [first] + [first + timedelta(days=g) for g in gaps]
        for i, when in enumerate(dates):
            stage = min(len(_PREDATORY_STAGES) - 1, i * len(_PREDATORY_STAGES) // count)
            cats, affected, texts = _PREDATORY_STAGES[stage]
            plans.append(
                _Plan(
                    when,
                    [person],
                    list(cats),
                    [rng.choice(affected)],
                    rng.choice(texts),
                    "predatory",
                )
            )
    for _ in range(n_bully):
        person = people.pop()
        count = rng.randint(5, 12)
        first = _random_date(rng, START, date(2022, 1, 1))
        for _ in range(count):
            when = first + timedelta(days=rng.randrange(30, 4 * 365))
            cats = rng.choice([["bullying"], ["bullying", "retaliation"], ["retaliation"]])
            affected = [rng.choice(["colleague", "reporter", "junior_colleague"])]
            plans.append(
                _Plan(
                    min(when, END), [person], cats, affected, rng.choice(_BULLYING_TEXT), "bullying"
                )
            )
    while len(plans) < n_reports:
        when = _random_date(rng)
        cats, affected, texts = rng.choice(_GENERAL)
        if rng.random() < 0.05:
            text = "I don't know his name."
            plans.append(_Plan(when, [], list(cats), list(affected), text, None))
            continue
        person = rng.choice(pop.people) if rng.random() < 0.35 or not people else people.pop()
        named = [person]
        if rng.random() < 0.08:
            other = rng.choice(pop.people)
            if other is not person:
                named.append(other)
        plans.append(
            _Plan(when, named, list(cats), [rng.choice(affected)], rng.choice(texts), None)
        )
    return plans[:n_reports]


def _incident(rng: random.Random, received: date) -> str | None:
    incident = received - timedelta(days=rng.randrange(0, 120))
    roll = rng.random()
    if roll < 0.6:
        return incident.isoformat()
    if roll < 0.9:
        return incident.isoformat()[:7]
    return None


def generate(n_reports: int, seed: int) -> list[dict[str, Any]]:
    """``n_reports`` labelled reports in received-date order, the same for the same seed."""
    rng = random.Random(seed)
    pop = _Population(rng, max(20, int(n_reports * 0.75)))
    plans = _plan_reports(rng, n_reports, pop)
    plans.sort(key=lambda p: p.when)
    reports: list[dict[str, Any]] = []
    for number, plan in enumerate(plans, start=1):
        received = plan.when + timedelta(days=rng.randrange(0, 40))
        report: dict[str, Any] = {
            "id": f"r{number}",
            "categories": plan.categories,
            "received_date": received.isoformat(),
            "subjects": [mention(rng, p, plan.when) for p in plan.people],
            "affected": plan.affected,
            "narrative": plan.narrative,
            "_truth": [p.pid for p in plan.people],
            "_pattern": plan.pattern,
        }
        incident = _incident(rng, plan.when + timedelta(days=rng.randrange(0, 5)))
        if incident:
            report["incident_date"] = incident
        reports.append(report)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m seeds.synthetic",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reports", type=int, default=2000, help="how many reports")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file to write")
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as handle:
        for report in generate(args.reports, args.seed):
            handle.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
