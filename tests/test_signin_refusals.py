"""The forms before sign-in answer a refusal by post/redirect/get (``triage.views.before_sign_in``).

Before, the sign-in's password and code pages, and the invitation's password and authenticator
pages, rendered a refused form in reply to the POST: a reload asked "Confirm form resubmission"
and sent the password or code again, counting another failed attempt. Now the POST redirects
(303) to its page marked ``?refused=``, whose GET shows the errors; a reload sends nothing,
counts nothing and audits nothing; the page opened afresh is blank; and no password or code is
kept anywhere, not even sealed: only the errors, and the email address typed to sign in, sealed
in the session cookie.
"""

from __future__ import annotations

import re
import zlib
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import base64_decode
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from intake.db import db
from tests.helpers import PASSWORD, Team, post_form, refused, sign_in_directly
from tests.team_helpers import code_for, enter_code, enter_password, invite, sign_in
from tests.test_case_refusals import readable_in_the_database
from triage.forms import EXPIRED
from triage.models import AuditEntry, Invitation, Member
from triage.team import invitations, signin

WRONG = "Enter a correct email address and password"
WRONG_CODE = "Enter the current code from your authenticator app"
SUMMARY = "There is a problem"


def cookie_in_clear(client: FlaskClient) -> str:
    """The session cookie as anyone holding the browser can read it: Flask signs it, but does
    not encrypt it (base64 of JSON, perhaps compressed)."""
    cookie = client.get_cookie("candour")
    if cookie is None:
        return ""
    payload = cookie.value.removeprefix(".").split(".")[0]
    data = base64_decode(payload)
    if cookie.value.startswith("."):
        data = zlib.decompress(data)
    return data.decode() + cookie.value


def shown(client: FlaskClient, address: str) -> str:
    """The page at ``address``, its CSRF token (signed with the time) left out."""
    html = client.get(address).get_data(as_text=True)
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", html)


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id))) or 0


def failures(member: Member) -> int:
    db.session.refresh(member)
    return member.failed_sign_ins


def marked(response: TestResponse, path: str) -> str:
    """The address a refusal redirected to: its page, marked with an opaque mark."""
    assert response.status_code == 303, response.status_code
    location = urlsplit(response.location)
    assert location.path == path
    assert re.fullmatch(r"refused=[0-9a-f]{16}", location.query), location.query
    return response.location


def never_called(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    def called(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"{name} was called again")

    monkeypatch.setattr(module, name, called)


def test_a_wrong_password_comes_back_by_redirect_and_a_reload_counts_nothing(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = "a mistyped password"
    response = enter_password(client, team.lead.email, typed)
    address = marked(response, "/team/sign-in")
    assert failures(team.lead) == 1
    audited = audit_count()

    html = shown(client, address)
    assert WRONG in html and SUMMARY in html and "<title>Error:" in html
    assert f'value="{team.lead.email}"' in html  # the email address is given back
    assert typed not in html  # the password field is empty

    never_called(monkeypatch, signin, "password_step")
    for _ in range(2):  # a reload, or Back and Forward onto it
        assert shown(client, address) == html
    assert failures(team.lead) == 1 and audit_count() == audited

    assert not readable_in_the_database(typed)
    assert typed not in cookie_in_clear(client)
    assert team.lead.email not in cookie_in_clear(client)  # kept sealed, not in clear

    fresh = client.get("/team/sign-in").get_data(as_text=True)  # opened afresh: blank
    assert WRONG not in fresh and SUMMARY not in fresh and team.lead.email not in fresh
    forged = client.get("/team/sign-in?refused=0123456789abcdef").get_data(as_text=True)
    assert WRONG not in forged and team.lead.email not in forged


def test_an_unknown_email_comes_back_the_same_way_and_is_never_kept_in_clear(
    client: FlaskClient, team: Team
) -> None:
    unknown, typed = "nobody@candour.test", "a password for nobody"
    response = enter_password(client, unknown, typed)
    html = client.get(marked(response, "/team/sign-in")).get_data(as_text=True)
    assert WRONG in html and f'value="{unknown}"' in html
    for secret in (unknown, typed):
        assert not readable_in_the_database(secret)
        assert secret not in cookie_in_clear(client)


def test_an_address_longer_than_any_real_one_is_not_kept(client: FlaskClient, team: Team) -> None:
    # Sealed in the session cookie, several kilobytes would outgrow what a browser keeps, and
    # the refusal would come back blank.
    overlong = "a" * 5000 + "@candour.test"
    html = refused(client, enter_password(client, overlong, "a password"))
    assert SUMMARY in html and overlong not in html
    assert len(client.get_cookie("candour").value) < 1500


def test_a_form_mistake_comes_back_by_redirect_and_checks_no_password(
    client: FlaskClient, team: Team
) -> None:
    audited = audit_count()
    response = enter_password(client, team.lead.email, "")
    html = refused(client, response)
    assert "Enter your password" in html and SUMMARY in html
    assert f'value="{team.lead.email}"' in html
    assert failures(team.lead) == 0 and audit_count() == audited  # nothing was checked


def test_a_refused_form_without_its_csrf_token_comes_back_by_redirect(
    client: FlaskClient, team: Team
) -> None:
    client.get("/team/sign-in")
    response = client.post(
        "/team/sign-in", data={"email": team.lead.email, "password": "a password sent late"}
    )
    html = client.get(marked(response, "/team/sign-in")).get_data(as_text=True)
    assert EXPIRED in html and SUMMARY in html and "CSRF" not in html
    assert failures(team.lead) == 0


def test_the_page_asked_for_is_still_reached_after_a_refused_password(
    client: FlaskClient, team: Team
) -> None:
    wanted = "/team/audit?case=C-ABCDEFGH"
    assert client.get(wanted).location.endswith("/team/sign-in")
    response = enter_password(client, team.lead.email, "a mistyped password")
    client.get(marked(response, "/team/sign-in"))  # and reloaded
    client.get(response.location)
    assert sign_in(client, team.lead).location.endswith(wanted)


def test_a_wrong_code_comes_back_by_redirect_and_a_reload_counts_nothing(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    enter_password(client, team.lead.email)
    right = code_for(team.lead)
    typed = f"{(int(right) + 1) % 1_000_000:06d}"
    response = enter_code(client, typed)
    address = marked(response, "/team/sign-in/code")
    assert failures(team.lead) == 1
    audited = audit_count()

    html = shown(client, address)
    assert WRONG_CODE in html and SUMMARY in html and "<title>Error:" in html
    assert f'value="{typed}"' not in html  # the code field is empty

    never_called(monkeypatch, signin, "code_step")
    for _ in range(2):
        assert shown(client, address) == html
    assert failures(team.lead) == 1 and audit_count() == audited
    monkeypatch.undo()

    assert not readable_in_the_database(typed)
    assert typed not in cookie_in_clear(client)
    fresh = client.get("/team/sign-in/code").get_data(as_text=True)
    assert WRONG_CODE not in fresh and SUMMARY not in fresh

    assert enter_code(client, right).status_code == 302  # the pending sign-in still stands


def test_wrong_codes_that_make_the_account_wait_say_so_and_keep_the_email(
    client: FlaskClient, team: Team
) -> None:
    enter_password(client, team.lead.email)
    wrong = "000000" if code_for(team.lead) != "000000" else "111111"
    for _ in range(signin.FREE_FAILURES):
        marked(enter_code(client, wrong), "/team/sign-in/code")
    response = enter_code(client, wrong)  # this one starts the wait
    address = marked(response, "/team/sign-in")

    html = shown(client, address)
    assert SUMMARY in html and "<title>Error:" in html
    assert re.search(
        r"your account has to wait\. Sign in again, with your password and a new code, "
        r"in (2[5-9]|30) seconds\.",
        html,
    )
    assert f'value="{team.lead.email}"' in html
    assert shown(client, address) == html  # a reload
    assert team.lead.email not in cookie_in_clear(client)


def test_a_refusal_shows_only_on_its_own_page(client: FlaskClient, team: Team) -> None:
    enter_password(client, team.lead.email)
    response = enter_code(client, "000000" if code_for(team.lead) != "000000" else "111111")
    mark = urlsplit(marked(response, "/team/sign-in/code")).query
    page = client.get(f"/team/sign-in?{mark}").get_data(as_text=True)
    assert SUMMARY not in page and WRONG_CODE not in page


def invited(app: Flask, team: Team) -> str:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    return invite(lead, "Cas Worker", "cas@candour.test", "caseworker")


@pytest.mark.parametrize(
    ("password", "confirm", "error"),
    [
        ("a long enough passphrase", "a different passphrase", "The passwords do not match"),
        ("qwertyuiop123", "qwertyuiop123", "This password is too easy to guess"),
    ],
)
def test_a_refused_invitation_password_comes_back_by_redirect_and_is_never_kept(
    app: Flask, team: Team, password: str, confirm: str, error: str
) -> None:
    token = invited(app, team)
    newcomer, url = app.test_client(), f"/team/invitation/{token}"
    audited = audit_count()
    response = post_form(newcomer, url, {"password": password, "confirm": confirm})
    address = marked(response, url)
    html = shown(newcomer, address)
    assert error in html and SUMMARY in html and "<title>Error:" in html
    assert shown(newcomer, address) == html  # a reload
    for typed in (password, confirm):
        assert typed not in html
        assert not readable_in_the_database(typed)
        assert typed not in cookie_in_clear(newcomer)
    assert audit_count() == audited
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.totp_secret is None and not invitation.used  # nothing was set
    assert error not in newcomer.get(url).get_data(as_text=True)  # opened afresh
    # The link still works, in this browser or another.
    done = post_form(newcomer, url, {"password": PASSWORD, "confirm": PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/team/enrol")


def test_a_wrong_authenticator_code_comes_back_by_redirect_and_a_reload_counts_nothing(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = invited(app, team)
    newcomer = app.test_client()
    post_form(newcomer, f"/team/invitation/{token}", {"password": PASSWORD, "confirm": PASSWORD})
    secret = re.search(
        r'id="totp-secret">([A-Z2-7 ]+)</p>', newcomer.get("/team/enrol").get_data(as_text=True)
    )
    assert secret
    typed = "000000"
    response = post_form(newcomer, "/team/enrol", {"code": typed})
    address = marked(response, "/team/enrol")
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.failed_codes == 1
    audited = audit_count()

    html = shown(newcomer, address)
    left = invitations.MAX_CODE_FAILURES - 1
    assert f"After {left} more wrong codes this link stops working" in html and SUMMARY in html
    assert f'value="{typed}"' not in html

    never_called(monkeypatch, invitations, "enrol")
    for _ in range(2):
        assert shown(newcomer, address) == html
    monkeypatch.undo()
    db.session.refresh(invitation)
    assert invitation.failed_codes == 1 and audit_count() == audited
    assert typed not in cookie_in_clear(newcomer)
    assert secret.group(1).replace(" ", "") not in cookie_in_clear(newcomer)
    fresh = newcomer.get("/team/enrol").get_data(as_text=True)
    assert SUMMARY not in fresh and "this link stops working" not in fresh
