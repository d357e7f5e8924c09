"""Primary keys that say nothing about when a row was made.

A counter would let anyone holding the database put reports in the order they arrived and,
between two audited team actions, date one to the minute. Rows a reporter's action creates
(and team rows that sit beside them, such as timeline events) take a random 63-bit id instead;
their order within one report is kept by a per-report ``seq`` where it matters. Physical order
(SQLite rowid, PostgreSQL ``ctid`` and ``xmin``) is scrambled later by ``flask privacy reorder``
(``intake.reorder``).
"""

from __future__ import annotations

import secrets

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

# BIGINT on PostgreSQL; on SQLite INTEGER, which is already 64-bit and keeps the column the
# table's rowid (so the rowid is random too).
ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")

# 2**63 - 1 is the largest signed 64-bit integer both backends store; collisions are negligible
# (about one in 10**5 after ten million rows of one table) and would fail the insert, not merge.
_LARGEST = 2**63 - 1


def random_id() -> int:
    return secrets.randbelow(_LARGEST) + 1


def random_primary_key() -> Mapped[int]:
    return mapped_column(ID_TYPE, primary_key=True, default=random_id, autoincrement=False)
