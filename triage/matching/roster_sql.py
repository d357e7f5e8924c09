"""The statement ``SqlRoster.gather`` runs: the roster people a mention's tokens find, one row
per person saying which of the mention's kinds they hold and in which they agree.

Two forms of one query. On PostgreSQL the tokens, kinds and bits go in as arrays, so the SQL text
is the same for every mention and psycopg prepares it once per connection (after a few uses): a
mention costs no planning, which with a statement per shape cost about as much as running it.
SQLite has no arrays: there the text is built per shape (numbers of tokens, mention tokens and
kinds) and cached.

Either way, ``held`` is, per token, its holders on ``ix_roster_token_lookup``, stopping after
``:limit``; a token more than ``:most`` people hold is crowded and gathers nobody, and says so
with a row whose person is NULL. Each person gathered is one row, read from
``ix_roster_token_person`` (index only) over the mention's kinds alone (no other kind bears on
the score, and every person gathered holds one of them): the bits (``BITS``) of the kinds they
hold, and of those where they hold one of the mention's tokens. Kinds and tokens are matched by
joins on short lists, not by ``CASE`` and ``IN`` tests on every row read.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import TextClause, text

from triage.matching.roster import ROSTER_TOKEN_LIMIT
from triage.matching.tokens import KINDS, Token

# Each kind of token as one bit, so that a person's kinds add up to one number in SQL.
BITS = {kind: 1 << number for number, kind in enumerate(KINDS)}

_GATHER = (
    "WITH held AS ({held}), "
    "counted AS (SELECT token, COUNT(*) AS n FROM held GROUP BY token), "
    "gathered AS (SELECT p.id, p.person_token FROM roster_person p WHERE p.id IN "
    "(SELECT held.person_id FROM held JOIN counted ON counted.token = held.token "
    "WHERE counted.n <= :most)), "
    "kinds (kind, bit) AS ({kinds}), "
    "mentioned (token) AS ({mentioned}) "
    "SELECT g.person_token, {bits}, {agreeing} "
    "FROM gathered g JOIN roster_token t ON t.person_id = g.id "
    "JOIN kinds k ON k.kind = t.kind LEFT JOIN mentioned m ON m.token = t.token "
    "GROUP BY g.id, g.person_token "
    "UNION ALL SELECT NULL, NULL, NULL FROM counted WHERE n > :most"
)
_AGREEING = "CASE WHEN m.token IS NULL THEN 0 ELSE k.bit END"
# PostgreSQL ORs a person's bits as they come (hashed by person id).
_POSTGRESQL = text(
    _GATHER.format(
        held="SELECT h.token, h.person_id FROM unnest(CAST(:by AS bytea[])) AS b (token) "
        "CROSS JOIN LATERAL (SELECT r.token, r.person_id FROM roster_token r "
        "WHERE r.token = b.token ORDER BY r.person_id LIMIT :limit) AS h",
        kinds="SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:bits AS integer[]))",
        mentioned="SELECT DISTINCT * FROM unnest(CAST(:mention AS bytea[]))",
        bits="bit_or(k.bit)",
        agreeing=f"bit_or({_AGREEING})",
    )
)
_HOLDERS = (
    "SELECT * FROM (SELECT token, person_id FROM roster_token WHERE token = :b{i} "
    "ORDER BY person_id LIMIT :limit) AS h{i}"
)
_MENTIONED = "SELECT DISTINCT column1 FROM (VALUES {}) AS m"


@cache
def _sqlite(tokens: int, mention: int, kinds: int) -> TextClause:
    """The SQLite form for one shape. It has no ``bit_or``: the sum of a person's distinct
    bits, each a power of two, is the same number."""
    return text(
        _GATHER.format(
            held=" UNION ALL ".join(_HOLDERS.format(i=i) for i in range(tokens)),
            kinds="VALUES " + ", ".join(f"(:k{i}, :kb{i})" for i in range(kinds)),
            mentioned=_MENTIONED.format(", ".join(f"(:m{i})" for i in range(mention))),
            bits="SUM(DISTINCT k.bit)",
            agreeing=f"SUM(DISTINCT {_AGREEING})",
        )
    )


def gather_statement(
    dialect: str, by: set[Token], mention: set[Token], kinds: list[str]
) -> tuple[TextClause, dict[str, object]]:
    """The statement and its parameters gathering the people ``by`` finds, for ``mention``
    (whose ``kinds`` are given)."""
    gathering = [bytes.fromhex(value) for _, value in sorted(by)]
    mentioned = [bytes.fromhex(value) for _, value in mention]
    params: dict[str, object] = {"limit": ROSTER_TOKEN_LIMIT + 1, "most": ROSTER_TOKEN_LIMIT}
    if dialect == "postgresql":
        params.update(
            by=gathering, mention=mentioned, kinds=kinds, bits=[BITS[kind] for kind in kinds]
        )
        return _POSTGRESQL, params
    params.update({f"b{i}": value for i, value in enumerate(gathering)})
    params.update({f"m{i}": value for i, value in enumerate(mentioned)})
    for i, kind in enumerate(kinds):
        params[f"k{i}"], params[f"kb{i}"] = kind, BITS[kind]
    return _sqlite(len(gathering), len(mentioned), len(kinds)), params
