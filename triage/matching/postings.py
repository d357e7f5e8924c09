"""Ranks and units as reporters write them, reduced to grades and canonical units.

A grade ("sergeant") stands for every way of writing a rank of it (Sgt, PS, DS, "my skipper");
a canonical unit ("Central West BCU") for every alias in ``data/unit_aliases.csv``. Pure Python,
plaintext only: like ``names``, it returns values to a caller that hashes them straight away.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from functools import cache

from triage.matching.names import DATA_DIR, CollarNumber, fold, letters_only, name_words

# Grades, not titles: detective and uniform ranks of one grade are the same grade because
# officers move between CID and uniform; promotions are rare between two reports.
_RANK_GRADES: dict[str, str] = {
    "pc": "constable",
    "wpc": "constable",
    "dc": "constable",
    "tdc": "constable",
    "constable": "constable",
    "police constable": "constable",
    "det con": "constable",
    "detective constable": "constable",
    "woman police constable": "constable",
    "ps": "sergeant",
    "sgt": "sergeant",
    "sergeant": "sergeant",
    "ds": "sergeant",
    "det sgt": "sergeant",
    "detective sergeant": "sergeant",
    "police sergeant": "sergeant",
    "sarge": "sergeant",
    "a sgt": "sergeant",
    "custody sergeant": "sergeant",
    "insp": "inspector",
    "inspector": "inspector",
    "di": "inspector",
    "det insp": "inspector",
    "detective inspector": "inspector",
    "ci": "chief inspector",
    "ch insp": "chief inspector",
    "chief inspector": "chief inspector",
    "dci": "chief inspector",
    "det ch insp": "chief inspector",
    "detective chief inspector": "chief inspector",
    "supt": "superintendent",
    "superintendent": "superintendent",
    "super": "superintendent",
    "dsupt": "superintendent",
    "det supt": "superintendent",
    "detective superintendent": "superintendent",
    "ch supt": "chief superintendent",
    "chief superintendent": "chief superintendent",
    "commander": "commander",
    "cmdr": "commander",
    "pcso": "pcso",
    "police community support officer": "pcso",
    "sc": "special constable",
    "special constable": "special constable",
    "special": "special constable",
    "skipper": "sergeant",
    "skip": "sergeant",
    "guv": "inspector",
    "guvnor": "inspector",
    # "D/Con" once its slash is closed up. "T/DS" and "A/DI" have no grade: an HR roster holds
    # a temporary detective's substantive rank, one below, so the grade would count against them.
    "dcon": "constable",
    "d sgt": "sergeant",
    "dsgt": "sergeant",
    "asgt": "sergeant",
    "ainsp": "inspector",
    "dinsp": "inspector",
    "community support officer": "pcso",
    # Police staff are not officers, but reporters name them as often: their band is rarely
    # known, so every way of saying "staff" is one grade.
    "police staff": "staff",
    "staff": "staff",
    "civilian staff": "staff",
    "civilian": "staff",
    "civvie": "staff",
    "member of staff": "staff",
    "detention officer": "staff",
    "designated detention officer": "staff",
    "ddo": "staff",
    "band a": "staff",
    "band b": "staff",
    "band c": "staff",
    "band d": "staff",
    "band e": "staff",
    "band f": "staff",
    "call handler": "staff",
    "dispatcher": "staff",
    "comms op": "staff",
}
# Words before a rank that say nothing about it ("my skipper", "the sergeant").
# "Ex-PC Smith" was a constable when the reporter knew them.
_RANK_FILLERS: frozenset[str] = frozenset(
    {"my", "the", "our", "a", "an", "that", "this", "ex", "former", "retired"}
)


def rank_grade(text: str | None) -> str | None:
    """The grade for a written rank ("Det Sgt" -> "sergeant"); None if not a known rank.

    Also finds a rank written at the start of a name ("PC Jon Smyth").
    """
    if not text:
        return None
    words = [letters_only(t) for t in name_words(text)]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in _RANK_FILLERS and words[1] not in _RANK_FILLERS:
        words = words[1:]
    return _grade_at(words, 0)


def grade_in_description(text: str | None) -> str | None:
    """The grade a description in the name box says anywhere in it ("my tutor constable",
    "the PC who drove"): the first rank written in it. Only for descriptions: in a name, a word
    like "Constable" after the first may be a surname."""
    words = [w for w in (letters_only(t) for t in name_words(text or "")) if w]
    for start, word in enumerate(words):
        # "one of the PCs": a plural names the grade too.
        grade = _grade_at(words, start) or _RANK_GRADES.get(word.removesuffix("s"))
        if grade:
            return grade
    return None


def _grade_at(words: list[str], start: int) -> str | None:
    """The grade of the longest rank phrase beginning at ``words[start]``, if any."""
    for length in (4, 3, 2, 1):
        phrase = " ".join(words[start : start + length])
        if phrase in _RANK_GRADES:
            return _RANK_GRADES[phrase]
    return None


def _data_rows(file_name: str) -> list[list[str]]:
    """The rows of a data file after its heading, without comment rows."""
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [
        [cell.strip() for cell in row]
        for row in rows[1:]
        if len(row) >= 2 and not row[0].lstrip().startswith("#")
    ]


@cache
def _grade_shares() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in _data_rows("rank_grades.csv")}


def grade_share(grade: str | None) -> float | None:
    """The approximate share of officers and staff who hold a grade (from ``rank_grades.csv``);
    None for an unknown grade."""
    return _grade_shares().get(grade) if grade else None


def _unit_key(text: str) -> str:
    text = fold(text).replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\b(basic|borough) command unit\b", "bcu", text)
    words = [w for w in text.split() if w not in {"the", "met", "mps", "metropolitan"}]
    return " ".join(words)


def _unit_variants(key: str) -> list[str]:
    variants = [key]
    for suffix in (" bcu", " unit", " team", " command", " police"):
        if key.endswith(suffix):
            variants.append(key[: -len(suffix)])
    variants.append(key.replace(" ", ""))
    return variants


@cache
def _unit_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, alias in _data_rows("unit_aliases.csv"):
        for name in (canonical, alias):
            for variant in _unit_variants(_unit_key(name)):
                index.setdefault(variant, canonical)
    return index


@cache
def _borough_index() -> dict[str, str | None]:
    """Each place's borough ("walworth" -> Southwark), and None for a unit named after a place
    but not in it ("Lambeth control" is the Met's control room), which a longest match finds
    first."""
    index: dict[str, str | None] = {}
    for borough, place in _data_rows("boroughs.csv"):
        index[_unit_key(place)] = borough
    for canonical, alias in _data_rows("unit_aliases.csv"):
        key = _unit_key(alias)
        if not canonical.endswith(" BCU") and " " in key:
            index.setdefault(key, None)
    return index


def canonical_unit(text: str | None) -> str | None:
    """The canonical unit name for an alias ("CW BCU" -> "Central West BCU").

    An unknown unit is returned in a normalised form so that identical spellings
    still agree.
    """
    if not text:
        return None
    key = _unit_key(text)
    if not key:
        return None
    index = _unit_index()
    for variant in _unit_variants(key):
        if variant in index:
            return index[variant]
    return key


def names_a_unit(text: str | None) -> bool:
    """Whether the text is a unit Candour knows by one of its names ("Brixton", "CID")."""
    unit = canonical_unit(text)
    return unit is not None and unit in _unit_index().values()


def unit_label(text: str | None) -> str | None:
    """The unit for a caseworker to read: its canonical name when it is a known unit ("CW BCU"
    -> "Central West BCU"), otherwise as the reporter wrote it, not the lower-case key that
    matching compares ("Brixton response", not "brixton response")."""
    unit = canonical_unit(text)
    if unit is None or text is None:
        return None
    if unit != _unit_key(text):
        return unit
    return " ".join(text.split())[:80]


# What separates a unit's parts as people write them: "North East BCU - CID", "CID (Ealing)".
# The most words an alias in ``unit_aliases.csv`` has ("Child Abuse and Sexual Offences").
_LONGEST_ALIAS = 6
_UNIT_PARTS_RE = re.compile(r"\s+[-–/]\s+|[(),;]")


def unit_parts(text: str | None) -> set[str]:
    """The canonical unit of the whole text, and every known unit written within it, found by
    longest match word by word: "North East BCU - CID" also says North East BCU and CID,
    "Brixton the response team" says Emergency Response, "Tower Hamlets custody" says Central
    East BCU and Met Detention. Longest first, so "North West BCU" is never North and West."""
    whole = canonical_unit(text)
    if not text or whole is None:
        return set()
    index = _unit_index()

    def known(phrase: str) -> str | None:
        return next((v for v in _unit_variants(phrase) if v in index), None)

    return {whole} | {index[variant] for variant in _phrases(text, known)}


def boroughs_of(text: str | None) -> set[str]:
    """The London boroughs a unit names, by the borough or a town or police station in it
    ("response team 2 at Plumstead" -> Greenwich): a BCU covers two to four boroughs, so two
    namesakes of one BCU may be told apart by where they work."""
    index = _borough_index()
    found = {index[p] for p in _phrases(text or "", lambda p: p if p in index else None)}
    return {borough for borough in found if borough}


def _phrases(text: str, known: Callable[[str], str | None]) -> list[str]:
    """The known phrases written within a unit, found word by word in each of its parts,
    longest first; ``known`` gives the phrase's key in the index, or None."""
    out: list[str] = []
    for part in _UNIT_PARTS_RE.split(text):
        words = _unit_key(part).split()
        start = 0
        while start < len(words):
            for end in range(min(len(words), start + _LONGEST_ALIAS), start, -1):
                key = known(" ".join(words[start:end]))
                if key is not None:
                    out.append(key)
                    start = end
                    break
            else:
                start += 1
    return out


# Kinds of work done in every BCU rather than places or commands: two officers "on response"
# may be in any of twelve BCUs, so agreeing on one says little and is kept apart (``roles``).
ROLES: frozenset[str] = frozenset(
    {
        "Emergency Response",
        "Neighbourhood Policing",
        "Criminal Investigation Department",
        "Public Protection",
        "Met Detention",
    }
)


# A numbered or lettered team within a unit, as people write it: "Response Team 4", "team 2
# (Belgravia)", "ERPT 3", "Response 1", "C relief", "relief C". A letter only from A to E, and
# before the word only before "relief", "shift" or "watch": "a team" is the article.
_TEAM_RE = re.compile(
    r"\b(?:team|relief|shift|watch|response|erpt)\s+(?:no\.?\s*)?([1-9]|[a-e])\b"
    r"|\b([1-9])\s+team\b|\b([1-9]|[a-e])\s+(?:relief|shift|watch)\b"
)


def team_of(text: str | None) -> str | None:
    """The team a unit names ("Lewisham - Response Team 4" -> "4", "C relief" -> "c"), if it
    names one. Every BCU has a team 4, so it says little alone; between two namesakes of one
    unit it may be all that tells them apart."""
    match = _TEAM_RE.search(fold(text or ""))
    return next(group for group in match.groups() if group) if match else None


def unit_from_collar(collar: CollarNumber | None) -> str | None:
    """The unit a shoulder number's borough letters name ("1234CW" -> "Central West BCU").

    Only letters that are themselves a known unit code count; others (or none) give None.
    """
    if not collar or not collar.letters:
        return None
    return _unit_index().get(collar.letters.lower())
