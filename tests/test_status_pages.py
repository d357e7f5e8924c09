"""The status page shows the report and offers each thing a reporter can do (send a message,
add a file, tell the team about retaliation) as a page of its own (GOV.UK "one thing per page"),
so nothing typed on one page is lost by acting on another."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    back_to,
    csrf_token,
    open_status,
    post_form,
    post_upload,
    refused,
    submit_report,
    visible_text,
)
from tests.journey_page import back_link, errors, field_error, heading, parse

TOO_LONG = "x" * 10_001

ACTION_PAGES = [
    ("/status/reply", "Send a message to the team"),
    ("/status/evidence", "Add a file to your report"),
    ("/status/retaliation", "Tell the team you are facing retaliation"),
]


def title(html: str) -> str:
    return parse(html).find("title")[0].words


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def test_the_status_page_links_to_each_action_instead_of_holding_its_form(
    client: FlaskClient, team: Team
) -> None:
    page = parse(open_status(client, submit_report(client)).get_data(as_text=True))
    assert page.find("textarea") == [] and page.find("input", type="file") == []
    actions = {form.attrs.get("action") for form in page.find("form")}
    assert actions == {"/status/proof.txt", "/status/leave"}
    links = {a.attrs["href"] for a in page.find("a")}
    assert {url for url, _ in ACTION_PAGES} <= links


@pytest.mark.parametrize(("url", "name"), ACTION_PAGES)
def test_each_action_has_a_page_with_its_title_back_link_and_own_form(
    client: FlaskClient, team: Team, url: str, name: str
) -> None:
    open_status(client, submit_report(client))
    html = client.get(url).get_data(as_text=True)
    assert heading(html) == name and title(html) == f"{name} – Candour"
    if url == "/status/evidence":
        assert back_link(html) == "/status"
    else:  # a button of the form, keeping what was typed (tests/test_status_back.py)
        assert back_link(html) is None and back_to(client, url) == "/status"
    [form] = [f for f in parse(html).find("form") if f.attrs.get("method") == "post"]
    assert form.attrs["action"] == url  # its own address, even when shown in reply to a POST


@pytest.mark.parametrize(
    ("url", "data", "error"),
    [
        ("/status/reply", {"body": "   "}, "Write your message"),
        (
            "/status/retaliation",
            {"details": TOO_LONG},
            "What is happening must be 10,000 characters or fewer",
        ),
    ],
)
def test_a_refused_action_comes_back_to_its_own_page_saying_error(
    client: FlaskClient, team: Team, url: str, data: dict[str, str], error: str
) -> None:
    open_status(client, submit_report(client))
    html = refused(client, post_form(client, url, data))
    assert errors(html) == [error] and title(html).startswith("Error: ")


def test_a_withdrawal_refused_comes_back_by_redirect_keeping_the_reason(
    client: FlaskClient, team: Team
) -> None:
    # Rendered in reply to the POST, the refused page was left in history as a POST: Back onto
    # it after withdrawing showed "Confirm form resubmission", and its error was WTForms' own.
    receipt = submit_report(client)
    open_status(client, receipt)
    html = refused(
        client, post_form(client, "/status/withdraw", {"receipt": receipt, "reason": TOO_LONG})
    )
    assert errors(html) == ["Your reason must be 10,000 characters or fewer"]
    assert title(html).startswith("Error: ") and TOO_LONG in html
    assert the_report().withdrawn_on is None
    assert (
        post_form(client, "/status/withdraw", {"receipt": receipt, "reason": "Scared."}).status_code
        == 302
    )
    assert the_report().withdrawn_on is not None


def test_a_message_the_character_count_says_fits_is_sent(client: FlaskClient, team: Team) -> None:
    # GOV.UK's count (JavaScript) counts a line break as one character; the browser sends it as
    # CR LF. A message it said fitted ("You have 0 characters remaining") was refused.
    open_status(client, submit_report(client))
    counted = ("x" * 99 + "\n") * 100
    assert len(counted) == 10_000
    sent = post_form(client, "/status/reply", {"body": counted.replace("\n", "\r\n")})
    assert sent.status_code == 302 and sent.headers["Location"] == "/status"
    assert len(the_report().messages) == 1


def test_withdrawing_a_held_report_does_not_say_the_team_knows_of_it(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, together="together"))
    held = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    # Said only as "if": a held report has been read by nobody (and the page must not say
    # whether another report released it).
    assert "If the team has your report, in some serious cases" in held
    assert "no longer wait for someone else" in held
    open_status(client, submit_report(client))  # a report acted on now, opened instead
    assert "duty to act on what they already know" in visible_text(
        client.get("/status/withdraw").get_data(as_text=True)
    )


def test_a_file_refused_comes_back_to_its_own_page_saying_error(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    html = refused(client, post_upload(client, "/status/evidence", {"upload": "Add evidence"}))
    assert field_error(html, "file") == "Choose a file to upload"
    assert title(html) == "Error: Add a file to your report – Candour"


def test_a_refused_message_keeps_its_text_while_a_file_is_added(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    typed = "Three paragraphs about the night shift. " * 300  # over the limit: refused
    refused(client, post_form(client, "/status/reply", {"body": typed}))
    added = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Rota notes."), "rota.txt")},
    )
    assert added.status_code == 302 and added.headers["Location"] == "/status"
    assert "File added" in visible_text(client.get("/status").get_data(as_text=True))
    message = client.get("/status/reply").get_data(as_text=True)
    assert typed.strip() in message
    assert errors(message) == ["Your message must be 10,000 characters or fewer"]
    assert len(the_report().attachments) == 1 and the_report().messages == []


def test_a_success_on_one_page_leaves_the_refusals_kept_on_the_others(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    wrote = "Moved to nights. " + TOO_LONG
    refused(client, post_form(client, "/status/retaliation", {"details": wrote}))
    wrong = {"upload": "Add evidence", "file": (io.BytesIO(b"MZ\x90\x00" * 10), "rota.exe")}
    refused(client, post_upload(client, "/status/evidence", wrong))
    sent = post_form(client, "/status/reply", {"body": "One more thing."})
    assert sent.status_code == 302

    status = client.get("/status").get_data(as_text=True)
    assert "Message sent" in visible_text(status)
    assert 'id="unsent-retaliation"' in status and 'id="unsent-evidence"' in status
    assert 'id="unsent-reply"' not in status
    retaliation = client.get("/status/retaliation").get_data(as_text=True)
    assert wrote in retaliation and errors(retaliation)
    [unsent] = parse(status).find("p", id="unsent-evidence")
    assert "it looks like a program" in unsent.words  # why, where it is said
    assert not the_report().urgent


def test_a_refused_files_keep_the_original_choice_is_not_carried_to_the_next_file(
    client: FlaskClient, team: Team
) -> None:
    """A reporter refused a file with "keep the original" ticked, went back, then chose Add a
    file again: the box was still ticked and the old error shown, so the next photo went to the
    team with its location in it."""
    open_status(client, submit_report(client))
    program = (io.BytesIO(b"MZ\x90\x00" * 10), "evil.jpg")
    wrong = {"upload": "Add evidence", "keep_original": "y", "file": program}
    shown = refused(client, post_upload(client, "/status/evidence", wrong))
    assert "it looks like a program" in field_error(shown, "file")
    assert "checked" not in parse(shown).find("input", name="keep_original")[0].attrs
    afresh = client.get("/status/evidence").get_data(as_text=True)  # the Add a file button
    assert errors(afresh) == []
    assert "checked" not in parse(afresh).find("input", name="keep_original")[0].attrs


def test_keeping_a_files_original_warns_it_may_identify_the_reporter_on_both_pages(
    client: FlaskClient, team: Team
) -> None:
    """Choosing to keep a file's hidden details says they may identify the reporter when the file
    is added after sending, as it does before: the status page once offered it without a word."""
    warning = "They may identify you."
    client.get("/report/what")  # a draft, for the journey's evidence page
    assert warning in visible_text(client.get("/report/evidence").get_data(as_text=True))
    open_status(client, submit_report(client))
    html = client.get("/status/evidence").get_data(as_text=True)
    assert warning in visible_text(html)
    assert "the place a photo was taken" in visible_text(html)


def test_a_success_clears_only_its_own_page(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    refused(client, post_form(client, "/status/reply", {"body": "   "}))
    assert post_form(client, "/status/reply", {"body": "Sent."}).status_code == 302
    again = client.get("/status/reply").get_data(as_text=True)
    assert errors(again) == [] and "Sent." not in parse(again).find("textarea")[0].text


@pytest.mark.parametrize("url", [url for url, _ in ACTION_PAGES])
def test_an_action_page_without_an_open_report_asks_for_the_receipt(
    client: FlaskClient, team: Team, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == "/status"


@pytest.mark.parametrize("url", [url for url, _ in ACTION_PAGES])
def test_a_withdrawn_report_offers_no_action_pages(
    client: FlaskClient, team: Team, url: str
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    status = parse(client.get("/status").get_data(as_text=True))
    assert url not in {a.attrs["href"] for a in status.find("a")}
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == "/status"


@pytest.mark.parametrize("destroy_now", ["", "y"])
@pytest.mark.parametrize("url", [url for url, _ in ACTION_PAGES] + ["/status/withdraw"])
def test_an_action_page_left_open_after_withdrawing_says_why_it_is_not_there(
    client: FlaskClient, team: Team, url: str, destroy_now: str
) -> None:
    # A tab left open on an action page, reloaded after withdrawing, landed on the status page
    # without a word: the reporter could not tell why their page had gone.
    receipt = submit_report(client)
    open_status(client, receipt)
    post_form(
        client, "/status/withdraw", {"receipt": receipt, "reason": "", "destroy_now": destroy_now}
    )
    client.get("/status")  # the "withdrawn" banner, seen
    assert client.get(url).headers["Location"] == "/status"
    said = parse(client.get("/status").get_data(as_text=True))
    banner = said.find(id="closed")
    assert banner and "Your report was withdrawn, so you cannot add anything more to it" in (
        banner[0].words
    )
    assert not parse(client.get("/status").get_data(as_text=True)).find(id="closed")  # once


@pytest.mark.parametrize("destroy_now", ["", "y"])
def test_a_withdrawn_report_tells_a_reporter_facing_retaliation_to_make_a_new_report(
    client: FlaskClient, team: Team, destroy_now: str
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    post_form(
        client, "/status/withdraw", {"receipt": receipt, "reason": "", "destroy_now": destroy_now}
    )
    html = client.get("/status").get_data(as_text=True)
    said = visible_text(html)
    assert "Are you facing retaliation?" in said
    assert "make a new report and choose “Retaliation for speaking up”" in said
    assert 'href="/">make a new report</a> and choose' in html  # the start page
    assert "/status/retaliation" not in {a.attrs["href"] for a in parse(html).find("a")}


def test_a_message_sent_from_a_tab_left_open_after_withdrawing_says_it_was_not_sent(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    left_open = csrf_token(client.get("/status/reply").get_data(as_text=True))
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})  # in another tab
    sent = client.post("/status/reply", data={"csrf_token": left_open, "body": "One more thing"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/status"
    said = visible_text(client.get("/status").get_data(as_text=True))
    assert "Your message was not sent" in said
    assert "You have withdrawn this report, so it takes nothing more" in said
    assert "Message sent" not in said
    assert "Your message was not sent" not in visible_text(
        client.get("/status").get_data(as_text=True)
    )
    assert the_report().messages == []


def test_a_held_report_saves_a_message_on_its_page(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client, together="together"))
    html = client.get("/status/reply").get_data(as_text=True)
    assert heading(html) == "Add a message for the team"
    assert title(html) == "Add a message for the team – Candour"
    assert "only once your report is released" in visible_text(html)


def test_the_action_pages_keep_the_csrf_check(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    for url, data in [("/status/reply", {"body": "x"}), ("/status/retaliation", {"details": ""})]:
        response = client.post(url, data=data)
        assert response.status_code == 200  # shown again, nothing acted on
        html = response.get_data(as_text=True)
        assert "What you typed on this page is still here" in html
        assert errors(html) == [] and not title(html).startswith("Error: ")
    assert the_report().messages == [] and not the_report().urgent
