"""Which force a request or command works for, and the two walls that keep forces apart.

A force is a tenant (``intake.models.force``). Every force-owned row is kept to its force twice:

1. **In the application**: one session hook (``_scope_statement``) adds
   ``force_id = <current force>`` to every ORM SELECT, UPDATE and DELETE of every
   ``ForceOwned`` model, joins, subqueries, aliases and relationship loads included, so no view
   writes the filter itself and none can forget it. New rows take the current force by default.
2. **In PostgreSQL**: every force-owned table has row-level security enabled and forced, with a
   policy that shows and accepts only rows whose ``force_id`` equals the transaction's
   ``candour.force_id`` setting. ``_bind_transaction`` sets it (``SET LOCAL``) at the start of
   every session transaction, and switches to the unprivileged ``CANDOUR_DATABASE_ROLE`` when one
   is configured, because superusers and ``BYPASSRLS`` roles ignore the policies. A query the
   first wall misses (SQL text, a Core statement on a table) therefore returns nothing of another
   force; one run with no force set returns nothing at all.

Work that spans forces says so by not using the session: migrations and backups run on the
engine as the connecting (owner) role, which must be allowed past the policies (a superuser, or
a role with ``BYPASSRLS``).

The current force comes from the request's address: ``/<slug>/...`` (``ForceRouting`` moves the
slug into ``SCRIPT_NAME``, so every ``url_for`` link stays inside the force) or a host name given
in ``CANDOUR_FORCE_HOSTS``; anything else is the default force, so a single-force deployment
keeps its addresses. Commands work for the default force unless ``use_force`` says otherwise.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import Connection, MetaData, Table, event, func, select, text
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, with_loader_criteria

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID, Force, ForceOwned
from intake.security import HSTS, SECURITY_HEADERS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

FORCE_ENVIRON = "candour.force_id"  # the WSGI environ key ``ForceRouting`` sets
# The WSGI environ key of the address every force's is under (``SCRIPT_NAME`` before a slug's
# mount): ``/<slug>/`` from there is that force's start page, whichever force's address was used.
ROOT_ENVIRON = "candour.root"
SETTING = "candour.force_id"  # the PostgreSQL setting the row-level policies read
POLICY = "force_isolation"
# ``Table.info`` flag of a table that has ``force_id`` but is read across forces by design
# (``triage.models.crossforce.NationalToken``: tokens only), so it has no force policy.
ACROSS_FORCES = "across_forces"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
CACHE_SECONDS = 30.0
# The answer at a host whose CANDOUR_FORCE_HOSTS slug names no force.
NOT_SET_UP = (
    "This address is not set up yet, so nothing can be reported here. "
    "Please use the address your force gave you.\n"
)
log = logging.getLogger("candour")


def current_force_id() -> int:
    """The force this request or command works for."""
    if not has_app_context():
        return DEFAULT_FORCE_ID
    chosen = g.get("candour_force_id")
    if chosen is not None:
        return int(chosen)
    if has_request_context():
        return int(request.environ.get(FORCE_ENVIRON, DEFAULT_FORCE_ID))
    return _command_force()


def _command_force() -> int:
    """A command's force: ``CANDOUR_FORCE`` (a slug) if set, else the default force."""
    slug = current_app.config.get("CANDOUR_COMMAND_FORCE")
    if not slug:
        return DEFAULT_FORCE_ID
    found = current_app.extensions["candour_forces"].slugs().get(slug)
    if found is None:
        # A plain message and exit status 1, not a traceback from the first query.
        raise click.ClickException(
            f"CANDOUR_FORCE={slug} names no force. Set it to a force's slug (`flask force list`, "
            "run without CANDOUR_FORCE, shows them), or leave it unset for the default force."
        )
    return int(found)


def create_force(
    slug: str, name: str, retention_months: int | None = None, *, national: bool = False
) -> Force:
    """Add a force (its team, key and roster are then set up for it with ``use_force``). A
    national force holds no reports: only oversight members, who see every force's figures."""
    if not SLUG.fullmatch(slug) or slug in reserved_words(current_app):
        raise ValueError(
            f"{slug!r} cannot be a force's address: use lower-case letters, digits and hyphens, "
            "and no word the service's own addresses use"
        )
    taken = db.session.scalars(select(Force).where(Force.slug == slug)).first()
    if taken is not None:
        raise ValueError(f"/{slug}/ is already the address of {taken.name}")
    # A roster's former force given as this word would find the new force (a slug wins over a
    # name), no longer the force that is called it.
    named = db.session.scalars(select(Force).where(func.lower(Force.name) == slug)).first()
    if named is not None:
        raise ValueError(
            f"{slug!r} is the name of {named.name} (/{named.slug}/): a roster's former forces "
            "could not tell the two apart, so choose another address"
        )
    # A new force may take a name another force has left (its own name wins in a roster).
    name = _checked_name(name, None, former_too=False)
    force = Force(slug=slug, name=name, retention_months=retention_months, national=national)
    db.session.add(force)
    db.session.flush()
    forget_forces()
    return force


def _checked_name(name: str, force_id: int | None, *, former_too: bool = True) -> str:
    """``name`` trimmed, for the force ``force_id`` (None for a new one); ValueError when it is
    empty, too long, or already names another force, by its slug, its name or (``former_too``)
    a former name: a roster's former forces, given by name, could not tell the two apart."""
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        # Invisible characters (a tab or line break, a zero-width space, a right-to-left
        # override) make one name look like another, or break `flask force list`'s columns.
        raise ValueError("A force's name cannot hold tabs, line breaks or invisible characters")
    # Spaces in a run are one: "North  Force" and "North Force" looked the same on every page
    # and in a roster's former forces, and were two forces.
    name = " ".join(name.split())
    if not name or len(name) > Force.name.type.length:
        raise ValueError(f"A force's name needs 1 to {Force.name.type.length} characters")
    wanted = name.lower()
    for other in db.session.scalars(select(Force).where(Force.id != force_id)):
        former = {n.lower() for n in other.former_names} if former_too else set()
        if wanted in {other.slug, other.name.lower(), *former}:
            raise ValueError(
                f"{name!r} already names {other.name} (/{other.slug}/): a roster's former "
                "forces could not tell the two apart"
            )
    return name


def rename_force(force: Force, name: str) -> str | None:
    """Give ``force`` a new display name, keeping the one it had among its former names (a
    roster may still list the force by it). Returns the old name, or None if nothing changed.
    The slug never changes (``SLUG_FIXED``)."""
    if name.strip() == force.name:
        return None
    name = _checked_name(name, force.id)
    wanted = name.lower()
    old = force.name
    kept = [n for n in force.former_names if n.lower() not in {wanted, old.lower()}]
    force.former_names = kept if old.lower() == wanted else [*kept, old]  # (a case change)
    force.name = name
    db.session.flush()
    return old


def current_force() -> Force:
    force = db.session.get(Force, current_force_id())
    if force is None:
        raise LookupError(f"force {current_force_id()} does not exist")
    return force


def force_label() -> str | None:
    """The current force's name where the service holds several forces (so a page says whose
    it is, and a member with accounts in two forces sees which one they are in); None where
    it holds one, whose pages look as a single-force service's always have."""
    if len(current_app.extensions["candour_forces"].slugs()) < 2:
        return None
    return current_force().name


def several_forces_take_reports() -> bool:
    """Whether more than one force takes reports here (the national one takes none): only
    then can a report be shared with, or be looked for at, another force."""
    directory: ForceDirectory = current_app.extensions["candour_forces"]
    return directory.taking_reports() > 1


def matching_across_forces() -> bool:
    """Whether the service holds a national matching key: named people's keyed codes are then
    compared with those of other forces, whatever a reporter answers about sharing."""
    return bool(current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY"))


def reporting_force_label() -> str | None:
    """The force a report made here goes to, where several forces take reports: every reporter
    page names it in its header, not the start page alone. None where one force takes reports
    (its pages look as they always have), and at national oversight, which takes none."""
    if not several_forces_take_reports():
        return None
    force = current_force()
    return None if force.national else force.name


def sharing_possible() -> bool:
    """Whether another force's team could ever ask for a report sent here: matching across
    forces is on and more than one force takes reports."""
    return matching_across_forces() and several_forces_take_reports()


@contextmanager
def use_force(force_id: int) -> Iterator[None]:
    """Work for ``force_id`` inside the block (commands, tests). The session's transaction is
    committed on the way in and out: a transaction belongs to one force (its PostgreSQL setting
    is fixed when it begins)."""
    db.session.commit()
    before = g.get("candour_force_id")
    g.candour_force_id = force_id
    try:
        yield
        db.session.commit()
    finally:
        db.session.rollback()
        g.candour_force_id = before


@contextmanager
def on_behalf_of(force_id: int) -> Iterator[None]:
    """Inside the current transaction, work for another force, then return to this one.

    Only for what one force hands another by design (a "named in another force" notice, a
    referral between forces, the report content one force's lead shares with another, and the
    entries recording them in the other force's audit chain; a backup or restore, which spans
    every force, in each force's chain), so that the sender's record and the delivery commit
    together; and to read one public fact of another force, whether its team key is set up,
    for the reporter's list of forces (``intake.views.forces``). Both
    walls move with it: the application's scope and PostgreSQL's ``candour.force_id``."""
    session = db.session
    session.flush()
    before = g.get("candour_force_id")
    g.candour_force_id = force_id
    _set_force(force_id)
    try:
        yield
        session.flush()
    finally:
        g.candour_force_id = before
        _set_force(current_force_id())


def _set_force(force_id: int) -> None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config(:setting, :force, true)"),
            {"setting": SETTING, "force": str(force_id)},
        )


def force_secret(secret: bytes, force_id: int | None = None) -> bytes:
    """A force's own copy of a keyed-hash secret (the matching key): the default force keeps
    the secret itself, so its stored tokens stay valid; every other force gets a key derived
    from it, so equal names never give equal tokens in two forces."""
    force_id = current_force_id() if force_id is None else force_id
    if force_id == DEFAULT_FORCE_ID:
        return secret
    return sha256(b"candour force key v1\x00" + str(force_id).encode() + b"\x00" + secret).digest()


# -- the application's wall -------------------------------------------------------------------


def _scope_statement(state: ORMExecuteState) -> None:
    if state.is_column_load or not (state.is_select or state.is_update or state.is_delete):
        return
    force_id = current_force_id()
    state.statement = state.statement.options(
        with_loader_criteria(
            ForceOwned,
            lambda cls: cls.force_id == force_id,
            include_aliases=True,
            track_closure_variables=True,
        )
    )


# -- PostgreSQL's wall ------------------------------------------------------------------------


def _bind_transaction(_: AppSession, __: SessionTransaction, connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    role = current_app.config.get("CANDOUR_DATABASE_ROLE") if has_app_context() else None
    settings = "set_config(:setting, :force, true)"
    if role:
        settings += ", set_config('role', :role, true)"
    connection.execute(
        text(f"SELECT {settings}"),
        {"setting": SETTING, "force": str(current_force_id()), "role": role or ""},
    )


def work_across_forces(connection: Connection) -> None:
    """Lift the database wall for the rest of this transaction, for a command that works on
    every force's rows (restoring a backup): it runs as the connecting role, which must be a
    superuser or have ``BYPASSRLS``. The application's wall still scopes ORM queries."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("RESET ROLE")


def policy_statements(table: str) -> list[str]:
    """Row-level security for one force-owned table (PostgreSQL)."""
    condition = f"force_id = NULLIF(current_setting('{SETTING}', true), '')::integer"
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'CREATE POLICY {POLICY} ON "{table}" USING ({condition}) WITH CHECK ({condition})',
    ]


def force_owned_tables(metadata: MetaData) -> list[Table]:
    """Tables kept to one force: every table with ``force_id`` but the force table itself and
    those read across forces by design (``national_token``: tokens only)."""
    return [
        t
        for t in metadata.sorted_tables
        if "force_id" in t.c and t.name != "force" and not t.info.get(ACROSS_FORCES)
    ]


def _add_policies(target: Table, connection: Connection, **_: Any) -> None:
    if connection.dialect.name == "postgresql":
        for statement in policy_statements(target.name):
            connection.exec_driver_sql(statement)


def install(metadata: MetaData) -> None:
    """Hook both walls in: the session events, and the policies created with each table by
    ``create_all`` (migrations create them themselves). Safe to call again."""
    if not event.contains(AppSession, "do_orm_execute", _scope_statement):
        event.listen(AppSession, "do_orm_execute", _scope_statement)
        event.listen(AppSession, "after_begin", _bind_transaction)
    for table in force_owned_tables(metadata):
        if not event.contains(table, "after_create", _add_policies):
            event.listen(table, "after_create", _add_policies)


# -- choosing the force from the address ------------------------------------------------------


class ForceDirectory:
    """Slugs and host names to force ids, read from the small public ``force`` table at most
    every ``CACHE_SECONDS`` (a force added on one worker is seen by all within that time)."""

    def __init__(self, app: Flask, hosts: dict[str, str]) -> None:
        self.app = app
        self.hosts = hosts  # host name -> slug
        self._slugs: dict[str, int] = {}
        self._taking_reports = 0
        self._read_at = float("-inf")
        self._reserved: set[str] | None = None

    def forget(self) -> None:
        self._read_at = float("-inf")

    def could_be_slug(self, word: str) -> bool:
        """Whether ``word`` may name a force: the app's own first path segments never do, so
        their requests ("/team/", "/status", "/static/") never read the force table."""
        if self._reserved is None:
            self._reserved = reserved_words(self.app)
        return bool(SLUG.fullmatch(word)) and word not in self._reserved

    def slugs(self) -> dict[str, int]:
        self._read()
        return self._slugs

    def taking_reports(self) -> int:
        """How many forces take reports: every one but a national force."""
        self._read()
        return self._taking_reports

    def _read(self) -> None:
        if time.monotonic() - self._read_at > CACHE_SECONDS:
            with self.app.app_context(), db.engine.connect() as connection:
                rows = connection.execute(select(Force.slug, Force.id, Force.national)).all()
            self._slugs = {slug: force_id for slug, force_id, _ in rows}
            self._taking_reports = sum(1 for *_, national in rows if not national)
            self._read_at = time.monotonic()


class ForceRouting:
    """WSGI middleware: ``/<slug>/rest`` is ``/rest`` of that force, mounted at ``/<slug>``;
    a configured host name is its force at ``/``; every other address is the default force."""

    def __init__(self, app: WSGIApplication, directory: ForceDirectory) -> None:
        self.app = app
        self.directory = directory
        # Hosts already warned of as naming no force: warned once, not at every visit, whose
        # log line's time would say when someone used that force's address.
        self.warned: set[tuple[str, str]] = set()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        first, slash, rest = path[1:].partition("/")
        host = environ.get("HTTP_HOST", "").split(":")[0].lower()
        directory = self.directory
        environ[ROOT_ENVIRON] = environ.get("SCRIPT_NAME", "")
        if directory.could_be_slug(first) and first in directory.slugs():
            mount = environ.get("SCRIPT_NAME", "") + "/" + first
            if not slash:  # "/<slug>" alone: its start page, at the address links will use
                # Answered here, before Flask adds its headers: the same ones (no-store above
                # all, or the browser keeps this permanent redirect as a trace of the visit).
                headers = bare_headers(environ, "Location", mount + "/")
                start_response("308 Permanent Redirect", headers)
                return [b""]
            environ["SCRIPT_NAME"], environ["PATH_INFO"] = mount, "/" + rest
            environ[FORCE_ENVIRON] = directory.slugs()[first]
        elif host in directory.hosts:
            slug = directory.hosts[host]
            if slug not in directory.slugs():
                # A typo, or a host set before ``flask force add``: never the default force,
                # whose team is not the one its reporters believe they are writing to.
                return self.not_set_up(environ, start_response, host, slug)
            environ[FORCE_ENVIRON] = directory.slugs()[slug]
        return self.app(environ, start_response)

    def not_set_up(
        self, environ: WSGIEnvironment, start_response: StartResponse, host: str, slug: str
    ) -> Iterable[bytes]:
        """404 for a host ``CANDOUR_FORCE_HOSTS`` gives a slug that names no force."""
        if (host, slug) not in self.warned:
            self.warned.add((host, slug))
            log.warning(
                "CANDOUR_FORCE_HOSTS sends %s to %r, which names no force: refused "
                "(add the force with `flask force add`, or correct the slug)",
                host,
                slug,
            )
        headers = bare_headers(environ, "Content-Type", "text/plain; charset=utf-8")
        start_response("404 Not Found", headers)
        return [NOT_SET_UP.encode()]


def bare_headers(environ: WSGIEnvironment, name: str, value: str) -> list[tuple[str, str]]:
    """Headers for an answer given before Flask adds its own: the same security headers (no-store
    above all), with HSTS over https, and ``name: value``."""
    headers = [(name, value), *SECURITY_HEADERS.items()]
    if environ.get("wsgi.url_scheme") == "https":
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def reserved_words(app: Flask) -> set[str]:
    """First path segments the app's own routes use: never a force's slug."""
    return {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()} - {""}


def init_tenancy(app: Flask) -> None:
    install(db.metadata)
    directory = ForceDirectory(app, app.config.get("CANDOUR_FORCE_HOSTS", {}))
    app.extensions["candour_forces"] = directory
    app.wsgi_app = ForceRouting(app.wsgi_app, directory)  # type: ignore[method-assign]


def forget_forces() -> None:
    """After adding a force: this worker sees it at once (others within ``CACHE_SECONDS``)."""
    current_app.extensions["candour_forces"].forget()
