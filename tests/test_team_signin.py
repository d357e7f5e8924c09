"""Signing in to the team's area: both factors, refusals, lockout, signing out, password change."""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.sealing import SealError
from intake.security import limiter
from intake.tenancy import create_force, use_force
from tests.helpers import (
    PASSWORD,
    Team,
    add_member,
    csrf_token,
    make_team,
    post_form,
    quoted_wait_is_honest,
    refused,
    sign_in_directly,
)
from tests.journey_page import parse
from tests.team_helpers import (
    NEW_PASSWORD,
    code_for,
    enter_code,
    enter_password,
    is_signed_in,
    kept_sealed,
    session_keys,
    sign_in,
)
from tests.test_case_refusals import readable_in_the_database
from tests.test_journey_questions import quoted_wait
from triage.models import AuditEntry, Member
from triage.team.keys import unlock_all


def audit_actions() -> list[tuple[str, int | None, str]]:
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.action, e.member_id, e.detail) for e in entries]


def test_password_and_code_sign_in_and_unlock_the_team_key(client: FlaskClient, team: Team) -> None:
    response = sign_in(client, team.lead)
    assert response.status_code == 302
    assert is_signed_in(client)
    assert set(session_keys(client)) == {team.key.key_id}
    assert ("signed_in", team.lead.id, "") in audit_actions()


def test_the_password_alone_does_not_sign_in(client: FlaskClient, team: Team) -> None:
    response = enter_password(client, team.lead.email)
    assert response.location.endswith("/team/sign-in/code")
    for page in ("/team/account", "/team/", "/team/members", "/team/audit"):
        refused = client.get(page)
        assert refused.status_code == 302
        assert refused.location.endswith("/team/sign-in")
    assert session_keys(client) == {}


def test_the_code_page_needs_a_right_password_first(client: FlaskClient, team: Team) -> None:
    assert client.get("/team/sign-in/code").location.endswith("/team/sign-in")
    enter_password(client, team.lead.email, "not the password at all")
    assert client.get("/team/sign-in/code").location.endswith("/team/sign-in")


def test_a_wrong_code_is_refused(client: FlaskClient, team: Team) -> None:
    enter_password(client, team.lead.email)
    right = code_for(team.lead)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = enter_code(client, wrong)
    assert "Enter the current code" in refused(client, response)
    assert not is_signed_in(client)


def test_a_code_that_is_not_six_numbers_is_said_to_be_mistyped(
    client: FlaskClient, team: Team
) -> None:
    enter_password(client, team.lead.email)
    html = refused(client, enter_code(client, "12ab"))
    assert "The code must be 6 numbers, like 123456" in html
    assert "Enter the current code" not in html
    right = code_for(team.lead)
    assert enter_code(client, f"{right[:3]} {right[3:]}").status_code == 302  # as apps show it
    assert is_signed_in(client)


def test_a_reused_code_is_refused(app: Flask, team: Team) -> None:
    first, second = app.test_client(), app.test_client()
    code = code_for(team.lead)
    enter_password(first, team.lead.email)
    assert enter_code(first, code).status_code == 302
    assert is_signed_in(first)
    enter_password(second, team.lead.email)
    assert "Enter the current code" in refused(second, enter_code(second, code))
    assert not is_signed_in(second)


def test_an_expired_code_is_refused(client: FlaskClient, team: Team) -> None:
    totp = pyotp.TOTP(team.lead.totp_secret or "")
    old = totp.generate_otp(totp.timecode(datetime.now()) - 4)  # two minutes ago
    enter_password(client, team.lead.email)
    assert "Enter the current code" in refused(client, enter_code(client, old))
    assert not is_signed_in(client)


def test_unknown_account_and_wrong_password_get_the_same_answer(
    client: FlaskClient, team: Team
) -> None:
    unknown_answer = enter_password(client, "nobody@candour.test", PASSWORD)
    unknown = refused(client, unknown_answer)
    wrong_answer = enter_password(client, team.lead.email, "wrong password here")
    wrong = refused(client, wrong_answer)
    message = "Enter a correct email address and password"
    assert message in unknown and message in wrong
    # The same redirect and the same page, but for the email address typed.
    assert unknown_answer.status_code == wrong_answer.status_code == 303
    same = [
        re.sub(r'value="[^"]*"', 'value=""', page.replace(email, "EMAIL"))
        for page, email in ((unknown, "nobody@candour.test"), (wrong, team.lead.email))
    ]
    assert same[0] == same[1]
    actions = audit_actions()
    assert ("sign_in_failed", None, "no such account") in actions
    assert ("sign_in_failed", team.lead.id, "wrong password") in actions
    assert not any("nobody@candour.test" in detail for _, _, detail in actions)


class _TextOf(HTMLParser):
    """The visible text of the element with ``id`` (or of the whole page), parsed, not grepped."""

    def __init__(self, element_id: str | None) -> None:
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0 if element_id else 1, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in {"br", "img", "input", "meta", "link"}
        elif self.element_id and ("id", self.element_id) in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and self.element_id:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str | None = None) -> str | None:
    parser = _TextOf(element_id)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()) if parser.parts else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _end_the_wait(member: Member) -> None:
    """As if the wait had passed (the clock is not mocked: only the stored end moves)."""
    db.session.refresh(member)
    member.locked_until = _now() - timedelta(seconds=1)
    db.session.commit()


def _wait_left(member: Member) -> timedelta:
    db.session.refresh(member)
    assert member.locked_until is not None, "the account is not waiting"
    return member.locked_until - _now()


def test_failures_make_the_account_wait_longer_each_time_not_lock_it(
    client: FlaskClient, team: Team
) -> None:
    for _ in range(4):  # typos are free
        enter_password(client, team.lead.email, "a wrong guess of a password")
    db.session.refresh(team.lead)
    assert team.lead.locked_until is None

    enter_password(client, team.lead.email, "a fifth wrong guess")
    assert timedelta(seconds=25) < _wait_left(team.lead) <= timedelta(seconds=30)
    waiting = enter_password(client, team.lead.email, PASSWORD)  # even the right one must wait
    assert "Enter a correct email address and password" in refused(client, waiting)
    assert not is_signed_in(client)

    _end_the_wait(team.lead)
    enter_password(client, team.lead.email, "a sixth wrong guess")
    assert timedelta(seconds=55) < _wait_left(team.lead) <= timedelta(minutes=1)
    _end_the_wait(team.lead)
    enter_password(client, team.lead.email, "a seventh wrong guess")
    assert timedelta(seconds=115) < _wait_left(team.lead) <= timedelta(minutes=2)
    assert ("sign_in_slowed", team.lead.id) in [(a, m) for a, m, _ in audit_actions()]
    assert not any(action == "account_locked" for action, _, _ in audit_actions())

    _end_the_wait(team.lead)
    sign_in(client, team.lead)
    assert is_signed_in(client)


def test_the_wait_never_grows_past_fifteen_minutes(client: FlaskClient, team: Team) -> None:
    team.lead.failed_sign_ins = 40
    db.session.commit()
    enter_password(client, team.lead.email, "yet another wrong guess")
    assert timedelta(minutes=14) < _wait_left(team.lead) <= timedelta(minutes=15)


def test_attempts_during_the_wait_are_not_checked_or_counted(
    client: FlaskClient, team: Team
) -> None:
    for _ in range(5):
        enter_password(client, team.lead.email, "a wrong guess of a password")
    db.session.refresh(team.lead)
    counted = team.lead.failed_sign_ins
    enter_password(client, team.lead.email, "guessing during the wait")
    db.session.refresh(team.lead)
    assert team.lead.failed_sign_ins == counted


def test_someone_elses_failures_never_end_a_members_sessions(app: Flask, team: Team) -> None:
    office, attacker = app.test_client(), app.test_client()
    sign_in(office, team.lead)
    for _ in range(9):
        enter_password(attacker, team.lead.email, "someone who knows the email")
    assert is_signed_in(office)
    assert set(session_keys(office)) == {team.key.key_id}


def test_a_browser_the_member_signed_in_with_before_is_not_kept_waiting(
    app: Flask, team: Team
) -> None:
    office, attacker, stranger = app.test_client(), app.test_client(), app.test_client()
    sign_in(office, team.lead)
    page = office.get("/team/account").get_data(as_text=True)
    office.post("/team/sign-out", data={"csrf_token": csrf_token(page)})
    for _ in range(6):
        enter_password(attacker, team.lead.email, "someone who knows the email")
    assert _wait_left(team.lead) > timedelta(seconds=25)

    sign_in(office, team.lead)  # the member's usual browser: the password is checked
    assert is_signed_in(office)
    refused = enter_password(stranger, team.lead.email)  # any other browser waits
    assert refused.status_code == 303 and not is_signed_in(stranger)


def test_a_new_password_stops_trusting_old_browsers(app: Flask, team: Team) -> None:
    office, attacker = app.test_client(), app.test_client()
    sign_in(office, team.lead)
    post_form(
        office,
        "/team/account",
        {
            "current": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "code": code_for(team.lead),
        },
    )
    lead = db.session.get_one(Member, team.lead.id)
    old_cookie = office.get_cookie("candour_device", path="/team/")  # kept by a thief
    assert old_cookie is not None
    for _ in range(5):
        enter_password(attacker, lead.email, "someone who knows the email")
    thief = app.test_client()
    thief.set_cookie("candour_device", old_cookie.value, path="/team/")
    # Signed for the old password: the thief's browser waits like any other.
    assert enter_password(thief, lead.email, NEW_PASSWORD).status_code == 303


def test_the_member_is_told_of_failed_attempts_on_their_account_page(
    app: Flask, team: Team
) -> None:
    office, attacker = app.test_client(), app.test_client()
    sign_in(office, team.lead)
    for _ in range(2):
        enter_password(attacker, team.lead.email, "someone who knows the email")
    banner = text_of(office.get("/team/account").get_data(as_text=True), "failed-sign-ins")
    assert banner is not None and "sign-in" not in banner  # not only at sign-in
    today = _now().date()
    assert f"entered for your account 2 times since {today.day} {today:%B %Y}" in banner
    # A lead is whom the others tell: what a lead can do is change the password.
    assert "If that was not you, change your password." in banner
    assert "tell your lead" not in banner


def test_a_caseworker_told_of_failed_attempts_is_told_to_tell_their_lead(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    office = app.test_client()
    sign_in(office, caseworker)
    enter_password(app.test_client(), caseworker.email, "someone who knows the email")
    banner = text_of(office.get("/team/account").get_data(as_text=True), "failed-sign-ins")
    assert banner is not None and "If that was not you, tell your lead." in banner


def test_the_members_own_mistakes_on_their_pages_raise_no_warning_but_count_to_the_wait(
    client: FlaskClient, team: Team
) -> None:
    """Found in a walk: a lead's mistyped current password was met, beside "Your current
    password is not right", by a warning of a wrong password entered "once", "if that was not
    you, tell your lead". The member typed it, signed in, and was told there and then."""
    sign_in(client, team.lead)
    guess = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "code": "000000"}
    refusal = post_form(client, "/team/account", {"current": "a mistyped password", **guess})
    html = refused(client, refusal)
    assert "Enter the correct current password" in html
    assert text_of(html, "failed-sign-ins") is None
    post_form(client, "/team/account", {"current": PASSWORD, **guess})  # a wrong code
    post_form(client, "/team/keys", {"password": "a mistyped password"})  # rotating the key
    assert text_of(client.get("/team/account").get_data(as_text=True), "failed-sign-ins") is None
    lead = db.session.get_one(Member, team.lead.id)
    db.session.refresh(lead)
    assert (lead.failed_sign_ins, lead.unseen_failures) == (3, 0)  # still towards the wait
    failed = [a for a, m, _ in audit_actions() if a == "sign_in_failed" and m == lead.id]
    assert len(failed) == 3  # and audited


def test_the_member_is_told_of_failed_attempts_at_their_next_sign_in(
    app: Flask, team: Team
) -> None:
    attacker, member = app.test_client(), app.test_client()
    enter_password(attacker, team.lead.email, "someone who knows the email")
    signed_in = sign_in(member, team.lead)
    page = member.get(signed_in.location).get_data(as_text=True)
    today = _now().date()
    # A warning, in the blue "Important" banner: never dressed as a success.
    warning = text_of(page, "important") or ""
    assert f"entered for your account once since {today.day} {today:%B %Y}" in warning
    assert "govuk-notification-banner--success" not in page
    # Told once: the account page no longer repeats it.
    assert text_of(member.get("/team/account").get_data(as_text=True), "failed-sign-ins") is None


def test_wrong_codes_count_towards_the_wait(client: FlaskClient, team: Team) -> None:
    enter_password(client, team.lead.email)
    for _ in range(5):
        enter_code(client, "000000")
    assert _wait_left(team.lead) > timedelta(seconds=25)
    assert client.get("/team/sign-in/code").location.endswith("/team/sign-in")


def test_wrong_passwords_when_rotating_the_key_count_like_sign_in(
    client: FlaskClient, team: Team
) -> None:
    sign_in(client, team.lead)
    for _ in range(5):
        post_form(client, "/team/keys", {"password": "a guess at the lead's password"})
    assert _wait_left(team.lead) > timedelta(seconds=25)
    waiting = post_form(client, "/team/keys", {"password": PASSWORD})  # waiting: not checked
    html = refused(client, waiting)
    # Told why, and for how long, not that a right password was wrong.
    assert "Enter the correct password" not in html
    assert re.search(
        r"has to wait, so what you entered was not checked\. Try again in \d+ seconds", html
    )
    assert is_signed_in(client)  # the member's own session goes on


def test_a_password_change_while_the_account_waits_says_so_and_how_long(
    client: FlaskClient, team: Team
) -> None:
    sign_in(client, team.lead)
    guess = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    for _ in range(5):
        post_form(client, "/team/account", {"current": "a guess", **guess, "code": "000000"})
    assert _wait_left(team.lead) > timedelta(seconds=25)
    right = {"current": PASSWORD, **guess, "code": code_for(team.lead)}
    html = refused(client, post_form(client, "/team/account", right))
    assert "Enter the correct current password" not in html
    assert re.search(r"not checked\. Try again in \d+ seconds", html) and 'href="#current"' in html
    lead = db.session.get_one(Member, team.lead.id)
    assert unlock_all(lead.wraps, PASSWORD)  # nothing changed


def test_sign_in_is_rate_limited(client: FlaskClient, team: Team) -> None:
    before = time.time()
    # Ten a minute per email address typed from one address (test_signin_limits has the rest).
    responses = [enter_password(client, "guess@candour.test", f"guess {i}") for i in range(11)]
    after = time.time()
    assert [r.status_code for r in responses] == [303] * 11  # never a page in reply to the POST
    assert all(urlsplit(r.location).path == "/team/sign-in" for r in responses[:10])
    # Over the limit: a page of its own, so a reload sends no password again.
    limited = responses[10].location
    assert urlsplit(limited).path == "/team/too-many-attempts"
    html = client.get(limited).get_data(as_text=True)
    assert parse(html).find("h1")[0].words == "Too many attempts"
    quoted = quoted_wait(html)
    assert quoted_wait_is_honest(quoted, 60, before, after), (quoted, before, after, limited)
    assert client.get(limited).get_data(as_text=True) == html  # a reload: the same, no attempt
    assert "guess@candour.test" not in html
    assert "You have tried this too many times" in html


def test_sign_out_needs_the_form_and_ends_the_session(client: FlaskClient, team: Team) -> None:
    sign_in(client, team.lead)
    client.post("/team/sign-out", data={})  # no CSRF token: nothing happens
    assert is_signed_in(client)
    page = client.get("/team/account").get_data(as_text=True)
    response = client.post("/team/sign-out", data={"csrf_token": csrf_token(page)})
    assert response.location.endswith("/team/sign-in")
    assert not is_signed_in(client)
    assert any(action == "signed_out" for action, _, _ in audit_actions())


def test_sign_out_everywhere_ends_every_session(app: Flask, team: Team) -> None:
    office, home = app.test_client(), app.test_client()
    sign_in(office, team.lead)
    sign_in(home, team.lead)
    page = home.get("/team/account").get_data(as_text=True)
    home.post("/team/sign-out-everywhere", data={"csrf_token": csrf_token(page)})
    assert not is_signed_in(home)
    assert not is_signed_in(office)


def test_changing_the_password_rewraps_every_key_copy(app: Flask, team: Team) -> None:
    browser, other = app.test_client(), app.test_client()
    sign_in(browser, team.lead)
    sign_in_directly(other, team.lead, team.keys)
    response = post_form(
        browser,
        "/team/account",
        {
            "current": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "code": code_for(team.lead),
        },
    )
    assert response.status_code == 303 and response.location == "/team/account"
    changed = browser.get(response.location).get_data(as_text=True)
    assert "Your password has been changed. You have been signed out everywhere else." in changed
    assert "Your password has been changed" not in browser.get("/team/account").get_data(
        as_text=True
    )  # shown once: a reload does not say it again
    assert is_signed_in(browser) and not is_signed_in(other)
    assert set(session_keys(browser)) == {team.key.key_id}
    lead = db.session.get_one(Member, team.lead.id)
    with pytest.raises(SealError):
        unlock_all(lead.wraps, PASSWORD)
    assert unlock_all(lead.wraps, NEW_PASSWORD)[team.key.key_id].raw == team.key.raw
    assert enter_password(app.test_client(), lead.email, PASSWORD).status_code == 303
    assert ("password_changed", lead.id, "") in audit_actions()


def test_changing_the_password_needs_the_current_one_and_a_code(
    client: FlaskClient, team: Team
) -> None:
    sign_in(client, team.lead)
    wrong = post_form(
        client,
        "/team/account",
        {
            "current": "not my password",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "code": code_for(team.lead),
        },
    )
    assert "Enter the correct current password" in refused(client, wrong)
    no_code = post_form(
        client,
        "/team/account",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "code": "123"},
    )
    assert "The code must be 6 numbers" in refused(client, no_code)
    short = post_form(
        client,
        "/team/account",
        {"current": PASSWORD, "password": "short", "confirm": "short", "code": code_for(team.lead)},
    )
    assert "between 12 and" in refused(client, short)
    lead = db.session.get_one(Member, team.lead.id)
    assert unlock_all(lead.wraps, PASSWORD)


def failed_attempts() -> int:
    return sum(action == "sign_in_failed" for action, _, _ in audit_actions())


@pytest.mark.parametrize("wrong", ["current", "code"])
def test_a_refused_password_change_comes_back_by_redirect_and_keeps_no_password(
    client: FlaskClient, team: Team, wrong: str
) -> None:
    sign_in(client, team.lead)
    typed = {
        "current": "a mistyped current password" if wrong == "current" else PASSWORD,
        "password": "a new passphrase nobody keeps",
        "confirm": "a new passphrase nobody keeps",
        "code": "000000" if wrong == "code" else code_for(team.lead),
    }
    error = {
        "current": "Enter the correct current password",
        "code": "Enter the current code from your authenticator app",
    }[wrong]
    response = post_form(client, "/team/account", typed)
    html = refused(client, response)
    assert error in html and "There is a problem" in html and "<title>Error:" in html
    assert f'href="#{wrong}"' in html  # the summary links to the field, as GOV.UK does
    for field in ("current", "password", "confirm", "code"):  # and to nothing else
        assert html.count(f'id="{field}"') == 1, field
    assert failed_attempts() == 1

    again = client.get(response.location).get_data(as_text=True)  # a reload, or Back onto it
    assert error in again
    assert failed_attempts() == 1  # nothing was sent again, so nothing counted again
    assert db.session.get_one(Member, team.lead.id).failed_sign_ins == 1
    assert error not in client.get("/team/account").get_data(as_text=True)  # opened afresh

    # Every field comes back empty: no password (nor the code) is kept, not even sealed.
    for value in typed.values():
        assert f'value="{value}"' not in html and f'value="{value}"' not in again
        assert not readable_in_the_database(value)
        assert value not in kept_sealed(client)
    assert error in kept_sealed(client)  # only the error is kept
    lead = db.session.get_one(Member, team.lead.id)
    assert unlock_all(lead.wraps, PASSWORD)


def test_oversight_signs_in_without_any_team_key(client: FlaskClient, team: Team) -> None:
    oversight = add_member("oversight", team)
    response = sign_in(client, oversight)
    assert response.location.endswith("/team/oversight")
    assert is_signed_in(client)
    assert session_keys(client) == {}


def test_no_password_code_or_secret_reaches_the_logs_or_the_audit_log(
    client: FlaskClient, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = code_for(team.lead)
    enter_password(client, team.lead.email, "a mistyped password")
    enter_password(client, team.lead.email)
    enter_code(client, code)
    secrets = [PASSWORD, "a mistyped password", code, team.lead.totp_secret or ""]
    details = " ".join(detail for _, _, detail in audit_actions())
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in details


def test_a_link_followed_while_signed_out_leads_back_to_its_page(
    client: FlaskClient, team: Team
) -> None:
    wanted = "/team/audit?case=C-ABCDEFGH"
    assert client.get(wanted).location.endswith("/team/sign-in")
    assert sign_in(client, team.lead).location.endswith(wanted)
    client.post(
        "/team/sign-out",
        data={"csrf_token": csrf_token(client.get("/team/account").get_data(as_text=True))},
    )
    # Once used it is forgotten: the next sign-in lands on the member's home page.
    assert sign_in(client, team.lead).location.endswith("/team/")


def test_no_address_can_send_a_member_to_another_site_after_signing_in(
    client: FlaskClient, team: Team
) -> None:
    client.get("/team//evil.example/path")
    assert "evil.example" not in sign_in(client, team.lead).location


def test_a_link_with_a_line_break_in_its_address_still_signs_the_member_in(
    client: FlaskClient, team: Team
) -> None:
    # A link sent to a member ("%0D%0A" decodes to a line break in the path) used to be kept as
    # it was and put in the Location header after the code step: a 500, just as the code was
    # accepted, and no header can be added through it.
    client.get("/team/cases/%0D%0ASet-Cookie:%20planted=1")
    signed_in = sign_in(client, team.lead)
    assert signed_in.status_code == 302
    assert urlsplit(signed_in.location).path.startswith("/team/cases/")
    assert client.get_cookie("planted") is None
    assert client.get("/team/").status_code == 200


def _sign_in_at(browser: FlaskClient, force_path: str, member: Member) -> None:
    """Both steps at one force's address (``force_path`` is "" or "/<slug>"), then sign out."""
    first = post_form(
        browser, f"{force_path}/team/sign-in", {"email": member.email, "password": PASSWORD}
    )
    assert first.status_code == 302, first.get_data(as_text=True)
    post_form(browser, f"{force_path}/team/sign-in/code", {"code": code_for(member)})
    assert browser.get(f"{force_path}/team/account").status_code == 200


def _sign_out_at(browser: FlaskClient, force_path: str) -> None:
    page = browser.get(f"{force_path}/team/account").get_data(as_text=True)
    browser.post(f"{force_path}/team/sign-out", data={"csrf_token": csrf_token(page)})


def test_a_browser_is_known_at_each_force_the_member_signed_in_with_it(
    app: Flask, team: Team
) -> None:
    # The same person leads the default force and North with one email address: each force's
    # device cookie is its own, sent to that force's sign-in page and not overwritten by the other.
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        north_lead = make_team().lead
        assert north_lead.email == "lead@candour.test"
    assert team.lead.email == "lead@candour.test"
    office, attacker = app.test_client(), app.test_client()
    _sign_in_at(office, "", team.lead)
    _sign_out_at(office, "")
    with use_force(north.id):
        _sign_in_at(office, "/north", north_lead)
        _sign_out_at(office, "/north")
        for _ in range(6):
            post_form(
                attacker,
                "/north/team/sign-in",
                {"email": north_lead.email, "password": "someone who knows the email"},
            )
        assert _wait_left(north_lead) > timedelta(seconds=25)
    limiter.reset()  # every test browser has one address: the attacks are not the office's
    for _ in range(6):
        enter_password(attacker, team.lead.email, "someone who knows the email")
    assert _wait_left(team.lead) > timedelta(seconds=25)
    limiter.reset()

    with use_force(north.id):
        _sign_in_at(office, "/north", north_lead)  # the member's usual browser, at North
        refused = post_form(
            app.test_client(),
            "/north/team/sign-in",
            {"email": north_lead.email, "password": PASSWORD},
        )
        assert refused.status_code == 303  # any other browser waits
    _sign_in_at(office, "", team.lead)  # and at the default force
    assert office.get_cookie("candour_device", path="/north/team/") is not None
    assert office.get_cookie("candour_device", path="/team/") is not None
