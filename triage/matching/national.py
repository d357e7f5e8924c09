"""Cross-force matching: the same person named in two forces, found under the national key.

Each named person's strong keys (warrant number, full name, surname and initial, surname within
a unit, the full name with the report's force, and a resolved roster person's warrant number,
former units and full name with each former force) are hashed again under
``CANDOUR_NATIONAL_MATCHING_KEY``, held by the service and by no force, and kept in
``national_token`` with the force, report, subject and the report's year. Weak keys (a unit, a
rank, a surname alone) never cross: they cannot single anyone out among 43 forces.

A match between forces needs the same warrant number, or the same full name and a unit in
common (now or formerly), or the same full name said in a force the other force's roster says
that person served in; two different warrant numbers rule it out. Lookups naming the same
person are serialised (``national_lookup.lock_lookups``), so two arriving at once still find
each other. It writes a "named in another force" notice into each of the two forces
(``CrossForceNotice``): the other force, the strength and kinds of agreement as codes, and the
other report's year. Nothing else of either report crosses. Without a national key nothing is
stored and nothing is matched.

No plaintext key is stored or logged here; the callers hand over keys in memory only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from intake.models import Report
from intake.models.ids import random_id
from intake.tenancy import current_force, on_behalf_of
from triage.matching import names, postings
from triage.matching.national_lookup import Subject, candidates, lock_lookups
from triage.matching.roster import RosterEntry
from triage.matching.sql_store import DbSession
from triage.matching.tokens import Key, SubjectInput, Token, as_written, subject_keys, token_for
from triage.models.crossforce import CrossForceNotice, NationalToken, RosterNationalToken
from triage.models.roster import RosterPerson

# The kinds that cross forces. ``former_unit`` is hashed as ``surname_unit`` (a unit one force
# names today is the unit a transferee's new force lists as former) but remembered apart so the
# notice can say which agreed. Likewise ``former_force`` as ``name_force``: every full name a
# report gives is also hashed with its force's slug, and a roster person's full name with each
# former force's, so a name said in force A meets force B's roster person who served in A.
NATIONAL_KINDS = (
    "warrant",
    "name",
    "surname_initial",
    "surname_unit",
    "former_unit",
    "name_force",
    "former_force",
)
HASHED_AS = {"former_unit": "surname_unit", "former_force": "name_force"}
UNIT_KINDS = frozenset({"surname_unit", "former_unit"})
STRONG, PROBABLE = "strong", "probable"
# How each agreement code reads on the case and subject pages.
AGREEMENT_WORDS = {
    "warrant": "same warrant number",
    "name_unit": "same name and unit",
    "name_former_unit": "same name and former unit",
    # Said from each side: the other force's roster lists a former force, or this one's does.
    "name_served_here": "same name and served in your force by their roster",
    "name_served_there": "same name and served in their force by your roster",
}
# What each code reads as from the other force's side of the same match.
MIRRORED = {"name_served_here": "name_served_there", "name_served_there": "name_served_here"}
STRENGTH_WORDS = {STRONG: "Almost certainly the same person", PROBABLE: "Probably the same person"}


def national_keys(person: SubjectInput, force: str | None = None) -> set[Key]:
    """The strong keys of a person as a reporter described them; with the slug of the
    ``force`` the report came to, each full name with that force too."""
    keys = {k for k in subject_keys(person) if k[0] in ("warrant", "name", "surname_unit")}
    # The name as ``subject_keys`` reads it: "not sure of name" is no surname "name".
    parsed = names.parse_name(as_written(person).name)
    if parsed.surname:
        initials = {g[0] for g in parsed.given_canonical}
        initials |= {parsed.initial} if parsed.initial else set()
        keys |= {("surname_initial", f"{parsed.surname}|{i}") for i in initials}
    if force:
        keys |= _with_force(keys, "name_force", force)
    return keys


def _with_force(keys: set[Key], kind: str, force: str) -> set[Key]:
    return {(kind, f"{value}|{force}") for k, value in keys if k == "name"}


def roster_national_keys(entry: RosterEntry, force: str | None = None) -> set[Key]:
    """A roster person's strong keys: as described today (in ``force``, this roster's), each
    former unit, and their full name in each former force."""
    keys = national_keys(entry.as_subject(), force)
    surname = names.parse_name(entry.name).surname
    for former in entry.former_units:
        unit = postings.canonical_unit(former)
        if surname and unit:
            keys.add(("former_unit", f"{surname}|{unit.lower()}"))
    for slug in entry.former_forces:
        keys |= _with_force(keys, "former_force", slug)
    return keys


def national_tokens(keys: Iterable[Key], secret: bytes) -> set[Token]:
    out = set()
    for kind, value in keys:
        _, digest = token_for((HASHED_AS.get(kind, kind), value), secret)
        out.add((kind, digest))
    return out


def store_roster_tokens(
    session: DbSession, people: list[tuple[int, RosterEntry]], secret: bytes
) -> None:
    """Replace the national tokens of a batch of roster people (``import_roster``), in two
    statements whatever the batch's size."""
    ids = [person_id for person_id, _ in people]
    session.execute(
        RosterNationalToken.__table__.delete().where(RosterNationalToken.person_id.in_(ids))
    )
    force = current_force().slug
    rows = [
        {"person_id": person_id, "kind": kind, "token": bytes.fromhex(value)}
        for person_id, entry in people
        for kind, value in sorted(national_tokens(roster_national_keys(entry, force), secret))
    ]
    if rows:
        session.execute(insert(RosterNationalToken), rows)


def roster_person_tokens(session: DbSession, person: Token | None) -> set[Token]:
    """The national tokens of the roster person a mention resolved to (none if unresolved)."""
    if person is None:
        return set()
    rows = session.execute(
        select(RosterNationalToken.kind, RosterNationalToken.token)
        .join(RosterPerson, RosterPerson.id == RosterNationalToken.person_id)
        .where(RosterPerson.person_token == bytes.fromhex(person[1]))
    )
    return {(kind, token.hex()) for kind, token in rows}


def store_tokens(
    session: DbSession, report: Report, force_id: int, subjects: dict[int, set[Token]]
) -> None:
    """Keep the report's national tokens; a waiting go-together report's are kept held."""
    rows = [
        {
            "id": random_id(),
            "force_id": force_id,
            "report_id": report.id,
            "subject_no": number,
            "kind": kind,
            "token": bytes.fromhex(value),
            "year": report.received_on.year,
            "held": report.escrow == "waiting",
        }
        for number, tokens in sorted(subjects.items())
        for kind, value in sorted(tokens)
    ]
    if rows:
        session.execute(insert(NationalToken), rows)


@dataclass(frozen=True)
class CrossMatch:
    subject_no: int
    other: Subject
    strength: str
    agreement: tuple[str, ...]
    other_year: int


def decide(own: set[Token], other: set[Token]) -> tuple[str, tuple[str, ...]] | None:
    """Strength and agreement codes of two subjects' national tokens, or None if too weak."""
    own_by_kind = _values_by_kind(own)
    other_by_kind = _values_by_kind(other)
    own_warrants, other_warrants = own_by_kind["warrant"], other_by_kind["warrant"]
    if own_warrants and other_warrants and not own_warrants & other_warrants:
        return None  # two different warrant numbers: two people, whatever their names
    codes = []
    if own_warrants & other_warrants:
        codes.append("warrant")
    if own_by_kind["name"] & other_by_kind["name"]:
        own_units = own_by_kind["surname_unit"] | own_by_kind["former_unit"]
        other_units = other_by_kind["surname_unit"] | other_by_kind["former_unit"]
        shared = own_units & other_units
        if shared:
            current = own_by_kind["surname_unit"] & other_by_kind["surname_unit"]
            codes.append("name_unit" if shared <= current else "name_former_unit")
        # A name said in one force, and the other force's roster person of that name who
        # served there (the tokens hold the name and the force, so they agree on both).
        if own_by_kind["name_force"] & other_by_kind["former_force"]:
            codes.append("name_served_here")
        if own_by_kind["former_force"] & other_by_kind["name_force"]:
            codes.append("name_served_there")
    if not codes:
        return None
    return (STRONG if "warrant" in codes else PROBABLE), tuple(codes)


def _values_by_kind(tokens: set[Token]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for kind, value in tokens:
        out[kind].add(value)
    return out


def find_matches(
    session: DbSession,
    report: Report,
    force_id: int,
    subjects: dict[int, set[Token]] | None = None,
) -> list[CrossMatch]:
    """Subjects of other forces' visible reports that this report's subjects probably are.
    ``subjects`` are the report's national tokens when the caller holds them (as stored);
    otherwise they are read."""
    own: dict[int, set[Token]] = defaultdict(set)
    if subjects is not None:
        own.update((number, set(tokens)) for number, tokens in subjects.items() if tokens)
    else:
        for number, kind, token in session.execute(
            select(NationalToken.subject_no, NationalToken.kind, NationalToken.token).where(
                NationalToken.report_id == report.id
            )
        ):
            own[number].add((kind, token.hex()))
    others, years = candidates(session, own, force_id)
    matches = []
    for number, tokens in sorted(own.items()):
        for other, other_tokens in sorted(others.items()):
            decided = decide(tokens, other_tokens)
            if decided:
                matches.append(CrossMatch(number, other, *decided, years[other[1]]))
    return matches


def write_notices(session: DbSession, report: Report, force_id: int, match: CrossMatch) -> None:
    """One notice in each force, each pointing at the other; the other force's is written on
    its behalf in this same transaction (``on_behalf_of``), so both or neither exist."""
    own_id, other_id = random_id(), random_id()
    other_force, other_report, other_subject = match.other
    codes = ",".join(match.agreement)
    their_codes = ",".join(MIRRORED.get(code, code) for code in match.agreement)
    session.add(
        CrossForceNotice(
            id=own_id,
            force_id=force_id,
            report_id=report.id,
            subject_no=match.subject_no,
            other_force_id=other_force,
            other_notice_id=other_id,
            strength=match.strength,
            agreement=codes,
            other_year=match.other_year,
        )
    )
    with on_behalf_of(other_force):
        session.add(
            CrossForceNotice(
                id=other_id,
                force_id=other_force,
                report_id=other_report,
                subject_no=other_subject,
                other_force_id=force_id,
                other_notice_id=own_id,
                strength=match.strength,
                agreement=their_codes,
                other_year=report.received_on.year,
            )
        )


def match_across_forces(
    session: DbSession,
    report: Report,
    force_id: int,
    subjects: dict[int, set[Token]] | None = None,
    locked: bool = False,
) -> int:
    """Look the report's subjects up in every other force and write the notices (taking the
    lookup locks unless the caller has: ``locked``). Returns how many pairs were found."""
    if not locked:
        lock_lookups(session, [report.id])
    matches = find_matches(session, report, force_id, subjects)
    for match in matches:
        write_notices(session, report, force_id, match)
    return len(matches)


def on_arrival(
    session: DbSession,
    report: Report,
    force_id: int,
    subjects: dict[int, set[Token]],
    released: Iterable[Report],
) -> None:
    """Keep a new report's national tokens and look for its people in other forces; offer the
    go-together reports its arrival released too."""
    store_tokens(session, report, force_id, subjects)
    others = [r for r in released if r.id != report.id]
    # Every lock this arrival's lookups need, in one ordered batch (``lock_lookups``).
    lock_lookups(session, [report.id, *(r.id for r in others)])
    if report.escrow != "waiting":
        match_across_forces(session, report, force_id, subjects, locked=True)
    release(session, others, force_id)


def release(session: DbSession, reports: Sequence[Report], force_id: int) -> None:
    """Go-together reports released in their own force: offer them to the others now.

    Every lookup lock they need is taken first, in one ordered batch (``lock_lookups``): taken
    report by report, a transaction releasing two reports held one report's locks while waiting
    for the other's, which another force's arrival naming both people could hold while waiting
    for the first's, and PostgreSQL ended one of them."""
    lock_lookups(session, [report.id for report in reports])
    for report in reports:
        released = session.execute(
            update(NationalToken)
            .where(NationalToken.report_id == report.id, NationalToken.held.is_(True))
            .values(held=False)
        )
        if released.rowcount:  # type: ignore[attr-defined]
            match_across_forces(session, report, force_id, locked=True)


def agreement_words(codes: str) -> list[str]:
    return [AGREEMENT_WORDS.get(code, code) for code in codes.split(",") if code]
