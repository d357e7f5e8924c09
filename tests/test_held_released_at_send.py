"""A report the reporter asked to hold, naming someone an earlier report already names strongly
enough to match, goes to the team as it arrives: someone else has named the person, which is
what holding waits for. Its confirmation page said "Your report is held, locked" all the same
(the page's wording was decided before matching released it); it now says the report went to
the team as soon as it was sent, on reload and Back too. A held report nobody else names still
says it is held.

Before they choose, the "together" question now says so, and what makes a match; the withdraw
page of a held report says nobody on the team will ever read the reason; the privacy notice says
what is kept of a held report and who can read it when."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    open_status,
    post_form,
    send_report,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.test_together_wording import together_page

SAYS_RELEASED_AT_ONCE = "an earlier report already names them, so your report went to the team"
SAYS_HELD = "Your report is held"
# No earlier report names this person: nothing matches them.
NOBODY_ELSE_NAMED = [{"name": "Insp Ada Quillfeather", "collar_number": "9901QQ", "unit": "HQ"}]


def case_page(app: Flask, team: Team, report: Report) -> str:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    response = lead.get(f"/team/cases/{report.reference}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def held_report() -> Report:
    """The one report asked to be held (ids are random, so not "the last one")."""
    return db.session.scalars(select(Report).where(Report.go_together)).one()


def test_a_held_report_naming_someone_already_named_says_it_went_to_the_team_at_once(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    sent = visible_text(send_report(client, together="together").get_data(as_text=True))
    report = held_report()
    assert report.go_together and report.escrow == "released"
    assert SAYS_RELEASED_AT_ONCE in sent and "as soon as you sent it" in sent
    assert "The team can see that you asked for it to be held" in sent
    assert SAYS_HELD not in sent and "held, locked" not in sent
    assert "Nobody on the team will read it" not in sent
    assert "aims to acknowledge your report within 7 days" in sent
    # A reload, and Back onto the check page (which leads to the page again, "already sent").
    reloaded = visible_text(client.get("/report/sent").get_data(as_text=True))
    again = client.get("/report/check", follow_redirects=True)
    assert again.request.path == "/report/sent" and again.request.args.get("again") == "yes"
    for text in (reloaded, visible_text(again.get_data(as_text=True))):
        assert SAYS_RELEASED_AT_ONCE in text and SAYS_HELD not in text
    # The team reads it, and is told it was released as it arrived (a probe looks the same).
    case = visible_text(case_page(app, team, report))
    assert "An earlier report already named them when it arrived" in case
    assert "Released as it arrived: an earlier report already named the same person" in case
    assert "That happened, so it was released" not in case


def test_a_held_report_released_by_a_later_report_is_not_said_to_be_released_as_it_arrived(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    sent = visible_text(send_report(client, together="together").get_data(as_text=True))
    assert SAYS_HELD in sent
    submit_report(app.test_client())  # names the same person afterwards
    report = held_report()
    assert report.escrow == "released"
    case = visible_text(case_page(app, team, report))
    assert "That happened, so it was released" in case
    assert "when it arrived" not in case


def test_a_held_report_nobody_else_names_says_it_is_held(
    client: FlaskClient, app: Flask, team: Team
) -> None:
    submit_report(app.test_client())  # names someone else
    sent = visible_text(
        send_report(client, together="together", people=NOBODY_ELSE_NAMED).get_data(as_text=True)
    )
    assert held_report().escrow == "waiting"
    assert SAYS_HELD in sent and SAYS_RELEASED_AT_ONCE not in sent
    assert "within 7 days" not in sent
    reloaded = visible_text(client.get("/report/sent").get_data(as_text=True))
    assert SAYS_HELD in reloaded and SAYS_RELEASED_AT_ONCE not in reloaded


def test_a_report_acted_on_now_says_nothing_of_holding(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(app.test_client())
    sent = visible_text(send_report(client).get_data(as_text=True))
    assert SAYS_HELD not in sent and SAYS_RELEASED_AT_ONCE not in sent


def test_the_together_question_says_an_earlier_report_releases_it_and_what_makes_a_match(
    client: FlaskClient, team: Team
) -> None:
    said = together_page(client)
    assert (
        "If someone has already named the same person in an earlier report, your report is not "
        "held: it goes to the team as soon as you send it" in said
    )
    assert "the team will see that you asked for it to be held and that it was released" in said
    # What the matcher weighs (triage.matching.linking), in plain words.
    assert "The same warrant number, or the same shoulder number with its letters" in said
    assert "a name on its own usually is not enough" in said
    assert "not from what you write about what happened" in said


def test_withdrawing_a_held_report_says_nobody_will_ever_read_the_reason(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    page = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    assert "nobody on the team will ever read it, or your reason if you give one" in page
    # What the page promises: the reason shows on the reporter's own page, and nowhere else.
    post_form(client, "/status/withdraw", {"reason": "I changed my mind", "receipt": receipt})
    assert "I changed my mind" in visible_text(client.get("/status").get_data(as_text=True))
    assert held_report().escrow == "waiting" and held_report().withdrawn_on is not None
    open_status(client, submit_report(client))  # acted on now: the team does see the reason
    assert "your reason if you give one" in visible_text(
        client.get("/status/withdraw").get_data(as_text=True)
    )
    assert "nobody on the team will ever read it" not in visible_text(
        client.get("/status/withdraw").get_data(as_text=True)
    )


def test_the_privacy_notice_says_what_is_kept_of_a_held_report_and_who_reads_it(
    client: FlaskClient,
) -> None:
    notice = visible_text(client.get("/privacy").get_data(as_text=True))
    assert "If you ask for your report to be held" in notice
    assert "nobody on the team can open it" in notice and "read only with your receipt" in notice
    assert "straight away, if an earlier report already has" in notice
    assert "If you withdraw it while it is held, it is never released" in notice
