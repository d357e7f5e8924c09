"""a report may be kept from other forces: the reporter's answer to "can the team share it"

``report.no_sharing`` is true when the reporter asked that the team never share the report with
another force's independent team; a request to share it is then refused. Reports sent before the
question was asked keep false, as the start page told their reporters.

Revision ID: u5c9e2a7b1d3
Revises: t3b8d1e5f2a7
Create Date: 2026-12-03 07:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'u5c9e2a7b1d3'
down_revision = 't3b8d1e5f2a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('no_sharing', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('no_sharing')
