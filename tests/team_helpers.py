"""Helpers for the team's own journeys: signing in with a real TOTP code, using an invitation,
and reading back the keys a session unlocked."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pyotp
from flask import session
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.db import db
from intake.sealing import TeamPrivateKey
from tests.helpers import PASSWORD, csrf_token, post_form
from triage.models import Member
from triage.team.sessions import refused_forms, to_show_once, unlocked_keys

NEW_PASSWORD = "a different long passphrase"
# One authenticator time step. A test signing one member in a third time within a step moves its
# clock on by this (``time_machine.travel(..., tick=True)``, then ``clock.shift(TOTP_STEP)``).
TOTP_STEP = timedelta(seconds=30)  # pyotp's default interval, which the app's codes use


def totp_code(secret: str, last_counter: int = 0) -> str:
    """A valid code not used before: this time step's, or the next one's if this one is spent
    (the app accepts a code one step ahead). Never waits: a test that signs one member in a
    third time within one step moves its clock on by ``TOTP_STEP`` first."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.now())
    if last_counter > now:
        raise AssertionError(
            "both usable authenticator codes of this member are spent (this time step's and the "
            "next): a third sign-in within one 30-second step. Move the test's clock on by "
            "TOTP_STEP first (time_machine, clock.shift); this helper does not wait."
        )
    return totp.generate_otp(max(now, last_counter + 1))


def code_for(member: Member) -> str:
    db.session.refresh(member)
    assert member.totp_secret
    return totp_code(member.totp_secret, member.totp_last_counter)


def enter_password(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/team/sign-in", {"email": email, "password": password})


def enter_code(client: FlaskClient, code: str) -> TestResponse:
    return post_form(client, "/team/sign-in/code", {"code": code})


def sign_in(client: FlaskClient, member: Member, password: str = PASSWORD) -> TestResponse:
    """Both steps, as a browser would; returns the response to the code step."""
    first = enter_password(client, member.email, password)
    assert first.status_code == 302 and first.location.endswith("/team/sign-in/code"), (
        first.get_data(as_text=True)
    )
    return enter_code(client, code_for(member))


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/team/account").status_code == 200


def session_keys(client: FlaskClient) -> dict[int, TeamPrivateKey]:
    """The team keys the client's staff session holds, read as the server would."""
    with client.session_transaction() as stored:
        cookie = dict(stored)
    with client.application.test_request_context():
        session.update(cookie)
        return unlocked_keys()


def kept_sealed(client: FlaskClient) -> str:
    """Everything the client's staff session keeps sealed for redisplay (refused forms, and what
    is to be shown once), opened as the server would, as one text to search."""
    with client.session_transaction() as stored:
        cookie = dict(stored)
    with client.application.test_request_context():
        session.update(cookie)
        return json.dumps([refused_forms(), to_show_once()])


def invitation_token(html: str) -> str:
    match = re.search(r'id="invitation-link">[^<]*/team/invitation/([A-Za-z0-9_-]+)</p>', html)
    assert match, html
    return match.group(1)


def accept_invitation(client: FlaskClient, token: str, password: str = PASSWORD) -> Member:
    """Use an invitation link: set a password, then enrol the authenticator shown."""
    url = f"/team/invitation/{token}"
    response = post_form(client, url, {"password": password, "confirm": password})
    assert response.status_code == 302 and response.location.endswith("/team/enrol"), (
        response.get_data(as_text=True)
    )
    page = client.get("/team/enrol").get_data(as_text=True)
    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)</p>', page)  # shown in groups of 4
    assert match, page
    secret = match.group(1).replace(" ", "")
    finished = client.post(
        "/team/enrol", data={"csrf_token": csrf_token(page), "code": totp_code(secret)}
    )
    assert finished.status_code == 302, finished.get_data(as_text=True)
    # TOTP secrets are sealed (issue 13), so the member is found by opening each one.
    (member,) = [m for m in db.session.scalars(db.select(Member)) if m.totp_secret == secret]
    return member


def link_shown(client: FlaskClient, response: TestResponse) -> str:
    """The one-time token a new link carries, as the lead sees it: the POST that made it
    redirects (303) to the member's page, whose next GET shows it once."""
    assert response.status_code == 303, response.status_code
    assert re.fullmatch(r"/team/members/\d+", response.location), response.location
    return invitation_token(client.get(response.location).get_data(as_text=True))


def invite(client: FlaskClient, name: str, email: str, role: str) -> str:
    """As a signed-in lead, add a member; the one-time token from the page."""
    response = post_form(client, "/team/members", {"name": name, "email": email, "role": role})
    return link_shown(client, response)


class _HiddenFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.fields[found["name"] or ""] = found.get("value") or ""


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden fields of a page's forms, by name, as a browser would send them."""
    parser = _HiddenFields()
    parser.feed(html)
    return parser.fields


def confirm_role_change(client: FlaskClient, response: TestResponse) -> TestResponse:
    """Press the button on the confirmation a role change taking cases away was sent to (from
    the member's page), the page as it is now."""
    assert response.status_code == 303 and "/role/" in response.location, "asks to confirm"
    page = client.get(response.location).get_data(as_text=True)
    return client.post(response.request.path, data=hidden_fields(page))
