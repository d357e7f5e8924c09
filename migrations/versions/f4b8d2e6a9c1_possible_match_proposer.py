"""each possible match a team member proposed keeps who proposed it

``possible_match.proposer_id``: the member who proposed the match (None for the matcher's own),
who may not judge it. Before, the proposer was found from the proposal's line on its newer
report's timeline, which names only that report's person: a member who had proposed that person
against one case was taken for the proposer of any later proposal of the same person against
another, and kept from judging it.

Proposals already made are given their proposer from those lines where only one member wrote
such a line for that report's person; where several did, nobody is recorded and any member who
may open both cases can judge it (it cannot be told which of them proposed which).

On PostgreSQL this runs force by force, as the row-level policies allow.

Revision ID: f4b8d2e6a9c1
Revises: e3a9c5d1f7b2
Create Date: 2026-12-05 20:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'f4b8d2e6a9c1'
down_revision = 'e3a9c5d1f7b2'
branch_labels = None
depends_on = None

# The wording of the line (``triage.matching.possible.PROPOSED_WORDING``) when this was written.
FILL = sa.text(
    "UPDATE possible_match SET proposer_id = ("
    " SELECT min(case_event.member_id) FROM case_event"
    " WHERE case_event.report_id = possible_match.report_id"
    " AND case_event.kind = 'possible_proposed'"
    " AND case_event.detail = 'Possible match proposed: person ' || possible_match.subject_no"
    " || ' may be named in another report'"
    " HAVING count(DISTINCT case_event.member_id) = 1"
    ") WHERE probability = 0"
)


def upgrade():
    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposer_id', sa.Integer(), nullable=True))
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
        bind.execute(FILL)


def downgrade():
    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.drop_column('proposer_id')
