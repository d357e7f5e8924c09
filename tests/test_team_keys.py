"""The team key: wrong passwords cannot unwrap it, rotation keeps every report readable to
current members, and the recovery key restores access."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Report, TeamKey
from intake.sealing import SealError, open_sealed
from tests.helpers import (
    PASSWORD,
    Team,
    add_member,
    csrf_token,
    post_form,
    refused,
    reports_in_order,
    submit_report,
)
from tests.page_text import table_labels, words
from tests.team_helpers import accept_invitation, invite, kept_sealed, session_keys, sign_in
from tests.test_case_refusals import readable_in_the_database, refusal_mark
from triage.casework.retention import destroy_withdrawn
from triage.models import AuditEntry, Invitation, KeyWrap, Member, StaffSession
from triage.team.keys import create_recovery, member_key_of, open_wrap, unlock_recovery
from triage.team.members import remove_member

WRONG = "a mistyped lead password"


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


def rotated(client: FlaskClient, response: TestResponse) -> str:
    """The result of a rotation, as the lead sees it: the POST redirects (303) to the keys page,
    whose next GET shows it once."""
    assert response.status_code == 303 and response.location == "/team/keys"
    page = client.get(response.location).get_data(as_text=True)
    assert "New reports are now locked with team key" in page
    return page


def rotate(app: Flask, team: Team) -> str:
    lead = app.test_client()
    sign_in(lead, team.lead)
    return rotated(lead, post_form(lead, "/team/keys", {"password": PASSWORD}))


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


def actions(name: str) -> int:
    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == name)).all())


def test_a_rotation_is_shown_once_and_a_reload_does_not_rotate_again(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(lead, "/team/keys", {"password": PASSWORD})
    assert response.status_code == 303  # a reload re-sends nothing, so rotates nothing
    assert PASSWORD not in kept_sealed(lead)
    new = TeamKey.current()
    assert new is not None and new.id != team.key.key_id
    page = rotated(lead, response)
    assert f"New reports are now locked with team key {new.id}." in page
    assert "Success" in page and "There is a problem" not in page
    assert actions("key_rotated") == 1

    reloaded = lead.get(response.location).get_data(as_text=True)
    assert "New reports are now locked" not in reloaded
    assert len(db.session.scalars(select(TeamKey)).all()) == 2
    assert TeamKey.current() == new and actions("key_rotated") == 1
    assert not any(db.session.scalars(select(StaffSession.sealed_once)))


def test_rotation_needs_the_leads_password_and_a_refusal_comes_back_by_redirect(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    response = post_form(lead, "/team/keys", {"password": WRONG})
    html = refused(lead, response)
    assert "Enter the correct password" in html and "There is a problem" in html
    assert "<title>Error:" in html and 'href="#password"' in html
    assert WRONG not in html  # the password field comes back empty
    assert db.session.scalars(select(TeamKey)).all() == [db.session.get(TeamKey, team.key.key_id)]
    assert (actions("key_rotation_refused"), actions("sign_in_failed")) == (1, 1)

    again = lead.get(response.location).get_data(as_text=True)  # a reload, or Back onto it
    assert "Enter the correct password" in again and WRONG not in again
    # Nothing was sent again: no other attempt checked, counted or audited.
    assert (actions("key_rotation_refused"), actions("sign_in_failed")) == (1, 1)
    assert db.session.get_one(Member, team.lead.id).failed_sign_ins == 1
    afresh = lead.get("/team/keys").get_data(as_text=True)  # the page opened afresh
    assert "Enter the correct password" not in afresh

    # The password typed is kept nowhere, not even sealed in the lead's session.
    assert not readable_in_the_database(WRONG)
    assert WRONG not in kept_sealed(lead)
    assert "Enter the correct password" in kept_sealed(lead)  # only its error is kept

    blank = refused(lead, post_form(lead, "/team/keys", {"password": ""}))
    assert "Enter your password" in blank
    assert actions("sign_in_failed") == 1  # a mistake in the form is no attempt

    # Sent again from the refused page, as the browser does, with its refusal's mark: accepted,
    # that refusal goes.
    sent_again = {"password": PASSWORD, "refused": refusal_mark(blank)}
    rotated(lead, post_form(lead, "/team/keys", sent_again))
    assert "Enter your password" not in kept_sealed(lead)


def test_rotation_cancels_open_invitations(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    page = rotated(lead, post_form(lead, "/team/keys", {"password": PASSWORD}))
    assert "Give Cas Worker a new link" in page
    assert app.test_client().get(f"/team/invitation/{token}").status_code == 404
    # A fresh invitation from the rotating lead carries the new key as well.
    token = invite(lead, "Cas Again", "cas2@candour.test", "caseworker")
    browser = app.test_client()
    member = accept_invitation(browser, token)
    sign_in(browser, member)
    current = TeamKey.current()
    assert current is not None and current.id in session_keys(browser)


def test_rotation_keeps_oversight_invitations_open_and_names_only_those_cancelled(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    oversight = invite(lead, "Ova Sight", "ova@candour.test", "oversight")
    invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    page = rotated(lead, post_form(lead, "/team/keys", {"password": PASSWORD}))
    assert "Give Cas Worker a new link" in page and "Ova Sight" not in page
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "key_rotated")).one()
    assert entry.detail is not None and entry.detail.endswith("1 to invite again (Cas Worker)")
    # The oversight invitation held no key, so it still works.
    ova = db.session.scalars(select(Member).where(Member.name == "Ova Sight")).one()
    assert "Invitation revoked or expired" not in lead.get(f"/team/members/{ova.id}").get_data(
        as_text=True
    )
    accept_invitation(app.test_client(), oversight)


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


def test_a_member_signed_in_before_a_rotation_is_told_to_sign_in_again_to_read_new_reports(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    browser = app.test_client()
    sign_in(browser, caseworker)  # before the rotation
    submit_report(app.test_client(), description="Before the rotation.")
    rotate(app, team)
    submit_report(app.test_client(), description="After the rotation.")
    before, after = references()
    stale = words(browser.get(f"/team/cases/{after}").get_data(as_text=True))
    assert "You cannot read this report yet" in stale and "Sign out and sign in again" in stale
    old = words(browser.get(f"/team/cases/{before}").get_data(as_text=True))
    assert "You cannot read this report yet" not in old and "Before the rotation." in old

    again = app.test_client()
    sign_in(again, caseworker)
    fresh = words(again.get(f"/team/cases/{after}").get_data(as_text=True))
    assert "You cannot read this report yet" not in fresh and "After the rotation." in fresh


def test_every_cell_of_the_keys_carries_its_column_heading_for_a_phone(
    app: Flask, team: Team
) -> None:
    """Below tablet width each key is a block of cells, each under its column's heading (the
    stylesheet shows each cell's data-label), rather than columns scrolled out of sight."""
    page = rotate(app, team)
    headings, labels = table_labels(page, '<table class="govuk-table candour-stacked-table"')
    assert headings == [
        "Key",
        "Created",
        "State",
        "Members holding a copy",
        "Covered by the recovery key",
    ]
    assert labels == [headings] * 2


def test_a_member_signed_in_before_a_rotation_cannot_act_on_a_report_they_cannot_read(
    app: Flask, team: Team
) -> None:
    """The case page's forms give way to the warning, and every action posted anyway is
    refused with it: nothing is sealed, sent or changed until they sign in again."""
    caseworker = add_member("caseworker", team)
    browser = app.test_client()
    sign_in(browser, caseworker)  # before the rotation
    rotate(app, team)
    submit_report(app.test_client(), description="After the rotation.")
    (after,) = references()
    report = db.session.scalars(select(Report).where(Report.reference == after)).one()
    page = browser.get(f"/team/cases/{after}").get_data(as_text=True)
    for action in ("messages", "notes", "acknowledge", "assign-to-me", "protection"):
        assert f'action="/team/cases/{after}/{action}"' not in page, action
    locked = "You cannot act on this report yet"
    assert words(page).count(locked) >= 5  # where the forms would be
    token = csrf_token(page)
    for action, data in (
        ("messages", {"message_body": "Hello"}),
        ("notes", {"note_body": "Unreadable to me"}),
        ("acknowledge", {"acknowledgement": "Thank you, we have your report."}),
        ("assign-to-me", {}),
        ("close", {"close_reason": "Nothing to do"}),
    ):
        response = browser.post(f"/team/cases/{after}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 303, action
        assert response.location.endswith(f"/team/cases/{after}"), action
        assert locked in words(browser.get(response.location).get_data(as_text=True)), action
    db.session.refresh(report)
    assert not report.messages and report.acknowledged_on is None and report.assignee_id is None
    assert report.closed_on is None

    again = app.test_client()
    sign_in(again, caseworker)
    fresh = again.get(f"/team/cases/{after}").get_data(as_text=True)
    assert locked not in words(fresh) and f'action="/team/cases/{after}/notes"' in fresh


def test_a_destroyed_case_is_not_said_to_be_unreadable_after_a_rotation(
    app: Flask, team: Team
) -> None:
    """Nothing is left to read or seal once content is destroyed: the server lets its actions
    through, and the page says nothing of signing in again (one rule for both)."""
    caseworker = add_member("caseworker", team)
    browser = app.test_client()
    sign_in(browser, caseworker)  # before the rotation
    rotate(app, team)
    submit_report(app.test_client(), description="After the rotation.")
    (after,) = references()
    report = db.session.scalars(select(Report).where(Report.reference == after)).one()
    destroy_withdrawn(report)
    db.session.commit()
    page = words(browser.get(f"/team/cases/{after}").get_data(as_text=True))
    assert "You cannot act on this report yet" not in page


def test_a_member_signed_in_before_a_rotation_is_not_given_a_bundle_without_the_report(
    app: Flask, team: Team
) -> None:
    """The bundle for a hearing was offered and sent with "the report could not be opened"
    in place of the report, and audited as exported: now the link gives way to the warning and
    the address goes back to the case, which says to sign in again."""
    caseworker = add_member("caseworker", team)
    browser = app.test_client()
    sign_in(browser, caseworker)  # before the rotation
    rotate(app, team)
    submit_report(app.test_client(), description="After the rotation.")
    (after,) = references()
    bundle = f"/team/cases/{after}/bundle.zip"
    assert f'href="{bundle}"' not in browser.get(f"/team/cases/{after}").get_data(as_text=True)
    response = browser.get(bundle)
    assert response.status_code == 303 and response.location.endswith(f"/team/cases/{after}")
    page = words(browser.get(response.location).get_data(as_text=True))
    assert "You cannot act on this report yet" in page
    exported = select(AuditEntry).where(AuditEntry.action == "exported")
    assert db.session.scalars(exported).all() == []

    again = app.test_client()
    sign_in(again, caseworker)
    assert f'href="{bundle}"' in again.get(f"/team/cases/{after}").get_data(as_text=True)
    assert again.get(bundle).status_code == 200


def test_team_init_checks_everything_before_it_asks_for_a_password(app: Flask, team: Team) -> None:
    runner = app.test_cli_runner()
    again = runner.invoke(args=["team", "init", "--email", "new@candour.test", "--name", "New"])
    assert again.exit_code == 1 and "The team already exists" in again.output, again.output
    assert "Password" not in again.output  # not asked for, then thrown away
    # Never from an argument, which would land in the shell's history.
    given = runner.invoke(
        args=["team", "init", "--email", "n@candour.test", "--name", "N", "--password", PASSWORD]
    )
    assert given.exit_code == 2 and "No such option '--password'" in given.output, given.output


def test_team_init_refuses_a_bad_email_address_before_asking_for_a_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["team", "init", "--email", "not-an-address", "--name", "First Lead"]
    )
    assert result.exit_code == 1 and "correct format" in result.output, result.output
    assert "Password" not in result.output
    assert db.session.scalars(select(Member)).all() == []


def test_add_member_refuses_a_taken_email_before_asking_for_the_recovery_key(
    app: Flask, team: Team
) -> None:
    email = team.lead.email.upper()
    result = app.test_cli_runner().invoke(
        args=["team", "add-member", "--email", email, "--name", "Twin", "--role", "caseworker"]
    )
    assert result.exit_code == 1 and "already exists" in result.output, result.output
    assert "Recovery key" not in result.output
    assert not db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("recovery_%"))
    ).all()


def test_an_invitation_link_to_a_loopback_address_in_production_is_warned_of(
    app: Flask, team: Team
) -> None:
    app.config["CANDOUR_PRODUCTION"] = True
    args = ["team", "add-member", "--email", "o@candour.test", "--name", "O", "--role", "oversight"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Warning: CANDOUR_BASE_URL is http://" in result.output
    assert "not the service's public https address" in result.output
    app.config["CANDOUR_BASE_URL"] = "https://speakup.example.police.uk"
    args[3] = "p@candour.test"
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0 and "Warning" not in result.output, result.output
    assert "https://speakup.example.police.uk/team/invitation/" in result.output
