"""What a reporter adds to their report (a message, a file, word of retaliation) is limited per
report, wherever it was opened, under a ceiling per address, and a refusal is a page of its own
that keeps what was typed.

Before, each limit counted the whole client address: after 30 messages from one address in an
hour, a different reporter's first message from it (a police station's proxy, a home's Wi-Fi, a
mobile network's shared address) was refused with the generic error page, "You have tried this
too many times", rendered in reply to the POST: the message was lost, and the browser's Back
asked to send the form again, onto the same page. Pressing the retaliation page's Back button
counted as a try, too.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.reporter_limits import ADDRESS_CEILING_FACTOR
from intake.views.status.addition_limits import ADDITION_LIMITS
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    press_back,
    redirected_to,
    submit_report,
    visible_text,
)
from tests.test_shared_network_limits import browser

LIMITED = "/status/not-added"
KEPT = "ZEBRAQUILL kept over the limit"


def reporter_with_a_report(app: Flask, address: str) -> FlaskClient:
    client = browser(app, address)
    open_status(client, submit_report(client))
    return client


def messages() -> int:
    """How many messages the reports hold (the tests below send one report)."""
    db.session.expire_all()
    return sum(len(report.messages) for report in db.session.scalars(select(Report)))


@pytest.mark.parametrize(
    ("page", "field", "not_done", "said"),
    [
        (
            "reply",
            "body",
            "Your message has not been added to your report.",
            "Up to 30 messages an hour can be sent about one report",
        ),
        (
            "retaliation",
            "details",
            "The team has not been told about the retaliation.",
            "The team can be told about retaliation up to 10 times an hour for one report",
        ),
    ],
)
def test_over_its_reports_limit_the_text_is_kept_and_other_reports_are_not_refused(
    app: Flask, team: Team, page: str, field: str, not_done: str, said: str
) -> None:
    address = f"/status/{page}"
    first = reporter_with_a_report(app, "192.0.2.10")
    allowed = int(ADDITION_LIMITS[page].split()[0])
    for number in range(allowed):
        sent = post_form(first, address, {field: f"Number {number} of what happened to me."})
        assert sent.status_code == 302, number
    over = post_form(first, address, {field: KEPT})
    assert redirected_to(over) == LIMITED  # post/redirect/get: a reload is not another try
    query = parse_qs(urlsplit(over.headers["Location"]).query)
    assert query["action"] == [page] and "all" not in query
    for _ in range(2):  # shown, then reloaded
        html = first.get(over.headers["Location"]).get_data(as_text=True)
        text = visible_text(html)
        assert "Too many attempts" in text and not_done in text and said in text
        assert "You have tried this too many times" not in text
        assert KEPT not in html  # kept for its page, never shown here
        assert f'href="{address}">go back to' in html and "Wait " in text
        assert "get a new receipt" in text  # their receipt may be in other hands
        # Kept in the session, which may end before the wait does: said, not promised.
        assert "kept until your session ends: after 30 minutes without use" in text
    assert ("immediate danger" in text) == (page == "retaliation")
    # The way back shows what was typed, not yet sent.
    again = first.get(address).get_data(as_text=True)
    assert KEPT in again and 'id="unsent"' in again
    # Another reporter at the same address is not refused: the report was counted, not the
    # address.
    second = reporter_with_a_report(app, "192.0.2.10")
    assert post_form(second, address, {field: "What happened to me this week."}).status_code == 302


def test_a_message_refused_over_the_limit_is_not_added(app: Flask, team: Team) -> None:
    client = reporter_with_a_report(app, "192.0.2.11")
    for number in range(30):
        post_form(client, "/status/reply", {"body": f"Message number {number} for the team."})
    assert messages() == 30
    assert redirected_to(post_form(client, "/status/reply", {"body": KEPT})) == LIMITED
    assert messages() == 30


def test_going_back_is_not_counted_as_telling_the_team(app: Flask, team: Team) -> None:
    client = reporter_with_a_report(app, "192.0.2.12")
    for _ in range(12):  # more than the 10 an hour, each kept and taken back to the status page
        assert redirected_to(press_back(client, "/status/retaliation", {"details": KEPT})) == (
            "/status"
        )
    told = post_form(client, "/status/retaliation", {"details": "They moved my shifts."})
    assert told.status_code == 302


def test_one_address_is_held_to_a_ceiling_of_all_its_posts(app: Flask, team: Team) -> None:
    """Back presses are not tries at telling the team, but they are work for the service: the
    address's ceiling counts every POST, and its refusal says the network was counted, not the
    reporter, with other ways to get help."""
    crowded = reporter_with_a_report(app, "192.0.2.13")
    token = csrf_token(crowded.get("/status/retaliation").get_data(as_text=True))
    back = {"csrf_token": token, "details": "", "go": "back"}
    ceiling = 10 * ADDRESS_CEILING_FACTOR
    for _ in range(ceiling):
        assert redirected_to(crowded.post("/status/retaliation", data=back)) == "/status"
    over = crowded.post(
        "/status/retaliation", data={"csrf_token": token, "details": KEPT, "confirm": "y"}
    )
    assert redirected_to(over) == LIMITED
    assert parse_qs(urlsplit(over.headers["Location"]).query)["all"] == ["yes"]
    text = visible_text(crowded.get(over.headers["Location"]).get_data(as_text=True))
    assert "too many attempts from the network you are using" in text
    assert "from another network" in text and "immediate danger" in text
    assert "get a new receipt" not in text  # not the report's own attempts
    # Elsewhere, nobody is refused.
    other = reporter_with_a_report(app, "192.0.2.14")
    assert post_form(other, "/status/retaliation", {"details": "It goes on."}).status_code == 302


def test_a_file_over_the_limit_says_to_choose_it_again(app: Flask, team: Team) -> None:
    """A file cannot be kept in a session: the page says to choose it again after the wait."""
    client = reporter_with_a_report(app, "192.0.2.15")
    html = client.get(f"{LIMITED}?action=add_evidence&minutes=30").get_data(as_text=True)
    text = visible_text(html)
    assert "Your file has not been added to your report." in text
    assert "Up to 20 files an hour can be added to one report" in text
    assert "Choose the file again after the wait." in text and "Wait 30 minutes" in text
    assert 'href="/status/evidence">' not in html  # only once the wait is over
    over = client.get(f"{LIMITED}?action=add_evidence&minutes=30&ends=1").get_data(as_text=True)
    assert "You can try again now" in visible_text(over)
    assert '<a class="govuk-link" href="/status/evidence">Go back to adding a file</a>' in over
