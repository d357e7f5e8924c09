"""a signed-in session keeps the forms its member sent and had refused, sealed

``staff_session.sealed_refused`` is AES-GCM under the key in the member's cookie, as
``sealed_keys`` is, so a refused form comes back by post/redirect/get without what was typed
being readable in the database.

Revision ID: e8a4f1c2b6d7
Revises: w4a2f1c8e6b0
Create Date: 2026-12-02 04:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e8a4f1c2b6d7'
down_revision = 'w4a2f1c8e6b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_refused', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('sealed_refused')
