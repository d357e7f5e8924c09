"""A message, retaliation note or file sent from the status pages after the reporter's session
ended (30 minutes without use, or "Exit this page") is not sent and not lost: what was typed is
kept sealed in a new session, the receipt page asks for the receipt, and a redirect then shows
it filled in on its own page (a reload sends nothing) until the reporter presses Send."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report, ReporterSession
from intake.reporter_session import IDLE_MINUTES
from tests.helpers import Team, csrf_token, open_status, post_form, submit_report
from tests.journey_page import field_error, heading, parse, section
from tests.test_reporter_sessions import walk_away

TYPED = "Three paragraphs about the night shift that I do not want to type again."


def the_report() -> Report:
    db.session.expire_all()
    return db.session.scalars(select(Report)).one()


def idle(client: FlaskClient) -> None:
    walk_away(client, IDLE_MINUTES + 1)


def exited(client: FlaskClient) -> None:
    client.get("/exit")


ENDINGS: list[Callable[[FlaskClient], None]] = [idle, exited]


def send_after_the_end(
    client: FlaskClient, end: Callable[[FlaskClient], None], url: str, data: dict[str, object]
) -> tuple[str, str]:
    """Open the status page, end the session, then send ``data`` from the page ``url`` as it was
    left open: returns the receipt and the page the browser lands on."""
    receipt = submit_report(client)
    page = client.get(url) if open_status(client, receipt) else None
    assert page is not None and page.status_code == 200
    html = page.get_data(as_text=True)
    token, written_on = csrf_token(html), for_report(html)
    end(client)
    sent = client.post(
        url,
        data={"csrf_token": token, "for_report": written_on, **data},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303 and urlsplit(sent.headers["Location"]).path == "/status"
    return receipt, client.get(sent.headers["Location"]).get_data(as_text=True)


def for_report(html: str) -> str:
    """The hidden field saying which report a follow-up form was written on."""
    found = re.search(r'name="for_report" value="([0-9a-f]{32})"', html)
    assert found, "no for_report field"
    return found[1]


def enter_receipt(client: FlaskClient, receipt: str) -> str:
    """Enter the receipt; returns where its redirect leads."""
    entered = post_form(client, "/status", {"receipt": receipt})
    assert entered.status_code == 303
    return entered.headers["Location"]


def nothing_in_clear(typed: str) -> None:
    for row in db.session.scalars(select(ReporterSession)):
        assert typed.encode() not in row.blob


@pytest.mark.parametrize("end", ENDINGS, ids=["idle", "exit"])
def test_a_message_sent_after_the_session_ended_waits_sealed_for_the_receipt(
    client: FlaskClient, team: Team, end: Callable[[FlaskClient], None]
) -> None:
    receipt, asked = send_after_the_end(client, end, "/status/reply", {"body": TYPED})
    banner = section(asked, "kept").words
    assert "your message has not been sent yet" in banner
    assert f"after {IDLE_MINUTES} minutes without use" in banner and "Exit this page" in banner
    assert TYPED not in asked  # not in the page: no hidden field carries it
    assert the_report().messages == []
    nothing_in_clear(TYPED)

    shown_at = enter_receipt(client, receipt)
    assert urlsplit(shown_at).path == "/status/reply"
    for _ in range(2):  # the redirect's page, then a reload of it: each shows, neither sends
        html = client.get(shown_at).get_data(as_text=True)
        assert heading(html) == "Send a message to the team"
        assert section(html, "body").words == TYPED
        assert "Your message has not been sent yet" in section(html, "unsent").words
        assert the_report().messages == []
    nothing_in_clear(TYPED)
    status = client.get("/status").get_data(as_text=True)
    assert "Your message has not been sent yet" in section(status, "unsent-reply").words

    page = client.get(shown_at).get_data(as_text=True)
    sent = client.post("/status/reply", data={"csrf_token": csrf_token(page), "body": TYPED})
    assert sent.status_code == 302 and the_report().messages != []
    assert len(the_report().messages) == 1
    after = client.get("/status/reply").get_data(as_text=True)
    assert section(after, "body").words == "" and not parse(after).find(id="unsent")
    assert not parse(client.get("/status").get_data(as_text=True)).find(id="unsent-reply")


@pytest.mark.parametrize("end", ENDINGS, ids=["idle", "exit"])
def test_a_retaliation_note_sent_after_the_session_ended_is_kept_until_sent(
    client: FlaskClient, team: Team, end: Callable[[FlaskClient], None]
) -> None:
    typed = "I was moved to nights the week after I reported."
    receipt, asked = send_after_the_end(client, end, "/status/retaliation", {"details": typed})
    assert "what you wrote about retaliation has not been sent yet" in section(asked, "kept").words
    shown_at = enter_receipt(client, receipt)
    html = client.get(shown_at).get_data(as_text=True)
    assert heading(html) == "Tell the team you are facing retaliation"
    assert section(html, "details").words == typed
    assert "has not been sent yet" in section(html, "unsent").words
    assert not the_report().urgent
    post_form(client, "/status/retaliation", {"details": typed})
    assert the_report().urgent


@pytest.mark.parametrize("end", ENDINGS, ids=["idle", "exit"])
def test_a_withdrawal_reason_sent_after_the_session_ended_is_kept_until_withdrawn(
    client: FlaskClient, team: Team, end: Callable[[FlaskClient], None]
) -> None:
    """A reason for withdrawing, up to 10,000 characters, was lost when the session had ended
    meanwhile: the receipt page said only that what was asked was not done."""
    receipt, asked = send_after_the_end(client, end, "/status/withdraw", {"reason": TYPED})
    assert "your report has not been withdrawn" in section(asked, "kept").words
    assert TYPED not in asked
    nothing_in_clear(TYPED)
    shown_at = enter_receipt(client, receipt)
    assert urlsplit(shown_at).path == "/status/withdraw"
    html = client.get(shown_at).get_data(as_text=True)
    assert heading(html) == "Withdraw your report"
    assert section(html, "reason").words == TYPED
    assert "Your report has not been withdrawn yet" in section(html, "unsent").words
    assert the_report().withdrawn_on is None
    post_form(
        client,
        "/status/withdraw",
        {"receipt": receipt, "reason": TYPED, "withdraw": "Withdraw my report"},
    )
    assert the_report().withdrawn_on is not None


def test_a_file_sent_after_the_session_ended_is_asked_for_again(
    client: FlaskClient, team: Team
) -> None:
    photo = (io.BytesIO(b"%PDF-1.4 a statement"), "statement.pdf")
    receipt, asked = send_after_the_end(
        client, idle, "/status/evidence", {"upload": "Add evidence", "file": photo}
    )
    banner = section(asked, "kept").words
    # A browser cannot keep a chosen file: the receipt page must not promise to show it again.
    assert "the file you chose was not added" in banner and "choose the file again" in banner
    assert "has not been sent yet" not in banner
    html = client.get(enter_receipt(client, receipt)).get_data(as_text=True)
    assert heading(html) == "Add a file to your report"
    assert field_error(html, "file").startswith("Your session had ended")
    assert "Choose it again" in field_error(html, "file")
    assert the_report().attachments == []
    status = client.get("/status").get_data(as_text=True)
    assert section(status, "unsent-evidence").words == (
        "The last file you chose was not added. Your session had ended when you sent it."
        " Choose it again."
    )


@pytest.mark.parametrize(
    ("url", "field"), [("/status/reply", "body"), ("/status/retaliation", "details")]
)
def test_what_was_kept_opens_only_for_the_report_it_was_written_on(
    client: FlaskClient, team: Team, url: str, field: str
) -> None:
    """Found in testing: kept after "Exit this page", one report's message opened, filled in
    and ready to send, on the page of whichever report's receipt was entered next on the
    device: the next user read it, and Send would have added it to their report."""
    other = submit_report(client)
    receipt, _asked = send_after_the_end(client, exited, url, {field: TYPED})
    assert receipt != other

    shown_at = enter_receipt(client, other)

    assert urlsplit(shown_at).path == "/status"
    for page in ("/status", url):
        html = client.get(page).get_data(as_text=True)
        assert TYPED not in html and not parse(html).find(id="unsent")
    assert not parse(client.get("/status").get_data(as_text=True)).find(id="unsent-reply")
    # Nor is it kept for its own report's receipt after that: the device has been passed on.
    client.get("/exit")
    assert urlsplit(enter_receipt(client, receipt)).path == "/status"
    assert TYPED not in client.get(url).get_data(as_text=True)
    for report in db.session.scalars(select(Report)):
        assert report.messages == [] and not report.urgent


def test_a_message_posted_from_another_site_is_not_kept(client: FlaskClient, team: Team) -> None:
    """Without a session there is no CSRF token to check: a page on another site must not plant
    words for the reporter to find ready to send as theirs."""
    receipt = submit_report(client)
    forged = client.post(
        "/status/reply", data={"body": TYPED}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert forged.status_code == 302
    html = client.get(forged.headers["Location"]).get_data(as_text=True)
    assert not parse(html).find(id="kept")
    assert urlsplit(enter_receipt(client, receipt)).path == "/status"
    assert TYPED not in client.get("/status/reply").get_data(as_text=True)


def test_a_message_posted_without_a_token_candour_signed_is_kept_nowhere(
    client: FlaskClient, team: Team
) -> None:
    """A browser that does not say where a request came from is believed, but the form must
    still carry a token Candour signed (for the session that ended, say): a forged one, or
    none, keeps nothing and stores no session."""
    receipt = submit_report(client)
    client.get("/exit")
    sessions = db.session.scalar(select(func.count()).select_from(ReporterSession))
    for token in ("forged.token.value", ""):
        sent = client.post("/status/reply", data={"csrf_token": token, "body": TYPED})
        assert sent.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ReporterSession)) == sessions
    assert urlsplit(enter_receipt(client, receipt)).path == "/status"
    assert TYPED not in client.get("/status/reply").get_data(as_text=True)


def test_a_message_kept_for_a_report_withdrawn_meanwhile_is_said_not_sent(
    client: FlaskClient, team: Team
) -> None:
    receipt, _asked = send_after_the_end(client, idle, "/status/reply", {"body": TYPED})
    report = the_report()
    report.withdrawn_on = report.received_on
    db.session.commit()
    shown_at = enter_receipt(client, receipt)
    assert urlsplit(shown_at).path == "/status"
    said = section(client.get(shown_at).get_data(as_text=True), "not-taken")
    assert "Your message was not sent" in said.words
    assert said.find("div", cls="govuk-inset-text")[0].text == TYPED  # shown back, once
    assert the_report().messages == []


@pytest.mark.parametrize("typed", ["", "  \r\n\t "], ids=["empty", "spaces"])
def test_an_empty_message_sent_after_the_session_ended_is_not_kept_as_not_sent_yet(
    client: FlaskClient, team: Team, typed: str
) -> None:
    """Nothing typed is no message: the receipt page says what was asked was not done, and no
    page then shows an empty box as "Your message has not been sent yet"."""
    receipt = submit_report(client)
    open_status(client, receipt)
    token = csrf_token(client.get("/status/reply").get_data(as_text=True))
    idle(client)
    sent = client.post("/status/reply", data={"csrf_token": token, "body": typed})
    assert urlsplit(sent.headers["Location"]).path == "/status"
    asked = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert not parse(asked).find(id="kept")
    assert "what you asked for was not done" in section(asked, "closed").words
    assert urlsplit(enter_receipt(client, receipt)).path == "/status"
    assert not parse(client.get("/status").get_data(as_text=True)).find(id="unsent-reply")
    assert not parse(client.get("/status/reply").get_data(as_text=True)).find(id="unsent")
    assert the_report().messages == []


def test_an_empty_retaliation_note_sent_after_the_session_ended_is_still_kept(
    client: FlaskClient, team: Team
) -> None:
    """Its words are optional: telling the team is what matters, so it waits for the receipt."""
    receipt, asked = send_after_the_end(client, idle, "/status/retaliation", {"details": ""})
    assert parse(asked).find(id="kept")
    assert urlsplit(enter_receipt(client, receipt)).path == "/status/retaliation"
    post_form(client, "/status/retaliation", {"details": ""})
    assert the_report().urgent


def test_a_message_sent_after_the_receipt_was_replaced_elsewhere_says_so_not_that_time_ran_out(
    client: FlaskClient, team: Team
) -> None:
    """Two devices with one receipt: one replaced it while the other had a message typed. The
    other was told its session had ended after 30 minutes or "Exit this page", neither of which
    had happened; nothing said the receipt had been replaced, which a reporter whose receipt
    someone else replaced needs to know."""
    receipt = submit_report(client)
    other = client.application.test_client()
    open_status(other, receipt)
    reply = other.get("/status/reply").get_data(as_text=True)
    open_status(client, receipt)
    assert post_form(client, "/status/replace-receipt", {"receipt": receipt}).status_code == 302
    sent = other.post(
        "/status/reply",
        data={"csrf_token": csrf_token(reply), "for_report": for_report(reply), "body": TYPED},
    )
    assert urlsplit(sent.headers["Location"]).path == "/status"
    page = other.get(sent.headers["Location"]).get_data(as_text=True)
    banner = section(page, "kept").words
    assert "its receipt was replaced, or the report was deleted, on this device or another" in (
        banner
    )
    assert "someone else had your receipt and replaced it" in banner
    assert "minutes without use" not in banner and "Exit this page" not in banner
    assert "Other ways to get help" in page
    # A reload says it again; the old receipt opens nothing; the new one brings the message back.
    assert "its receipt was replaced" in other.get("/status").get_data(as_text=True)
    assert the_report().messages == []
