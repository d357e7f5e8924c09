"""How a reporter writes the subject fields for a person they know (or glimpsed)."""

from __future__ import annotations

import random
import string
from datetime import date
from typing import Any

from seeds.fresh import names
from seeds.fresh.force import Person, Posting
from seeds.fresh.units import DETECTIVE, RANK_ORDER

RANK_WORDS: dict[str, list[str]] = {
    "PC": ["PC", "PC", "PC", "Police Constable", "Constable", "Pc", "P.C."],
    "DC": ["DC", "DC", "Detective Constable", "D/C", "DC"],
    "Sgt": ["Sgt", "Sgt", "Sergeant", "PS", "Sgt.", "sergeant", "Police Sergeant"],
    "DS": ["DS", "DS", "Detective Sergeant", "D/S", "D/Sgt"],
    "Insp": ["Inspector", "Insp", "Insp.", "Inspector", "inspector"],
    "DI": ["DI", "Detective Inspector", "DI", "D/I"],
    "CI": ["Chief Inspector", "CI", "Ch Insp", "C/Insp", "Chief Insp"],
    "Supt": ["Superintendent", "Supt", "Supt.", "Superintendent"],
    "PCSO": ["PCSO", "PCSO", "Pcso", "Police Community Support Officer", "CSO"],
    "Staff": ["Police staff", "staff", "civilian staff", "police staff member", "{band}"],
}
ACTING_WORDS = ["A/Sgt", "acting sergeant", "Acting Sgt", "A/PS", "Sgt", "PC", "A/Sgt."]
ROLE_ONLY: dict[str, list[str]] = {
    "Sgt": ["Sarge", "my skipper", "the skipper", "the sergeant", "our sarge", "Skip"],
    "DS": ["the DS", "my DS", "Sarge", "the skipper"],
    "Insp": ["the Inspector", "guv", "the guvnor", "my inspector", "the duty inspector"],
    "DI": ["the DI", "guv", "the guvnor"],
    "CI": ["the Chief Inspector", "the Chief", "the CI"],
    "Supt": ["the Superintendent", "the Super", "the Supt"],
    "PC": ["my tutor", "the PC", "my tutor constable"],
    "DC": ["the DC", "my tutor"],
    "PCSO": ["the PCSO"],
    "Staff": ["my manager", "the supervisor", "my line manager"],
}
OUTSIDER_DESCRIPTIONS = [
    "a {sex} officer", "the {sex} officer", "{sex} police officer", "the officer",
    "officer", "unknown officer", "tall {sex} officer", "{sex} officer with a beard",
    "the older {sex} officer", "young {sex} officer", "the officer who came to my house",
    "the one driving", "{sex} PC", "don't know his name", "the officer in charge",
]  # fmt: skip
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def misspell(rng: random.Random, word: str) -> str:
    """One typing error: a dropped, doubled, swapped or wrong letter (not the first)."""
    letters = [i for i, c in enumerate(word) if c.isalpha() and i > 0]
    if len(word) < 4 or not letters:
        return word
    i = rng.choice(letters)
    op = rng.choice(["drop", "double", "swap", "wrong", "vowel"])
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    if op == "swap" and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "vowel" and word[i].lower() in "aeiou":
        return word[:i] + rng.choice([v for v in "aeiou" if v != word[i].lower()]) + word[i + 1 :]
    k = _KEYS.index(word[i].lower()) if word[i].lower() in _KEYS else 0
    near = _KEYS[max(0, k - 1)] if rng.random() < 0.5 else _KEYS[min(len(_KEYS) - 1, k + 1)]
    return word[:i] + near + word[i + 1 :]


def surname_variant(rng: random.Random, surname: str) -> str:
    """Apostrophes, Mc/Mac prefixes and double-barrelled names as people type them."""
    s = surname
    if s.startswith("O'") and rng.random() < 0.45:
        rest = s[2:]
        s = rng.choice(
            ["O" + rest, "O " + rest, "O" + rest.lower(), "O'" + rest.lower(), "O’" + rest]
        )
    elif s.startswith("Mc") and rng.random() < 0.35:
        rest = s[2:]
        s = rng.choice(["Mc " + rest, "Mac" + rest, "Mc" + rest.lower(), "MC" + rest])
    elif s.startswith("Mac") and len(s) > 4 and s[3].isupper() and rng.random() < 0.35:
        rest = s[3:]
        s = rng.choice(["Mc" + rest, "Mac " + rest, "Mac" + rest.lower()])
    elif "-" in s and rng.random() < 0.5:
        a, b = s.split("-", 1)
        s = rng.choice([a + " " + b, a + b.lower(), a, b, b])
    if rng.random() < 0.06:
        s = misspell(rng, s)
    return s


def given_name(rng: random.Random, person: Person, familiar: bool) -> str:
    """The first name as this reporter would use it."""
    nicks = names.NICKNAMES.get(person.first)
    if familiar and nicks and person.known_as == person.first and rng.random() < person.nick_rate:
        name = rng.choice(nicks)
    elif person.known_as != person.first and rng.random() < (0.85 if familiar else 0.5):
        name = person.known_as
    else:
        name = person.first
    if rng.random() < 0.03:
        name = misspell(rng, name)
    return name


def rank_words(rng: random.Random, person: Person, post: Posting) -> str:
    if post.acting and rng.random() < 0.7:
        return rng.choice(ACTING_WORDS)
    word = rng.choice(RANK_WORDS[post.rank])
    return word.replace("{band}", person.band or "staff")


def wrong_rank(rng: random.Random, post: Posting) -> str:
    rank = post.rank
    ladder = ["PC", "DC", "DS", "DI", "CI"] if rank in DETECTIVE else RANK_ORDER
    if rank not in ladder:
        return rng.choice(["officer", "PCSO", "PC"])
    i = ladder.index(rank)
    j = i + rng.choice([-1, 1]) if 0 < i < len(ladder) - 1 else (1 if i == 0 else i - 1)
    return rng.choice(RANK_WORDS[ladder[j]])


def _name_insider(rng: random.Random, person: Person, post: Posting, close: bool) -> str | None:
    sur = surname_variant(rng, person.surname)
    first = given_name(rng, person, close)
    rank = rank_words(rng, person, post)
    styles = {
        "full": 26, "surname": 11, "first": 8 if close else 2, "initial": 7, "hr": 5,
        "rank_sur": 13, "rank_full": 5, "rank_first": 3 if close else 0, "role": 3,
        "middle_full": 2, "extra": 4, "none": 8 if close else 13,
    }  # fmt: skip
    style = rng.choices(list(styles), list(styles.values()))[0]
    if post.rank == "Staff" and style.startswith("rank_") and rng.random() < 0.8:
        style = "full"
    if style == "full":
        text = f"{first} {sur}"
    elif style == "surname":
        text = sur
    elif style == "first":
        text = first
    elif style == "initial":
        text = f"{first[0]}{rng.choice(['. ', ' ', '.'])}{sur}"
    elif style == "hr":
        up = sur.upper() if rng.random() < 0.8 else sur
        text = f"{up}{rng.choice([', ', ' ', ','])}{person.first}"
    elif style == "rank_sur":
        text = f"{rank} {sur}"
    elif style == "rank_full":
        text = f"{rank} {first} {sur}"
    elif style == "rank_first":
        text = f"{rank} {first}"
    elif style == "role":
        text = rng.choice(ROLE_ONLY[post.rank])
    elif style == "middle_full" and person.middle:
        text = f"{person.first} {person.middle} {sur}"
    elif style == "extra":
        who = rng.choice([sur, first, f"{first} {sur}"])
        tail = rng.choice([
            f"from {rng.choice([post.unit.function, post.unit.informal[0]])}",
            f"on team {post.team}", f"at {post.station}", f"({post.station})",
            "who works nights", f"- {post.station} nick",
        ])  # fmt: skip
        text = f"{who} {tail}"
    else:
        return None
    r = rng.random()
    if r < 0.05:
        text = text.upper()
    elif r < 0.12:
        text = text.lower()
    return text


def _name_outsider(rng: random.Random, person: Person, post: Posting) -> str | None:
    sex = "male" if person.sex == "M" else "female"
    r = rng.random()
    if r < 0.58:
        return None
    if r < 0.78:
        desc = rng.choice(OUTSIDER_DESCRIPTIONS).replace("{sex}", sex)
        if person.sex == "F":
            desc = desc.replace("his", "her").replace("with a beard", "with blonde hair")
        return desc
    sur = surname_variant(rng, person.surname)
    if rng.random() < 0.15:
        sur = misspell(rng, sur)
    if r < 0.88:
        return f"{rng.choice(['PC', 'Officer', 'Sergeant', 'Constable'])} {sur}"
    if r < 0.94:
        return f"{person.known_as} {sur}"
    if r < 0.97:
        return sur
    given = given_name(rng, person, True)
    return rng.choice([given, f"{given} (didn't get surname)", f"called {given}"])


def unit_text(rng: random.Random, post: Posting) -> str:
    u = post.unit
    fields = {"team": str(post.team), "borough": post.borough, "station": post.station}
    informal = rng.choice(u.informal).format(**fields)
    if u.kind == "specialist":
        options = [u.official, informal, informal, f"{informal} ({post.station})"]
        return rng.choice(options)
    bcu_words = u.short.replace(" BCU", "")
    code = u.code + " BCU"
    choices = {
        u.official: 12, u.short: 8, code: 7, f"{code} {u.function.lower()}": 4,
        bcu_words: 3, post.borough: 12, post.station: 9, informal: 28,
        f"{post.station} {informal.removeprefix('the ')}": 6, f"{post.borough} {u.function}": 6,
        f"{bcu_words} {u.function.lower()}": 5,
    }  # fmt: skip
    return rng.choices(list(choices), list(choices.values()))[0]


def _transpose(rng: random.Random, digits: str) -> str:
    if len(digits) < 2:
        return digits
    i = rng.randrange(len(digits) - 1)
    return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]


def collar_text(rng: random.Random, collar: str, error_rate: float) -> str:
    digits = collar.rstrip(string.ascii_uppercase)
    letters = collar[len(digits) :]
    r = rng.random()
    if r < error_rate * 0.55:
        digits = _transpose(rng, digits)
    elif r < error_rate:
        i = rng.randrange(len(digits))
        digits = digits[:i] + str((int(digits[i]) + rng.choice([1, 9, 3])) % 10) + digits[i + 1 :]
    fmts = {
        "{d}{l}": 40, "{d}": 18, "{d} {l}": 10, "{l}{d}": 6, "{l} {d}": 4, "{d}/{l}": 5,
        "PC {d}": 4, "PC {d}{l}": 3, "{d}{ll}": 5, "{l}/{d}": 2, "{d}-{l}": 2,
    }  # fmt: skip
    fmt = rng.choices(list(fmts), list(fmts.values()))[0]
    return fmt.format(d=digits, l=letters, ll=letters.lower())


def warrant_text(rng: random.Random, warrant: str) -> str:
    if rng.random() < 0.12:
        return _transpose(rng, warrant)
    return warrant


def render_subject(rng: random.Random, person: Person, when: date, reporter: str) -> dict[str, Any]:
    """Subject fields for ``person`` as written by a reporter of kind ``reporter``.

    ``reporter`` is "close" (same team or unit), "insider" (elsewhere in the force)
    or "outsider" (member of the public).
    """
    post = person.at(when)
    prev = person.previous(when)
    shown = prev if prev is not None and rng.random() < 0.3 else post
    outsider = reporter == "outsider"
    close = reporter == "close"
    if outsider:
        name = _name_outsider(rng, person, post)
    else:
        name = _name_insider(rng, person, post, close)
    # rank
    r = rng.random()
    if outsider:
        if r < 0.5:
            rank = None
        elif r < 0.72:
            rank = rng.choice(["officer", "Officer", "police officer", "policeman"])
            if person.sex == "F" and rank == "policeman":
                rank = "policewoman"
        elif r < 0.93:
            rank = rank_words(rng, person, post)
        else:
            rank = wrong_rank(rng, post)
    else:
        if r < 0.27:
            rank = None
        elif r < 0.32:
            rank = wrong_rank(rng, post)
        elif r < 0.36:
            rank = rng.choice(["officer", "Officer", "police officer"])
        else:
            rank = rank_words(rng, person, post)
    # unit
    p_unit = 0.22 if outsider else (0.6 if close else 0.5)
    unit = unit_text(rng, shown) if rng.random() < p_unit else None
    if outsider and unit is not None and rng.random() < 0.6:
        unit = rng.choice([shown.station, shown.borough, f"{shown.station} police station"])
    # collar
    collar: str | None = None
    if shown.collar:
        p_collar = 0.42 if outsider else (0.2 if close else 0.14)
        if rng.random() < p_collar:
            collar = collar_text(rng, shown.collar, 0.14 if outsider else 0.06)
    # warrant
    warrant: str | None = None
    if (
        person.warrant
        and post.rank not in ("PCSO", "Staff")
        and not outsider
        and rng.random() < 0.025
    ):
        warrant = warrant_text(rng, person.warrant)
    if outsider and name is None and rank is None and unit is None and collar is None:
        name = rng.choice(["the officer", "an officer", "police officer", "unknown"])
    return {"name": name, "collar_number": collar, "warrant_number": warrant, "rank": rank,
            "unit": unit}  # fmt: skip
