"""Casework on a case whose content was destroyed after the page was opened (the reporter
withdrew and had it deleted, or retention reached it) is refused: the case's row is locked and
read again first. Before, the note or message was sealed onto the destroyed case, to outlive the
policy that destroyed it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from intake import followups
from intake.db import db
from intake.models import Report
from tests.helpers import Team, submit_report
from triage.casework import writing
from triage.casework.checks import CaseworkError
from triage.models import Member


def destroyed_elsewhere(app: Flask) -> None:
    with app.app_context():
        report = db.session.scalars(select(Report)).one()
        followups.withdraw(report, "", destroy_now=True)
        db.session.remove()


@pytest.mark.parametrize(
    "act",
    [
        lambda report, lead: writing.add_note(
            report, lead, "Spoke to CANARY's line manager", management_action=False
        ),
        lambda report, lead: writing.message_reporter(report, lead, "Can you tell us more?"),
    ],
    ids=["note", "message"],
)
def test_nothing_is_sealed_onto_a_case_destroyed_after_its_page_was_opened(
    app: Flask, team: Team, act: Callable[[Report, Member], Any]
) -> None:
    submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()  # as the case page read it
    assert report.content_destroyed_on is None
    destroyed_elsewhere(app)
    with pytest.raises(CaseworkError, match="content was destroyed"):
        act(report, team.lead)
    db.session.rollback()
    db.session.expire_all()
    report = db.session.scalars(select(Report)).one()
    assert report.content_destroyed_on is not None
    assert report.messages == []
