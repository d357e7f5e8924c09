"""Composition root: the one place that knows both halves of Candour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy.exc import ArgumentError

from intake.config import ConfigError, settings_from_environment
from intake.db import db, private_sqlite_file
from intake.errors import init_errors
from intake.health import init_health
from intake.proxy import init_proxy
from intake.security import init_security
from intake.templating import init_templating
from intake.tenancy import init_tenancy
from intake.uk_time import use_uk_time
from intake.views.uploads import MemoryRequest

ROOT = Path(__file__).resolve().parent
migrate = Migrate(directory=str(ROOT / "migrations"))


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    use_uk_time()
    app = Flask(
        "candour",
        instance_path=str(ROOT / "instance"),
        static_folder=str(ROOT / "intake" / "static"),
        template_folder=str(ROOT / "templates"),
    )
    app.request_class = MemoryRequest  # uploads stay in memory, never in a temporary file
    app.config.update(settings_from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"hide_parameters": True, "pool_pre_ping": True}
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    try:
        private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path))
        db.init_app(app)
    except (ArgumentError, ValueError, ModuleNotFoundError, OSError) as error:
        # Not a URL, a port that is not a number, an unknown driver or one not installed
        # (postgresql+psycopg2: Candour has psycopg 3), a SQLite folder.
        # SQLAlchemy's message never quotes the URL, which may hold a password.
        raise ConfigError(f"CANDOUR_DATABASE_URL cannot be used: {error}") from None
    migrate.init_app(app, db)
    init_security(app)
    init_errors(app)
    init_templating(app)
    init_health(app)
    WTFormsHelpers(app)

    import triage.models  # noqa: F401  (tables the reporter side's foreign keys point at)

    init_tenancy(app)  # after every model is imported: it scopes each force-owned table
    # Outermost, after the force routing: that answers a force's bare address itself, and must
    # see the scheme the proxy was asked for (https gets Strict-Transport-Security there too).
    init_proxy(app)
    from intake.cli import register_commands as register_intake_commands
    from intake.views import reporter
    from seeds.demo.command import init_seed_cli
    from triage.app import register as register_triage
    from triage.cli import register_commands as register_triage_commands

    app.register_blueprint(reporter)
    register_triage(app)
    register_intake_commands(app)
    register_triage_commands(app)
    init_seed_cli(app)
    return app


try:
    app = create_app()
except ConfigError as error:
    # A configuration Candour must not start with, said in one line by `flask` and by gunicorn
    # (which loads the app once, before any worker), rather than as a traceback.
    raise SystemExit(f"Error: {error}") from None
