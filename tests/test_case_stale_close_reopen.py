"""A close or reopen sent from a tab left open after another tab (or another lead) already did it,
or did it and undid it, is refused saying so: never applied a second time, and the reason typed
is never lost (shown to copy, escaped, kept nowhere readable and never logged)."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.models import Report
from tests.helpers import Team, csrf_token, refused
from tests.page_text import words
from tests.test_case import act, audit_actions, case_url, reported, staff
from tests.test_case_refusals import readable_in_the_database

__all__ = ["reported"]  # the fixture, used here by name

# Markup in the reason, to show it comes back as text.
TYPED = "New evidence <b>from PS O'Neil</b> on 3 March"
ESCAPED = "New evidence &lt;b&gt;from PS O&#39;Neil&lt;/b&gt; on 3 March"


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    return found.group(1) if found else ""


def close_now(client: FlaskClient, report: Report, reason: str = "Withdrawn") -> None:
    assert act(client, report, "close", {"close_reason": reason}).status_code == 302
    assert report.closed_on is not None


def reopen_now(client: FlaskClient, report: Report) -> None:
    done = act(client, report, "reopen", {"reopen_reason": "Reopened elsewhere"})
    assert done.status_code == 302 and report.closed_on is None


def test_a_reopen_reason_sent_after_another_tab_reopened_the_case_is_shown_to_copy(
    app: Flask, team: Team, reported: tuple[str, Report], caplog: pytest.LogCaptureFixture
) -> None:
    # The reopen form left open in one tab while another reopened the case: its reason, typed
    # at length, was dropped with a bare "already open".
    caplog.set_level(logging.DEBUG)
    _, report = reported
    lead = staff(app, team.lead, team)
    close_now(lead, report)
    stale = lead.get(case_url(report)).get_data(as_text=True)  # the tab left open
    reopen_now(lead, report)
    sent = {
        "csrf_token": csrf_token(stale),
        "reopen_seen": hidden(stale, "reopen_seen"),
        "reopen_reason": TYPED,
    }
    html = refused(lead, lead.post(case_url(report, "reopen"), data=sent), case_url(report))
    assert "This case was already reopened, so your reason was not recorded" in words(html)
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["clocks"]
    after_clocks = html[html.index('id="clocks"') :]
    assert 'id="unsaved"' in after_clocks and ESCAPED in after_clocks
    assert "<b>from" not in html
    assert audit_actions().count("reopened") == 1 and report.closed_on is None
    assert not readable_in_the_database("from PS O'Neil")
    assert "O'Neil" not in caplog.text and "O&#39;Neil" not in caplog.text
    assert "O&#39;Neil" not in lead.get(case_url(report)).get_data(as_text=True)  # afresh

    # Sent again with no reason (nothing to lose), it says plainly that the case is open.
    empty = {"csrf_token": csrf_token(stale), "reopen_reason": ""}
    again = lead.post(case_url(report, "reopen"), data=empty)
    assert again.headers["Location"].endswith(f"{case_url(report)}#actions")
    assert "This case is already open." in words(lead.get(case_url(report)).get_data(as_text=True))


def test_a_close_from_a_page_shown_before_the_case_was_closed_and_reopened_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    # The close page left open while another tab closed the case and a lead reopened it: the
    # close went through, undoing the reopening nobody on that page had seen.
    _, report = reported
    lead = staff(app, team.lead, team)
    url = case_url(report, "close")
    stale = lead.get(url).get_data(as_text=True)
    close_now(lead, report)
    reopen_now(lead, report)
    sent = {
        "csrf_token": csrf_token(stale),
        "close_seen": hidden(stale, "close_seen"),
        "close_reason": TYPED,
    }
    html = refused(lead, lead.post(url, data=sent))
    assert "This case was closed and reopened while you were looking" in words(html)
    assert ESCAPED in html  # still in its box, to send again if still meant
    assert report.closed_on is None and audit_actions().count("closed") == 1
    assert not readable_in_the_database("from PS O'Neil")

    # Sent again from the page that said so, it closes the case.
    again = {
        "csrf_token": csrf_token(html),
        "close_seen": hidden(html, "close_seen"),
        "close_reason": "Closed again after checking",
    }
    assert lead.post(url, data=again).status_code == 302
    assert report.closed_on is not None and audit_actions().count("closed") == 2


def test_a_reopen_from_a_page_shown_before_the_case_was_reopened_and_closed_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    close_now(lead, report)
    stale = lead.get(case_url(report)).get_data(as_text=True)
    reopen_now(lead, report)
    close_now(lead, report, "Closed again")
    sent = {
        "csrf_token": csrf_token(stale),
        "reopen_seen": hidden(stale, "reopen_seen"),
        "reopen_reason": TYPED,
    }
    html = refused(lead, lead.post(case_url(report, "reopen"), data=sent), case_url(report))
    assert "This case was reopened and closed again while you were looking" in words(html)
    after_form = html[html.index('id="reopen-form"') :]
    assert ESCAPED in after_form  # still in its box
    assert report.closed_on is not None and audit_actions().count("reopened") == 1

    again = {
        "csrf_token": csrf_token(html),
        "reopen_seen": hidden(html, "reopen_seen"),
        "reopen_reason": "Reopened after checking",
    }
    assert lead.post(case_url(report, "reopen"), data=again).status_code == 302
    assert report.closed_on is None and audit_actions().count("reopened") == 2
