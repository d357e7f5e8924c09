"""Cross-force matching under a national key: national tokens, roster national tokens, notices

``national_token`` has a force_id but no row-level policy: the matcher reads it across forces
(tokens, the report's year and whether it is held only). ``roster_national_token`` and
``crossforce_notice`` are force-owned like every other table; a notice may also be written by
another force (an INSERT-only policy), which still cannot read it back.

Revision ID: 6c55d3d6bb92
Revises: 73dcb122a626
Create Date: 2026-11-30 17:07:31.265844

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c55d3d6bb92'
down_revision = '73dcb122a626'
branch_labels = None
depends_on = None

CONDITION = "force_id = NULLIF(current_setting('candour.force_id', true), '')::integer"
FORCE_OWNED = ['crossforce_notice', 'roster_national_token']


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

    if op.get_bind().dialect.name == 'postgresql':
        for table in FORCE_OWNED:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY force_isolation ON "{table}" '
                f'USING ({CONDITION}) WITH CHECK ({CONDITION})'
            )
        op.execute(
            'CREATE POLICY force_delivery ON "crossforce_notice" FOR INSERT WITH CHECK (true)'
        )


def downgrade():
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
