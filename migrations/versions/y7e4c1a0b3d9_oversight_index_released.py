"""The oversight index also holds released_on: figures as at the end of last month count a
go-together report released after that day as still held, and the oversight queries still read
the index alone

Revision ID: y7e4c1a0b3d9
Revises: x6d3b0f9a2c8
Create Date: 2026-12-03 20:25:00.000000

"""
from alembic import op


revision = 'y7e4c1a0b3d9'
down_revision = 'x6d3b0f9a2c8'
branch_labels = None
depends_on = None


BEFORE = [
    'force_id', 'received_on', 'escrow', 'acknowledged_on', 'feedback_on', 'closed_on',
    'outcome_on', 'outcome', 'case_decision', 'subject_ethnicity', 'retaliation_on',
    'withdrawn_on',
]


def _index(columns):
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_oversight')
        batch_op.create_index('ix_report_oversight', columns, unique=False)


def upgrade():
    _index([*BEFORE, 'released_on', 'id'])


def downgrade():
    _index([*BEFORE, 'id'])
