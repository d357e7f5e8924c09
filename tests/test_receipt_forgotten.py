"""Starting a new report forgets the receipt of the one just sent from this browser, as the
confirmation page warns: Start now used to reach the first question with the receipt still
kept, so Back (or /report/sent) showed it to the next person on a shared device until the
first question was answered."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.helpers import Team, first_question_mark, post_form, submit_report, visible_text


def start_now(client: FlaskClient) -> str:
    """Follow the start page's "Start now" link, as a browser does; the page it leads to."""
    start = client.get("/").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)"[^>]*class="govuk-button govuk-button--start"', start)
    assert link, "the start page has its Start now button"
    response = client.get(link[1].replace("&amp;", "&"), follow_redirects=True)
    assert response.request.path == "/report/what"
    assert "new=" not in response.request.query_string.decode(), "no mark left in history"
    return response.get_data(as_text=True)


def test_start_now_forgets_the_receipt_just_shown(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    assert receipt in client.get("/report/sent").get_data(as_text=True)

    first_question = start_now(client)

    assert "Your report was sent" not in visible_text(first_question)
    assert receipt not in first_question
    # Back twice, or the address typed: the receipt is not shown again.
    sent = client.get("/report/sent")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/")
    assert receipt not in client.get("/report/sent", follow_redirects=True).get_data(as_text=True)


def test_a_new_report_started_with_start_now_is_sent_as_a_new_report(
    client: FlaskClient, team: Team
) -> None:
    first = submit_report(client)
    start_now(client)
    second = submit_report(client)
    assert second != first


def test_start_now_is_not_offered_over_a_report_being_written(
    client: FlaskClient, team: Team
) -> None:
    """Start now went back to a report being written: on a shared device, the last person's.
    The start page asks instead (tests/test_unsent_report_on_start.py)."""
    what = {
        "categories": ["bullying"],
        "when": "unsure",
        "where": "The station",
        "description": "It happened at the morning briefing.",
        **first_question_mark(client),
    }
    assert post_form(client, "/report/what", what).status_code == 302
    start = client.get("/").get_data(as_text=True)
    assert "govuk-button--start" not in start
    assert "It happened at the morning briefing." not in start
    continued = re.search(r'<a href="([^"]+)"[^>]*id="continue-unsent"', start)
    assert continued and continued[1] == "/report/what"
    assert "It happened at the morning briefing." in client.get(continued[1]).get_data(as_text=True)


def test_back_to_the_first_question_without_start_now_still_offers_the_receipt(
    client: FlaskClient, team: Team
) -> None:
    """Reached through the browser's history, not Start now, nothing is forgotten: the page
    still says the report was sent and links to its receipt."""
    receipt = submit_report(client)
    said = visible_text(client.get("/report/what").get_data(as_text=True))
    assert "Your report was sent" in said and "See your receipt again" in said
    assert receipt in client.get("/report/sent").get_data(as_text=True)


def test_the_banner_on_a_later_page_starts_a_new_report_that_forgets_the_receipt(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    html = client.get("/report/who").get_data(as_text=True)
    link = re.search(r'href="([^"]+)">start a new report</a>', html)
    assert link
    client.get(link[1].replace("&amp;", "&"), follow_redirects=True)
    assert receipt not in client.get("/report/sent", follow_redirects=True).get_data(as_text=True)


def test_both_pages_say_in_the_same_words_when_the_receipt_is_lost(
    client: FlaskClient, team: Team
) -> None:
    start = visible_text(client.get("/").get_data(as_text=True))
    submit_report(client)
    sent = visible_text(client.get("/report/sent").get_data(as_text=True))
    words = re.search(r"(once you close .*? another day)", sent)
    assert words and words[1] in start
