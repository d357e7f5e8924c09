"""Plugging the team side into the app built by ``wsgi.create_app``."""

from __future__ import annotations

from flask import Flask

from triage.cli import init_cli
from triage.matching.on_arrival import install as install_intake_hook
from triage.team.sessions import current_member
from triage.triage_cli import init_triage_cli


def register(app: Flask) -> None:
    from triage.views import team

    app.register_blueprint(team)
    app.jinja_env.globals["current_member"] = current_member
    init_cli(app)
    init_triage_cli(app)
    install_intake_hook()  # idempotent: create_app runs once per test
