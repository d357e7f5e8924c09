"""Two tabs (or two leads) closing, or reopening, one case at the same moment (PostgreSQL): it is
done once, and the later one is refused saying so, its reason shown on the case to copy. Both
found the case as their page showed it and both did it, each reason recorded, the case closed
(or reopened) twice over."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.conftest import schema_url
from tests.helpers import Team, add_member, csrf_token, submit_report
from tests.page_text import words
from tests.test_case import audit_actions, case_url, staff
from tests.test_seq_race import TIMEOUT, run_to_the_end
from triage.models import Note
from triage.views import case_access, case_actions, case_confirm


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time."""
    return schema_url(postgres_schema)


def at_once(
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    sends: list[tuple[FlaskClient, str, dict[str, str]]],
) -> list[tuple[int, str]]:
    """Post each form from its own thread, both having found the case before either acts."""
    both_found = threading.Barrier(len(sends), timeout=TIMEOUT)
    find = case_access.case_or_abort

    def find_together(reference: str) -> Report:
        found = find(reference)
        both_found.wait()
        return found

    monkeypatch.setattr(module, "case_or_abort", find_together)
    answers: list[tuple[int, str]] = []

    def send(client: FlaskClient, url: str, form: dict[str, str]) -> None:
        response = client.post(url, data=form)
        answers.append((response.status_code, response.headers.get("Location", "")))

    threads = [threading.Thread(target=send, args=sent) for sent in sends]
    run_to_the_end(threads)
    monkeypatch.undo()
    return sorted(answers)


def reasons(kind: str) -> int:
    return len(db.session.scalars(select(Note).where(Note.kind == kind)).all())


def test_two_closes_at_once_close_the_case_once(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    lead, other_lead = staff(app, team.lead, team), staff(app, add_member("lead", team), team)
    sends = [
        (
            client,
            case_url(report, "close"),
            {
                "csrf_token": csrf_token(client.get(case_url(report, "close")).get_data(True)),
                "close_reason": reason,
            },
        )
        for client, reason in ((lead, "Withdrawn"), (other_lead, "Resolved with the inspector"))
    ]
    answers = at_once(monkeypatch, case_confirm, sends)
    assert [status for status, _ in answers] == [302, 303]
    assert answers[1][1].endswith("#clocks")  # refused on the case, at its clocks
    db.session.expire_all()
    assert audit_actions().count("closed") == 1 and reasons("close_reason") == 1
    shown = " ".join(
        words(client.get(answers[1][1]).get_data(as_text=True)) for client in (lead, other_lead)
    )
    assert "This case was already closed, so your reason was not recorded" in shown


def test_two_reopenings_at_once_reopen_the_case_once(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    lead, other_lead = staff(app, team.lead, team), staff(app, add_member("lead", team), team)
    token = csrf_token(lead.get(case_url(report, "close")).get_data(as_text=True))
    closing = {"csrf_token": token, "close_reason": "Withdrawn"}
    assert lead.post(case_url(report, "close"), data=closing).status_code == 302
    sends = []
    for client, reason in ((lead, "New evidence"), (other_lead, "The reporter wrote again")):
        page = client.get(case_url(report)).get_data(as_text=True)
        sends.append(
            (
                client,
                case_url(report, "reopen"),
                {
                    "csrf_token": csrf_token(page),
                    "reopen_reason": reason,
                },
            )
        )
    answers = at_once(monkeypatch, case_actions, sends)
    assert [status for status, _ in answers] == [302, 303]
    assert answers[1][1].endswith("#clocks")
    db.session.expire_all()
    assert audit_actions().count("reopened") == 1 and reasons("reopen_reason") == 1
    shown = " ".join(
        words(client.get(answers[1][1]).get_data(as_text=True)) for client in (lead, other_lead)
    )
    assert "This case was already reopened, so your reason was not recorded" in shown
