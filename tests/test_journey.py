"""The reporter's whole journey through the Flask test client: report, receipt, status page,
reply, evidence, retaliation and replacing the receipt."""

from __future__ import annotations

import io
import json

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from intake import drafts
from intake.db import db
from intake.models import Draft, Report
from intake.sealing import open_sealed
from intake.submission import add_message
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    submit_report,
)


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


def test_the_draft_is_gone_once_the_report_is_sent(client: FlaskClient, team: Team) -> None:
    submit_report(client)
    assert db.session.scalars(select(Draft)).all() == []
    assert client.get("/report/check").status_code == 302  # nothing left to check


def test_the_receipt_is_shown_even_if_the_database_drops_after_the_report_is_saved(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one failure a test cannot cause with a real server at exactly this moment: the
    # report's own commit succeeded and the draft clean-up that follows it fails.
    def database_gone() -> None:
        raise OperationalError("DELETE FROM draft", {}, Exception("server closed the connection"))

    monkeypatch.setattr(drafts, "discard", database_gone)
    receipt = submit_report(client)
    assert len(db.session.scalars(select(Report)).all()) == 1
    assert "Your report" in open_status(client, receipt).get_data(as_text=True)


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
    assert wrong.replace("hello", "").count("could not find") == malformed.count("could not find")


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
    assert "is not one of the photos" in response.get_data(as_text=True)
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
        "/status/replace-receipt", data={"csrf_token": csrf_token(status_page(client))}
    )
    html = response.get_data(as_text=True)
    new_receipt = html.split('id="receipt">')[1].split("<")[0]
    assert new_receipt != receipt
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
            "csrf_token": csrf_token(post_form(client, "/status", {}).get_data(as_text=True)),
            "receipt": receipt,
        },
    )
    assert page.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert receipt in response.get_data(as_text=True)


def test_go_together_reports_wait(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client, together="together")
    report = only_report()
    assert report.go_together and report.escrow == "waiting"
    open_status(client, receipt)
    assert "held, locked, until that happens" in status_page(client)


def test_i_dont_know_who_skips_the_go_together_question(client: FlaskClient, team: Team) -> None:
    submit_report(client, people=[])
    content = sealed_json(team, only_report())
    assert content["unknown"] is True and content["people"] == []


def test_add_another_person_keeps_what_was_typed(client: FlaskClient, team: Team) -> None:
    response = post_form(
        client,
        "/report/who",
        {"people-0-name": "DC Alice Brown", "add_person": "Add another person"},
    )
    html = response.get_data(as_text=True)
    assert "DC Alice Brown" in html
    assert 'name="people-1-name"' in html
