"""A reporter who told the team they face retaliation keeps seeing that they did, and on which
day, on their status page: after the team closes the case (the team's case page keeps its
"Retaliation reported" tag) and after they withdraw, not only while the case is open. Before,
the note went as soon as the case closed, as though the team had forgotten."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.models import Report
from intake.templating import day
from tests.helpers import Team, open_status, post_form
from tests.journey_page import parse
from tests.page_text import words
from tests.test_case import case_url, reported, staff
from tests.test_queue_closed_input import close_now, post_status

__all__ = ["reported"]  # the fixture, used here by name

pytestmark = pytest.mark.usefixtures("midday")


def told(client: FlaskClient) -> str | None:
    found = parse(client.get("/status").get_data(as_text=True)).find(id="retaliation-told")
    return found[0].words if found else None


def test_the_reporter_still_sees_they_told_the_team_once_the_case_is_closed(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    open_status(client, receipt)
    assert told(client) is None
    post_status(client, "/status/retaliation", {"details": "Moved off my team since"})
    today = day(date.today())
    assert told(client) == (
        f"You told the team on {today} that you are facing retaliation."
        " Your report is marked urgent."
    )
    lead = staff(app, team.lead, team)
    close_now(lead, report)
    assert told(client) == (
        f"You told the team on {today} that you are facing retaliation. Your case is now closed,"
        " and the team can still see that you told them. If it is still happening, tell them"
        " again below."
    )
    # True: the team's page of the closed case still says so, and the reporter can say it again.
    assert f"Retaliation reported {today}" in words(
        lead.get(case_url(report)).get_data(as_text=True)
    )
    status = parse(client.get("/status").get_data(as_text=True))
    assert "/status/retaliation" in {a.attrs.get("href") for a in status.find("a")}


def test_the_reporter_still_sees_they_told_the_team_after_withdrawing(
    client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, _report = reported
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": ""})
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    assert told(client) == (
        f"You told the team on {day(date.today())} that you are facing retaliation."
        " The team can still see that you told them."
    )


def test_the_teams_risk_panel_says_the_reporter_told_them_until_an_assessment_is_recorded(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    # "No retaliation risk recorded" beside the header's "Retaliation reported" read as though
    # the team had judged there was none.
    receipt, report = reported
    lead = staff(app, team.lead, team)
    before = parse(lead.get(case_url(report)).get_data(as_text=True))
    assert not before.find(id="retaliation-unassessed")
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": "Moved off my team since"})
    [said] = parse(lead.get(case_url(report)).get_data(as_text=True)).find(
        id="retaliation-unassessed"
    )
    assert said.words == (
        f"The reporter said on {day(date.today())} that they are facing retaliation."
        " No assessment of the risk or protective measures is open: record one below."
    )
    assert "No retaliation risk recorded" not in said.words


def test_retaliation_told_on_a_closed_case_is_not_asked_for_again(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    """Found in testing: told on a closed case, the page went on "If it is still happening,
    tell them again below", straight after they had."""
    receipt, report = reported
    close_now(staff(app, team.lead, team), report)
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": "Moved off my team since"})
    said = words(client.get("/status").get_data(as_text=True))
    assert "the team has been told what is happening" in said and "tell them again" not in said
    assert told(client) == (
        f"You told the team on {day(date.today())} that you are facing retaliation. Your case is"
        " closed, and the team is shown that you have written since it closed."
    )
