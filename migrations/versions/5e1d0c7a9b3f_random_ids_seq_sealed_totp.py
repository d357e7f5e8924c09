"""random ids for reporter-side rows, per-report seq, sealed TOTP secrets

Issue 13. Rows a reporter's action creates get random 63-bit ids assigned in Python, so on
PostgreSQL their id columns (and every column holding a report id) widen to BIGINT and lose
their sequences; SQLite's INTEGER is already 64-bit. Attachments, messages and timeline events
get ``seq``, their position within one report, filled from the old id order. TOTP secrets of
members and invitations are sealed with AES-256-GCM under the key file
(``triage.models.sealed``), so upgrading needs the same key file as the running app.

Rows created before this revision keep their old (ordered) ids; see
docs/threat-model-additions.md. Downgrade works only while every id still fits in INTEGER
(PostgreSQL refuses the narrowing otherwise, and nothing is changed).

Revision ID: 5e1d0c7a9b3f
Revises: c27f2bb4f658
Create Date: 2026-11-30 13:45:00
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from triage.models.sealed import open_text, seal_text

revision = "5e1d0c7a9b3f"
down_revision = "c27f2bb4f658"
branch_labels = None
depends_on = None

RANDOM_ID_TABLES = ("report", "attachment", "message", "case_event", "subject_token", "possible_match")
REPORT_ID_COLUMNS = {
    "attachment": ("report_id",),
    "message": ("report_id",),
    "case_event": ("report_id",),
    "subject_token": ("report_id",),
    "possible_match": ("report_id", "other_report_id"),
    "report_category": ("report_id",),
    "subject_link": ("report_id",),
    "note": ("report_id",),
    "protection": ("report_id",),
    "recusal": ("report_id",),
}
SEQ_TABLES = ("attachment", "message", "case_event")
TOTP_TABLES = ("member", "invitation")


def _widen(to: sa.types.TypeEngine, existing: sa.types.TypeEngine) -> None:
    for table in RANDOM_ID_TABLES:
        op.alter_column(table, "id", type_=to, existing_type=existing, existing_nullable=False)
    for table, columns in REPORT_ID_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=to, existing_type=existing, existing_nullable=False)


def _retype_totp(to: sa.types.TypeEngine, convert) -> None:
    bind = op.get_bind()
    for table in TOTP_TABLES:
        rows = bind.execute(
            sa.text(f"SELECT id, totp_secret FROM {table} WHERE totp_secret IS NOT NULL")
        ).all()
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("totp_secret")
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("totp_secret", to, nullable=True))
        if rows:
            secret = current_app.config["CANDOUR_SECRETS"].receipt_key
            update = sa.text(f"UPDATE {table} SET totp_secret = :value WHERE id = :id")
            for row_id, value in rows:
                bind.execute(update, {"id": row_id, "value": convert(secret, value)})


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in RANDOM_ID_TABLES:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
            op.execute(f"DROP SEQUENCE IF EXISTS {table}_id_seq")
        _widen(sa.BigInteger(), sa.Integer())

    for table in SEQ_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        # Old ids were a counter, so their order within a report is the order written.
        op.execute(
            f"UPDATE {table} SET seq = (SELECT count(*) FROM {table} AS earlier"
            f" WHERE earlier.report_id = {table}.report_id AND earlier.id <= {table}.id)"
        )
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)

    _retype_totp(sa.LargeBinary(), lambda secret, value: seal_text(secret, value))


def downgrade():
    _retype_totp(sa.String(length=64), lambda secret, value: open_text(secret, bytes(value)))

    for table in SEQ_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("seq")

    if op.get_bind().dialect.name == "postgresql":
        _widen(sa.Integer(), sa.BigInteger())
        for table in RANDOM_ID_TABLES:
            op.execute(f"CREATE SEQUENCE {table}_id_seq OWNED BY {table}.id")
            op.execute(
                f"SELECT setval('{table}_id_seq', COALESCE((SELECT max(id) FROM {table}), 0) + 1,"
                " false)"
            )
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')"
            )
