"""Two tabs adding a report's last file at the same moment add one, and the other is refused
(PostgreSQL): the files are counted in the database while holding the report's row. Before,
each counted the files it had read, both found room, and the report held one file too many."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from intake import followups, locks
from intake.db import db
from intake.models import Attachment, Report
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def text_file(name: str) -> dict[str, object]:
    data = f"Notes kept in {name}".encode()
    return {
        "filename": name,
        "media_type": "text/plain",
        "cleaned": True,
        "data": base64.b64encode(data).decode(),
    }


def test_two_tabs_adding_the_last_file_at_once_add_one(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(followups, "MAX_ATTACHMENTS", 2)
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    followups.add_evidence(report, text_file("first.txt"))
    report_id = report.id
    db.session.commit()

    backends: dict[str, int] = {}
    both_read, first_holds = threading.Barrier(2, timeout=TIMEOUT), threading.Event()
    count = locks.next_seq

    def count_then_hold(of: Report, model: type) -> int:
        """The first tab, having taken the last place, holds the report's row until the
        second waits for it."""
        seq = count(of, model)
        if threading.current_thread().name == "first":
            first_holds.set()
            until(lambda: waiting_for_a_lock(backends["second"]))
        return seq

    monkeypatch.setattr("intake.submission.next_seq", count_then_hold)
    outcomes: dict[str, str] = {}

    def run(name: str, after: Callable[[], bool]) -> None:
        with app.app_context():
            try:
                backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))
                tab = db.session.get_one(Report, report_id)
                assert len(tab.attachments) == 1  # read before either adds
                both_read.wait()
                assert after()
                followups.add_evidence(tab, text_file(f"{name}.txt"))
                outcomes[name] = "added"
            except followups.TooManyFiles:
                outcomes[name] = "refused"
                db.session.rollback()
            except BaseException as error:  # reported below
                outcomes[name] = repr(error)
                db.session.rollback()
                first_holds.set()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, name="first", args=("first", lambda: True)),
        threading.Thread(
            target=run, name="second", args=("second", lambda: first_holds.wait(TIMEOUT))
        ),
    ]
    run_to_the_end(threads)
    assert outcomes == {"first": "added", "second": "refused"}
    db.session.expire_all()
    files = db.session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.report_id == report_id)
    )
    assert files == 2
