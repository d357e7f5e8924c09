"""Back on the status page's message and retaliation pages keeps what was typed, unsent, as
the journey's Back does: the pages are never cached, so the link lost a half-written message.
The status page then says the message has not been sent yet and offers it back."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report, ReporterSession
from tests.helpers import Team, open_status, press_back, submit_report, visible_text
from tests.journey_page import errors

HALF_WRITTEN = "On Friday the sergeant CANARYHALF said"


def the_report() -> Report:
    db.session.expire_all()
    return db.session.scalars(select(Report)).one()


def status_after_back(client: FlaskClient, url: str, data: dict[str, str]) -> str:
    """Press Back on ``url`` with ``data`` typed; the status page it leads to, as text."""
    gone = press_back(client, url, data)
    assert gone.status_code == 303 and gone.headers["Location"] == "/status"
    return visible_text(client.get("/status").get_data(as_text=True))


def test_back_from_a_message_keeps_it_unsent_and_the_status_page_offers_it_back(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    status = status_after_back(client, "/status/reply", {"body": HALF_WRITTEN})
    assert "Your message has not been sent yet. Go back to your message" in status
    page = client.get("/status/reply").get_data(as_text=True)
    assert HALF_WRITTEN in page and errors(page) == []
    assert "Your message has not been sent yet" in visible_text(page)
    assert the_report().messages == []
    for row in db.session.scalars(select(ReporterSession)):
        assert b"CANARYHALF" not in row.blob  # sealed, as every kept answer


def test_back_with_nothing_typed_forgets_an_older_copy(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    status_after_back(client, "/status/reply", {"body": HALF_WRITTEN})
    status = status_after_back(client, "/status/reply", {"body": "  "})
    assert "Your message has not been sent yet" not in status
    assert HALF_WRITTEN not in client.get("/status/reply").get_data(as_text=True)


def test_back_from_retaliation_keeps_it_and_marks_nothing_urgent(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    status = status_after_back(client, "/status/retaliation", {"details": HALF_WRITTEN})
    assert "What you wrote about retaliation has not been sent yet" in status
    assert HALF_WRITTEN in client.get("/status/retaliation").get_data(as_text=True)
    assert not the_report().urgent


def test_back_with_a_stale_token_shows_the_page_again_keeping_nothing(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    shown = client.post("/status/reply", data={"body": HALF_WRITTEN, "go": "back"})
    assert shown.status_code == 200
    assert HALF_WRITTEN in shown.get_data(as_text=True)  # still in the box, not stored
    status = visible_text(client.get("/status").get_data(as_text=True))
    assert "Your message has not been sent yet" not in status
