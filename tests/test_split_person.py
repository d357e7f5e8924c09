"""Judging "the same person" is confirmed with both reports side by side, and a lead can undo a
wrong one: split the person again, with a sealed reason, audited, re-scored, and kept apart."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, csrf_token, refused, sign_in_directly
from tests.page_text import words
from tests.test_possible_matches import (
    NUMBERED,
    choose,
    cluster_of,
    confirm_url,
    judge,
    report_named,
    two_reports,
)
from triage.models import AuditEntry, ClusterRisk, Note, PossibleMatch


def split(client: FlaskClient, report: Report, match: PossibleMatch, reason: str) -> str:
    url = f"/team/cases/{report.reference}/possible/{match.id}/split"
    page = client.get(url)
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "split_reason": reason})
    return refused(client, response) if response.status_code == 303 else ""


def test_same_person_asks_for_confirmation_with_both_reports_side_by_side(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    asked = choose(client, later, match, "same")
    assert asked.status_code == 303 and asked.location == confirm_url(later, match, "same")
    text = words(client.get(asked.location).get_data(as_text=True))
    assert "Are these the same person?" in text
    assert earlier.reference in text and later.reference in text
    assert text.count("He made comments about my appearance and touched me.") == 2
    assert "9871NE" in text  # the earlier reporter's details, decrypted for this member
    db.session.expire_all()
    assert cluster_of(earlier) != cluster_of(later)  # nothing merged yet
    assert db.session.get(PossibleMatch, match.id).status == "open"

    assert judge(client, later, match, "same").status_code == 302  # confirmed
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)


def test_a_lead_splits_a_wrongly_merged_person_with_a_sealed_reason(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "same")
    page = words(client.get(f"/team/cases/{earlier.reference}").get_data(as_text=True))
    assert "Split them: not the same person" in page

    assert "Give the reason for splitting" in split(client, earlier, match, " ")
    assert split(client, earlier, match, "Different shoulder numbers on HR records") == ""
    db.session.expire_all()
    assert cluster_of(earlier) != cluster_of(later)
    assert db.session.get(PossibleMatch, match.id).status == "rejected"
    for report in (earlier, later):  # re-scored: each person is in one report again
        risk = db.session.get(ClusterRisk, cluster_of(report))
        assert risk is not None and risk.report_count == 1
    note = db.session.scalars(select(Note).where(Note.kind == "split_reason")).one()
    assert note.report_id == earlier.id and b"HR records" not in note.body
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("possible_match_split") == 1
    details = {e.detail for e in earlier.events} | {e.detail for e in later.events}
    assert "A lead split person 1 from a person in another report: not the same person" in details
    page = words(client.get(f"/team/cases/{earlier.reference}").get_data(as_text=True))
    assert "Different shoulder numbers on HR records" in page
    assert "may be named in" not in page


def test_a_split_person_is_never_joined_again_by_later_reports(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "same")
    split(client, earlier, match, "Not him")
    more = [report_named(client, NUMBERED) for _ in range(3)]
    db.session.expire_all()
    assert {cluster_of(r) for r in more} == {cluster_of(earlier)}
    assert cluster_of(later) != cluster_of(earlier)


def test_only_a_lead_splits(client: FlaskClient, team: Team) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "same")
    caseworker = client.application.test_client()
    sign_in_directly(caseworker, add_member("caseworker", team), team.keys)
    page = words(caseworker.get(f"/team/cases/{earlier.reference}").get_data(as_text=True))
    assert "Split them" not in page
    url = f"/team/cases/{earlier.reference}/possible/{match.id}/split"
    assert caseworker.get(url).status_code == 403
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)
