"""The signed-in member's own account: who they are, changing their password, signing out.

Never shows, keeps or logs a password, a code or the TOTP secret. A password change is
post/redirect/get: a change made redirects (303) to the page with a notice, and a refused one (a
mistake, a wrong current password or code) comes back by redirect to the page, which shows its
errors at the address it was refused to (``redisplay``) with every field empty; so a reload never
sends the passwords again or counts another failed attempt.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.security import limiter
from triage.forms.signin import (
    WRONG_CURRENT,
    ChangePasswordForm,
    SignOutEverywhereForm,
    SignOutForm,
)
from triage.models import ROLES
from triage.team import signin
from triage.team.sessions import current_member, roles_required
from triage.views import FORM_LIMIT, member_key, redisplay, team

_CHANGE = "account/password"  # the place of the password form (``redisplay``)
_WITHHELD = ("code",)  # never kept for the redisplay, as the password fields are not


@team.route("/account", methods=["GET", "POST"])
@roles_required()
@limiter.limit(FORM_LIMIT, key_func=member_key, methods=["POST"], override_defaults=False)
def account() -> str | BaseResponse:
    member = current_member()
    assert member is not None  # roles_required let only signed-in members through
    form = ChangePasswordForm()
    if form.is_submitted():
        if form.validate():
            waiting = signin.wait_notice(member)  # before the attempt, which may start a wait
            wrong = signin.change_password(
                member, form.current.data or "", form.password.data or "", form.code.data or ""
            )
            db.session.commit()  # the change, or the failed attempt counted and audited
            if wrong is None:
                # The session this refusal would have been kept in ended with the others.
                flash("Your password has been changed. You have been signed out everywhere else.")
                return redirect(url_for("team.account"), code=303)
            if wrong == "current":
                form.current.errors = [waiting or WRONG_CURRENT]
            else:
                form.code.errors = ["Enter the current code from your authenticator app"]
        return redisplay.refuse(_CHANGE, form, url_for("team.account"), withheld=_WITHHELD)
    form, _ = redisplay.shown(_CHANGE, ChangePasswordForm)
    return render_template(
        "team/account.html",
        form=form,
        member=member,
        failures=signin.failure_notice(member),
        roles=ROLES,
        sign_out_form=SignOutForm(),
        sign_out_everywhere_form=SignOutEverywhereForm(),
    )
