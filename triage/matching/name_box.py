"""What a reporter typed into the name box, beyond a name: a shoulder number, where the person
works, a grade, and words that are no part of anyone's name.

Reporters use the name box for everything they know: "PC 4521 Smith", "Sgt Smith, Brixton",
"Olukwo from Newham CID", "my tutor constable", "not sure of his name", "John Smith Jnr",
"Ex-PC Smith". ``read`` separates the name from the rest, so that the rest is never read as a
first name or a surname. Pure Python, plaintext only: like ``names``, it returns values to a
caller that hashes them straight away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.matching import names, postings
from triage.matching.name_words import (
    DESCRIPTION_NOUNS,
    DESCRIPTION_STARTS,
    DOUBT_WORDS,
    NOT_KNOWN_MARKS,
    RANK_WORDS,
    SURNAME_PARTICLES,
    TRAILING_RANKS,
)


@dataclass(frozen=True)
class NameBox:
    """The name box read: the name within it, and what else it said (None when it did not)."""

    name: str | None
    place: str | None = None
    collar: str | None = None
    # A grade said only around the name: in a description ("my tutor constable") or after it
    # ("Smith, DS").
    grade: str | None = None


def read(box: str | None) -> NameBox:
    """The name box with a shoulder number, a place, an aside in brackets, a description and
    words of doubt taken out of the name: see the module's examples."""
    if not box:
        return NameBox(box)
    number = _number_in_name(box)
    if number:  # not part of the name: its letters read as a surname ("Smith 4521 CW")
        box = " ".join((box[: number.start()] + box[number.end() :]).split()) or None
    collar = number.group(1) if number else None
    box = _EX_RE.sub("ex ", box) if box else box
    written, place = name_and_place(without_asides(box))
    kept, after = _place_after_separator(_before_doubt(written))
    name = name_in_description(kept)
    # A grade said only in the description ("my tutor constable", "unknown male PC") is still
    # the grade.
    said = postings.grade_in_description(written) if name != written else None
    return NameBox(name, place or after, collar, said or _trailing_grade(name))


# Three to five digits, with a borough's letters before or after: a shoulder number ("No." or
# "#" before it is taken out of the name with it). Two digits are more often an age ("about
# 45"), six or more a warrant number, and four alone between 1950 and 2039 as likely a year
# ("Smith (2019)"), so none of those is taken.
_NUMBER_IN_NAME_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:[Nn][Oo]\.?|#)\s?)?"
    r"((?:[A-Za-z]{1,4})?\d{3,5}(?:\s?[A-Z]{2})?)(?![0-9A-Za-z])"
)
_YEAR_RE = re.compile(r"^(?:19[5-9]|20[0-3])\d$")
# "Ex-PC Smith": "ex" is a word of its own (``name_words.RANK_WORDS``), not a first name "expc".
_EX_RE = re.compile(r"\bex\s*-\s*(?=[a-z])", re.IGNORECASE)
# A dash with a space on either side ends the name: "Sgt Smith - response", "J Bloggs – CID".
_DASH_RE = re.compile(r"\s+[-–]\s+")


def _number_in_name(text: str) -> re.Match[str] | None:
    """Where a shoulder number is typed into the name box, if one is."""
    found = _NUMBER_IN_NAME_RE.search(text)
    return None if found is None or _YEAR_RE.match(found.group(1)) else found


def _place_after_separator(text: str | None) -> tuple[str | None, str | None]:
    """The name before a spaced dash ("Sgt Smith - response") or before a comma followed by a
    place ("Sgt Smith, Brixton"), and the place, if what follows is one. A comma before
    anything else is the name's own: "Smith, John" is John Smith, "Smith, DS" a sergeant."""
    if not text:
        return text, None
    parts = _DASH_RE.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        after = parts[1].strip()
        return parts[0].strip(), after if _names_a_place(after) else None
    left, comma, right = text.rpartition(",")
    if comma and _reporters_words(left) and _names_a_place(right):
        return left.strip(), right.strip()
    return text, None


def _reporters_words(before_comma: str) -> bool:
    """Whether the words before a comma are a reporter's "Sgt Smith" or "John Smith", after which
    a place may follow, rather than a surname as a roster writes it ("SMITH, Chelsea", "VAN DER
    BERG, Brent"), after which a first name that is also a place's is the first name."""
    words = names.name_words(before_comma)
    if not words:
        return False
    if names.letters_only(words[0]) in RANK_WORDS:
        return True
    particle = names.letters_only(words[0]) in SURNAME_PARTICLES
    return len(words) > 1 and not before_comma.isupper() and not particle


def _names_a_place(text: str) -> bool:
    """Whether the text names a unit or a place Candour knows ("Brixton", "CID", "NE BCU"),
    rather than initials ("A S" would be Central South BCU's "AS")."""
    text = text.strip()
    return len(names.letters_only(text)) > 2 and (
        bool(postings.boroughs_of(text)) or postings.names_a_unit(text)
    )


def _trailing_grade(name: str | None) -> str | None:
    """The grade of a rank written after the name ("Smith, DS", "Smith J PC")."""
    words = names.name_words(name or "")
    last = names.letters_only(words[-1]) if words else ""
    return postings.rank_grade(last) if len(words) > 1 and last in TRAILING_RANKS else None


def _before_doubt(text: str | None) -> str | None:
    """The name box up to the first word saying the name is not known or beginning a
    description (``DOUBT_WORDS``): "PS Smith, not sure of first name" gives "PS Smith";
    "unknown", "don't know his name" and "N/A" give None. Read whole, "not sure of name" became
    a first name "not" and a surname "name" that every such report shared."""
    if not text:
        return text
    words = text.split()
    for at, word in enumerate(words):
        if (
            word.lower().strip(".,;:!") in NOT_KNOWN_MARKS
            or names.letters_only(word) in DOUBT_WORDS
        ):
            return " ".join(words[:at]).rstrip(" ,;:-?") or None
    return text


# From an opening bracket to its close, or to the end when it is never closed.
_ASIDE_RE = re.compile(r"[(\[][^)\]]*(?:[)\]]|$)")


def without_asides(text: str | None) -> str | None:
    """The name box with what is written in brackets taken out ("Jon Walker (the tall one)",
    "Sarah Smith (nee Jones)", "Dave Hill (Sgt)"): an aside describes the person or says what
    they were called before, and read as part of the name its last word became the surname
    ("One"). Kept as it is when nothing outside the brackets names anyone ("(Walker)")."""
    if not text or not any(bracket in text for bracket in "(["):
        return text
    outside = " ".join(_ASIDE_RE.sub(" ", text).split())
    return outside if any(names.letters_only(word) for word in names.name_words(outside)) else text


_PLACE_IN_NAME_RE = re.compile(r"\s+(?:from|at|in|on)\s+(?:the\s+)?(?=\S)", re.IGNORECASE)


def name_and_place(text: str | None) -> tuple[str | None, str | None]:
    """A name box that also says where the person works ("Olukwo from Newham CID", "Sgt Patel
    at Brixton") as the name and the place; the text and None when it says no place."""
    if not text:
        return text, None
    parts = _PLACE_IN_NAME_RE.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[0].strip():
        return text, None
    return parts[0].strip(), parts[1].strip()


def name_in_description(text: str | None) -> str | None:
    """The name within a description written in the name box: "my skipper Dave Jones" gives
    "Dave Jones"; "my tutor constable", "the one driving" or "the Inspector" give None (no name,
    though they may still say a grade). A name box that does not begin like a description
    ("my", "the", "a"…) is returned as written. A description names someone only from its
    first capitalised word that is not a rank, so one typed all in lower case names nobody:
    "my tutor" must never become a surname that every probationer's tutor shares."""
    words = (text or "").split()
    if not words or names.letters_only(words[0]) not in DESCRIPTION_STARTS:
        return text
    # "A Smith", "a. smith" and "a fox" are an initial and a surname, "An Nguyen" a first name
    # and a surname; "A male officer" and "an inspector" are descriptions.
    if words[0].lower() == "a." or (
        words[0].lower() in ("a", "an")
        and len(words) > 1
        and (_names_someone(words[1]) or (len(words) == 2 and not _describes(words[1])))
    ):
        return text
    for start, word in enumerate(words[1:], start=1):
        if _names_someone(word):
            return " ".join(words[start:])
    return None


def _describes(word: str) -> bool:
    """A rank ("Sergeants" included), or a word descriptions begin with or use for a person."""
    letters = names.letters_only(word)
    return (
        letters in RANK_WORDS
        or letters.removesuffix("s") in RANK_WORDS
        or letters in DESCRIPTION_STARTS
        or letters in DESCRIPTION_NOUNS
    )


def _names_someone(word: str) -> bool:
    """A capitalised word that could be a name: not a rank nor a word of a description."""
    return word[:1].isupper() and not _describes(word)
