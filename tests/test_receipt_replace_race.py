"""Two tabs replacing one report's receipt at the same moment (PostgreSQL): the report's row is
locked and read again first, so one tab replaces it and the other, finding the key it was given
no longer the report's, does nothing. Before, each re-sealed what it had read and showed its own
new receipt, and only the one committed last opened the report."""

from __future__ import annotations

import threading

import pytest
from flask import Flask, current_app
from sqlalchemy import select, text

from intake import followups, receipts
from intake.db import db
from intake.models import Report
from intake.sealing import TeamPrivateKey
from intake.submission import reporter_private_key
from tests.conftest import schema_url
from tests.helpers import Team, submit_report
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


def key_of(receipt: str) -> TeamPrivateKey:
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    return reporter_private_key(receipts.reporter_key_material(secret, receipt))


def test_two_tabs_replacing_the_receipt_at_once_leave_one_that_works(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    receipt = submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    followups.reply(report, "The rota was changed again")
    report_id = report.id
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    old_key = key_of(receipt)
    db.session.commit()

    backends: dict[str, int] = {}
    both_read, first_holds = threading.Barrier(2, timeout=TIMEOUT), threading.Event()
    record = followups.record_event

    def record_then_hold(of: Report, kind: str, detail: str = "") -> None:
        record(of, kind, detail)
        if threading.current_thread().name == "first":
            first_holds.set()
            until(lambda: waiting_for_a_lock(backends["second"]))

    monkeypatch.setattr(followups, "record_event", record_then_hold)
    outcomes: dict[str, str | None] = {}

    def run(name: str) -> None:
        with app.app_context():
            try:
                backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))
                tab = db.session.get_one(Report, report_id)
                assert len(tab.messages) == 1  # both tabs read the report before either acts
                both_read.wait()
                if name == "second":
                    assert first_holds.wait(TIMEOUT)
                outcomes[name] = followups.replace_receipt(tab, old_key, secret)
            except BaseException as error:  # reported below
                outcomes[name] = repr(error)
                db.session.rollback()
                first_holds.set()
            finally:
                db.session.remove()

    run_to_the_end(
        [threading.Thread(target=run, name=name, args=(name,)) for name in ("first", "second")]
    )
    new = outcomes["first"]
    assert isinstance(new, str) and receipts.normalise(new), outcomes
    assert outcomes["second"] is None
    db.session.expire_all()
    stored = db.session.get_one(Report, report_id)
    assert stored.receipt_hash == receipts.receipt_hash(secret, new)
    assert [m.text for m in followups.read_thread(stored, key_of(new))] == [
        "The rota was changed again"
    ]
