"""A closed case the reporter writes on, or reports retaliation on, comes back to the working
queue (and to the urgent or "replied" filter) with a marker saying why, until a member answers
the reporter or a lead reopens it: the reporter is told the team has been told, and closed cases
were otherwise listed only when asked for."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient

from intake.models import Report
from tests.helpers import Team, csrf_token, open_status
from tests.page_text import words
from tests.test_case import act, reported, staff
from tests.test_queue import listed
from triage.casework.queue import OPEN_STAGES

__all__ = ["reported"]  # the fixture, used here by name

MARKER = "Closed — the reporter wrote since"


def close_now(lead: FlaskClient, report: Report) -> None:
    assert act(lead, report, "close", {"close_reason": "Nothing more to do"}).status_code == 302
    assert report.stage == "closed"


def post_status(client: FlaskClient, url: str, data: dict[str, str]) -> None:
    token = csrf_token(client.get("/status").get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token, **data}).status_code == 302


def closed_then_opened(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> tuple[FlaskClient, Report, str]:
    """The case closed by a lead, its status page then opened by its reporter: the lead's client,
    the case and the status page."""
    receipt, report = reported
    lead = staff(app, team.lead, team)
    close_now(lead, report)
    assert report.reference not in listed(lead)  # closed, nothing said since: not worked
    return lead, report, open_status(client, receipt).get_data(as_text=True)


def marked(lead: FlaskClient, query: str = "") -> set[str]:
    """References whose queue row carries the marker."""
    html = lead.get("/team/" + query).get_data(as_text=True)
    rows = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))
    return {ref for ref, row in rows.items() if MARKER in words(row)}


def test_retaliation_reported_on_a_closed_case_is_back_in_the_queue_until_answered(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    lead, report, _ = closed_then_opened(app, client, team, reported)
    post_status(client, "/status/retaliation", {"details": "Moved off my team since"})
    said = words(client.get("/status").get_data(as_text=True))
    assert "the team has been told what is happening" in said

    ref = report.reference
    assert ref in listed(lead) and ref in listed(lead, "?flagged=y")
    assert listed(lead)[0] == ref  # urgent, so first of the most pressing
    assert ref in listed(lead, "?flagged=y&stage=closed")  # still there when asked for
    assert ref not in listed(lead, "?stage=assessing")  # but not under a stage it is not at
    assert marked(lead) == {ref} and marked(lead, "?flagged=y") == {ref}
    # The hint says what the stages ticked at first show: it spoke of "none ticked" above the
    # four open stages ticked, as the queue always opens.
    hint = (
        "The open stages are ticked at first. With them ticked, the queue also shows closed cases "
        "the reporter has written on since they were closed. Ticking none shows the same as the "
        "open stages"
    )
    queue_page = lead.get("/team/").get_data(as_text=True)
    assert hint in words(queue_page)
    ticked = re.findall(r'name="stage" type="checkbox" value="(\w+)" checked', queue_page)
    assert ticked == list(OPEN_STAGES)
    assert listed(lead, "?stage=" + "&stage=".join(OPEN_STAGES)) == listed(lead)

    # Answered, it leaves the working queue again, still closed: nothing reopened it.
    assert act(lead, report, "messages", {"message_body": "We are on it."}).status_code == 302
    assert report.stage == "closed" and report.closed_on is not None
    assert ref not in listed(lead) and ref not in listed(lead, "?flagged=y")
    assert ref in listed(lead, "?flagged=y&stage=closed")


def test_retaliation_with_nothing_written_on_a_closed_case_reaches_the_queue_too(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    lead, report, _ = closed_then_opened(app, client, team, reported)
    post_status(client, "/status/retaliation", {"details": "  "})
    assert report.reference in listed(lead, "?flagged=y")
    assert marked(lead) == {report.reference}


def test_a_message_on_a_closed_case_is_back_in_the_queue_and_replied_until_reopened(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    lead, report, _ = closed_then_opened(app, client, team, reported)
    # The page says the case is closed, and that the team will still see what is written.
    assert "The team has closed your case. They will still see your message" in words(
        client.get("/status/reply").get_data(as_text=True)
    )
    post_status(client, "/status/reply", {"body": "It has started again."})
    said = words(client.get("/status").get_data(as_text=True))
    assert "The team will see it with your report" in said

    ref = report.reference
    assert ref in listed(lead) and ref in listed(lead, "?replied=y")
    assert ref not in listed(lead, "?flagged=y")  # a message is not retaliation
    assert marked(lead, "?replied=y") == {ref}
    # The case page says so too: the queue's marker alone left the member reading the thread.
    case = lead.get(f"/team/cases/{ref}").get_data(as_text=True)
    said_on_case = words(case)
    assert "The reporter wrote on" in said_on_case and "after the case was closed" in said_on_case
    assert "answering them takes the case out of the working queue" in said_on_case

    # Reopened by a lead, it is an open case again, without the marker.
    assert act(lead, report, "reopen", {"reopen_reason": "The reporter wrote"}).status_code == 302
    assert report.closed_on is None and report.reporter_since_close_on is None
    assert ref in listed(lead) and marked(lead) == set()
    assert 'id="wrote-since-closed"' not in lead.get(f"/team/cases/{ref}").get_data(as_text=True)


def test_a_message_sent_before_closing_does_not_bring_the_case_back(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    open_status(client, receipt)
    post_status(client, "/status/reply", {"body": "One more thing."})
    lead = staff(app, team.lead, team)
    close_now(lead, report)
    assert report.reference not in listed(lead)
    assert report.reference not in listed(lead, "?replied=y")
    assert report.reference in listed(lead, "?replied=y&stage=closed")


def test_a_file_added_to_a_closed_case_is_back_in_the_queue(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    lead, report, page = closed_then_opened(app, client, team, reported)
    sent = client.post(
        "/status/evidence",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(b"Rota notes."), "rota.txt")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    assert "The team will see it with your report" in words(client.get("/status").get_data(True))
    assert marked(lead) == {report.reference}
