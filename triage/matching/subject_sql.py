"""The statements ``SqlSubjectStore`` runs that are written by hand: the bounded lookups of
candidates (with the surname count, and on PostgreSQL the candidates' tokens and clusters too),
and the rejected possible matches touching a set of clusters.

On PostgreSQL the lists go in as arrays, so each is one SQL text that psycopg prepares once per
connection and a lookup costs no planning; SQLite has no arrays, so its forms are built per shape
and cached.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BigInteger, TextClause, any_, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY


@cache
def bounded_lookup(tokens: int) -> TextClause:
    """One statement of ``tokens`` equality lookups, each stopping after ``:limit`` entries of
    ``ix_subject_token_lookup``. Written as SQL text, cached per number of tokens: building the
    same ``UNION ALL`` with the expression language costs more than running it. (SQLite; see
    ``BOUNDED_LOOKUP_PG``.)"""
    part = (
        "SELECT * FROM (SELECT token, report_id, subject_no FROM subject_token "
        "WHERE token = :t{i} ORDER BY report_id, subject_no LIMIT :limit) AS t{i}"
    )
    return text(" UNION ALL ".join([_COUNTED, *(part.format(i=i) for i in range(tokens))]))


# The count of ``:counted``'s holders (up to ``:most``), as a first row whose token is NULL.
_COUNTED = (
    "SELECT NULL, (SELECT COUNT(*) FROM (SELECT 1 FROM subject_token "
    "WHERE token = :counted LIMIT :most) AS c), NULL"
)


# The same lookups on PostgreSQL, the tokens given as one array: one SQL text whatever their
# number, so psycopg prepares it once per connection and a lookup costs no planning. It also
# reads what ``_load`` would read next, in the same round trip: the tokens and clusters of the
# reports holding a token that gathers (``usable_holders``: at most ``COMMON_TOKEN_LIMIT``
# holders, or a kind never common, flagged in ``:keep``). Rows: the count (part 0), the holders
# in the order of the tokens (part 1), then those reports' tokens and links (part 2).
BOUNDED_LOOKUP_PG = text(
    "WITH l AS (SELECT * FROM unnest(CAST(:tokens AS bytea[]), CAST(:keep AS boolean[])) "
    "WITH ORDINALITY AS l (token, keep, n)), "
    "h AS (SELECT l.n, l.keep, x.token, x.report_id, x.subject_no FROM l "
    "CROSS JOIN LATERAL (SELECT token, report_id, subject_no FROM subject_token "
    "WHERE token = l.token ORDER BY report_id, subject_no LIMIT :limit) AS x), "
    "r AS (SELECT DISTINCT report_id FROM h WHERE keep "
    "OR n IN (SELECT n FROM h GROUP BY n HAVING COUNT(*) < :limit)) "
    "SELECT 0 AS part, 0 AS n, CAST(NULL AS bytea) AS token, (SELECT COUNT(*) FROM "
    "(SELECT 1 FROM subject_token WHERE token = :counted LIMIT :most) AS c) AS report_id, "
    "CAST(NULL AS integer) AS subject_no, CAST(NULL AS text) AS kind, "
    "CAST(NULL AS text) AS cluster_id "
    "UNION ALL SELECT 1, n, token, report_id, subject_no, NULL, NULL FROM h "
    "UNION ALL SELECT 2, 0, t.token, t.report_id, t.subject_no, t.kind, NULL "
    "FROM subject_token t WHERE t.report_id = ANY(ARRAY(SELECT report_id FROM r)) "
    "UNION ALL SELECT 2, 0, NULL, k.report_id, k.subject_no, NULL, k.cluster_id "
    "FROM subject_link k WHERE k.report_id = ANY(ARRAY(SELECT report_id FROM r)) "
    "ORDER BY part, n, report_id, subject_no"
)


# Rejected possible matches with a subject in one of ``:clusters``, from either side: each part
# starts from the clusters' links, so it reads only what touches them.
_REJECTED = (
    "SELECT a.cluster_id, b.cluster_id FROM subject_link a "
    "JOIN possible_match m "
    "ON m.{near}report_id = a.report_id AND m.{near}subject_no = a.subject_no "
    "JOIN subject_link b ON b.report_id = m.{far}report_id AND b.subject_no = m.{far}subject_no "
    "WHERE m.status = 'rejected' AND a.cluster_id {clusters}"
)


@cache
def rejected_pairs(dialect: str) -> TextClause:
    """The pairs of clusters judged apart touching ``:clusters``: an array on PostgreSQL (one
    SQL text, prepared once), an expanding ``IN`` list elsewhere."""
    postgresql = dialect == "postgresql"
    clusters = "= ANY(CAST(:clusters AS text[]))" if postgresql else "IN :clusters"
    statement = text(
        " UNION ALL ".join(
            _REJECTED.format(near=near, far=far, clusters=clusters)
            for near, far in (("", "other_"), ("other_", ""))
        )
    )
    if not postgresql:
        statement = statement.bindparams(bindparam("clusters", expanding=True))
    return statement


def of_reports(column: Any, report_ids: list[int], dialect: str) -> Any:
    """``column`` is one of ``report_ids``: an array on PostgreSQL (one SQL text, prepared
    once, however many there are), an ``IN`` list elsewhere."""
    if dialect == "postgresql":
        return column == any_(bindparam("report_ids", report_ids, type_=ARRAY(BigInteger)))
    return column.in_(report_ids)


# A new subject's tokens and its cluster link in one statement (PostgreSQL): the tokens as
# arrays, so the text is the same however many there are. Written by hand, the columns whose
# defaults SQLAlchemy would fill in are given: the random id and the force.
ADD_PG = text(
    "WITH tokens AS (INSERT INTO subject_token (id, force_id, report_id, subject_no, kind, token) "
    "SELECT u.id, :force, :report, :subject, u.kind, u.token "
    "FROM unnest(CAST(:ids AS bigint[]), CAST(:kinds AS text[]), CAST(:tokens AS bytea[])) "
    "AS u (id, kind, token)) "
    "INSERT INTO subject_link (force_id, report_id, subject_no, cluster_id) "
    "VALUES (:force, :report, :subject, :cluster)"
)
