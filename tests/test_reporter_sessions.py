"""A reporter's session lives on the server behind an opaque id: the cookie holds nothing the
database holds, and exiting, leaving or walking away ends it on the server, draft and all."""

from __future__ import annotations

import base64
import io
import json
import zlib
from hashlib import sha256

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import DateTime, inspect, select

from intake import receipts
from intake.db import db
from intake.models import Draft, Report, ReporterSession
from intake.models.force import DEFAULT_FORCE_ID
from intake.reporter_session import IDLE_MINUTES, _open, _seal
from tests.helpers import (
    Team,
    csrf_token,
    first_question_mark,
    open_status,
    post_form,
    send_fields,
    submit_report,
)
from tests.journey_page import parse

HERE = f"reporter-{DEFAULT_FORCE_ID}"  # the cookie's entry for the default force's session


def cookie_text(client: FlaskClient) -> str:
    """Everything the browser holds in Candour's cookie, decoded as far as anyone can."""
    cookie = client.get_cookie("candour")
    assert cookie is not None
    value = cookie.value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


def walk_away(client: FlaskClient, minutes: int) -> None:
    """The reporter leaves the device alone for ``minutes``: the session's last use, which only
    the cookie's key can read, moves that far into the past."""
    with client.session_transaction() as stored:
        token, key = stored[HERE]["token"], bytes.fromhex(stored[HERE]["key"])
    row_id = sha256(token.encode()).hexdigest()
    row = db.session.get(ReporterSession, row_id)
    state = _open(key, row_id, row.blob)
    assert state is not None
    state["seen"] -= minutes * 60
    row.blob = _seal(key, row_id, state)
    db.session.commit()


def start_a_draft(client: FlaskClient, description: str) -> None:
    """A new report's first answer, from the first question as shown after sending one."""
    what = {
        "categories": ["racism"],
        "when": "unsure",
        "description": description,
        **first_question_mark(client),
    }
    assert post_form(client, "/report/what", what).status_code == 302


def test_the_cookie_holds_only_an_opaque_id_and_a_key(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    report = db.session.scalars(select(Report)).one()
    secret = app.config["CANDOUR_SECRETS"].receipt_key

    stored = json.loads(cookie_text(client))
    assert set(stored) <= {HERE, "csrf_token"}
    assert set(stored[HERE]) == {"token", "key"}
    held = cookie_text(client)
    for value in (
        report.receipt_hash.hex(),
        receipts.proof_reference(secret, receipt),
        receipts.reporter_key_material(secret, receipt).hex(),
        report.reference,
    ):
        assert value not in held
    # The row is found by the token's hash and holds the material only as ciphertext.
    row = db.session.scalars(select(ReporterSession)).one()
    assert row.id == sha256(stored[HERE]["token"].encode()).hexdigest()
    assert report.receipt_hash not in row.blob
    assert report.receipt_hash.hex().encode() not in row.blob
    columns = inspect(ReporterSession).columns
    assert not any(isinstance(column.type, DateTime) for column in columns)


def test_exit_this_page_ends_the_status_session_and_the_draft_on_the_server(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    start_a_draft(client, "Something I started writing about my sergeant")
    assert db.session.scalar(select(db.func.count()).select_from(Draft)) == 1

    exited = client.get("/exit")
    assert exited.status_code == 302
    assert exited.headers["Location"] == "https://www.bbc.co.uk/weather"
    assert db.session.scalars(select(ReporterSession)).all() == []
    assert db.session.scalars(select(Draft)).all() == []
    # Back: the status page asks for the receipt, the report form is empty.
    assert "Your receipt" in client.get("/status").get_data(as_text=True)
    assert "my sergeant" not in client.get("/report/what").get_data(as_text=True)


def copied_cookie(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s cookie as it is now: what someone who used
    a shared device before the reporter (and read or planted its cookie) holds."""
    cookie = client.get_cookie("candour")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("candour", cookie.value)
    return other


def test_a_cookie_copied_before_the_receipt_was_entered_does_not_open_the_report(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    # Someone sends a report of their own and opens its status page, so the browser holds a
    # session whose cookie they copy; the reporter then enters their receipt on that browser.
    open_status(client, submit_report(app.test_client()))
    planted = copied_cookie(app, client)
    theirs = submit_report(app.test_client(), description="My inspector falsified the log.")
    assert "falsified the log" in open_status(client, theirs).get_data(as_text=True)

    assert "falsified the log" not in planted.get("/status").get_data(as_text=True)
    assert "Your receipt" in planted.get("/status").get_data(as_text=True)


def test_a_cookie_copied_before_a_report_was_begun_does_not_read_the_draft(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(app.test_client()))
    planted = copied_cookie(app, client)
    start_a_draft(client, "Something I started writing about my sergeant")

    assert "my sergeant" not in planted.get("/report/what").get_data(as_text=True)
    assert "my sergeant" in client.get("/report/what").get_data(as_text=True)


def test_leaving_ends_the_session_on_the_server(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    page = open_status(client, receipt).get_data(as_text=True)
    client.post("/status/leave", data={"csrf_token": csrf_token(page)})
    assert db.session.scalars(select(ReporterSession)).all() == []
    assert "Your receipt" in client.get("/status").get_data(as_text=True)


def test_an_idle_session_ends_on_the_server_and_the_reporter_is_told(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    start_a_draft(client, "Half a report about the inspector")
    walk_away(client, IDLE_MINUTES - 1)
    assert "Your report" in client.get("/status").get_data(as_text=True)  # still there

    walk_away(client, IDLE_MINUTES + 1)
    html = client.get("/status").get_data(as_text=True)
    assert f"You did nothing for {IDLE_MINUTES} minutes" in html
    assert db.session.scalars(select(ReporterSession)).all() == []
    assert db.session.scalars(select(Draft)).all() == []
    assert "the inspector" not in client.get("/report/what").get_data(as_text=True)


def test_every_reporter_page_says_how_long_a_session_lasts(client: FlaskClient, team: Team) -> None:
    html = client.get("/").get_data(as_text=True)
    assert f"after {IDLE_MINUTES} minutes without use" in html


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/status/withdraw", {"reason": ""}),  # a reason written is kept: test_status_kept_...
        ("/status/replace-receipt", {}),
        ("/status/proof.txt", {}),
    ],
)
def test_a_button_pressed_after_the_session_timed_out_says_it_was_not_done(
    client: FlaskClient, team: Team, url: str, fields: dict[str, str]
) -> None:
    receipt = submit_report(client)
    page = open_status(client, receipt).get_data(as_text=True)
    walk_away(client, IDLE_MINUTES + 1)
    pressed = client.post(url, data={"csrf_token": csrf_token(page), **fields})
    assert pressed.status_code == 302
    assert pressed.headers["Location"].endswith("/status?lost=yes&undone=yes")
    banner = parse(client.get(pressed.headers["Location"]).get_data(as_text=True)).find(id="closed")
    assert banner and f"You did nothing for {IDLE_MINUTES} minutes" in banner[0].words
    assert "what you asked for was not done" in banner[0].words
    report = db.session.scalars(select(Report)).one()
    assert report.withdrawn_on is None
    assert open_status(client, receipt).status_code == 200  # the receipt was not replaced


def test_an_action_page_opened_after_the_session_timed_out_says_why_it_asks_for_the_receipt(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    walk_away(client, IDLE_MINUTES + 1)
    opened = client.get("/status/withdraw")
    assert opened.headers["Location"].endswith("/status?lost=yes")
    html = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert f"You did nothing for {IDLE_MINUTES} minutes" in html and "not done" not in html


def reach_check_answers(client: FlaskClient) -> str:
    """Answer every question and return the check answers page."""
    start_a_draft(client, "Everything about the custody sergeant")
    who = {"people-0-name": "Sgt Ray Hill", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    return client.get("/report/check").get_data(as_text=True)


def test_the_first_question_posted_after_a_timeout_says_the_other_answers_were_deleted(
    client: FlaskClient, team: Team
) -> None:
    """Back to the first question, idle, then Continue: the page came back with "what you typed
    is still here", and Continue again started a new report at the next question, without a word
    that the answers given on the other pages had been deleted."""
    start_a_draft(client, "Everything about the custody sergeant")
    who = {"people-0-name": "Sgt Ray Hill", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    token = csrf_token(client.get("/report/what").get_data(as_text=True))
    walk_away(client, IDLE_MINUTES + 1)
    what = {"categories": ["racism"], "when": "unsure", "description": "Again, the sergeant"}
    shown = client.post("/report/what", data={"csrf_token": token, **what})
    assert shown.status_code == 200
    banner = parse(shown.get_data(as_text=True)).find(id="draft-ended")
    assert banner and "answers you gave on the other pages of your report were deleted" in (
        banner[0].words
    )
    assert "Again, the sergeant" in shown.get_data(as_text=True)  # kept on the page


def test_send_after_the_session_timed_out_says_the_report_was_not_sent(
    client: FlaskClient, team: Team
) -> None:
    check = reach_check_answers(client)
    walk_away(client, IDLE_MINUTES + 1)
    sent = client.post("/report/send", data=send_fields(check))
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith("/report/what?lost=unsent")
    banner = parse(client.get(sent.headers["Location"]).get_data(as_text=True)).find(
        id="answers-lost"
    )
    assert "Your report was not sent." in banner[0].words
    assert f"timed out after {IDLE_MINUTES} minutes" in banner[0].words
    assert db.session.scalars(select(Report)).all() == []


@pytest.mark.parametrize(
    "url",
    [
        "/report/check",  # a reload of check answers
        "/report/what",  # its Change links
        "/report/who",
        "/report/affected",
        "/report/evidence",
        "/report/together",  # its Back link
    ],
)
def test_a_page_opened_after_the_session_timed_out_says_the_answers_were_deleted(
    client: FlaskClient, team: Team, url: str
) -> None:
    reach_check_answers(client)
    walk_away(client, IDLE_MINUTES + 1)
    opened = client.get(url)
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith("/report/what?lost=yes")
    html = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert "earlier answers were deleted, for your safety" in html


def test_removing_a_file_after_the_session_timed_out_says_the_answers_were_deleted(
    client: FlaskClient, team: Team
) -> None:
    start_a_draft(client, "A report with a photo")
    evidence = client.get("/report/evidence").get_data(as_text=True)
    walk_away(client, IDLE_MINUTES + 1)
    removed = client.post("/report/evidence/0/remove", data={"csrf_token": csrf_token(evidence)})
    assert removed.headers["Location"].endswith("/report/what?lost=yes")


def test_the_confirmation_after_the_session_timed_out_says_why_its_receipt_is_gone(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    walk_away(client, IDLE_MINUTES + 1)
    reloaded = client.get("/report/sent")
    assert reloaded.headers["Location"].endswith("/status?lost=yes")
    html = client.get(reloaded.headers["Location"]).get_data(as_text=True)
    assert f"You did nothing for {IDLE_MINUTES} minutes" in html
    assert "Enter your receipt to see it again" in html


def test_signing_out_of_the_status_page_warns_of_an_unsent_report_and_send_then_says_so(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    check = reach_check_answers(client)  # a second report, written but not sent
    status = open_status(client, receipt).get_data(as_text=True)
    warning = parse(status).find(id="draft-in-progress")
    assert warning and "Signing out deletes it" in warning[0].words
    left = client.post("/status/leave", data={"csrf_token": csrf_token(status)})
    assert left.status_code == 302
    sent = client.post("/report/send", data=send_fields(check))
    assert sent.headers["Location"].endswith("/report/what?lost=gone")
    banner = parse(client.get(sent.headers["Location"]).get_data(as_text=True)).find(
        id="answers-lost"
    )
    assert "Your report was not sent." in banner[0].words
    words = banner[0].words
    assert "status page is signed out of" in words and "timed out" not in words
    # Every way the answers go is named, not only the ones this reporter may not have taken.
    assert "Exit this page" in words and "without use" in words and "cookies" in words
    assert len(db.session.scalars(select(Report)).all()) == 1


def test_the_status_page_has_no_unsent_report_warning_without_a_draft(
    client: FlaskClient, team: Team
) -> None:
    status = open_status(client, submit_report(client)).get_data(as_text=True)
    assert not parse(status).find(id="draft-in-progress")


def upload_a_statement(client: FlaskClient, page: str) -> str:
    """Press "Upload file" on the evidence page ``page`` with a small PDF chosen."""
    statement = (io.BytesIO(b"%PDF-1.4 a statement"), "statement.pdf")
    return client.post(
        "/report/evidence",
        data={"csrf_token": csrf_token(page), "upload": "Upload file", "file": statement},
        content_type="multipart/form-data",
    ).get_data(as_text=True)


def test_a_file_chosen_as_the_session_timed_out_is_said_not_added(
    client: FlaskClient, team: Team
) -> None:
    reach_check_answers(client)
    page = client.get("/report/evidence").get_data(as_text=True)
    walk_away(client, IDLE_MINUTES + 1)
    html = upload_a_statement(client, page)
    banner = parse(html).find(id="file-not-added")
    assert banner and "the file you chose was not added" in banner[0].words
    assert "still here" not in html


def test_a_file_chosen_after_exit_in_another_tab_says_the_other_answers_went_too(
    client: FlaskClient, team: Team
) -> None:
    """The banner said only "the file you chose was not added. Choose it again": that the
    report's other answers were gone was learnt at the next Continue."""
    reach_check_answers(client)
    page = client.get("/report/evidence").get_data(as_text=True)
    client.get("/exit")  # in another tab
    # The browser drops Candour's cookies as "Exit this page" asks (Clear-Site-Data), which
    # the test client does not: a client with none is that browser.
    html = upload_a_statement(client.application.test_client(), page)
    [banner] = parse(html).find(id="file-not-added")
    assert "the file you chose was not added" in banner.words
    assert "the answers you gave on the other pages of your report were deleted" in banner.words
    assert "Choose it again" not in banner.words
    [start] = [a for a in parse(html).find("a") if a.words == "Start your report again"]
    assert start.attrs["href"] == "/report/what"


def test_signing_out_says_so_on_the_start_page_once_and_nothing_more(
    client: FlaskClient, team: Team
) -> None:
    status = open_status(client, submit_report(client)).get_data(as_text=True)
    left = client.post("/status/leave", data={"csrf_token": csrf_token(status)})
    assert left.status_code == 302 and left.headers["Location"] == "/"
    start = parse(client.get("/").get_data(as_text=True))
    banner = start.find(id="signed-out")
    assert banner and banner[0].words == "Success You have signed out."
    # Once: a reload, or the next person to open the page, sees no such message.
    assert not parse(client.get("/").get_data(as_text=True)).find(id="signed-out")


def test_a_refused_sign_out_says_nothing_of_signing_out(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    left = client.post("/status/leave", data={"csrf_token": "forged"})
    assert left.status_code == 302
    assert not parse(client.get("/").get_data(as_text=True)).find(id="signed-out")


def test_signing_out_leaves_no_cookie_once_the_start_page_has_said_so(
    client: FlaskClient, team: Team
) -> None:
    """The cookie kept the status page's CSRF token after "Sign out", where "Exit this page"
    leaves none (tests/browser/test_shared_device_browser.py checks both in a browser)."""
    status = open_status(client, submit_report(client)).get_data(as_text=True)
    client.post("/status/leave", data={"csrf_token": csrf_token(status)})
    start = parse(client.get("/").get_data(as_text=True))
    assert start.find(id="signed-out")
    assert client.get_cookie(client.application.config["SESSION_COOKIE_NAME"]) is None
