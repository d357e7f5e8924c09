"""Turn a described subject into match keys, and match keys into keyed-hash tokens.

A subject yields several plaintext keys of different strength (warrant number,
shoulder number, canonical name, surname sound, surname within a unit, unit).
``tokenise`` replaces each key by an HMAC-SHA256 under the matching key, so that
only tokens go towards storage. This module must never store or log the plaintext
keys, and the tokens must never contain them: the matching secret is the only
thing that links a token back to a name. Pure Python: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, replace

from triage.matching import name_box, names, postings
from triage.matching.name_words import COLLAR_RANKS, RANK_WORDS

Key = tuple[str, str]
"""A plaintext match key: (kind, value)."""

Token = tuple[str, str]
"""A keyed hash of a match key: (kind, hex digest). The kind stays readable."""

KINDS: tuple[str, ...] = (
    "warrant",
    # The warrant number and every number one swap of neighbouring digits from it: two numbers
    # that share one are the same or one slip of the pen apart.
    "warrant_swap",
    "collar",
    "collar_digits",
    "collar_fuzzy",
    "name",
    "name_fuzzy",
    "phonetic",
    "surname_fuzzy",
    "surname_unit",
    "initial",
    "given",
    "surname",
    "sound",
    "rank",
    "unit",
    "role",
    # Not from the description itself (``triage.matching.roster``): the roster person the
    # mention resolved to, as decisive as a warrant number, and each roster person it could be.
    "person",
    "maybe",
    "likely",
    # Last, so that the kinds before keep their bits in ``roster_sql``: a numbered team within
    # a unit ("Response Team 4") and the London borough it names ("Plumstead" is Greenwich),
    # which only the roster lookup weighs (``roster._score``).
    "team",
    "borough",
)
# A unit, an initial, a given name, a surname or its sound is shared by many officers: they
# only support or contradict a link (the surname is already found through ``surname_fuzzy``),
# and ``sound`` is counted to tell a rare surname from a common one.
LINKABLE_KINDS: frozenset[str] = frozenset(KINDS) - {
    "unit",
    "role",
    "initial",
    "given",
    "surname",
    "sound",
    "rank",
    "maybe",
    "likely",
    "team",
    "borough",
}
# Below this length one deleted letter leaves too little to tell surnames apart.
MIN_FUZZY_LENGTH = 5
# A first name is only ever compared beside a same-sounding surname, so four letters will do
# (Ryan/Ryn/Ryon).
MIN_GIVEN_FUZZY_LENGTH = 4
MIN_SECRET_BYTES = 16


@dataclass(frozen=True)
class SubjectInput:
    """A person as a reporter described them; every field may be missing.

    ``rank`` (or a rank written before the name) only ever counts against a weak
    name-only link: officers are promoted, so a different grade is no proof.
    """

    name: str | None = None
    collar_number: str | None = None
    warrant_number: str | None = None
    rank: str | None = None
    unit: str | None = None


def one_deletion_variants(word: str, min_length: int = MIN_FUZZY_LENGTH) -> set[str]:
    """The word and every way of deleting one letter from it.

    Two words within one typo (a letter dropped, added, changed or two letters
    swapped) share at least one variant, so equality of hashed variants finds
    typos without ever comparing plaintext.
    """
    variants = {word}
    if len(word) >= min_length:
        variants.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return variants


def as_written(subject: SubjectInput) -> SubjectInput:
    """The subject with what the name box said beyond a name (``name_box.read``) taken out of
    the name: a shoulder number is the number when the shoulder number box is empty, a place
    ("Smith from Lewisham CID", "Sgt Smith, Brixton") the unit when the unit box is, and a grade
    said around the name ("my tutor constable", "Smith, DS") the rank when the rank box is."""
    box = name_box.read(subject.name)
    rank = subject.rank or box.grade
    unit = subject.unit or box.place
    collar = subject.collar_number or box.collar
    if (box.name, rank, unit, collar) == (
        subject.name,
        subject.rank,
        subject.unit,
        subject.collar_number,
    ):
        return subject
    return replace(subject, name=box.name, rank=rank, unit=unit, collar_number=collar)


def subject_keys(subject: SubjectInput) -> set[Key]:
    """All plaintext match keys for a subject (empty if nothing usable was given)."""
    subject = as_written(subject)
    keys: set[Key] = set()
    warrant = names.warrant_number(subject.warrant_number)
    if warrant:
        keys.add(("warrant", warrant))
        keys.update(("warrant_swap", variant) for variant in names.adjacent_swaps(warrant))
    collar = names.collar_number(subject.collar_number)
    if collar:
        # Without borough letters the digits are unique only within an unknown
        # borough, so they yield the weaker digit keys only.
        if collar.letters:
            keys.add(("collar", collar.canonical))
        keys.add(("collar_digits", collar.digits))
        keys.add(("collar_fuzzy", collar.fuzzy))
    person = names.parse_name(subject.name)
    unit = postings.canonical_unit(subject.unit)
    if person.surname:
        sound = names.phonetic(person.surname)
        keys.add(("sound", sound))
        keys.add(("surname", person.surname))
        for given in person.given_canonical:
            keys.add(("name", f"{given} {person.surname}"))
            keys.add(("given", given))
        # Typos are made in what was written, not in its canonical form: "Lim" is one letter
        # from the written "Liam", not from William, its canonical name.
        for given in person.given_canonical | ({person.given} if person.given else set()):
            for variant in one_deletion_variants(given, MIN_GIVEN_FUZZY_LENGTH):
                keys.add(("name_fuzzy", f"{variant}|{sound}"))
        for variant in one_deletion_variants(person.surname):
            keys.add(("surname_fuzzy", variant))
        # The written initial and the canonical name's: "K Buckley" is Krzysztof, whose
        # canonical form is Christopher.
        initials = {g[0] for g in person.given_canonical} | (
            {person.initial} if person.initial else set()
        )
        for initial in initials:
            keys.add(("phonetic", f"{sound}|{initial}"))
            keys.add(("initial", initial))
        if unit:
            keys.add(("surname_unit", f"{person.surname}|{unit.lower()}"))
        # "GILL ALEXANDER" may be Alexander Gill: the full name in the other order also
        # matches, but nothing weaker does (a surname alone in either order would be noise).
        other = names.reversed_name(subject.name)
        if other and other.surname:
            for given in other.given_canonical:
                keys.add(("name", f"{given} {other.surname}"))
    for part in postings.unit_parts(subject.unit):
        keys.add(("role" if part in postings.ROLES else "unit", part.lower()))
    team = postings.team_of(subject.unit)
    if team:
        keys.add(("team", team))
    keys.update(("borough", borough.lower()) for borough in postings.boroughs_of(subject.unit))
    # Borough letters on a shoulder number say where the officer serves, even when the
    # reporter left the unit box empty.
    collar_unit = postings.unit_from_collar(collar)
    if collar_unit:
        keys.add(("unit", collar_unit.lower()))
    grade = postings.rank_grade(subject.rank) or postings.rank_grade(subject.name)
    if grade:
        keys.add(("rank", grade))
    return keys


def name_orders(subject: SubjectInput) -> list[SubjectInput]:
    """The subject as written, then with a two-word name read the other way round when nothing
    (a comma, capitals) says which word is the surname: "Robertson Jen" may be Jen Robertson.
    Only the roster can tell which reading is a real person. Takes the subject ``as_written``."""
    other = names.reversed_name(subject.name) or names.swapped_name(subject.name)
    if other is None or other.surname is None:
        return [subject]
    given = other.given or other.initial or ""
    return [subject, replace(subject, name=f"{given} {other.surname}".strip())]


def roster_readings(subject: SubjectInput) -> list[set[Key]]:
    """The keys of each way to read the subject when looking it up on the roster: each of
    ``name_orders``, then a one-word name as a first name ("Sgt Emma, Brixton response"), with
    everything else the reporter gave. ``triage.matching.roster.resolve`` takes the first
    reading that is someone on the list and no other reading is."""
    subject = as_written(subject)
    readings = [subject_keys(s) for s in name_orders(subject)]
    given = names.given_only(subject.name)
    if given is not None:
        # The grade may be written in the name box ("Sgt Emma"): keep it without the name.
        keys = subject_keys(replace(subject, name=None, rank=subject.rank or subject.name))
        keys |= {("given", g) for g in given.given_canonical}
        # The written initial and the canonical name's, as in ``subject_keys``.
        written = {given.initial} if given.initial else set()
        initials = {g[0] for g in given.given_canonical} | written
        keys |= {("initial", i) for i in initials}
        readings.append(keys)
    return readings


# The kinds a name yields; every other kind (numbers, unit, role, rank) is the same whichever
# way the name is read.
NAME_KINDS: frozenset[str] = frozenset(
    {"name", "name_fuzzy", "phonetic", "surname_fuzzy", "surname_unit"}
    | {"initial", "given", "surname", "sound"}
)


def other_readings(readings: list[set[Token]]) -> set[Token]:
    """The name tokens of every reading after the first, to keep with the subject so that the
    roster can be asked again later (``flask triage relink``) without the plaintext. Each
    kind is prefixed with its reading's number ("2:given"), so matching, which compares kinds
    it knows, never takes them for the subject's own."""
    return {
        (f"{number}:{kind}", value)
        for number, tokens in enumerate(readings[1:], start=2)
        for kind, value in tokens
        if kind in NAME_KINDS
    }


def tokenised_readings(subject: SubjectInput, secret: bytes) -> list[set[Token]]:
    """Each of the subject's ``roster_readings`` as tokens."""
    return [tokenise(keys, secret) for keys in roster_readings(subject)]


def kept_tokens(readings: list[set[Token]]) -> set[Token]:
    """The tokens a named person is stored with before the roster is asked: the first reading's,
    and the other readings' name tokens, so that a relink can ask the roster again."""
    return readings[0] | other_readings(readings)


def readings_of(tokens: set[Token]) -> list[set[Token]]:
    """The readings ``other_readings`` kept, rebuilt from a stored subject's tokens: the first
    is the subject's own tokens, each other one its name tokens with the first's other kinds."""
    own = {t for t in tokens if ":" not in t[0]}
    shared = {t for t in own if t[0] not in NAME_KINDS}
    others: dict[int, set[Token]] = {}
    for kind, value in tokens:
        number, colon, name_kind = kind.partition(":")
        if colon and number.isdigit():
            others.setdefault(int(number), set()).add((name_kind, value))
    return [own, *(shared | others[n] for n in sorted(others))]


def labels(subject: SubjectInput) -> dict[str, str]:
    """Human-readable forms of the subject's keys, for explaining a decision.

    Only the NEW subject's own description is ever labelled: earlier subjects exist
    as tokens only. A number or name read as something other than what the reporter wrote
    ("WALK99" read as "99WALK") also has what they wrote, as ``<kind>_written``, so a
    caseworker can find it on the report.
    """
    out: dict[str, str] = {}
    subject = as_written(subject)
    warrant = names.warrant_number(subject.warrant_number)
    if warrant:
        out["warrant"] = warrant
        _keep_written(out, "warrant", subject.warrant_number)
    collar = names.collar_number(subject.collar_number)
    if collar:
        out["collar"] = collar.canonical
        _keep_written(out, "collar", subject.collar_number)
    person = names.parse_name(subject.name)
    if person.surname:
        surname = person.surname.capitalize()
        given = (person.given or person.initial or "").capitalize()
        out["name"] = f"{given} {surname}".strip()
        out["phonetic"] = surname
        _keep_written(out, "name", subject.name)
    unit = postings.canonical_unit(subject.unit)
    if unit:
        out["unit"] = unit
        out["unit_shown"] = postings.unit_label(subject.unit) or unit
    # A shoulder number's borough letters are compared as a unit too (``subject_keys``): when
    # they name one the reporter did not write, a unit that agrees may agree through them, so
    # the reason says so, with the letters to check on the report.
    from_letters = postings.unit_from_collar(collar)
    written_units = {part.lower() for part in postings.unit_parts(subject.unit)}
    if collar and collar.letters and from_letters and from_letters.lower() not in written_units:
        out["unit_letters"] = collar.letters.upper()
    grade = postings.rank_grade(subject.rank) or postings.rank_grade(subject.name)
    if grade:
        out["rank"] = grade
    return out


def _keep_written(out: dict[str, str], kind: str, written: str | None) -> None:
    """Keep what the reporter wrote beside ``out[kind]`` unless that is the same words in the
    same order, but for case, spacing, punctuation and ranks: "PC 1234 ab" reads as 1234AB,
    and "PC Jon Smyth" as Jon Smyth, plainly enough."""
    shown = " ".join((written or "").split())
    if _squashed(shown) != _squashed(out[kind]):
        out[f"{kind}_written"] = shown


def _squashed(text: str) -> str:
    words = re.split(r"[^0-9a-z]+", names.fold(text).casefold())
    return "".join(w for w in words if w not in RANK_WORDS and w.upper() not in COLLAR_RANKS)


def token_for(key: Key, secret: bytes) -> Token:
    """The keyed hash of one key. The NUL separator keeps kind and value apart."""
    kind, value = key
    digest = hmac.new(secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return (kind, digest)


def tokenise(keys: set[Key], secret: bytes) -> set[Token]:
    """Replace every plaintext key by its keyed hash under ``secret``."""
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the matching secret must be at least {MIN_SECRET_BYTES} bytes")
    return {token_for(key, secret) for key in keys}
