"""National oversight: a force may be marked national (no reports; its oversight members see
every force's aggregate figures)

Revision ID: b7e2a91c4d05
Revises: 73dcb122a626
Create Date: 2026-11-30 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e2a91c4d05'
down_revision = '73dcb122a626'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('national', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.drop_column('national')
