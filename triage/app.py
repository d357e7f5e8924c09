"""Plugging the team side into the app built by ``wsgi.create_app``."""

from __future__ import annotations

from flask import Flask

from intake.followups import REPORTER_EVENTS, match_untold
from intake.tenancy import force_label
from triage.casework.retention import install as install_withdrawal_hook
from triage.forms.signin import SignOutForm
from triage.matching.on_arrival import RELEASED_ON_ARRIVAL
from triage.matching.on_arrival import install as install_intake_hook
from triage.team.passwords import ISSUER, totp_issuer
from triage.team.sessions import current_member


def register(app: Flask) -> None:
    from triage.views import team

    app.register_blueprint(team)
    app.jinja_env.globals["current_member"] = current_member
    app.jinja_env.globals["force_label"] = force_label
    app.jinja_env.globals["totp_issuer"] = totp_issuer  # the authenticator app's entry
    app.jinja_env.globals["service_issuer"] = ISSUER
    app.jinja_env.globals["header_sign_out_form"] = SignOutForm  # the team header's sign-out button
    app.jinja_env.globals["reporter_events"] = REPORTER_EVENTS
    app.jinja_env.globals["released_on_arrival"] = RELEASED_ON_ARRIVAL
    app.jinja_env.globals["match_untold"] = (
        match_untold  # the case page says the reporter wasn't told
    )
    install_intake_hook()  # idempotent: create_app runs once per test
    install_withdrawal_hook()
