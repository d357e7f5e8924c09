"""Staff passwords protect a copy of the team key: at least 12 characters and not a common or
breached password (checked offline with zxcvbn's bundled lists), wherever a password is set;
and setting one, which takes seconds, says so before the button is pressed."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from tests.helpers import PASSWORD, Team, post_form, refused
from tests.team_helpers import NEW_PASSWORD, code_for, invite, sign_in
from triage.models import Member
from triage.team.keys import unlock_all
from triage.team.passwords import password_problem

WEAK = ["password1234", "qwertyuiop123", "Password1234!", "candourcandour"]


@pytest.mark.parametrize("weak", WEAK)
def test_common_and_guessable_passwords_are_refused(weak: str) -> None:
    problem = password_problem(weak)
    assert problem is not None and "easy to guess" in problem


def test_long_unrelated_words_are_accepted() -> None:
    assert password_problem(PASSWORD) is None
    assert password_problem(NEW_PASSWORD) is None
    assert password_problem("x7#Kq") == "Password must be at least 12 characters"
    assert password_problem("correct horse battery staple " * 5) is None  # past zxcvbn's limit


def test_changing_to_a_weak_password_is_refused_and_the_old_one_still_works(
    client: FlaskClient, team: Team
) -> None:
    sign_in(client, team.lead)
    weak = post_form(
        client,
        "/team/account",
        {
            "current": PASSWORD,
            "password": "password1234",
            "confirm": "password1234",
            "code": code_for(team.lead),
        },
    )
    html = refused(client, weak)
    assert "Error: " in html
    assert "This password is too easy to guess" in html
    lead = db.session.get_one(Member, team.lead.id)
    assert unlock_all(lead.wraps, PASSWORD)


def test_an_invited_member_cannot_choose_a_weak_password(app: Flask, team: Team) -> None:
    lead = app.test_client()
    sign_in(lead, team.lead)
    token = invite(lead, "Cas Worker", "cas@candour.test", "caseworker")
    newcomer = app.test_client()
    url = f"/team/invitation/{token}"
    response = post_form(newcomer, url, {"password": "qwertyuiop123", "confirm": "qwertyuiop123"})
    assert "This password is too easy to guess" in refused(newcomer, response)
    # Nothing was used up: the link still works.
    assert newcomer.get(url).status_code == 200


def test_the_first_lead_cannot_be_created_with_a_weak_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["team", "init", "--email", "first@candour.test", "--name", "First Lead"],
        input="password1234\npassword1234\n",
    )
    assert result.exit_code == 1 and "too easy to guess" in result.output


def test_forms_that_set_a_password_say_it_takes_a_few_seconds(
    client: FlaskClient, team: Team
) -> None:
    sign_in(client, team.lead)
    html = client.get("/team/account").get_data(as_text=True)
    form = re.search(
        r'<form method="post"[^>]*data-candour-wait="([^"]+)"[^>]*>(.*?)</form>', html, re.S
    )
    assert form, "the password form does not ask the browser to show 'please wait'"
    assert "Please wait" in form.group(1)
    assert "takes a few seconds" in form.group(2)
