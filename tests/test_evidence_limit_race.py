"""Two tabs adding a file to one report at the same moment (PostgreSQL): the report's files are
counted and compared in the database while holding its row, so of two adding the last place,
or the same file, one is added and the other refused. Before, each looked at the files it had
read, both found room (or no twin), and both were added."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable

import pytest
from flask import Flask, current_app
from sqlalchemy import func, select, text

from intake import followups, locks, receipts
from intake.db import db
from intake.models import Attachment, Report
from intake.sealing import TeamPrivateKey
from intake.submission import reporter_private_key
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def text_file(name: str, content: str) -> dict[str, object]:
    return {
        "filename": name,
        "media_type": "text/plain",
        "cleaned": True,
        "data": base64.b64encode(content.encode()).decode(),
    }


def two_tabs_add(
    app: Flask, monkeypatch: pytest.MonkeyPatch, file_of: Callable[[str], dict[str, object]]
) -> dict[str, str]:
    """A report holding one file; two tabs, having read it, each add ``file_of(tab)``: the
    first holds the report's row, having taken its place, until the second waits for it."""
    receipt = submit_report(app.test_client())
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    key: TeamPrivateKey = reporter_private_key(receipts.reporter_key_material(secret, receipt))
    report = db.session.scalars(select(Report)).one()
    followups.add_evidence(report, text_file("earlier.txt", "Rota for March"), key)
    report_id = report.id
    db.session.commit()

    backends: dict[str, int] = {}
    both_read, first_holds = threading.Barrier(2, timeout=TIMEOUT), threading.Event()
    count = locks.next_seq

    def count_then_hold(of: Report, model: type) -> int:
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
                followups.add_evidence(tab, file_of(name), key)
                outcomes[name] = "added"
            except (followups.TooManyFiles, followups.AlreadyAdded) as refused:
                outcomes[name] = type(refused).__name__
                db.session.rollback()
            except BaseException as error:  # reported below
                outcomes[name] = repr(error)
                db.session.rollback()
                first_holds.set()
            finally:
                db.session.remove()

    run_to_the_end(
        [
            threading.Thread(target=run, name="first", args=("first", lambda: True)),
            threading.Thread(
                target=run, name="second", args=("second", lambda: first_holds.wait(TIMEOUT))
            ),
        ]
    )
    db.session.expire_all()
    files = db.session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.report_id == report_id)
    )
    assert files == 2
    return outcomes


def test_two_tabs_adding_the_last_file_at_once_add_one(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(followups, "MAX_ATTACHMENTS", 2)
    outcomes = two_tabs_add(app, monkeypatch, lambda tab: text_file(f"{tab}.txt", tab))
    assert outcomes == {"first": "added", "second": "TooManyFiles"}


def test_two_tabs_adding_the_same_file_at_once_add_it_once(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = two_tabs_add(app, monkeypatch, lambda tab: text_file(f"{tab}.txt", "Same notes"))
    assert outcomes == {"first": "added", "second": "AlreadyAdded"}
