"""How a reporter writes a person down: rank words, mangled names, half-remembered numbers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from seeds.heldout import names
from seeds.heldout.force import TEAMS, UNITS, Person, Posting

RANK_WORDS: dict[str, tuple[str, ...]] = {
    "PC": ("PC", "PC", "PC", "Pc", "P.C.", "Police Constable", "Constable", "officer", "PC."),
    "DC": ("DC", "DC", "Det Con", "Detective Constable", "D/C", "detective", "DC."),
    "SGT": ("Sgt", "Sgt", "Sergeant", "PS", "Sarge", "my skipper", "skipper", "Sgt.", "P/S"),
    "DS": ("DS", "DS", "Det Sgt", "Detective Sergeant", "D/S", "skipper", "DS."),
    "INSP": ("Insp", "Inspector", "Insp.", "the Inspector", "Guv", "guvnor", "insp"),
    "DI": ("DI", "Det Insp", "Detective Inspector", "guv", "D/I"),
    "CI": ("Ch Insp", "Chief Inspector", "CI", "Ch. Insp", "Chief Insp", "C/Insp"),
    "SUPT": ("Supt", "Superintendent", "Supt.", "Superintendant", "the Super"),
    "PCSO": ("PCSO", "pcso", "Police Community Support Officer", "CSO", "PCSO"),
    "STAFF": (
        "police staff",
        "staff",
        "civvy",
        "civilian staff",
        "police staff member",
        "Police Staff",
        "support staff",
    ),
}
_NAME_PREFIX_OK = {
    "PC",
    "Pc",
    "P.C.",
    "DC",
    "Det Con",
    "Sgt",
    "Sergeant",
    "PS",
    "Sarge",
    "DS",
    "Det Sgt",
    "Insp",
    "Inspector",
    "DI",
    "Ch Insp",
    "Supt",
    "PCSO",
    "A/Sgt",
    "A/PS",
    "Constable",
    "Detective Sergeant",
    "Chief Inspector",
    "skipper",
}
_CONFUSED = {
    "PC": "DC",
    "DC": "PC",
    "SGT": "INSP",
    "DS": "DI",
    "INSP": "SGT",
    "DI": "DS",
    "CI": "INSP",
    "SUPT": "CI",
    "PCSO": "PC",
    "STAFF": "PCSO",
}
_PUBLIC_RANK = ("officer", "police officer", "PC", "a policeman", "copper", "detective")


def rank_word(p: Person, rng: random.Random, insider: bool) -> str:
    key = p.rank
    if rng.random() < 0.05:
        key = _CONFUSED[key]
    if p.acting and rng.random() < 0.55:
        return rng.choice(("A/Sgt", "A/PS", "acting sergeant", "Acting Sgt", "A/Sgt"))
    if p.band and insider and rng.random() < 0.3:
        return p.band
    if not insider and rng.random() < 0.45:
        return rng.choice(_PUBLIC_RANK)
    return rng.choice(RANK_WORDS[key])


def _surname_form(s: str, rng: random.Random) -> str:
    if "-" in s or " " in s:
        parts = s.replace("-", " ").split()
        return rng.choice((s, " ".join(parts), "".join(parts), parts[-1], parts[0], s))
    if s.startswith(("Mc", "Mac")) and len(s) > 3 and rng.random() < 0.45:
        pre = "Mc" if s.startswith("Mc") else "Mac"
        rest = s[len(pre) :]
        swap = "Mac" if pre == "Mc" else "Mc"
        return rng.choice((pre + rest.lower(), f"{pre} {rest}", swap + rest, pre + rest.lower()))
    if s.startswith("O'") and rng.random() < 0.5:
        return rng.choice(("O" + s[2:], "O " + s[2:], "O\u2019" + s[2:], "O" + s[2:].lower()))
    if "'" in s and rng.random() < 0.4:
        return s.replace("'", rng.choice(("", " ", "\u2019")))
    return s


def _given_form(p: Person, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return p.known_as
    if r < 0.85:
        return p.first
    nicks = names.ALL_GIVEN.get(p.first, ())
    return rng.choice(nicks) if nicks else p.first


def name_text(p: Person, rng: random.Random, insider: bool) -> str:
    """One written form of p's name, as this reporter would put it."""
    sur = _surname_form(p.surname, rng)
    if rng.random() < (0.1 if insider else 0.16):
        sur = names.misspell(sur, rng)
    given = _given_form(p, rng)
    if rng.random() < 0.05:
        given = names.misspell(given, rng)
    styles = (
        ("full", 40),
        ("surname", 17),
        ("initial", 12),
        ("given", 8 if insider else 2),
        ("hr", 7),
        ("middle", 2 if p.middle else 0),
        ("caps_full", 5),
    )
    style = rng.choices([s for s, _ in styles], weights=[w for _, w in styles])[0]
    initial = given[0]
    if style == "full":
        text = f"{given} {sur}"
    elif style == "surname":
        text = sur
    elif style == "initial":
        text = rng.choice(
            (f"{initial} {sur}", f"{initial}. {sur}", f"{initial}.{sur}", f"{initial} {sur}")
        )
    elif style == "given":
        text = given
    elif style == "hr":
        text = rng.choice(
            (
                f"{sur.upper()} {given}",
                f"{sur}, {initial}",
                f"{sur} {initial}",
                f"{sur.upper()}, {given}",
                f"{sur}, {given}",
            )
        )
    elif style == "middle":
        text = f"{p.first} {p.middle} {sur}"
    else:
        text = f"{given} {sur}".upper()
    case = rng.random()
    if case < 0.07:
        text = text.upper()
    elif case < 0.15:
        text = text.lower()
    return text


def collar_text(post: Posting, rng: random.Random, rank: str) -> str | None:
    if not post.collar:
        return None
    digits, code = post.collar, post.unit.command.code
    if rng.random() < 0.12 and len(digits) > 2:
        i = rng.randrange(len(digits) - 1)
        digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    elif rng.random() < 0.03:
        i = rng.randrange(len(digits))
        digits = digits[:i] + str((int(digits[i]) + rng.choice((1, 9))) % 10) + digits[i + 1 :]
    forms = [
        f"{digits}{code}",
        f"{digits} {code}",
        digits,
        digits,
        digits,
        f"{code.lower()}{digits}",
        f"{code} {digits}",
        f"{digits}/{code}",
        f"{digits}{code.lower()}",
    ]
    if rank in ("PC", "SGT", "PCSO"):
        forms += [f"{rank if rank != 'SGT' else 'PS'} {digits}", f"PC{digits}"]
    return rng.choice(forms)


def unit_text(post: Posting, rng: random.Random) -> str:
    unit = post.unit
    cmd = rng.choice(unit.command.words)
    if unit.team is None:
        return cmd if rng.random() < 0.85 else rng.choice(unit.command.places)
    team = rng.choice(TEAMS[unit.team][1])
    place = rng.choice(unit.command.places)
    forms = (
        cmd,
        team,
        team,
        f"{cmd} {team}",
        f"{team} at {place}",
        place,
        f"{place} {team}",
        f"{team} ({cmd})",
        f"{cmd} - {team}",
        unit.hr,
    )
    return rng.choice(forms)


def subject(
    p: Person, when: date, rng: random.Random, insider: bool, know_name: float | None = None
) -> dict[str, str | None]:
    """A subject entry for p in a report written on `when` (received date)."""
    post = p.posting_at(when)
    # someone who moved recently is often still placed in their old unit
    prior = [q for q in p.postings if q.start < post.start]
    if prior and (when - post.start) < timedelta(days=240) and rng.random() < 0.35:
        post = prior[-1]
    know_name = know_name if know_name is not None else (0.94 if insider else 0.5)
    name = name_text(p, rng, insider) if rng.random() < know_name else None
    rank = rank_word(p, rng, insider) if rng.random() < (0.75 if insider else 0.6) else None
    rank_field: str | None = rank
    if rank and name:
        where = rng.random()
        prefixable = rank in _NAME_PREFIX_OK
        if prefixable and where < 0.22:
            name, rank_field = f"{rank} {name}", None
        elif prefixable and where < 0.34:
            name = f"{rank} {name}"
    unit = unit_text(post, rng) if rng.random() < (0.55 if insider else 0.3) else None
    if unit and rng.random() < 0.05:
        unit = unit_text(Posting(post.start, rng.choice(UNITS), None), rng)
    collar_p = 0.1 if insider else 0.42
    if name is None:
        collar_p += 0.3
    collar = collar_text(post, rng, p.rank) if rng.random() < collar_p else None
    warrant = None
    if p.warrant and insider and rng.random() < 0.015:
        w = p.warrant
        warrant = w if rng.random() < 0.7 else f"{w[:3]} {w[3:]}"
    if name and unit and rng.random() < 0.04:
        name, unit = f"{name} from {unit}", None
    if not any((name, rank_field, unit, collar, warrant)):
        rank_field = rng.choice(("officer", "a male officer", "police officer", "the sergeant"))
    return {
        "name": name,
        "collar_number": collar,
        "warrant_number": warrant,
        "rank": rank_field,
        "unit": unit,
    }


def short_ref(p: Person, rng: random.Random) -> str:
    """How a narrative might refer to p in passing."""
    return rng.choice((p.known_as, p.surname, f"{p.known_as} {p.surname}", p.known_as))
