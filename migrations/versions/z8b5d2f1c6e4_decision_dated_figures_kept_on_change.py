"""case decisions are dated, and the first change of a month to a case's decision, outcome,
close or subject's ethnic group keeps them as they stood, so oversight figures as at the end of
last month do not move

``report.decision_on``: the day the decision standing was recorded. Decisions already recorded
are left undated: the figures already shown counted them, and they go on counting as before; any
date given them now would be a guess (a decision comes before the outcome and close, on a day
nothing recorded in clear), and one in this month would take them out of figures already shown.

``report.figures_changed_on`` and ``before_*``: see ``Report.keep_figures_before_change``. Left
empty: a case changed before this ran counts as it stands now, as it did.

Revision ID: z8b5d2f1c6e4
Revises: y7e4c1a0b3d9
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'z8b5d2f1c6e4'
down_revision = 'y7e4c1a0b3d9'
branch_labels = None
depends_on = None


BEFORE = [
    'force_id', 'received_on', 'escrow', 'acknowledged_on', 'feedback_on', 'closed_on',
    'outcome_on', 'outcome', 'case_decision', 'subject_ethnicity', 'retaliation_on',
    'withdrawn_on', 'released_on',
]
ADDED = [
    'decision_on', 'figures_changed_on', 'before_decision', 'before_outcome',
    'before_outcome_on', 'before_closed_on', 'before_subject_ethnicity',
]


def _index(batch_op, columns):
    batch_op.drop_index('ix_report_oversight')
    batch_op.create_index('ix_report_oversight', columns, unique=False)


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('figures_changed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('before_decision', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('before_outcome', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('before_outcome_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('before_closed_on', sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column('before_subject_ethnicity', sa.String(length=24), nullable=True)
        )
    with op.batch_alter_table('report', schema=None) as batch_op:
        _index(batch_op, [*BEFORE, *ADDED, 'id'])


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        _index(batch_op, [*BEFORE, 'id'])
    with op.batch_alter_table('report', schema=None) as batch_op:
        for column in reversed(ADDED):
            batch_op.drop_column(column)
