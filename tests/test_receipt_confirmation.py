"""Replacing the receipt and withdrawing ask for the receipt again: a session left open on a
shared work device (no Exit, no Sign out) must not let the next person in that browser lock the
reporter out with a new receipt, or withdraw and delete their report. A wrong receipt is refused
at its field, tells nothing about any other report, is never shown back, and is counted by the
action's limit."""

from __future__ import annotations

from hashlib import sha256

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.errors import CONFIRMATIONS
from intake.forms.status import NOT_THIS_RECEIPT
from intake.models import Report, ReporterSession
from intake.views.status.confirmation_limited import NOT_DONE
from intake.views.status.session_report import CONFIRMATION_CEILING, find_by_receipt
from tests.helpers import (
    Team,
    open_status,
    post_form,
    redirected_to,
    refused,
    submit_report,
    visible_text,
)
from tests.journey_page import errors, field_error, parse

WRONG = "AAAA-BBBB-CCCC-DDDD-EEE2"
LIMITED = "/status/too-many-receipts"  # where a confirmation over a limit is redirected


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
        html = refused(client, post_form(client, "/status/replace-receipt", {"receipt": typed}))
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
            html = refused(client, post_form(client, url, {"receipt": typed}))
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
    # Each wrong confirmation is a guess at this one report's receipt, counted per report (5 an
    # hour on replacing it, 10 on withdrawing); over it a wrong one is refused, the right one
    # still passes: whoever typed the wrong ones cannot keep the reporter from their report.
    receipt = submit_report(client)
    open_status(client, receipt)
    for _ in range(5):
        assert post_form(client, "/status/replace-receipt", {"receipt": WRONG}).status_code == 303
    over = post_form(client, "/status/replace-receipt", {"receipt": WRONG})
    assert redirected_to(over) == LIMITED
    html = client.get(over.headers["Location"]).get_data(as_text=True)
    said = visible_text(html)
    assert "Too many wrong receipts have been entered for this report, maybe not by you" in said
    assert "You have tried this too many times" not in said
    # The way back to the report, not only to the start page.
    assert '<a class="govuk-link" href="/status">Go back to your report</a>' in html
    for _ in range(10):
        assert post_form(client, "/status/withdraw", {"receipt": WRONG}).status_code == 303
    assert redirected_to(post_form(client, "/status/withdraw", {"receipt": WRONG})) == LIMITED
    assert the_report(receipt).withdrawn_on is None
    withdrawn = post_form(client, "/status/withdraw", {"receipt": receipt})
    assert withdrawn.headers["Location"] == "/status"
    assert the_report(receipt).withdrawn_on is not None


def test_wrong_confirmations_on_one_report_do_not_block_another(app: Flask, team: Team) -> None:
    """A walker on one address (a phone's carrier NAT, a home's Wi-Fi) opened a report in one
    browser and typed 3 wrong receipts to replace it: another report, opened in another browser
    on the same address, was refused its own right receipt for 80 minutes."""
    first, second = app.test_client(), app.test_client()
    first_receipt, second_receipt = submit_report(first), submit_report(second)
    open_status(first, first_receipt)
    open_status(second, second_receipt)
    for _ in range(5):  # the first report's wrong confirmations, all its limit allows
        assert redirected_to(post_form(first, "/status/replace-receipt", {"receipt": WRONG})) == (
            "/status/replace-receipt"
        )
    assert redirected_to(post_form(first, "/status/replace-receipt", {"receipt": WRONG})) == (
        LIMITED
    )
    for _ in range(3):  # the second report's own wrong tries, below its own limit
        post_form(second, "/status/replace-receipt", {"receipt": WRONG})
    replaced = post_form(second, "/status/replace-receipt", {"receipt": second_receipt})
    assert replaced.headers["Location"] == "/status/new-receipt"
    # The first report's own receipt still replaces it, over its limit on wrong ones.
    replaced = post_form(first, "/status/replace-receipt", {"receipt": first_receipt})
    assert replaced.headers["Location"] == "/status/new-receipt"


def test_the_ceiling_of_all_confirmations_still_refuses(app: Flask, team: Team) -> None:
    """Right or wrong, confirmations from one address are held to ``CONFIRMATION_CEILING``,
    which bounds how many receipts are compared; a person typing never reaches it."""
    per_minute = int(CONFIRMATION_CEILING.split()[0])
    reports = []
    for _ in range(per_minute // 5 + 1):  # each report takes 5 wrong ones before refusing them
        client = app.test_client()
        receipt = submit_report(client)
        open_status(client, receipt)
        reports.append((client, receipt))
    sent = 0
    for client, _ in reports:
        for _ in range(5):
            if sent < per_minute:
                post_form(client, "/status/replace-receipt", {"receipt": WRONG})
                sent += 1
    client, receipt = reports[-1]
    over = post_form(client, "/status/replace-receipt", {"receipt": receipt})
    assert redirected_to(over) == LIMITED  # the right receipt too, at the ceiling
    assert "all=yes" in over.headers["Location"]
    said = visible_text(client.get(over.headers["Location"]).get_data(as_text=True))
    assert "There have been too many attempts from the network you are using" in said
    assert "Your receipt has not been replaced" in said
    assert "receipt still works now" not in said and "Try again with your receipt" not in said


@pytest.mark.parametrize(
    "address", ["/status/replace-receipt", "/status/release", "/status/retaliation/release"]
)
def test_a_reload_after_a_wrong_confirmation_sends_nothing_again(
    client: FlaskClient, team: Team, address: str
) -> None:
    """A wrong confirmation redirects (303) to the page, whose GET shows the error: a reload,
    or Back onto it, is a GET, not another wrong try counted, and the receipt typed is kept
    nowhere to be shown again."""
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    if address == "/status/retaliation/release":
        post_form(client, "/status/retaliation", {"details": "Moved off my team"})
    response = post_form(client, address, {"receipt": WRONG})
    assert response.status_code == 303
    location = response.headers["Location"]
    for _ in range(2):  # shown, then reloaded
        html = client.get(location).get_data(as_text=True)
        assert errors(html) == [NOT_THIS_RECEIPT] and WRONG not in html
    # Opened afresh, the page asks again, without the old error.
    assert errors(client.get(address).get_data(as_text=True)) == []
    # The right receipt still does it.
    assert post_form(client, address, {"receipt": receipt}).status_code == 302


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
        html = refused(client, post_form(client, address, {"receipt": typed}))
        assert error in visible_text(html)
        assert WRONG not in html  # never shown back
        assert the_report(receipt).escrow == "waiting"
    post_form(client, address, {"receipt": receipt})
    assert the_report(receipt).escrow == "released"


@pytest.mark.parametrize(
    ("address", "not_done"),
    [
        ("/status/withdraw", "Your report has not been withdrawn."),
        ("/status/replace-receipt", "Your receipt has not been replaced"),
    ],
)
def test_a_confirmation_over_its_limit_is_a_page_of_its_own(
    client: FlaskClient, team: Team, address: str, not_done: str
) -> None:
    """Over its limit, a confirmation was refused with a 429 page rendered in reply to the POST,
    where the receipt lookup and sending redirect to a page of their own: a reload sent the
    form again (another try counted, "Confirm form resubmission" on Back), the page never said
    the action had not been done, and it led to the status page, not back to the confirmation
    that the reporter's own receipt still passes."""
    receipt = submit_report(client)
    open_status(client, receipt)
    tries = 5 if address == "/status/replace-receipt" else 10
    for _ in range(tries):
        assert post_form(client, address, {"receipt": WRONG}).status_code == 303
    over = post_form(client, address, {"receipt": WRONG})
    assert over.status_code == 303  # post/redirect/get, as the lookup's limit
    assert redirected_to(over) == LIMITED
    for _ in range(2):  # shown, then reloaded: a GET, not another try
        shown = client.get(over.headers["Location"])
        assert shown.status_code == 200
        html = shown.get_data(as_text=True)
        said = visible_text(html)
        assert title(html).startswith("Too many attempts")
        assert "Too many wrong receipts have been entered for this report, maybe not by you" in (
            said
        )
        assert not_done in said
        assert said.lower().count("own receipt still works") == 1  # said once, not twice
        assert f'<a class="govuk-link" href="{address}">Try again with your receipt</a>' in html
        assert '<a class="govuk-link" href="/status">Go back to your report</a>' in html
        # Not "if your receipt was refused … wait": the reporter's own receipt needs no wait.
        assert "Check your receipt carefully before you type it again: any other receipt" in said
        assert "Wait " not in said and WRONG not in html and receipt not in html
    # The reporter's own receipt still does it.
    assert post_form(client, address, {"receipt": receipt}).status_code == 302
    # Every confirmation's page says what was not done.
    assert {f"reporter.{action}" for action in NOT_DONE} == set(CONFIRMATIONS)


def test_a_refused_withdrawal_is_shown_once_and_a_later_visit_is_a_fresh_form(
    client: FlaskClient, team: Team
) -> None:
    """A wrong receipt on withdrawing shows its error and the reason typed on the page the
    refusal redirected to (and its reload), as replacing the receipt and releasing do; "Keep my
    report" and "Withdraw your report" again is a new try, not the old error before anything is
    typed, nor the old reason filled in."""
    receipt = submit_report(client)
    open_status(client, receipt)
    sent = {"reason": "Changed my mind.", "receipt": WRONG}
    response = post_form(client, "/status/withdraw", sent)
    assert response.status_code == 303
    for _ in range(2):  # shown, then reloaded
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert errors(html) == [NOT_THIS_RECEIPT] and "Changed my mind." in html
    client.get("/status")  # Keep my report
    for _ in range(2):  # every later visit
        html = client.get("/status/withdraw").get_data(as_text=True)
        assert errors(html) == [] and "Changed my mind." not in html
    assert post_form(client, "/status/withdraw", {"receipt": receipt}).status_code == 302
    assert the_report(receipt).withdrawn_on is not None


def test_a_withdrawal_reason_typed_as_the_limit_is_reached_is_kept_for_after_the_wait(
    client: FlaskClient, team: Team
) -> None:
    """A wrong receipt keeps the reason typed on withdrawing; the one over the limit lost it, so
    a reporter who came back after the wait found the box empty and had to write it again."""
    receipt = submit_report(client)
    open_status(client, receipt)
    for _ in range(10):
        sent = {"reason": "Changed my mind.", "receipt": WRONG}
        assert post_form(client, "/status/withdraw", sent).status_code == 303
    sent = {"reason": "I would rather deal with it myself.", "receipt": WRONG}
    over = post_form(client, "/status/withdraw", sent)
    assert redirected_to(over) == LIMITED
    html = client.get(over.headers["Location"]).get_data(as_text=True)
    said = visible_text(html)
    assert "The reason you typed is kept" in said
    back = parse(html).find(id="back-to-action")[0].attrs["href"]
    assert back.startswith("/status/withdraw?refused=")
    shown = client.get(back).get_data(as_text=True)
    assert "I would rather deal with it myself." in shown and WRONG not in shown
    assert errors(shown) == []  # kept, not refused: nothing is wrong with it
    # Sealed in the reporter's session, never in the database in clear.
    blobs = db.session.scalars(select(ReporterSession.blob)).all()
    assert blobs and not any(b"deal with it myself" in blob for blob in blobs)
    again = {"reason": "I would rather deal with it myself.", "receipt": receipt}
    withdrawn = post_form(client, back, again)
    assert withdrawn.headers["Location"] == "/status"
    assert the_report(receipt).withdrawn_on is not None


def test_a_forged_withdrawal_over_the_limit_keeps_no_reason(
    client: FlaskClient, team: Team
) -> None:
    """Only the reporter's own form (its CSRF token) keeps a reason: another site's form must not
    put words into the reporter's withdrawal."""
    receipt = submit_report(client)
    open_status(client, receipt)
    for _ in range(10):
        assert post_form(client, "/status/withdraw", {"receipt": WRONG}).status_code == 303
    forged = client.post("/status/withdraw", data={"reason": "Planted.", "receipt": WRONG})
    assert redirected_to(forged) == LIMITED
    html = client.get(forged.headers["Location"]).get_data(as_text=True)
    assert "The reason you typed is kept" not in visible_text(html)
    marked = f"/status/withdraw?refused={sha256(b'withdraw').hexdigest()[:16]}"
    assert "Planted." not in client.get(marked).get_data(as_text=True)
