"""Each force's oversight counts kept nightly for the national page (``flask oversight refresh``)

Force-owned, with the same row-level policy as every force table.

Revision ID: 0a51c0de7e11
Revises: 6c55d3d6bb92
Create Date: 2026-11-30 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0a51c0de7e11'
down_revision = '6c55d3d6bb92'
branch_labels = None
depends_on = None

CONDITION = "force_id = NULLIF(current_setting('candour.force_id', true), '')::integer"


def upgrade():
    op.create_table('oversight_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('counted_on', sa.Date(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_oversight_summary_force_id_force')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oversight_summary')),
    sa.UniqueConstraint('force_id', 'period_start', 'period_end', name='uq_oversight_summary_period')
    )
    with op.batch_alter_table('oversight_summary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oversight_summary_force_id'), ['force_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE "oversight_summary" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "oversight_summary" FORCE ROW LEVEL SECURITY')
        op.execute(
            'CREATE POLICY force_isolation ON "oversight_summary" '
            f'USING ({CONDITION}) WITH CHECK ({CONDITION})'
        )


def downgrade():
    with op.batch_alter_table('oversight_summary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oversight_summary_force_id'))

    op.drop_table('oversight_summary')
