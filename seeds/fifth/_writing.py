"""How a frightened reporter, typing on a phone, writes down who did it."""

from __future__ import annotations

import random
from datetime import date

from seeds.fifth._force import Person, Stint, Unit
from seeds.fifth._names import NICKNAME_OF

RANK_WORDS: dict[str, list[str]] = {
    "PC": ["PC", "PC", "Pc", "pc", "Constable", "officer"],
    "Sergeant": ["Sgt", "Sgt", "PS", "PS", "Sergeant", "Skipper", "Sarge", "sgt", "Sgt."],
    "Inspector": ["Insp", "Inspector", "Inspector", "insp", "Insp.", "DutyInsp"],
    "Chief Inspector": ["CI", "Ch Insp", "Chief Insp", "Chief Inspector", "C/I"],
    "DC": ["DC", "DC", "Det Con", "dc", "Detective"],
    "DS": ["DS", "DS", "Det Sgt", "ds", "Detective Sergeant"],
    "DI": ["DI", "DI", "Det Insp", "Detective Inspector"],
    "PCSO": ["PCSO", "PCSO", "pcso"],
    "Police Staff": ["", "staff", "civvy", "police staff"],
}
# Letters typed near each other on a phone keyboard.
KEYS = "qwertyuiop asdfghjkl zxcvbnm"
SOUNDS = [
    ("ph", "f"),
    ("ck", "k"),
    ("ey", "y"),
    ("ie", "y"),
    ("ou", "ow"),
    ("Mc", "Mac"),
    ("Mac", "Mc"),
    ("y", "i"),
    ("i", "y"),
    ("son", "sen"),
    ("th", "t"),
    ("ll", "l"),
    ("nn", "n"),
    ("ai", "ay"),
    ("ee", "ea"),
    ("c", "k"),
    ("k", "c"),
    ("s", "z"),
    ("z", "s"),
    ("O'", "O"),
    ("O'", "O "),
    ("ch", "sh"),
    ("w", "v"),
    ("v", "w"),
]


def _neighbour(ch: str, rng: random.Random) -> str:
    i = KEYS.find(ch.lower())
    if i < 0:
        return ch
    options = [KEYS[j] for j in (i - 1, i + 1) if 0 <= j < len(KEYS) and KEYS[j] != " "]
    return rng.choice(options) if options else ch


def typo(word: str, rng: random.Random) -> str:
    """One slip: a dropped, doubled, swapped or neighbouring letter, or a spelling by ear."""
    if len(word) < 4:
        return word
    kind = rng.random()
    i = rng.randint(1, len(word) - 2)
    if kind < 0.3:
        hits = [(a, b) for a, b in SOUNDS if a in word]
        if hits:
            a, b = rng.choice(hits)
            return word.replace(a, b, 1)
    if kind < 0.5:
        return word[:i] + word[i + 1 :]
    if kind < 0.65:
        return word[:i] + word[i] + word[i:]
    if kind < 0.85:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + _neighbour(word[i], rng) + word[i + 1 :]


def shown_surname(person: Person, rng: random.Random) -> str:
    surname = person.surname
    if "-" in surname and rng.random() < 0.5:
        surname = rng.choice(surname.split("-"))
    return surname


def shown_forename(person: Person, rng: random.Random) -> str:
    short = NICKNAME_OF.get(person.forename, [])
    if short and rng.random() < 0.5:
        return rng.choice(short)
    return person.forename


def rank_word(rank: str, rng: random.Random) -> str:
    return rng.choice(RANK_WORDS.get(rank, [rank]))


def unit_words(unit: Unit, rng: random.Random) -> str:
    """One of the many ways a unit gets written down."""
    if not unit.bcu:
        return rng.choice(CENTRAL_WORDS.get(unit.kind, [unit.name]))
    team = unit.team
    short = TEAM_WORDS.get(unit.kind, [team])
    if unit.kind == "response":
        n = team[-1]
        short = [
            f"response team {n}",
            f"team {n}",
            f"R{n}",
            f"Response {n}",
            f"ERPT {n}",
            f"{unit.borough} response team {n}",
        ]
    options = [
        unit.name,
        f"{unit.borough} {rng.choice(short)}",
        f"{rng.choice(short)} at {unit.borough}",
        f"{rng.choice(short)} at {unit.station}",
        f"{unit.bcu_code} BCU",
        f"{unit.bcu} BCU",
        f"{unit.borough} BCU {team}",
        rng.choice(short),
        rng.choice(short),
        f"{unit.station} nick",
        f"{unit.station} police station",
        unit.letters,
    ]
    return rng.choice(options)


TEAM_WORDS: dict[str, list[str]] = {
    "cid": ["CID", "cid", "the CID office", "DC's at CID"],
    "neighbourhoods": [
        "neighbourhoods",
        "SNT",
        "safer neighbourhoods",
        "the ward team",
        "neighbourhood team",
    ],
    "safeguarding": [
        "safeguarding",
        "CSU",
        "child abuse team",
        "the safeguarding hub",
        "MASH",
        "SOIT",
    ],
    "custody": ["the custody suite", "custody", "custody block", "Custody"],
    "proactive": ["the proactive team", "proactive", "TST", "the burglary squad", "gangs team"],
    "slt": ["SLT", "senior leadership", "the SLT", "management"],
}
CENTRAL_WORDS: dict[str, list[str]] = {
    "firearms": [
        "firearms",
        "SC&O19",
        "MO19",
        "the ARV lot",
        "Trojan",
        "firearms command",
        "MO19 Firearms",
    ],
    "tsg": ["TSG", "Tsg", "the TSG carrier", "Territorial Support Group", "TSG 4 unit"],
    "roads": ["traffic", "roads policing", "RTPC", "Roads and Transport", "roads & transport"],
    "dogs": ["dogs", "the dog unit", "DSU", "Dog Support Unit"],
    "control": ["the control room", "MetCC", "Met Command and Control", "CAD room", "Lambeth CAD"],
    "mit": ["MIT", "murder squad", "homicide", "Specialist Crime"],
    "training": ["Hendon", "training school", "Hendon training", "PTC"],
    "hr": ["HR", "People Services", "the HR team"],
}


def collar_words(stint: Stint, rng: random.Random) -> str:
    collar = stint.collar or ""
    digits = collar.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    letters = collar[len(digits) :]
    if len(digits) > 2 and rng.random() < 0.08:  # a slip of the thumb
        i = rng.randint(0, len(digits) - 2)
        digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    body = digits if rng.random() < 0.45 else digits + rng.choice(["", " "]) + letters
    if rng.random() < 0.2:
        prefix = {"Sergeant": "PS", "DS": "DS", "DC": "DC", "Inspector": "Insp"}.get(
            stint.rank, "PC"
        )
        body = prefix + rng.choice(["", " "]) + body
    return body


def _case(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.07:
        return text.upper()
    if roll < 0.16:
        return text.lower()
    return text


def mention(person: Person, when: date, rng: random.Random) -> dict[str, str | None]:
    """What a reporter writes about ``person`` for something that happened on ``when``."""
    stint = person.at(when)
    if len(person.stints) > 1 and rng.random() < 0.15:  # remembered from before they moved
        stint = person.stints[-2]
    rank = stint.rank
    surname = shown_surname(person, rng)
    forename = shown_forename(person, rng)
    if rng.random() < 0.12:
        surname = typo(surname, rng)
    if rng.random() < 0.07:
        forename = typo(forename, rng)
    rw = rank_word(rank, rng)
    styles = {
        "full": 26,
        "surname": 14,
        "first": 9,
        "initial": 8,
        "rank_surname": 16,
        "rank_full": 5,
        "reversed": 4,
        "none": 6,
        "first_initial": 3,
    }
    if rank in {"Police Staff", "PCSO"}:
        styles["rank_surname"] = 2
        styles["rank_full"] = 1
    style = rng.choices(list(styles), weights=list(styles.values()))[0]
    name: str | None
    rank_in_name = False
    if style == "full":
        name = f"{forename} {surname}"
    elif style == "surname":
        name = surname
    elif style == "first":
        name = forename
    elif style == "first_initial":
        name = f"{forename} {surname[0]}"
    elif style == "initial":
        initial = person.forename[0]
        name = rng.choice(
            [
                f"{initial} {surname}",
                f"{surname}, {initial}",
                f"{initial}. {surname}",
                f"{surname} {initial}",
            ]
        )
    elif style == "reversed":
        name = f"{surname} {forename}"
    elif style == "none":
        name = None
    else:
        rank_in_name = bool(rw)
        body = surname if style == "rank_surname" else f"{forename} {surname}"
        name = f"{rw} {body}".strip()
    if name is not None:
        name = _case(name, rng)
    rank_field: str | None = None
    if style == "none" or (not rank_in_name and rng.random() < 0.4):
        rank_field = rank_word(rank, rng) or None
    elif rank_in_name and rng.random() < 0.1:
        rank_field = rank
    unit_field = None
    if style == "none" or rng.random() < 0.55:
        unit_field = unit_words(stint.unit, rng)
    collar_field = None
    if stint.collar and rng.random() < (0.3 if style == "none" else 0.15):
        collar_field = collar_words(stint, rng)
    warrant_field = person.warrant if person.warrant and rng.random() < 0.015 else None
    return {
        "name": name,
        "rank": rank_field,
        "unit": unit_field,
        "collar_number": collar_field,
        "warrant_number": warrant_field,
    }


def in_text(person: Person, subject: dict[str, str | None], rng: random.Random) -> str:
    """How the narrative refers to them: the name given or another form of it."""
    roll = rng.random()
    if subject["name"] and roll < 0.45:
        return subject["name"]
    if roll < 0.7:
        return shown_forename(person, rng)
    if roll < 0.85:
        return f"{rank_word(person.now.rank, rng)} {shown_surname(person, rng)}".strip()
    return shown_surname(person, rng)
