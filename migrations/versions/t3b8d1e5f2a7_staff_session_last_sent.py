"""a signed-in session keeps what its member last sent at each case form, sealed

``staff_session.sealed_sent`` is AES-GCM under the key in the member's cookie, as
``sealed_refused`` is: for each message or note form, a keyed digest (HMAC under the cookie's
key) of the text last sent from it, so Back and send again, or a double click, does not send
the same message to a reporter twice. No text, and nothing comparable without the cookie.

Revision ID: t3b8d1e5f2a7
Revises: s1a7e0c3d9b4
Create Date: 2026-12-02 21:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 't3b8d1e5f2a7'
down_revision = 's1a7e0c3d9b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_sent', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('sealed_sent')
