"""failed sign-ins the member is told of; invitations bound to one browser, wrong codes counted

Revision ID: 5e1c0a7d2b93
Revises: 5e1d0c7a9b3f
Create Date: 2026-11-30 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c0a7d2b93'
down_revision = '5e1d0c7a9b3f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unseen_failures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('unseen_failures_since', sa.Date(), nullable=True))

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser_hash', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('failed_codes', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('failed_codes')
        batch_op.drop_column('browser_hash')

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('unseen_failures_since')
        batch_op.drop_column('unseen_failures')
