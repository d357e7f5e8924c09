"""The force-wide list of people named in more than one report (/team/subjects): most at risk
first, counted only from released reports, linked only through cases the member may open."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import triage.cli
from intake.db import db
from tests.helpers import (
    Team,
    add_member,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from tests.page_text import table_labels, words
from triage.models import AuditEntry, ClusterRisk, Recusal, SubjectLink

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
KHAN = {"name": "Sgt Mo Khan", "collar_number": "77EA", "unit": "East Area BCU"}
ONCE = {"name": "Insp Ada Quill", "collar_number": "4242 NE", "unit": "North East BCU"}
SEXUAL = {
    "categories": ["sexual_misconduct"],
    "description": "He touched me and sent messages asking me to meet him alone.",
}


def listed(client: FlaskClient, url: str = "/team/subjects") -> list[tuple[str, str, str]]:
    """Each row of the list: the person's link text, their risk and their count of reports."""
    html = client.get(url).get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)[1:]
    cells = [
        re.findall(r'<td class="govuk-table__cell[^"]*"[^>]*>(.*?)</td>', row, re.S) for row in rows
    ]
    return [(words(a), words(b), words(c)) for a, b, c, _ in cells]


def cluster_of(report_id: int) -> str:
    link = db.session.get(SubjectLink, (report_id, 1))
    assert link is not None
    return link.cluster_id


def test_people_named_again_are_listed_most_at_risk_first(
    client: FlaskClient, app: Flask, team: Team
) -> None:
    for _ in range(2):
        submit_report(client, people=[KHAN], categories=["bullying"])
    for _ in range(3):
        submit_report(client, people=[SMYTH], **SEXUAL)
    submit_report(client, people=[ONCE])
    sent = reports_in_order()
    for report, days_ago in zip(sent, (9, 3, 20, 5, 30, 1), strict=True):
        report.received_on = date.today() - timedelta(days=days_ago)
    db.session.commit()
    smyth, khan = cluster_of(sent[2].id), cluster_of(sent[0].id)
    risks = {c: db.session.get(ClusterRisk, c) for c in (smyth, khan)}
    assert all(risks.values())
    sign_in_directly(client, team.lead, team.keys)

    rows = listed(client)
    assert [count for _, _, count in rows] == ["3", "2"]  # Quill, named once, is not listed
    # Named as the newest case naming them names them: the list showed "Person 1 in case C-…"
    # on every row while each person's page showed the name, so duplicates could not be seen.
    assert rows[0][0] == f"PC Jon Smyth as named in {sent[3].reference}"
    assert rows[1][0] == f"Sgt Mo Khan as named in {sent[1].reference}"
    smyth_risk, khan_risk = risks[smyth], risks[khan]
    assert smyth_risk is not None and khan_risk is not None
    assert smyth_risk.score > khan_risk.score
    assert rows[0][1].startswith(f"{smyth_risk.level.capitalize()}, {smyth_risk.score:.0f}")
    page = client.get("/team/subjects").get_data(as_text=True)
    assert f'href="/team/subjects/{smyth}?case={sent[3].reference}"' in page
    assert "this list cannot show names" not in words(page)
    # One entry names every case opened for a name.
    audited = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.detail.startswith("people named again"))
    ).all()
    assert audited[-1] == (
        f"people named again: {', '.join(sorted([sent[1].reference, sent[3].reference]))}"
    )


def test_the_list_can_be_read_most_reports_first(client: FlaskClient, team: Team) -> None:
    """The walker's lead found a person named in eight reports of bullying listed "Low" below
    people named twice: the risk is of a predatory pattern, and the list says so and can be
    read by how many reports name each person instead."""
    for _ in range(2):
        submit_report(client, people=[SMYTH], **SEXUAL)
    for _ in range(4):
        submit_report(
            client,
            people=[KHAN],
            categories=["bullying"],
            description="He shouts at me in front of the team on every shift.",
        )
    sign_in_directly(client, team.lead, team.keys)
    assert [count for _, _, count in listed(client)] == ["2", "4"]
    assert [count for _, _, count in listed(client, "/team/subjects?order=reports")] == ["4", "2"]
    page = words(client.get("/team/subjects?order=reports").get_data(as_text=True))
    assert "Listed: most at risk first or most reports first" in page
    assert "someone named in many reports of bullying can be low risk" in page
    # Anything else in the address is the default order, not an error.
    assert [count for _, _, count in listed(client, "/team/subjects?order=x")] == ["2", "4"]


def test_every_case_opened_for_a_name_is_audited_also_one_that_gave_none(
    client: FlaskClient, team: Team
) -> None:
    """The newest case names the person only by their shoulder number: it is opened, gives no
    name, and the next is opened for one. Both were read, so both are in the audit entry."""
    submit_report(client, people=[SMYTH])
    submit_report(client, people=[{"collar_number": SMYTH["collar_number"], "unit": "CW BCU"}])
    named, unnamed = reports_in_order()
    named.received_on = date.today() - timedelta(days=5)
    db.session.commit()
    assert cluster_of(named.id) == cluster_of(unnamed.id)
    sign_in_directly(client, team.lead, team.keys)

    assert listed(client)[0][0] == f"PC Jon Smyth as named in {named.reference}"
    audited = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.detail.startswith("people named again"))
    ).all()
    assert audited[-1] == (
        f"people named again: {', '.join(sorted([named.reference, unnamed.reference]))}"
    )


def test_cases_a_member_is_recused_from_are_counted_but_never_linked(
    client: FlaskClient, team: Team
) -> None:
    for _ in range(3):
        submit_report(client, people=[SMYTH])
    for _ in range(2):
        submit_report(client, people=[KHAN])
    sent = reports_in_order()
    for report, days_ago in zip(sent, (10, 5, 1, 2, 2), strict=True):
        report.received_on = date.today() - timedelta(days=days_ago)
    caseworker = add_member("caseworker", team)
    newest_smyth = sent[2]
    for report in (newest_smyth, sent[3], sent[4]):  # the newest Smyth case and both of Khan's
        db.session.add(
            Recusal(member_id=caseworker.id, report_id=report.id, declared_on=date.today())
        )
    db.session.commit()
    sign_in_directly(client, caseworker, team.keys)

    rows = listed(client)
    assert rows == [
        (f"PC Jon Smyth as named in {sent[1].reference}", rows[0][1], "3 (2 you may open)")
    ]  # Khan, named only in cases they may not open, is not listed at all
    assert newest_smyth.reference not in client.get("/team/subjects").get_data(as_text=True)


def test_a_go_together_report_is_listed_once_another_report_releases_it(
    client: FlaskClient, team: Team
) -> None:
    for _ in range(2):
        submit_report(client, people=[SMYTH])
    submit_report(client, people=[KHAN], together="together")  # waits: nobody else names Khan
    sign_in_directly(client, team.lead, team.keys)
    assert [count for _, _, count in listed(client)] == ["2"]
    submit_report(client, people=[KHAN])  # names Khan too: both are released
    assert [count for _, _, count in listed(client)] == ["2", "2"]


def test_only_caseworkers_and_leads_see_the_list(client: FlaskClient, team: Team) -> None:
    sign_in_directly(client, add_member("oversight", team), team.keys)
    assert client.get("/team/subjects").status_code == 403
    sign_in_directly(client, add_member("caseworker", team), team.keys)
    page = words(client.get("/team/subjects").get_data(as_text=True))
    assert "Nobody is named in more than one report you may open" in page


def test_every_cell_carries_its_column_heading_for_a_phone(client: FlaskClient, team: Team) -> None:
    """Below tablet width each person is a block of cells, each under its column's heading (the
    stylesheet shows each cell's data-label), rather than columns scrolled out of sight."""
    for person in (SMYTH, SMYTH, KHAN, KHAN):
        submit_report(client, people=[person])
    sign_in_directly(client, team.lead, team.keys)
    html = client.get("/team/subjects").get_data(as_text=True)
    headings, labels = table_labels(html, "People named in more than one report, most at risk")
    assert headings == ["Person", "Risk of a predatory pattern", "Reports", "Newest report"]
    assert labels == [headings] * 2


def test_rescore_says_how_far_it_has_got_when_there_are_many_clusters(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    for person in (SMYTH, KHAN, ONCE):
        submit_report(app.test_client(), people=[person])
    monkeypatch.setattr(triage.cli, "CHUNK", 2)  # three clusters: two chunks
    result = app.test_cli_runner().invoke(args=["triage", "rescore"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [  # each line names the force (a log of many forces)
        "default:   2 of 3 clusters",
        "default:   3 of 3 clusters",
        "default: Re-scored 3 clusters and 0 reports naming nobody.",
    ]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "risk_rescored")).one()
    assert entry.detail == "3 clusters, 0 reports" and entry.member_id is None


def test_a_name_is_never_taken_from_a_case_declared_a_conflict_in(
    client: FlaskClient, team: Team
) -> None:
    """The name shown comes from a case the member may open; with none of those naming the
    person, the row keeps "Person N in case"."""
    submit_report(client, people=[SMYTH])
    submit_report(client, people=[{"collar_number": "1234AB", "unit": "CW BCU"}])  # no name
    named, unnamed = reports_in_order()
    named.received_on = date.today() - timedelta(days=3)
    caseworker = add_member("caseworker", team)
    db.session.add(Recusal(member_id=caseworker.id, report_id=named.id, declared_on=date.today()))
    db.session.commit()
    assert cluster_of(named.id) == cluster_of(unnamed.id)
    sign_in_directly(client, caseworker, team.keys)
    rows = listed(client)
    assert rows == [(f"Person 1 in case {unnamed.reference}", rows[0][1], "2 (1 you may open)")]
    assert "Smyth" not in client.get("/team/subjects").get_data(as_text=True)
    sign_in_directly(client, team.lead, team.keys)
    assert listed(client)[0][0] == f"PC Jon Smyth as named in {named.reference}"


def test_the_roster_person_is_shown_beside_the_name(
    client: FlaskClient, app: Flask, team: Team, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,rank,unit,collar_number,warrant_number\n"
        "Jonathan Smyth,PC,Central West BCU,1234AB,1234567\n",
        "utf-8",
    )
    assert app.test_cli_runner().invoke(args=["roster", "import", str(roster)]).exit_code == 0
    for _ in range(2):
        submit_report(client, people=[SMYTH])
    sign_in_directly(client, team.lead, team.keys)
    person = listed(client)[0][0]
    assert person.startswith("PC Jon Smyth as named in")
    assert "On the roster: Jonathan Smyth, PC, Central West BCU, shoulder number 1234AB" in person
