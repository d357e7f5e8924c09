"""A force keeps the names it had before a rename (``flask force rename``), so rosters whose
former forces give an old name still resolve to it; its slug never changes

Revision ID: 9e4d2c7b1a30
Revises: f0rce1dx0001
Create Date: 2026-11-30 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9e4d2c7b1a30'
down_revision = 'f0rce1dx0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('former_names', sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.drop_column('former_names')
