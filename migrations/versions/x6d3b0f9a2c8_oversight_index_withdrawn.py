"""The oversight index also holds withdrawn_on: a clock the reporter's withdrawal ended before
it fell due is not counted, and the oversight queries still read the index alone

Revision ID: x6d3b0f9a2c8
Revises: u5c9e2a7b1d3
Create Date: 2026-12-03 12:10:00.000000

"""
from alembic import op


revision = 'x6d3b0f9a2c8'
down_revision = 'u5c9e2a7b1d3'
branch_labels = None
depends_on = None


BEFORE = [
    'force_id', 'received_on', 'escrow', 'acknowledged_on', 'feedback_on', 'closed_on',
    'outcome_on', 'outcome', 'case_decision', 'subject_ethnicity', 'retaliation_on',
]


def _index(columns):
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_oversight')
        batch_op.create_index('ix_report_oversight', columns, unique=False)


def upgrade():
    _index([*BEFORE, 'withdrawn_on', 'id'])


def downgrade():
    _index([*BEFORE, 'id'])
