"""Issue 13 item 9, team side: a note typed while the member's session ran out is shown back to
copy, not dropped with a redirect; nothing is saved or kept. Any other form sent from a page left
open once the session has ended says so too, and signing in again leads back to that page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    post_form,
    reports_in_order,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.page_text import words
from tests.team_helpers import TOTP_STEP, sign_in
from triage.forms import case as case_forms
from triage.forms import crossforce as crossforce_forms
from triage.forms import iopc as iopc_forms
from triage.forms import members as member_forms
from triage.forms import possible as possible_forms
from triage.models import AuditEntry, Member, Note, StaffSession
from triage.team.sessions import IDLE_MINUTES
from triage.views import TYPED_FIELDS


def test_a_note_typed_as_the_session_ends_is_shown_back_and_not_saved(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    staff = client.application.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    page = staff.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    token = csrf_token(page)
    idle = timedelta(minutes=IDLE_MINUTES + 1)
    for row in db.session.scalars(select(StaffSession)):
        row.last_seen_at -= idle
    db.session.commit()
    typed = "Spoke to the duty inspector <b>at length</b> about the shift pattern."
    response = staff.post(
        f"/team/cases/{report.reference}/notes", data={"csrf_token": token, "note_body": typed}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Your session ended before this was saved" in html
    assert "Spoke to the duty inspector &lt;b&gt;at length&lt;/b&gt;" in html  # escaped, shown
    assert 'readonly dir="auto">Spoke to' in html  # in the writer's direction, as on the case
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0
    # The reason covers every way a session ends, not only idleness.
    assert "when you sign out in another tab" in html and "when a lead changes your role" in html
    # Signing out everywhere on another device ends this session too: said among the reasons.
    assert "when you sign out everywhere or change your password on another device" in html
    # Signing in again leads back to the case the note is to be pasted into.
    assert sign_in(staff, team.lead).location == f"/team/cases/{report.reference}"


def test_a_plain_visit_while_signed_out_still_goes_to_sign_in(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    assert client.get(f"/team/cases/{report.reference}").status_code == 302


def _signed_out_in_another_tab(
    app: Flask, member: Member, report: Report
) -> tuple[FlaskClient, str]:
    """A browser with the case open (its CSRF token) whose session then ended at sign-out in
    another of its tabs."""
    browser = app.test_client()
    sign_in(browser, member)
    token = csrf_token(browser.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    signed_out = browser.post("/team/sign-out", data={"csrf_token": token})
    browser.get(signed_out.location)  # that tab lands on sign-in, told it signed out
    return browser, token


def _audited() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0


# Case actions with nothing typed in them: each was a plain redirect to sign in, which left the
# member on the queue afterwards, the change lost without a word.
NOTHING_TYPED: dict[str, dict[str, Any]] = {
    "stage": {"stage": "acknowledged", "stage_seen": "received"},
    "assign-to-me": {},
    "assign": {"assignee": "1", "assignee_seen": ""},
    "conflict": {"confirm_conflict": "y"},
    "protection": {"level": "high"},
    "possible/12345": {"possible-12345-judgement": "same"},
    "iopc/referral": {"referred_on": ["1", "1", "2026"]},
}


@pytest.mark.parametrize("action", NOTHING_TYPED)
def test_a_case_action_with_nothing_typed_says_nothing_was_saved_and_leads_back(
    app: Flask, client: FlaskClient, team: Team, action: str
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    audited = _audited()
    response = browser.post(
        f"/team/cases/{report.reference}/{action}",
        data={"csrf_token": token, **NOTHING_TYPED[action]},
    )
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Your session ended before this was saved" in html
    assert "nothing was saved or sent" in words(html)
    assert "What you typed" not in html  # nothing was
    assert _audited() == audited
    db.session.refresh(report)
    assert (report.stage, report.assignee_id) == ("received", None)
    assert sign_in(browser, team.lead).location == f"/team/cases/{report.reference}"


def test_what_was_typed_in_the_iopc_reference_is_given_back(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    today = date.today()
    response = browser.post(
        f"/team/cases/{report.reference}/iopc/referral",
        data={
            "csrf_token": token,
            "referred_on": [str(today.day), str(today.month), str(today.year)],
            "iopc_reference": "2026/054321",
        },
    )
    assert response.status_code == 401
    assert "2026/054321" in response.get_data(as_text=True)


def test_a_form_on_a_page_of_its_own_leads_back_to_that_page(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """Closing a case has its own page; a change of role is posted from a member's page."""
    submit_report(client)
    report = reports_in_order()[0]
    with time_machine.travel(datetime.now(UTC), tick=True) as clock:
        browser, token = _signed_out_in_another_tab(app, team.lead, report)
        close = f"/team/cases/{report.reference}/close"
        closing = browser.post(close, data={"csrf_token": token, "close_reason": "Resolved."})
        assert closing.status_code == 401 and "Resolved." in closing.get_data(as_text=True)
        assert sign_in(browser, team.lead).location == close

        caseworker = add_member("caseworker", team)
        token = csrf_token(browser.get(f"/team/members/{caseworker.id}").get_data(as_text=True))
        assert browser.post("/team/sign-out", data={"csrf_token": token}).status_code == 302
        role = browser.post(
            f"/team/members/{caseworker.id}/role", data={"csrf_token": token, "role": "lead"}
        )
        assert role.status_code == 401
        assert db.session.get_one(Member, caseworker.id).role == "caseworker"
        clock.shift(TOTP_STEP)  # the lead's third sign-in: their next authenticator code
        assert sign_in(browser, team.lead).location == f"/team/members/{caseworker.id}"


def test_no_password_or_code_is_given_back(app: Flask, client: FlaskClient, team: Team) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    secrets = {"current": "my old secret pass", "password": "a new secret pass", "code": "123456"}
    response = browser.post("/team/account", data={"csrf_token": token, **secrets})
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and "Your session ended before this was saved" in html
    assert not any(secret in html for secret in secrets.values())
    assert "What you typed" not in html


def test_an_invitation_typed_as_the_session_ended_is_given_back(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    invitation = {"name": "Priya Shah", "email": "priya.shah@candour.example", "role": "lead"}
    response = browser.post("/team/members", data={"csrf_token": token, **invitation})
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and "Priya Shah" in html
    assert "priya.shah@candour.example" in html
    assert db.session.scalar(select(func.count()).select_from(Member)) == 1
    assert sign_in(browser, team.lead).location == "/team/members"


def test_signing_out_of_a_session_already_ended_goes_to_sign_in(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    again = browser.post("/team/sign-out", data={"csrf_token": token})
    assert again.status_code == 302 and again.location.endswith("/team/sign-in")


def test_a_removed_member_is_not_promised_a_sign_in_nor_told_more_than_anyone_signed_out(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """A lead removed a member with a case open: the page their next message meets covers
    removal, promises no sign-in, and is the page anyone signed out would see, since the browser
    no longer knows whose session it was."""
    submit_report(client)
    report = reports_in_order()[0]
    caseworker = add_member("caseworker", team)
    removed = app.test_client()
    sign_in(removed, caseworker)
    case = f"/team/cases/{report.reference}"
    token = csrf_token(removed.get(case).get_data(as_text=True))
    lead = app.test_client()
    sign_in(lead, team.lead)
    assert post_form(lead, f"/team/members/{caseworker.id}/remove", {}).status_code == 302
    message = {"csrf_token": token, "message_body": "We have spoken to your manager."}
    response = removed.post(f"{case}/messages", data=message)
    assert response.status_code == 401
    said = words(response.get_data(as_text=True))
    assert "or when your access is removed" in said
    assert "If you can still sign in, signing in again takes you back" in said
    signed_out, token = _signed_out_in_another_tab(app, team.lead, report)
    other = signed_out.post(f"{case}/messages", data={**message, "csrf_token": token})
    assert visible_text(other.get_data(as_text=True)) == visible_text(
        response.get_data(as_text=True)
    )


def test_each_box_given_back_is_labelled_by_the_server_not_the_browser(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """The case page's script sends the other boxes' text as "unsent-<box>": given back, each is
    labelled with its box's label from the server's own list, so a note cannot be pasted back as
    the message to the reporter; a name the server does not know is not given back at all."""
    submit_report(client)
    report = reports_in_order()[0]
    browser, token = _signed_out_in_another_tab(app, team.lead, report)
    response = browser.post(
        f"/team/cases/{report.reference}/notes",
        data={
            "csrf_token": token,
            "note_body": "Checked the rota.",
            "unsent-message_body": "Which week was it?",
            "unsent-<b>Message</b>": "Not a box of the page",
        },
    )
    assert response.status_code == 401
    text = visible_text(response.get_data(as_text=True))
    assert "What you typed in “Internal note”" in text
    assert "What you typed in “Message to the reporter”" in text
    assert "Not a box of the page" not in text and "<b>" not in response.get_data(as_text=True)


def test_the_labels_given_back_are_the_forms_own() -> None:
    """``TYPED_FIELDS`` names each box as its form labels it (a form's label changed there and
    not here would give text back under a name the member no longer sees)."""
    labels: dict[str, set[str]] = {}
    for module in (case_forms, crossforce_forms, iopc_forms, member_forms, possible_forms):
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, FlaskForm):
                for name, field in vars(form).items():
                    if isinstance(field, UnboundField) and field.args:
                        labels.setdefault(name, set()).add(str(field.args[0]))
    for name, label in TYPED_FIELDS.items():
        assert label in labels[name], name
