"""The statements ``SqlSubjectStore`` runs that are written by hand: the bounded lookups of
candidates (with the surname count, and on PostgreSQL the candidates' tokens and clusters too),
and the rejected possible matches touching a set of clusters.

On PostgreSQL the lists go in as arrays (or as one text the statement splits into one,
``as_list``), so each is one SQL text that psycopg prepares once per connection and a lookup costs
no planning; SQLite has no arrays, so its forms are built per shape and cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, TextClause, any_, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY


def as_list(items: Iterable[object]) -> str:
    """A list for a PostgreSQL statement, as one text of space-separated items (tokens in hex)
    that the statement splits with ``string_to_array(CAST(:name AS text), ' ')``: psycopg dumps
    a Python list as an array in Python, item by item, which cost a tenth of matching's CPU,
    and passes one string as it is. No token in hex, kind, number or boolean holds a space."""
    return " ".join(map(str, items))


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


# The same lookups on PostgreSQL, the tokens given as one list (``as_list``): one SQL text
# whatever their number, so psycopg prepares it once per connection and a lookup costs no
# planning. It applies ``usable_holders`` itself (a kind never common, flagged in ``:keep``,
# gathers its first ``:limit`` - 1 holders; another kind gathers its holders only if fewer than
# ``:limit`` hold it) and reads what ``_load`` would read next, in the same round trip: one row
# per subject of every report holding a gathered token, with its cluster, whether it was
# gathered, and its tokens as two space-separated texts (kinds, and the tokens in hex, in the
# same order) that Python splits far faster than it takes a row per token. The first row
# (subject number NULL) is the count.
BOUNDED_LOOKUP_PG = text(
    "WITH l AS (SELECT decode(u.token, 'hex') AS token, u.keep, u.n FROM "
    "unnest(string_to_array(CAST(:tokens AS text), ' '), "
    "CAST(string_to_array(CAST(:keep AS text), ' ') AS boolean[])) "
    "WITH ORDINALITY AS u (token, keep, n)), "
    "h AS (SELECT l.n, l.keep, x.report_id, x.subject_no FROM l "
    "CROSS JOIN LATERAL (SELECT report_id, subject_no FROM subject_token "
    "WHERE token = l.token ORDER BY report_id, subject_no "
    "LIMIT CASE WHEN l.keep THEN :limit - 1 ELSE :limit END) AS x), "
    "c AS (SELECT DISTINCT report_id, subject_no FROM h WHERE keep "
    "OR n IN (SELECT n FROM h GROUP BY n HAVING COUNT(*) < :limit)), "
    "r AS (SELECT DISTINCT report_id FROM c), "
    "t AS (SELECT report_id, subject_no, string_agg(kind, ' ') AS kinds, "
    "string_agg(encode(token, 'hex'), ' ') AS tokens FROM subject_token "
    "WHERE report_id = ANY(ARRAY(SELECT report_id FROM r)) GROUP BY report_id, subject_no), "
    "k AS (SELECT report_id, subject_no, cluster_id FROM subject_link "
    "WHERE report_id = ANY(ARRAY(SELECT report_id FROM r))) "
    "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM subject_token "
    "WHERE token = decode(CAST(:counted AS text), 'hex') "
    "LIMIT :most) AS n) AS report_id, NULL AS subject_no, NULL AS gathered, "
    "CAST(NULL AS text) AS cluster_id, CAST(NULL AS text) AS kinds, "
    "CAST(NULL AS text) AS tokens "
    "UNION ALL SELECT COALESCE(t.report_id, k.report_id), COALESCE(t.subject_no, k.subject_no), "
    "EXISTS (SELECT 1 FROM c WHERE c.report_id = t.report_id AND c.subject_no = t.subject_no), "
    "k.cluster_id, t.kinds, t.tokens FROM t FULL JOIN k "
    "ON k.report_id = t.report_id AND k.subject_no = t.subject_no"
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
    "SELECT u.id, :force, :report, :subject, u.kind, decode(u.token, 'hex') "
    "FROM unnest(CAST(string_to_array(CAST(:ids AS text), ' ') AS bigint[]), "
    "string_to_array(CAST(:kinds AS text), ' '), "
    "string_to_array(CAST(:tokens AS text), ' ')) AS u (id, kind, token)) "
    "INSERT INTO subject_link (force_id, report_id, subject_no, cluster_id) "
    "VALUES (:force, :report, :subject, :cluster)"
)
