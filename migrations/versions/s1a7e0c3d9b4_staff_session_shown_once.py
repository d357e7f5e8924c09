"""a signed-in session keeps what its member is to be shown once, sealed

``staff_session.sealed_once`` is AES-GCM under the key in the member's cookie, as
``sealed_refused`` is, so a new invitation link comes back by post/redirect/get, shown on one
GET of the member's page, without the link being readable in the database.

Revision ID: s1a7e0c3d9b4
Revises: e8a4f1c2b6d7
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 's1a7e0c3d9b4'
down_revision = 'e8a4f1c2b6d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_once', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('sealed_once')
