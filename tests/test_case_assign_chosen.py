"""A lead's "Assign" drop-down on a case someone has: that member shown chosen, not "Select a
member", and "Assign" pressed without changing it changes and records nothing."""

from __future__ import annotations

import re

from flask import Flask

from intake.models import Report
from tests.helpers import Team, add_member, csrf_token
from tests.test_case import act, audit_actions, case_url, page_text, reported, staff
from triage.views.case_actions import ALREADY_THEIRS

__all__ = ["reported"]  # a fixture, used by name


def chosen(html: str) -> list[str]:
    """The options shown chosen in the case page's "Assign to" drop-down."""
    select = re.search(r'<select[^>]*id="assignee"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def test_the_member_who_has_the_case_is_shown_chosen(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    casey = add_member("caseworker", team)
    lead = staff(app, team.lead, team)
    assert chosen(page_text(lead, report)) in ([], [""])  # unassigned: "Select a member"
    assert act(lead, report, "assign", {"assignee": str(casey.id)}).status_code == 302
    html = page_text(lead, report)
    assert chosen(html) == [str(casey.id)]

    # Pressed as shown: nothing changes, nothing more is recorded.
    assigned = audit_actions().count("assigned")
    sent = {"csrf_token": csrf_token(html), "assignee_seen": str(casey.id)}
    again = lead.post(case_url(report, "assign"), data={**sent, "assignee": str(casey.id)})
    assert again.status_code == 302
    assert report.assignee_id == casey.id
    assert audit_actions().count("assigned") == assigned
    said = lead.get(again.headers["Location"]).get_data(as_text=True)
    assert ALREADY_THEIRS in said and "Case assigned." not in said
