"""random ids for reporter-side rows, per-report seq, sealed TOTP secrets

Issue 13. Rows a reporter's action creates get random 63-bit ids assigned in Python, so on
PostgreSQL their id columns (and every column holding a report id, found from the foreign keys)
widen to BIGINT and lose their sequences; SQLite's INTEGER is already 64-bit. Attachments,
messages and timeline events get ``seq``, their position within one report, filled from the old
id order; then every existing row of those tables is given a random id, so reports received
before the upgrade do not keep their arrival order either. TOTP secrets of members and
invitations are sealed with AES-256-GCM under the key file (``triage.models.sealed``), so
upgrading needs the same key file as the running app.

Downgrade numbers the rows 1..n in random order (so they fit INTEGER again, still without
arrival order), restores the sequences, drops ``seq`` and opens the TOTP secrets.

Revision ID: 5e1d0c7a9b3f
Revises: r2a1c0de5e55
Create Date: 2026-11-30 13:45:00
"""

import secrets
from collections.abc import Callable
from itertools import count

import sqlalchemy as sa
from alembic import op
from flask import current_app

from triage.models.sealed import open_text, seal_text

revision = "5e1d0c7a9b3f"
down_revision = "r2a1c0de5e55"
branch_labels = None
depends_on = None

RANDOM_ID_TABLES = ("report", "attachment", "message", "case_event", "subject_token", "possible_match")
SEQ_TABLES = ("attachment", "message", "case_event")
TOTP_TABLES = ("member", "invitation")


def _report_references() -> list[tuple[str, str, str]]:
    """(table, column, constraint name) of every foreign key to ``report.id``, whatever other
    branches have added."""
    inspector = sa.inspect(op.get_bind())
    found = []
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            if key["referred_table"] == "report" and key["referred_columns"] == ["id"]:
                found.append((table, key["constrained_columns"][0], key["name"]))
    return found


def _widen(to: sa.types.TypeEngine, existing: sa.types.TypeEngine) -> None:
    for table in RANDOM_ID_TABLES:
        op.alter_column(table, "id", type_=to, existing_type=existing, existing_nullable=False)
    for table, column, _ in _report_references():
        op.alter_column(table, column, type_=to, existing_type=existing, existing_nullable=False)


def _renumber(new_id: Callable[[], int]) -> None:
    """Give every row of RANDOM_ID_TABLES a new id from ``new_id``, in random order, carrying
    report ids into every column that refers to them. Rows first move to negative ids, so no new
    id can meet an old one mid-way."""
    bind = op.get_bind()
    references = _report_references()
    postgres = bind.dialect.name == "postgresql"
    if postgres:  # SQLite does not enforce them here; PostgreSQL would refuse the moves
        for table, _, name in references:
            op.drop_constraint(name, table, type_="foreignkey")
    for table in RANDOM_ID_TABLES:
        ids = list(bind.execute(sa.text(f"SELECT id FROM {table}")).scalars())
        secrets.SystemRandom().shuffle(ids)
        parked = [{"old": old, "new": -n} for n, old in enumerate(ids, start=1)]
        final = [{"old": -n, "new": new_id()} for n in range(1, len(ids) + 1)]
        for moves in (parked, final):
            if not moves:
                continue
            bind.execute(sa.text(f"UPDATE {table} SET id = :new WHERE id = :old"), moves)
            if table == "report":
                for other, column, _ in references:
                    bind.execute(
                        sa.text(f"UPDATE {other} SET {column} = :new WHERE {column} = :old"),
                        moves,
                    )
    if postgres:
        for table, column, name in references:
            op.create_foreign_key(name, table, "report", [column], ["id"])


def _random_id() -> int:
    return secrets.randbelow(2**63 - 1) + 1


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

    _renumber(_random_id)
    _retype_totp(sa.LargeBinary(), lambda secret, value: seal_text(secret, value))


def downgrade():
    _retype_totp(sa.String(length=64), lambda secret, value: open_text(secret, bytes(value)))

    for table in SEQ_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("seq")

    _renumber(count(1).__next__)  # 1..n, in random order, so they fit INTEGER again
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
