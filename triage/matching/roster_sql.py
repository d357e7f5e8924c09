"""The statement ``SqlRoster.gather`` runs: the roster people the readings of a mention find,
one row per person found saying which readings found them, which of the mention's kinds they hold
and which of the mention's tokens they hold. Every reading of a mention goes in one statement
(``r`` is its place in the list), so a mention costs one round trip however many ways its name
can be read.

Two forms of one query. On PostgreSQL the tokens, kinds and bits go in as lists (``as_list``: one
text each, split into an array by the statement), so the SQL text is the same for every mention
and psycopg prepares it once per connection (after a few uses): a mention costs no planning,
which with a statement per shape cost about as much as running it.
SQLite has no arrays: there the text is built per shape (numbers of tokens, mention tokens and
kinds) and cached.

Either way, ``held`` is, per distinct token of all the readings, its holders on
``ix_roster_token_lookup``, stopping after ``:limit``; a token more than ``:most`` people hold is
crowded and gathers nobody for the readings that hold it, each of which says so with a row whose
person is NULL. Each person gathered is one row, whichever readings found them (their bits in
``readings``), read from ``ix_roster_token_person`` (index only) once: the bits (``BITS``) of the
kinds they hold of any reading's kinds, and the places (in ``mention``, the tokens of every
reading) of the mention tokens they hold. ``SqlRoster.gather`` works out from these, for each
reading that found them, which of its kinds they hold and in which they agree: one scan of a
person's tokens for all the readings, rather than one per reading, and the grouping by person
before the person's own token is read. Kinds and tokens are matched by joins on short lists, not
by ``CASE`` and ``IN`` tests on every row read.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import TextClause, text

from triage.matching.roster import ROSTER_TOKEN_LIMIT, SURNAME_CLOSE_KINDS
from triage.matching.subject_sql import as_list
from triage.matching.tokens import KINDS, Token

# Each kind of token as one bit, so that a person's kinds add up to one number in SQL.
BITS = {kind: 1 << number for number, kind in enumerate(KINDS)}

# The kinds ``roster._score`` calls the surname close in (``SURNAME_CLOSE_KINDS``, shared with
# it), and the warrant number, which fits before the surname is looked at. ``_score`` refuses a
# person for a reading when both wrote a surname (both hold ``surname_fuzzy``) and they agree in
# none of these: on PostgreSQL the statement leaves out a person every reading that found them
# would refuse so (``_KEPT``; about half of those gathered), before their person token is looked
# up in ``roster_person`` and the rows go to Python. Whom it leaves out ``_score`` would have
# refused, so the resolution is the same (``tests/test_roster_lookup.py`` compares it with the
# memory index).
_CLOSE = ", ".join(f"'{kind}'" for kind in sorted(SURNAME_CLOSE_KINDS | {"warrant"}))
_KEPT = "WHERE s.kinds & :surname_bit = 0 OR s.readings & ~(:named & ~s.close) <> 0 "

_GATHER = (
    "WITH asked (token, r) AS ({asked}), "
    "held AS ({held}), "
    "counted AS (SELECT token, COUNT(*) AS n FROM held GROUP BY token), "
    "gathered AS (SELECT h.person_id AS id, {readings} AS readings FROM asked a "
    "JOIN counted c ON c.token = a.token AND c.n <= :most "
    "JOIN held h ON h.token = a.token GROUP BY h.person_id), "
    "kinds (kind, bit) AS ({kinds}), "
    "mentioned (token, kind, place, readings) AS ({mentioned}), "
    "scored AS (SELECT g.id, g.readings, {bits} AS kinds, {places} AS places, {close} AS close "
    "FROM gathered g JOIN roster_token t ON t.person_id = g.id "
    "JOIN kinds k ON k.kind = t.kind "
    "LEFT JOIN mentioned m ON m.token = t.token AND m.kind = t.kind "
    "GROUP BY g.id, g.readings) "
    "SELECT s.readings, p.person_token, s.kinds, s.places "
    "FROM scored s JOIN roster_person p ON p.id = s.id {kept}"
    "UNION ALL SELECT 1 << a.r, NULL, NULL, NULL FROM asked a "
    "JOIN counted c ON c.token = a.token WHERE c.n > :most"
)
# PostgreSQL ORs a person's bits as they come (hashed by person id).
_POSTGRESQL = text(
    _GATHER.format(
        asked="SELECT decode(u.token, 'hex'), u.r FROM "
        "unnest(string_to_array(CAST(:by AS text), ' '), "
        "CAST(string_to_array(CAST(:by_reading AS text), ' ') AS integer[])) "
        "AS u (token, r)",
        held="SELECT h.token, h.person_id FROM (SELECT DISTINCT token FROM asked) AS b "
        "CROSS JOIN LATERAL (SELECT r.token, r.person_id FROM roster_token r "
        "WHERE r.token = b.token ORDER BY r.person_id LIMIT :limit) AS h",
        readings="bit_or(1 << a.r)",
        kinds="SELECT * FROM unnest(string_to_array(CAST(:kinds AS text), ' '), "
        "CAST(string_to_array(CAST(:bits AS text), ' ') AS integer[]))",
        mentioned="SELECT decode(u.token, 'hex'), u.kind, u.place - 1, u.readings FROM "
        "unnest(string_to_array(CAST(:mention AS text), ' '), "
        "string_to_array(CAST(:mention_kinds AS text), ' '), "
        "CAST(string_to_array(CAST(:mention_readings AS text), ' ') AS integer[])) "
        "WITH ORDINALITY AS u (token, kind, readings, place)",
        bits="bit_or(k.bit)",
        places="string_agg(CAST(m.place AS text), ' ')",
        close=f"bit_or(CASE WHEN m.kind IN ({_CLOSE}) THEN m.readings ELSE 0 END)",
        kept=_KEPT,
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
            readings="SUM(DISTINCT 1 << a.r)",
            kinds="VALUES " + ", ".join(f"(:k{i}, :kb{i})" for i in range(kinds)),
            mentioned="VALUES " + ", ".join(f"(:m{i}, :mk{i}, {i}, 0)" for i in range(mention)),
            bits="SUM(DISTINCT k.bit)",
            places="group_concat(m.place, ' ')",
            # SQLite has no ``bit_or`` for the readings: it leaves the refusing to ``_score``.
            close="0",
            kept="",
        )
    )


def gather_statement(
    dialect: str, by: list[set[str]], kinds: list[str], mention: dict[Token, int]
) -> tuple[TextClause, dict[str, object]]:
    """The statement and its parameters gathering the people each reading ``r`` finds by its
    tokens ``by[r]`` (in hex; none may be empty), with the bits of which of ``kinds`` each holds
    and the places in ``mention`` (each token with the readings it is in, as bits) of the tokens
    each holds."""
    asked = [(token, r) for r, tokens in enumerate(by) for token in sorted(tokens)]
    params: dict[str, object] = {"limit": ROSTER_TOKEN_LIMIT + 1, "most": ROSTER_TOKEN_LIMIT}
    if dialect == "postgresql":
        named = 0  # the readings that wrote a surname
        for (kind, _), readings in mention.items():
            if kind == "surname_fuzzy":
                named |= readings
        params.update(
            by=as_list(token for token, _ in asked),
            by_reading=as_list(r for _, r in asked),
            kinds=as_list(kinds),
            bits=as_list(BITS[kind] for kind in kinds),
            mention=as_list(value for _, value in mention),
            mention_kinds=as_list(kind for kind, _ in mention),
            mention_readings=as_list(mention.values()),
            surname_bit=BITS["surname_fuzzy"],
            named=named,
        )
        return _POSTGRESQL, params
    distinct = sorted({token for token, _ in asked})
    params.update({f"b{i}": bytes.fromhex(value) for i, value in enumerate(distinct)})
    for i, (token, r) in enumerate(asked):
        params[f"a{i}"], params[f"ar{i}"] = bytes.fromhex(token), r
    for i, (kind, value) in enumerate(mention):
        params[f"m{i}"], params[f"mk{i}"] = bytes.fromhex(value), kind
    for i, kind in enumerate(kinds):
        params[f"k{i}"], params[f"kb{i}"] = kind, BITS[kind]
    return _sqlite(len(distinct), len(asked), len(mention), len(kinds)), params
