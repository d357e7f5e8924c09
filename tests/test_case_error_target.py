"""Where the case page's error summary points: the form sent, or what stands in its place."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask

from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, refused
from tests.page_text import words
from tests.test_case import ACK, act, audit_actions, case_url, page_text, reported, staff
from tests.test_outcome_acknowledged_first import FIRST, TOLD
from triage.casework import closing
from triage.casework.checks import CLOSED
from triage.casework.iopc import IOPC_FIRST
from triage.views.case_error_target import OUTCOME_AFTER_IOPC, error_target

__all__ = ["reported"]  # a fixture, used by name


def case(
    *, acknowledged: bool = False, closed: bool = False, reporter: bool = False, iopc: bool = False
) -> Report:
    return Report(
        acknowledged_on=date(2026, 1, 2) if acknowledged else None,
        closed_on=date(2026, 1, 3) if closed else None,
        reporter_key=b"a reporter's key" if reporter else b"",
        iopc_flags="serious_assault" if iopc else None,
    )


def test_a_refused_form_still_on_the_page_is_linked_by_its_own_id() -> None:
    assert error_target("note", case(), [], [], []) == "note-form"
    assert error_target("assign_to_me", case(), [], [], []) == "assigned-to"
    assert error_target("stage", case(), [], [], []) == "stage-section"
    assert error_target(None, case(), [], [], []) == "actions"


def test_a_form_another_tab_overtook_links_to_what_replaced_it() -> None:
    assert error_target("acknowledge", case(acknowledged=True), [], [], []) == "clocks"
    assert error_target("close", case(closed=True), [], [], []) == "clocks"
    assert error_target("reopen", case(), [], [], []) == "clocks"
    assert error_target("reopen", case(closed=True), [], [], []) == "reopen-form"
    assert error_target("outcome", case(closed=True), [], [], []) == "actions"


def test_an_outcome_before_the_acknowledgement_links_to_work_the_case() -> None:
    """The page says to acknowledge first in place of the outcome form: what was typed is shown
    under "Work the case", above the Acknowledge form."""
    assert error_target("outcome", case(reporter=True), [], [], []) == "actions"
    acknowledged = case(acknowledged=True, reporter=True)
    assert error_target("outcome", acknowledged, [], [], []) == "outcome-section"
    assert error_target("outcome", case(), [], [], []) == "outcome-section"  # nobody to tell


def test_an_outcome_while_an_iopc_decision_is_owed_links_to_the_note_in_its_place() -> None:
    for report in (case(iopc=True, reporter=True), case(iopc=True, acknowledged=True)):
        assert error_target("outcome", report, [], [], []) == OUTCOME_AFTER_IOPC
    assert error_target("outcome", case(iopc=True, closed=True), [], [], []) == "actions"


def test_a_possible_match_links_to_its_form_or_to_where_its_judgement_went() -> None:
    assert error_target("possible-7", case(), [7, 8], [], []) == "possible-7"
    assert error_target("possible-7", case(), [8], [7], []) == "judged-same"
    assert error_target("possible-7", case(), [8], [], [7]) == "judged-different"
    assert error_target("possible-7", case(), [8], [], []) == "possible"
    assert error_target("possible-7", case(), [], [], []) == "clocks"
    assert error_target("possible-x", case(), [], [], []) == "clocks"


# --- on the page: every link of the error summary leads to something there --------------------


def summary_links(html: str) -> list[tuple[str, str]]:
    """The error summary's links, as (the id each leads to, its words)."""
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    return [
        (target, words(text))
        for target, text in re.findall(r'<a href="#([^"]+)"[^>]*>(.*?)</a>', summary, re.S)
    ]


def leads_somewhere(html: str, links: list[tuple[str, str]]) -> bool:
    return all(f'id="{target}"' in html for target, _ in links)


NO_REASON = {"outcome": "no_further_action", "outcome_message": TOLD, "outcome_reason": ""}


def test_an_outcome_with_a_mistake_on_an_unacknowledged_report_says_to_acknowledge_first(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Sent without a reason from a page that still showed the outcome form (or forged): the page
    it comes back to shows no outcome form, so its reason box is nowhere to lead to. The summary
    says to acknowledge first and leads to "Work the case", where what was typed is shown above
    the Acknowledge form."""
    _, report = reported
    lead = staff(app, team.lead, team)
    posted = act(lead, report, "outcome", NO_REASON)
    assert posted.headers["Location"].endswith("#actions")
    html = refused(lead, posted, case_url(report))
    links = summary_links(html)
    assert links == [("actions", FIRST)] and leads_somewhere(html, links)
    assert 'name="outcome_reason"' not in html and 'id="outcome-acknowledge-first"' in html
    assert TOLD in html  # what was typed is not lost
    assert html.index('id="unsaved"') < html.index('id="acknowledge-form"')
    assert "outcome_recorded" not in audit_actions() and report.outcome is None


def test_an_outcome_with_a_mistake_on_a_case_closed_meanwhile_says_it_is_closed(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    token = csrf_token(page_text(lead, report))  # the page with the outcome form
    closing.close(report, team.lead, "Closed in another tab")
    db.session.commit()
    posted = lead.post(case_url(report, "outcome"), data={"csrf_token": token, **NO_REASON})
    html = refused(lead, posted, case_url(report))
    links = summary_links(html)
    assert links == [("actions", CLOSED)] and leads_somewhere(html, links)
    assert TOLD in html


def test_an_outcome_with_a_mistake_still_on_the_page_leads_to_its_box(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    html = refused(lead, act(lead, report, "outcome", NO_REASON), case_url(report))
    links = summary_links(html)
    assert links == [("outcome_reason", "Give the reason for the outcome")]
    assert leads_somewhere(html, links)


def test_an_outcome_with_a_mistake_while_an_iopc_decision_is_owed_says_so(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    report.iopc_flags = "serious_assault"  # as triage raises it at submission
    db.session.commit()
    html = refused(lead, act(lead, report, "outcome", NO_REASON), case_url(report))
    links = summary_links(html)
    assert links == [(OUTCOME_AFTER_IOPC, IOPC_FIRST)] and leads_somewhere(html, links)
    assert 'name="outcome_reason"' not in html
    assert TOLD in html  # what was typed is not lost
    assert html.index(f'id="{OUTCOME_AFTER_IOPC}"') < html.index('id="unsaved"')


def test_an_outcome_in_full_while_an_iopc_decision_is_owed_keeps_what_was_typed(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Sent from a page shown before triage's flag was seen (or by a caseworker who missed the
    note): refused by ``record_outcome``, with the reason and message shown below the note."""
    _, report = reported
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    report.iopc_flags = "serious_assault"
    db.session.commit()
    reason = "Two colleagues corroborated the account given"
    posted = act(lead, report, "outcome", {**NO_REASON, "outcome_reason": reason})
    html = refused(lead, posted, case_url(report))
    links = summary_links(html)
    assert links == [(OUTCOME_AFTER_IOPC, IOPC_FIRST)] and leads_somewhere(html, links)
    assert reason in html and TOLD in html
    assert "outcome_recorded" not in audit_actions() and report.outcome is None
