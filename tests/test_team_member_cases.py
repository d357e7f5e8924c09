"""A member's cases when they can no longer hold them: made oversight or removed, the cases they
hold go back to the leads, and the lead is told how many before (on a confirmation that works
without JavaScript) and after (with a link to them in the queue). A confirmation left open while
the number changed does nothing rather than something other than what it showed."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, csrf_token, post_form, refused, visible_text
from tests.team_helpers import confirm_role_change, hidden_fields, sign_in
from tests.test_queue import listed, make_case
from triage.models import AuditEntry, KeyWrap, Member

REASSIGN = "/team/?assignee=reassign"


def a_caseworker_holding(team: Team, cases: int) -> Member:
    """A caseworker with ``cases`` open cases, one of them closed with a reporter's message since
    (work they owe too), and a closed case done with (not theirs to hand on)."""
    caseworker = add_member("caseworker", team)
    for _ in range(cases - 1):
        make_case(team, assignee_id=caseworker.id)
    closed = {"stage": "closed", "closed_on": date.today() - timedelta(days=3)}
    make_case(team, assignee_id=caseworker.id, **closed, reporter_since_close_on=date.today())
    make_case(team, assignee_id=caseworker.id, **closed)
    return caseworker


def signed_in_lead(app: Flask, team: Team) -> FlaskClient:
    lead = app.test_client()
    sign_in(lead, team.lead)
    return lead


def assigned_to(member: Member) -> int:
    return db.session.scalar(select(func.count(Report.id)).where(Report.assignee_id == member.id))


def audited(action: str) -> list[str]:
    query = select(AuditEntry.detail).where(AuditEntry.action == action)
    return [detail or "" for detail in db.session.scalars(query)]


def said(client: FlaskClient, location: str) -> str:
    return visible_text(client.get(location).get_data(as_text=True))


def test_making_a_caseworker_oversight_says_how_many_cases_and_waits_for_a_confirmation(
    app: Flask, team: Team
) -> None:
    caseworker = a_caseworker_holding(team, 3)
    lead = signed_in_lead(app, team)
    page = f"/team/members/{caseworker.id}"
    asked = lead.post(
        f"{page}/role",
        data={"csrf_token": csrf_token(lead.get(page).get_data(as_text=True)), "role": "oversight"},
    )
    # Nothing has changed yet: the lead is shown what the change will do, and asked.
    assert asked.status_code == 303 and asked.location == f"{page}/role/oversight"
    db.session.refresh(caseworker)
    assert caseworker.role == "caseworker" and assigned_to(caseworker) == 4
    assert audited("role_changed") == []
    assert db.session.scalar(
        select(func.count(KeyWrap.id)).where(KeyWrap.member_id == caseworker.id)
    )
    html = lead.get(asked.location).get_data(as_text=True)
    assert "<title>Change Caseworker’s role to oversight" in html
    assert (
        "Caseworker holds 3 open cases. They will be unassigned, and will need reassigning to "
        "someone who can work them." in visible_text(html)
    )
    # A plain form, no script needed: the browser sends what the page holds.
    form = re.search(r'<form method="post" action="([^"]+)" novalidate>', html)
    assert form and form.group(1) == f"{page}/role"
    assert hidden_fields(html) | {"csrf_token": ""} == {
        "csrf_token": "",
        "role_seen": "caseworker",
        "cases_seen": "3",
        "role": "oversight",
    }

    done = lead.post(f"{page}/role", data=hidden_fields(html))
    assert done.status_code == 302 and done.location == page
    shown = lead.get(page).get_data(as_text=True)
    assert (
        "Caseworker now has the oversight role. They have been signed out and their copies of the "
        "team key have been deleted. Consider rotating the team key: they could read cases until "
        "now. 3 open cases now need reassigning:"
    ) in visible_text(shown)
    assert f'<a class="govuk-link" href="{REASSIGN}">see the cases that need reassignment</a>' in (
        shown
    )
    db.session.refresh(caseworker)
    assert caseworker.role == "oversight" and assigned_to(caseworker) == 1  # the one done with
    assert len(listed(lead, REASSIGN.removeprefix("/team/"))) == 3
    assert audited("role_changed") == [
        f"Caseworker: caseworker to oversight (member {caseworker.id})"
    ]


def test_removing_a_caseworker_says_how_many_cases_need_reassigning(app: Flask, team: Team) -> None:
    caseworker = a_caseworker_holding(team, 2)
    lead = signed_in_lead(app, team)
    url = f"/team/members/{caseworker.id}/remove"
    confirm = lead.get(url).get_data(as_text=True)
    assert (
        "Caseworker holds 2 open cases. They will be unassigned, and will need reassigning to "
        "someone who can work them." in visible_text(confirm)
    )
    assert hidden_fields(confirm)["cases_seen"] == "2"
    removed = lead.post(url, data=hidden_fields(confirm))
    assert removed.status_code == 302
    shown = lead.get(removed.location).get_data(as_text=True)
    assert "2 open cases now need reassigning:" in (visible_text(shown))
    assert f'<a class="govuk-link" href="{REASSIGN}">see the cases that need reassignment</a>' in (
        shown
    )
    assert assigned_to(caseworker) == 1  # the closed case done with stays theirs
    assert len(listed(lead, REASSIGN.removeprefix("/team/"))) == 2
    assert audited("member_removed") == [f"Caseworker (caseworker, member {caseworker.id}) removed"]


def test_one_case_and_none_are_said_plainly(app: Flask, team: Team) -> None:
    lead = signed_in_lead(app, team)
    one = a_caseworker_holding(team, 1)
    removed = post_form(lead, f"/team/members/{one.id}/remove", {})
    assert "1 open case now needs reassigning" in said(lead, removed.location)
    idle = add_member("caseworker", team)
    page = f"/team/members/{idle.id}"
    asked = post_form(lead, f"{page}/role", {"role": "oversight"})
    assert "Caseworker holds no open cases, so none will need reassigning." in said(
        lead, asked.location
    )
    done = confirm_role_change(lead, asked)
    assert "They held no open cases, so none need reassigning." in said(lead, done.location)


def test_a_confirmation_left_open_while_the_cases_changed_does_nothing(
    app: Flask, team: Team
) -> None:
    caseworker = a_caseworker_holding(team, 2)
    lead = signed_in_lead(app, team)
    page = f"/team/members/{caseworker.id}"
    role_confirm = lead.get(f"{page}/role/oversight").get_data(as_text=True)
    remove_confirm = lead.get(f"{page}/remove").get_data(as_text=True)
    make_case(team, assignee_id=caseworker.id)  # assigned in another tab, or by another lead
    changed = (
        "Caseworker now holds 3 open cases, not 2 as this page showed (cases were assigned or "
        "reassigned in another tab, or by another lead), so nothing was changed."
    )

    stale = lead.post(f"{page}/role", data=hidden_fields(role_confirm))
    again = refused(lead, stale, f"{page}/role/oversight")
    assert changed in visible_text(again) and "holds 3 open cases" in visible_text(again)
    stale = lead.post(f"{page}/remove", data=hidden_fields(remove_confirm))
    assert changed in visible_text(refused(lead, stale, f"{page}/remove"))
    db.session.refresh(caseworker)
    assert caseworker.active and caseworker.role == "caseworker" and assigned_to(caseworker) == 4
    assert audited("role_changed") == audited("member_removed") == []

    # Confirmed again from the page as it is now, it is done.
    assert lead.post(f"{page}/role", data=hidden_fields(again)).status_code == 302
    db.session.refresh(caseworker)
    assert caseworker.role == "oversight" and assigned_to(caseworker) == 1


def test_a_confirmation_is_refused_without_its_csrf_token(app: Flask, team: Team) -> None:
    caseworker = a_caseworker_holding(team, 2)
    lead = signed_in_lead(app, team)
    page = f"/team/members/{caseworker.id}"
    fields = hidden_fields(lead.get(f"{page}/role/oversight").get_data(as_text=True))
    del fields["csrf_token"]
    assert lead.post(f"{page}/role", data=fields).status_code == 303
    fields = hidden_fields(lead.get(f"{page}/remove").get_data(as_text=True))
    del fields["csrf_token"]
    assert lead.post(f"{page}/remove", data=fields).status_code == 303
    db.session.refresh(caseworker)
    assert caseworker.active and caseworker.role == "caseworker" and assigned_to(caseworker) == 3


def test_a_role_change_that_keeps_case_work_is_not_asked_to_confirm(app: Flask, team: Team) -> None:
    caseworker = a_caseworker_holding(team, 2)
    lead = signed_in_lead(app, team)
    page = f"/team/members/{caseworker.id}"
    for role in ("lead", "caseworker"):
        done = lead.post(
            f"{page}/role",
            data={"csrf_token": csrf_token(lead.get(page).get_data(as_text=True)), "role": role},
        )
        assert done.status_code == 302 and done.location == page
        assert "reassign" not in said(lead, page)
        db.session.refresh(caseworker)
        assert caseworker.role == role and assigned_to(caseworker) == 3


def test_there_is_nothing_to_confirm_for_a_change_that_takes_no_cases_away(
    app: Flask, team: Team
) -> None:
    lead = signed_in_lead(app, team)
    caseworker, watcher = add_member("caseworker", team), add_member("oversight", team)
    for url in (
        f"/team/members/{caseworker.id}/role/lead",
        f"/team/members/{watcher.id}/role/oversight",
        f"/team/members/{team.lead.id}/role/oversight",
    ):
        shown = lead.get(url)
        assert shown.status_code == 302 and shown.location == url.rsplit("/role/", 1)[0]
    assert lead.get(f"/team/members/{caseworker.id}/role/chief").status_code == 404
