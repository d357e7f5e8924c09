"""An invitation link belongs to the first browser that sets a password with it, and a few wrong
authenticator codes close it (issue 13, item 11).

Before, a second browser with the same link could set its own password until enrolment finished,
and the first browser's set-up page then showed the second browser's authenticator secret; wrong
codes were never counted.
"""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.tenancy import create_force, use_force
from tests.helpers import (
    PASSWORD,
    Team,
    csrf_token,
    make_team,
    post_form,
    refused,
    sign_in_directly,
    visible_text,
)
from tests.team_helpers import (
    NEW_PASSWORD,
    enter_password,
    invitation_token,
    invite,
    is_signed_in,
    sign_in,
    totp_code,
)
from tests.test_tenancy import client_of, signed_in_north_lead
from triage.models import AuditEntry, Invitation, Member

WRONG_CODE = "000000"


def invited(app: Flask, team: Team) -> str:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    return invite(lead, "Cas Worker", "cas@candour.test", "caseworker")


def set_password(browser: FlaskClient, token: str, password: str = PASSWORD) -> int:
    data = {"password": password, "confirm": password}
    url = f"/team/invitation/{token}"
    page = browser.get(url)
    if page.status_code != 200:
        return page.status_code
    sent = browser.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data})
    return sent.status_code


def shown_secret(browser: FlaskClient) -> str | None:
    page = browser.get("/team/enrol").get_data(as_text=True)
    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)</p>', page)  # shown in groups of 4
    return match.group(1).replace(" ", "") if match else None


def why_not(html: str) -> str:
    match = re.search(r'<p class="govuk-body" id="why">([^<]+)</p>', html)
    assert match, html
    return match.group(1)


def test_a_second_browser_cannot_take_over_an_invitation_being_set_up(
    app: Flask, team: Team
) -> None:
    token = invited(app, team)
    first, second = app.test_client(), app.test_client()
    assert set_password(first, token) == 302
    secret = shown_secret(first)
    assert secret

    refused = second.get(f"/team/invitation/{token}")
    assert refused.status_code == 403
    assert "only works in the browser that set the password" in why_not(
        refused.get_data(as_text=True)
    )
    assert set_password(second, token, NEW_PASSWORD) == 403
    assert shown_secret(second) is None

    assert shown_secret(first) == secret  # not replaced by anything the second browser did
    finished = post_form(first, "/team/enrol", {"code": totp_code(secret)})
    assert finished.status_code == 302 and finished.location.endswith("/team/sign-in")
    member = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    assert member.totp_secret == secret


def test_the_first_browser_may_set_its_password_again_before_enrolling(
    app: Flask, team: Team
) -> None:
    token = invited(app, team)
    browser = app.test_client()
    assert set_password(browser, token) == 302
    scanned = shown_secret(browser)
    assert scanned
    assert set_password(browser, token, NEW_PASSWORD) == 302  # a second thought: still allowed
    # The authenticator the newcomer may already have added from the first QR code still works:
    # Back and Continue again (or Continue pressed twice) once replaced the secret unannounced.
    assert shown_secret(browser) == scanned
    finished = post_form(browser, "/team/enrol", {"code": totp_code(scanned)})
    assert finished.status_code == 302 and finished.location.endswith("/team/sign-in")


def test_opening_the_link_alone_does_not_claim_it(app: Flask, team: Team) -> None:
    """A mail scanner that follows the link must not leave the newcomer locked out."""
    token = invited(app, team)
    scanner, newcomer = app.test_client(), app.test_client()
    assert scanner.get(f"/team/invitation/{token}").status_code == 200
    assert set_password(newcomer, token) == 302
    assert shown_secret(newcomer)


def test_wrong_authenticator_codes_are_counted_and_close_the_invitation(
    app: Flask, team: Team
) -> None:
    token = invited(app, team)
    browser = app.test_client()
    set_password(browser, token)
    secret = shown_secret(browser)
    assert secret
    for left in (4, 3, 2, 1):
        wrong = post_form(browser, "/team/enrol", {"code": WRONG_CODE})
        plural = "code" if left == 1 else "codes"
        shown = f"After {left} more wrong {plural} this link stops working"
        assert shown in refused(browser, wrong)
        assert shown in browser.get(wrong.location).get_data(as_text=True)  # a reload: no count
    closed = post_form(browser, "/team/enrol", {"code": WRONG_CODE})
    assert closed.status_code == 303  # post/redirect/get: a reload sends no code again
    shown = browser.get(closed.location)
    assert shown.status_code == 403
    assert "wrong too many times" in why_not(shown.get_data(as_text=True))

    # Even the right code now does nothing, and the link is dead.
    assert browser.get("/team/enrol").location.endswith("/team/sign-in")
    assert browser.get(f"/team/invitation/{token}").status_code == 404
    member = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    assert member.totp_secret is None
    invitation = db.session.scalars(select(Invitation).where(Invitation.member_id == member.id))
    assert all(i.used and i.wrapped_keys is None for i in invitation)
    locked = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "invitation_locked")
    ).one()
    assert locked.member_id == member.id and "invite them again" in locked.detail


def test_a_newcomer_on_their_phone_can_open_the_set_up_in_their_authenticator_app(
    app: Flask, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    """A phone cannot scan its own screen: next to the QR code an otpauth: link carries the same
    secret (shown behind "I cannot scan the QR code" already), on this page only, never logged."""
    caplog.set_level(logging.DEBUG)
    token = invited(app, team)
    browser = app.test_client()
    assert set_password(browser, token) == 302
    page = browser.get("/team/enrol").get_data(as_text=True)
    match = re.search(
        r'<a class="govuk-link" href="([^"]+)" id="otpauth-link">'
        r"Open in an authenticator app on this device</a>",
        page,
    )
    assert match, page
    link = urlsplit(html.unescape(match.group(1)))
    assert (link.scheme, link.netloc) == ("otpauth", "totp")
    query = parse_qs(link.query)
    assert query["secret"] == [shown_secret(browser)] and query["issuer"] == ["Candour"]
    secret = query["secret"][0]
    finished = post_form(browser, "/team/enrol", {"code": totp_code(secret)})
    assert "otpauth:" not in browser.get(finished.location).get_data(as_text=True)
    assert secret not in caplog.text and "otpauth" not in caplog.text


def test_where_several_forces_are_served_the_authenticator_entry_names_the_force(
    app: Flask, team: Team
) -> None:
    """Every force's entry was "Candour:email" from issuer "Candour", so a member of two forces
    had two entries alike; the enrolment and sign-in said only "the code the app shows for
    Candour". An entry added before keeps working: its codes come from its secret alone."""
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        north_team = make_team()
        north_email = north_team.lead.email
    lead = signed_in_north_lead(app, north, north_team)
    made = post_form(
        lead, "/team/members", {"name": "C", "email": "cas@candour.test", "role": "lead"}
    )
    token = invitation_token(lead.get(made.location).get_data(as_text=True))
    newcomer = client_of(app, north.slug)
    assert set_password(newcomer, token) == 302
    page = newcomer.get("/team/enrol").get_data(as_text=True)
    match = re.search(r'href="([^"]+)" id="otpauth-link"', page)
    assert match, page
    link = urlsplit(html.unescape(match.group(1)))
    query = parse_qs(link.query)
    assert query["issuer"] == ["Candour (North Force)"]
    assert unquote(link.path) == "/Candour (North Force):cas@candour.test"
    assert "the app shows for Candour (North Force)" in visible_text(page)
    # The sign-in asks for that entry's code, and says an older "Candour" entry works too.
    at_north = client_of(app, north.slug)
    assert enter_password(at_north, north_email).status_code == 302
    code_page = visible_text(at_north.get("/team/sign-in/code").get_data(as_text=True))
    assert "your app shows for Candour (North Force) (or for Candour, if you added" in code_page
    # The default force's lead, enrolled under "Candour" before North was added, signs in as ever.
    default_lead = app.test_client()
    assert sign_in(default_lead, team.lead).status_code == 302
    assert is_signed_in(default_lead)
