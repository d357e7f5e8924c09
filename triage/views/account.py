"""The signed-in member's own account: who they are, changing their password, signing out.

Never shows or logs a password, a code or the TOTP secret.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.security import limiter
from triage.forms.signin import ChangePasswordForm, SignOutEverywhereForm, SignOutForm
from triage.models import ROLES
from triage.team import signin
from triage.team.sessions import current_member, roles_required
from triage.views import team


@team.route("/account", methods=["GET", "POST"])
@roles_required()
@limiter.limit("10 per minute", methods=["POST"])
def account() -> str | BaseResponse:
    member = current_member()
    assert member is not None  # roles_required let only signed-in members through
    form = ChangePasswordForm()
    if form.validate_on_submit():
        wrong = signin.change_password(
            member, form.current.data or "", form.password.data or "", form.code.data or ""
        )
        db.session.commit()
        if wrong is None:
            flash("Your password has been changed. You have been signed out everywhere else.")
            return redirect(url_for("team.account"))
        if wrong == "current":
            form.current.errors = ["Your current password is not right"]
        else:
            form.code.errors = ["Enter the current code from your authenticator app"]
    return render_template(
        "team/account.html",
        form=form,
        member=member,
        failures=signin.failure_notice(member),
        roles=ROLES,
        sign_out_form=SignOutForm(),
        sign_out_everywhere_form=SignOutEverywhereForm(),
    )
