"""The SQLAlchemy handle shared by both halves of Candour."""

from __future__ import annotations

import os
from pathlib import Path

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


def private_sqlite_file(url: str, own_folder: Path) -> None:
    """Create a SQLite database file readable by its owner only (0600). SQLite itself would
    create it 0644, readable by every local account; its journal and WAL files take the database
    file's mode. Only the app's own folder (the default's, ``instance/``) is made if missing,
    0700: any other missing folder is refused, as a mistyped path in CANDOUR_DATABASE_URL would
    otherwise start an empty database somewhere nobody looks."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if path.parent.resolve() == own_folder.resolve():
        own_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise ValueError(f"the folder {path.parent} does not exist; nothing was created")
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    path.chmod(0o600)  # an older install's world-readable file is closed too
