"""The reporter's whole journey through the Flask test client: report, receipt, status page,
reply, evidence, retaliation and replacing the receipt."""

from __future__ import annotations

import io
import json
import re
import threading
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from flask import session
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake import drafts, hooks
from intake.db import db
from intake.models import Draft, Report
from intake.reporter_session import IDLE_MINUTES
from intake.sealing import open_sealed
from intake.submission import add_message
from tests.helpers import (
    DEFAULT_REPORT,
    RUN_DAY,
    Team,
    csrf_token,
    open_status,
    post_form,
    refused,
    reports_in_order,
    send_fields,
    submit_report,
)
from tests.journey_page import errors, field_error, form_buttons, heading, parse, section

# Dates this module's tests take are compared with the app's: each runs at noon of one day.
pytestmark = pytest.mark.usefixtures("midday")


def send_form(client: FlaskClient, check_html: str):  # type: ignore[no-untyped-def]
    """Select "Send report" on a check-answers page as a browser would (hidden fields too)."""
    form = parse(check_html).find("form", action="/report/send")[0]
    fields = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find("input")}
    return client.post("/report/send", data=fields)


def receipt_on(html: str) -> str:
    return parse(html).find(id="receipt")[0].words


def report_count() -> int:
    return len(db.session.scalars(select(Report)).all())


def only_report() -> Report:
    return db.session.scalars(select(Report)).one()


def sealed_json(team: Team, report: Report) -> dict:
    return json.loads(open_sealed(team.keys, report.content, record=report.record, field="report"))


def status_page(client: FlaskClient) -> str:
    return client.get("/status").get_data(as_text=True)


def test_a_report_is_sealed_with_every_answer(client: FlaskClient, team: Team) -> None:
    submit_report(
        client,
        people=[
            {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"},
            {"name": "Sgt Mo Khan", "rank": "Sergeant"},
        ],
        witnesses="A colleague on the same shift",
        affected=["reporter", "member_of_public"],
    )
    report = only_report()
    content = sealed_json(team, report)
    assert content["description"].startswith("He made comments")
    assert [p["name"] for p in content["people"]] == ["PC Jon Smyth", "Sgt Mo Khan"]
    assert content["affected"] == ["reporter", "member_of_public"]
    assert content["witnesses"] == "A colleague on the same shift"
    assert report.category_codes == ["sexual_misconduct"]
    assert report.stage == "received"


def test_the_answers_are_gone_once_the_report_is_sent(client: FlaskClient, team: Team) -> None:
    submit_report(client)
    # Back to the check page shows the confirmation, and a new report starts empty.
    assert client.get("/report/check").headers["Location"].startswith("/report/sent")
    what = client.get("/report/what").get_data(as_text=True)
    assert "He made comments" not in what


def test_a_failure_while_sending_keeps_the_answers_and_sends_nothing(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_hook(report: Report, answers: dict) -> None:
        raise RuntimeError("matching failed")

    monkeypatch.setattr(hooks, "on_report_received", [*hooks.on_report_received, broken_hook])
    with pytest.raises(AssertionError):
        submit_report(client)  # the reporter sees an error page, not a receipt
    assert db.session.scalars(select(Report)).all() == []
    monkeypatch.setattr(hooks, "on_report_received", hooks.on_report_received[:-1])
    check = client.get("/report/check")
    assert check.status_code == 200 and "He made comments" in check.get_data(as_text=True)
    send_form(client, check.get_data(as_text=True))
    assert len(db.session.scalars(select(Report)).all()) == 1


def test_the_receipt_opens_the_status_page_and_a_wrong_one_does_not(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    page = open_status(client, receipt).get_data(as_text=True)
    assert "Your report" in page and "Received" in page
    client.post("/status/leave", data={"csrf_token": csrf_token(page)})
    wrong = open_status(client, "AAAA-BBBB-CCCC-DDDD-EEEE").get_data(as_text=True)
    malformed = open_status(client, "hello").get_data(as_text=True)
    assert "We could not find a report with that receipt" in wrong
    # Not a receipt's shape at all: the format is said, which tells nothing about any report.
    assert "could not find" not in malformed and "in the correct format" in malformed


def test_a_reply_reaches_the_team_and_shows_to_the_reporter(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    page = status_page(client)
    assert "No messages yet" in page
    client.post("/status/reply", data={"csrf_token": csrf_token(page), "body": "More detail"})
    assert "More detail" in status_page(client)
    message = only_report().messages[0]
    assert message.from_reporter
    assert (
        open_sealed(
            team.keys, message.body, record=only_report().record, field=f"message:{message.uid}"
        )
        == b"More detail"
    )


def test_a_reply_sent_again_from_the_same_page_reaches_the_team_once(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    page = client.get("/status/reply").get_data(as_text=True)
    sent = {"csrf_token": csrf_token(page), "body": "The shift was 14 March"}
    client.post("/status/reply", data=sent)
    again = client.post("/status/reply", data=sent)  # Back and Send, or a double click
    assert again.headers["Location"] == "/status"
    banner = section(status_page(client), "done").words
    assert "Message already sent" in banner and "did not get it a second time" in banner
    assert len(only_report().messages) == 1
    client.post("/status/reply", data={**sent, "body": "And on 15 March"})
    client.post("/status/reply", data=sent)  # the first again, after another: a new message
    assert len(only_report().messages) == 3


def test_a_team_message_shows_on_the_status_page(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    add_message(
        only_report(),
        "Thank you, we have read your report.",
        from_reporter=False,
        member_id=team.lead.id,
    )
    db.session.commit()
    open_status(client, receipt)
    assert "Thank you, we have read your report." in status_page(client)


def test_evidence_added_later_is_sealed_without_its_metadata(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = "Artist Canary Name"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    page = status_page(client)
    client.post(
        "/status/evidence",
        data={
            "csrf_token": csrf_token(page),
            "upload": "Add evidence",
            "file": (io.BytesIO(buffer.getvalue()), "photo.jpg"),
        },
        content_type="multipart/form-data",
    )
    report = only_report()
    assert len(report.attachments) == 1
    attachment = report.attachments[0]
    data = open_sealed(
        team.keys, attachment.data, record=report.record, field=f"attachment:{attachment.uid}:data"
    )
    assert b"Artist Canary Name" not in data
    assert Image.open(io.BytesIO(data)).size == (40, 30)
    assert "1 file added" in status_page(client)


def test_a_wrong_file_type_is_refused_with_a_clear_message(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    response = client.post(
        "/status/evidence",
        data={
            "csrf_token": csrf_token(status_page(client)),
            "upload": "Add evidence",
            "file": (io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), "minutes.docx"),
        },
        content_type="multipart/form-data",
    )
    assert "is not one of the photos" in refused(client, response)
    assert only_report().attachments == []


def test_retaliation_marks_the_case_urgent(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    client.post(
        "/status/retaliation",
        data={
            "csrf_token": csrf_token(status_page(client)),
            "details": "Moved to nights after I reported",
        },
    )
    report = only_report()
    assert report.urgent and report.retaliation_on is not None
    assert "marked urgent" in status_page(client)
    assert [e.kind for e in report.events][-1] == "retaliation"


def test_replacing_the_receipt_retires_the_old_one_and_keeps_the_messages(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    add_message(only_report(), "A question from the team", from_reporter=False)
    db.session.commit()
    open_status(client, receipt)
    response = client.post(
        "/status/replace-receipt",
        data={"csrf_token": csrf_token(status_page(client)), "receipt": receipt},
    )
    assert response.status_code == 302  # shown by a GET, so a reload cannot replace it again
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    new_receipt = html.split('id="receipt">')[1].split("<")[0]
    assert new_receipt != receipt
    reloaded = client.get(response.headers["Location"]).get_data(as_text=True)
    assert reloaded.split('id="receipt">')[1].split("<")[0] == new_receipt
    # Back onto "Are you sure?", and Yes pressed on it again: the same receipt, not another.
    back = client.get("/status/replace-receipt")
    assert back.status_code == 302 and back.headers["Location"].endswith("/status/new-receipt")
    again = client.post(
        "/status/replace-receipt", data={"csrf_token": csrf_token(reloaded), "receipt": receipt}
    )
    assert again.headers["Location"].endswith("/status/new-receipt")
    shown = client.get("/status/new-receipt").get_data(as_text=True)
    assert shown.split('id="receipt">')[1].split("<")[0] == new_receipt
    fresh = open_status(client.application.test_client(), receipt).get_data(as_text=True)
    assert "could not find" in fresh
    other = client.application.test_client()
    open_status(other, new_receipt)
    assert "A question from the team" in status_page(other)


def test_the_receipt_can_be_downloaded_as_text_without_being_stored(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    page = client.get("/")  # any page gives a CSRF token for this session
    response = client.post(
        "/receipt.txt",
        data={
            "csrf_token": csrf_token(client.get("/status").get_data(as_text=True)),
            "receipt": receipt,
        },
    )
    assert page.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert receipt in response.get_data(as_text=True)


def test_a_confirmation_page_left_open_after_the_receipt_was_replaced_hands_over_nothing_dead(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    confirmation = client.get("/report/sent").get_data(as_text=True)  # left open in one tab
    open_status(client, receipt)  # in another: the receipt replaced
    post_form(client, "/status/replace-receipt", {"receipt": receipt})
    token = csrf_token(confirmation)
    for url in ("/receipt.txt", "/report/proof.txt"):
        pressed = client.post(url, data={"csrf_token": token, "receipt": receipt})
        # Not the old receipt as if it still worked, nor an error page that Back cannot cure:
        # the status page, where this browser's report (and its proof) is.
        assert pressed.status_code == 303 and pressed.headers["Location"] == "/status"
        assert "Content-Disposition" not in pressed.headers


def test_go_together_reports_wait(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client, together="together")
    report = only_report()
    assert report.go_together and report.escrow == "waiting"
    open_status(client, receipt)
    assert "Until someone does, your report stays locked" in status_page(client)


def test_i_dont_know_who_skips_the_go_together_question(client: FlaskClient, team: Team) -> None:
    submit_report(client, people=[])
    content = sealed_json(team, only_report())
    assert content["unknown"] is True and content["people"] == []


def test_add_another_person_keeps_what_was_typed(client: FlaskClient, team: Team) -> None:
    response = post_form(
        client,
        "/report/who",
        {"people-0-name": "DC Alice Brown", "add_person": "Add another person"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "DC Alice Brown" in html
    assert 'name="people-1-name"' in html


def who_after(client: FlaskClient, data: dict[str, str]) -> tuple[str, str]:
    """Post the who page; the fragment it lands at, and the page there."""
    response = post_form(client, "/report/who", data)
    assert response.status_code == 302
    path, _, fragment = response.headers["Location"].partition("#")
    assert path == "/report/who"
    return fragment, client.get(path).get_data(as_text=True)


def test_add_another_person_lands_at_the_new_persons_fields(
    client: FlaskClient, team: Team
) -> None:
    fragment, html = who_after(
        client, {"people-0-name": "DC Alice Brown", "add_person": "Add another person"}
    )
    assert fragment == "person-2"
    person = section(html, "person-2")
    assert person.tag == "fieldset" and person.find("legend")[0].words == "Person 2"
    assert person.find("input")[0].attrs["name"] == "people-1-name"
    fragment, html = who_after(
        client,
        {
            "people-0-name": "DC Alice Brown",
            "people-1-name": "PS Tom Hale",
            "add_person": "Add another person",
        },
    )
    assert fragment == "person-3" and 'name="people-2-name"' in html


@pytest.mark.parametrize(
    ("typed", "blank"),
    [
        ({}, 1),
        ({"people-0-name": "DC Alice Brown", "people-1-name": " "}, 2),
    ],
)
def test_add_another_person_with_the_last_person_blank_says_to_fill_it_in(
    client: FlaskClient, team: Team, typed: dict[str, str], blank: int
) -> None:
    # Adding beside a blank person showed the same page again, as if the button did nothing.
    html = refused(client, post_form(client, "/report/who", {**typed, "add_person": "Add"}))
    message = f"Enter something about person {blank} before adding another"
    assert errors(html) == [message]  # not also "Tell us about at least one person"
    assert field_error(html, f"people-{blank - 1}-name") == message
    assert f'name="people-{blank}-name"' not in html  # no person added
    assert f'href="#people-{blank - 1}-name"' in html  # the summary leads to the box


def test_at_the_most_people_the_page_says_why_it_offers_no_more(
    client: FlaskClient, team: Team
) -> None:
    four = {f"people-{n}-name": f"PC Officer {n}" for n in range(4)}
    _, html = who_after(client, {**four, "add_person": "Add another person"})  # the fifth
    assert 'name="people-4-name"' in html and "Add another person" not in html
    assert section(html, "add_person").words == (
        "You can name up to 5 people here. If more were involved, say so in what happened."
    )


def test_remove_lands_at_the_person_in_its_place_or_the_add_button(
    client: FlaskClient, team: Team
) -> None:
    three = {
        "people-0-name": "DC Alice Brown",
        "people-1-name": "PS Tom Hale",
        "people-2-name": "Insp Rui Vaz",
    }
    fragment, html = who_after(client, {**three, "remove": "1"})
    assert fragment == "person-2"  # Insp Rui Vaz, who took person 2's place
    assert section(html, "person-2").find("input")[0].attrs["value"] == "Insp Rui Vaz"
    two = {"people-0-name": "DC Alice Brown", "people-1-name": "Insp Rui Vaz"}
    fragment, html = who_after(client, {**two, "remove": "1"})
    assert fragment == "add_person"  # the last one went: the button just below the list
    assert section(html, "add_person").words == "Add another person"
    fragment, html = who_after(client, {"people-0-name": "DC Alice Brown", "remove": "0"})
    assert fragment == "person-1" and 'name="people-0-name"' in html


def test_remove_takes_one_person_out_and_keeps_the_others(client: FlaskClient, team: Team) -> None:
    two = {
        "people-0-name": "DC Alice Brown",
        "people-0-unit": "Lewisham CID",
        "people-1-name": "PS Tom Hale",
        "people-1-collar_number": "4471AB",
    }
    html = post_form(client, "/report/who", {**two, "remove": "0"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "DC Alice Brown" not in html and "Lewisham CID" not in html
    assert 'value="PS Tom Hale"' in html and 'value="4471AB"' in html
    assert 'name="people-0-name"' in html and 'name="people-1-name"' not in html
    # The draft keeps only the person left: coming back to the page shows just them.
    again = client.get("/report/who").get_data(as_text=True)
    assert 'value="PS Tom Hale"' in again and "Alice Brown" not in again


def test_removing_the_only_person_leaves_empty_fields(client: FlaskClient, team: Team) -> None:
    html = post_form(
        client,
        "/report/who",
        {"people-0-name": "DC Alice Brown", "remove": "0"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "DC Alice Brown" not in html and 'name="people-0-name"' in html
    assert "There is a problem" not in html  # removing is not a failed Continue


def test_enter_in_a_field_presses_continue_not_remove_or_add(
    client: FlaskClient, team: Team
) -> None:
    """A browser presses a form's first submit button when Enter is pressed in a field."""
    filled = {"people-0-name": "DC Alice Brown", "add_person": "Add another person"}
    html = post_form(client, "/report/who", filled, follow_redirects=True).get_data(as_text=True)
    first = form_buttons(html, "question")[0]
    assert (first.attrs["name"], first.attrs["value"]) == ("submit", "Continue")
    assert first.attrs["tabindex"] == "-1"


def test_taking_out_the_only_person_after_choosing_to_wait_sends_the_report_to_act_on_now(
    client: FlaskClient, team: Team
) -> None:
    """ "Only if someone else names the same person" means nothing once nobody is named: the
    report must not be held for ever, waiting for a match that cannot come."""
    what = {
        k: DEFAULT_REPORT[k] for k in ("categories", "when", "when_month", "where", "description")
    }
    post_form(client, "/report/what", what)
    post_form(client, "/report/who", {"people-0-name": "PS Jon Smyth", "submit": "Continue"})
    post_form(client, "/report/affected", {"affected": ["reporter"], "witnesses": ""})
    post_form(client, "/report/evidence", {"submit": "Continue"})
    post_form(client, "/report/together", {"together": "together"})
    # From check answers: change person 1 to nobody, "I don't know who it was".
    assert (
        post_form(client, "/report/who", {"unknown": "y", "submit": "Continue"}).status_code == 302
    )
    check = client.get("/report/check")
    assert check.status_code == 200 and "When to act" not in check.get_data(as_text=True)
    send_form(client, check.get_data(as_text=True))
    report = only_report()
    assert report.go_together is False and report.escrow == "none"


def test_sending_redirects_to_the_confirmation_which_a_reload_shows_again(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    first = client.get("/report/sent").get_data(as_text=True)
    again = client.get("/report/sent").get_data(as_text=True)  # reload
    assert heading(first) == "Report sent" and receipt_on(first) == receipt
    assert receipt_on(again) == receipt
    assert report_count() == 1


def test_back_to_check_answers_after_sending_shows_the_same_receipt(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    back = client.get("/report/check")
    assert back.status_code == 303
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert receipt_on(page) == receipt
    banner = section(page, "already-sent")
    assert banner.find(cls="govuk-notification-banner__heading")[0].words == (
        "Your report has already been sent"
    )
    # Calm and true: nothing was refused or failed, and where to go next.
    assert "does not send it a second time" in banner.words
    assert "not been sent again" not in banner.words
    assert [(a.words, a.attrs["href"]) for a in banner.find("a")] == [("start a new report", "/")]
    assert "Check your report" in [a.words for a in parse(page).find("a")]
    assert report_count() == 1


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("together", {"together": "now"}),
        ("affected", {"affected": "reporter"}),
        ("who", {"people-0-name": "PC Jon Smyth"}),
        ("evidence", {"continue": "Continue"}),
    ],
)
def test_a_later_question_answered_after_back_from_the_receipt_shows_the_receipt_again(
    client: FlaskClient, team: Team, page: str, data: dict[str, str]
) -> None:
    # Back from the receipt to a later question, then Continue: the report was sent, so the
    # same receipt, not a fresh draft missing its first answer (which said "timed out").
    receipt = submit_report(client)
    back = client.get(f"/report/{page}").get_data(as_text=True)
    banner = parse(back).find(cls="govuk-notification-banner")[0].words
    assert "This page belongs to the report you sent" in banner
    assert "Anything you enter now starts a new report" not in banner
    answered = client.post(f"/report/{page}", data={"csrf_token": csrf_token(back), **data})
    assert answered.headers["Location"] == "/report/sent?again=yes"
    shown = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert receipt_on(shown) == receipt and "timed out" not in shown
    assert section(shown, "already-sent") is not None
    assert report_count() == 1
    # The first question still starts a new report, and says so.
    first = parse(client.get("/report/what").get_data(as_text=True))
    assert (
        "Anything you enter now starts a new report"
        in first.find(cls="govuk-notification-banner")[0].words
    )


def test_the_first_question_from_a_tab_opened_before_sending_shows_the_receipt_again(
    client: FlaskClient, team: Team
) -> None:
    """Tab B had the first question open when tab A sent: Continue in tab B silently started a
    new report with what it held, and tab A's receipt could not be shown again."""
    walk_to_check(client, DEFAULT_REPORT)
    tab_b = client.get("/report/what").get_data(as_text=True)
    assert 'name="new_report"' not in tab_b
    sent = send_form(client, client.get("/report/check").get_data(as_text=True))
    receipt = receipt_on(client.get(sent.headers["Location"]).get_data(as_text=True))
    late = {
        "categories": DEFAULT_REPORT["categories"],
        "when": "unsure",
        "where": "",
        "description": "And he did it again on Friday.",
    }
    answered = client.post("/report/what", data={"csrf_token": csrf_token(tab_b), **late})
    assert answered.headers["Location"] == "/report/sent?again=yes"
    shown = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert receipt_on(shown) == receipt
    assert "nothing changed after sending, here or in another tab, was added" in " ".join(
        shown.split()
    )
    # The first question shown after sending says it starts a new report, and does.
    fresh = client.get("/report/what").get_data(as_text=True)
    assert 'name="new_report"' in fresh
    mark = re.search(r'name="new_report" value="(\w+)"', fresh)
    assert mark is not None
    started = client.post(
        "/report/what", data={"csrf_token": csrf_token(fresh), "new_report": mark[1], **late}
    )
    assert started.headers["Location"] == "/report/who"
    assert report_count() == 1
    # That page, kept open in a second tab while this second report is sent, names the first
    # report: sent again, it shows the second report's receipt, not a third report.
    second = submit_report(client)
    again = client.post(
        "/report/what", data={"csrf_token": csrf_token(fresh), "new_report": mark[1], **late}
    )
    assert again.headers["Location"] == "/report/sent?again=yes"
    assert receipt_on(client.get(again.headers["Location"]).get_data(as_text=True)) == second
    assert report_count() == 2


def test_the_back_link_is_in_a_landmark_of_its_own(client: FlaskClient, team: Team) -> None:
    """axe-core's "region": the back link sat outside every landmark on every page with one."""
    html = client.get("/report/what").get_data(as_text=True)
    [nav] = parse(html).find("nav", **{"aria-label": "Back"})
    assert [b.words for b in nav.find(cls="govuk-back-link")] == ["Back"]
    start = client.get("/").get_data(as_text=True)
    assert parse(start).find("nav", **{"aria-label": "Back"}) == []  # no link, no landmark


def test_a_resubmitted_send_form_lands_on_the_same_receipt(client: FlaskClient, team: Team) -> None:
    walk_to_check(client, DEFAULT_REPORT)
    check_html = client.get("/report/check").get_data(as_text=True)
    sent = send_form(client, check_html)
    assert sent.status_code == 303
    receipt = receipt_on(client.get(sent.headers["Location"]).get_data(as_text=True))
    repeat = send_form(client, check_html)  # the browser sends the old form again
    assert repeat.status_code == 303
    page = client.get(repeat.headers["Location"]).get_data(as_text=True)
    assert receipt_on(page) == receipt
    assert "Your report has already been sent" in page
    assert report_count() == 1


def test_two_sends_racing_from_the_same_browser_store_one_report(
    client: FlaskClient, team: Team
) -> None:
    """A double click without JavaScript: the second request carries the cookie from before
    the first one's answer arrived, and still gets the first one's receipt."""
    walk_to_check(client, DEFAULT_REPORT)
    check_html = client.get("/report/check").get_data(as_text=True)
    cookie_before = client.get_cookie("candour")
    assert cookie_before is not None
    first = send_form(client, check_html)
    receipt = receipt_on(client.get(first.headers["Location"]).get_data(as_text=True))
    client.set_cookie("candour", cookie_before.value)
    second = send_form(client, check_html)
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert receipt_on(page) == receipt
    assert report_count() == 1


def test_two_sends_at_once_store_one_report_and_both_show_its_receipt(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request has read the unsent answers when the first one commits: its swap of
    the draft fails, it stores nothing and shows the first one's receipt."""
    walk_to_check(client, DEFAULT_REPORT)
    check_html = client.get("/report/check").get_data(as_text=True)
    cookie = client.get_cookie("candour")
    assert cookie is not None
    second = client.application.test_client()
    second.set_cookie("candour", cookie.value)
    second_has_read, first_is_done = threading.Event(), threading.Event()
    real_mark_sent = drafts.mark_sent

    def mark_sent_after_the_first(expected: dict, confirmation: dict) -> bool:
        if threading.current_thread().name == "second":
            second_has_read.set()
            assert first_is_done.wait(timeout=60)
        return real_mark_sent(expected, confirmation)

    monkeypatch.setattr(drafts, "mark_sent", mark_sent_after_the_first)
    answers: dict[str, TestResponse] = {}
    thread = threading.Thread(
        target=lambda: answers.setdefault("second", send_form(second, check_html)), name="second"
    )
    thread.start()
    assert second_has_read.wait(timeout=60)
    first = send_form(client, check_html)
    first_is_done.set()
    thread.join(timeout=60)
    receipt = receipt_on(client.get(first.headers["Location"]).get_data(as_text=True))
    assert answers["second"].headers["Location"] == "/report/sent?again=yes"
    assert receipt_on(second.get("/report/sent").get_data(as_text=True)) == receipt
    assert report_count() == 1


def test_the_confirmation_cannot_be_opened_from_another_browser(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    other = client.application.test_client()
    response = other.get("/report/sent")
    assert response.status_code in (302, 303) and response.headers["Location"] == "/"


def test_the_receipt_is_never_in_the_cookie(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    app = client.application
    cookie = client.get_cookie("candour")
    assert cookie is not None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    stored = json.dumps(serializer.loads(cookie.value))
    assert receipt not in stored and receipt.replace("-", "") not in stored


def walk_to_check(client: FlaskClient, answers: dict) -> None:
    """Answer every question page, stopping at check answers (nothing sent)."""
    what = {k: answers[k] for k in ("categories", "when", "where", "description")}
    what["when_month"] = answers["when_month"]
    assert post_form(client, "/report/what", what).status_code == 302
    who = {f"people-0-{k}": v for k, v in answers["people"][0].items()}
    assert post_form(client, "/report/who", {**who, "submit": "Continue"}).status_code == 302
    affected = {"affected": answers["affected"]}
    assert post_form(client, "/report/affected", affected).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302


def test_a_report_sent_just_before_midnight_shows_its_receipt_just_after_it(
    client: FlaskClient, team: Team
) -> None:
    """Send pressed a second before midnight, its redirect followed a second after: the receipt,
    shown nowhere else, is shown (it was lost, the reporter sent back to the start)."""
    midnight = datetime.combine(RUN_DAY + timedelta(days=1), time()).astimezone()  # local
    with time_machine.travel(midnight - timedelta(seconds=30), tick=False) as clock:
        walk_to_check(client, DEFAULT_REPORT)
        check = client.get("/report/check").get_data(as_text=True)
        clock.move_to(midnight - timedelta(seconds=1))
        sent = client.post("/report/send", data=send_fields(check))
        clock.move_to(midnight + timedelta(seconds=1))
        shown = client.get(sent.headers["Location"]).get_data(as_text=True)
        # Kept alive by use, the session still shows it until the idle limit has passed since
        # midnight, and not after: by then no session left since Send can still be alive.
        clock.move_to(midnight + timedelta(minutes=20))
        later = client.get(sent.headers["Location"]).get_data(as_text=True)
        clock.move_to(midnight + timedelta(minutes=IDLE_MINUTES + 5))
        next_day = client.get(sent.headers["Location"])
    [report] = reports_in_order()
    assert report.received_on == RUN_DAY
    receipt = re.search(r'<p class="candour-receipt" id="receipt">([A-Z0-9-]+)</p>', shown)
    assert receipt and receipt[1] in later
    assert next_day.status_code == 302 and receipt[1] not in next_day.get_data(as_text=True)


def test_a_confirmation_from_an_earlier_day_is_not_shown_and_is_destroyed(
    client: FlaskClient, team: Team
) -> None:
    """A browser that restores yesterday's session (a shared device) gets no receipt."""
    walk_to_check(client, DEFAULT_REPORT)
    with client.session_transaction() as stored:
        cookie = dict(stored)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    with client.application.test_request_context():
        session.update(cookie)
        assert drafts.mark_sent(drafts.load(), {"receipt": "ABCD", "received_on": yesterday})
        db.session.commit()
    response = client.get("/report/sent")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert db.session.scalars(select(Draft)).all() == []


def described_by_nothing(html: str) -> list[str]:
    """Ids an ``aria-describedby`` names that are missing from the page or hold nothing."""
    named = {i for m in re.finditer(r'aria-describedby="([^"]+)"', html) for i in m[1].split()}
    empty = {m[1] for m in re.finditer(r'<div id="([^"]+)"[^>]*>\s*</div>', html)}
    return sorted(i for i in named if i in empty or f'id="{i}"' not in html)


def test_no_question_is_described_by_an_empty_hint(client: FlaskClient, team: Team) -> None:
    """govuk-frontend-wtf gave every radio and checkbox group a hint from the field's
    description, empty when it had none: "I don't know who it was" pointed a screen reader at
    an empty ``unknown-hint``. A hint the template gives is still there."""
    who = client.get("/report/who").get_data(as_text=True)
    assert 'id="unknown-hint"' not in who
    assert described_by_nothing(who) == []
    what = client.get("/report/what").get_data(as_text=True)
    assert "Select all that apply." in what
    assert described_by_nothing(what) == []
