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
    "WITH asked (token, r) AS ({asked}), "
    "held AS ({held}), "
    "counted AS (SELECT token, COUNT(*) AS n FROM held GROUP BY token), "
    "gathered AS (SELECT DISTINCT a.r, p.id, p.person_token FROM asked a "
    "JOIN counted c ON c.token = a.token AND c.n <= :most "
    "JOIN held h ON h.token = a.token JOIN roster_person p ON p.id = h.person_id), "
    "kinds (r, kind, bit) AS ({kinds}), "
    "mentioned (r, token) AS ({mentioned}) "
    "SELECT g.r, g.person_token, {bits}, {agreeing} "
    "FROM gathered g JOIN roster_token t ON t.person_id = g.id "
    "JOIN kinds k ON k.r = g.r AND k.kind = t.kind "
    "LEFT JOIN mentioned m ON m.r = g.r AND m.token = t.token "
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
        kinds="SELECT * FROM unnest(CAST(:kind_reading AS integer[]), CAST(:kinds AS text[]), "
        "CAST(:bits AS integer[]))",
        mentioned="SELECT DISTINCT * FROM unnest(CAST(:mention_reading AS integer[]), "
        "CAST(:mention AS bytea[]))",
        bits="bit_or(k.bit)",
        agreeing=f"bit_or({_AGREEING})",
    )
)
_HOLDERS = (
    "SELECT * FROM (SELECT token, person_id FROM roster_token WHERE token = :b{i} "
    "ORDER BY person_id LIMIT :limit) AS h{i}"
)

_MENTIONED = "SELECT DISTINCT column1, column2 FROM (VALUES {}) AS m"


@cache
def _sqlite(tokens: int, asked: int, mention: int, kinds: int) -> TextClause:
    """The SQLite form for one shape. It has no ``bit_or``: the sum of a person's distinct
    bits, each a power of two, is the same number."""
    return text(
        _GATHER.format(
            asked="VALUES " + ", ".join(f"(:a{i}, :ar{i})" for i in range(asked)),
            held=" UNION ALL ".join(_HOLDERS.format(i=i) for i in range(tokens)),
            kinds="VALUES " + ", ".join(f"(:kr{i}, :k{i}, :kb{i})" for i in range(kinds)),
            mentioned=_MENTIONED.format(", ".join(f"(:mr{i}, :m{i})" for i in range(mention))),
            bits="SUM(DISTINCT k.bit)",
            agreeing=f"SUM(DISTINCT {_AGREEING})",
        )
    )


def gather_statement(
    dialect: str, asked: list[tuple[set[Token], set[Token], list[str]]]
) -> tuple[TextClause, dict[str, object]]:
    """The statement and its parameters gathering, for each reading ``r`` (its place in
    ``asked``), the people its tokens ``by`` find, for its ``mention`` (whose ``kinds`` are
    given). Each reading's ``by`` must not be empty."""
    by = [
        (bytes.fromhex(v), r) for r, (tokens, _, _) in enumerate(asked) for _, v in sorted(tokens)
    ]
    mentioned = [
        (r, bytes.fromhex(v)) for r, (_, mention, _) in enumerate(asked) for _, v in mention
    ]
    kinds = [(r, kind) for r, (_, _, of) in enumerate(asked) for kind in of]
    params: dict[str, object] = {"limit": ROSTER_TOKEN_LIMIT + 1, "most": ROSTER_TOKEN_LIMIT}
    if dialect == "postgresql":
        params.update(
            by=[token for token, _ in by],
            by_reading=[r for _, r in by],
            mention_reading=[r for r, _ in mentioned],
            mention=[token for _, token in mentioned],
            kind_reading=[r for r, _ in kinds],
            kinds=[kind for _, kind in kinds],
            bits=[BITS[kind] for _, kind in kinds],
        )
        return _POSTGRESQL, params
    distinct = sorted({token for token, _ in by})
    params.update({f"b{i}": value for i, value in enumerate(distinct)})
    for i, (token, r) in enumerate(by):
        params[f"a{i}"], params[f"ar{i}"] = token, r
    for i, (r, token) in enumerate(mentioned):
        params[f"mr{i}"], params[f"m{i}"] = r, token
    for i, (r, kind) in enumerate(kinds):
        params[f"kr{i}"], params[f"k{i}"], params[f"kb{i}"] = r, kind, BITS[kind]
    return _sqlite(len(distinct), len(by), len(mentioned), len(kinds)), params
