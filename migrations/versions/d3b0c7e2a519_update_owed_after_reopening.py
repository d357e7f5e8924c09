"""a reopened case owes the reporter an update: the day of the reopening still unanswered

``report.update_owed_since`` is set when a lead reopens a case and cleared by the next update on
progress or outcome. Cases already reopened are filled from their timelines: the earliest
"reopened" event that no update on progress or outcome followed. On PostgreSQL this runs force by
force, as the row-level policies allow.

Revision ID: d3b0c7e2a519
Revises: a7c3e5f19d20
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd3b0c7e2a519'
down_revision = 'a7c3e5f19d20'
branch_labels = None
depends_on = None

# The timeline wording of an update on progress when this ran (``casework.message_reporter``).
UPDATE_WORDING = "The team sent the reporter an update on progress"
FILL = sa.text(
    'UPDATE report SET update_owed_since = (SELECT min(r."on") FROM case_event r '
    "WHERE r.report_id = report.id AND r.kind = 'reopened' AND NOT EXISTS ("
    "SELECT 1 FROM case_event f WHERE f.report_id = r.report_id AND f.seq > r.seq "
    "AND (f.kind = 'outcome' OR (f.kind = 'message' AND f.detail = :wording)))) "
    "WHERE EXISTS (SELECT 1 FROM case_event e WHERE e.report_id = report.id "
    "AND e.kind = 'reopened')"
)


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('update_owed_since', sa.Date(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for (force_id,) in bind.execute(sa.text("SELECT id FROM force")).all():
            bind.execute(
                sa.text("SELECT set_config('candour.force_id', :force, true)"),
                {"force": str(force_id)},
            )
            bind.execute(FILL, {"wording": UPDATE_WORDING})
    else:
        bind.execute(FILL, {"wording": UPDATE_WORDING})


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('update_owed_since')
