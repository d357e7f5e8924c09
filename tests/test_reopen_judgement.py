"""A judgement of "different people" is shown on both cases, and a lead can reopen a wrong one:
the match is back among those to judge, both people are re-scored, the reason is sealed, and
both cases and the audit log say so. Addresses kept from before a judgement changed lead back
to the case with a message, not to "Page not found"."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, csrf_token, refused, sign_in_directly
from tests.page_text import words
from tests.test_case_refusals import readable_in_the_database
from tests.test_possible_matches import (
    cluster_of,
    judge,
    stored_reasons,
    two_reports,
)
from tests.test_split_person import split
from triage.models import AuditEntry, Note, PossibleMatch


def reopen(client: FlaskClient, report: Report, match: PossibleMatch, reason: str) -> str:
    """Reopen from ``report``'s side; the page shown again (with its error), or "" when done."""
    url = f"/team/cases/{report.reference}/possible/{match.id}/reopen"
    page = client.get(url)
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "reopen_reason": reason})
    if response.status_code == 302:
        assert response.headers["Location"].endswith(f"/team/cases/{report.reference}#possible")
        return ""
    return words(refused(client, response))


def case_page(client: FlaskClient, report: Report) -> str:
    return words(client.get(f"/team/cases/{report.reference}").get_data(as_text=True))


def test_people_judged_different_are_listed_on_both_cases_and_a_lead_reopens_them(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    caseworker = client.application.test_client()
    sign_in_directly(caseworker, add_member("caseworker", team), team.keys)
    judged = judge(caseworker, later, match, "different")
    assert judged.headers["Location"].endswith("#judged-different")
    assert "possibly" not in stored_reasons(earlier)

    # Both cases say so; a caseworker is told to ask a lead, and may not reopen it.
    later_page = case_page(caseworker, later)
    assert f"Person 1 here is not person 1 in {earlier.reference} : judged different" in later_page
    assert "ask a lead" in later_page and "Reopen the judgement" not in later_page
    assert f"Person 1 here is not person 1 in {later.reference}" in case_page(caseworker, earlier)
    url = f"/team/cases/{later.reference}/possible/{match.id}/reopen"
    assert caseworker.get(url).status_code == 403

    sign_in_directly(client, team.lead, team.keys)
    assert "Reopen the judgement" in case_page(client, later)
    shown = reopen(client, later, match, "   ")
    assert shown.startswith("Error:") and "Give the reason for reopening the judgement" in shown
    assert reopen(client, later, match, "The HR record shows one Liam Kingsmouth") == ""

    db.session.expire_all()
    reopened = db.session.get(PossibleMatch, match.id)
    assert reopened is not None
    assert (reopened.status, reopened.decided_on, reopened.merged_side) == ("open", None, None)
    assert cluster_of(earlier) != cluster_of(later)  # reopening links nobody
    assert "1 more report possibly names this person" in stored_reasons(earlier)
    page = case_page(client, later)
    assert "Possible matches to judge" in page and "Judged different people" not in page
    assert "The HR record shows one Liam Kingsmouth" in page  # the sealed note, opened
    note = db.session.scalars(select(Note).where(Note.kind == "judgement_reopened")).one()
    assert note.report_id == later.id and b"Kingsmouth" not in note.body
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("possible_match_reopened") == 1
    wording = "A lead reopened the judgement that person 1 is not the person in another report"
    for report in (earlier, later):
        assert wording in {event.detail for event in report.events}

    # Judged again, the same person this time: the two are linked.
    assert judge(client, later, match, "same").status_code == 302
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)


def test_a_split_is_listed_as_judged_different_and_its_old_address_leads_back(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "same")
    assert split(client, earlier, match, "Different warrant numbers on HR records") == ""
    assert f"is not person 1 in {later.reference} : split by a lead" in case_page(client, earlier)

    gone = client.get(f"/team/cases/{earlier.reference}/possible/{match.id}/split")
    assert gone.status_code == 302
    assert gone.headers["Location"].endswith(f"/team/cases/{earlier.reference}")
    page = case_page(client, earlier)
    assert "There is no person judged the same here that you can split" in page
    assert "It may have been changed since you opened the link" in page

    assert reopen(client, earlier, match, "Split by mistake: same warrant number") == ""
    # Reopened once: its address now leads back to the case as well, and nothing changes.
    again = client.get(f"/team/cases/{earlier.reference}/possible/{match.id}/reopen")
    assert again.status_code == 302
    assert "no judgement of different people here" in case_page(client, earlier)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("possible_match_reopened") == 1


@pytest.mark.parametrize("padding", ["", " " + "x" * 10_000], ids=["valid", "too long"])
def test_a_reason_sent_after_another_tab_changed_the_judgement_is_shown_to_copy(
    client: FlaskClient, team: Team, padding: str
) -> None:
    # A split, or a reopen, typed on its own page while another tab did it first: sent, it
    # came back to the case as a bare notice, and the reason typed was lost. Refused for its
    # length as well, it went back to its own page, gone meanwhile, and on to the same notice.
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "same")
    case = f"/team/cases/{later.reference}"
    split_url = f"{case}/possible/{match.id}/split"
    token = csrf_token(client.get(split_url).get_data(as_text=True))  # this tab, left open
    assert split(client, later, match, "Other station") == ""  # the other tab, first
    typed = "Different shoulder numbers, checked with the duty rota" + padding
    sent = client.post(split_url, data={"csrf_token": token, "split_reason": typed})
    html = refused(client, sent, case)
    assert "It may have been changed since you opened the link" in words(html)
    after = html[html.index('id="judged-different"') :]
    assert 'id="unsaved"' in after and typed in after

    reopen_url = f"{case}/possible/{match.id}/reopen"
    token = csrf_token(client.get(reopen_url).get_data(as_text=True))
    assert reopen(client, later, match, "Judged too fast") == ""
    again = "Same warrant number in both reports" + padding
    sent = client.post(reopen_url, data={"csrf_token": token, "reopen_reason": again})
    html = refused(client, sent, case)
    after = html[html.index(f'id="possible-{match.id}"') :]
    assert 'id="unsaved"' in after and again in after
    assert earlier.reference in html
    assert not readable_in_the_database(typed) and not readable_in_the_database(again)
