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
``readings``): the bits (``BITS``) of the kinds they hold of any reading's kinds, and the places
(in ``mention``, the tokens of every reading) of the mention tokens they hold. ``SqlRoster.gather``
works out from these, for each reading that found them, which of its kinds they hold and in which
they agree: one look at a person's tokens for all the readings, rather than one per reading.

How a person's own tokens are read differs. On PostgreSQL they are the person's row: the array
and bits ``pack`` copies from ``roster_token`` after an import, unnested and joined to the
mention's tokens (one row read per person gathered; a common surname gathers some 400 people of
about 34 tokens each, and reading those 13,000 entries from ``ix_roster_token_person`` was most of
the statement's time). SQLite reads them from ``ix_roster_token_person`` (index only), joining
kinds and tokens to short lists rather than testing each row with ``CASE`` and ``IN``.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import TextClause, text

from triage.matching.roster import ROSTER_TOKEN_LIMIT, SURNAME_CLOSE_KINDS
from triage.matching.sql_store import DbSession
from triage.matching.subject_sql import as_list
from triage.matching.tokens import KINDS, Token

# Each kind of token as one bit, so that a person's kinds add up to one number in SQL.
BITS = {kind: 1 << number for number, kind in enumerate(KINDS)}

# The kinds ``roster._score`` calls the surname close in (``SURNAME_CLOSE_KINDS``, shared with
# it), and the warrant number, which fits before the surname is looked at. ``_score`` refuses a
# person for a reading when both wrote a surname (both hold ``surname_fuzzy``) and they agree in
# none of these: on PostgreSQL the statement leaves out a person every reading that found them
# would refuse so (``_KEPT``; about half of those gathered), before the rows go to Python. Whom
# it leaves out ``_score`` would have refused, so the resolution is the same
# (``tests/test_roster_lookup.py`` compares it with the memory index).
_CLOSE = SURNAME_CLOSE_KINDS | {"warrant"}
_KEPT = "WHERE s.kinds & :surname_bit = 0 OR s.readings & ~(:named & ~s.close) <> 0 "

_GATHER = (
    "WITH asked (token, r) AS ({asked}), "
    "held AS ({held}), "
    "counted AS (SELECT token, COUNT(*) AS n FROM held GROUP BY token), "
    "gathered AS (SELECT h.person_id AS id, {readings} AS readings FROM asked a "
    "JOIN counted c ON c.token = a.token AND c.n <= :most "
    "JOIN held h ON h.token = a.token GROUP BY h.person_id), "
    "{lists}, scored AS ({scored}) "
    "SELECT s.readings, s.person_token, s.kinds, s.places FROM scored s {kept}"
    "UNION ALL SELECT 1 << a.r, NULL, NULL, NULL FROM asked a "
    "JOIN counted c ON c.token = a.token WHERE c.n > :most"
)
# PostgreSQL ORs a person's bits as they come (hashed by person id). Tokens are keyed hashes of
# their kind and value, so a token alone says its kind: the join to the mention is on the token.
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
        lists="mentioned (token, place, close) AS ("
        "SELECT decode(u.token, 'hex'), u.place - 1, u.close FROM "
        "unnest(string_to_array(CAST(:mention AS text), ' '), "
        "CAST(string_to_array(CAST(:mention_close AS text), ' ') AS integer[])) "
        "WITH ORDINALITY AS u (token, close, place))",
        scored="SELECT g.readings, p.person_token, p.kinds & :kinds AS kinds, x.places, x.close "
        "FROM gathered g JOIN roster_person p ON p.id = g.id "
        "CROSS JOIN LATERAL (SELECT string_agg(CAST(m.place AS text), ' ') AS places, "
        "COALESCE(bit_or(m.close), 0) AS close FROM unnest(p.tokens) AS t (token) "
        "JOIN mentioned m ON m.token = t.token) AS x",
        kept=_KEPT,
    )
)
# Copies each roster person's tokens and kinds from ``roster_token`` into their row, for the
# PostgreSQL statement above (``pack``).
_PACK = text(
    "UPDATE roster_person p SET tokens = t.tokens, kinds = t.kinds FROM ("
    "SELECT r.person_id, array_agg(r.token ORDER BY r.token) AS tokens, bit_or(b.bit) AS kinds "
    "FROM roster_token r JOIN roster_person q ON q.id = r.person_id "
    "JOIN unnest(string_to_array(CAST(:kinds AS text), ' '), "
    "CAST(string_to_array(CAST(:bits AS text), ' ') AS integer[])) AS b (kind, bit) "
    "ON b.kind = r.kind "
    "WHERE CAST(:version AS integer) IS NULL OR q.version = CAST(:version AS integer) "
    "GROUP BY r.person_id) AS t WHERE p.id = t.person_id"
)


def pack(session: DbSession, version: int | None = None) -> None:
    """On PostgreSQL, copy the ``roster_token`` tokens of the people one import (``version``)
    listed, or of everyone, into their ``roster_person`` rows, as the gather reads them."""
    if session.get_bind().dialect.name == "postgresql":
        params = {"kinds": as_list(BITS), "bits": as_list(BITS.values()), "version": version}
        session.execute(_PACK, params)


_HOLDERS = (
    "SELECT * FROM (SELECT token, person_id FROM roster_token WHERE token = :b{i} "
    "ORDER BY person_id LIMIT :limit) AS h{i}"
)


@cache
def _sqlite(tokens: int, asked: int, mention: int, kinds: int) -> TextClause:
    """The SQLite form for one shape. It has no ``bit_or``: the sum of a person's distinct
    bits, each a power of two, is the same number. It leaves refusing by surname to ``_score``."""
    return text(
        _GATHER.format(
            asked="VALUES " + ", ".join(f"(:a{i}, :ar{i})" for i in range(asked)),
            held=" UNION ALL ".join(_HOLDERS.format(i=i) for i in range(tokens)),
            readings="SUM(DISTINCT 1 << a.r)",
            lists="kinds (kind, bit) AS (VALUES "
            + ", ".join(f"(:k{i}, :kb{i})" for i in range(kinds))
            + "), mentioned (token, kind, place) AS (VALUES "
            + ", ".join(f"(:m{i}, :mk{i}, {i})" for i in range(mention))
            + ")",
            scored="SELECT g.readings, p.person_token, SUM(DISTINCT k.bit) AS kinds, "
            "group_concat(m.place, ' ') AS places "
            "FROM gathered g JOIN roster_person p ON p.id = g.id "
            "JOIN roster_token t ON t.person_id = g.id JOIN kinds k ON k.kind = t.kind "
            "LEFT JOIN mentioned m ON m.token = t.token AND m.kind = t.kind "
            "GROUP BY g.id, g.readings, p.person_token",
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
            kinds=sum(BITS[kind] for kind in kinds),
            mention=as_list(value for _, value in mention),
            # Of each token, the readings it is in when it is of a kind the surname is close in.
            mention_close=as_list(
                readings if kind in _CLOSE else 0 for (kind, _), readings in mention.items()
            ),
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
