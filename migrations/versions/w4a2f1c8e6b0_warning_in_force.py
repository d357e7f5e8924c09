"""the assessment records an officer's warning in force on the date of the severity assessment

A case to answer for misconduct goes to a misconduct hearing when the officer had a final
written warning in force (Police (Conduct) Regulations 2020), and a warning in force rules out
giving the same warning again. Existing cases have none recorded.

Revision ID: w4a2f1c8e6b0
Revises: d3b0c7e2a519
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'w4a2f1c8e6b0'
down_revision = 'd3b0c7e2a519'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warning_in_force', sa.String(length=24), nullable=True))


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('warning_in_force')
