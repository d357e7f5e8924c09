"""Replacing the receipt and withdrawing ask for the receipt again: a session left open on a
shared work device (no Exit, no Sign out) must not let the next person in that browser lock the
reporter out with a new receipt, or withdraw and delete their report. A wrong receipt is refused
at its field, tells nothing about any other report, is never shown back, and is counted by the
action's limit."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from intake.db import db
from intake.forms.status import NOT_THIS_RECEIPT
from intake.models import Report
from intake.views.status.session_report import find_by_receipt
from tests.helpers import Team, open_status, post_form, refused, submit_report, visible_text
from tests.journey_page import errors, field_error, parse

WRONG = "AAAA-BBBB-CCCC-DDDD-EEE2"


def title(html: str) -> str:
    return parse(html).find("title")[0].words


def the_report(receipt: str) -> Report:
    db.session.expire_all()
    report = find_by_receipt(receipt)
    assert report is not None
    return report


def test_the_next_person_cannot_replace_the_receipt_without_it(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)  # and left open, without Exit or Sign out
    asked = client.get("/status/replace-receipt").get_data(as_text=True)
    assert "Enter your receipt to confirm" in visible_text(asked)
    for typed, error in (("", "Enter your receipt"), (WRONG, NOT_THIS_RECEIPT)):
        html = post_form(client, "/status/replace-receipt", {"receipt": typed}).get_data(
            as_text=True
        )
        assert errors(html) == [error] and field_error(html, "receipt") == error
        assert title(html).startswith("Error: ")
        assert WRONG not in html  # never shown back
    # The old receipt still opens the report, in any browser.
    elsewhere = client.application.test_client()
    assert "Your report" in visible_text(open_status(elsewhere, receipt).get_data(as_text=True))
    # The reporter, with it, still can replace it.
    replaced = post_form(client, "/status/replace-receipt", {"receipt": receipt})
    assert replaced.headers["Location"] == "/status/new-receipt"
    again = client.application.test_client()
    assert "We could not find a report" in visible_text(
        open_status(again, receipt).get_data(as_text=True)
    )


def test_the_next_person_cannot_withdraw_or_delete_the_report_without_the_receipt(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    asked = client.get("/status/withdraw").get_data(as_text=True)
    assert "Enter your receipt to confirm" in visible_text(asked)
    for typed, error in (("", "Enter your receipt"), (WRONG, NOT_THIS_RECEIPT)):
        sent = {"reason": "Not mine to withdraw.", "destroy_now": "y", "receipt": typed}
        html = refused(client, post_form(client, "/status/withdraw", sent))
        assert errors(html) == [error] and field_error(html, "receipt") == error
        assert "Not mine to withdraw." in html and WRONG not in html
    report = the_report(receipt)
    assert report.withdrawn_on is None and report.content_destroyed_on is None
    sent = {"reason": "Moving on.", "destroy_now": "y", "receipt": receipt}
    assert post_form(client, "/status/withdraw", sent).headers["Location"] == "/status"
    report = the_report(receipt)
    assert report.withdrawn_on is not None and report.content_destroyed_on is not None


def test_another_reports_receipt_is_refused_as_any_wrong_one(
    client: FlaskClient, team: Team
) -> None:
    # Refused with the same words as a made-up receipt: the form says only that it is not this
    # report's, never that it opens another (the lookup already says that much, and no more).
    other = submit_report(client.application.test_client())
    receipt = submit_report(client)
    open_status(client, receipt)
    for url in ("/status/replace-receipt", "/status/withdraw"):
        said = []
        for typed in (other, WRONG):
            response = post_form(client, url, {"receipt": typed})
            html = (
                refused(client, response)
                if url == "/status/withdraw"
                else response.get_data(as_text=True)
            )
            said.append(errors(html))
            assert typed not in html
        assert said == [[NOT_THIS_RECEIPT]] * 2
    assert the_report(other).withdrawn_on is None and the_report(receipt).withdrawn_on is None


def test_a_right_receipt_refused_for_another_field_is_not_kept_for_the_next_person(
    client: FlaskClient, team: Team
) -> None:
    # A reason too long is refused and kept, sealed in the session, for the page to show again:
    # the receipt typed with it is not, or the next person opening the page would read it.
    receipt = submit_report(client)
    open_status(client, receipt)
    html = refused(
        client, post_form(client, "/status/withdraw", {"reason": "x" * 10_001, "receipt": receipt})
    )
    assert errors(html) == ["Your reason must be 10,000 characters or fewer"]
    assert receipt not in html
    assert receipt not in client.get("/status/withdraw").get_data(as_text=True)


def test_wrong_receipts_are_counted_by_the_actions_limit(client: FlaskClient, team: Team) -> None:
    # Each confirmation is a guess at this one report's receipt, counted as every press of its
    # button is (5 new receipts an hour, 10 withdrawals): fewer than the lookup allows.
    receipt = submit_report(client)
    open_status(client, receipt)
    for _ in range(5):
        assert post_form(client, "/status/replace-receipt", {"receipt": WRONG}).status_code == 200
    assert post_form(client, "/status/replace-receipt", {"receipt": receipt}).status_code == 429
    for _ in range(10):
        assert post_form(client, "/status/withdraw", {"receipt": WRONG}).status_code == 303
    assert post_form(client, "/status/withdraw", {"receipt": receipt}).status_code == 429
    assert the_report(receipt).withdrawn_on is None


@pytest.mark.parametrize("address", ["/status/release", "/status/retaliation/release"])
def test_releasing_a_held_report_asks_for_the_receipt_too(
    client: FlaskClient, team: Team, address: str
) -> None:
    """Releasing cannot be undone and breaks the one promise of holding a report: the next
    person on a shared device released it with a press of the button."""
    receipt = submit_report(client, together="together")
    open_status(client, receipt)  # and left open, without Exit or Sign out
    if address.startswith("/status/retaliation"):
        post_form(client, "/status/retaliation", {"details": "Moved off my team"})
    asked = client.get(address).get_data(as_text=True)
    assert "Enter your receipt to confirm" in visible_text(asked)
    for typed, error in (("", "Enter your receipt"), (WRONG, NOT_THIS_RECEIPT)):
        html = post_form(client, address, {"receipt": typed}).get_data(as_text=True)
        assert error in visible_text(html)
        assert WRONG not in html  # never shown back
        assert the_report(receipt).escrow == "waiting"
    post_form(client, address, {"receipt": receipt})
    assert the_report(receipt).escrow == "released"
