"""After a reporter does something on the status page, the page confirms it once, at its top
(GOV.UK's success banner), saying what happens next; a reload or a later visit says nothing."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    refused,
    submit_report,
    visible_text,
)


def post_status(client: FlaskClient, url: str, data: dict[str, str], page: str = "") -> str:
    """Post one of the status page's forms, as the page (``page``, or fetched now) has it."""
    token = csrf_token(page or client.get("/status").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}).get_data(as_text=True)


def banner(client: FlaskClient) -> str | None:
    html = client.get("/status").get_data(as_text=True)
    if 'id="done"' not in html:
        return None
    return visible_text(html.split('id="done"', 1)[1].split("</section>", 1)[0])


def test_a_message_sent_is_confirmed_once(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    post_status(client, "/status/reply", {"body": "Another thing happened on Tuesday."})
    said = banner(client)
    assert said is not None and "Message sent" in said and "The team will see it" in said
    assert banner(client) is None  # a reload says nothing again


def test_a_message_on_a_held_report_says_it_is_kept_locked(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client, together="together"))
    post_status(client, "/status/reply", {"body": "Still happening."})
    said = banner(client)
    assert said is not None and "Message saved" in said and "locked" in said
    assert "The team will see it with your report" not in said


def test_a_file_added_is_confirmed(client: FlaskClient, team: Team) -> None:
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    client.post(
        "/status/evidence",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(b"Rota notes."), "rota.txt")},
        content_type="multipart/form-data",
    )
    said = banner(client)
    assert said is not None and "File added" in said


def test_retaliation_and_withdrawal_are_confirmed(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": "Moved off my team"})
    said = banner(client)
    assert said is not None and "Retaliation reported" in said and "urgent" in said
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    said = banner(client)
    assert said is not None and "Report withdrawn" in said


def test_a_failed_message_shows_its_error_not_a_confirmation(
    client: FlaskClient, team: Team
) -> None:
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    post_status(client, "/status/reply", {"body": "First."}, page)
    token = csrf_token(page)
    response = client.post("/status/reply", data={"csrf_token": token, "body": "   "})
    html = refused(client, response)
    assert "There is a problem" in html and "<title>Error: " in html
    # The earlier message's confirmation is not this one's.
    status = client.get("/status").get_data(as_text=True)
    assert 'id="done"' not in status
    # A reload shows it again; once a message is sent, Back onto the page has no error.
    assert "There is a problem" in client.get("/status/reply").get_data(as_text=True)
    post_status(client, "/status/reply", {"body": "Second."})
    assert "There is a problem" not in client.get("/status/reply").get_data(as_text=True)
    assert 'id="unsent-reply"' not in client.get("/status").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["", "  \r\n\t "], ids=["empty", "spaces"])
def test_a_message_refused_empty_is_not_said_to_wait_unsent(
    client: FlaskClient, team: Team, typed: str
) -> None:
    """Send pressed with nothing typed, then Back to the status page: "Your message has not been
    sent yet", under the message sent before, read as though that one had failed, and its link
    opened an empty box. Nothing typed is no message waiting; the message page keeps its error."""
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    post_status(client, "/status/reply", {"body": "First."}, page)
    response = client.post("/status/reply", data={"csrf_token": csrf_token(page), "body": typed})
    assert "Write your message" in refused(client, response)
    status = client.get("/status").get_data(as_text=True)
    assert 'id="unsent-reply"' not in status and "not been sent yet" not in visible_text(status)
    assert "Write your message" in client.get("/status/reply").get_data(as_text=True)


def test_the_page_opens_at_its_top_where_the_confirmation_is(
    client: FlaskClient, team: Team
) -> None:
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    token = {"csrf_token": csrf_token(page)}
    sent = client.post("/status/reply", data={**token, "body": "One more thing."})
    assert sent.status_code == 302 and "#" not in sent.headers["Location"]


def test_retaliation_with_nothing_written_does_not_claim_the_team_was_told_what(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    post_status(client, "/status/retaliation", {"details": "   "})
    said = banner(client)
    assert said is not None and "told you are facing retaliation" in said
    assert "what is happening" not in said


def test_a_withdrawn_report_no_longer_says_it_is_marked_urgent(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_status(client, "/status/retaliation", {"details": "Moved off my team"})
    assert "Your report is marked urgent" in visible_text(
        client.get("/status").get_data(as_text=True)
    )
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    assert "marked urgent" not in visible_text(client.get("/status").get_data(as_text=True))


def test_a_held_report_saves_a_message_rather_than_sending_it(
    client: FlaskClient, team: Team
) -> None:
    text = visible_text(
        open_status(client, submit_report(client, together="together")).get_data(as_text=True)
    )
    assert "Add a message for the team" in text and "Send a message" not in text
    page = visible_text(client.get("/status/reply").get_data(as_text=True))
    assert "Save message" in page and "Send message" not in page


def test_what_the_deletion_box_does_is_said_under_the_box_not_above_it_as_a_fact(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    html = client.get("/status/withdraw").get_data(as_text=True)
    hint = html.split('class="govuk-hint govuk-checkboxes__hint"', 1)[1].split("</div>", 1)[0]
    assert "If you select this, your report, evidence and messages are deleted now" in hint
    assert html.index("Delete what I sent straight away") < html.index("If you select this")


def test_a_refused_message_stays_beside_a_file_added_after_it(
    client: FlaskClient, team: Team
) -> None:
    """A message refused (too long) keeps its text and error on its page until a message is
    sent; adding a file meanwhile is confirmed, and the status page says the message waits."""
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    post_status(client, "/status/reply", {"body": "x" * 10_001 + "KEPT"}, page)
    client.post(
        "/status/evidence",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(b"Rota notes."), "rota.txt")},
        content_type="multipart/form-data",
    )
    html = client.get("/status").get_data(as_text=True)
    assert 'id="done"' in html and "File added" in visible_text(html)
    assert 'id="unsent-reply"' in html
    message = client.get("/status/reply").get_data(as_text=True)
    assert "There is a problem" in message and "KEPT" in message
