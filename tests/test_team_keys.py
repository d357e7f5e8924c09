"""The team key: wrong passwords cannot unwrap it, rotation keeps every report readable to
current members, and the recovery key restores access."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report, TeamKey
from intake.sealing import SealError, open_sealed
from tests.helpers import PASSWORD, Team, add_member, post_form, reports_in_order, submit_report
from tests.team_helpers import accept_invitation, invite, session_keys, sign_in
from triage.models import Invitation, KeyWrap, Member
from triage.team.keys import create_recovery, member_key_of, open_wrap, unlock_recovery
from triage.team.members import remove_member


def read_report(keys: dict, reference: str) -> str:
    report = db.session.scalars(select(Report).where(Report.reference == reference)).one()
    content = json.loads(open_sealed(keys, report.content, record=report.record, field="report"))
    return str(content["description"])


def references() -> list[str]:
    return [report.reference for report in reports_in_order()]


def test_a_wrong_password_cannot_unwrap_the_team_key(team: Team) -> None:
    wrap = db.session.scalars(select(KeyWrap).where(KeyWrap.member_id == team.lead.id)).one()
    with pytest.raises(SealError):
        open_wrap(wrap, "not the password at all")
    assert open_wrap(wrap, PASSWORD).raw == team.key.raw


def rotate(app: Flask, team: Team) -> str:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(lead, "/team/keys", {"password": PASSWORD})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "New reports are now locked with team key" in page
    return page


def test_rotation_keeps_old_and_new_reports_readable_to_current_members(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    removed = add_member("caseworker", team)
    remove_member(removed, team.lead)
    db.session.commit()
    submit_report(app.test_client(), description="Before the rotation.")

    page = rotate(app, team)
    assert "Caseworker will pick up the new key" in page
    new = TeamKey.current()
    assert new is not None and new.id != team.key.key_id
    assert db.session.get_one(TeamKey, team.key.key_id).retired_on is not None

    submit_report(app.test_client(), description="After the rotation.")
    before, after = references()
    assert [report.team_key_id for report in reports_in_order()] == [
        team.key.key_id,
        new.id,
    ]

    for member in (caseworker, team.lead):
        browser = app.test_client()
        sign_in(browser, member)
        keys = session_keys(browser)
        assert read_report(keys, before) == "Before the rotation."
        assert read_report(keys, after) == "After the rotation."
    # The delivery became an ordinary password copy at the caseworker's sign-in.
    held = db.session.scalars(
        select(KeyWrap.team_key_id).where(KeyWrap.member_id == caseworker.id)
    ).all()
    assert sorted(held) == [team.key.key_id, new.id]
    assert not db.session.scalars(select(KeyWrap).where(KeyWrap.member_id == removed.id)).all()
    assert member_key_of(removed.id) is None  # so nothing was delivered to them


def test_the_rotating_lead_reads_new_reports_in_the_same_session(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    post_form(lead, "/team/keys", {"password": PASSWORD})
    submit_report(app.test_client(), description="Straight after.")
    assert read_report(session_keys(lead), references()[0]) == "Straight after."


def test_rotation_needs_the_leads_password(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(lead, "/team/keys", {"password": "not my password"})
    assert "Your password is not right" in response.get_data(as_text=True)
    assert db.session.scalars(select(TeamKey)).all() == [db.session.get(TeamKey, team.key.key_id)]


def test_rotation_cancels_open_invitations(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    page = post_form(lead, "/team/keys", {"password": PASSWORD}).get_data(as_text=True)
    assert "Give Cas Worker a new link" in page
    assert app.test_client().get(f"/team/invitation/{token}").status_code == 404
    # A fresh invitation from the rotating lead carries the new key as well.
    token = invite(lead, "Cas Again", "cas2@candour.test", "caseworker")
    browser = app.test_client()
    member = accept_invitation(browser, token)
    sign_in(browser, member)
    current = TeamKey.current()
    assert current is not None and current.id in session_keys(browser)


def test_the_recovery_key_restores_access_to_every_key(app: Flask, team: Team) -> None:
    recovery = create_recovery(team.keys)
    db.session.commit()
    submit_report(app.test_client(), description="Before the rotation.")
    rotate(app, team)
    submit_report(app.test_client(), description="After the rotation.")
    assert set(unlock_recovery(recovery)) == {k.id for k in db.session.scalars(select(TeamKey))}

    result = app.test_cli_runner().invoke(
        args=["team", "recover", "--email", team.lead.email], input=f"{recovery}\n"
    )
    assert result.exit_code == 0, result.output
    token = re.search(r"/team/invitation/([A-Za-z0-9_-]+)", result.output)
    assert token
    browser = app.test_client()
    lead = accept_invitation(browser, token.group(1), "a brand new lead password")
    assert lead.id == team.lead.id
    sign_in(browser, lead, "a brand new lead password")
    keys = session_keys(browser)
    before, after = references()
    assert read_report(keys, before) == "Before the rotation."
    assert read_report(keys, after) == "After the rotation."


def test_a_wrong_recovery_key_is_refused(app: Flask, team: Team) -> None:
    create_recovery(team.keys)
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["team", "recover", "--email", team.lead.email], input="AAAA-BBBB\n"
    )
    assert result.exit_code == 1
    assert "does not open" in result.output
    assert db.session.scalars(select(Invitation)).all() == []


def test_team_init_prints_a_recovery_key_that_works(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["team", "init", "--email", "first@candour.test", "--name", "First Lead"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    recovery = result.output.strip().splitlines()[-1].strip()
    assert re.fullmatch(r"([0-9A-F]{8}-){7}[0-9A-F]{8}", recovery)
    assert set(unlock_recovery(recovery)) == {TeamKey.current().id}  # type: ignore[union-attr]

    replaced = runner.invoke(args=["team", "new-recovery-key"], input=f"{recovery}\n")
    assert replaced.exit_code == 0, replaced.output
    new_recovery = replaced.output.strip().splitlines()[-1].strip()
    with pytest.raises(SealError):
        unlock_recovery(recovery)
    assert unlock_recovery(new_recovery)
    lead = db.session.scalars(select(Member)).one()
    assert lead.is_lead and lead.totp_secret
