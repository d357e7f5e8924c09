"""the day each IOPC referral was first recorded in Candour, beside the date the lead gave; an
index to find confirmed referrals for the oversight figure

``iopc_referral.recorded_on`` is set by the server when a lead first records the referral and
never changed, so a referral typed in as made on time but recorded after its deadline shows as
recorded late. Referrals already recorded are filled from their timelines: the day of the
earliest "iopc_referral" line (written when the referral was first recorded, and at each update),
or, for a referral with no such line, the date referred the lead gave (the only day known). On
PostgreSQL this runs force by force, as the row-level policies allow.

``ix_report_iopc_decision`` finds a force's confirmed referrals by day received, so the oversight
figure of referrals recorded by their deadline (``triage.oversight.iopc_referrals``) reads no
other report row.

Revision ID: b2d7e4f0a8c1
Revises: a1f6c3e9d2b7
Create Date: 2026-12-04 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b2d7e4f0a8c1'
down_revision = 'a1f6c3e9d2b7'
branch_labels = None
depends_on = None

FILL = sa.text(
    'UPDATE iopc_referral SET recorded_on = coalesce((SELECT min(e."on") FROM case_event e '
    "WHERE e.report_id = iopc_referral.report_id AND e.kind = 'iopc_referral'), referred_on)"
)


def upgrade():
    with op.batch_alter_table('iopc_referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_on', sa.Date(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for (force_id,) in bind.execute(sa.text("SELECT id FROM force")).all():
            bind.execute(
                sa.text("SELECT set_config('candour.force_id', :force, true)"),
                {"force": str(force_id)},
            )
            bind.execute(FILL)
    else:
        bind.execute(FILL)
    with op.batch_alter_table('iopc_referral', schema=None) as batch_op:
        batch_op.alter_column('recorded_on', existing_type=sa.Date(), nullable=False)
    op.create_index(
        'ix_report_iopc_decision', 'report', ['force_id', 'iopc_decision', 'received_on']
    )


def downgrade():
    op.drop_index('ix_report_iopc_decision', table_name='report')
    with op.batch_alter_table('iopc_referral', schema=None) as batch_op:
        batch_op.drop_column('recorded_on')
