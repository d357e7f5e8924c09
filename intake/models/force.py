"""Forces: the tenants one deployment serves.

Every table a force owns carries ``force_id`` (``ForceOwned``); the application adds the force
to every query (``intake.tenancy``) and PostgreSQL's row-level policies refuse rows of any other
force. The force table itself holds only public facts (its address and name), so it is not
scoped: the reporter-side routing reads it before any force is chosen.

A national force (``national``) serves no reporters and holds no reports: its oversight members
see the aggregate figures of every other force (``triage.oversight.national``), never a case.

The default force (id 1) is the one a single-force deployment has always been: ``/`` and
``/team/`` serve it, and every row that existed before tenancy belongs to it.

A force's slug never changes once made (``SLUG_FIXED``); its name may (``flask force rename``),
and the names it had before are kept so that rosters giving an old name still resolve.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import JSON, Connection, ForeignKey, String, Table, event, false, insert, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, validates

from intake.db import db

DEFAULT_FORCE_ID = 1
DEFAULT_FORCE_SLUG = "default"
DEFAULT_FORCE_NAME = "Default force"
SLUG_FIXED = (
    "A force's slug never changes: besides its addresses (/SLUG/), the national matching tokens "
    "of every name said in the force, and of every roster person who served there before, are "
    "keyed on it, so a new slug would silently stop transferees being found. Only its name can "
    "change (flask force rename SLUG --name ...)."
)


class Force(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "force"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The reporter's start page is /<slug>/; letters, digits and hyphens (``intake.tenancy``).
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # How long closed cases keep their sealed content; None means CANDOUR_RETENTION_MONTHS.
    retention_months: Mapped[int | None]
    # Set only by ``flask force add --national``: its members oversee all forces' figures.
    national: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Names it went by before a rename, oldest first: rosters' former forces may still give them.
    former_names: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    @validates("slug")
    def _slug_is_fixed(self, _: str, slug: str) -> str:
        if self.slug is not None and slug != self.slug:
            raise ValueError(SLUG_FIXED)
        return slug


def _current_force_default() -> int:
    from intake.tenancy import current_force_id  # the routing module imports this one

    return current_force_id()


class ForceOwned:
    """Mixin for every table a force owns: a new row belongs to the force of the request (or of
    the command) that writes it, so no caller has to pass it."""

    @declared_attr
    def force_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("force.id"), index=True, default=_current_force_default)


@event.listens_for(Force.__table__, "after_create")
def _create_default_force(target: Table, connection: Connection, **_: Any) -> None:
    """A freshly created schema (``db.create_all``) has the default force, as a migrated one
    does, so a single-force deployment needs no step of its own."""
    slug = DEFAULT_FORCE_SLUG
    if has_app_context():
        slug = current_app.config.get("CANDOUR_DEFAULT_FORCE", DEFAULT_FORCE_SLUG)
    # The table is new, so this first row takes id 1 (``DEFAULT_FORCE_ID``) on both backends
    # and PostgreSQL's sequence moves past it.
    connection.execute(insert(target).values(slug=slug, name=DEFAULT_FORCE_NAME))
