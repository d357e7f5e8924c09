"""What the "hold my report" (go together) question and the held report's status page say is
true: the oversight figures do count reports waiting for a match (``triage.oversight``:
"Go-together reports – Waiting for a match"), so "not counted anywhere the team can see" was
false; and they say what happens if nobody else ever names the person."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, open_status, post_form, submit_report, visible_text
from triage.casework.retention import apply_retention

SAYS_HOW_IT_IS_COUNTED = "The only sign of it is a count, in the oversight figures"
SAYS_WHAT_IF_NOBODY = "it is not released or deleted on its own"


def together_page(client: FlaskClient) -> str:
    what = {
        "categories": ["bullying"],
        "when": "unsure",
        "where": "The station",
        "description": "He shouted at me in front of the shift.",
    }
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"people-0-name": "PC Jon Smyth", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    return visible_text(client.get("/report/together").get_data(as_text=True))


def test_the_question_says_truly_how_a_held_report_is_counted(
    client: FlaskClient, team: Team
) -> None:
    said = together_page(client)
    assert "not counted anywhere" not in said
    assert SAYS_HOW_IT_IS_COUNTED in said and "small counts are not shown" in said
    assert "nobody on the team can open or read it" in said


def test_the_question_says_what_happens_if_nobody_else_names_the_person(
    client: FlaskClient, team: Team
) -> None:
    said = together_page(client)
    assert "If nobody else ever names the person" in said
    assert "with no time limit" in said and SAYS_WHAT_IF_NOBODY in said
    assert "deleted when the team’s retention period ends, or straight away if you ask" in said


def test_the_held_report_s_status_page_says_the_same(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client, together="together"))
    said = visible_text(client.get("/status").get_data(as_text=True))
    assert "not counted anywhere" not in said
    assert SAYS_HOW_IT_IS_COUNTED in said and SAYS_WHAT_IF_NOBODY in said


def test_a_held_report_nobody_else_names_is_neither_released_nor_deleted_in_time(
    client: FlaskClient, team: Team
) -> None:
    """What the pages promise: retention, however late, leaves a held report held and whole."""
    submit_report(client, together="together")
    apply_retention(1, today=date(2040, 1, 1))
    db.session.commit()
    report = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    assert report is not None and report.escrow == "waiting" and report.withdrawn_on is None
    assert report.content_destroyed_on is None and report.content
