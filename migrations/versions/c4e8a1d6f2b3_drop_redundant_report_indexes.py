"""drop the single-column report_id indexes of message, case_event and attachment

Each table's unique constraint on (``report_id``, ``seq``), added in a1f6c3e9d2b7, is an index
that begins with ``report_id``: it finds a report's rows as the single-column index did, so that
one only cost every insert a second index to write and the database its space.

Revision ID: c4e8a1d6f2b3
Revises: b2d7e4f0a8c1
Create Date: 2026-12-04 18:15:00.000000

"""
from alembic import op


revision = 'c4e8a1d6f2b3'
down_revision = 'b2d7e4f0a8c1'
branch_labels = None
depends_on = None

TABLES = ('message', 'case_event', 'attachment')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_report_id'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_report_id'), ['report_id'], unique=False)
