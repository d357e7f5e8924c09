"""Alembic environment: migrations run against the app's own engine and metadata."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from flask import current_app

config = context.config
logger = logging.getLogger("alembic.env")
database = current_app.extensions["migrate"].db
target_metadata = database.metadata


def run_migrations_offline() -> None:
    url = database.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        compare_type=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


class _StepsOnly(logging.Filter):
    """Alembic's set-up lines ("Context impl SQLiteImpl.") say nothing an operator needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name == logger.name or record.getMessage().startswith("Running ")


@contextmanager
def _said_to_the_operator() -> Iterator[None]:
    """For this run only, Alembic's own lines ("Running upgrade a1 -> b2, ...") and ours go to
    stderr, plainly: otherwise `flask db upgrade` says nothing whether it migrated or not. Not
    left installed (fileConfig would replace the app's logging): a test that migrates leaves no
    handler behind, and pytest captures what it printed."""
    handler = logging.StreamHandler()  # stderr, as it is now
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_StepsOnly())
    alembic = logging.getLogger("alembic")
    level = alembic.level
    alembic.addHandler(handler)
    alembic.setLevel(logging.INFO)
    try:
        yield
    finally:
        alembic.removeHandler(handler)
        alembic.setLevel(level)


def run_migrations_online() -> None:
    steps: list[str] = []
    with database.engine.connect() as connection, _said_to_the_operator():
        # Batch mode lets later migrations alter tables on SQLite too.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            render_as_batch=True,
            on_version_apply=lambda *, step, **_: steps.append(step.up_revision_id),
        )
        with context.begin_transaction():
            context.run_migrations()
        migration = context.get_context()
        # Only where a revision was asked for (upgrade, downgrade, stamp), not `flask db current`.
        if "destination_rev" in migration.opts:
            heads = ", ".join(migration.get_current_heads()) or "base (no tables)"
            if steps:
                logger.info("Database now at revision %s (%s).", heads, counted(len(steps)))
            else:
                logger.info("Database at revision %s already: nothing to run.", heads)


def counted(steps: int) -> str:
    return f"{steps} step{'' if steps == 1 else 's'} run"


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
