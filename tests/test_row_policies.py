"""The migrations themselves give every force-owned table its row-level policy (PostgreSQL).

The tenancy tests build their schema with ``create_all``, whose policies come from
``intake.tenancy.install``; a deployment's schema comes from ``flask db upgrade``, where each
migration writes its own. This checks the migrated schema: every table holding ``force_id``
has row security enabled and forced and the force policy, those tables are exactly the models'
(so a new force-owned table whose migration forgets its policy fails here), and an unscoped
query there as the app role sees only the current force's rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID
from intake.tenancy import (
    ACROSS_FORCES,
    POLICY,
    SETTING,
    create_force,
    force_owned_tables,
    use_force,
)
from tests.conftest import schema_url
from triage import audit

# The one table with ``force_id`` that is read across forces by design: keyed tokens only
# (``triage.models.crossforce.NationalToken``). Another exception must be added here knowingly.
ACROSS = {"national_token"}


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite has no row-level security."""
    return schema_url(postgres_schema)


@pytest.fixture
def migrated(app: Flask) -> Iterator[Flask]:
    """The test's schema built by the migrations alone, as ``flask db upgrade`` builds it."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    try:
        yield app
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def catalogue(sql: str) -> list[tuple[object, ...]]:
    """Rows about the current schema, read as the owner."""
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_every_table_with_force_id_has_its_policy_after_the_migrations(migrated: Flask) -> None:
    with_force_id = {
        name
        for (name,) in catalogue(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'force_id'"
        )
    }
    models = {t.name for t in db.metadata.sorted_tables if "force_id" in t.c}
    assert with_force_id == models
    across = {t.name for t in db.metadata.sorted_tables if t.info.get(ACROSS_FORCES)}
    assert across == ACROSS
    owned = with_force_id - ACROSS
    assert owned == {t.name for t in force_owned_tables(db.metadata)}
    assert len(owned) > 30  # (every case, member, roster and audit table)

    security = {
        name: (enabled, forced)
        for name, enabled, forced in catalogue(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        )
    }
    not_forced = sorted(t for t in owned if security[t] != (True, True))
    assert not_forced == []
    assert security["national_token"] == (False, False)

    policies: dict[str, list[tuple[object, ...]]] = {}
    for table, *policy in catalogue(
        "SELECT tablename, policyname, permissive, roles::text[], cmd, qual, with_check "
        "FROM pg_policies WHERE schemaname = current_schema()"
    ):
        policies.setdefault(str(table), []).append(tuple(policy))
    assert set(policies) == owned
    # As PostgreSQL prints it back: the row's force must be the transaction's setting, for
    # reading (USING) and for writing (WITH CHECK), for every command and every role.
    condition = (
        f"(force_id = (NULLIF(current_setting('{SETTING}'::text, true), ''::text))::integer)"
    )
    expected = [(POLICY, "PERMISSIVE", ["public"], "ALL", condition, condition)]
    wrong = {table: found for table, found in policies.items() if found != expected}
    assert wrong == {}


def test_an_unscoped_query_on_a_migrated_table_sees_only_the_current_forces_rows(
    migrated: Flask,
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    audit.record("backup_created", None, detail="default's entry")
    db.session.commit()
    with use_force(north.id):
        audit.record("backup_created", None, detail="north's entry")
        audit.record("backup_created", None, detail="north's second entry")

    def unscoped() -> list[tuple[int, str]]:
        # SQL text: the application's filter never sees it, only the table's policy does.
        rows = db.session.execute(text("SELECT force_id, detail FROM audit_entry ORDER BY id"))
        return [(force_id, detail) for force_id, detail in rows]

    assert db.session.scalar(text("SELECT current_user")) == "candour_app"
    assert unscoped() == [(DEFAULT_FORCE_ID, "default's entry")]
    with use_force(north.id):
        assert sorted(unscoped()) == [
            (north.id, "north's entry"),
            (north.id, "north's second entry"),
        ]
    assert len(catalogue("SELECT id FROM audit_entry")) == 3  # the owner sees every force's
