"""A body labelled JSON is not a form, on either side.

Every page posts a form and nothing takes JSON, but Flask-WTF read a body labelled
``application/json`` as a form's fields: one that did not parse raised 400 from whichever form
was being built, and the team's error page builds the header's sign-out button, so the refusal
itself failed. Now such a body reads as an empty form and is refused as one: the page's CSRF
refusal, never a server error.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.helpers import Team, csrf_token, sign_in_directly

NOT_JSON = b"\x00{not json"


@pytest.mark.parametrize("url", ["/team/sign-out", "/team/account"])
def test_a_malformed_json_body_to_a_team_form_is_refused_as_an_empty_form(
    app: Flask, team: Team, url: str
) -> None:
    client = app.test_client()
    sign_in_directly(client, team.lead, team.keys)
    response = client.post(url, data=NOT_JSON, content_type="application/json")
    assert response.status_code in {302, 303}  # the form's refusal, sent back to its page
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get("/team/").status_code == 200  # still signed in


def test_a_well_formed_json_body_is_not_read_as_the_form(app: Flask, team: Team) -> None:
    client = app.test_client()
    sign_in_directly(client, team.lead, team.keys)
    token = csrf_token(client.get("/team/account").get_data(as_text=True))
    response = client.post("/team/sign-out", json={"csrf_token": token})
    assert response.status_code == 302  # no form was sent, so no sign-out
    assert client.get("/team/").status_code == 200


def test_a_malformed_json_body_to_a_reporter_page_is_refused_not_an_error(app: Flask) -> None:
    client = app.test_client()
    client.get("/report/what")
    response = client.post("/report/what", data=NOT_JSON, content_type="application/json")
    assert response.status_code in {200, 302, 303}  # the page again, or its refusal
