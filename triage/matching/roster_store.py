"""The live force roster: reading a roster file, importing it, and the lookups matching makes.

``flask roster import FILE`` replaces the roster with a new version in one transaction: each
person's entry is sealed to the team key and only keyed hashes of its match keys are stored for
lookup (``triage.models.roster``). People the new file no longer lists are kept, marked as left
on the day of the import, so reports about leavers still resolve. Nothing here decrypts; the
case and subject pages open an entry for a signed-in member (``open_entry``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, func, insert, select

from intake.models import TeamKey
from intake.sealing import TeamPrivateKey, open_sealed, seal
from intake.tenancy import current_force_id
from triage.matching.national import store_roster_tokens
from triage.matching.roster import (
    PERSON_KIND,
    Gathered,
    Resolution,
    RosterEntry,
    RosterIndex,
    entry_as_mapping,
    entry_from_mapping,
    entry_keys,
    person_key,
    resolve,
)
from triage.matching.roster_file import RosterFileError
from triage.matching.roster_sql import BITS, gather_statement, pack
from triage.matching.sql_store import DbSession
from triage.matching.tokens import (
    SubjectInput,
    Token,
    token_for,
    tokenise,
    tokenised_readings,
)
from triage.models.roster import RosterPerson, RosterToken
from triage.models.subjects import SubjectToken

# People to a statement when an import writes rows and tokens, and when a re-import deletes
# tokens (within SQLite's 999 variables).
BATCH = 500


@dataclass(frozen=True)
class ImportResult:
    version: int
    listed: int
    added: int
    updated: int
    left: int


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would change, worked out before anything is stored."""

    listed: int  # people the file lists
    added: int  # of them, not on the roster before
    leaving: int  # people listed now whom the file does not list: they would be kept as leavers
    listed_now: int  # people on the roster now who have not left
    # Of the people ``added``, those with the name of someone who would leave: the same people
    # under a different key (warrant numbers changed, shifted or left out) rather than new ones.
    added_named_as_leaving: int = 0

    def too_many_leavers(self) -> bool:
        """Whether the file would turn more than half of those listed now into leavers (a
        small file, or one from the wrong export, would otherwise end the roster unchecked)."""
        return 2 * self.leaving > self.listed_now


def plan_import(session: DbSession, entries: list[RosterEntry], secret: bytes) -> ImportPlan:
    """What ``import_roster`` would do with ``entries``, reading only the person tokens."""
    rows = session.execute(
        select(RosterPerson.id, RosterPerson.person_token, RosterPerson.left_on)
    ).all()
    known = {token for _, token, _ in rows}
    listed_now = {token for _, token, left_on in rows if left_on is None}
    keyed = {bytes.fromhex(token_for(person_key(entry), secret)[1]): entry for entry in entries}
    leaving = {person_id for person_id, token, left_on in rows if left_on is None} - {
        person_id for person_id, token, _ in rows if token in keyed
    }
    # The name tokens of those who would leave, to tell "new people" from "the same people under
    # another key" (read only when someone would leave: a routine import reads nothing more).
    leaving_names = (
        set(
            session.scalars(
                select(RosterToken.token).where(
                    RosterToken.kind == "name", RosterToken.person_id.in_(leaving)
                )
            )
        )
        if leaving
        else set()
    )
    new = [entry for token, entry in keyed.items() if token not in known]
    renamed = sum(
        1
        for entry in new
        if any(
            bytes.fromhex(value) in leaving_names
            for kind, value in tokenise(entry_keys(entry), secret)
            if kind == "name"
        )
    )
    return ImportPlan(
        listed=len(entries),
        added=len(new),
        leaving=len(listed_now - set(keyed)),
        listed_now=len(listed_now),
        added_named_as_leaving=renamed,
    )


def import_roster(
    session: DbSession,
    entries: list[RosterEntry],
    secret: bytes,
    today: date,
    progress: Callable[[int], None] | None = None,
    national: bytes | None = None,
) -> ImportResult:
    """Replace the roster with ``entries`` (in the caller's transaction). With the service's
    ``national`` key, each person's strong keys are also kept under it for cross-force
    matching (``triage.matching.national``)."""
    key = TeamKey.current()
    if key is None:
        raise RosterFileError(["the team has no key yet: run flask team init first"])
    version = (session.scalar(select(func.max(RosterPerson.version))) or 0) + 1
    existing = {p.person_token: p for p in session.scalars(select(RosterPerson))}
    people = [bytes.fromhex(token_for(person_key(entry), secret)[1]) for entry in entries]
    seen: set[bytes] = set()
    for count, person in enumerate(people, start=1):
        if person in seen:
            raise RosterFileError(
                [f"entry {count} repeats an earlier person (same warrant number)"]
            )
        seen.add(person)
    # The tokens of everyone listed again go first, a batch of people to a statement: one
    # statement a person made a re-import quadratic on SQLite, whose planner read each person's
    # tokens through the force's index, every token of the roster each time.
    listed_again = [existing[person].id for person in people if person in existing]
    for start in range(0, len(listed_again), BATCH):
        ids = listed_again[start : start + BATCH]
        session.execute(delete(RosterToken).where(RosterToken.person_id.in_(ids)))
    added = updated = 0
    # A batch of people to a statement (their rows, then all their tokens): a statement or two
    # a person made importing 50,000 people take minutes on PostgreSQL, most of it round trips.
    listed = list(zip(entries, people, strict=True))
    for start in range(0, len(listed), BATCH):
        batch: list[tuple[RosterPerson, RosterEntry]] = []
        for entry, person in listed[start : start + BATCH]:
            row = existing.get(person)
            plaintext = json.dumps(entry_as_mapping(entry), sort_keys=True).encode()
            sealed = seal(
                key.public_key, key.id, plaintext, record=f"roster:{person.hex()}", field="entry"
            )
            if row is None:
                row = RosterPerson(
                    person_token=person,
                    team_key_id=key.id,
                    content=sealed,
                    version=version,
                    left_on=entry.leaving_date,
                )
                session.add(row)
                added += 1
            else:
                row.team_key_id, row.content, row.version = key.id, sealed, version
                row.left_on = entry.leaving_date
                updated += 1
            batch.append((row, entry))
        session.flush()  # the new people's ids, for their tokens
        session.execute(
            insert(RosterToken),
            [
                {"person_id": row.id, "kind": kind, "token": bytes.fromhex(value)}
                for row, entry in batch
                for kind, value in sorted(tokenise(entry_keys(entry), secret))
            ],
        )
        if national:
            store_roster_tokens(session, [(row.id, entry) for row, entry in batch], national)
        done = start + len(batch)
        if progress and (done // 1000 > start // 1000 or done == len(listed)):
            progress(done)
    left = 0
    for token, row in existing.items():
        if token not in seen and row.left_on is None:
            row.left_on = today  # no longer listed: kept, as a leaver, so old reports resolve
            left += 1
    session.flush()
    pack(session, version)
    return ImportResult(version, len(entries), added, updated, left)


class SqlRoster:
    """``triage.matching.roster.RosterLookup`` on the ``roster_token`` table: one statement of
    bounded indexed lookups for all the readings of a mention, never a scan."""

    def __init__(self, session: DbSession) -> None:
        self.session = session

    def exists(self) -> bool:
        return self.session.scalar(select(RosterPerson.id).limit(1)) is not None

    def gather(self, asked: list[tuple[set[Token], set[Token]]]) -> list[Gathered]:
        """``RosterLookup.gather`` in one round trip for every reading, of one row per person
        found: each person's tokens are given, for each reading that found them, as a
        placeholder ``(kind, "")`` for each kind of the reading's mention they hold and, for
        each kind in which they hold one of its tokens, the mention's own tokens of that kind
        (``_score`` reads which kinds agree, never which token)."""
        # The readings that gather anyone, with their place in ``asked``; the statement
        # numbers them (``r``) by their place in ``wanted``.
        wanted = [(at, by, mention) for at, (by, mention) in enumerate(asked) if by]
        if not wanted:
            return [Gathered({}) for _ in asked]
        of_kind: list[dict[str, set[Token]]] = []  # each reading's tokens by kind
        kinds: dict[str, None] = {}  # every reading's kinds, in order
        # Every reading's mention tokens, each with the readings (as bits) it is in.
        places: dict[Token, int] = {}
        for r, (_, _, mention) in enumerate(wanted):
            by_kind: dict[str, set[Token]] = {}
            for token in mention:
                by_kind.setdefault(token[0], set()).add(token)
                places[token] = places.get(token, 0) | 1 << r
            of_kind.append(by_kind)
            kinds.update(dict.fromkeys(by_kind))
        mention_list = list(places)
        statement, params = gather_statement(
            self.session.get_bind().dialect.name,
            [{value for _, value in by} for _, by, _ in wanted],
            list(kinds),
            places,
        )
        people: list[dict[Token, set[Token]]] = [{} for _ in wanted]
        crowded = [False for _ in wanted]
        # What a reading makes of a person from the kinds they hold and those they agree in
        # (bits): many people share both, so each is worked out once.
        made: dict[tuple[int, int, int], set[Token]] = {}
        for readings, person, held, shared in self.session.execute(statement, params).all():
            found_by = [r for r in range(len(wanted)) if readings & 1 << r]
            if person is None:
                for r in found_by:
                    crowded[r] = True
                continue
            # The mention tokens the person holds, each with the readings it is in.
            holds = [mention_list[int(place)] for place in shared.split()] if shared else []
            key = (PERSON_KIND, bytes(person).hex())
            for r in found_by:
                agreeing = 0
                for token in holds:
                    if places[token] & 1 << r:
                        agreeing |= BITS[token[0]]
                tokens = made.get((r, held, agreeing))
                if tokens is None:
                    tokens = made[(r, held, agreeing)] = set()
                    for kind, tokens_of_kind in of_kind[r].items():
                        if agreeing & BITS[kind]:
                            tokens |= tokens_of_kind
                        elif held & BITS[kind]:
                            tokens.add((kind, ""))
                people[r][key] = set(tokens)
        found = [Gathered({}) for _ in asked]
        for r, (at, _, _) in enumerate(wanted):
            found[at] = Gathered(people[r], crowded[r])
        return found


def load_roster(session: DbSession) -> RosterIndex | None:
    """The whole roster's tokens in memory, or None if no roster was imported: for ``relink``,
    which resolves every subject and would otherwise make a round trip for each."""
    people = {
        person_id: (PERSON_KIND, person.hex())
        for person_id, person in session.execute(select(RosterPerson.id, RosterPerson.person_token))
    }
    held: dict[int, list[Token]] = {}
    # Core on the connection, for speed, skips the session's force scoping: name the force.
    rows = session.connection().execute(
        select(RosterToken.person_id, RosterToken.kind, RosterToken.token).where(
            RosterToken.force_id == current_force_id()
        ),
        execution_options={"yield_per": 10_000},
    )
    for person_id, kind, token in rows:
        held.setdefault(person_id, []).append((kind, token.hex()))
    index = RosterIndex()
    for person_id, tokens in held.items():
        index.add(people[person_id], tokens)
    return index if people else None


def resolve_subject(roster: SqlRoster, subject: SubjectInput, secret: bytes) -> Resolution:
    """Who on the roster a reporter's description could be (each reading of the name)."""
    return resolve(tokenised_readings(subject, secret), roster)


def open_entry(
    session: DbSession, person_hex: str, keys: dict[int, TeamPrivateKey]
) -> RosterEntry | None:
    """The roster entry a ``person`` token names, opened with the member's team keys (None if
    there is no such person or no key opens it)."""
    row = session.scalar(
        select(RosterPerson).where(RosterPerson.person_token == bytes.fromhex(person_hex))
    )
    if row is None or row.team_key_id not in keys:
        return None
    plaintext = open_sealed(keys, row.content, record=f"roster:{person_hex}", field="entry")
    entry = entry_from_mapping(json.loads(plaintext))
    return replace(entry, leaving_date=row.left_on or entry.leaving_date)


def resolved_mentions(session: DbSession, report_ids: set[int]) -> list[tuple[int, int, str]]:
    """(report id, subject number, roster person token) of every resolved mention in them."""
    rows = session.execute(
        select(SubjectToken.report_id, SubjectToken.subject_no, SubjectToken.token)
        .where(SubjectToken.kind == PERSON_KIND, SubjectToken.report_id.in_(report_ids))
        .order_by(SubjectToken.subject_no)
    )
    return [(report_id, subject_no, token.hex()) for report_id, subject_no, token in rows]


def roster_people(
    session: DbSession, subjects: list[tuple[int, int]], keys: dict[int, TeamPrivateKey]
) -> list[tuple[RosterEntry, int]]:
    """The roster people these subjects (report id, subject number) were resolved to, opened
    with the member's keys, each with how many of the subjects were resolved to them."""
    wanted = set(subjects)
    counts: dict[str, int] = {}
    for report_id, subject_no, person in resolved_mentions(session, {r for r, _ in subjects}):
        if (report_id, subject_no) in wanted:
            counts[person] = counts.get(person, 0) + 1
    people = []
    for person, count in sorted(counts.items(), key=lambda item: -item[1]):
        entry = open_entry(session, person, keys)
        if entry is not None:
            people.append((entry, count))
    return people


def roster_people_of(
    session: DbSession, report_id: int, keys: dict[int, TeamPrivateKey]
) -> list[tuple[int, RosterEntry]]:
    """Each person named in one report who resolved to someone on the roster: (subject number,
    their entry opened with the member's keys), in subject order."""
    found = []
    for _, subject_no, person in resolved_mentions(session, {report_id}):
        entry = open_entry(session, person, keys)
        if entry is not None:
            found.append((subject_no, entry))
    return found
