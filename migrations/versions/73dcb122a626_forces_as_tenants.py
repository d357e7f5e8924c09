"""Forces as tenants: the force table, force_id on every force-owned table, row-level policies

A default force is created (slug ``CANDOUR_DEFAULT_FORCE``, "default" unless set) and every
existing row is given to it, so a single-force deployment carries on unchanged at the same
addresses. Three uniques become per force: a member's email, a force's one current
proof-signing key, and a roster person (a transferee is on two forces' rosters).

On PostgreSQL every force-owned table gets row-level security, enabled and forced, showing and
accepting only rows of the transaction's ``candour.force_id`` (``intake.tenancy``). The role
that runs migrations and backups must be a superuser or have ``BYPASSRLS``: they work across
forces.

Revision ID: 73dcb122a626
Revises: 5d1c0e7a9b21
Create Date: 2026-11-30 15:58:43.320161

"""
from alembic import op
from flask import current_app
import sqlalchemy as sa


revision = '73dcb122a626'
down_revision = '5d1c0e7a9b21'
branch_labels = None
depends_on = None

TABLES = [
    'attachment', 'audit_entry', 'case_event', 'cluster_risk', 'draft', 'invitation',
    'iopc_referral', 'key_delivery', 'key_wrap', 'member', 'member_key', 'message', 'note',
    'pending_sign_in', 'possible_match', 'proof_key', 'protection', 'recusal', 'report',
    'report_category', 'reporter_session', 'roster_person', 'roster_token', 'staff_session',
    'subject_link', 'subject_token', 'team_key',
]
# (table, old unique constraint and its column, new per-force constraint)
PER_FORCE = [
    ('member', 'uq_member_email', 'email', 'uq_member_force_email'),
    ('proof_key', 'uq_proof_key_current', 'current', 'uq_proof_key_force_current'),
    ('roster_person', 'uq_roster_person_person_token', 'person_token',
     'uq_roster_person_force_token'),
]
CONDITION = "force_id = NULLIF(current_setting('candour.force_id', true), '')::integer"


def upgrade():
    force = op.create_table('force',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('retention_months', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_force')),
    sa.UniqueConstraint('slug', name=op.f('uq_force_slug'))
    )
    slug = current_app.config.get('CANDOUR_DEFAULT_FORCE') or 'default'
    op.bulk_insert(force, [{'slug': slug, 'name': 'Default force'}])  # id 1

    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            # Every existing row is the default force's; new rows always name their force.
            batch_op.add_column(
                sa.Column('force_id', sa.Integer(), nullable=False, server_default='1')
            )
            batch_op.create_index(batch_op.f(f'ix_{table}_force_id'), ['force_id'], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_force_id_force'), 'force', ['force_id'], ['id']
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('force_id', server_default=None)

    for table, old, column, new in PER_FORCE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(old, type_='unique')
            batch_op.create_unique_constraint(new, ['force_id', column])

    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY force_isolation ON "{table}" '
                f'USING ({CONDITION}) WITH CHECK ({CONDITION})'
            )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f'DROP POLICY IF EXISTS force_isolation ON "{table}"')
            op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    # Going back to one force keeps the default force's rows only.
    for table, old, column, new in PER_FORCE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(new, type_='unique')
    tables = sa.MetaData()
    tables.reflect(op.get_bind(), only=TABLES)
    for table in reversed(tables.sorted_tables):  # rows that others point at go last
        if table.name in TABLES:  # (reflection brought the force table in too)
            op.execute(f'DELETE FROM "{table.name}" WHERE force_id <> 1')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_force_id_force'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_force_id'))
            batch_op.drop_column('force_id')
    for table, old, column, new in PER_FORCE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(old, [column])
    op.drop_table('force')
