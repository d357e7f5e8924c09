"""``flask privacy reorder``: scramble the physical order of reporter-side rows.

Random ids (``intake.models.ids``) stop the keys from saying which report came first, but a
database also remembers order in where rows sit and which transaction wrote them: SQLite's rowid
in tables without an integer key, PostgreSQL's ``ctid`` (page and slot) and ``xmin`` (writing
transaction). Run daily from cron, this job rewrites every reporter-side row in ONE transaction,
so they all carry the same ``xmin``, re-inserts the rows of tables without a random integer key
in random order, and then rebuilds each table in primary-key order (PostgreSQL ``CLUSTER`` on
keys that are random; SQLite ``VACUUM``), which also drops the old row versions and free pages.
Afterwards neither ids, ``xmin``, ``ctid`` nor rowid says which report arrived first.

It never reads or changes what a row holds: the same values go back in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, Table, delete, insert, text, update

from intake.db import db

# Every table whose rows a reporter's action creates, or that sit beside them in arrival order
# (timeline events), parents before children. Named rather than imported: triage owns some.
REPORTER_TABLES = (
    "report",
    "report_category",
    "attachment",
    "message",
    "case_event",
    "subject_token",
    "subject_link",
    "possible_match",
    "cluster_risk",
    "draft",
    # Written when a report arrives and another force names the same person.
    "national_token",
    "crossforce_notice",
)


@dataclass(frozen=True)
class Reordered:
    rows: dict[str, int]


def _tables() -> list[Table]:
    return [db.metadata.tables[name] for name in REPORTER_TABLES]


def _has_random_rowid(table: Table) -> bool:
    """True when the table's key is one random integer ``id``, so it is also the row's position
    (SQLite rowid, and the order ``CLUSTER`` writes on PostgreSQL)."""
    columns = list(table.primary_key.columns)
    return len(columns) == 1 and columns[0].name == "id" and columns[0].default is not None


def reorder(engine: Engine) -> Reordered:
    """Rewrite every reporter-side row in one transaction, then rebuild the tables."""
    tables = _tables()
    postgres = engine.dialect.name == "postgresql"
    counts: dict[str, int] = {}
    shuffle = secrets.SystemRandom().shuffle
    with engine.begin() as connection:
        if postgres:
            # Writers wait (readers do not) so no row arrives or changes between reading a
            # table and writing it back.
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))
        for table in tables:
            if _has_random_rowid(table):
                # Same values back: on PostgreSQL every row gets this transaction's xmin.
                key = table.c.id
                result = connection.execute(update(table).values({key: key}))
                counts[table.name] = result.rowcount
                continue
            # No random integer key: the insertion order is the position, so take the rows
            # out and put them back shuffled. DELETE ... RETURNING takes the write lock first,
            # so on SQLite too nothing can slip in between.
            rows = [
                dict(row._mapping) for row in connection.execute(delete(table).returning(*table.c))
            ]
            shuffle(rows)
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if postgres:
            for table in tables:
                # Rewrites the table in primary-key order: random ids, or a random report id
                # first, so page order is random; dead versions with their old xmin are dropped.
                index = table.primary_key.name
                connection.execute(text(f'CLUSTER "{table.name}" USING "{index}"'))
                connection.execute(text(f'ANALYZE "{table.name}"'))
        else:
            connection.execute(text("VACUUM"))
    return Reordered(rows=counts)
