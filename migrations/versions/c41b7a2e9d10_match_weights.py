"""match weights learnt from the data

``match_weights`` keeps each version of the likelihood ratios ``flask triage calibrate``
estimated from the stored tokens, as JSON, with the day it was stored (no exact time).

Revision ID: c41b7a2e9d10
Revises: 5d1c0e7a9b21
Create Date: 2026-11-30 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c41b7a2e9d10'
down_revision = '5d1c0e7a9b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('weights', sa.Text(), nullable=False),
    sa.Column('stored_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_weights')),
    sa.UniqueConstraint('version', name=op.f('uq_match_weights_version'))
    )


def downgrade():
    op.drop_table('match_weights')
