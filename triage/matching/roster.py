"""The force roster: resolving a reporter's mention to the people on the HR list it could be.

Every force keeps a list of its officers and staff (name, rank or grade, warrant and shoulder
numbers, unit, former numbers and units, leaving date). A mention consistent with exactly one
person on it is that person; one consistent with several at least says exactly how many
namesakes there are instead of guessing from earlier reports. Entries are compared the way
subjects are, from keyed-hash tokens only: a roster entry's tokens are those of its current
details together with every former shoulder number and unit, so a report written before an
officer moved still agrees with them.

A resolved mention carries one extra token, of kind ``person``: the keyed hash of the roster
person's stable key (warrant number, or for staff without one their entry as imported). Two
mentions with the same ``person`` token are one person; two with different ones never are.

Pure: no Flask, no database. This module never stores or logs what an entry says in clear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from triage.matching import names
from triage.matching.tokens import (
    LINKABLE_KINDS,
    Key,
    SubjectInput,
    Token,
    subject_keys,
    token_for,
    tokenise,
)

PERSON_KIND = "person"
MAYBE_KIND = "maybe"
# Of the people a mention could be, those it fits about as well as the best (within
# ``LIKELY_MARGIN``): "Sgt Addo" could be any of ten Addos, but is likely one of the two
# sergeants. Recorded only when narrower than the ``maybe`` people.
LIKELY_KIND = "likely"
# A mention that fits at most this many roster people records each of them (``maybe``
# tokens), so that later mentions can tell whether they could be the same person; one that
# fits more records nothing, and counts as "many".
MAYBE_LIMIT = 20
# A token more roster people than this hold (a common surname's spelling variants) gathers
# nobody: it could not single anyone out, and reading every holder would cost a scan.
ROSTER_TOKEN_LIMIT = 200
# How far ahead of the next candidate the best must score to be taken as the person, in the
# units of ``_score`` (about natural-log odds).
RESOLVE_MARGIN = 2.0
# How far behind the best a person may score and still be one the mention likely is: a grade
# or a unit that disagrees costs 2 and one that agrees earns 1 or 2, so a namesake of another
# grade or place falls out while one of the same stays.
LIKELY_MARGIN = 2.5
GATHER_UNNAMED: frozenset[str] = LINKABLE_KINDS | {"given"}
# Kinds of which one agreeing means the surnames are close enough for the same person (the same
# spelling, one typo, or the same sound); when both wrote a surname and none agrees, ``_score``
# refuses the person (and so does the PostgreSQL roster statement, ``roster_sql``).
SURNAME_CLOSE_KINDS: frozenset[str] = frozenset(
    {"surname", "name", "sound", "surname_fuzzy", "name_fuzzy"}
)


@dataclass(frozen=True)
class RosterEntry:
    """One person on the force's HR list, as imported (every field optional but a name or a
    number must be there)."""

    name: str | None = None
    rank: str | None = None
    unit: str | None = None
    collar_number: str | None = None
    warrant_number: str | None = None
    former_collar_numbers: tuple[str, ...] = ()
    former_units: tuple[str, ...] = ()
    # Other forces of this service they served in, by slug (``roster_store`` checks them):
    # a name said in one of those forces then finds them across forces (``national``).
    former_forces: tuple[str, ...] = ()
    leaving_date: date | None = None

    def as_subject(self) -> SubjectInput:
        return SubjectInput(
            name=self.name,
            collar_number=self.collar_number,
            warrant_number=self.warrant_number,
            rank=self.rank,
            unit=self.unit,
        )


ROSTER_FIELDS = ("name", "rank", "unit", "collar_number", "warrant_number")
LIST_FIELDS = ("former_collar_numbers", "former_units", "former_forces")


def entry_from_mapping(obj: object) -> RosterEntry:
    """One roster person from a JSON object or CSV row (lists in CSV separated by ``;``);
    raises ValueError saying what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("each entry must be an object")
    values: dict[str, str | None] = {}
    for name in ROSTER_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str | int):
            raise ValueError(f"{name} must be text")
        values[name] = str(value).strip() or None if value is not None else None
    lists: dict[str, tuple[str, ...]] = {}
    for name in LIST_FIELDS:
        value = obj.get(name) or []
        if isinstance(value, str):
            value = value.split(";")
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise ValueError(f"{name} must be a list of text")
        lists[name] = tuple(str(v).strip() for v in value if str(v).strip())
    leaving = obj.get("leaving_date") or None
    if leaving is not None:
        try:
            leaving = date.fromisoformat(str(leaving))
        except ValueError:
            raise ValueError(f"leaving_date {leaving!r} is not a date (YYYY-MM-DD)") from None
    if not (values["name"] or values["warrant_number"] or values["collar_number"]):
        raise ValueError("an entry needs a name, a warrant number or a shoulder number")
    return RosterEntry(
        name=values["name"],
        rank=values["rank"],
        unit=values["unit"],
        collar_number=values["collar_number"],
        warrant_number=values["warrant_number"],
        former_collar_numbers=lists["former_collar_numbers"],
        former_units=lists["former_units"],
        former_forces=lists["former_forces"],
        leaving_date=leaving,
    )


def entry_as_mapping(entry: RosterEntry) -> dict[str, object]:
    """The entry as JSON-ready values (what is sealed in the live roster)."""
    return {
        **{name: getattr(entry, name) for name in ROSTER_FIELDS},
        **{name: list(getattr(entry, name)) for name in LIST_FIELDS},
        "leaving_date": entry.leaving_date.isoformat() if entry.leaving_date else None,
    }


def person_key(entry: RosterEntry) -> Key:
    """What identifies a roster person across re-imports: the warrant number, never reissued;
    for staff without one, their name, number and unit as imported."""
    warrant = names.warrant_number(entry.warrant_number)
    if warrant:
        return (PERSON_KIND, f"warrant:{warrant}")
    parts = [names.fold(entry.name or "").lower(), entry.collar_number or "", entry.unit or ""]
    return (PERSON_KIND, "entry:" + "|".join(p.strip() for p in parts))


def entry_keys(entry: RosterEntry) -> set[Key]:
    """Every match key of the entry: its current details and each former number and unit."""
    keys = subject_keys(entry.as_subject())
    for collar in entry.former_collar_numbers:
        keys |= subject_keys(SubjectInput(name=entry.name, collar_number=collar))
    for unit in entry.former_units:
        keys |= subject_keys(SubjectInput(name=entry.name, unit=unit))
    # A double-barrelled surname is often cut to one half ("Claire Brown" for Claire
    # Taylor-Brown): each half is also a name of theirs, with their other details.
    for name in names.surname_halves(entry.name):
        keys |= subject_keys(replace(entry.as_subject(), name=name))
    return keys


@dataclass(frozen=True)
class Resolution:
    """What the roster says about one mention.

    ``person`` is the roster person's token when exactly one person fits well enough;
    ``consistent`` the tokens of everyone it could be (empty when the mention could not be
    looked up: no usable detail, or only details too common to gather by); ``crowded`` when
    a detail was too common to gather, so ``consistent`` may be incomplete.
    """

    person: Token | None
    consistent: frozenset[Token] = frozenset()
    crowded: bool = False
    # Of ``consistent``, those the mention fits within ``LIKELY_MARGIN`` of the best.
    likely: frozenset[Token] = frozenset()

    def tokens(self) -> set[Token]:
        """What the mention keeps of its resolution: the person it is, and (when few) everyone
        it could be and, when fewer, those it likely is, as tokens of the same hashes under
        other kinds."""
        out: set[Token] = set()
        if self.person is not None:
            out.add(self.person)
            out.add((MAYBE_KIND, self.person[1]))
        elif not self.crowded and 0 < len(self.consistent) <= MAYBE_LIMIT:
            out.update((MAYBE_KIND, person[1]) for person in self.consistent)
            if self.likely < self.consistent:
                out.update((LIKELY_KIND, person[1]) for person in self.likely)
        return out


@dataclass(frozen=True)
class Gathered:
    """The roster people a mention's tokens gather, as ``_score`` sees them.

    ``people`` holds, for each person gathered, a placeholder ``(kind, "")`` for each kind of
    the mention they hold, and the mention's tokens they share. ``_score`` judges by which kinds
    agree and which conflict, never by which token, so that is all a store need read: the SQL
    store reads it as one row per person and gives, for a kind that agrees, every token of the
    mention of that kind. ``crowded`` when a token was too common to gather by.
    """

    people: dict[Token, set[Token]]
    crowded: bool = False


@dataclass
class RosterIndex:
    """Roster tokens in memory, for the command line, tests and ``relink`` (the live service
    keeps the same in the ``roster_token`` table)."""

    by_token: dict[Token, set[Token]] = field(default_factory=dict)
    tokens_of: dict[Token, set[Token]] = field(default_factory=dict)
    # The placeholder token ``(kind, "")`` of each kind a person holds (see ``Gathered``).
    kinds_of: dict[Token, set[Token]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[RosterEntry], secret: bytes) -> RosterIndex:
        index = cls()
        for entry in entries:
            person = token_for(person_key(entry), secret)
            index.add(person, tokenise(entry_keys(entry), secret))
        return index

    def add(self, person: Token, tokens: Iterable[Token]) -> None:
        held = self.tokens_of.setdefault(person, set())
        kinds = self.kinds_of.setdefault(person, set())
        for token in tokens:
            held.add(token)
            kinds.add((token[0], ""))
            self.by_token.setdefault(token, set()).add(person)

    def gather(self, asked: list[tuple[set[Token], set[Token]]]) -> list[Gathered]:
        return [self._gather(by, mention) for by, mention in asked]

    def _gather(self, by: set[Token], mention: set[Token]) -> Gathered:
        people: set[Token] = set()
        crowded = False
        for token in by:
            holders = self.by_token.get(token, set())
            if len(holders) > ROSTER_TOKEN_LIMIT:
                crowded = True
            else:
                people |= holders
        # As the SQL store does: what each shares with the mention, and which of its kinds they
        # hold (set operations only: relink asks this of every subject there is).
        kinds = {(kind, "") for kind, _ in mention}
        tokens_of, kinds_of = self.tokens_of, self.kinds_of
        return Gathered(
            {p: (mention & tokens_of[p]) | (kinds & kinds_of[p]) for p in people}, crowded
        )


class RosterLookup(Protocol):
    """What ``resolve`` needs of a roster, in one round trip for all the readings of a mention."""

    def gather(self, asked: list[tuple[set[Token], set[Token]]]) -> list[Gathered]:
        """For each ``(by, mention)`` asked (a reading of a mention): everyone holding any token
        of ``by``, leaving out tokens more than ``ROSTER_TOKEN_LIMIT`` people hold
        (``crowded``), with what of their tokens bears on ``mention`` (``Gathered``); nobody
        for an empty ``by``. Bounded index lookups, never a scan."""
        ...


def _score(mention: set[Token], entry: set[Token]) -> float | None:
    """How well a mention fits a roster entry (about natural-log odds), or None when it cannot
    be that person: a different warrant or shoulder number, surname or first initial."""
    kinds_m = {kind for kind, _ in mention}
    kinds_e = {kind for kind, _ in entry}
    agree = {kind for kind, _ in mention & entry}

    def conflict(kind: str) -> bool:
        return kind in kinds_m and kind in kinds_e and kind not in agree

    if "warrant" in agree:
        return 50.0
    warrant_slip = "warrant_swap" in agree  # two neighbouring digits swapped
    if (conflict("warrant") and not warrant_slip) or (
        conflict("collar_fuzzy") and "collar_digits" not in agree
    ):
        return None
    named = "surname_fuzzy" in kinds_m and "surname_fuzzy" in kinds_e
    surname_exact = "surname" in agree or "name" in agree
    surname_close = bool(agree & SURNAME_CLOSE_KINDS)
    if named and not surname_close:
        return None
    if conflict("initial") and "name" not in agree:
        return None
    score = 8.0 if warrant_slip else 0.0
    if "collar" in agree:
        score += 12.0
    elif "collar_digits" in agree:
        score += 4.0
    elif "collar_fuzzy" in agree:
        score += 1.0
    if named:
        # A surname written exactly is the person's far more often than one typo or one sound
        # away from it is another person's real surname: the sound-alike scores more than
        # ``LIKELY_MARGIN`` lower, so "Radworth" is likely the one Radworth, not a Redworth too.
        score += 3.0 if surname_exact else 0.0
    if "name" in agree or "given" in agree:
        score += 3.0
    elif "name_fuzzy" in agree:
        score += 2.0
    elif "initial" in agree:
        score += 1.0 if "given" not in kinds_m else 0.0
    if conflict("given") and "name" not in agree and "name_fuzzy" not in agree:
        score -= 1.0  # an unknown nickname, or a different first name with the same initial
    if "unit" in agree or "surname_unit" in agree:
        score += 2.0
    elif conflict("unit"):
        score -= 2.0
    if "role" in agree:
        score += 1.0  # response, CID, custody: done in every BCU, so worth less than a place
    elif conflict("role"):
        score -= 1.0
    # The numbered team and the borough: a team of that number is in every BCU, a BCU covers
    # two to four boroughs, and people move between teams and stations, so each is worth a
    # role's; between namesakes of one BCU they may be all that differs.
    for kind in ("team", "borough"):
        if kind in agree:
            score += 1.0
        elif conflict(kind):
            score -= 1.0
    # Reporters get a grade right far more often than not, and the roster knows it exactly:
    # a sergeant is rarely called a constable, and staff never an officer.
    if "rank" in agree:
        score += 1.0
    elif conflict("rank"):
        score -= 2.0
    return score


def _likely(scores: dict[Token, float]) -> frozenset[Token]:
    best = max(scores.values(), default=0.0)
    return frozenset(p for p, score in scores.items() if score >= best - LIKELY_MARGIN)


def _gathered_by(mention: set[Token]) -> set[Token]:
    """The tokens a mention's roster people are gathered by. A first name alone ("Sgt Emma")
    is looked up through the first name: it is rarer on a force's list than any unit, and
    nobody without it could be the person."""
    kinds = LINKABLE_KINDS if any(k == "surname_fuzzy" for k, _ in mention) else GATHER_UNNAMED
    return {t for t in mention if t[0] in kinds}


def _resolve_one(mention: set[Token], found: Gathered) -> tuple[Resolution, dict[Token, float]]:
    crowded = found.crowded
    scores: dict[Token, float] = {}
    for person, held in found.people.items():
        score = _score(mention, held)
        if score is not None:
            scores[person] = score
    if not scores:
        return Resolution(None, frozenset(), crowded), scores
    best = _ahead(scores, crowded)
    resolution = Resolution(best, frozenset(scores), crowded, _likely(scores))
    return resolution, scores


def _ahead(scores: dict[Token, float], crowded: bool) -> Token | None:
    """The person the scores single out, if any: the only one who fits (when everyone could be
    looked up), or one far ahead of everyone else who fits, on more than a name alone."""
    if not scores:
        return None
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=lambda p: (scores[p], p))
    if len(ranked) == 1:
        return best if not crowded and ranked[0] >= 1.0 else None
    return best if ranked[0] - ranked[1] >= RESOLVE_MARGIN and ranked[0] >= 4.0 else None


def resolve(readings: list[set[Token]], index: RosterLookup) -> Resolution:
    """The roster people a mention could be, and the one it is, if any.

    ``readings`` are the tokens of each way to read the mention (``tokens.roster_readings``):
    the first as written, then a two-word name the other way round or a one-word name as a
    first name. A reading that resolves wins only when no other reading fits anyone on the
    list."""
    gathered = index.gather([(_gathered_by(tokens), tokens) for tokens in readings])
    scored = [_resolve_one(tokens, found) for tokens, found in zip(readings, gathered, strict=True)]
    results = [r for r, _ in scored]
    consistent = frozenset().union(*(r.consistent for r in results))
    crowded = any(r.crowded for r in results)
    # Scores of every reading are on one scale: a person's best over the readings.
    best: dict[Token, float] = {}
    for _, scores in scored:
        for person, score in scores.items():
            best[person] = max(score, best.get(person, score))
    likely = _likely(best)
    # "Insp Richardson Lee" read both ways fits a Lee Richardson far better than a Richard Lee:
    # a person far ahead of everyone any reading fits is the one, whichever reading found them.
    ahead = _ahead(best, crowded)
    if ahead is not None:
        return Resolution(ahead, consistent, crowded, likely)
    people = {r.person for r in results if r.person is not None}
    fitting = [r for r in results if r.consistent]
    if len(people) == 1 and len(fitting) == 1:
        return Resolution(people.pop(), consistent, crowded, likely)
    if results[0].person is not None:
        return Resolution(results[0].person, consistent, crowded, likely)
    return Resolution(None, consistent, crowded, likely)
