"""National oversight: a force may be marked national (no reports; its oversight members see
every force's aggregate figures); the oversight indexes lead with force_id, since every
oversight query is scoped to one force

Revision ID: b7e2a91c4d05
Revises: 6a7e2d41c0b5
Create Date: 2026-11-30 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e2a91c4d05'
down_revision = '6a7e2d41c0b5'
branch_labels = None
depends_on = None


OVERSIGHT_COLUMNS = [
    'received_on', 'escrow', 'acknowledged_on', 'feedback_on', 'closed_on', 'outcome_on',
    'outcome', 'case_decision', 'subject_ethnicity', 'retaliation_on', 'id',
]


def _indexes(first):
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_oversight')
        batch_op.create_index('ix_report_oversight', [*first, *OVERSIGHT_COLUMNS], unique=False)
    with op.batch_alter_table('subject_link', schema=None) as batch_op:
        batch_op.drop_index('ix_subject_link_report_cluster')
        batch_op.create_index(
            'ix_subject_link_report_cluster', [*first, 'report_id', 'cluster_id'], unique=False
        )


def upgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('national', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _indexes(['force_id'])


def downgrade():
    _indexes([])
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.drop_column('national')
