"""match weights learnt from the data, per force

``match_weights`` keeps each version of the likelihood ratios ``flask triage calibrate``
estimated from a force's stored tokens, as JSON, with the day it was stored (no exact time).
Each force learns from its own tokens, so the table is force-owned like the tokens themselves.

Revision ID: c41b7a2e9d10
Revises: 73dcb122a626
Create Date: 2026-11-30 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c41b7a2e9d10'
down_revision = '73dcb122a626'
branch_labels = None
depends_on = None

CONDITION = "force_id = NULLIF(current_setting('candour.force_id', true), '')::integer"


def upgrade():
    op.create_table('match_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('weights', sa.Text(), nullable=False),
    sa.Column('stored_on', sa.Date(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_match_weights_force_id_force')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_weights')),
    sa.UniqueConstraint('force_id', 'version', name='uq_match_weights_force_version')
    )
    op.create_index(op.f('ix_match_weights_force_id'), 'match_weights', ['force_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE "match_weights" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "match_weights" FORCE ROW LEVEL SECURITY')
        op.execute(
            'CREATE POLICY force_isolation ON "match_weights" '
            f'USING ({CONDITION}) WITH CHECK ({CONDITION})'
        )


def downgrade():
    op.drop_index(op.f('ix_match_weights_force_id'), table_name='match_weights')
    op.drop_table('match_weights')
