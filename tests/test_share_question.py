"""Whether the team may share a report with another force: asked after "when should the team
act", only about someone named and only where another force's team could ever ask for it
(matching across forces on, more than one force taking reports); shown on check answers with a
Change link; the answer is kept on the report, not in its sealed content."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.tenancy import create_force
from tests.helpers import DEFAULT_REPORT, Team, back_to, post_form, send_fields
from tests.journey_page import back_link, errors, field_error, heading
from tests.test_crossforce import NATIONAL_KEY


def answer_up_to_together(client: FlaskClient) -> str:
    """Answer every question up to "when should the team act"; where it leads next."""
    what = {
        k: DEFAULT_REPORT[k] for k in ("categories", "when", "when_month", "where", "description")
    }
    post_form(client, "/report/what", what)
    post_form(client, "/report/who", {"people-0-name": "PS Jon Smyth", "submit": "Continue"})
    post_form(client, "/report/affected", {"affected": ["reporter"], "witnesses": ""})
    post_form(client, "/report/evidence", {"submit": "Continue"})
    return post_form(client, "/report/together", {"together": "now"}).location


def two_forces(app: Flask, national_matching: bool = True) -> None:
    if national_matching:
        app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    create_force("north", "North Force")
    db.session.commit()


def test_with_one_force_the_question_is_never_asked(client: FlaskClient, team: Team) -> None:
    assert answer_up_to_together(client).endswith("/report/check")
    check = client.get("/report/check").get_data(as_text=True)
    assert "Sharing with another force" not in check
    start = client.get("/").get_data(as_text=True)
    assert "unless you say no" not in start and "Your report page will then let you say no" in start


def test_without_matching_across_forces_the_question_is_never_asked(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    two_forces(app, national_matching=False)
    assert answer_up_to_together(client).endswith("/report/check")


def test_a_reporter_who_says_no_sees_it_on_check_answers_and_the_report_keeps_it(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    two_forces(app)
    assert "unless you say no when asked before you send" in client.get("/").get_data(as_text=True)
    assert answer_up_to_together(client).endswith("/report/share")
    page = client.get("/report/share").get_data(as_text=True)
    assert heading(page) == "Can the team share your report with another police force?"
    assert back_to(client, "/report/share") == "/report/together"
    # Continue without choosing: asked again, saying what to do.
    refused = post_form(client, "/report/share", {}, follow_redirects=True).get_data(as_text=True)
    message = "Select whether the team can share your report with another force"
    assert errors(refused) == [message] and field_error(refused, "share") == message
    # Check answers reached from a later question goes back to check answers.
    assert post_form(client, "/report/share", {"share": "no"}).location.endswith("/report/check")
    check = client.get("/report/check").get_data(as_text=True)
    assert "Sharing with another force" in check and "No, keep it with this force" in check
    assert back_link(check) == "/report/share"
    # Change it from check answers and back again.
    assert 'href="/report/share">Change' in check
    assert post_form(client, "/report/share", {"share": "yes"}).location.endswith("/report/check")
    assert "Yes, if someone you name" in client.get("/report/check").get_data(as_text=True)
    assert post_form(client, "/report/share", {"share": "no"}).status_code == 302
    check = client.get("/report/check").get_data(as_text=True)
    assert client.post("/report/send", data=send_fields(check)).status_code in (302, 303)
    assert db.session.scalars(select(Report.no_sharing)).one() is True


def test_the_answer_is_dropped_with_the_last_person_named(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    two_forces(app)
    answer_up_to_together(client)
    post_form(client, "/report/share", {"share": "no"})
    post_form(client, "/report/who", {"unknown": "y", "submit": "Continue"})
    check = client.get("/report/check").get_data(as_text=True)
    assert "Sharing with another force" not in check
    # Naming someone again asks the question again rather than keeping the old answer.
    post_form(client, "/report/who", {"people-0-name": "DC Ann Lee", "submit": "Continue"})
    assert client.get("/report/check").location.endswith("/report/together")
