"""roster tokens read by person, kind and token from the index alone

Resolving a mention reads, of each roster person it gathers, which kinds of the mention they
hold and which of its tokens they share (``triage.matching.roster_store``): a covering index on
(person_id, kind, token) answers that without reading the table, and serves every lookup the
old person_id index did.

Revision ID: 6a7e2d41c0b5
Revises: c41b7a2e9d10
Create Date: 2026-11-30 16:20:00

"""
from alembic import op


revision = '6a7e2d41c0b5'
down_revision = 'c41b7a2e9d10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roster_token', schema=None) as batch_op:
        batch_op.create_index('ix_roster_token_person', ['person_id', 'kind', 'token'], unique=False)
        batch_op.drop_index('ix_roster_token_person_id')


def downgrade():
    with op.batch_alter_table('roster_token', schema=None) as batch_op:
        batch_op.create_index('ix_roster_token_person_id', ['person_id'], unique=False)
        batch_op.drop_index('ix_roster_token_person')
