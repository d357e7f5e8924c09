"""The live ``SubjectStore``: earlier subjects' blind-index tokens and clusters in SQL.

Every lookup is a bounded equality query on an index: ``candidates`` is one statement of
per-token lookups, each reading at most ``COMMON_TOKEN_LIMIT + 1`` entries of
``ix_subject_token_lookup``; ``tokens_of`` and ``cluster_of`` read by report id
(the ``(report_id, subject_no)`` index and the ``subject_link`` primary key), loading both for
the other candidates of the same lookup in the same round trip; ``count`` is an indexed
``COUNT`` that stops at a limit. Matching asks for the candidates and the surname count together
(``candidates_counting``): one statement, which on PostgreSQL also reads the candidates' tokens
and clusters, so a subject's lookups cost one round trip. ``judged_apart`` reads the rejected
possible matches of all the candidates' clusters at once (``triage.matching.subject_sql``).

Only tokens (HMAC-SHA256 under the matching key, 32 raw bytes) and their kinds are stored: this
module never sees a plaintext key and must never be given one. No Flask imports: it works on any
SQLAlchemy session, so the benchmark times exactly the code the service runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    delete,
    func,
    insert,
    null,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import Session, scoped_session

from intake.models.ids import random_id
from intake.tenancy import current_force_id
from triage.matching.store import SubjectRef, usable_holders
from triage.matching.subject_sql import (
    ADD_PG,
    BOUNDED_LOOKUP_PG,
    as_list,
    bounded_lookup,
    of_reports,
    rejected_pairs,
)
from triage.matching.tokens import LINKABLE_KINDS, Token
from triage.matching.weights import COMMON_TOKEN_LIMIT, NEVER_COMMON_KINDS
from triage.models.subjects import (
    ClusterRisk,
    SubjectLink,
    SubjectToken,
)

# Report ids per ``IN`` list when loading candidates' tokens and clusters: well under SQLite's
# bound-parameter limit, and big enough that a common name costs a handful of round trips.
BATCH = 500

DbSession = Session | scoped_session[Any]
TOKENS: Table = SubjectToken.__table__
LINKS: Table = SubjectLink.__table__


# The advisory-lock key for every change to one force's clusters ("Candour" in ASCII, plus the
# force's id): clusters never span forces, so one force's matching never waits for another's.
CLUSTER_LOCK = 0x43616E646F7572


def cluster_lock_key(force_id: int) -> int:
    return CLUSTER_LOCK + force_id


def lock_clusters(session: DbSession) -> None:
    """Hold the current force's cluster lock until the transaction ends (PostgreSQL).

    Matching reads clusters and then writes them; a merge committed in between (another
    report's matching, or a caseworker linking a possible match) would leave a subject in a
    retired cluster and split a person. Taking this first serialises all of them within the
    force. SQLite, the single-process development store, lets only one writer in at a time
    anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = cluster_lock_key(current_force_id())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


class SqlSubjectStore:
    """``triage.matching.store.SubjectStore`` on the ``subject_token`` and ``subject_link``
    tables.

    One instance serves one submission (or one benchmark run) inside one transaction. It caches
    what it has read: tokens never change once written, and cluster ids change only through
    ``merge``, which updates the cache as well as the table.
    """

    def __init__(self, session: DbSession) -> None:
        self.session = session
        self._tokens: dict[SubjectRef, set[Token]] = {}
        self._clusters: dict[SubjectRef, str] = {}
        # Candidates from the latest lookup not yet read: their tokens and clusters are fetched
        # together, in one round trip, on the first miss.
        self._pending: set[SubjectRef] = set()
        self.retired: list[str] = []  # clusters merged away (their risk rows are deleted)
        # Clusters judged apart from each other (rejected possible matches), known for every
        # cluster in ``_apart_read``; ``merge`` renames both as it renames clusters.
        self._apart: dict[str, set[str]] = {}
        self._apart_read: set[str] = set()

    def _connection(self) -> Connection:
        """The session's own connection (same transaction). Reads and writes here go through
        SQLAlchemy Core: no ORM row objects for thousands of tokens, and no autoflush, so a
        lookup is exactly one statement."""
        return self.session.connection()

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    # -- lookups -------------------------------------------------------------------------------

    def candidates(self, tokens: set[Token]) -> set[SubjectRef]:
        """Earlier subjects holding any of the linkable ``tokens``: one statement of bounded
        equality lookups, ``COMMON_TOKEN_LIMIT + 1`` index entries at most per token, so its
        cost does not grow with the table. ``usable_holders`` drops tokens that are common."""
        return self.candidates_counting(tokens, None, 0)[0]

    def candidates_counting(
        self, tokens: set[Token], counted: Token | None, limit: int
    ) -> tuple[set[SubjectRef], int]:
        """``candidates`` and ``count(counted, limit)`` in the same statement (0 for None)."""
        kinds = {value: kind for kind, value in tokens if kind in LINKABLE_KINDS}
        if not kinds:
            return set(), self.count(counted, limit) if counted else 0
        values = sorted(kinds)
        params: dict[str, Any] = {"limit": COMMON_TOKEN_LIMIT + 1, "most": limit}
        if self._dialect() == "postgresql":
            params["counted"] = counted[1] if counted else None
            params["tokens"] = as_list(values)
            params["keep"] = as_list(kinds[value] in NEVER_COMMON_KINDS for value in values)
            return self._gather_pg(params)
        params["counted"] = bytes.fromhex(counted[1]) if counted else None
        holders: dict[str, list[SubjectRef]] = defaultdict(list)
        held = 0
        params.update({f"t{i}": bytes.fromhex(value) for i, value in enumerate(values)})
        rows = self._connection().execute(bounded_lookup(len(values)), params)
        for token, report_id, subject_no in rows:
            if token is None:
                held = int(report_id)  # the count's row
            else:
                holders[bytes(token).hex()].append((str(report_id), subject_no))
        found: set[SubjectRef] = set()
        for value, refs in holders.items():
            found.update(usable_holders((kinds[value], value), refs))
        self._pending = {r for r in found if r not in self._tokens or r not in self._clusters}
        return found, held

    def _gather_pg(self, params: dict[str, Any]) -> tuple[set[SubjectRef], int]:
        """``candidates_counting`` on PostgreSQL: ``BOUNDED_LOOKUP_PG`` gathers the candidates
        (``usable_holders`` applied in SQL) and reads every subject of their reports, tokens
        and cluster, one row each, which are cached as ``_load`` would."""
        found: set[SubjectRef] = set()
        held = 0
        for report_id, subject_no, gathered, cluster_id, kinds, tokens in (
            self._connection().execute(BOUNDED_LOOKUP_PG, params).fetchall()
        ):
            if subject_no is None:
                held = int(report_id)  # the count's row
                continue
            ref = (str(report_id), subject_no)
            if gathered:
                found.add(ref)
            if cluster_id is not None:
                self._clusters.setdefault(ref, cluster_id)
            if kinds is not None:
                self._tokens.setdefault(
                    ref, set(zip(kinds.split(" "), tokens.split(" "), strict=True))
                )
        self._pending = {r for r in found if r not in self._tokens or r not in self._clusters}
        return found, held

    def count(self, token: Token, limit: int | None = None) -> int:
        """How many recorded subjects hold ``token``: an index-only count, which reads no
        further than ``limit`` index entries when one is given."""
        held = select(TOKENS.c.report_id).where(TOKENS.c.token == bytes.fromhex(token[1]))
        if limit is not None:
            held = held.limit(limit)
        query = select(func.count()).select_from(held.subquery())
        return int(self._connection().execute(query).scalar_one())

    def tokens_of(self, ref: SubjectRef) -> set[Token]:
        if ref not in self._tokens:
            self._load(self._batch(ref, self._pending))
        return set(self._tokens.get(ref, set()))

    def cluster_of(self, ref: SubjectRef) -> str:
        if ref not in self._clusters:
            self._load(self._batch(ref, self._pending))
        try:
            return self._clusters[ref]
        except KeyError:
            raise KeyError(f"subject {ref} has no cluster") from None

    @staticmethod
    def _batch(ref: SubjectRef, pending: set[SubjectRef]) -> set[SubjectRef]:
        """``ref`` and up to ``BATCH - 1`` other pending candidates, taken off ``pending``."""
        pending.discard(ref)
        extra = set(islice(pending, BATCH - 1))
        pending.difference_update(extra)
        return {ref} | extra

    def _load(self, refs: Iterable[SubjectRef]) -> None:
        """The tokens and cluster of each of ``refs``, in one statement: their reports' rows of
        ``subject_token`` (kind and token set, no cluster) and of ``subject_link`` (cluster
        set, no token). What is cached already is kept: tokens never change, and the cache
        follows ``merge``."""
        wanted = set(refs)
        report_ids = sorted({int(r) for r, _ in wanted})
        dialect = self._dialect()
        tokens = select(
            TOKENS.c.report_id,
            TOKENS.c.subject_no,
            TOKENS.c.kind,
            TOKENS.c.token,
            null().label("cluster_id"),
        ).where(of_reports(TOKENS.c.report_id, report_ids, dialect))
        links = select(
            LINKS.c.report_id, LINKS.c.subject_no, null(), null(), LINKS.c.cluster_id
        ).where(of_reports(LINKS.c.report_id, report_ids, dialect))
        self._take(self._connection().execute(union_all(tokens, links)).all(), wanted)

    def _take(self, rows: Iterable[Any], wanted: set[SubjectRef]) -> None:
        """Cache reports' rows of ``subject_token`` (kind and token set, no cluster) and of
        ``subject_link`` (cluster set, no token); ``wanted`` have no tokens if none came."""
        fresh: dict[SubjectRef, set[Token]] = {ref: set() for ref in wanted}
        for report_id, subject_no, kind, token, cluster_id in rows:
            ref = (str(report_id), subject_no)
            if cluster_id is not None:
                self._clusters.setdefault(ref, cluster_id)
            else:
                fresh.setdefault(ref, set()).add((kind, token.hex()))
        for ref, held in fresh.items():
            self._tokens.setdefault(ref, held)

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        """Whether a rejected possible match has one person in each cluster. The first question
        about a cluster reads the rejected matches of every cluster this store has seen and not
        yet asked about (the candidates' clusters), in one statement: a pair is known once
        either of its clusters has been read."""
        if cluster_a == cluster_b:
            return False
        if cluster_a not in self._apart_read and cluster_b not in self._apart_read:
            unread = {cluster_a, cluster_b, *self._clusters.values()} - self._apart_read
            self._read_apart(sorted(unread))
        return cluster_b in self._apart.get(cluster_a, ())

    def _read_apart(self, clusters: list[str]) -> None:
        """The rejected possible matches touching ``clusters``, as pairs of clusters, through
        their links (``ix_subject_link_cluster_id``) from either side of the match."""
        statement = rejected_pairs(self._dialect())
        for start in range(0, len(clusters), BATCH):
            rows = self._connection().execute(
                statement, {"clusters": clusters[start : start + BATCH]}
            )
            for ours, theirs in rows:
                self._apart.setdefault(ours, set()).add(theirs)
                self._apart.setdefault(theirs, set()).add(ours)
        self._apart_read.update(clusters)

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        """Always False: a subject arriving with a new report has not been judged yet (only
        ``triage.matching.relink`` re-matches judged subjects, on an in-memory store)."""
        return False

    # -- writes --------------------------------------------------------------------------------

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        """Record a subject's tokens and its cluster link (the reason is sealed later)."""
        report_id, subject_no = int(ref[0]), ref[1]
        connection = self._connection()
        if self._dialect() == "postgresql":
            ordered = sorted(tokens)
            params = {
                "ids": as_list(random_id() for _ in ordered),
                "kinds": as_list(kind for kind, _ in ordered),
                "tokens": as_list(value for _, value in ordered),
                "force": current_force_id(),
                "report": report_id,
                "subject": subject_no,
                "cluster": cluster_id,
            }
            connection.execute(ADD_PG, params)
        else:
            self._insert(report_id, subject_no, tokens, cluster_id)
        self._tokens[ref] = set(tokens)
        self._clusters[ref] = cluster_id

    def _insert(self, report_id: int, subject_no: int, tokens: set[Token], cluster_id: str) -> None:
        """``add`` elsewhere than on PostgreSQL: the tokens, then the link."""
        connection = self._connection()
        if tokens:
            connection.execute(
                insert(TOKENS),
                [
                    {
                        "report_id": report_id,
                        "subject_no": subject_no,
                        "kind": kind,
                        "token": bytes.fromhex(value),
                    }
                    for kind, value in sorted(tokens)
                ],
            )
        connection.execute(
            insert(LINKS).values(report_id=report_id, subject_no=subject_no, cluster_id=cluster_id)
        )

    def merge(self, cluster_ids: list[str]) -> str:
        """Move every member of the smaller clusters into the biggest: one UPDATE."""
        ids = list(dict.fromkeys(cluster_ids))
        if not ids:
            raise ValueError("nothing to merge")
        if len(ids) == 1:
            return ids[0]
        sizes = dict(
            self.session.execute(
                select(SubjectLink.cluster_id, func.count())
                .where(SubjectLink.cluster_id.in_(ids))
                .group_by(SubjectLink.cluster_id)
            ).all()
        )
        # The biggest cluster survives so the fewest rows move; ties keep the first given.
        survivor = max(ids, key=lambda c: (sizes.get(c, 0), -ids.index(c)))
        others = [c for c in ids if c != survivor]
        self.session.execute(
            update(SubjectLink)
            .where(SubjectLink.cluster_id.in_(others))
            .values(cluster_id=survivor)
        )
        self.session.execute(delete(ClusterRisk).where(ClusterRisk.cluster_id.in_(others)))
        for ref, cluster_id in self._clusters.items():
            if cluster_id in others:
                self._clusters[ref] = survivor
        self._rename_apart(others, survivor)
        self.retired.extend(others)
        return survivor

    def _rename_apart(self, others: list[str], survivor: str) -> None:
        """Judgements about merged clusters are now about the survivor, which is fully read
        only if every cluster merged into it was."""
        if not all(c in self._apart_read for c in [*others, survivor]):
            self._apart_read.discard(survivor)
        for other in others:
            self._apart_read.discard(other)
            for partner in self._apart.pop(other, set()):
                held = self._apart.setdefault(partner, set())
                held.discard(other)
                held.add(survivor)
                self._apart.setdefault(survivor, set()).add(partner)
