"""The statement ``SqlRoster.gather`` runs: the roster people each reading of a mention finds,
one row per reading and person saying which of the reading's kinds they hold and in which they
agree. Every reading of a mention goes in one statement (``r`` is its place in the list), so a
mention costs one round trip however many ways its name can be read.

Two forms of one query. On PostgreSQL the tokens, kinds and bits go in as arrays, so the SQL text
is the same for every mention and psycopg prepares it once per connection (after a few uses): a
mention costs no planning, which with a statement per shape cost about as much as running it.
SQLite has no arrays: there the text is built per shape (numbers of tokens, mention tokens and
kinds) and cached.

Either way, ``held`` is, per distinct token of all the readings, its holders on
``ix_roster_token_lookup``, stopping after ``:limit``; a token more than ``:most`` people hold is
crowded and gathers nobody for the readings that hold it, each of which says so with a row whose
person is NULL. Each person gathered is one row, read from
``ix_roster_token_person`` (index only) over the mention's kinds alone (no other kind bears on
the score, and every person gathered holds one of them): the bits (``BITS``) of the kinds they
hold, and of those where they hold one of the mention's tokens. Kinds and tokens are matched by
joins on short lists, not by ``CASE`` and ``IN`` tests on every row read.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from sqlalchemy import TextClause, text

from triage.matching.roster import ROSTER_TOKEN_LIMIT
from triage.matching.tokens import KINDS, Token

# Each kind of token as one bit, so that a person's kinds add up to one number in SQL.
BITS = {kind: 1 << number for number, kind in enumerate(KINDS)}
V = TypeVar("V", str, bytes)

_GATHER = (
    "WITH asked (token, r) AS ({asked}), "
    "held AS ({held}), "
    "counted AS (SELECT token, COUNT(*) AS n FROM held GROUP BY token), "
    "gathered AS (SELECT DISTINCT a.r, p.id, p.person_token FROM asked a "
    "JOIN counted c ON c.token = a.token AND c.n <= :most "
    "JOIN held h ON h.token = a.token JOIN roster_person p ON p.id = h.person_id), "
    "kinds (kind, bit, readings) AS ({kinds}), "
    "mentioned (token, readings) AS ({mentioned}) "
    "SELECT g.r, g.person_token, {bits}, {agreeing} "
    "FROM gathered g JOIN roster_token t ON t.person_id = g.id "
    "JOIN kinds k ON k.kind = t.kind AND k.readings & (1 << g.r) <> 0 "
    "LEFT JOIN mentioned m ON m.token = t.token AND m.readings & (1 << g.r) <> 0 "
    "GROUP BY g.r, g.id, g.person_token "
    "UNION ALL SELECT a.r, NULL, NULL, NULL FROM asked a "
    "JOIN counted c ON c.token = a.token WHERE c.n > :most"
)
_AGREEING = "CASE WHEN m.token IS NULL THEN 0 ELSE k.bit END"
# PostgreSQL ORs a person's bits as they come (hashed by person id).
_POSTGRESQL = text(
    _GATHER.format(
        asked="SELECT * FROM unnest(CAST(:by AS bytea[]), CAST(:by_reading AS integer[]))",
        held="SELECT h.token, h.person_id FROM (SELECT DISTINCT token FROM asked) AS b "
        "CROSS JOIN LATERAL (SELECT r.token, r.person_id FROM roster_token r "
        "WHERE r.token = b.token ORDER BY r.person_id LIMIT :limit) AS h",
        kinds="SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:bits AS integer[]), "
        "CAST(:kind_readings AS integer[]))",
        mentioned="SELECT * FROM unnest(CAST(:mention AS bytea[]), "
        "CAST(:mention_readings AS integer[]))",
        bits="bit_or(k.bit)",
        agreeing=f"bit_or({_AGREEING})",
    )
)
_HOLDERS = (
    "SELECT * FROM (SELECT token, person_id FROM roster_token WHERE token = :b{i} "
    "ORDER BY person_id LIMIT :limit) AS h{i}"
)


@cache
def _sqlite(tokens: int, asked: int, mention: int, kinds: int) -> TextClause:
    """The SQLite form for one shape. It has no ``bit_or``: the sum of a person's distinct
    bits, each a power of two, is the same number."""
    return text(
        _GATHER.format(
            asked="VALUES " + ", ".join(f"(:a{i}, :ar{i})" for i in range(asked)),
            held=" UNION ALL ".join(_HOLDERS.format(i=i) for i in range(tokens)),
            kinds="VALUES " + ", ".join(f"(:k{i}, :kb{i}, :kr{i})" for i in range(kinds)),
            mentioned="VALUES " + ", ".join(f"(:m{i}, :mr{i})" for i in range(mention)),
            bits="SUM(DISTINCT k.bit)",
            agreeing=f"SUM(DISTINCT {_AGREEING})",
        )
    )


def _readings(asked: list[set[V]]) -> dict[V, int]:
    """Each value and the readings it is in, as bits (reading ``r`` is ``1 << r``)."""
    masks: dict[V, int] = {}
    for r, values in enumerate(asked):
        for value in values:
            masks[value] = masks.get(value, 0) | 1 << r
    return masks


def gather_statement(
    dialect: str, asked: list[tuple[set[Token], set[Token], list[str]]]
) -> tuple[TextClause, dict[str, object]]:
    """The statement and its parameters gathering, for each reading ``r`` (its place in
    ``asked``), the people its tokens ``by`` find, for its ``mention`` (whose ``kinds`` are
    given). Each reading's ``by`` must not be empty. Kinds and mention tokens go in once each,
    with the readings they belong to as bits, so that they are matched by a join on the kind or
    the token alone, as for one reading."""
    by = [
        (bytes.fromhex(v), r) for r, (tokens, _, _) in enumerate(asked) for _, v in sorted(tokens)
    ]
    mentioned = _readings([{bytes.fromhex(v) for _, v in mention} for _, mention, _ in asked])
    kinds = _readings([set(of) for _, _, of in asked])
    params: dict[str, object] = {"limit": ROSTER_TOKEN_LIMIT + 1, "most": ROSTER_TOKEN_LIMIT}
    if dialect == "postgresql":
        params.update(
            by=[token for token, _ in by],
            by_reading=[r for _, r in by],
            mention=list(mentioned),
            mention_readings=list(mentioned.values()),
            kinds=list(kinds),
            bits=[BITS[kind] for kind in kinds],
            kind_readings=list(kinds.values()),
        )
        return _POSTGRESQL, params
    distinct = sorted({token for token, _ in by})
    params.update({f"b{i}": value for i, value in enumerate(distinct)})
    for i, (token, r) in enumerate(by):
        params[f"a{i}"], params[f"ar{i}"] = token, r
    for i, (token, readings) in enumerate(mentioned.items()):
        params[f"m{i}"], params[f"mr{i}"] = token, readings
    for i, (kind, readings) in enumerate(kinds.items()):
        params[f"k{i}"], params[f"kb{i}"], params[f"kr{i}"] = kind, BITS[kind], readings
    return _sqlite(len(distinct), len(by), len(mentioned), len(kinds)), params
