"""Reporters often share a work device: the pages that show a receipt or an open report say to
select "Exit this page" (or "Sign out") before leaving, since until then Back, a reload or the
page's address in a new tab shows it to the next person."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.helpers import Team, open_status, post_form, send_report, submit_report
from tests.journey_page import parse


def shared_device_line(html: str) -> str:
    found = parse(html).find(id="shared-device")
    assert found, "no shared-device line"
    return found[0].words


def test_the_confirmation_page_says_to_exit_on_a_shared_device(
    client: FlaskClient, team: Team
) -> None:
    sent = send_report(client)
    assert sent.request.path == "/report/sent"
    assert shared_device_line(sent.get_data(as_text=True)) == (
        "On a shared or work device, select “Exit this page” before you leave, or the next "
        "person to use it could see your receipt."
    )


def test_the_new_receipt_page_says_to_exit_on_a_shared_device(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    shown = post_form(
        client, "/status/replace-receipt", {"receipt": receipt}, follow_redirects=True
    )
    assert shown.request.path == "/status/new-receipt"
    assert "select “Exit this page” before you leave" in shared_device_line(
        shown.get_data(as_text=True)
    )


def test_the_status_page_says_to_sign_out_or_exit_on_a_shared_device(
    client: FlaskClient, team: Team
) -> None:
    page = open_status(client, submit_report(client)).get_data(as_text=True)
    assert shared_device_line(page) == (
        "On a shared or work device, select “Sign out” or “Exit this page” before you leave, or "
        "the next person to use it could see your report."
    )
