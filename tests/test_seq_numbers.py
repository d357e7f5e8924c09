"""A report's thread lines, timeline events and files are numbered from the database, and no two
share a place (both backends)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from intake.db import db
from intake.locks import next_seq
from intake.models import Attachment, CaseEvent, Message, Report
from intake.submission import add_message, record_event
from tests.helpers import Team, submit_report

Numbered = type[Attachment] | type[Message] | type[CaseEvent]

# What each table needs besides its report and place (ids and force come from column defaults).
ROWS: dict[str, dict[str, Any]] = {
    "attachment": {"added_on": date.today(), "meta": b"", "data": b""},
    "message": {"from_reporter": True, "sent_on": date.today(), "body": b"", "reporter_copy": b""},
    "case_event": {"on": date.today(), "kind": "reporter_reply"},
}


def line(model: Numbered, report: Report, seq: int) -> dict[str, Any]:
    values = {"report_id": report.id, "seq": seq, **ROWS[model.__tablename__]}
    if model is not CaseEvent:
        values["uid"] = f"{model.__tablename__}-{seq}"
    return values


def test_the_next_place_is_counted_from_the_database_not_the_loaded_list(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """A line another request added after this session loaded the report still counts: the
    list this session loaded does not show it; the database does."""
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    assert [e.seq for e in report.events] == [1]  # "received", now loaded
    # Another request's line, written in its own transaction behind this session's back.
    with db.engine.begin() as connection:
        connection.execute(insert(CaseEvent).values(line(CaseEvent, report, 2)))
    assert [e.seq for e in report.events] == [1]  # the loaded list does not know of it
    record_event(report, "reporter_reply", "The reporter sent a message")
    add_message(report, "First", from_reporter=True)
    add_message(report, "Second", from_reporter=True)  # this transaction's own line counts too
    db.session.commit()
    db.session.expire_all()
    assert [e.seq for e in report.events] == [1, 2, 3]
    assert [m.seq for m in report.messages] == [1, 2]
    assert next_seq(report, Attachment) == 1
    db.session.rollback()


@pytest.mark.parametrize("model", [Attachment, Message, CaseEvent], ids=lambda m: m.__tablename__)
def test_the_database_refuses_two_lines_in_one_place(
    app: Flask, client: FlaskClient, team: Team, model: Numbered
) -> None:
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    db.session.execute(insert(model).values(line(model, report, 7)))
    db.session.commit()
    again = line(model, report, 7)
    if "uid" in again:
        again["uid"] += "-again"
    with pytest.raises(IntegrityError):
        db.session.execute(insert(model).values(again))
    db.session.rollback()
