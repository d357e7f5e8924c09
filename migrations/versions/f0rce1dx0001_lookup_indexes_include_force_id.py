"""Matching's lookup indexes carry force_id, so the row-level policy is met from the index

``ix_subject_token_lookup``, ``ix_roster_token_lookup`` and ``ix_roster_token_person`` are
rebuilt with ``INCLUDE (force_id)`` on PostgreSQL. Under the force policy every row a lookup reads
must show its force; without force_id in the index, a lookup meant to read at most 51 index
entries visited every holder's table row first (measured: 2,150 table pages for one report's 21
tokens). SQLite has no row-level policy and no INCLUDE: nothing changes there.

Revision ID: f0rce1dx0001
Revises: 0a51c0de7e11
Create Date: 2026-11-30 19:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f0rce1dx0001'
down_revision = '0a51c0de7e11'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_subject_token_lookup', 'subject_token', ['token', 'report_id', 'subject_no']),
    ('ix_roster_token_lookup', 'roster_token', ['token', 'person_id']),
    ('ix_roster_token_person', 'roster_token', ['person_id', 'kind', 'token']),
]


def _rebuild(include: list[str]) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for name, table, columns in INDEXES:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, postgresql_include=include)


def upgrade():
    _rebuild(['force_id'])


def downgrade():
    _rebuild([])
