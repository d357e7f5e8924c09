"""A refused team form whose typed text could not be kept (``triage.team.sessions``).

Two tabs of one session swap the sealed refused forms only if unchanged since read, and try again
when another tab swapped first. Before, after ``SWAPS_AT_MOST`` lost swaps the change was given up
without a word: the POST redirected to the page as if kept, the page showed the form empty, and
the note typed was lost. Now the caller is told (``RefusedFormsBusy``), the member is answered
with why it was refused and what they typed, and the give-up is logged without any content.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from intake.db import db
from tests.helpers import Team, reports_in_order, submit_report
from tests.test_case import act, case_url, staff
from tests.test_case_refusals import sent_again
from triage.models import Note, StaffSession
from triage.team import sessions

TYPED = "Spoke to PS Okafor about the rota on 3 March"


def lose_every_swap(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Another tab swaps the session's refused forms between every read and swap, so every swap
    is lost. Counts the reads."""
    opened = sessions._open_kept
    reads: list[int] = []

    def and_another_tab_swaps(key: bytes, row_id: str, what: str, sealed: Any) -> dict[str, Any]:
        kept = opened(key, row_id, what, sealed)
        if what == "refused":
            reads.append(1)
            db.session.execute(
                update(StaffSession)
                .where(StaffSession.id == row_id)
                .values(sealed_refused=os.urandom(48))
                .execution_options(synchronize_session=False)
            )
        return kept

    monkeypatch.setattr(sessions, "_open_kept", and_another_tab_swaps)
    return reads


@pytest.fixture
def every_swap_lost(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return lose_every_swap(monkeypatch)


def test_a_refused_note_that_cannot_be_kept_is_given_back_and_the_give_up_logged(
    app: Flask, team: Team, every_swap_lost: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    submit_report(app.test_client())
    report = reports_in_order()[0]
    lead = staff(app, team.lead, team)
    too_long = TYPED + " " + "x" * 10_000
    with caplog.at_level(logging.WARNING, logger="candour"):
        answer = act(lead, report, "notes", {"note_body": too_long})
    assert len(every_swap_lost) == sessions.SWAPS_AT_MOST

    # Answered at once, not redirected to a page that would show the form empty.
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "This was not saved" in html
    assert "Internal note must be 10,000 characters or fewer" in html  # why
    assert TYPED in html and "copy it before you leave this page" in html  # what was typed
    assert html.count('id="typed-1"') == 1  # one box to copy from, labelled
    assert f'href="{case_url(report)}#note-form"' in html  # back to the page
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0

    gave_up = [r.getMessage() for r in caplog.records if "swaps in a row" in r.getMessage()]
    assert gave_up == [
        f"refused forms not changed: {sessions.SWAPS_AT_MOST} swaps in a row lost to other tabs"
    ]
    assert not any(
        TYPED in r.getMessage() or report.reference in r.getMessage() for r in caplog.records
    )


def test_a_form_accepted_while_its_refusal_cannot_be_dropped_is_still_accepted(
    app: Flask, team: Team
) -> None:
    """``accepted`` also changes the refused forms: losing every swap there keeps a stale
    refusal a while longer, and must not refuse the member's accepted note."""
    submit_report(app.test_client())
    report = reports_in_order()[0]
    lead = staff(app, team.lead, team)
    refused = act(lead, report, "notes", {"note_body": TYPED + " " + "x" * 10_000})
    assert refused.status_code == 303
    page = lead.get(refused.headers["Location"]).get_data(as_text=True)
    with pytest.MonkeyPatch.context() as patch:
        reads = lose_every_swap(patch)
        assert sent_again(lead, report, "notes", page, {"note_body": TYPED}).status_code == 302
    assert len(reads) > sessions.SWAPS_AT_MOST  # the page's read, then every swap lost
    assert db.session.scalar(select(func.count()).select_from(Note)) == 1
