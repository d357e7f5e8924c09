"""each audit entry keeps its place in its force's chain; each cross-force referral its round

``audit_entry.place``: 1 for a force's first entry, one more for each after it
(``triage.audit.record``), so the audit page, its CSV export and ``flask audit verify`` number
entries without counting the force's whole chain each time; unique with ``force_id``, which the
page reads newest first. Entries already written are numbered per force in id order, the
chain's order.

``crossforce_referral.round``: 1 for a notice's first request in one direction, one more for
each asked again after a decline (``triage.casework.crossforce.request_share``), so that of two
requests declined on one day the later one is the one shown. Referrals already made are
numbered in the order the case pages showed them: by day asked, a declined one before one that
is not; two declined on one day are told apart only by their random ids, as before.

On PostgreSQL this runs force by force, as the row-level policies allow.

Revision ID: e3a9c5d1f7b2
Revises: d5f9b2c7e1a4
Create Date: 2026-12-05 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'e3a9c5d1f7b2'
down_revision = 'd5f9b2c7e1a4'
branch_labels = None
depends_on = None

# UPDATE ... FROM runs on PostgreSQL and on SQLite from 3.33.
FILL = {
    'audit_entry': (
        'place',
        'PARTITION BY force_id ORDER BY id',
    ),
    'crossforce_referral': (
        'round',
        "PARTITION BY notice_id, asking ORDER BY requested_on, "
        "CASE WHEN status = 'declined' THEN 0 ELSE 1 END, id",
    ),
}


def _fill(bind, table, column, window):
    bind.execute(sa.text(
        f'UPDATE {table} SET "{column}" = numbered.n FROM '
        f'(SELECT id, row_number() OVER ({window}) AS n FROM {table}) AS numbered '
        f'WHERE {table}.id = numbered.id'
    ))


def upgrade():
    for table, (column, _) in FILL.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    bind = op.get_bind()
    forces = [None]
    if bind.dialect.name == 'postgresql':
        forces = [force_id for (force_id,) in bind.execute(sa.text("SELECT id FROM force"))]
    for force_id in forces:
        if force_id is not None:
            bind.execute(
                sa.text("SELECT set_config('candour.force_id', :force, true)"),
                {"force": str(force_id)},
            )
        for table, (column, window) in FILL.items():
            _fill(bind, table, column, window)
    for table, (column, _) in FILL.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_audit_entry_force_place', ['force_id', 'place'])


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_entry_force_place', type_='unique')
    for table, (column, _) in FILL.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
