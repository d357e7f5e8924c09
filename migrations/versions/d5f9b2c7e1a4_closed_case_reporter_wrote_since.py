"""a closed case the reporter writes on, or reports retaliation on, is marked until the team
answers them or a lead reopens it, so the working queue shows it with the open cases

``report.reporter_since_close_on``, indexed: the queue's default view lists the open stages or
this. Left empty for cases closed before this ran: what a reporter wrote on one then cannot be
told apart, in clear, from what they wrote before closing.

Revision ID: d5f9b2c7e1a4
Revises: c4e8a1d6f2b3
Create Date: 2026-12-04 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'd5f9b2c7e1a4'
down_revision = 'c4e8a1d6f2b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporter_since_close_on', sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_report_reporter_since_close_on'), ['reporter_since_close_on'], unique=False
        )


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_reporter_since_close_on'))
        batch_op.drop_column('reporter_since_close_on')
