"""The oversight page and its CSV files: who may see them, what they show, and what they never
show (anything a reporter wrote, or any single case). Also the ethnic group on the assessment."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date, timedelta
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report, ReportCategory
from intake.submission import new_reference
from tests.helpers import Team, add_member, csrf_token, sign_in_directly, submit_report
from triage.models import AuditEntry, Member
from triage.oversight.tables import Table
from triage.views.signin import home

SLUGS = (
    "received-by-month",
    "received-by-category",
    "time-limits",
    "days-to-outcome",
    "case-to-answer",
    "outcomes",
    "ethnicity",
    "repeat-subjects",
    "retaliation",
    "go-together",
)  # spelled out, not imported: a renamed download breaks bookmarks


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def this_month_cases(team: Team, count: int, **fields: object) -> None:
    """``count`` cases received today with the given codes (sealed fields left empty)."""
    for _ in range(count):
        report = Report(
            reference=new_reference(),
            receipt_hash=os.urandom(32),
            reporter_key=b"",
            team_key_id=team.key.key_id,
            content=b"",
            received_on=date.today(),
            **fields,
        )
        report.categories = [ReportCategory(category="bullying")]
        db.session.add(report)
    db.session.commit()


class TableReader(HTMLParser):
    """The cells of every ``<table id="table-...">`` on a page, row by row, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and (found.get("id") or "").startswith("table-"):
            self._current = str(found["id"])[len("table-") :]
            self.tables[self._current] = []
        elif self._current and tag == "tr":
            self.tables[self._current].append([])
        elif self._current and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._current and tag in ("th", "td") and self._cell is not None:
            self.tables[self._current][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(html)
    return reader.tables


def test_oversight_and_leads_see_the_page_caseworkers_do_not(app: Flask, team: Team) -> None:
    oversight = staff(app, add_member("oversight", team), team)
    page = oversight.get("/team/oversight")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Oversight</h1>' in html
    assert 'href="/team/oversight"' in html  # in the navigation
    assert set(page_tables(html)) == set(SLUGS)
    assert staff(app, team.lead, team).get("/team/oversight").status_code == 200
    caseworker = staff(app, add_member("caseworker", team), team)
    assert caseworker.get("/team/oversight").status_code == 403
    assert caseworker.get("/team/oversight/outcomes.csv").status_code == 403
    assert 'href="/team/oversight"' not in caseworker.get("/team/").get_data(as_text=True)
    assert app.test_client().get("/team/oversight").status_code == 302  # signed out


def test_oversight_lands_on_the_oversight_page_after_sign_in(app: Flask, team: Team) -> None:
    with app.test_request_context():
        assert home(add_member("oversight", team)) == "/team/oversight"
        assert home(add_member("caseworker", team)) == "/team/"


def test_oversight_sees_no_report_content_anywhere_and_opens_no_case(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(
        client,
        description="Zanzibar quartermaster incident on the night shift",
        where="Quillfeather Lane depot",
        people=[
            {
                "name": "Inspector Xavier Plumtree",
                "collar_number": "9876ZZ",
                "unit": "Marigold Team",
            }
        ],
        files=[("evidence.txt", b"Rota for Tuesday\n")],
    )
    report = db.session.scalars(select(Report)).one()
    secrets = (
        "Zanzibar",
        "Quillfeather",
        "Plumtree",
        "9876ZZ",
        "Marigold",
        "evidence.txt",
        report.reference,
    )
    oversight = staff(app, add_member("oversight", team), team)
    shown = [oversight.get("/team/oversight").get_data(as_text=True)]
    shown += [oversight.get(f"/team/oversight/{slug}.csv").get_data(as_text=True) for slug in SLUGS]
    for text in shown:
        for secret in secrets:
            assert secret not in text
    assert page_tables(shown[0])["received-by-month"][-1] == ["Total", "fewer than 5"]
    # Oversight cannot reach a case by any other way either.
    assert oversight.get("/team/").status_code == 403
    assert oversight.get(f"/team/cases/{report.reference}").status_code == 403
    uid = report.attachments[0].uid
    assert oversight.get(f"/team/cases/{report.reference}/attachments/{uid}").status_code == 403
    assert "decrypted" not in set(db.session.scalars(select(AuditEntry.action)))


def test_every_csv_is_the_table_on_the_page_suppression_included(app: Flask, team: Team) -> None:
    this_month_cases(
        team,
        7,
        case_decision="case_misconduct",
        subject_ethnicity="white",
        outcome="meeting_written_warning",
        outcome_on=date.today(),
    )
    this_month_cases(team, 2, case_decision="no_case", subject_ethnicity="black")
    lead = staff(app, team.lead, team)
    tables = page_tables(lead.get("/team/oversight").get_data(as_text=True))
    for slug in SLUGS:
        response = lead.get(f"/team/oversight/{slug}.csv")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"].startswith(
            f'attachment; filename="candour-{slug}-'
        )
        assert response.headers["Cache-Control"] == "no-store"
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows == tables[slug], slug
    decisions = {row[0]: row for row in tables["case-to-answer"]}
    assert decisions["All reports"][1:5] == ["7", "fewer than 5", "fewer than 5", "9"]
    assert lead.get("/team/oversight/nothing.csv").status_code == 404


def test_the_period_filter_is_in_the_query_string(app: Flask, team: Team) -> None:
    this_month_cases(team, 6)
    lead = staff(app, team.lead, team)
    today = date.today()
    this_month = f"to-month={today.month}&to-year={today.year}"
    shown = page_tables(
        lead.get(
            f"/team/oversight?from-month={today.month}&from-year={today.year}&{this_month}"
        ).get_data(as_text=True)
    )
    assert shown["received-by-month"][-1] == ["Total", "6"]
    last = today.replace(day=1) - timedelta(days=1)
    earlier = (
        f"/team/oversight?from-month=1&from-year={last.year - 1}&to-month={last.month}"
        f"&to-year={last.year}"
    )
    html = lead.get(earlier).get_data(as_text=True)
    assert page_tables(html)["received-by-month"][-1] == ["Total", "fewer than 5"]
    assert f"to-month={last.month}" in html  # the download links keep the period


def test_a_bad_period_gets_an_error_summary_and_keeps_what_was_typed(
    app: Flask, team: Team
) -> None:
    oversight = staff(app, add_member("oversight", team), team)
    response = oversight.get("/team/oversight?from-month=14&from-year=2025&to-month=2&to-year=abcd")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: Oversight" in html
    assert "There is a problem" in html
    assert '<a href="#from-month">The start month must be a number from 1 to 12</a>' in html
    assert '<a href="#to-year">The end year must be 4 digits' in html
    assert 'value="14"' in html and 'value="abcd"' in html
    assert not page_tables(html)
    assert oversight.get("/team/oversight/outcomes.csv?from-month=14").status_code == 400


def test_charts_are_accessible_svg_without_script_or_style(app: Flask, team: Team) -> None:
    this_month_cases(team, 8)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    charts = re.findall(r'<svg [^>]*class="candour-chart".*?</svg>', html, flags=re.S)
    assert len(charts) >= 8
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
        assert "<script" not in chart and not re.search(r"\sstyle=", chart)
    kinds = next(c for c in charts if "Reports received by kind of behaviour" in c)
    described = re.search(r"<desc[^>]*>(.*?)</desc>", kinds, flags=re.S)
    assert described and "Bullying or harassment: 8;" in described.group(1)
    assert "Racism: fewer than 5;" in described.group(1)
    assert kinds.count("<rect") == 1  # only the shown figure gets a bar


def test_the_assessment_records_and_shows_the_subjects_ethnic_group(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    lead = staff(app, team.lead, team)
    url = f"/team/cases/{report.reference}"

    def assess(ethnicity: str) -> int:
        token = csrf_token(lead.get(url).get_data(as_text=True))
        return lead.post(
            f"{url}/assessment",
            data={
                "csrf_token": token,
                "subject_type": "officer",
                "subject_ethnicity": ethnicity,
            },
        ).status_code

    assert assess("black") == 302
    db.session.refresh(report)
    assert report.subject_ethnicity == "black"
    page = lead.get(url).get_data(as_text=True)
    assert "Black, Black British, Caribbean or African</dd>" in page
    assert '<option value="black" selected>' in page
    assert assess("martian") == 200  # refused, with an error, nothing changed
    db.session.refresh(report)
    assert report.subject_ethnicity == "black"
    assert assess("") == 302  # "Not recorded" clears it
    db.session.refresh(report)
    assert report.subject_ethnicity is None
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "assessment_recorded")
    ).all()
    assert audit and all("black" not in (entry.detail or "") for entry in audit)


def test_page_tables_are_what_the_builder_made() -> None:
    # Guards the test reader itself: a header row, then one row per table row.
    table = Table("t", "T", ["A", "B"], rows=[])
    assert page_tables('<table id="table-t"><tr><th>A</th><th>B</th></tr></table>') == {
        "t": [table.columns]
    }
