"""The subject page: one person's cluster on a timeline, showing only the cases the member may
see, with the risk and the link reasons, linked from the case page and audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from intake.db import db
from intake.models import Report
from tests.helpers import (
    RUN_DAY,
    Team,
    add_member,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from tests.page_text import table_labels
from triage.casework import outcome, stages
from triage.models import AuditEntry, ClusterRisk, Recusal, SubjectLink

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
SMITH = {"name": "Jonathan Smith", "collar_number": "PC 1234 ab", "unit": "Central West BCU"}
J_SMYTH = {"name": "Smyth, J", "collar_number": "1234 AB", "unit": "Central West"}
KHAN = {"name": "Sgt Mo Khan", "collar_number": "77EA", "unit": "East Area BCU"}
# Taken when the module is collected, used up to an hour later: so every test here runs at noon
# of that day (a run crossing midnight made the queue's clocks a day out).
TODAY = RUN_DAY
pytestmark = pytest.mark.usefixtures("midday")


def report_named(client: FlaskClient, person: dict[str, str], together: str = "now") -> Report:
    submit_report(client.application.test_client(), people=[person], together=together)
    return reports_in_order()[-1]


def cluster_of(report: Report) -> str:
    return db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == report.id)
    ).one()


def received(report: Report, days_ago: int) -> None:
    report.received_on = TODAY - timedelta(days=days_ago)
    db.session.commit()


def listed(html: str) -> list[str]:
    """References in the subject timeline, in the order shown."""
    return re.findall(
        r'<tr class="govuk-table__row candour-subject-case">.*?'
        r'href="/team/cases/(C-[A-Z0-9]+)"',
        html,
        re.S,
    )


def three_reports_about_smyth(client: FlaskClient) -> tuple[Report, Report, Report]:
    first, second, third = (report_named(client, p) for p in (SMYTH, SMITH, J_SMYTH))
    assert len({cluster_of(r) for r in (first, second, third)}) == 1
    # Received on different days in this order: within a day the database keeps no order.
    for days_ago, report in zip((3, 2, 1), (first, second, third), strict=True):
        received(report, days_ago)
    return first, second, third


def test_the_timeline_lists_the_cluster_by_received_day_with_risk_and_reasons(
    client: FlaskClient, team: Team
) -> None:
    first, second, third = three_reports_about_smyth(client)
    other = report_named(client, KHAN)
    # Received days out of submission order: the page must sort by day, not by id.
    received(first, 10)
    received(second, 40)
    received(third, 2)
    cluster = cluster_of(second)
    sign_in_directly(client, team.lead, team.keys)

    response = client.get(f"/team/subjects/{cluster}?case={third.reference}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert listed(html) == [second.reference, first.reference, third.reference]
    assert other.reference not in html
    reference = f'<span class="candour-reference">{third.reference}</span>'
    # Headed with the name as the reporter of the case come from wrote it, the others after.
    assert '<h1 class="govuk-heading-l" id="person-name">Smyth, J</h1>' in html
    assert f"Person 1 in case {reference}, as the reporter named them." in html
    assert "Also named as: Jonathan Smith; PC Jon Smyth." in html
    assert "<title>Person 1 in case" in html  # a browser's history keeps no name
    assert "Sexual misconduct" in html and "Received" in html
    risk = db.session.get(ClusterRisk, cluster)
    assert risk is not None
    assert risk.level.capitalize() in html and f"{risk.score:.0f}" in html
    assert "Named in 3 reports" in html  # a readable risk reason
    assert "same shoulder number" in html  # a sealed link reason, opened with the lead's keys
    assert "Smyth" not in (risk.reasons or "")  # the clear risk reasons name nobody
    assert "further report" not in html

    # One page view is one entry, naming every case whose link reasons it opened.
    audited = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "decrypted", AuditEntry.detail.startswith("subject page")
        )
    ).one()
    assert audited.case_reference == third.reference
    assert audited.detail == (
        f"subject page {cluster}: {second.reference}, {first.reference}, {third.reference}"
    )


def test_without_a_case_to_come_from_the_person_is_named_from_the_first_case(
    client: FlaskClient, team: Team
) -> None:
    first, _, _ = three_reports_about_smyth(client)
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster_of(first)}?case=C-NOTACASE").get_data(as_text=True)
    reference = f'<span class="candour-reference">{first.reference}</span>'
    assert f"Person 1 in case {reference}, as the reporter named them." in html
    assert '<h1 class="govuk-heading-l" id="person-name">PC Jon Smyth</h1>' in html


def test_every_entry_of_the_related_panel_links_to_the_subject_page(
    client: FlaskClient, team: Team
) -> None:
    first, second = report_named(client, SMYTH), report_named(client, SMITH)
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/cases/{second.reference}").get_data(as_text=True)
    link = f'href="/team/subjects/{cluster_of(first)}?case={second.reference}"'
    assert link in html


def test_recused_and_waiting_cases_are_left_out_and_only_recusals_are_counted(
    client: FlaskClient, team: Team
) -> None:
    first, second, third = three_reports_about_smyth(client)
    cluster = cluster_of(first)
    held = report_named(client, KHAN, together="together")
    assert held.escrow == "waiting"  # nobody else named Khan, so it waits, counted nowhere
    # The live path releases a held report the moment it joins a shared cluster, so a waiting
    # report inside one can only be set up by hand: it stands for any held report the cluster
    # may come to contain, which the page must treat exactly as the risk score does.
    db.session.execute(
        update(SubjectLink).where(SubjectLink.report_id == held.id).values(cluster_id=cluster)
    )
    caseworker = add_member("caseworker", team)
    db.session.add(Recusal(member_id=caseworker.id, report_id=first.id, declared_on=TODAY))
    db.session.commit()
    sign_in_directly(client, caseworker, team.keys)

    response = client.get(f"/team/subjects/{cluster}?case={second.reference}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert listed(html) == [second.reference, third.reference]
    # Neither hidden case is named anywhere, not even inside an opened link reason.
    assert first.reference not in html and held.reference not in html
    assert "a report you cannot open" in html
    assert "1 further report you cannot see" in html  # the recusal, never the held report
    audited = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.detail.startswith("subject page"))
    ).one()
    assert audited == f"subject page {cluster}: {second.reference}, {third.reference}"
    # The score is the cluster's, as the case page shows it (it read lower here, worked out
    # from the visible reports alone); the reasons are those of the reports they may see.
    db.session.refresh(second)
    assert f">{second.risk_score:.0f}</dd>" in html
    case_page = client.get(f"/team/cases/{second.reference}").get_data(as_text=True)
    assert f"Repeat subject: risk {second.risk_score:.0f}" in case_page
    reasons = re.search(
        r'<ul class="govuk-list govuk-list--bullet" id="risk-reasons">(.*?)</ul>', html, re.S
    )
    assert reasons and "Named in 2 reports" in reasons.group(1)
    assert "Named in 3 reports" not in html
    assert "The score also counts the report you cannot see" in html


def test_a_cluster_of_only_a_waiting_report_is_not_found(client: FlaskClient, team: Team) -> None:
    held = report_named(client, KHAN, together="together")
    assert held.escrow == "waiting"
    sign_in_directly(client, team.lead, team.keys)
    assert client.get(f"/team/subjects/{cluster_of(held)}").status_code == 404


def test_unknown_clusters_are_not_found_and_oversight_is_refused(
    client: FlaskClient, team: Team
) -> None:
    first = report_named(client, SMYTH)
    report_named(client, SMITH)
    sign_in_directly(client, team.lead, team.keys)
    assert client.get("/team/subjects/0123456789abcdef0123456789abcdef").status_code == 404
    oversight = client.application.test_client()
    sign_in_directly(oversight, add_member("oversight", team), team.keys)
    response = oversight.get(f"/team/subjects/{cluster_of(first)}")
    assert response.status_code == 403
    assert first.reference not in response.get_data(as_text=True)
    assert (
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.detail.like("subject page%"))
        ).first()
        is None
    )


def test_every_cell_carries_its_column_heading_for_a_phone(client: FlaskClient, team: Team) -> None:
    """Below tablet width each report is a block of labelled cells (the stylesheet shows each
    cell's data-label, the case's too), not eight columns scrolled past the screen's edge; a
    report without flags has an empty flags cell, which the phone leaves out."""
    first, second, _ = three_reports_about_smyth(client)
    first.urgent = True
    db.session.commit()
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster_of(first)}").get_data(as_text=True)
    headings, labels = table_labels(html, 'id="subject-timeline"')
    assert headings == [
        "Happened",
        "Received",
        "Case",
        "Kind of behaviour",
        "Stage",
        "Outcome",
        "Flags",
        "Why it was linked",
    ]
    assert labels == [headings] * 3
    flags = dict(
        re.findall(r'/team/cases/(C-[A-Z0-9]+)".*?data-label="Flags">(.*?)</td>', html, re.S)
    )
    assert "Urgent" in flags[first.reference] and flags[second.reference] == ""


def test_each_report_says_why_it_was_linked_once_and_what_its_count_counts(
    client: FlaskClient, team: Team
) -> None:
    """A report linked to several earlier ones for the same details says so in one line, not
    one line per earlier report; and the count in a link reason says it is the earlier reports
    whose details agree, not every report naming the person."""
    reports = [report_named(client, SMYTH) for _ in range(4)]
    for days_ago, report in zip((4, 3, 2, 1), reports, strict=True):
        received(report, days_ago)
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster_of(reports[0])}").get_data(as_text=True)
    rows = re.findall(r'data-label="Why it was linked">(.*?)</td>', html, re.S)
    newest = re.findall(r"<p[^>]*>(.*?)</p>", rows[-1], re.S)
    assert len(newest) == 1, newest
    earlier = [f"{r.reference} (person 1)" for r in reports[:3]]
    assert newest[0].startswith("Linked to ") and all(ref in newest[0] for ref in earlier)
    assert "of the earlier reports naming this person" in html
    assert "consistent with" not in html


def test_a_proven_outcome_raises_the_persons_risk_and_says_so_and_not_proven_does_not(
    client: FlaskClient, team: Team
) -> None:
    first, second, _ = three_reports_about_smyth(client)
    cluster = cluster_of(first)
    before = db.session.get_one(ClusterRisk, cluster)
    score, reasons = before.score, before.reasons
    for report in (first, second):
        report.subject_type, report.case_decision = "officer", "case_misconduct"
        stages.acknowledge(report, team.lead)
    db.session.commit()

    outcome.record_outcome(
        second,
        team.lead,
        "meeting_not_proven",
        "Not proven at the meeting.",
        told="We looked into your report and decided this.",
    )
    db.session.commit()
    unproven = db.session.get_one(ClusterRisk, cluster)
    assert (unproven.score, unproven.reasons) == (score, reasons)

    outcome.record_outcome(
        first,
        team.lead,
        "meeting_written_warning",
        "Proven at the meeting.",
        told="We looked into your report and decided this.",
    )
    db.session.commit()
    proven = db.session.get_one(ClusterRisk, cluster)
    assert proven.score > score
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster}?case={first.reference}").get_data(as_text=True)
    assert "Misconduct was found proven on 1 of the 3 reports" in html
    assert db.session.get_one(Report, first.id).risk_score == proven.score  # the queue's figure


def test_the_timeline_is_ordered_by_when_it_happened_and_says_when(
    client: FlaskClient, team: Team
) -> None:
    """Headed "oldest first", the timeline listed by the day each report was received (all
    sent the same day), and never said when each incident happened, so escalation could not be
    read."""
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH], when="month", when_month="11/2025")
    submit_report(reporter, people=[SMITH], when="date", when_date="4/2/2025")
    submit_report(reporter, people=[J_SMYTH], when="unsure")
    late, early, unsure = reports_in_order()
    received(late, 30)
    received(early, 20)
    received(unsure, 10)
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster_of(late)}").get_data(as_text=True)
    # February 2025, then November 2025; the one that does not say, by its received day.
    assert listed(html) == [early.reference, late.reference, unsure.reference]
    happened = re.findall(r'data-label="Happened">([^<]*)</td>', html)
    assert happened == ["4 February 2025", "November 2025", "Not said"]
    assert "Reports by when it happened" in html


def test_one_unit_written_several_ways_is_counted_once_in_the_risk(
    client: FlaskClient, team: Team
) -> None:
    """ "Reports from 5 different units" counted "Tower Hamlets Response", "Tower Hamlets"…
    and "Southwark CID" against "Southwark" as different units, and scored each."""
    units = ["Tower Hamlets Response", "Tower Hamlets", "Southwark CID", "Southwark"]
    for unit in units:
        report_named(client, {"name": "PC Jon Smyth", "warrant_number": "7654321", "unit": unit})
    for _ in units[1:]:  # as many reports, each reporter writing the unit alike
        report_named(client, {"name": "PC Ann Lee", "warrant_number": "7000001", "unit": "Lambeth"})
    report_named(client, {"name": "PC Ann Lee", "warrant_number": "7000001", "unit": "Hackney"})
    smyth, lee = reports_in_order()[0], reports_in_order()[-1]
    assert len({cluster_of(r) for r in reports_in_order()[:4]}) == 1
    smyth_risk = db.session.get(ClusterRisk, cluster_of(smyth))
    lee_risk = db.session.get(ClusterRisk, cluster_of(lee))
    assert smyth_risk is not None and lee_risk is not None
    # Central East and Central South BCU: two units, as Lambeth and Hackney are.
    assert "reports from 2 different units" in smyth_risk.reasons
    assert "reports from 2 different units" in lee_risk.reasons
    assert smyth_risk.score == lee_risk.score  # nothing gained from the spellings
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster_of(smyth)}").get_data(as_text=True)
    assert "Reports from 2 different units" in html


def test_one_report_naming_several_places_does_not_join_their_units(
    client: FlaskClient, team: Team
) -> None:
    """Units were joined through any place two subjects share and on through a third, so one
    more linked report whose unit named all three places took away the points of three
    different units: anyone who could get a report linked could lower a person's risk."""
    person = {"name": "PC Jon Smyth", "warrant_number": "7654321"}
    for unit in ("Camden", "Southwark", "Croydon"):
        report_named(client, {**person, "unit": unit})
    risk = db.session.get(ClusterRisk, cluster_of(reports_in_order()[0]))
    assert risk is not None and "reports from 3 different units" in risk.reasons

    report_named(client, {**person, "unit": "Camden Southwark Croydon response"})
    assert len({cluster_of(r) for r in reports_in_order()}) == 1
    db.session.expire_all()
    risk = db.session.get(ClusterRisk, cluster_of(reports_in_order()[0]))
    assert risk is not None and "reports from 3 different units" in risk.reasons


def test_risk_reasons_stored_as_independent_reports_are_read_without_the_word(
    client: FlaskClient, team: Team
) -> None:
    # One person can send several reports: the team was told "3 independent reports" of three
    # a walker sent from one browser. Reasons stored before are read in the present wording.
    first, _, third = three_reports_about_smyth(client)
    risk = db.session.get(ClusterRisk, cluster_of(first))
    assert risk is not None
    risk.reasons = '["named in 3 independent reports over 2 years"]'
    db.session.commit()
    sign_in_directly(client, team.lead, team.keys)
    for page in (f"/team/subjects/{cluster_of(first)}", f"/team/cases/{third.reference}"):
        html = client.get(page).get_data(as_text=True)
        assert "amed in 3 reports over 2 years" in html, page
        assert "independent reports" not in html, page
