"""The live ``SubjectStore``: earlier subjects' blind-index tokens and clusters in SQL.

Every lookup is a bounded equality query on an index: ``candidates`` is one statement of
per-token lookups, each reading at most ``COMMON_TOKEN_LIMIT + 1`` entries of
``ix_subject_token_lookup``; ``tokens_of`` and ``cluster_of`` read by report id
(the ``(report_id, subject_no)`` index and the ``subject_link`` primary key), loading both for
the other candidates of the same lookup in the same round trip; ``count`` is an indexed
``COUNT`` that stops at a limit.

Only tokens (HMAC-SHA256 under the matching key, 32 raw bytes) and their kinds are stored: this
module never sees a plaintext key and must never be given one. No Flask imports: it works on any
SQLAlchemy session, so the benchmark times exactly the code the service runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import islice
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Table,
    TextClause,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    null,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased, scoped_session

from intake.tenancy import current_force_id
from triage.matching.store import SubjectRef, usable_holders
from triage.matching.tokens import LINKABLE_KINDS, Token
from triage.matching.weights import COMMON_TOKEN_LIMIT
from triage.models.subjects import (
    ClusterRisk,
    PossibleMatch,
    SubjectLink,
    SubjectToken,
    with_subject_links,
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


@cache
def _bounded_lookup(tokens: int) -> TextClause:
    """One statement of ``tokens`` equality lookups, each stopping after ``:limit`` entries of
    ``ix_subject_token_lookup``. Written as SQL text, cached per number of tokens: building the
    same ``UNION ALL`` with the expression language costs more than running it. (SQLite; see
    ``_BOUNDED_LOOKUP_PG``.)"""
    part = (
        "SELECT * FROM (SELECT token, report_id, subject_no FROM subject_token "
        "WHERE token = :t{i} ORDER BY report_id, subject_no LIMIT :limit) AS t{i}"
    )
    return text(" UNION ALL ".join(part.format(i=i) for i in range(tokens)))


# The same lookups on PostgreSQL, the tokens given as one array: one SQL text whatever their
# number, so psycopg prepares it once per connection and a lookup costs no planning.
_BOUNDED_LOOKUP_PG = text(
    "SELECT h.token, h.report_id, h.subject_no "
    "FROM unnest(CAST(:tokens AS bytea[])) WITH ORDINALITY AS l (token, n) "
    "CROSS JOIN LATERAL (SELECT token, report_id, subject_no FROM subject_token "
    "WHERE token = l.token ORDER BY report_id, subject_no LIMIT :limit) AS h "
    "ORDER BY l.n, h.report_id, h.subject_no"
)


def _of_reports(column: Any, report_ids: list[int], dialect: str) -> Any:
    """``column`` is one of ``report_ids``: an array on PostgreSQL (one SQL text, prepared
    once, however many there are), an ``IN`` list elsewhere."""
    if dialect == "postgresql":
        return column == any_(bindparam("report_ids", report_ids, type_=ARRAY(BigInteger)))
    return column.in_(report_ids)


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
        kinds = {bytes.fromhex(value): kind for kind, value in tokens if kind in LINKABLE_KINDS}
        if not kinds:
            return set()
        values = sorted(kinds)
        params: dict[str, Any] = {"limit": COMMON_TOKEN_LIMIT + 1}
        if self._dialect() == "postgresql":
            params["tokens"] = values
            statement = _BOUNDED_LOOKUP_PG
        else:
            params.update({f"t{i}": value for i, value in enumerate(values)})
            statement = _bounded_lookup(len(values))
        holders: dict[bytes, list[SubjectRef]] = defaultdict(list)
        rows = self._connection().execute(statement, params)
        for token, report_id, subject_no in rows:
            holders[bytes(token)].append((str(report_id), subject_no))
        found: set[SubjectRef] = set()
        for value, refs in holders.items():
            found.update(usable_holders((kinds[value], value.hex()), refs))
        self._pending = {r for r in found if r not in self._tokens or r not in self._clusters}
        return found

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
        ).where(_of_reports(TOKENS.c.report_id, report_ids, dialect))
        links = select(
            LINKS.c.report_id, LINKS.c.subject_no, null(), null(), LINKS.c.cluster_id
        ).where(_of_reports(LINKS.c.report_id, report_ids, dialect))
        fresh: dict[SubjectRef, set[Token]] = {ref: set() for ref in wanted}
        names = {report_id: str(report_id) for report_id in report_ids}
        rows = self._connection().execute(union_all(tokens, links)).all()
        for report_id, subject_no, kind, token, cluster_id in rows:
            ref = (names[report_id], subject_no)
            if cluster_id is not None:
                self._clusters.setdefault(ref, cluster_id)
            else:
                fresh.setdefault(ref, set()).add((kind, token.hex()))
        for ref, held in fresh.items():
            self._tokens.setdefault(ref, held)

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        """Whether a rejected possible match has one person in each cluster: one indexed query,
        through the clusters' links (``ix_subject_link_cluster_id``) to the match's subjects."""
        if cluster_a == cluster_b:
            return False
        ours, theirs = aliased(SubjectLink), aliased(SubjectLink)
        query = (
            with_subject_links(select(PossibleMatch.id), ours, theirs)
            .where(
                PossibleMatch.status == "rejected",
                or_(
                    and_(ours.cluster_id == cluster_a, theirs.cluster_id == cluster_b),
                    and_(ours.cluster_id == cluster_b, theirs.cluster_id == cluster_a),
                ),
            )
            .limit(1)
        )
        return self._connection().execute(query).first() is not None

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        """Always False: a subject arriving with a new report has not been judged yet (only
        ``triage.matching.relink`` re-matches judged subjects, on an in-memory store)."""
        return False

    # -- writes --------------------------------------------------------------------------------

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        """Record a subject's tokens and its cluster link (the reason is sealed later)."""
        report_id, subject_no = int(ref[0]), ref[1]
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
        self._tokens[ref] = set(tokens)
        self._clusters[ref] = cluster_id

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
        self.retired.extend(others)
        return survivor
