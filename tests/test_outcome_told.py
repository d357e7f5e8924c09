"""Recording an outcome tells the reporter what was decided: a message in their thread, which is
the feedback the 3-month clock waits for, and the outcome in plain words on their status page.
The reason stays an internal note. An outcome alone, told to nobody, meets no clock and no
oversight figure; only a report with no reporter's key has nobody to tell, so none is asked for."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from intake import vocabulary as reporter_words
from intake.db import db
from intake.models import Report
from tests.helpers import Team, open_status, visible_text
from tests.test_case import ACK, act, page_text, refused_act, reported, staff
from triage.casework import closing, outcome, stages, vocabulary
from triage.casework.checks import CaseworkError
from triage.oversight.clock_counts import open_updates
from triage.oversight.measures import Period

REASON = "Internal: the sergeant's account was corroborated by two PCs."
TOLD = "We spoke to the people involved and decided no formal action will follow."

__all__ = ["reported"]  # a fixture, used by name


def test_every_outcome_has_words_for_the_reporter() -> None:
    assert set(reporter_words.OUTCOMES_TOLD) == set(vocabulary.OUTCOMES)
    for label, meaning in reporter_words.OUTCOMES_TOLD.values():
        for team_words in ("gross misconduct", "barred list", "RPRP", "Staff procedure:"):
            assert team_words not in label + meaning


def test_the_reporter_is_told_the_outcome_and_never_its_reason(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    nothing_said = {"outcome": "no_further_action", "outcome_reason": REASON}
    assert "Write what to tell the reporter about the outcome" in refused_act(
        lead, report, "outcome", nothing_said
    )
    dot = refused_act(lead, report, "outcome", {**nothing_said, "outcome_message": "ok ok ok ok"})
    assert "at least 4 different words" in dot
    assert report.outcome is None and report.feedback_on is None

    sent = act(lead, report, "outcome", {**nothing_said, "outcome_message": TOLD})
    assert sent.status_code == 302
    assert report.outcome == "no_further_action" and report.feedback_on == date.today()
    assert "The team told the reporter the outcome" in page_text(lead, report)

    status = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert "Outcome No further action" in status
    assert reporter_words.OUTCOMES_TOLD["no_further_action"][1] in status
    assert TOLD in status
    assert "corroborated" not in status and "Internal" not in status


def test_an_outcome_on_a_withdrawn_report_whose_content_is_kept_is_still_told(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    """A withdrawn report keeps its content until retention, and its receipt still opens the
    status page, which shows the outcome: so the reporter is told it, as on any other report,
    and only that meets the clock."""
    receipt, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    report.withdrawn_on = date.today()  # as ``followups.withdraw`` leaves it, content kept
    closing.close(report, team.lead, "The reporter withdrew.")
    closing.reopen(report, team.lead, "The conduct is serious enough to pursue.")
    db.session.commit()
    page = visible_text(page_text(lead, report))
    assert "What to tell the reporter" in page and "nobody can be told the outcome" not in page
    untold = {"outcome": "no_further_action", "outcome_reason": REASON}
    refused = refused_act(lead, report, "outcome", untold)
    assert outcome.TELL_THE_REPORTER in refused
    assert report.outcome is None

    told = {"outcome": "no_further_action", "outcome_reason": REASON, "outcome_message": TOLD}
    act(lead, report, "outcome", told)
    assert report.outcome == "no_further_action" and report.feedback_on == date.today()
    assert TOLD in visible_text(open_status(client, receipt).get_data(as_text=True))


def test_an_outcome_on_a_case_with_no_reporter_says_there_is_nobody_to_tell(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """An outcome needs an open case, and an open case has its content, so the only case with
    nobody to tell is one with no reporter's key: it was said "the reporter withdrew the
    report", and the form that its content was deleted, neither of which was so."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    report.reporter_key = b""  # as a row made for the figures alone
    db.session.commit()
    page = visible_text(page_text(lead, report))
    assert "There is no reporter to tell on this case" in page
    assert "were deleted" not in page and "What to tell the reporter" not in page

    sent = act(lead, report, "outcome", {"outcome": "no_further_action", "outcome_reason": REASON})
    assert sent.status_code == 302
    assert report.outcome == "no_further_action" and report.feedback_on is None
    said = visible_text(page_text(lead, report))
    assert f"Outcome recorded. {outcome.NOBODY_TO_TELL}." in said
    assert "Nobody was told: there is no reporter to tell on this case" in said
    assert "withdrew" not in said


def test_an_outcome_alone_is_no_update_in_the_oversight_figure(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Of the open cases whose feedback was due, those updated lately: an outcome recorded with
    nobody to tell is not news to a reporter; the message telling one is."""
    _, report = reported
    with time_machine.travel(datetime(2027, 1, 15, 12, tzinfo=UTC), tick=False):
        report.received_on = date(2026, 10, 1)
        stages.acknowledge(report, team.lead)
        report.acknowledged_on = date(2026, 10, 2)
        reporters_key, report.reporter_key = report.reporter_key, b""  # nobody to tell
        outcome.record_outcome(report, team.lead, "no_further_action", REASON, told="")
        db.session.commit()
        as_at = date.today()
        period = Period(date(2026, 4, 1), as_at)
        assert open_updates(period, as_at) == (0, 1)

        report.reporter_key = reporters_key
        outcome.record_outcome(report, team.lead, "rprp", REASON, told=TOLD)
        db.session.commit()
        assert open_updates(period, as_at) == (1, 1)


def test_the_operation_refuses_an_outcome_with_nothing_told(
    team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    stages.acknowledge(report, team.lead)
    with pytest.raises(CaseworkError, match="what to tell the reporter"):
        outcome.record_outcome(report, team.lead, "no_further_action", REASON, told="  ")


def _said_at(html: str, field: str, words: str) -> bool:
    """Whether the case page says ``words`` at the box ``field`` (inline, "Error:" first, its
    form group marked in error), and its error summary leads to that box."""
    group = re.search(
        r'<div class="govuk-form-group govuk-form-group--error[^"]*"[^>]*>'
        r"(?:(?!</textarea>|<select).)*"
        rf'id="{field}-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>\s*'
        rf"{re.escape(words)}",
        html,
        re.S,
    )
    return group is not None and f'href="#{field}"' in html and f'id="{field}"' in html


@pytest.mark.parametrize("told", ["", "ok ok ok ok"])
def test_what_to_tell_the_reporter_is_asked_for_at_its_box(
    app: Flask, team: Team, reported: tuple[str, Report], told: str
) -> None:
    """As the message form does: the error at the box, its group marked, and the summary leading
    to the box (not to the whole outcome section), in the section shown open."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    sent = {"outcome": "no_further_action", "outcome_reason": REASON, "outcome_message": told}
    html = refused_act(lead, report, "outcome", sent)
    words = outcome.TELL_THE_REPORTER if not told else outcome.TOO_SHORT_TO_TELL
    assert _said_at(html, "outcome_message", words)
    assert 'href="#outcome-section"' not in html
    assert re.search(r'<details class="govuk-details"[^>]*open', html)
    assert report.outcome is None


def test_what_to_tell_the_reporter_is_marked_required_as_the_other_outcome_fields_are(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Required by the server, but only the outcome and its reason said so to assistive
    technology (a walker found the box announced as optional)."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    html = page_text(lead, report)
    for field in ("outcome", "outcome_reason", "outcome_message"):
        tag = re.search(rf'<(?:select|textarea|input)[^>]*\bid="{field}"[^>]*>', html)
        assert tag is not None and re.search(r"\brequired\b", tag.group()), field


def test_every_outcome_field_missing_is_said_at_once(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    html = refused_act(lead, report, "outcome", {})
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    for field, words in (
        ("outcome", "Select the outcome"),
        ("outcome_reason", "Give the reason for the outcome"),
        ("outcome_message", outcome.TELL_THE_REPORTER),
    ):
        assert f'href="#{field}"' in summary and words in summary
        assert f'id="{field}-error"' in html


def test_the_reporter_is_told_their_report_is_looked_at_again_after_its_outcome(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    """Reopened, the case's outcome is set aside and the status page stops showing it, while the
    thread's latest message still announces it: the page says the team is looking at the report
    again (never the internal reason), until the case closes or a new outcome is recorded."""
    receipt, report = reported
    stages.acknowledge(report, team.lead)
    outcome.record_outcome(report, team.lead, "no_further_action", REASON, told=TOLD)
    db.session.commit()

    def status() -> str:
        return visible_text(open_status(client, receipt).get_data(as_text=True))

    assert reporter_words.LOOKED_AT_AGAIN not in status()
    closing.close(report, team.lead, "Done.")
    db.session.commit()
    assert reporter_words.LOOKED_AT_AGAIN not in status()

    closing.reopen(report, team.lead, "Internal: a second witness came forward.")
    db.session.commit()
    page = status()
    assert "Outcome No further action" not in page and "Being assessed" in page
    assert reporter_words.LOOKED_AT_AGAIN in page
    assert "witness" not in page and "Internal" not in page

    outcome.record_outcome(report, team.lead, "rprp", REASON, told=TOLD + " Now changed.")
    db.session.commit()
    assert reporter_words.LOOKED_AT_AGAIN not in status()


def test_a_case_reopened_with_no_outcome_is_not_said_to_be_looked_at_again(
    client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    stages.acknowledge(report, team.lead)
    closing.close(report, team.lead, "Nothing to act on.")
    closing.reopen(report, team.lead, "Reconsidered.")
    db.session.commit()
    page = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert reporter_words.LOOKED_AT_AGAIN not in page
