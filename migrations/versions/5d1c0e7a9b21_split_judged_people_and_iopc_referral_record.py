"""split judged people again, and the IOPC referral record

``possible_match.merged_side`` keeps which subjects a "same person" judgement moved, so a lead
can split them again; ``iopc_referral`` records a confirmed referral (date referred, the IOPC's
reference sealed, the mode of investigation, date returned).

Revision ID: 5d1c0e7a9b21
Revises: 5e1c0a7d2b93
Create Date: 2026-11-30 13:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5d1c0e7a9b21'
down_revision = '5e1c0a7d2b93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_side', sa.Text(), nullable=True))

    op.create_table('iopc_referral',
    sa.Column('report_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.LargeBinary(), nullable=True),
    sa.Column('mode', sa.String(length=20), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['member.id'], name=op.f('fk_iopc_referral_recorded_by_member')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_iopc_referral_report_id_report')),
    sa.PrimaryKeyConstraint('report_id', name=op.f('pk_iopc_referral'))
    )


def downgrade():
    op.drop_table('iopc_referral')
    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.drop_column('merged_side')
