"""The live force roster: reading a roster file, importing it, and the lookups matching makes.

``flask roster import FILE`` replaces the roster with a new version in one transaction: each
person's entry is sealed to the team key and only keyed hashes of its match keys are stored for
lookup (``triage.models.roster``). People the new file no longer lists are kept, marked as left
on the day of the import, so reports about leavers still resolve. Nothing here decrypts; the
case and subject pages open an entry for a signed-in member (``open_entry``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import TextClause, delete, func, insert, select, text

from intake.models import TeamKey
from intake.sealing import TeamPrivateKey, open_sealed, seal
from triage.matching.national import store_roster_tokens
from triage.matching.roster import (
    PERSON_KIND,
    ROSTER_TOKEN_LIMIT,
    Resolution,
    RosterEntry,
    entry_as_mapping,
    entry_from_mapping,
    entry_keys,
    person_key,
    resolve,
)
from triage.matching.sql_store import DbSession
from triage.matching.tokens import (
    SubjectInput,
    Token,
    name_orders,
    subject_keys,
    token_for,
    tokenise,
)
from triage.models.roster import RosterPerson, RosterToken
from triage.models.subjects import SubjectToken


class RosterFileError(ValueError):
    """A roster file that cannot be imported; ``problems`` names every bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def read_roster_file(path: Path) -> list[RosterEntry]:
    """Entries from a CSV file (a header row naming the fields) or JSON lines (``.jsonl``).

    Every row is checked before anything is kept: a file with any bad row raises
    ``RosterFileError`` listing them all."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError([f"{path} is not UTF-8 text"]) from None
    rows: list[tuple[int, object]] = []
    problems: list[str] = []
    if path.suffix.lower() in {".jsonl", ".json", ".ndjson"}:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    problems.append(f"line {number}: not valid JSON ({exc.msg})")
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise RosterFileError(["the first row must name the columns, including name"])
        rows = [(number, row) for number, row in enumerate(reader, start=2)]
    entries: list[RosterEntry] = []
    for number, row in rows:
        try:
            entries.append(entry_from_mapping(row))
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
    if problems:
        raise RosterFileError(problems)
    if not entries:
        raise RosterFileError(["the file lists nobody"])
    return entries


@dataclass(frozen=True)
class ImportResult:
    version: int
    listed: int
    added: int
    updated: int
    left: int


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
    seen: set[bytes] = set()
    added = updated = 0
    for count, entry in enumerate(entries, start=1):
        person = bytes.fromhex(token_for(person_key(entry), secret)[1])
        if person in seen:
            raise RosterFileError(
                [f"entry {count} repeats an earlier person (same warrant number)"]
            )
        seen.add(person)
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
            session.flush()
            added += 1
        else:
            row.team_key_id, row.content, row.version = key.id, sealed, version
            row.left_on = entry.leaving_date
            session.execute(delete(RosterToken).where(RosterToken.person_id == row.id))
            updated += 1
        tokens = tokenise(entry_keys(entry), secret)
        session.execute(
            insert(RosterToken),
            [
                {"person_id": row.id, "kind": kind, "token": bytes.fromhex(value)}
                for kind, value in sorted(tokens)
            ],
        )
        if national:
            store_roster_tokens(session, row.id, entry, national)
        if progress and count % 1000 == 0:
            progress(count)
    left = 0
    for token, row in existing.items():
        if token not in seen and row.left_on is None:
            row.left_on = today  # no longer listed: kept, as a leaver, so old reports resolve
            left += 1
    session.flush()
    return ImportResult(version, len(entries), added, updated, left)


@cache
def _holders_lookup(tokens: int) -> TextClause:
    """One statement of ``tokens`` equality lookups on ``ix_roster_token_lookup``, each stopping
    after ``:limit`` holders (the same shape as ``sql_store``'s subject lookups)."""
    part = (
        "SELECT * FROM (SELECT t.token, p.person_token FROM roster_token t "
        "JOIN roster_person p ON p.id = t.person_id WHERE t.token = :t{i} "
        "ORDER BY t.person_id LIMIT :limit) AS h{i}"
    )
    return text(" UNION ALL ".join(part.format(i=i) for i in range(tokens)))


class SqlRoster:
    """``triage.matching.roster.RosterLookup`` on the ``roster_token`` table: two bounded
    indexed lookups, never a scan."""

    def __init__(self, session: DbSession) -> None:
        self.session = session

    def exists(self) -> bool:
        return self.session.scalar(select(RosterPerson.id).limit(1)) is not None

    def holders(self, tokens: set[Token]) -> dict[Token, set[Token]]:
        found: dict[Token, set[Token]] = {t: set() for t in tokens}
        if not tokens:
            return found
        ordered = sorted(tokens)
        params: dict[str, object] = {"limit": ROSTER_TOKEN_LIMIT + 1}
        for i, (_, value) in enumerate(ordered):
            params[f"t{i}"] = bytes.fromhex(value)
        by_value = {bytes.fromhex(value): (kind, value) for kind, value in ordered}
        for token, person in self.session.execute(_holders_lookup(len(ordered)), params):
            found[by_value[bytes(token)]].add((PERSON_KIND, bytes(person).hex()))
        return found

    def person_tokens(self, people: set[Token]) -> dict[Token, set[Token]]:
        found: dict[Token, set[Token]] = {p: set() for p in people}
        if not people:
            return found
        rows = self.session.execute(
            select(RosterPerson.person_token, RosterToken.kind, RosterToken.token)
            .join(RosterToken, RosterToken.person_id == RosterPerson.id)
            .where(RosterPerson.person_token.in_([bytes.fromhex(p[1]) for p in people]))
        )
        for person, kind, value in rows:
            found.setdefault((PERSON_KIND, person.hex()), set()).add((kind, value.hex()))
        return found


def resolve_subject(roster: SqlRoster, subject: SubjectInput, secret: bytes) -> Resolution:
    """Who on the roster a reporter's description could be (each reading of the name)."""
    readings = [tokenise(subject_keys(s), secret) for s in name_orders(subject)]
    return resolve(readings, roster)


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


def _resolved(session: DbSession, report_ids: set[int]) -> list[tuple[int, int, str]]:
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
    for report_id, subject_no, person in _resolved(session, {r for r, _ in subjects}):
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
    for _, subject_no, person in _resolved(session, {report_id}):
        entry = open_entry(session, person, keys)
        if entry is not None:
            found.append((subject_no, entry))
    return found
