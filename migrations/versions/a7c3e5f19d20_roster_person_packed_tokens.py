"""each roster person's tokens and kinds kept in their row, for PostgreSQL's roster lookup

Resolving a mention reads, of each roster person it gathers, which of the mention's kinds and
tokens they hold (``triage.matching.roster_sql``). On PostgreSQL that now reads the person's row:
their ``roster_token`` tokens as one array and their kinds as bits, which every import writes
(``roster_sql.pack``). Rosters imported before this are packed here, force by force, as the
row-level policies allow. SQLite keeps reading ``roster_token`` and leaves both NULL.

Revision ID: a7c3e5f19d20
Revises: 9e4d2c7b1a30
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'a7c3e5f19d20'
down_revision = '9e4d2c7b1a30'
branch_labels = None
depends_on = None

# The kinds of token as they were when this ran, each with its bit (``roster_sql.BITS``).
KINDS = (
    'warrant', 'warrant_swap', 'collar', 'collar_digits', 'collar_fuzzy', 'name', 'name_fuzzy',
    'phonetic', 'surname_fuzzy', 'surname_unit', 'initial', 'given', 'surname', 'sound', 'rank',
    'unit', 'role', 'person', 'maybe', 'likely',
)
PACK = sa.text(
    "UPDATE roster_person p SET tokens = t.tokens, kinds = t.kinds FROM ("
    "SELECT r.person_id, array_agg(r.token ORDER BY r.token) AS tokens, bit_or(b.bit) AS kinds "
    "FROM roster_token r JOIN unnest(CAST(:kinds AS text[]), CAST(:bits AS integer[])) "
    "AS b (kind, bit) ON b.kind = r.kind GROUP BY r.person_id) AS t WHERE p.id = t.person_id"
)


def upgrade():
    with op.batch_alter_table('roster_person', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'tokens',
            postgresql.ARRAY(sa.LargeBinary()).with_variant(sa.LargeBinary(), 'sqlite'),
            nullable=True,
        ))
        batch_op.add_column(sa.Column('kinds', sa.Integer(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        bits = [1 << number for number in range(len(KINDS))]
        for (force_id,) in bind.execute(sa.text("SELECT id FROM force")).all():
            bind.execute(
                sa.text("SELECT set_config('candour.force_id', :force, true)"),
                {"force": str(force_id)},
            )
            bind.execute(PACK, {"kinds": list(KINDS), "bits": bits})


def downgrade():
    with op.batch_alter_table('roster_person', schema=None) as batch_op:
        batch_op.drop_column('kinds')
        batch_op.drop_column('tokens')
