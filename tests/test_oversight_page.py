"""The oversight page and its CSV files: who may see them, what they show, and what they never
show (anything a reporter wrote, or any single case). Also the ethnic group on the assessment."""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report, ReportCategory
from intake.models.force import Force
from intake.submission import new_reference
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    sign_in_directly,
    submit_report,
    visible_text,
)
from triage.casework import assessment, closing, outcome
from triage.models import AuditEntry, Member
from triage.oversight import counting
from triage.oversight.charts import CHARACTER, NARROW, WIDE, bar_chart, reference_anchor
from triage.oversight.comparison import _change
from triage.oversight.figures import Cell
from triage.oversight.measures import Period
from triage.oversight.not_yet import NOT_YET
from triage.oversight.period import choices, figures_as_at, reporting_year
from triage.oversight.suppression import WITHHELD
from triage.oversight.table import Chart, Table
from triage.views.signin import home

SLUGS = (
    "received-by-month",
    "received-by-category",
    "time-limits",
    "iopc-referrals",
    "iopc-flags",
    "days-to-outcome",
    "case-to-answer",
    "outcomes",
    "closed-without-decision",
    "reopened",
    "changed-after-recorded",
    "ethnicity",
    "repeat-subjects",
    "retaliation",
    "go-together",
    "compared-with-previous",
)  # spelled out, not imported: a renamed download breaks bookmarks


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def last_month_cases(team: Team, count: int, **fields: object) -> None:
    """``count`` cases received on the last day of last month with the given codes (sealed
    fields left empty): the last day the oversight figures count (``figures_as_at``), in the
    period the page opens on."""
    cases_received(team, figures_as_at(date.today()), count, **fields)


def cases_received(team: Team, day: date, count: int, **fields: object) -> None:
    """``count`` bullying cases received on ``day`` with the given codes (sealed fields empty)."""
    for _ in range(count):
        report = Report(
            reference=new_reference(),
            receipt_hash=os.urandom(32),
            reporter_key=b"",
            team_key_id=team.key.key_id,
            content=b"",
            received_on=day,
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
    # The team set up its key today, after the figures' last day: it was not yet using Candour.
    assert page_tables(shown[0])["received-by-month"][-1] == ["Total", NOT_YET]
    # Oversight cannot reach a case by any other way either.
    assert oversight.get("/team/").status_code == 403
    assert oversight.get(f"/team/cases/{report.reference}").status_code == 403
    uid = report.attachments[0].uid
    assert oversight.get(f"/team/cases/{report.reference}/attachments/{uid}").status_code == 403
    assert "decrypted" not in set(db.session.scalars(select(AuditEntry.action)))


def test_every_csv_is_the_table_on_the_page_suppression_included(app: Flask, team: Team) -> None:
    last_month_cases(
        team,
        7,
        case_decision="case_misconduct",
        subject_ethnicity="white",
        outcome="meeting_written_warning",
        outcome_on=figures_as_at(date.today()),
    )
    last_month_cases(team, 2, case_decision="no_case", subject_ethnicity="black")
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
    # 7, 0, 2 and 9 as published: rounded to 5 and 10, the small ones withheld.
    assert decisions["All reports"][1:5] == ["5", "withheld", "withheld", "10"]
    assert lead.get("/team/oversight/nothing.csv").status_code == 404


def test_the_case_to_answer_rate_is_of_a_count_shown_beside_it(app: Flask, team: Team) -> None:
    """12 misconduct, 6 gross misconduct and 14 no case were published as 10, 5, 15 of 30 decided
    with a case to answer rate of 67%: the rate was of 18 together, rounded on its own to 20 and
    never shown, so the counts a reader could see gave 50% and the two rates added to 117%."""
    last_month_cases(team, 12, case_decision="case_misconduct")
    last_month_cases(team, 6, case_decision="case_gross_misconduct")
    last_month_cases(team, 14, case_decision="no_case")
    lead = staff(app, team.lead, team)
    [header, *rows] = page_tables(lead.get("/team/oversight").get_data(as_text=True))[
        "case-to-answer"
    ]
    row = dict(zip(header, next(row for row in rows if row[0] == "All reports"), strict=True))
    assert [row[c] for c in ("Decided", "Case to answer", "Case to answer rate")] == [
        "30",
        "20",
        "67%",
    ]
    assert row["No case to answer rate"] == "50%"


def test_the_period_is_a_quarter_or_a_year_from_the_query_string(app: Flask, team: Team) -> None:
    last_month_cases(team, 6)
    lead = staff(app, team.lead, team)
    as_at = figures_as_at(date.today())  # the quarter and year holding last month
    year = reporting_year(as_at)
    key = f"{year}-{(year + 1) % 100:02d}"
    quarter = f"{key}-q{(as_at.month - 4) % 12 // 3 + 1}"
    html = lead.get(f"/team/oversight?period={quarter}").get_data(as_text=True)
    assert page_tables(html)["received-by-month"][-1] == ["Total", "5"]  # 6, rounded
    assert f'<option value="{quarter}" selected>' in html
    assert f"period={quarter}" in html  # the download links keep the period
    earlier = f"{year - 1}-{year % 100:02d}"
    html = lead.get(f"/team/oversight?period={earlier}").get_data(as_text=True)
    # The year before the team set up its key (today) and its first report (last month): not
    # "withheld", which reads as 1 to 4 reports.
    assert page_tables(html)["received-by-month"][-1] == ["Total", NOT_YET]
    compared = {row[0]: row[1:] for row in page_tables(html)["compared-with-previous"][1:]}
    assert compared["Reports received"][0] == NOT_YET


def test_a_month_reads_the_same_in_the_year_and_in_its_quarter(app: Flask, team: Team) -> None:
    # Last reporting year, whole whatever today is: 20 reports a month, but 6 in its third
    # month, 15 and 3 in its seventh and eighth (October and November).
    first = reporting_year(date.today()) - 1
    counts = {month: 20 for month in range(12)} | {2: 6, 6: 15, 7: 3}
    for index, count in counts.items():
        year, month = first + (3 + index) // 12, (3 + index) % 12 + 1
        cases_received(team, date(year, month, 10), count)
    lead = staff(app, team.lead, team)
    key = f"{first}-{(first + 1) % 100:02d}"

    def months(period: str) -> dict[str, list[str]]:
        html = lead.get(f"/team/oversight?period={period}").get_data(as_text=True)
        return {row[0]: row[1:] for row in page_tables(html)["received-by-month"][1:]}

    whole, quarter = months(key), months(f"{key}-q3")
    assert list(quarter) == [f"October {first}", f"November {first}", f"December {first}", "Total"]
    for month in list(quarter)[:3]:
        assert quarter[month] == whole[month], month
    assert quarter[f"November {first}"] == quarter[f"October {first}"] == ["withheld"]


def test_a_period_off_the_grid_gets_an_error_summary(app: Flask, team: Team) -> None:
    oversight = staff(app, add_member("oversight", team), team)
    response = oversight.get("/team/oversight?period=2025-11")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: Oversight" in html
    assert "There is a problem" in html
    assert '<a href="#period">Select a quarter or a year from the list</a>' in html
    assert not page_tables(html)
    assert oversight.get("/team/oversight/outcomes.csv?period=2025-11").status_code == 400


def test_charts_are_accessible_svg_without_script_or_style(app: Flask, team: Team) -> None:
    last_month_cases(team, 8)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    charts = re.findall(r'<svg [^>]*class="candour-chart[ "].*?</svg>', html, flags=re.S)
    assert len(charts) >= 16  # each drawn wide and narrow
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
        assert "<script" not in chart and not re.search(r"\sstyle=", chart)
    kinds = next(c for c in charts if "Reports received by kind of behaviour" in c)
    described = re.search(r"<desc[^>]*>(.*?)</desc>", kinds, flags=re.S)
    assert described and "Bullying or harassment: 10;" in described.group(1)  # 8, rounded
    assert "Racism: withheld;" in described.group(1)
    assert kinds.count("<rect") == 1  # only the shown figure gets a bar


# A 375 px phone shows a chart 345 px wide, inside the page's 15 px margins; a 320 px one 290.
PHONE_CHART_WIDTHS = (345, 290)


def drawings(html: str, kind: str) -> list[str]:
    """The ``kind`` ("wide" or "narrow") drawing of every chart on the page."""
    pattern = rf'<svg [^>]*class="candour-chart candour-chart--{kind}".*?</svg>'
    return re.findall(pattern, html, flags=re.S)


def test_each_chart_has_a_narrow_drawing_whose_words_a_phone_shows_readably(
    app: Flask, team: Team
) -> None:
    """The wide drawing's words are 14 units of 640: 7.5 px on a phone. The narrow drawing,
    which the stylesheet shows below desktop width, says the same with words at least 14 px
    tall on a 375 px phone and 12 px on a 320 px one; ids stay unique on the page."""
    last_month_cases(team, 8)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    wide, narrow = drawings(html, "wide"), drawings(html, "narrow")
    assert len(narrow) == len(wide) >= 8
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for big, small in zip(wide, narrow, strict=True):
        said = [re.findall(r"<(?:title|desc)[^>]*>(.*?)</", chart, re.S) for chart in (big, small)]
        assert said[0] == said[1]
        view = re.search(r'viewBox="0 0 ([\d.]+) ', small)
        assert view
        smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', small))
        on_phones = [smallest * width / float(view.group(1)) for width in PHONE_CHART_WIDTHS]
        assert on_phones[0] >= 14 and on_phones[1] >= 12


def test_a_narrow_chart_wraps_a_long_label_and_keeps_the_reference_label_inside() -> None:
    table = Table(
        "groups",
        "Groups",
        ["Group", "Ratio"],
        chart=Chart(1, "", 1.4, "Same rate as White subjects: 1.00"),
    )
    table.add("Black, Black British, Caribbean or African", [Cell("2.00", 2.0)])
    markup = str(bar_chart(table, "chart-groups"))
    narrow = markup[markup.index("candour-chart--narrow") :]
    assert re.findall(r"<tspan [^>]*>(.*?)</tspan>", narrow) == [
        "Black, Black British, Caribbean or",
        "African",
    ]
    baselines = [float(y) for y in re.findall(r'<tspan x="0" y="([\d.]+)"', narrow)]
    bar = re.search(r'<rect x="0" y="([\d.]+)"', narrow)
    assert bar and float(bar.group(1)) > baselines[-1]  # the bar is under the label's last line
    assert "<tspan" not in markup[: markup.index("candour-chart--narrow")]  # wide: one line
    label = table.chart.reference_label if table.chart else ""
    width = len(label) * NARROW.reference_size * CHARACTER
    for x in (0, 100, 159, 161, 220, 320):
        at, anchor = reference_anchor(x, label, NARROW)
        start = at if anchor == "start" else at - width
        assert start >= 0 and start + width <= NARROW.width, x
    # The wide drawing puts it beside the line, on the side with more room, as it always has.
    assert reference_anchor(470, "100%", WIDE) == (470, "end")
    assert reference_anchor(160, "Casey baseline: 150 days", WIDE) == (160, "start")


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
    assert assess("martian") == 303  # refused: back to the case with an error, nothing changed
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


def racism_cell(client: FlaskClient, period: str) -> str:
    html = client.get(f"/team/oversight?period={period}").get_data(as_text=True)
    rows = {row[0]: row[1] for row in page_tables(html)["received-by-category"][1:]}
    return rows["Racism"]


def candidates(shown: str) -> set[int]:
    """Every true count a reader can hold possible behind one published figure."""
    if shown == "withheld":
        return set(range(5))
    value = int(shown.replace(",", ""))
    return {v for v in range(value - 2, value + 3) if v >= 5}


def test_subtracting_periods_reveals_no_withheld_count(app: Flask, team: Team) -> None:
    """Issue 13's attack: two periods that differ by a month gave that month's small counts."""
    year = reporting_year(date.today()) - 1  # last reporting year: whole, whatever today is
    for received, count in ((date(year, 4, 10), 13), (date(year + 1, 2, 10), 2)):
        for _ in range(count):
            report = Report(
                reference=new_reference(),
                receipt_hash=os.urandom(32),
                reporter_key=b"",
                team_key_id=team.key.key_id,
                content=b"",
                received_on=received,
            )
            report.categories = [ReportCategory(category="racism")]
            db.session.add(report)
    db.session.commit()
    lead = staff(app, team.lead, team)

    # A range of months is no longer a period: the two ranges show the same page.
    ranges = [
        f"from-month=4&from-year={year}&to-month={month}&to-year={year + 1}" for month in (2, 1)
    ]
    pages = [lead.get("/team/oversight?" + r).get_data(as_text=True) for r in ranges]
    assert page_tables(pages[0]) == page_tables(pages[1])

    # On the grid, a year is its four quarters. The reader knows each figure only to within
    # its rounding, so the quarter holding the 2 reports stays anywhere from 0 to 4.
    key = f"{year}-{(year + 1) % 100:02d}"
    whole = candidates(racism_cell(lead, key))
    quarters = [candidates(racism_cell(lead, f"{key}-q{q}")) for q in (1, 2, 3, 4)]
    others = quarters[:3]
    low = min(whole) - sum(max(c) for c in others)
    high = max(whole) - sum(min(c) for c in others)
    possible = {v for v in quarters[3] if low <= v <= high}
    assert 2 in possible and len(possible) > 1, possible
    assert racism_cell(lead, f"{key}-q4") == "withheld"


def test_the_ethnicity_chart_says_what_it_plots_and_when_a_longer_period_is_needed(
    app: Flask, team: Team
) -> None:
    last_month_cases(team, 6, case_decision="no_case", subject_ethnicity="black")
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    explained = re.search(r'<p class="govuk-body" id="chart-ethnicity-explained">(.*?)</p>', html)
    assert explained and "divided by the case to answer rate for White subjects" in explained.group(
        1
    )
    section = html.split('id="ethnicity"')[1].split("</section>")[0]
    assert "too few decided cases in this period for any ratio to be shown" in section
    assert "Choose a whole year" in section


def test_the_page_prints_as_a_board_pack_one_measure_a_page(app: Flask, team: Team) -> None:
    last_month_cases(team, 6)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    sections = re.findall(r'<section class="[^"]*candour-measure[^"]*"', html)
    assert len(sections) == len(SLUGS)
    assert (
        '<form method="get" action="/team/oversight" novalidate class="candour-no-print">' in html
    )
    css = (Path(app.static_folder or "") / "candour.css").read_text()
    printed = re.search(r"@media print\{(.*)", css, re.S)
    assert printed and re.search(r"\.candour-measure\{[^}]*break-before:page", printed.group(1))
    # Counts are explained once, in one word.
    assert html.count("“withheld” marks") == 1 and "fewer than 5" not in html


def test_a_change_is_the_difference_of_the_figures_shown_beside_it() -> None:
    """83% against 86% is "down 3 points", though the unrounded rates differ by 2.2."""
    now, before = Cell("83%", 83.4), Cell("86%", 85.6)
    assert _change(now, before, "point").text == "down 3 points"


def test_a_change_of_one_is_in_the_singular() -> None:
    assert _change(Cell("84%", 84.0), Cell("83%", 83.0), "point").text == "up 1 point"
    assert _change(Cell("12", 12.0), Cell("13", 13.0), "day").text == "down 1 day"
    assert _change(Cell("12", 12.0), Cell("10", 10.0), "").text == "up 2"


def test_a_quarter_in_its_last_month_is_still_so_far() -> None:
    """On 1 December the October-to-December quarter has a month to run: it is not over, and
    shown to the end of November."""
    quarter = next(p for p in choices(figures_as_at(date(2026, 12, 1))) if p.key.endswith("-q3"))
    assert quarter.so_far and quarter.label == "October to November 2026 (so far)"
    over = next(p for p in choices(figures_as_at(date(2027, 1, 1))) if p.key == quarter.key)
    assert not over.so_far and over.label == "October to December 2026"


def oversight_snapshot(app: Flask, team: Team, periods: tuple[str, ...]) -> list[object]:
    """Every table of the page and every CSV download, for each period: all oversight sees."""
    lead = staff(app, team.lead, team)
    shown: list[object] = []
    for period in periods:
        page = lead.get(f"/team/oversight?period={period}")
        assert page.status_code == 200
        shown.append(page_tables(page.get_data(as_text=True)))
        for slug in SLUGS:
            csv_file = lead.get(f"/team/oversight/{slug}.csv?period={period}")
            shown.append(csv_file.get_data(as_text=True))
    return shown


def test_what_a_reporter_does_this_month_changes_no_figure_until_the_month_ends(
    app: Flask, team: Team
) -> None:
    """Oversight reloading the current quarter every day would see the day a rounded count
    moved, and so roughly the day a report arrived: every figure is as at the end of last month
    (``figures_as_at``). Reports received today, and retaliation reported today on a report of
    last month, change nothing on the page or in any CSV until the month has ended; then they
    count."""
    periods = ("2026-27", "2026-27-q3")  # the year and the quarter so far
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        cases_received(team, date(2026, 10, 14), 12)
        before = oversight_snapshot(app, team, periods)
        assert before[0]["received-by-month"][-1] == ["Total", "10"]  # type: ignore[index]
        cases_received(team, date.today(), 3)  # 15 in all: rounded, it would read 15
        said = db.session.scalars(select(Report).limit(1)).one()
        said.retaliation_on = date.today()
        db.session.commit()
        assert oversight_snapshot(app, team, periods) == before
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        assert oversight_snapshot(app, team, periods) == before  # the month's last day
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        after = oversight_snapshot(app, team, periods)
    assert after != before
    tables = after[0]
    assert tables["received-by-month"][-1] == ["Total", "15"]  # type: ignore[index]
    assert ["November 2026", "withheld"] in tables["received-by-month"]  # type: ignore[index]


def printed_lines(html: str) -> list[str]:
    """What the board pack prints under each measure's heading."""
    return re.findall(r'<p class="govuk-body-s candour-print-only">(.*?)</p>', html)


def test_every_printed_measure_page_names_the_force(app: Flask, team: Team) -> None:
    last_month_cases(team, 6)
    html = staff(app, team.lead, team).get("/team/oversight").get_data(as_text=True)
    force = db.session.scalars(select(Force.name).where(Force.id == team.lead.force_id)).one()
    printed = printed_lines(html)
    assert len(printed) == len(SLUGS)  # one for each measure page
    assert all(line.startswith(f"{force}: ") for line in printed), printed


def test_recoding_the_subjects_ethnic_group_shows_in_the_audit_log(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """The group feeds the disparity figures, yet every assessment's audit entry said only
    "ethnicity=recorded": a member moving cases from one group to another to flatter the ratio
    left no trace of it. The entry says whether the group was recorded, kept, changed or
    removed, never which group it is."""
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    lead = staff(app, team.lead, team)
    url = f"/team/cases/{report.reference}"
    # The second saving changes the severity only: an assessment saved as it stood records
    # nothing, so "unchanged" is said beside another change.
    for ethnicity, severity in (("black", ""), ("black", "misconduct"), ("white", ""), ("", "")):
        token = csrf_token(lead.get(url).get_data(as_text=True))
        data = {
            "csrf_token": token,
            "subject_type": "officer",
            "subject_ethnicity": ethnicity,
            "severity": severity,
        }
        assert lead.post(f"{url}/assessment", data=data).status_code == 302
    details = db.session.scalars(
        select(AuditEntry.detail)
        .where(AuditEntry.action == "assessment_recorded")
        .order_by(AuditEntry.id)
    ).all()
    said = [re.search(r"ethnicity=(\w+)", detail or "") for detail in details]
    assert [m.group(1) for m in said if m] == ["recorded", "unchanged", "changed", "cleared"]
    log = visible_text(lead.get("/team/audit").get_data(as_text=True))
    assert "Subject's ethnicity: changed to another group" in log
    assert "white" not in " ".join(d or "" for d in details).lower()


PERIODS_AROUND_NOVEMBER = ("2026-27", "2026-27-q3")  # the year and the quarter so far


def all_reports_row(snapshot: list[object], slug: str) -> list[str]:
    """The "All reports" row of a table of the year's page in ``oversight_snapshot``."""
    tables: dict[str, list[list[str]]] = snapshot[0]  # type: ignore[assignment]
    return next(row[1:] for row in tables[slug] if row[0] == "All reports")


def assess(report: Report, member: Member, decision: str, ethnicity: str | None = None) -> None:
    assessment.record_assessment(
        report,
        member,
        subject_type="officer",
        severity="misconduct",
        case_decision=decision,
        referrals=[],
        standards=[],
        subject_ethnicity=ethnicity,
    )


def test_a_case_decision_moves_no_figure_until_the_month_it_was_recorded_has_ended(
    app: Flask, team: Team
) -> None:
    """Case decisions carried no date, so one recorded on 20 November moved the case-to-answer
    figures that day, and oversight reloading daily saw the day it moved. A decision is dated
    the day it is recorded and counted, like an outcome, once that day is on or before the day
    the figures are as at. A decision replaced on 20 November goes on counting as it was until
    the month has ended, and saving the assessment again without changing the decision keeps
    its day."""
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, date(2026, 10, 1), 12)
        cases = list(db.session.scalars(select(Report)))
        for report in cases[:6]:
            assess(report, team.lead, "no_case")
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        before = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
        assert all_reports_row(before, "case-to-answer")[3] == "5"  # decided: 6
        for report in cases[6:]:
            assess(report, team.lead, "case_misconduct")  # 6 new decisions
        for report in cases[:3]:
            assess(report, team.lead, "case_gross_misconduct")  # 3 replaced
        assess(cases[3], team.lead, "no_case")  # saved again, unchanged
        db.session.commit()
        assert cases[3].decision_on == date(2026, 10, 14)
        assert cases[6].decision_on == cases[0].decision_on == date(2026, 11, 20)
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        after = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
    # 6 misconduct (5), 3 gross misconduct and 3 no case (each withheld), 12 decided (10).
    assert all_reports_row(after, "case-to-answer")[:4] == [
        "5",
        WITHHELD,
        WITHHELD,
        "10",
    ]


def test_a_subjects_ethnic_group_moves_no_figure_until_the_month_it_was_recorded_has_ended(
    app: Flask, team: Team
) -> None:
    """The ethnic group is recorded by the team, often after the decision; recorded or changed
    on 20 November it moved the ethnicity table that day. It waits for the month's end, as a
    decision does, from the copy the month's first change keeps."""
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, date(2026, 10, 1), 12, subject_type="officer")
        cases = list(db.session.scalars(select(Report)))
        for report in cases:
            assess(report, team.lead, "case_misconduct")
        for report in cases[:6]:
            assess(report, team.lead, "case_misconduct", "white")
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        before = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
        for report in cases[6:]:
            assess(report, team.lead, "case_misconduct", "black")  # 6 recorded
        for report in cases[:3]:
            assess(report, team.lead, "case_misconduct", "asian")  # 3 changed
        db.session.commit()
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        after = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
    groups = {row[0]: row[1] for row in after[0]["ethnicity"]}  # type: ignore[index]
    assert groups["Black, Black British, Caribbean or African"] == "5"  # 6 decided
    assert groups["Not recorded"] == WITHHELD  # none left unrecorded


def test_a_reopening_moves_no_figure_until_the_month_it_happened_in_has_ended(
    app: Flask, team: Team
) -> None:
    """A reopening undated the case's close and outcome at once, which moved figures already
    shown on the day it happened. The close and outcome as they stood count until the month of
    the reopening has ended; then the reopened cases count as they are, and a quick outcome
    before the reopening is never their days to outcome."""
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        cases_received(team, date(2026, 10, 1), 10)
        cases = list(db.session.scalars(select(Report)))
        for report in cases:
            assess(report, team.lead, "no_case")
            outcome.record_outcome(
                report,
                team.lead,
                "no_further_action",
                "Nothing found",
                told="We looked into your report and decided this.",
            )
            closing.close(report, team.lead, "Outcome reached")
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        before = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
        assert all_reports_row(before, "outcomes")[-3] == "10"
        as_at = figures_as_at(date.today())
        year = Period(date(2026, 4, 1), as_at)
        assert counting.compute(year, as_at).to_close.days == {13: 10}
        for report in cases:
            closing.reopen(report, team.lead, "New evidence")
        for report in cases[:5]:
            outcome.record_outcome(
                report,
                team.lead,
                "rprp",
                "Reflective practice",
                told="We looked into your report and decided this.",
            )
        for report in cases[5:7]:
            closing.close(report, team.lead, "Nothing changes the outcome")
        closing.reopen(cases[5], team.lead, "More evidence")  # twice in the month
        db.session.commit()
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        assert oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER) == before
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        after = oversight_snapshot(app, team, PERIODS_AROUND_NOVEMBER)
        as_at = figures_as_at(date.today())
        now = counting.compute(Period(date(2026, 4, 1), as_at), as_at)
    assert after != before
    # 5 outcomes recorded on 20 November and one closed again then: 50 days from receipt. The
    # 13-day outcomes set aside by the reopenings are no case's days to outcome.
    assert now.to_outcome.days == {50: 6}
    assert now.to_close.days == {50: 1}  # cases[5] reopened again: open at the end of November
    # The outcomes set aside stand, undated; the 5 new ones are action (reflective practice).
    assert now.decisions_all.outcomes == Counter({"no_action": 5, "practice": 5})
