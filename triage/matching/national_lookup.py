"""Cross-force lookups: the candidates in other forces for a report's national tokens, and the
locks that serialise lookups naming the same person (``triage.matching.national``).

Each lookup is one statement whatever the number of subjects named, and the locks one more:
on a busy machine every round trip waits for a core."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Select, bindparam, select, text, union
from sqlalchemy.orm import aliased

from triage.matching.sql_store import DbSession
from triage.matching.tokens import Token
from triage.models.crossforce import NationalToken

# The most candidates one lookup reads. Every lookup is by a selective key (a warrant number, a
# full name with a unit or a force), so only a pathological key reaches it.
CANDIDATE_LIMIT = 500
# What gathers candidates, and what every match shares one of: a warrant number; a full name
# together with a unit (present or former, hashed alike); a full name with a force (the force a
# report came to, or a roster person's former force, hashed alike). A full name alone does not
# gather: a common one is held by hundreds of subjects across 43 forces, and which of them a
# limited lookup read would depend on the query plan.
BY_WARRANT, BY_NAME_AND_FORCE = ("warrant",), ("name_force", "former_force")
UNIT_GATHERING = ("surname_unit", "former_unit")
GATHERING_KINDS = BY_WARRANT + BY_NAME_AND_FORCE + UNIT_GATHERING
# The advisory-lock class of national lookups ("Natl"): the two-key form, whose key space is
# apart from the one-key locks (clusters, the audit chain).
NATIONAL_LOCK = 0x4E61746C
Subject = tuple[int, int, int]  # (force id, report id, subject number)


def candidates(
    session: DbSession, own: dict[int, set[Token]], force_id: int
) -> tuple[dict[Subject, set[Token]], dict[int, int]]:
    """Visible subjects of other forces gathered by ``own`` (a report's subjects' national
    tokens), with all their national tokens, and the year of each of their reports."""
    gathering = _gathering(own, force_id)
    others: dict[Subject, set[Token]] = defaultdict(set)
    years: dict[int, int] = {}
    if not gathering:
        return others, years
    # The candidates and all their tokens in one statement: each gathering kept to its own
    # limit, then their union.
    found = union(*(select(part.subquery()) for part in gathering)).subquery()
    for force, report_id, number, kind, token, year in session.execute(
        select(
            NationalToken.force_id,
            NationalToken.report_id,
            NationalToken.subject_no,
            NationalToken.kind,
            NationalToken.token,
            NationalToken.year,
        ).join(
            found,
            (NationalToken.report_id == found.c.report_id)
            & (NationalToken.subject_no == found.c.subject_no),
        )
    ):
        others[(force, report_id, number)].add((kind, token.hex()))
        years[report_id] = year
    return others, years


def _gathering(own: dict[int, set[Token]], force_id: int) -> list[Select[int, int]]:
    """The queries gathering candidates: holders of a warrant number, of a name with a force,
    and, for each subject, of one of its full names together with one of its units."""
    parts = []
    for kinds in (BY_WARRANT, BY_NAME_AND_FORCE):
        wanted = {bytes.fromhex(v) for ts in own.values() for k, v in ts if k in kinds}
        if wanted:
            parts.append(_holders(wanted, force_id))
    for tokens in own.values():  # a name and a unit of the same person, both held
        named = {bytes.fromhex(v) for k, v in tokens if k == "name"}
        units = {bytes.fromhex(v) for k, v in tokens if k in UNIT_GATHERING}
        if named and units:
            parts.append(_holders_of_both(named, units, force_id))
    return parts


def _holders(tokens: set[bytes], force_id: int) -> Select[int, int]:
    """Visible subjects of other forces holding any of ``tokens`` (at most ``CANDIDATE_LIMIT``)."""
    return (
        select(NationalToken.report_id, NationalToken.subject_no)
        .where(
            NationalToken.token.in_(tokens),
            NationalToken.force_id != force_id,
            NationalToken.held.is_(False),
        )
        .distinct()
        .limit(CANDIDATE_LIMIT)
    )


def _holders_of_both(names_: set[bytes], units: set[bytes], force_id: int) -> Select[int, int]:
    """Visible subjects of other forces holding one of ``names_`` and one of ``units``."""
    name, unit = aliased(NationalToken), aliased(NationalToken)
    return (
        select(name.report_id, name.subject_no)
        .join(
            unit,
            (unit.report_id == name.report_id) & (unit.subject_no == name.subject_no),
        )
        .where(
            name.token.in_(names_),
            unit.token.in_(units),
            name.force_id != force_id,
            name.held.is_(False),
        )
        .distinct()
        .limit(CANDIDATE_LIMIT)
    )


def lock_lookups(session: DbSession, report_ids: Iterable[int]) -> None:
    """Hold, until the transaction ends, a lock for every token the reports' lookups gather
    candidates by (PostgreSQL).

    Two reports naming one person that arrive together in two forces each store their tokens
    and look up the other forces' in their own transaction: neither sees the other's
    uncommitted tokens, and no notice would be written. Holding these locks from before the
    lookup to the commit, the second waits until the first has committed, and its lookup (a new
    statement, so a new snapshot under READ COMMITTED) then sees the first report. A transaction
    takes all its locks in one statement in ascending order (locks it already holds are taken
    again at once), so two can never each hold one the other waits for: the ordered subquery is
    never merged into the outer one (PostgreSQL does not pull up a subquery with an ORDER BY),
    so the locks are taken row by row in its order. Two tokens sharing their first four bytes
    share a lock (the bytes read as a signed integer), which only makes one wait needlessly.
    SQLite lets one writer in at a time anyway."""
    ids = set(report_ids)
    if not ids or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text(
            "SELECT count(pg_advisory_xact_lock(:kind, key)) FROM ("
            " SELECT DISTINCT ('x' || encode(substr(token, 1, 4), 'hex'))::bit(32)::integer"
            " AS key FROM national_token WHERE report_id IN :ids AND kind IN :kinds"
            " ORDER BY key) AS keys"
        ).bindparams(bindparam("ids", expanding=True), bindparam("kinds", expanding=True)),
        {"kind": NATIONAL_LOCK, "ids": sorted(ids), "kinds": list(GATHERING_KINDS)},
    )
