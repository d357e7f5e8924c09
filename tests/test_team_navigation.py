"""Team navigation: who is signed in and "Sign out" on every team page, the logo leading to the
team's own start, and team error pages leading back to the team rather than to reporters."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import Team, add_member, sign_in_directly
from tests.team_helpers import is_signed_in
from triage.models import Member


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def header(html: str) -> str:
    match = re.search(r'<header class="govuk-template__header">(.*?)</header>', html, re.S)
    assert match, "page has no header"
    return match.group(1)


def service_link(html: str) -> str:
    match = re.search(r'<a href="([^"]*)" class="govuk-service-navigation__link"', header(html))
    assert match, "header has no service name link"
    return match.group(1)


def test_team_pages_show_who_is_signed_in_and_sign_out_from_the_header(
    app: Flask, team: Team
) -> None:
    caseworker = add_member("caseworker", team)
    client = staff(app, caseworker, team)
    top = header(client.get("/team/").get_data(as_text=True))
    assert caseworker.name in top
    form = re.search(r'<form method="post" action="/team/sign-out"[^>]*>(.*?)</form>', top, re.S)
    assert form, "no sign-out form in the header"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.group(1))
    assert token and "Sign out" in form.group(1)
    signed_out = client.post("/team/sign-out", data={"csrf_token": token.group(1)})
    assert signed_out.status_code == 302 and not is_signed_in(client)


def test_the_logo_on_team_pages_leads_to_the_team_not_to_reporters(app: Flask, team: Team) -> None:
    assert service_link(staff(app, team.lead, team).get("/team/audit").get_data(as_text=True)) == (
        "/team/"
    )
    oversight = staff(app, add_member("oversight", team), team)
    assert service_link(oversight.get("/team/oversight").get_data(as_text=True)) == (
        "/team/oversight"
    )
    assert service_link(app.test_client().get("/").get_data(as_text=True)) == "/"


def test_team_error_pages_lead_back_to_the_team(app: Flask, team: Team) -> None:
    lead = staff(app, team.lead, team)
    missing = lead.get("/team/cases/C-BBBBBBBB")
    assert missing.status_code == 404
    html = missing.get_data(as_text=True)
    assert re.search(r'<a class="govuk-link" href="/team/">Go to the queue</a>', html)
    assert 'href="/">' not in html.split("</header>")[1].split("<footer")[0]
    assert team.lead.name in header(html)

    oversight = staff(app, add_member("oversight", team), team)
    refused = oversight.get("/team/")
    assert refused.status_code == 403
    assert re.search(
        r'<a class="govuk-link" href="/team/oversight">Go to oversight</a>',
        refused.get_data(as_text=True),
    )
    unknown = app.test_client().get("/team/no-such-page")
    assert unknown.status_code == 404
    assert re.search(r'<a class="govuk-link" href="/team/sign-in">', unknown.get_data(as_text=True))
    reporter = app.test_client().get("/no-such-page").get_data(as_text=True)
    assert '<a class="govuk-link" href="/">Go to the start page</a>' in reporter


def test_a_back_link_sits_before_the_main_content_in_a_landmark_of_its_own(
    app: Flask, team: Team
) -> None:
    html = staff(app, team.lead, team).get("/team/keys").get_data(as_text=True)
    back = re.search(r'<nav aria-label="Back">\s*<a href="([^"]+)" class="govuk-back-link">', html)
    assert back and back.group(1) == "/team/members"
    assert html.index('aria-label="Back"') < html.index('<main class="govuk-main-wrapper"')
    # A page without one has no empty landmark.
    assert 'aria-label="Back"' not in staff(app, team.lead, team).get("/team/").get_data(
        as_text=True
    )
