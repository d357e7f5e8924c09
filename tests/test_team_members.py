"""A lead manages the team: invitations, restoring access, removal; roles are enforced."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import TeamKey
from intake.sealing import SealError, open_sealed, seal
from tests.conftest import RequestScopedClient
from tests.helpers import (
    PASSWORD,
    Team,
    add_member,
    csrf_token,
    post_form,
    refused,
    sign_in_directly,
    visible_text,
)
from tests.page_text import table_labels
from tests.team_helpers import (
    NEW_PASSWORD,
    accept_invitation,
    confirm_role_change,
    enter_password,
    invitation_token,
    invite,
    is_signed_in,
    link_shown,
    session_keys,
    sign_in,
)
from tests.test_case_refusals import every_value_in_the_database, readable_in
from triage.forms import EXPIRED
from triage.models import AuditEntry, Invitation, KeyWrap, Member, StaffSession
from triage.team import membership
from triage.team.keys import create_recovery, unlock_all
from triage.team.members import remove_member


def sealed_note() -> bytes:
    current = TeamKey.current()
    assert current is not None
    return seal(
        current.public_key, current.id, b"only the team can read this", record="test", field="note"
    )


def test_a_newcomer_sets_a_password_and_authenticator_and_can_read_reports(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")

    newcomer = app.test_client()
    page = newcomer.get(f"/team/invitation/{token}").get_data(as_text=True)
    assert "Set up your account" in page and "Cas Worker" in page
    member = accept_invitation(newcomer, token, NEW_PASSWORD)
    assert member.email == "cas@candour.test" and member.role == "caseworker"

    sign_in(newcomer, member, NEW_PASSWORD)
    assert is_signed_in(newcomer)
    keys = session_keys(newcomer)
    assert open_sealed(keys, sealed_note(), record="test", field="note") == (
        b"only the team can read this"
    )
    actions = [e.action for e in db.session.scalars(select(AuditEntry))]
    assert "member_invited" in actions and "invitation_accepted" in actions


def test_the_enrolment_page_shows_a_qr_code_as_an_image_and_the_secret(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    newcomer = app.test_client()
    post_form(
        newcomer, f"/team/invitation/{token}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    page = newcomer.get("/team/enrol").get_data(as_text=True)
    assert '<img src="data:image/svg+xml;base64,' in page
    # In groups of 4, easier to read out and type; authenticator apps take the spaces.
    assert re.search(r'id="totp-secret">[A-Z2-7]{4}( [A-Z2-7]{4}){7}</p>', page)
    assert "<script>" not in page and "style=" not in page
    wrong = post_form(newcomer, "/team/enrol", {"code": "000000"})
    assert "this link stops working" in refused(newcomer, wrong)
    member = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    assert member.totp_secret is None  # not usable until a valid code


def test_the_token_is_stored_only_as_its_hash(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.token_hash == sha256(token.encode()).digest()
    assert token.encode() not in (invitation.wrapped_keys or b"")
    assert token not in " ".join(e.detail for e in db.session.scalars(select(AuditEntry)))


HOSTILE_HOST = "attacker.example"  # a Host header the visitor chose (the test app allows any)


class HostileHostClient(RequestScopedClient):
    """A browser whose every request names ``HOSTILE_HOST`` in its Host header."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        kwargs.setdefault("base_url", f"http://{HOSTILE_HOST}")
        return super().open(*args, **kwargs)


def signed_in_at_hostile_host(app: Flask, member: Member, team: Team) -> FlaskClient:
    browser = HostileHostClient(app, app.response_class, use_cookies=True)
    sign_in_directly(browser, member, team.keys)  # its cookie is for localhost: moved
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = browser.get_cookie(name)
    assert cookie is not None
    browser.set_cookie(name, cookie.value, domain=HOSTILE_HOST)
    return browser


def shown_link(html: str) -> str:
    match = re.search(r'id="invitation-link">([^<]*)</p>', html)
    assert match, html
    return match.group(1)


def test_a_link_to_pass_on_is_at_the_configured_address_whatever_host_the_request_named(
    app: Flask, team: Team
) -> None:
    app.config["CANDOUR_BASE_URL"] = "https://speakup.example.police.uk/"
    caseworker = add_member("caseworker", team)
    lead = signed_in_at_hostile_host(app, team.lead, team)
    made = post_form(
        lead, "/team/members", {"name": "Cas Worker", "email": "cas@candour.test", "role": "lead"}
    )
    page = lead.get(made.location).get_data(as_text=True)
    assert made.request.host == HOSTILE_HOST and HOSTILE_HOST not in page
    link = shown_link(page)
    assert link.startswith("https://speakup.example.police.uk/team/invitation/"), link

    token = csrf_token(lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True))
    restored = lead.post(f"/team/members/{caseworker.id}/restore", data={"csrf_token": token})
    link = shown_link(lead.get(restored.location).get_data(as_text=True))
    assert link.startswith("https://speakup.example.police.uk/team/invitation/"), link
    accept_invitation(app.test_client(), urlsplit(link).path.rsplit("/", 1)[1])


def test_an_invitation_link_works_once(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    accept_invitation(app.test_client(), token)
    again = app.test_client()
    assert again.get(f"/team/invitation/{token}").status_code == 404
    page = again.get("/team/sign-in").get_data(as_text=True)
    refused = again.post(
        f"/team/invitation/{token}",
        data={"csrf_token": csrf_token(page), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert refused.status_code == 404


def test_an_invitation_link_expires_after_seven_days(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    invitation = db.session.scalars(select(Invitation)).one()
    now = datetime.now(UTC).replace(tzinfo=None)
    assert timedelta(days=6, hours=23) < invitation.expires_at - now <= timedelta(days=7)
    invitation.expires_at = now - timedelta(seconds=1)
    db.session.commit()
    page = app.test_client().get(f"/team/invitation/{token}")
    assert page.status_code == 404
    assert "This link does not work" in page.get_data(as_text=True)


def test_an_oversight_member_gets_no_copy_of_the_team_key(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Ova Sight", "ova@candour.test", "oversight")
    assert db.session.scalars(select(Invitation)).one().wrapped_keys is None
    member = accept_invitation(app.test_client(), token)
    assert (
        db.session.scalar(select(func.count(KeyWrap.id)).where(KeyWrap.member_id == member.id)) == 0
    )


def test_an_email_address_is_used_once(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(
        lead, "/team/members", {"name": "Lee Again", "email": "LEAD@candour.test", "role": "lead"}
    )
    assert "already belongs to Lee Lead, a current member. If they lost access" in refused(
        lead, response
    )
    bad = post_form(lead, "/team/members", {"name": "X", "email": "not-an-email", "role": "lead"})
    shown = refused(lead, bad)
    assert "correct format" in shown and 'value="not-an-email"' in shown
    assert "<title>Error:" in shown
    assert "correct format" in lead.get(bad.headers["Location"]).get_data(as_text=True)  # reload
    assert "correct format" not in lead.get("/team/members").get_data(as_text=True)  # afresh
    invited = post_form(
        lead, "/team/members", {"name": "Nia New", "email": "nia@candour.test", "role": "lead"}
    )
    assert link_shown(lead, invited)  # the one-time link, shown once on the newcomer's page
    assert "correct format" not in lead.get("/team/members").get_data(as_text=True)


def test_inviting_a_removed_members_address_points_to_invite_them_again(
    app: Flask, team: Team
) -> None:
    """The removal page and the refusal to invite the same address again both send the lead to
    the removed member's page and its button, which lets them back."""
    caseworker = add_member("caseworker", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    button = "select “Invite them again”"
    confirm = visible_text(lead.get(f"/team/members/{caseworker.id}/remove").get_data(as_text=True))
    assert f"To let them back later, open their page and {button}" in confirm
    post_form(lead, f"/team/members/{caseworker.id}/remove", {})
    again = {"name": "Cas Again", "email": caseworker.email, "role": "caseworker"}
    said = visible_text(refused(lead, post_form(lead, "/team/members", again)))
    assert (
        f"This email address belongs to {caseworker.name}, who was removed from the team. To let "
        f"them back, open their page from the list of members and {button}."
    ) in said
    page = lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True)
    assert "Invite them again" in visible_text(page)  # the button it names is there


def _a_caseworker_s_page(app: Flask, team: Team) -> tuple[Member, FlaskClient, str, str]:
    """A caseworker, the lead signed in, the caseworker's member page and its form token."""
    caseworker = add_member("caseworker", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    page = f"/team/members/{caseworker.id}"
    return caseworker, lead, page, csrf_token(lead.get(page).get_data(as_text=True))


def test_a_role_change_without_a_role_comes_back_to_the_members_page(
    app: Flask, team: Team
) -> None:
    _, lead, page, token = _a_caseworker_s_page(app, team)
    response = lead.post(f"{page}/role", data={"csrf_token": token})
    assert response.status_code == 303
    shown = refused(lead, response, page)
    assert "There is a problem" in shown and "<title>Error:" in shown
    other = add_member("caseworker", team)
    assert "There is a problem" not in lead.get(f"/team/members/{other.id}").get_data(as_text=True)
    done = lead.post(f"{page}/role", data={"csrf_token": token, "role": "lead"})
    assert done.status_code == 302
    assert "There is a problem" not in lead.get(page).get_data(as_text=True)


def test_a_role_change_to_the_role_a_member_has_says_nothing_changed(
    app: Flask, team: Team
) -> None:
    caseworker, lead, page, token = _a_caseworker_s_page(app, team)
    same = lead.post(f"{page}/role", data={"csrf_token": token, "role": "caseworker"})
    assert same.status_code == 302
    shown = visible_text(lead.get(same.location).get_data(as_text=True))
    assert f"{caseworker.name} already has the caseworker role. Nothing was changed." in shown
    assert audited("role_changed") == []


def test_a_role_changed_in_another_tab_is_not_silently_overwritten(app: Flask, team: Team) -> None:
    # Two tabs on a caseworker's page: one made them a lead, then the other, still showing
    # "caseworker", made them oversight and said so as if nothing had come between.
    caseworker, lead, page, token = _a_caseworker_s_page(app, team)
    stale = lead.get(page).get_data(as_text=True)
    seen = re.search(r'name="role_seen" type="hidden" value="([^"]*)"', stale)
    assert seen and seen.group(1) == "caseworker"
    first = lead.post(
        f"{page}/role", data={"csrf_token": token, "role_seen": "caseworker", "role": "lead"}
    )
    assert first.status_code == 302
    second = lead.post(
        f"{page}/role",
        data={"csrf_token": csrf_token(stale), "role_seen": "caseworker", "role": "oversight"},
    )
    shown = visible_text(refused(lead, second, page))
    assert (
        f"{caseworker.name}'s role was changed to lead while you were looking (in another tab, "
        "or by another lead), so your change was not made." in shown
    )
    db.session.refresh(caseworker)
    assert caseworker.role == "lead"
    assert len(audited("role_changed")) == 1
    again = refused(lead, second, page)  # the page as it is now: sent again, it is a choice
    assert re.search(r'name="role_seen" type="hidden" value="lead"', again)
    assert re.search(r'name="role" type="radio" value="oversight" checked', again)
    done = lead.post(
        f"{page}/role",
        data={"csrf_token": csrf_token(again), "role_seen": "lead", "role": "oversight"},
    )
    assert confirm_role_change(lead, done).status_code == 302
    db.session.refresh(caseworker)
    assert caseworker.role == "oversight"


def test_a_members_page_acted_on_after_they_were_removed_says_what_happened(
    app: Flask, team: Team
) -> None:
    # Removed in one tab, the member's page still open in another: its role change, new link
    # and invitation's revoking, and the removal sent again, came back to the page in silence.
    newcomer, lead, page, token = _a_caseworker_s_page(app, team)
    invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    invited = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    remove_page = lead.get(f"{page}/remove").get_data(as_text=True)
    invited_page = lead.get(f"/team/members/{invited.id}").get_data(as_text=True)
    for url in (page, f"/team/members/{invited.id}"):
        removing = lead.get(f"{url}/remove").get_data(as_text=True)
        assert (
            lead.post(f"{url}/remove", data={"csrf_token": csrf_token(removing)}).status_code == 302
        )

    def said(response: TestResponse) -> str:
        assert response.status_code == 302
        return visible_text(lead.get(response.location).get_data(as_text=True))

    name = newcomer.name
    forged = lead.post(f"{page}/role", data={"role": "lead"})  # another site's, no token
    assert "was removed while you were looking" not in said(forged)
    role = lead.post(f"{page}/role", data={"csrf_token": token, "role": "lead"})
    assert f"{name} was removed while you were looking" in said(role)
    assert "so their role was not changed" in said(
        lead.post(f"{page}/role", data={"csrf_token": token, "role": "lead"})
    )
    restore = lead.post(f"{page}/restore", data={"csrf_token": token})
    back = "so no new link was made. To let them back, select “Invite them again” on this page"
    assert back in said(restore)
    again = lead.post(f"{page}/remove", data={"csrf_token": csrf_token(remove_page)})
    assert f"{name} had already been removed, in another tab or by another lead." in said(again)
    revoke = lead.post(
        f"/team/members/{invited.id}/revoke", data={"csrf_token": csrf_token(invited_page)}
    )
    assert "Cas Worker has no open invitation now, so nothing was revoked." in said(revoke)
    reinvite = post_form(lead, page + "/reinvite", {})
    link_shown(lead, reinvite)
    twice = lead.post(f"{page}/reinvite", data={"csrf_token": token})
    assert f"{name} was already let back (in another tab, or by another lead)" in said(twice)
    db.session.refresh(newcomer)
    assert newcomer.role == "caseworker" and audited("role_changed") == []


def test_a_lead_restores_access_for_a_member_who_lost_theirs(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    page = lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True)
    response = lead.post(
        f"/team/members/{caseworker.id}/restore", data={"csrf_token": csrf_token(page)}
    )
    token = link_shown(lead, response)

    browser = app.test_client()
    accept_invitation(browser, token, NEW_PASSWORD)
    assert enter_password(app.test_client(), caseworker.email, PASSWORD).status_code == 303
    sign_in(browser, caseworker, NEW_PASSWORD)
    assert open_sealed(session_keys(browser), sealed_note(), record="test", field="note")
    member = db.session.get_one(Member, caseworker.id)
    with pytest.raises(SealError):
        unlock_all(member.wraps, PASSWORD)
    assert "access_restored" in [e.action for e in db.session.scalars(select(AuditEntry))]


def test_a_removed_member_cannot_sign_in_and_their_key_copies_are_gone(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    theirs = app.test_client()
    sign_in(theirs, caseworker)
    lead = app.test_client()
    sign_in(lead, team.lead)

    confirm = lead.get(f"/team/members/{caseworker.id}/remove")
    assert "Remove Caseworker from the team?" in confirm.get_data(as_text=True)
    assert lead.post(f"/team/members/{caseworker.id}/remove", data={}).status_code == 303
    assert db.session.get_one(Member, caseworker.id).active  # no CSRF token: nothing happened
    response = lead.post(
        f"/team/members/{caseworker.id}/remove",
        data={"csrf_token": csrf_token(confirm.get_data(as_text=True))},
    )
    assert response.location.endswith("/team/members")

    member = db.session.get_one(Member, caseworker.id)
    assert not member.active
    assert (
        db.session.scalar(select(func.count(KeyWrap.id)).where(KeyWrap.member_id == member.id)) == 0
    )
    assert (
        db.session.scalar(
            select(func.count(StaffSession.id)).where(StaffSession.member_id == member.id)
        )
        == 0
    )
    assert not is_signed_in(theirs)
    assert enter_password(app.test_client(), member.email, PASSWORD).status_code == 303
    assert "member_removed" in [e.action for e in db.session.scalars(select(AuditEntry))]


def test_a_refused_removal_comes_back_to_the_confirmation_by_redirect(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    url = f"/team/members/{caseworker.id}/remove"
    lead.get(url)
    audited = len(db.session.scalars(select(AuditEntry)).all())
    response = lead.post(url, data={})  # no CSRF token, as when the session's had expired
    assert response.status_code == 303
    assert urlsplit(response.location).path == url
    assert re.fullmatch(r"refused=[0-9a-f]{16}", urlsplit(response.location).query)
    html = lead.get(response.location).get_data(as_text=True)
    assert "There is a problem" in html and EXPIRED in html and "CSRF" not in html
    assert "Remove Caseworker from the team?" in html
    # A reload shows the same page; only the CSRF tokens' timestamps may differ by a second.
    token = re.compile(r'name="csrf_token" type="hidden" value="[^"]*"')
    reloaded = lead.get(response.location).get_data(as_text=True)
    assert token.sub("", reloaded) == token.sub("", html)
    assert db.session.get_one(Member, caseworker.id).active
    assert len(db.session.scalars(select(AuditEntry)).all()) == audited
    fresh = lead.get(url).get_data(as_text=True)  # opened afresh
    assert "There is a problem" not in fresh and "Remove Caseworker from the team?" in fresh

    removed = lead.post(url, data={"csrf_token": csrf_token(html)})
    assert removed.location.endswith("/team/members")
    assert not db.session.get_one(Member, caseworker.id).active


def test_a_lead_cannot_remove_themselves(client: FlaskClient, team: Team) -> None:
    sign_in(client, team.lead)
    response = client.get(f"/team/members/{team.lead.id}/remove")
    assert response.status_code == 302
    assert db.session.get_one(Member, team.lead.id).active


@pytest.mark.parametrize("role", ["caseworker", "oversight"])
def test_only_leads_manage_members_keys_and_the_audit_log(
    client: FlaskClient, team: Team, role: str
) -> None:
    member = add_member(role, team)
    sign_in(client, member)
    for url in (
        "/team/members",
        f"/team/members/{team.lead.id}",
        "/team/keys",
        "/team/audit",
        f"/team/members/{team.lead.id}/remove",
    ):
        assert client.get(url).status_code == 403, url
    token = csrf_token(client.get("/team/account").get_data(as_text=True))
    for url, data in (
        ("/team/members", {"name": "X", "email": "x@candour.test", "role": "lead"}),
        (f"/team/members/{team.lead.id}/restore", {}),
        (f"/team/members/{team.lead.id}/remove", {}),
        ("/team/keys", {"password": PASSWORD}),
        ("/team/audit", {}),
    ):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    assert db.session.scalar(select(func.count(Member.id))) == 2
    assert db.session.get_one(Member, team.lead.id).active


def test_the_command_line_invites_with_the_recovery_key(app: Flask, team: Team) -> None:
    recovery = create_recovery(team.keys)
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(
        args=[
            "team",
            "add-member",
            "--email",
            "cas@candour.test",
            "--name",
            "Cas Worker",
            "--role",
            "caseworker",
        ],
        input="0000-WRONG\n",
    )
    assert refused.exit_code != 0
    result = runner.invoke(
        args=[
            "team",
            "add-member",
            "--email",
            "cas@candour.test",
            "--name",
            "Cas Worker",
            "--role",
            "caseworker",
        ],
        input=f"{recovery}\n",
    )
    assert result.exit_code == 0, result.output
    assert recovery not in result.output
    token = re.search(r"/team/invitation/([A-Za-z0-9_-]+)", result.output)
    assert token
    browser = app.test_client()
    member = accept_invitation(browser, token.group(1))
    sign_in(browser, member)
    assert open_sealed(session_keys(browser), sealed_note(), record="test", field="note")
    actions = [e.action for e in db.session.scalars(select(AuditEntry))]
    assert "recovery_used" in actions and "recovery_refused" in actions


def test_the_command_line_invites_oversight_without_any_key(app: Flask, team: Team) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "team",
            "add-member",
            "--email",
            "ova@candour.test",
            "--name",
            "Ova Sight",
            "--role",
            "oversight",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "/team/invitation/" in result.output


@pytest.mark.parametrize(
    ("email", "name", "said"),
    [
        ("not-an-address", "Cas Worker", "Enter an email address in the correct format"),
        ("cas@candour.test", "  ", "Enter their name"),
        ("cas@candour.test", "Cas\u202eWorker", "must not include hidden characters"),
    ],
)
def test_the_command_line_checks_a_member_as_the_web_invitation_does(
    app: Flask, team: Team, email: str, name: str, said: str
) -> None:
    """Before the recovery key is asked for, and nothing is kept."""
    result = app.test_cli_runner().invoke(
        args=["team", "add-member", "--email", email, "--name", name, "--role", "caseworker"]
    )
    assert result.exit_code != 0 and said in result.output
    assert "Recovery key" not in result.output
    assert db.session.scalar(select(func.count(Member.id))) == 1


def test_names_are_shown_as_text_never_as_markup(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    invite(lead, "<b>Bold</b> Name", "bold@candour.test", "caseworker")
    page = lead.get("/team/members").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; Name</a>" in page
    assert "<b>Bold</b>" not in page


@pytest.mark.parametrize(
    "hidden", ["\u202e", "\u2066", "\u200f", "\u061c", "\u200b", "\x07", "\u2028"]
)
def test_a_name_with_hidden_characters_is_refused(app: Flask, team: Team, hidden: str) -> None:
    # A right-to-left override shows "Casey \u202eevil" as "Casey live".
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(
        lead,
        "/team/members",
        {"name": f"Casey {hidden}evil", "email": "casey@candour.test", "role": "caseworker"},
    )
    assert "Full name must not include hidden characters" in refused(lead, response)
    assert db.session.scalar(select(func.count(Member.id))) == 1  # only the lead


def test_a_name_in_any_script_with_its_joiners_and_emoji_is_accepted(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    name = "Zoë O'Brien-Ng \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f600"
    invite(lead, name, "zoe@candour.test", "caseworker")
    assert db.session.scalars(select(Member.name).where(Member.role == "caseworker")).one() == name


def test_a_name_too_long_says_so_plainly(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(
        lead, "/team/members", {"name": "N" * 101, "email": "n@candour.test", "role": "lead"}
    )
    html = refused(lead, response)
    assert "Full name must be 100 characters or fewer" in html and "Field cannot" not in html


def test_a_taken_address_is_said_with_the_forms_other_problems(app: Flask, team: Team) -> None:
    """The summary lists every problem at once: a taken address was said only after the lead
    had mended the name and sent the form again."""
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(
        lead, "/team/members", {"name": "N" * 101, "email": "lead@candour.test", "role": "lead"}
    )
    html = refused(lead, response)
    assert "Full name must be 100 characters or fewer" in html
    assert "already belongs to Lee Lead, a current member" in html


# --- what a lead manages on a member's page ----------------------------------------------------


def summary(html: str) -> dict[str, str]:
    """A page's GOV.UK summary list as {key: value text}."""
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
        r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
        html,
        re.S,
    )
    return {k: " ".join(re.sub(r"<[^>]+>", " ", v).split()) for k, v in pairs}


def audited(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_lead_sees_each_members_last_sign_in_day_and_caseload(app: Flask, team: Team) -> None:
    from tests.test_queue import make_case

    caseworker = add_member("caseworker", team)
    for _ in range(3):
        make_case(team, assignee_id=caseworker.id)
    make_case(team, assignee_id=caseworker.id, stage="closed", closed_on=date.today())
    sign_in(app.test_client(), caseworker)
    lead = app.test_client()
    sign_in(lead, team.lead)
    page = summary(lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True))
    assert page["Last signed in"] == date.today().strftime("%-d %B %Y")
    assert page["Open cases assigned"].startswith("3 ")  # a link to the queue
    listing = lead.get("/team/members").get_data(as_text=True)
    row = re.search(rf'href="/team/members/{caseworker.id}">.*?</tr>', listing, re.S)
    assert row and date.today().strftime("%-d %B %Y") in row.group(0) and ">3<" in row.group(0)
    never = add_member("caseworker", team)
    page = summary(lead.get(f"/team/members/{never.id}").get_data(as_text=True))
    assert page["Last signed in"] == "Never"
    # Nought is a count like any other: the summary list had shown it as an empty row.
    assert page["Open cases assigned"] == "0"
    oversight = add_member("oversight", team)
    page = summary(lead.get(f"/team/members/{oversight.id}").get_data(as_text=True))
    assert page["Open cases assigned"] == "None: this role does not take cases"


def test_a_members_open_cases_are_the_cases_the_queue_shows_them(app: Flask, team: Team) -> None:
    """A closed case whose reporter has written since is in the working queue, and work its
    assignee owes: the members pages counted only open cases, one fewer than the queue filtered
    to the member showed. The count now leads to that queue, and the two agree."""
    from tests.test_queue import listed, make_case

    caseworker = add_member("caseworker", team)
    for _ in range(2):
        make_case(team, assignee_id=caseworker.id)
    closed = {"stage": "closed", "closed_on": date.today() - timedelta(days=3)}
    make_case(team, assignee_id=caseworker.id, **closed)  # closed, nothing since: not counted
    make_case(team, assignee_id=caseworker.id, **closed, reporter_since_close_on=date.today())
    lead = app.test_client()
    sign_in(lead, team.lead)
    queue = f"/team/?assignee={caseworker.id}"
    assert len(listed(lead, queue[len("/team/") :])) == 3
    page = lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True)
    assert summary(page)["Open cases assigned"].startswith("3 ")
    assert f'href="{queue}">3<' in page
    listing = lead.get("/team/members").get_data(as_text=True)
    row = re.search(rf'href="/team/members/{caseworker.id}">.*?</tr>', listing, re.S)
    assert row and f'href="{queue}">3<' in row.group(0)
    assert "closed whose reporter has written since closing, not yet answered" in listing


def test_a_lead_changes_a_members_role_and_it_is_audited(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    url = f"/team/members/{caseworker.id}/role"
    response = lead.post(
        url,
        data={
            "csrf_token": csrf_token(
                lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True)
            ),
            "role": "lead",
        },
    )
    assert response.status_code == 302
    db.session.refresh(caseworker)
    assert caseworker.role == "lead"
    assert audited("role_changed")[-1].detail.endswith(
        f"caseworker to lead (member {caseworker.id})"
    )
    # To oversight: they never hold a key, so their copies go and their sessions end.
    response = lead.post(
        url,
        data={
            "csrf_token": csrf_token(
                lead.get(f"/team/members/{caseworker.id}").get_data(as_text=True)
            ),
            "role": "oversight",
        },
    )
    confirm_role_change(lead, response)
    db.session.refresh(caseworker)
    assert caseworker.role == "oversight"
    assert (
        db.session.scalar(select(func.count(KeyWrap.id)).where(KeyWrap.member_id == caseworker.id))
        == 0
    )
    # A lead cannot change their own role, so the team always keeps a lead.
    own = lead.post(
        f"/team/members/{team.lead.id}/role",
        data={
            "csrf_token": csrf_token(
                lead.get(f"/team/members/{team.lead.id}").get_data(as_text=True)
            ),
            "role": "caseworker",
        },
    )
    assert own.status_code == 302
    db.session.refresh(team.lead)
    assert team.lead.role == "lead"


def test_an_oversight_member_made_a_caseworker_gets_keys_through_a_new_link(
    app: Flask, team: Team
) -> None:
    oversight = add_member("oversight", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    page = lead.get(f"/team/members/{oversight.id}").get_data(as_text=True)
    response = lead.post(
        f"/team/members/{oversight.id}/role",
        data={"csrf_token": csrf_token(page), "role": "caseworker"},
    )
    token = link_shown(lead, response)
    member = accept_invitation(app.test_client(), token, NEW_PASSWORD)
    assert member.id == oversight.id and member.role == "caseworker"
    assert set(unlock_all(member.wraps, NEW_PASSWORD)) == set(team.keys)


def test_a_lead_revokes_an_invitation_before_it_is_used(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    newcomer = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    revoked = post_form(lead, f"/team/members/{newcomer.id}/revoke", {})
    assert revoked.status_code == 302
    assert app.test_client().get(f"/team/invitation/{token}").status_code == 404
    assert audited("invitation_revoked")[-1].detail == f"for Cas Worker (member {newcomer.id})"
    page = summary(lead.get(f"/team/members/{newcomer.id}").get_data(as_text=True))
    assert page["Status"] == "Invitation revoked or expired"


def test_a_removed_member_is_invited_again_with_a_new_link(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    member = accept_invitation(app.test_client(), token)
    assert post_form(lead, f"/team/members/{member.id}/remove", {}).status_code == 302
    again = post_form(lead, f"/team/members/{member.id}/reinvite", {})
    back = accept_invitation(app.test_client(), link_shown(lead, again))
    assert back.id == member.id and back.active
    assert audited("access_restored")[-1].detail == (
        f"new invitation for Cas Worker (member {member.id}); removed, now invited again"
    )
    assert set(unlock_all(back.wraps, PASSWORD)) == set(team.keys)


# --- a new link, and a refusal to make one, come back by post/redirect/get ---------------------


def ask_for_link(lead: FlaskClient, team: Team, how: str) -> tuple[TestResponse, int | None]:
    """A lead asks for a new one-time link, ``how``: the answer, and whose page it is for
    (None for an invitation, whose member is made by it)."""
    if how == "invite":
        newcomer = {"name": "Nia New", "email": "nia@candour.test", "role": "caseworker"}
        return post_form(lead, "/team/members", newcomer), None
    member = add_member("oversight" if how == "role" else "caseworker", team)
    if how == "reinvite":
        remove_member(member, team.lead)
        db.session.commit()
    page = f"/team/members/{member.id}"
    token = csrf_token(lead.get(page).get_data(as_text=True))
    data = {"csrf_token": token, **({"role": "caseworker"} if how == "role" else {})}
    return lead.post(f"{page}/{how}", data=data), member.id


@pytest.mark.parametrize("how", ["invite", "restore", "reinvite", "role"])
def test_a_new_link_is_shown_once_by_the_get_its_post_redirects_to(
    app: Flask, team: Team, how: str
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    other = add_member("caseworker", team)
    made, member_id = ask_for_link(lead, team, how)
    assert made.status_code == 303  # a reload re-sends nothing, so makes no other link
    page = made.location
    assert member_id is None or page == f"/team/members/{member_id}"
    stored = every_value_in_the_database()
    assert any(db.session.scalars(select(StaffSession.sealed_once)))
    elsewhere = lead.get(f"/team/members/{other.id}").get_data(as_text=True)
    assert "/team/invitation/" not in elsewhere  # only on the page of whom it is for

    assert lead.head(page).status_code == 200  # a link checker's HEAD takes nothing
    html = lead.get(page).get_data(as_text=True)
    token = invitation_token(html)
    panel = {"invite": "Invitation created for ", "reinvite": "New invitation link for "}
    assert panel.get(how, "New link for ") in html
    assert not readable_in(stored, token)  # kept sealed until shown, never in clear

    reloaded = lead.get(page).get_data(as_text=True)
    assert "/team/invitation/" not in reloaded and "It is shown only once" not in reloaded
    assert "A one-time link for" in reloaded and "is still open" in reloaded
    assert not any(db.session.scalars(select(StaffSession.sealed_once)))
    member = accept_invitation(app.test_client(), token)
    assert page == f"/team/members/{member.id}"


@pytest.mark.parametrize("how", ["restore", "reinvite", "role"])
def test_a_link_refused_for_a_key_the_session_lacks_comes_back_by_redirect(
    app: Flask, team: Team, how: str
) -> None:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, {})  # a session that holds none of the team's keys
    made, member_id = ask_for_link(lead, team, how)
    page = f"/team/members/{member_id}"
    html = refused(lead, made, page)
    assert "Your session does not hold every team key yet" in html
    assert "/team/invitation/" not in html
    again = lead.get(made.location).get_data(as_text=True)  # a reload, or Back onto it
    assert "Your session does not hold every team key yet" in again
    if how == "role":  # the role chosen, shown as it was sent
        assert 'name="role" type="radio" value="caseworker" checked' in again
        assert db.session.get_one(Member, member_id).role == "oversight"
    afresh = lead.get(page).get_data(as_text=True)
    assert "Your session does not hold every team key yet" not in afresh
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_a_new_link_is_not_lost_when_the_page_showing_it_fails(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    made, _ = ask_for_link(lead, team, "invite")
    real = membership.caseloads

    def lost(*args: object, **kwargs: object) -> object:
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(membership, "caseloads", lost)  # the database lost mid-page
    failed = lead.get(made.location)
    assert failed.status_code == 503 and "/team/invitation/" not in failed.get_data(as_text=True)
    monkeypatch.setattr(membership, "caseloads", real)
    html = lead.get(made.location).get_data(as_text=True)  # the reload shows it after all
    assert "/team/invitation/" in html
    assert "/team/invitation/" not in lead.get(made.location).get_data(as_text=True)  # once


def test_every_cell_of_the_members_list_carries_its_column_heading_for_a_phone(
    app: Flask, team: Team
) -> None:
    """Below tablet width each member is a block of cells, each under its column's heading (the
    stylesheet shows each cell's data-label), rather than columns scrolled out of sight."""
    add_member("caseworker", team)
    add_member("oversight", team)
    lead = app.test_client()
    sign_in(lead, team.lead)
    html = lead.get("/team/members").get_data(as_text=True)
    headings, labels = table_labels(html, '<table class="govuk-table candour-stacked-table"')
    assert headings == [
        "Name",
        "Email address",
        "Role",
        "Status",
        "Last signed in",
        "Open cases",
    ]
    assert labels == [headings] * 3


def test_every_role_change_is_confirmed_in_plain_words(app: Flask, team: Team) -> None:
    """ "is now a lead", "now has the oversight role", "is now a caseworker": the last one, from
    oversight, also comes with the new link the member needs, and is still confirmed."""
    caseworker, lead, page, _ = _a_caseworker_s_page(app, team)
    said = []
    for role in ("lead", "oversight", "caseworker"):
        token = csrf_token(lead.get(page).get_data(as_text=True))
        response = lead.post(f"{page}/role", data={"csrf_token": token, "role": role})
        if role == "oversight":
            response = confirm_role_change(lead, response)
        said.append(visible_text(lead.get(response.location).get_data(as_text=True)))
    name = caseworker.name
    assert f"{name} is now a lead. They have been signed out." in said[0]
    assert f"{name} now has the oversight role. They have been signed out and their" in said[1]
    assert f"{name} is now a caseworker. They have been signed out." in said[2]
    assert "New link for" in said[2]  # the link shown with it


def test_no_restore_access_on_a_leads_own_page(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    own = f"/team/members/{team.lead.id}"
    html = lead.get(own).get_data(as_text=True)
    assert "Restore access" not in html and "forgotten their password" not in html
    other = add_member("caseworker", team)
    token = csrf_token(lead.get(f"/team/members/{other.id}").get_data(as_text=True))
    response = lead.post(f"{own}/restore", data={"csrf_token": token})
    assert response.status_code == 302 and audited("access_restored") == []


def test_someone_who_never_finished_joining_is_sent_a_new_invitation_link(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    first = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    newcomer = db.session.scalars(select(Member).where(Member.email == "cas@candour.test")).one()
    page = f"/team/members/{newcomer.id}"
    html = visible_text(lead.get(page).get_data(as_text=True))
    assert "Send a new invitation link" in html and "Make a new invitation link" in html
    assert "Restore access" not in html and "forgotten their password" not in html
    token = csrf_token(lead.get(page).get_data(as_text=True))
    response = lead.post(f"{page}/restore", data={"csrf_token": token})
    again = link_shown(lead, response)
    assert again != first
    assert accept_invitation(app.test_client(), again).id == newcomer.id


def test_a_member_who_can_no_longer_read_cases_comes_with_advice_to_rotate_the_key(
    app: Flask, team: Team
) -> None:
    """Made oversight or removed, someone who could read cases until now may have kept what they
    read or unlocked: both confirmations advise rotating the team key, in the same words; a
    change that leaves them reading cases does not."""
    caseworker, lead, page, token = _a_caseworker_s_page(app, team)
    advice = "Consider rotating the team key: they could read cases until now."
    made_lead = lead.post(f"{page}/role", data={"csrf_token": token, "role": "lead"})
    assert advice not in visible_text(lead.get(made_lead.location).get_data(as_text=True))
    token = csrf_token(lead.get(page).get_data(as_text=True))
    response = lead.post(f"{page}/role", data={"csrf_token": token, "role": "oversight"})
    response = confirm_role_change(lead, response)
    said = visible_text(lead.get(response.location).get_data(as_text=True))
    assert (
        f"{caseworker.name} now has the oversight role. They have been signed out and their "
        f"copies of the team key have been deleted. {advice}"
    ) in said
    other = add_member("caseworker", team)
    removed = post_form(lead, f"/team/members/{other.id}/remove", {})
    said = visible_text(lead.get(removed.location).get_data(as_text=True))
    assert f"{other.name} has been removed. They can no longer sign in and their copies" in said
    assert advice in said
    # Oversight never read a case: removing them needs no new key.
    watcher = add_member("oversight", team)
    removed = post_form(lead, f"/team/members/{watcher.id}/remove", {})
    said = visible_text(lead.get(removed.location).get_data(as_text=True))
    assert f"{watcher.name} has been removed. They can no longer sign in." in said
    assert "Consider rotating" not in said


def test_a_member_who_never_joined_comes_without_advice_to_rotate_the_key(
    app: Flask, team: Team
) -> None:
    """Invited but never signed in (the link unopened, or a password set but no authenticator):
    they never had access to cases, so removing them, or making them oversight, says so rather
    than advising a rotation. One who signed in before a new link is still advised."""
    lead = app.test_client()
    sign_in(lead, team.lead)
    never = "They never signed in, so they never had access to cases."

    def member_named(name: str) -> Member:
        return db.session.scalars(select(Member).where(Member.name == name)).one()

    invite(lead, "Una Opened", "una@candour.test", "caseworker")
    una = member_named("Una Opened")
    confirm = visible_text(lead.get(f"/team/members/{una.id}/remove").get_data(as_text=True))
    assert "there is no need to rotate the team key" in confirm
    assert "After removing someone who could read cases" not in confirm
    removed = post_form(lead, f"/team/members/{una.id}/remove", {})
    said = visible_text(lead.get(removed.location).get_data(as_text=True))
    assert f"Una Opened has been removed. They can no longer sign in. {never}" in said
    assert "Consider rotating" not in said

    halfway = invite(lead, "Hal Fway", "hal@candour.test", "lead")
    url = f"/team/invitation/{halfway}"
    assert post_form(app.test_client(), url, {"password": PASSWORD, "confirm": PASSWORD}).location
    hal = member_named("Hal Fway")
    made = confirm_role_change(
        lead, post_form(lead, f"/team/members/{hal.id}/role", {"role": "oversight"})
    )
    said = visible_text(lead.get(made.location).get_data(as_text=True))
    assert f"Hal Fway now has the oversight role. {never}" in said
    assert "Consider rotating" not in said

    # Signed in once, then sent a new link they have only half used: they read cases before.
    caseworker = add_member("caseworker", team)
    sign_in(app.test_client(), caseworker)
    page = f"/team/members/{caseworker.id}"
    again = link_shown(lead, post_form(lead, f"{page}/restore", {}))
    url = f"/team/invitation/{again}"
    assert post_form(app.test_client(), url, {"password": PASSWORD, "confirm": PASSWORD}).location
    removed = post_form(lead, f"{page}/remove", {})
    said = visible_text(lead.get(removed.location).get_data(as_text=True))
    assert "Consider rotating the team key: they could read cases until now." in said


def test_a_link_made_before_a_member_became_oversight_brings_them_no_key(
    app: Flask, team: Team
) -> None:
    """A caseworker's restore-access link carries the team keys, sealed to its token; made
    oversight before they use it, the sealed copy goes at once (using the link never gave an
    oversight member a key; the copy had no business staying), and so it does on removal."""
    _, lead, page, token = _a_caseworker_s_page(app, team)
    link = link_shown(lead, lead.post(f"{page}/restore", data={"csrf_token": token}))
    token = csrf_token(lead.get(page).get_data(as_text=True))
    made = lead.post(f"{page}/role", data={"csrf_token": token, "role": "oversight"})
    assert confirm_role_change(lead, made).status_code == 302
    assert db.session.scalars(select(Invitation.wrapped_keys)).all() == [None]
    member = accept_invitation(app.test_client(), link, NEW_PASSWORD)
    assert member.role == "oversight"
    assert (
        db.session.scalar(select(func.count(KeyWrap.id)).where(KeyWrap.member_id == member.id)) == 0
    )
    other = add_member("caseworker", team)
    restore = f"/team/members/{other.id}/restore"
    link_shown(lead, post_form(lead, restore, {}))
    assert post_form(lead, f"/team/members/{other.id}/remove", {}).status_code == 302
    left = select(Invitation.wrapped_keys).where(Invitation.member_id == other.id)
    assert db.session.scalars(left).all() == [None]
