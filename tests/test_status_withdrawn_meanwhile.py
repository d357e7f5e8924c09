"""What a reporter adds while their report is withdrawn in another tab, or reaches its
retention date, is not added: a file can take half a minute to clean, and the page checked the
report only when the request began. Before, the file, message or word of retaliation was sealed
onto a case whose content had just been destroyed, and kept for good."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake import followups
from intake.db import db
from intake.models import Report
from intake.sealing import TeamPrivateKey
from intake.submission import reporter_private_key
from intake.views.status import additions
from tests.helpers import Team, open_status, post_upload, submit_report, visible_text


def withdraw_and_destroy_elsewhere(app: Flask) -> None:
    """Another tab withdraws the report and has its content deleted now (its own session)."""
    with app.app_context():
        report = db.session.scalars(select(Report)).one()
        followups.withdraw(report, "", destroy_now=True)
        db.session.remove()


def reporter_key() -> TeamPrivateKey:
    """Any reporter key: the report is refused before its files are read."""
    return reporter_private_key(bytes(32))


def the_report() -> Report:
    db.session.expire_all()
    return db.session.scalars(select(Report)).one()


def text_file() -> dict[str, object]:
    data = b"Notes of what was said on 3 March"
    return {
        "filename": "notes.txt",
        "media_type": "text/plain",
        "cleaned": True,
        "data": base64.b64encode(data).decode(),
    }


@pytest.mark.parametrize(
    "add",
    [
        lambda report: followups.add_evidence(report, text_file(), reporter_key()),
        lambda report: followups.reply(report, "One more thing: his name is CANARY"),
        lambda report: followups.report_retaliation(report, "CANARY moved me off the team"),
    ],
    ids=["evidence", "reply", "retaliation"],
)
def test_nothing_is_added_to_a_report_withdrawn_meanwhile(
    app: Flask, team: Team, add: Callable[[Report], Any]
) -> None:
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()  # read as the page was opened
    assert followups.takes_additions(report)
    withdraw_and_destroy_elsewhere(app)
    with pytest.raises(followups.NotTaken):
        add(report)
    db.session.rollback()
    report = the_report()
    assert report.content_destroyed_on is not None
    assert (report.attachments, report.messages, report.urgent) == ([], [], False)


def test_a_file_whose_report_is_withdrawn_while_it_is_cleaned_is_not_added(
    app: Flask, client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_status(client, submit_report(client))
    clean = additions.read_upload

    def withdrawn_while_cleaning(*args: Any, **kwargs: Any) -> dict[str, Any]:
        cleaned = clean(*args, **kwargs)
        withdraw_and_destroy_elsewhere(app)
        return cleaned

    monkeypatch.setattr(additions, "read_upload", withdrawn_while_cleaning)
    sent = post_upload(
        client,
        "/status/evidence",
        {"upload": "Add evidence", "file": (io.BytesIO(b"Notes of 3 March"), "notes.txt")},
    )
    assert sent.status_code == 302 and sent.headers["Location"] == "/status"
    assert "Your file was not added" in visible_text(client.get("/status").get_data(as_text=True))
    assert the_report().attachments == []
