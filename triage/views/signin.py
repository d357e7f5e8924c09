"""Public pages for getting in: sign-in (password, then code), signing out, and setting up an
account from a one-time invitation (password, then authenticator).

Every POST is rate-limited, on top of the per-account slow-down in ``triage.team.signin``. The
sign-in's two steps are limited per person, as a whole team may share one address: the password
step per address and email address typed, the code step per account whose password was right
(keyed hashes, ``intake.ratelimit.personal_key``), and both together, far more loosely, per address
(``SIGN_IN_ADDRESS_LIMIT``), against one address trying many accounts. The invitation's forms are
limited per address (a keyed hash of it, see ``intake.security``). Nothing here logs, and no
password, code, token or TOTP secret is put in the session or flashed.

A refused form is post/redirect/get (``before_sign_in``): the POST redirects (303) to its page,
whose GET at that marked address shows the errors, so a reload never sends a password or a code
again, counts another failed attempt or adds an audit entry. Only the errors and the email
address typed to sign in are kept for it, sealed in the session cookie; the password and code
fields come back empty.
"""

from __future__ import annotations

import base64
import io

import segno
from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.ratelimit import client_key, personal_key
from intake.security import limiter
from intake.tenancy import current_force
from triage.forms.signin import (
    CodeForm,
    EnrolForm,
    SetPasswordForm,
    SignInForm,
    SignOutEverywhereForm,
    SignOutForm,
)
from triage.models import Invitation, Member
from triage.team import devices, invitations, signin
from triage.team.members import normalise_email
from triage.team.passwords import totp_issuer, totp_uri
from triage.team.sessions import current_member, pending_member
from triage.views import (
    AFTER_SIGN_IN,
    FORM_LIMIT,
    SIGN_IN_ADDRESS_LIMIT,
    SIGN_IN_LIMIT,
    before_sign_in,
    team,
)

_ENROL = "enrol_invitation"
_BROWSER = "invitation_browser"  # this browser's value: it owns the invitations it set up
# The places of the forms before sign-in (``before_sign_in``).
_SIGN_IN = "sign-in"
_CODE = "sign-in/code"
_WRONG = (
    "Enter a correct email address and password. After several wrong attempts an account "
    f"has to wait before the next one, for up to {signin.MAX_DELAY.seconds // 60} minutes."
)


def _typed_email_key() -> str:
    """Whose password attempts ``SIGN_IN_LIMIT`` counts: this address's with the email address
    typed (as accounts are looked up), as a keyed hash. Worked out the same whether or not an
    account has that address, so the limit answers alike for both."""
    return personal_key("sign-in", normalise_email(request.form.get("email", "")))


def _pending_account_key() -> str:
    """Whose codes ``SIGN_IN_LIMIT`` counts: the account whose password was right in this
    browser, wherever the attempts come from. Without one nothing is checked (the view sends the
    browser back to the password), and the address is counted instead."""
    member = pending_member()
    if member is None:
        return client_key()
    return personal_key("sign-in/code", str(member.id), per_client=False)


# Both steps of signing in together, per address: shared by the two routes.
_per_address = limiter.shared_limit(
    SIGN_IN_ADDRESS_LIMIT, scope="sign-in", methods=["POST"], override_defaults=False
)


def home(member: Member) -> str:
    if member.reads_cases:
        return url_for("team.queue")
    return url_for("team.oversight") if member.role == "oversight" else url_for("team.account")


@team.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, key_func=_typed_email_key, methods=["POST"], override_defaults=False)
@_per_address
def sign_in() -> str | BaseResponse:
    member = current_member()
    if member is not None:
        return redirect(home(member))
    form = SignInForm()
    if form.is_submitted():
        if form.validate():
            wanted = session.get(AFTER_SIGN_IN)  # the password step starts a fresh session
            found = signin.password_step(
                form.email.data or "",
                form.password.data or "",
                request.cookies.get(devices.COOKIE),
            )
            db.session.commit()
            if found is not None:
                if wanted is not None:
                    session[AFTER_SIGN_IN] = wanted
                return redirect(url_for("team.sign_in_code"))
            # The same for an unknown email, a wrong password or an account that must wait.
            form.email.errors = [_WRONG]
        return before_sign_in.refuse(_SIGN_IN, form, url_for("team.sign_in"), kept=("email",))
    form = before_sign_in.shown(_SIGN_IN, SignInForm)
    return render_template("team/sign_in.html", form=form, national=current_force().national)


@team.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(
    SIGN_IN_LIMIT, key_func=_pending_account_key, methods=["POST"], override_defaults=False
)
@_per_address
def sign_in_code() -> str | BaseResponse:
    member = pending_member()
    if member is None:
        db.session.commit()
        return redirect(url_for("team.sign_in"))
    form = CodeForm()
    if form.is_submitted():
        if form.validate():
            wanted = session.get(AFTER_SIGN_IN)
            accepted = signin.code_step(
                member, form.code.data or "", request.cookies.get(devices.COOKIE)
            )
            db.session.commit()
            if accepted:  # a fresh session: no refusal of the steps before is kept
                session.pop(AFTER_SIGN_IN, None)
                # Only a path of this force's team pages, never another site ("//host" is
                # one) nor another force's address (its sign-in page, for this member).
                target = home(member)
                ours = request.script_root + "/team/"
                if isinstance(wanted, str) and wanted.startswith(ours) and "//" not in wanted:
                    # Made an address again: the path was kept decoded, and a link's "%0D%0A"
                    # would put a line break in the Location header (Werkzeug refuses: a 500).
                    target = iri_to_uri(wanted)
                signed_in = redirect(target)
                devices.remember(signed_in, member)
                return signed_in
            if pending_member() is None:  # the account must wait: the password again, later
                db.session.commit()
                waiting = signin.code_wait_notice(member)
                if waiting is None:
                    return redirect(url_for("team.sign_in"))
                restart = SignInForm(formdata=None)
                restart.email.errors = [waiting]
                return before_sign_in.refuse(
                    _SIGN_IN,
                    restart,
                    url_for("team.sign_in"),
                    kept=("email",),
                    typed={"email": member.email},
                )
            form.code.errors = [
                "Enter the current code from your authenticator app. A code works "
                "only once: if you just used it, wait for the next one."
            ]
        return before_sign_in.refuse(_CODE, form, url_for("team.sign_in_code"))
    form = before_sign_in.shown(_CODE, CodeForm)
    return render_template("team/sign_in_code.html", form=form)


@team.route("/sign-out", methods=["POST"])
def sign_out() -> BaseResponse:
    member = current_member()
    if SignOutForm().validate_on_submit() and member is not None:
        signin.sign_out(member)
        db.session.commit()
        flash("You have signed out.")
        return redirect(url_for("team.sign_in"))
    return redirect(url_for("team.account"))


@team.route("/sign-out-everywhere", methods=["POST"])
def sign_out_everywhere() -> BaseResponse:
    member = current_member()
    if SignOutEverywhereForm().validate_on_submit() and member is not None:
        signin.sign_out_everywhere(member)
        db.session.commit()
        flash("You have signed out on every device.")
        return redirect(url_for("team.sign_in"))
    return redirect(url_for("team.account"))


def _refuse(reason: str) -> ResponseReturnValue:
    """The invitation page saying why this link no longer works here."""
    page = render_template(
        "team/accept_invitation.html",
        form=None,
        invitation=None,
        why=reason,
        national=current_force().national,
    )
    return page, 404 if reason == "unknown" else 403


@team.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"], override_defaults=False)
def accept_invitation(token: str) -> ResponseReturnValue:
    invitation = invitations.find(token)
    if invitation is None:
        return _refuse("unknown")
    if not invitations.usable_in(invitation, session.get(_BROWSER)):
        return _refuse("elsewhere")
    member = db.session.get_one(Member, invitation.member_id)
    place = f"invitation/{invitation.id}"
    form = SetPasswordForm()
    if form.is_submitted():
        if form.validate():
            browser = session.get(_BROWSER) or invitations.new_browser_value()
            invitations.set_password(invitation, token, form.password.data or "", browser)
            db.session.commit()
            session.clear()  # no refusal of this page is kept either
            session[_ENROL] = invitation.id
            session[_BROWSER] = browser
            return redirect(url_for("team.enrol"))
        # Both password fields come back empty: only the errors are kept.
        return before_sign_in.refuse(place, form, url_for("team.accept_invitation", token=token))
    form = before_sign_in.shown(place, SetPasswordForm)
    return render_template(
        "team/accept_invitation.html",
        form=form,
        invitation=invitation,
        newcomer=member,
        national=current_force().national,  # no team and no leads: oversight members only
    )


def _enrolling() -> Invitation | None:
    """The invitation whose password step this browser finished, while it is still open."""
    invitation_id = session.get(_ENROL)
    if not isinstance(invitation_id, int):
        return None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.totp_secret is None:
        return None
    if not invitations.usable_in(invitation, session.get(_BROWSER)):
        return None
    return invitation if invitations.is_open(invitation) else None


def qr_code(uri: str) -> str:
    """The authenticator link as a QR code: an SVG image in a data URI (no script, no request)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@team.get("/enrol/closed")
def enrol_closed() -> ResponseReturnValue:
    """Where setting up an authenticator ends after too many wrong codes (post/redirect/get: a
    reload sends no code again). It names no one, so anyone may open it."""
    return _refuse("closed")


@team.route("/enrol", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"], override_defaults=False)
def enrol() -> ResponseReturnValue:
    invitation = _enrolling()
    if invitation is None or invitation.totp_secret is None:
        session.pop(_ENROL, None)
        return redirect(url_for("team.sign_in"))
    member = db.session.get_one(Member, invitation.member_id)
    place = f"enrol/{invitation.id}"
    form = EnrolForm()
    if form.is_submitted():
        if form.validate():
            outcome = invitations.enrol(invitation, form.code.data or "")
            db.session.commit()
            if outcome == "closed":
                session.pop(_ENROL, None)
                before_sign_in.forget()  # nothing of this page is to be shown again
                return redirect(url_for("team.enrol_closed"), code=303)
            if outcome == "enrolled":
                session.pop(_ENROL, None)
                before_sign_in.forget()
                flash(
                    "Your account is set up. Sign in with your email address, your password "
                    "and the next code from your authenticator app."
                )
                return redirect(url_for("team.sign_in"))
            left = invitations.MAX_CODE_FAILURES - invitation.failed_codes
            form.code.errors = [
                f"Enter the current 6-digit code your authenticator app shows for {totp_issuer()}. "
                f"After {left} more wrong {'code' if left == 1 else 'codes'} this link stops "
                "working."
            ]
        return before_sign_in.refuse(place, form, url_for("team.enrol"))
    form = before_sign_in.shown(place, EnrolForm)
    secret = invitation.totp_secret
    uri = totp_uri(secret, member.email)
    return render_template(
        "team/enrol.html",
        form=form,
        newcomer=member,
        secret=secret,
        qr=qr_code(uri),
        otpauth=uri,  # for a newcomer on the phone itself, who cannot scan its own screen
    )
