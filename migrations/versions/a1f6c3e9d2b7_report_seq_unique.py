"""one report's thread lines, timeline events and files never share a place: a unique
constraint on (report, ``seq``) for each

Lines added to one report at the same moment could each count the same next ``seq`` before
``intake.locks.next_seq`` counted it in the database under the report's row lock. Such
duplicates are renumbered first, so that the constraint can be added:

- ``message`` and ``case_event``: every row of a report with a duplicate is numbered again from
  1, in the order it had (``seq``, then the day, then id), so the thread and the timeline read
  as before and the two that shared a place sit next to each other.
- ``attachment``: the team sees each file by a name carrying the number it was given ("photo-3.jpg",
  ``intake.attachments.team_filename``), sealed in its ``meta``, which this migration cannot
  open. So every file keeps its number but the later of two sharing one (by day, then id), which
  moves after the report's last file, in order; its sealed name keeps the number it was given
  (the name it has always been shown by), as two files of the report already had that name.

Revision ID: a1f6c3e9d2b7
Revises: z8b5d2f1c6e4
Create Date: 2026-12-04 14:15:00.000000

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa


revision = 'a1f6c3e9d2b7'
down_revision = 'z8b5d2f1c6e4'
branch_labels = None
depends_on = None


# Each table carrying ``seq``, with the column giving the day its row was written.
TABLES = {'message': 'sent_on', 'case_event': 'on', 'attachment': 'added_on'}


def _rows_of_reports_with_duplicates(connection, table, day):
    t = sa.table(table, sa.column('id'), sa.column('report_id'), sa.column('seq'), sa.column(day))
    duplicated = (
        sa.select(t.c.report_id)
        .group_by(t.c.report_id, t.c.seq)
        .having(sa.func.count() > 1)
        .distinct()
    )
    rows = connection.execute(
        sa.select(t.c.report_id, t.c.id, t.c.seq)
        .where(t.c.report_id.in_(duplicated))
        .order_by(t.c.report_id, t.c.seq, t.c[day], t.c.id)
    )
    by_report = defaultdict(list)
    for report_id, row_id, seq in rows:
        by_report[report_id].append((row_id, seq))
    return t, by_report


def renumbered(rows, keep_numbers):
    """New ``seq`` for each row id of one report's rows (in their order) that must change."""
    if not keep_numbers:
        return {row_id: place for place, (row_id, seq) in enumerate(rows, start=1) if seq != place}
    highest = max(seq for _, seq in rows)
    seen, moved = set(), {}
    for row_id, seq in rows:
        if seq in seen:
            highest += 1
            moved[row_id] = highest
        seen.add(seq)
    return moved


def upgrade():
    connection = op.get_bind()
    for table, day in TABLES.items():
        t, by_report = _rows_of_reports_with_duplicates(connection, table, day)
        for rows in by_report.values():
            changes = renumbered(rows, keep_numbers=table == 'attachment')
            for row_id, seq in changes.items():  # no constraint yet: any order will do
                connection.execute(sa.update(t).where(t.c.id == row_id).values(seq=seq))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(f'uq_{table}_report_seq', ['report_id', 'seq'])


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'uq_{table}_report_seq', type_='unique')
