"""reporter sessions kept server-side; read-back, withdrawal and unseen messages

Revision ID: r2a1c0de5e55
Revises: 131a97b66d6c
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'r2a1c0de5e55'
down_revision = '131a97b66d6c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reporter_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporter_session'))
    )
    with op.batch_alter_table('reporter_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporter_session_expires_on'), ['expires_on'], unique=False)
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporter_content', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_on', sa.Date(), nullable=True))
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporter_meta', sa.LargeBinary(), nullable=True))
    with op.batch_alter_table('message', schema=None) as batch_op:
        # Existing rows: the reporter's own messages count as seen, the team's as not yet.
        batch_op.add_column(sa.Column('seen_by_reporter', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE message SET seen_by_reporter = from_reporter")
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('seen_by_reporter', server_default=None)


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('seen_by_reporter')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('reporter_meta')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_on')
        batch_op.drop_column('reporter_content')
    with op.batch_alter_table('reporter_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporter_session_expires_on'))
    op.drop_table('reporter_session')
