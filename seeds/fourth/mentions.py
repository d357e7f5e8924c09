"""How a reporter writes down a person: the varied, error-prone subject fields."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from seeds.fourth.force import (
    DETECTIVE_LADDER,
    OFFICER_LADDER,
    PHONETIC_LETTERS,
    TEAM_LETTERS,
    Person,
    Unit,
    is_officer,
)
from seeds.fourth.names import NICKNAMES, SURNAME_NICKNAMES, misspell, surname_forms

RANK_WORDS: dict[str, list[str]] = {
    "PC": ["PC", "PC", "PC", "Pc", "pc", "P.C.", "police constable", "Constable", "PC."],
    "DC": ["DC", "DC", "DC", "D/C", "Det Con", "detective constable", "Dc", "DC."],
    "PS": ["PS", "PS", "Sgt", "Sgt", "Sergeant", "sergeant", "Sarge", "Skipper", "skipper",
           "P/S", "sgt", "Sgt."],
    "DS": ["DS", "DS", "D/S", "Det Sgt", "detective sergeant", "DS.", "Ds", "D/Sgt"],
    "Insp": ["Insp", "Inspector", "inspector", "Guv", "guvnor", "Insp.", "the Guv"],
    "DI": ["DI", "DI", "D/I", "Det Insp", "detective inspector", "Guv", "D/Insp"],
    "Ch Insp": ["Ch Insp", "Chief Inspector", "CI", "C/I", "Chief Insp"],
    "DCI": ["DCI", "DCI", "Det Ch Insp", "Guv", "D/Ch/Insp"],
    "Supt": ["Supt", "Superintendent", "Super", "Supt."],
    "Ch Supt": ["Ch Supt", "Chief Super", "Chief Superintendent", "CS", "C/Supt"],
    "PCSO": ["PCSO", "PCSO", "pcso", "CSO", "community support officer", "Pcso"],
    "Band C": ["staff", "police staff", "civvy", "civilian", "Band C", "band C", "staff member"],
    "Band D": ["staff", "police staff", "civvy", "Band D", "DDO", "manager", "staff"],
    "Band E": ["staff", "manager", "Band E", "police staff", "civvy"],
    "Police Staff": ["staff", "police staff", "civvy", "civilian", "admin", "PS staff"],
}  # fmt: skip

NAME_PREFIX = {  # the rank word written in front of a name
    "PC": ["PC", "PC", "Pc", "pc", "Constable", "PC."],
    "DC": ["DC", "DC", "Dc", "Det Con", "D/C"],
    "PS": ["PS", "Sgt", "Sgt", "Sergeant", "Sarge", "P/S", "sgt", "Skip"],
    "DS": ["DS", "DS", "D/S", "Det Sgt", "DS."],
    "Insp": ["Insp", "Inspector", "insp"],
    "DI": ["DI", "DI", "Det Insp", "D/I"],
    "Ch Insp": ["Ch Insp", "Chief Inspector", "CI"],
    "DCI": ["DCI", "DCI"],
    "Supt": ["Supt", "Superintendent"],
    "Ch Supt": ["Ch Supt", "Chief Supt"],
    "PCSO": ["PCSO", "pcso", "PCSO"],
}

ROLE_WORDS = {
    "PC": ["PC", "officer", "constable", "response officer"],
    "DC": ["DC", "detective", "DC"],
    "PS": ["sergeant", "skipper", "sarge", "sergeant"],
    "DS": ["DS", "detective sergeant", "sergeant"],
    "Insp": ["inspector", "duty inspector", "guvnor"],
    "DI": ["DI", "guvnor", "detective inspector"],
    "Ch Insp": ["chief inspector"],
    "DCI": ["DCI", "SIO"],
    "Supt": ["superintendent"],
    "Ch Supt": ["chief super"],
    "PCSO": ["PCSO"],
    "Band C": ["member of staff", "civvy", "caseworker"],
    "Band D": ["manager", "detention officer", "staff member"],
    "Band E": ["manager", "senior manager"],
    "Police Staff": ["civvy", "member of staff", "admin lady" , "admin guy"],
}  # fmt: skip


@dataclass
class Context:
    """What the reporter knows: how well, and when they met the person."""

    familiarity: str  # "close", "work" or "distant"
    incident: dt.date | None


@dataclass
class Era:
    """The facts about a person as they were at the time of the incident."""

    unit: Unit
    rank: str
    collar: str | None
    borough: str
    station: str


def era_of(p: Person, ctx: Context, rng: random.Random) -> Era:
    """Pick which unit, rank and number the reporter knows the person by."""
    current = Era(p.unit, p.rank, p.collar, p.borough, p.station)
    if p.move_date is None:
        return current
    before = ctx.incident is not None and ctx.incident < p.move_date
    stale = rng.random() < (0.8 if before else 0.08)
    if not stale:
        return current
    unit = p.former_units[-1] if p.former_units else p.unit
    collar = p.former_collars[-1] if p.former_collars else p.collar
    borough = p.former_borough or p.borough
    station = p.former_station or p.station
    return Era(unit, p.former_rank or p.rank, collar, borough, station)


FORM_WEIGHTS = {
    "close": {"full": 14, "full_mid": 3, "initial": 6, "surname": 17, "first": 14,
              "rank_sur": 10, "rank_first": 4, "nick": 7, "sur_first": 4, "title": 2,
              "desc": 8, "sur_nick": 3, "nick_sur": 3},
    "work": {"full": 20, "full_mid": 3, "initial": 11, "surname": 22, "first": 4,
             "rank_sur": 18, "rank_first": 2, "nick": 2, "sur_first": 6, "title": 4,
             "desc": 7, "sur_nick": 1, "nick_sur": 2},
    "distant": {"full": 9, "full_mid": 1, "initial": 7, "surname": 14, "first": 2,
                "rank_sur": 24, "rank_first": 1, "nick": 0, "sur_first": 4, "title": 8,
                "desc": 28, "sur_nick": 0, "nick_sur": 1},
}  # fmt: skip


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _first_form(p: Person, rng: random.Random, nick_rate: float) -> str:
    """The first name, sometimes as a short form or variant spelling."""
    first = p.first
    if first in NICKNAMES and rng.random() < nick_rate:
        first = rng.choice(NICKNAMES[first])
    elif rng.random() < 0.04:
        first = misspell(first, rng)
    return first


def _surname_form(p: Person, ctx: Context, rng: random.Random) -> str:
    """The surname, with married/maiden swaps, particle forms and misspellings."""
    s = p.surname
    if p.alt_surname and rng.random() < 0.45:
        s = p.alt_surname
    s = surname_forms(s, rng)
    rate = {"close": 0.08, "work": 0.12, "distant": 0.18}[ctx.familiarity]
    if rng.random() < rate:
        s = misspell(s, rng)
    return s


def _nickname(p: Person, rng: random.Random) -> str:
    if p.surname in SURNAME_NICKNAMES and rng.random() < 0.6:
        return SURNAME_NICKNAMES[p.surname]
    if p.first in NICKNAMES:
        return rng.choice(NICKNAMES[p.first])
    s = p.surname
    if len(s) <= 7 and s.isalpha() and rng.random() < 0.5:
        return s + ("y" if not s.endswith("y") else "o")
    return p.first[:3] if len(p.first) > 4 else p.first


def _rank_prefix(rank: str, rng: random.Random) -> str | None:
    if rank in NAME_PREFIX:
        return rng.choice(NAME_PREFIX[rank])
    return None


def _unit_alias(era: Era, rng: random.Random) -> str:
    """The unit in the reporter's own words."""
    u = era.unit
    area = rng.choice(u.area_words) if u.area_words else era.borough
    n = u.team or rng.randint(1, 5)
    options = list(u.aliases)
    if u.bcu:
        options += [f"{u.bcu} BCU", f"{era.station}", f"the nick at {era.station}",
                    f"{era.station} nick", f"{era.borough}", f"{area}"]  # fmt: skip
    elif rng.random() < 0.15:
        options += [f"{era.station}", f"based at {era.station}"]
    alias = rng.choice(options)
    alias = alias.format(
        n=n,
        letter=TEAM_LETTERS[n - 1],
        phon=PHONETIC_LETTERS[n - 1],
        borough=era.borough,
        station=era.station,
        code=u.bcu or u.code or "",
        area=area,
    )
    r = rng.random()
    if r < 0.05:
        alias = misspell(alias, rng) if len(alias) > 4 else alias
    elif r < 0.1:
        alias = alias.lower()
    elif r < 0.13:
        alias = alias.upper()
    return alias


def _description(era: Era, p: Person, rng: random.Random) -> str:
    """A description used in place of a name."""
    role = rng.choice(ROLE_WORDS.get(era.rank, ["officer"]))
    sex = "female" if p.sex == "f" else "male"
    if rng.random() < 0.05:
        sex = rng.choice(["male", "female"])
    unitw = _unit_alias(era, rng)
    templates = [
        "my {role}",
        "the {role}",
        "a {role} in {unit}",
        "the {role} on {unit}",
        "a {sex} {role}",
        "{sex} {role} from {unit}",
        "the custody skipper" if era.rank == "PS" else "the {role} at {station}",
        "my line manager",
        "the {role} who was driving",
        "one of the {unit} lot",
        "a {role} (don't know name)",
        "{sex} officer, tall, glasses",
        "the {sex} {role} from the briefing",
        "unknown {role}",
    ]
    t = rng.choice(templates)
    return t.format(role=role, unit=unitw, sex=sex, station=era.station)


def _name(p: Person, era: Era, ctx: Context, rng: random.Random) -> str | None:
    """The name box as the reporter filled it in."""
    form = _choose(rng, FORM_WEIGHTS[ctx.familiarity])
    prefix = _rank_prefix(era.rank, rng)
    if form in ("rank_sur", "rank_first") and prefix is None:
        form = "title"
    if form == "desc":
        return None if rng.random() < 0.45 else _description(era, p, rng)
    nick_rate = {"close": 0.35, "work": 0.2, "distant": 0.08}[ctx.familiarity]
    first = _first_form(p, rng, nick_rate)
    sur = _surname_form(p, ctx, rng)
    if form == "full":
        text = f"{first} {sur}"
    elif form == "full_mid":
        mids = p.middles or [p.first[0]]
        mid = rng.choice(mids)
        text = f"{first} {mid if rng.random() < 0.7 else mid[0]} {sur}"
    elif form == "initial":
        init = first[0]
        text = rng.choice([f"{init} {sur}", f"{init}. {sur}", f"{init}.{sur}", f"{sur} {init}"])
    elif form == "surname":
        text = sur
    elif form == "first":
        text = first
    elif form == "rank_sur":
        text = f"{prefix} {sur}"
        if rng.random() < 0.15:
            text = f"{prefix} {first[0]} {sur}"
    elif form == "rank_first":
        text = f"{prefix} {first}"
    elif form == "nick":
        text = _nickname(p, rng)
    elif form == "nick_sur":
        text = f"{_nickname(p, rng)} {sur}" if p.first in NICKNAMES else f"{first} {sur}"
    elif form == "sur_first":
        text = rng.choice(
            [f"{sur.upper()} {first}", f"{sur}, {first[0]}", f"{sur}, {first}", f"{sur} {first}"]
        )
    elif form == "sur_nick":
        text = _nickname(p, rng)
    else:  # title
        title = "Mr" if p.sex == "m" else rng.choice(["Ms", "Mrs", "Miss", "Ms"])
        text = f"{title} {sur}"
    r = rng.random()
    if r < 0.06:
        extra = rng.choice(
            [
                f"{text} from {_unit_alias(era, rng)}",
                f"{text} ({_description(era, p, rng)})",
                f"{text} - {_unit_alias(era, rng)}",
                f"{text}?",
                f"{text} i think",
                f"{text} (not sure of spelling)",
            ]
        )
        text = extra
    r = rng.random()
    if r < 0.07:
        text = text.upper()
    elif r < 0.15:
        text = text.lower()
    return text


def _wrong_rank(rank: str, rng: random.Random) -> str:
    """A rank one step off (acting ranks, uniform/detective confusion, unsure reporter)."""
    if rank == "PCSO":
        return "PC"
    if rank in ("PC", "DC") and rng.random() < 0.4:
        return "DC" if rank == "PC" else "PC"
    for ladder in (OFFICER_LADDER, DETECTIVE_LADDER):
        if rank in ladder:
            i = ladder.index(rank)
            j = i + 1 if i == 0 or rng.random() < 0.6 else i - 1
            return ladder[min(j, len(ladder) - 1)]
    return rank


def _rank_field(era: Era, ctx: Context, name: str | None, rng: random.Random) -> str | None:
    present = {"close": 0.32, "work": 0.45, "distant": 0.55}[ctx.familiarity]
    if name and any(w in name for w in NAME_PREFIX.get(era.rank, [])):
        present *= 0.4
    if rng.random() >= present:
        return None
    rank = era.rank
    if rng.random() < 0.08:
        rank = _wrong_rank(rank, rng)
    if rng.random() < 0.04 and rank in ("PS", "Insp", "DS"):
        return rng.choice(["A/", "Acting ", "a/"]) + rng.choice(RANK_WORDS[rank])
    return rng.choice(RANK_WORDS.get(rank, [rank]))


def digit_slip(digits: str, rng: random.Random) -> str:
    """Swap two neighbouring digits, change one, or drop one."""
    if len(digits) < 2:
        return digits
    r = rng.random()
    i = rng.randrange(len(digits) - 1)
    if r < 0.45 and digits[i] != digits[i + 1]:
        return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    if r < 0.9:
        j = rng.randrange(len(digits))
        new = rng.choice([d for d in "0123456789" if d != digits[j]])
        return digits[:j] + new + digits[j + 1 :]
    j = rng.randrange(len(digits))
    return digits[:j] + digits[j + 1 :]


def collar_text(collar: str, rng: random.Random, slip_rate: float = 0.1) -> str:
    """A shoulder number as written: letters kept, dropped, spaced or put first."""
    digits = "".join(c for c in collar if c.isdigit())
    letters = collar[len(digits) :]
    if rng.random() < slip_rate:
        digits = digit_slip(digits, rng)
    if not letters:
        return rng.choice([digits, digits, digits, f"#{digits}", f"{digits}?"])
    return rng.choice(
        [
            f"{digits}{letters}",
            f"{digits}{letters}",
            digits,
            digits,
            f"{digits} {letters}",
            f"{letters}{digits}",
            f"{digits}{letters.lower()}",
            f"{digits}-{letters}",
        ]
    )


def render(p: Person, ctx: Context, rng: random.Random) -> dict:
    """One subject entry for ``p`` as written by one reporter."""
    era = era_of(p, ctx, rng)
    name = _name(p, era, ctx, rng)
    rank = _rank_field(era, ctx, name, rng)
    unit = _unit_alias(era, rng) if rng.random() < 0.5 else None
    collar = None
    rate = {"close": 0.13, "work": 0.2, "distant": 0.38}[ctx.familiarity]
    if era.collar and is_officer(era.rank) and rng.random() < rate:
        collar = collar_text(era.collar, rng)
    warrant = None
    if p.warrant and rng.random() < 0.035:
        w = p.warrant
        if rng.random() < 0.12:
            w = digit_slip(w, rng)
        warrant = w if rng.random() < 0.85 else f"{w[:3]} {w[3:]}"
    return {"name": name, "collar_number": collar, "warrant_number": warrant, "rank": rank,
            "unit": unit}  # fmt: skip
