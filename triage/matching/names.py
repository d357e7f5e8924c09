"""Normalise what reporters write about a person into comparable plaintext parts.

Reporters write ranks and titles, nicknames, misspellings, initials, roster order
("SMITH, John"), shoulder numbers in any shape and unit aliases. This module turns
each of those into one canonical form so that two descriptions of the same officer
compare equal. It is pure Python (no Flask, no database) and must never store,
log or send anything: it only returns values to its caller, which turns them into
keyed hashes straight away (see ``triage.matching.tokens``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jellyfish

from triage.matching.name_words import (
    COLLAR_RANKS,
    CON_PREFIXES,
    LEADING_PARTICLES,
    RANK_PREFIX_RE,
    RANK_WORDS,
    SURNAME_PARTICLES,
    TRAILING_WORDS,
)

DATA_DIR = Path(__file__).parent / "data"

_COLLAR_RE = re.compile(r"^([A-Z]{0,4}?)(\d{2,7})([A-Z]{0,3})$")
_ABBREVIATION_RE = re.compile(r"\b(?:[a-z]\.){2,}")
_EXTRA_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "ß": "ss"})


@dataclass(frozen=True)
class PersonName:
    """A parsed name. ``given`` is None when only an initial (or nothing) was written."""

    given: str | None
    initial: str | None
    surname: str | None
    given_canonical: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return self.surname is None and self.initial is None


@dataclass(frozen=True)
class CollarNumber:
    """A shoulder (collar) number: ``canonical`` is digits then letters, e.g. 1234AB."""

    canonical: str
    digits: str
    letters: str

    @property
    def fuzzy(self) -> str:
        """Digits sorted, so two swapped digits still compare equal."""
        return "".join(sorted(self.digits))


def fold(text: str) -> str:
    """Lower-case and strip accents so "Zoë" and "zoe" compare equal."""
    if text.isascii():  # most names: nothing to strip (matching calls this tens of times a name)
        return text.lower()
    text = text.translate(_EXTRA_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_NOT_A_LETTER = re.compile(r"[^a-z]+")


def letters_only(word: str) -> str:
    """Keep letters only: O'Brien -> obrien, Smith-Jones -> smithjones. (Folded, the only
    letters left that are ASCII are a to z.)"""
    return _NOT_A_LETTER.sub("", fold(word))


def name_words(text: str) -> list[str]:
    text = fold(text)
    # "P.C." and "D.C.I." are one word; a lone "J." is an initial.
    text = _ABBREVIATION_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    text = RANK_PREFIX_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"[./()\[\]:;\"]", " ", text)
    return text.split()


def _strip_ranks(tokens: list[str]) -> list[str]:
    start = 0
    while start < len(tokens):
        word = letters_only(tokens[start])
        is_rank = word in RANK_WORDS or (
            word == "con" and start > 0 and letters_only(tokens[start - 1]) in CON_PREFIXES
        )
        # A lone "A" or "T" is an initial unless followed by a rank ("A/Sgt", "T/DI").
        if word in {"a", "t"}:
            nxt = letters_only(tokens[start + 1]) if start + 1 < len(tokens) else ""
            is_rank = nxt in RANK_WORDS and nxt not in {"a", "t"}
        if not is_rank:
            break
        start += 1
    end = len(tokens)
    while end > start and letters_only(tokens[end - 1]) in TRAILING_WORDS:
        end -= 1
    # Shoulder numbers typed into the name box ("PC 1234 Smith") are not part of a name.
    return [t for t in tokens[start:end] if not any(c.isdigit() for c in t)]


def _join_surname(words: list[str]) -> str | None:
    joined = "".join(letters_only(w) for w in words)
    return joined or None


def _given_and_surname(given_words: list[str], surname_words: list[str]) -> PersonName:
    surname = _join_surname(surname_words)
    given_raw = letters_only(given_words[0]) if given_words else ""
    if not given_raw:
        return PersonName(None, None, surname, frozenset())
    if len(given_raw) == 1:
        return PersonName(None, given_raw, surname, frozenset())
    canonical = canonical_given_names(given_raw)
    return PersonName(given_raw, given_raw[0], surname, canonical)


def parse_name(text: str | None) -> PersonName:
    """Parse a free-text name into given name, initial and surname.

    Handles ranks and titles, "Surname, First" order, roster capitals ("SMITH John"),
    initials and surname particles ("de Souza", "van der Berg").
    """
    empty = PersonName(None, None, None, frozenset())
    if not text or not text.strip():
        return empty
    original_words = text.replace(",", " , ").split()
    if "," in text:
        left, _, right = text.partition(",")
        right_tokens = _strip_ranks(name_words(right))
        # Before a first name, a whole word that is also a rank is a surname ("CONSTABLE, John").
        whole = right_tokens and len(letters_only(left)) > 4
        left_tokens = _strip_ranks(name_words(left)) or (name_words(left) if whole else [])
        if left_tokens and right_tokens:
            # "O Brien, Ann" and "de Souza, Maria": every word before the comma is surname.
            return _given_and_surname(right_tokens, left_tokens)
        tokens = left_tokens or right_tokens
    else:
        tokens = _strip_ranks(name_words(text))
    tokens = [t for t in tokens if letters_only(t)]
    if not tokens:
        return empty
    if len(tokens) == 1:
        return _given_and_surname([], tokens)
    upper = [w for w in original_words if len(w) > 2 and w.isupper() and w.isalpha()]
    # Roster style with a particle: "O LOUGHLIN Eoin", "DE SOUZA Maria" (surname first).
    particle_first = len(tokens) == 3 and letters_only(tokens[0]) in SURNAME_PARTICLES
    capitals = len(upper) == 1 and fold(upper[0]) == tokens[1]
    if particle_first and capitals and not original_words[-1].isupper():
        return _given_and_surname(tokens[2:], tokens[:2])
    # Roster style: "SMITH John" or "Smith J" puts the surname first.
    if (
        len(upper) == 1
        and fold(upper[0]) == tokens[0]
        and not tokens[-1].isupper()
        and fold(upper[0]) not in RANK_WORDS
        and len(tokens) == 2
    ):
        return _given_and_surname(tokens[1:], tokens[:1])
    if len(tokens) == 2 and len(letters_only(tokens[1])) == 1 and len(letters_only(tokens[0])) > 1:
        return _given_and_surname(tokens[1:], tokens[:1])
    if letters_only(tokens[0]) in LEADING_PARTICLES:
        return _given_and_surname([], tokens)
    surname_start = len(tokens) - 1
    while surname_start > 1 and letters_only(tokens[surname_start - 1]) in SURNAME_PARTICLES:
        surname_start -= 1
    return _given_and_surname(tokens[:1], tokens[surname_start:])


def reversed_name(text: str | None) -> PersonName | None:
    """The other reading of a two-word name written with no case or comma to order it.

    "GILL ALEXANDER" or "wood amit" may be surname first or last; ``parse_name`` reads
    given name first, and this is the surname-first reading (None when the order is known).
    """
    if not text or "," in text:
        return None
    tokens = [t for t in _strip_ranks(name_words(text)) if letters_only(t)]
    if len(tokens) != 2 or any(len(letters_only(t)) < 2 for t in tokens):
        return None
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    last_two = words[-2:]
    if not (all(w.isupper() for w in last_two) or all(w.islower() for w in last_two)):
        return None
    return _given_and_surname(tokens[1:], tokens[:1])


def given_only(text: str | None) -> PersonName | None:
    """A one-word name read as a first name ("Sgt Emma", "Officer William"); None for other
    names. ``parse_name`` reads a lone word as a surname, which it more often is; only the
    roster, which knows who is called what, can tell which reading is a real person."""
    if not text or "," in text:
        return None
    tokens = [letters_only(t) for t in _strip_ranks(name_words(text)) if letters_only(t)]
    if len(tokens) != 1 or len(tokens[0]) < 2:
        return None
    given = tokens[0]
    return PersonName(given, given[0], None, canonical_given_names(given))


def surname_halves(text: str | None) -> list[str]:
    """The name with each half of a double-barrelled surname instead of the whole
    ("TAYLOR-BROWN, Claire" gives "Taylor, Claire" and "Brown, Claire"); empty for other names."""
    if not text:
        return []
    surname_part, comma, given_part = text.partition(",")
    words = surname_part.split() if comma else text.split()
    last = words[-1] if words else ""
    halves = [h for h in re.split(r"[-‐–]", last) if len(letters_only(fold(h))) > 1]
    if len(halves) != 2:
        return []
    if comma:
        return [f"{' '.join([*words[:-1], half])}, {given_part.strip()}" for half in halves]
    return [" ".join([*words[:-1], half]) for half in halves]


def swapped_name(text: str | None) -> PersonName | None:
    """A two-word name read with its words the other way round from ``parse_name``'s reading,
    whatever the case ("Robertson Jen"); None for other names. For checking against a roster,
    which knows which reading is a real person, never for matching reports to each other."""
    if not text or "," in text:
        return None
    tokens = [t for t in _strip_ranks(name_words(text)) if letters_only(t)]
    if len(tokens) != 2 or any(len(letters_only(t)) < 2 for t in tokens):
        return None
    first = parse_name(text)
    if first.surname == letters_only(tokens[1]):
        return _given_and_surname(tokens[1:], tokens[:1])
    return _given_and_surname(tokens[:1], tokens[1:])


@cache
def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    with (DATA_DIR / "nicknames.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if not row or row[0].lstrip().startswith("#"):
            continue
        names = [letters_only(cell) for cell in row if letters_only(cell)]
        if not names:
            continue
        canonical = names[0]
        for name in names:
            index.setdefault(name, set()).add(canonical)
    return {name: frozenset(groups) for name, groups in index.items()}


def nickname_groups() -> dict[str, frozenset[str]]:
    """Every known given name or nickname mapped to its canonical name(s)."""
    return dict(_nickname_index())


def canonical_given_names(given: str) -> frozenset[str]:
    """Canonical given name(s) for a written given name: "Bob" -> {"robert"}.

    A short form shared by two names ("Chris") gives both canonical names, so it
    agrees with either; an unknown name is its own canonical form.
    """
    word = letters_only(given)
    if not word:
        return frozenset()
    return _nickname_index().get(word, frozenset({word}))


# Spellings that sound alike but that Metaphone codes differently (Thomson/Thompson).
_PHONETIC_REWRITES: tuple[tuple[str, str], ...] = (
    ("mps", "ms"),
    ("mpt", "mt"),
    ("ough", "o"),
    ("ey", "y"),
    ("ie", "y"),
)


def phonetic(surname: str) -> str:
    """A sound-alike code for a surname (Metaphone after a few English rewrites)."""
    word = letters_only(surname)
    if not word:
        return ""
    for old, new in _PHONETIC_REWRITES:
        word = word.replace(old, new)
    return jellyfish.metaphone(word) or word.upper()


def collar_number(text: str | None) -> CollarNumber | None:
    """Parse a shoulder number in any shape: "1234AB", "PC 1234 ab", "AB1234", "1234"."""
    if not text:
        return None
    words = re.split(r"[^0-9A-Za-z]+", fold(text).upper())
    words = [w for w in words if w and w not in COLLAR_RANKS]
    squashed = "".join(words)
    match = _COLLAR_RE.match(squashed)
    if not match:
        return None
    prefix, digits, suffix = match.groups()
    if prefix in COLLAR_RANKS:
        prefix = ""
    letters = suffix or prefix
    digits = digits.lstrip("0") or "0"
    return CollarNumber(canonical=digits + letters, digits=digits, letters=letters)


def adjacent_swaps(digits: str) -> set[str]:
    """The number and every number made from it by swapping two neighbouring digits."""
    return {digits} | {
        digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :] for i in range(len(digits) - 1)
    }


def warrant_number(text: str | None) -> str | None:
    """A warrant number as bare digits (prefixes, spaces and leading zeros removed)."""
    if not text:
        return None
    digits = "".join(c for c in text if c.isdigit()).lstrip("0")
    return digits if len(digits) >= 4 else None
