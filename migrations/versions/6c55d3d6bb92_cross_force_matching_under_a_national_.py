"""Cross-force matching under a national key, and referral between forces

National tokens, roster national tokens, "named in another force" notices, referrals (one row
in each of the two forces) and the report content one force shared with another.

``national_token`` has a force_id but no row-level policy: the matcher reads it across forces
(tokens, the report's year and whether it is held only). Every other new table is force-owned,
with the same row-level policy as the rest.

Revision ID: 6c55d3d6bb92
Revises: b7e2a91c4d05
Create Date: 2026-11-30 17:07:31.265844

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c55d3d6bb92'
down_revision = 'b7e2a91c4d05'
branch_labels = None
depends_on = None

CONDITION = "force_id = NULLIF(current_setting('candour.force_id', true), '')::integer"
FORCE_OWNED = ['crossforce_notice', 'roster_national_token', 'crossforce_referral', 'shared_report']


def upgrade():
    op.create_table('crossforce_notice',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('report_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subject_no', sa.Integer(), nullable=False),
    sa.Column('other_force_id', sa.Integer(), nullable=False),
    sa.Column('other_notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('strength', sa.String(length=10), nullable=False),
    sa.Column('agreement', sa.String(length=100), nullable=False),
    sa.Column('other_year', sa.Integer(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_crossforce_notice_force_id_force')),
    sa.ForeignKeyConstraint(['other_force_id'], ['force.id'], name=op.f('fk_crossforce_notice_other_force_id_force')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_crossforce_notice_report_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossforce_notice')),
    sa.UniqueConstraint('other_notice_id', name='uq_crossforce_notice_other'),
    )
    with op.batch_alter_table('crossforce_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossforce_notice_force_id'), ['force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crossforce_notice_report_id'), ['report_id'], unique=False)

    op.create_table('national_token',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subject_no', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('token', sa.LargeBinary(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_national_token_force_id_force')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_national_token_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_national_token')),
    )
    with op.batch_alter_table('national_token', schema=None) as batch_op:
        batch_op.create_index('ix_national_token_lookup', ['token', 'force_id'], unique=False)
        batch_op.create_index('ix_national_token_subject', ['report_id', 'subject_no'], unique=False)

    op.create_table('roster_national_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('token', sa.LargeBinary(length=32), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_roster_national_token_force_id_force')),
    sa.ForeignKeyConstraint(['person_id'], ['roster_person.id'], name=op.f('fk_roster_national_token_person_id_roster_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_national_token'))
    )
    with op.batch_alter_table('roster_national_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_national_token_force_id'), ['force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_national_token_person_id'), ['person_id'], unique=False)

    op.create_table('shared_report',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('referral_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('report_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subject_no', sa.Integer(), nullable=False),
    sa.Column('from_force_id', sa.Integer(), nullable=False),
    sa.Column('team_key_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('signals', sa.Text(), nullable=True),
    sa.Column('shared_on', sa.Date(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_shared_report_force_id_force')),
    sa.ForeignKeyConstraint(['from_force_id'], ['force.id'], name=op.f('fk_shared_report_from_force_id_force')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_shared_report_report_id_report')),
    sa.ForeignKeyConstraint(['team_key_id'], ['team_key.id'], name=op.f('fk_shared_report_team_key_id_team_key')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_report'))
    )
    with op.batch_alter_table('shared_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_report_force_id'), ['force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_report_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_report_report_id'), ['report_id'], unique=False)

    op.create_table('crossforce_referral',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('referral_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('asking', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.LargeBinary(), nullable=True),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_crossforce_referral_force_id_force')),
    sa.ForeignKeyConstraint(['notice_id'], ['crossforce_notice.id'], name=op.f('fk_crossforce_referral_notice_id_crossforce_notice')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossforce_referral')),
    sa.UniqueConstraint('force_id', 'referral_id', name='uq_crossforce_referral')
    )
    with op.batch_alter_table('crossforce_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossforce_referral_force_id'), ['force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crossforce_referral_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crossforce_referral_referral_id'), ['referral_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        for table in FORCE_OWNED:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY force_isolation ON "{table}" '
                f'USING ({CONDITION}) WITH CHECK ({CONDITION})'
            )


def downgrade():
    with op.batch_alter_table('crossforce_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crossforce_referral_referral_id'))
        batch_op.drop_index(batch_op.f('ix_crossforce_referral_notice_id'))
        batch_op.drop_index(batch_op.f('ix_crossforce_referral_force_id'))

    op.drop_table('crossforce_referral')
    with op.batch_alter_table('shared_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_report_report_id'))
        batch_op.drop_index(batch_op.f('ix_shared_report_referral_id'))
        batch_op.drop_index(batch_op.f('ix_shared_report_force_id'))

    op.drop_table('shared_report')

    with op.batch_alter_table('roster_national_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_national_token_person_id'))
        batch_op.drop_index(batch_op.f('ix_roster_national_token_force_id'))

    op.drop_table('roster_national_token')
    with op.batch_alter_table('national_token', schema=None) as batch_op:
        batch_op.drop_index('ix_national_token_subject')
        batch_op.drop_index('ix_national_token_lookup')

    op.drop_table('national_token')
    with op.batch_alter_table('crossforce_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crossforce_notice_report_id'))
        batch_op.drop_index(batch_op.f('ix_crossforce_notice_force_id'))

    op.drop_table('crossforce_notice')
