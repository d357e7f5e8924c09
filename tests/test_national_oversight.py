"""National oversight: the oversight members of a national force see every force's aggregate
figures and their national sums, each force's cells exactly as its own page shows them, with no
withheld force count recoverable by subtracting the shown forces from a national total; and they
open no case of any force."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import PASSWORD, Team, make_team, sign_in_directly, submit_report, visible_text
from tests.page_text import table_labels
from tests.test_oversight_measures import (
    AFTER_THE_YEAR,
    QUARTER_3,
    REPORTING_YEAR,
    empty_measures,
    table,
    year_of_months,
)
from tests.test_oversight_page import (
    PERIODS_AROUND_NOVEMBER,
    SLUGS,
    assess,
    cases_received,
    last_month_cases,
    page_tables,
    printed_lines,
)
from tests.test_tenancy import ForceClient, client_of
from triage.casework import closing, outcome
from triage.models import Member, SubjectLink
from triage.oversight.measures import Measures, Period
from triage.oversight.national import merge, suppress_together
from triage.oversight.not_yet import NOT_YET
from triage.oversight.period import figures_as_at, reporting_year
from triage.oversight.suppression import WITHHELD, rounded
from triage.oversight.tables import build
from triage.team.invitations import invite
from triage.team.members import create_member

MAY = (2025, 5)


def month_measures(count: int) -> Measures:
    """A force's year with 20 reports every month but May, which has ``count``."""
    months = {(2025, m): 20 for m in range(1, 13)}
    months[MAY] = count
    return empty_measures(by_month=months, received=sum(months.values()))


def national_view(
    per_force: list[Measures],
) -> tuple[dict[str, list[str]], list[dict[str, list[str]]]]:
    """The national month table and each force's, as the national page shows them."""
    national = merge(per_force[0].period, per_force[0].as_at, per_force)
    national_figures, force_figures = suppress_together(national, per_force)
    return table(build(national, national_figures), "received-by-month"), [
        table(build(m, f), "received-by-month")
        for m, f in zip(per_force, force_figures, strict=True)
    ]


def test_each_force_shows_on_the_national_page_exactly_as_on_its_own() -> None:
    per_force = [month_measures(3), month_measures(11), month_measures(40)]
    _, forces = national_view(per_force)
    assert forces == [table(build(m), "received-by-month") for m in per_force]
    assert forces[0]["May 2025"] == [WITHHELD] and forces[1]["May 2025"] == ["10"]


def test_a_national_total_that_would_give_away_one_withheld_force_is_withheld() -> None:
    # 102 + 102 + 4: the shown forces read 100 and 100, and a national 210 (208 rounded) less
    # 100 + 100, with each figure off by at most 2, leaves only 4 for the withheld force.
    national, forces = national_view([month_measures(102), month_measures(102), month_measures(4)])
    assert [f["May 2025"] for f in forces] == [["100"], ["100"], [WITHHELD]]
    assert national["May 2025"] == [WITHHELD]
    # The national months line is then protected too: the year's total cannot give May back.
    assert sum(cells == [WITHHELD] for cells in national.values()) >= 2
    assert national["Total"] != [WITHHELD]


def test_withheld_forces_that_together_stay_uncertain_leave_the_national_total_shown() -> None:
    # Two forces withheld (3 and 2) beside a shown one: national 25 less 20 leaves 5 for the
    # two, which 1 + 4, 2 + 3, 3 + 2 and 4 + 1 all fit, so the national figure is safe to show.
    national, forces = national_view([month_measures(3), month_measures(2), month_measures(20)])
    assert [f["May 2025"] for f in forces] == [[WITHHELD], [WITHHELD], ["20"]]
    assert national["May 2025"] == ["25"]


def test_a_national_total_never_reveals_that_the_withheld_forces_had_none() -> None:
    national, forces = national_view([month_measures(0), month_measures(0), month_measures(30)])
    assert [f["May 2025"] for f in forces] == [[WITHHELD], [WITHHELD], ["30"]]
    assert national["May 2025"] == [WITHHELD]


def test_a_force_that_takes_no_reports_does_not_hide_another_among_the_withheld() -> None:
    # 102 + 4 + a force with no team key yet, whose start page says it takes no reports: its
    # withheld counts are known to be 0, so a national 106 less 102 gives the other 4 exactly.
    per_force = [month_measures(102), month_measures(4), empty_measures()]
    national = merge(per_force[0].period, per_force[0].as_at, per_force)
    figures, _ = suppress_together(national, per_force, [True, True, False])
    assert table(build(national, figures), "received-by-month")["May 2025"] == [WITHHELD]
    # Counted as a force that might hold reports, it would have let the national figure out.
    figures, _ = suppress_together(national, per_force)
    assert table(build(national, figures), "received-by-month")["May 2025"] == ["105"]


def test_no_shown_national_figure_pins_a_withheld_force_count_by_subtraction() -> None:
    """Across many mixes of force sizes, an attacker who knows every shown force count exactly
    (more than rounding lets anyone know) and subtracts them from a shown national count never
    narrows a withheld force's count to one value."""
    sizes = [0, 1, 2, 3, 4, 5, 7, 12, 48, 102]
    for first in sizes:
        for second in sizes:
            for third in (4, 20, 103):
                counts = [first, second, third]
                national, forces = national_view([month_measures(c) for c in counts])
                if national["May 2025"] == [WITHHELD]:
                    continue
                hidden = [
                    c for c, f in zip(counts, forces, strict=True) if f["May 2025"] == [WITHHELD]
                ]
                rest = sum(hidden)  # the national count less every shown force
                small = [c for c in hidden if c < 5]
                if small:
                    # What fits a small one: 0 to 4, the other small ones 0 to 4 and the
                    # larger withheld ones 5 or more, all of them adding up to ``rest``.
                    large = len(hidden) - len(small)
                    low = 0 if large else max(0, rest - 4 * (len(small) - 1))
                    high = min(4, rest - 5 * large)
                    assert low < high, counts


def grid_view(
    period: Period, years: list[dict[tuple[int, int], int]]
) -> list[dict[str, list[str]]]:
    """The national month table, then each force's, for ``period`` of the forces' years."""
    per_force = []
    for year in years:
        by_month = {k: n for k, n in year.items() if period.start <= date(*k, 1) <= period.end}
        per_force.append(
            replace(
                Measures.empty(period, AFTER_THE_YEAR),
                by_month=by_month,
                months_around=year,
                received=sum(by_month.values()),
            )
        )
    national, forces = national_view(per_force)
    return [national, *forces]


def test_national_and_force_months_are_alike_in_a_quarter_and_its_year() -> None:
    years = [
        year_of_months(m2025_6=6, m2025_10=15, m2025_11=3),
        year_of_months(m2025_11=2, m2025_12=9),
        year_of_months(m2025_7=4),
    ]
    quarter, whole = grid_view(QUARTER_3, years), grid_view(REPORTING_YEAR, years)
    for in_quarter, in_year in zip(quarter, whole, strict=True):
        for month in ("October 2025", "November 2025", "December 2025"):
            assert in_quarter[month] == in_year[month], month
    assert quarter[1]["October 2025"] == [WITHHELD]  # as the force's own page has it
    # November: two forces withheld (3 and 2) beside 20 shown: 25 national is safe to show.
    assert quarter[0]["November 2025"] == ["25"]


def test_the_national_figures_are_the_forces_added_up() -> None:
    north = empty_measures(by_category={"bullying": 30}, retaliation=Counter({(True, False): 6}))
    south = empty_measures(by_category={"bullying": 25, "racism": 8}, subjects=9, repeat_subjects=2)
    total = merge(north.period, north.as_at, [north, south])
    assert total.by_category == {"bullying": 55, "racism": 8}
    assert total.retaliation == Counter({(True, False): 6})
    assert (total.subjects, total.repeat_subjects) == (9, 2)


# --- the page, on both databases ----------------------------------------------------------------


@pytest.fixture
def national(app: Flask) -> Force:
    force = create_force("national", "National oversight", national=True)
    db.session.commit()
    return force


def national_member(app: Flask, national: Force) -> ForceClient:
    browser = client_of(app, national.slug)
    with use_force(national.id):
        member = create_member("nat@candour.test", "Nat Oversight", "oversight", PASSWORD, {})
        db.session.commit()
        sign_in_directly(browser, member, {})
    return browser


def received(tables: dict[str, list[list[str]]], heading: str) -> str:
    return next(row[1] for row in tables["by-force"] if row[0] == heading)


def test_national_oversight_sees_every_force_and_the_national_sum_with_small_forces_protected(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    last_month_cases(team, 3)  # the default force: withheld
    with use_force(north.id):
        north_team = make_team()
        last_month_cases(north_team, 12)
        north_oversight = client_of(app, north.slug)
        member = create_member("o@north.test", "Olive", "oversight", PASSWORD, {})
        db.session.commit()
        sign_in_directly(north_oversight, member, {})

    browser = national_member(app, national)
    page = browser.get("/team/oversight")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "National oversight" in visible_text(html)
    tables = page_tables(html)
    # Every force but the national one, each as its own page shows it, then all forces.
    assert [row[0] for row in tables["by-force"][1:]] == [
        "Default force",
        "North Force",
        "All forces",
    ]
    assert received(tables, "Default force") == WITHHELD
    assert received(tables, "North Force") == "10"
    # 15 in all, less North's 10 (really 10 to 14), would give the default force 1 to 5: with
    # exact figures, exactly 3. So the national total is withheld, here and in its own table.
    assert received(tables, "All forces") == WITHHELD
    assert tables["received-by-month"][-1] == ["Total", WITHHELD]
    csv = browser.get("/team/oversight/by-force.csv").get_data(as_text=True)
    assert "All forces,withheld" in csv and "North Force,10" in csv

    # One force chosen: exactly its own oversight page's tables.
    own = page_tables(north_oversight.get("/team/oversight").get_data(as_text=True))
    chosen = page_tables(browser.get("/team/oversight?force=north").get_data(as_text=True))
    assert chosen == own and "by-force" not in own
    assert browser.get("/team/oversight?force=nowhere").status_code == 404
    assert browser.get("/team/oversight?force=national").status_code == 404

    # With seven more in the default force (10, shown), the national 22 (20) is shown.
    last_month_cases(team, 7)
    tables = page_tables(browser.get("/team/oversight").get_data(as_text=True))
    assert [received(tables, f) for f in ("Default force", "North Force", "All forces")] == [
        "10",
        "10",
        str(rounded(22)),
    ]


def test_a_force_not_yet_taking_reports_leaves_no_withheld_force_count_to_be_worked_out(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    create_force("east", "East Force")  # added, but its team has no key yet: no reports
    db.session.commit()
    last_month_cases(team, 3)  # the default force: withheld
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    tables = page_tables(
        national_member(app, national).get("/team/oversight").get_data(as_text=True)
    )
    # East Force's 0 is not "withheld", which reads as 1 to 4 reports.
    assert [received(tables, f) for f in ("Default force", "East Force", "North Force")] == [
        WITHHELD,
        NOT_YET,
        "10",
    ]
    # East Force's 0 is no secret, so 15 less North's 12 would give the default force's 3.
    assert received(tables, "All forces") == WITHHELD


def test_a_force_that_set_up_its_key_after_the_figures_cut_off_still_counts_as_taking_none(
    app: Flask, team: Team, national: Force
) -> None:
    # East's team set up its key today, after the end of last month the figures run to: its
    # start page said it took no reports until now, so its counts as at then are known to be 0,
    # just as an East with no key at all (the test above).
    north = create_force("north", "North Force")
    east = create_force("east", "East Force")
    db.session.commit()
    last_month_cases(team, 3)  # the default force: withheld
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    with use_force(east.id):
        make_team()  # a key created today, no report
        db.session.commit()
    tables = page_tables(
        national_member(app, national).get("/team/oversight").get_data(as_text=True)
    )
    assert received(tables, "North Force") == "10"
    assert received(tables, "All forces") == WITHHELD


def test_a_force_added_this_month_is_not_yet_using_candour_in_last_year_not_withheld(
    app: Flask, team: Team, national: Force
) -> None:
    """A force added this month showed "withheld" in every measure of last year, which board
    readers take to mean 1 to 4 reports: it now says it was not yet using Candour, on the
    national page, its chosen page, its own page and in the CSV files. A force that did take
    reports then still shows "withheld" for a count under 5."""
    last_year = reporting_year(figures_as_at(date.today())) - 1
    key = f"{last_year}-{(last_year + 1) % 100:02d}"
    cases_received(team, date(last_year, 6, 10), 12)
    cases_received(team, date(last_year + 1, 1, 10), 2)  # a small count in a year it took them
    east = create_force("east", "East Force")
    db.session.commit()
    with use_force(east.id):
        east_team = make_team()  # its key set up today
        east_lead = client_of(app, east.slug)
        sign_in_directly(east_lead, east_team.lead, east_team.keys)
    browser = national_member(app, national)
    tables = page_tables(browser.get(f"/team/oversight?period={key}").get_data(as_text=True))
    east_row = next(row[1:] for row in tables["by-force"] if row[0] == "East Force")
    assert set(east_row) == {NOT_YET}
    assert received(tables, "Default force") == "15"  # 14, rounded
    # The default force's month of 2 is withheld as ever: it was taking reports.
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    own = page_tables(lead.get(f"/team/oversight?period={key}").get_data(as_text=True))
    assert [f"January {last_year + 1}", WITHHELD] in own["received-by-month"]
    # East's own page and its chosen page on the national one say so in every table.
    for html in (
        east_lead.get(f"/team/oversight?period={key}").get_data(as_text=True),
        browser.get(f"/team/oversight?period={key}&force=east").get_data(as_text=True),
    ):
        cells = {c for rows in page_tables(html).values() for row in rows[1:] for c in row[1:]}
        assert NOT_YET in cells and WITHHELD not in cells
        assert "East Force was not yet using Candour in this period" in visible_text(html)
    csv = browser.get(f"/team/oversight/by-force.csv?period={key}").get_data(as_text=True)
    assert f"East Force,{NOT_YET}," in csv
    # This year too: the figures run to the end of last month, before East set up its key.
    this_year = page_tables(browser.get("/team/oversight").get_data(as_text=True))
    assert received(this_year, "East Force") == NOT_YET


def test_the_national_board_pack_names_the_force_on_every_measure_page(
    app: Flask, team: Team, national: Force
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        last_month_cases(make_team(), 12)
    browser = national_member(app, national)
    for query, whose in (("?force=north", "North Force"), ("", "All forces")):
        html = browser.get(f"/team/oversight{query}").get_data(as_text=True)
        printed = printed_lines(html)
        assert printed and all(line.startswith(f"{whose}: ") for line in printed), printed
    # The page's rule for averages names forces too.
    assert "also shown for each quarter of the period and each force." in visible_text(html)


def test_a_national_oversight_member_opens_no_case_of_any_force(
    app: Flask, client: FlaskClient, team: Team, national: Force
) -> None:
    submit_report(client, people=[{"name": "Liam Kingsmouth", "collar_number": "9871NE"}])
    report = db.session.scalars(select(Report)).one()
    cluster = db.session.scalars(select(SubjectLink.cluster_id)).one()
    browser = national_member(app, national)
    # At the national force's own addresses: not a member who reads cases, and no such case.
    for page in (
        f"/team/cases/{report.reference}",
        f"/team/subjects/{cluster}",
        f"/team/cases/{report.reference}/bundle.zip",
        "/team/",
        "/team/audit.csv",
    ):
        assert browser.get(page).status_code in (403, 404), page
    # At the force's own address the national session is not signed in at all.
    at_force = browser.at_root(f"/team/cases/{report.reference}")
    assert at_force.status_code == 302 and "/team/sign-in" in at_force.location
    page = browser.get("/team/oversight").get_data(as_text=True)
    assert report.reference not in page and "Kingsmouth" not in page
    assert 'href="/national/team/"' not in page  # no queue in the navigation


def test_a_national_force_takes_no_reports_and_has_oversight_members_only(
    app: Flask, team: Team
) -> None:
    runner = app.test_cli_runner()
    added = runner.invoke(args=["force", "add", "national", "National oversight", "--national"])
    assert added.exit_code == 0 and "--role oversight" in added.output, added.output
    assert "national oversight" in runner.invoke(args=["force", "list"]).output
    db.session.commit()  # a transaction belongs to one force: the next is the national one's
    app.config["CANDOUR_COMMAND_FORCE"] = "national"
    try:
        init = runner.invoke(
            args=["team", "init", "--email", "a@n.test", "--name", "A"],
            input=f"{PASSWORD}\n{PASSWORD}\n",
        )
        assert init.exit_code != 0 and "takes no reports" in init.output
        lead = runner.invoke(
            args=["team", "add-member", "--email", "b@n.test", "--name", "B", "--role", "lead"]
        )
        assert lead.exit_code != 0 and "oversight members only" in lead.output
        member = runner.invoke(
            args=["team", "add-member", "--email", "c@n.test", "--name", "C", "--role", "oversight"]
        )
        assert member.exit_code == 0 and "/national/team/invitation/" in member.output, (
            member.output
        )
        # Locked out: a national force has no recovery key, and its members hold no keys.
        recovered = runner.invoke(args=["team", "recover", "--email", "c@n.test"])
        assert recovered.exit_code == 0, recovered.output
        assert "Recovery key" not in recovered.output
        assert "/national/team/invitation/" in recovered.output
        replaced = runner.invoke(args=["team", "new-recovery-key"])
        assert replaced.exit_code == 1 and "no recovery key" in replaced.output, replaced.output
        assert "Recovery key:" not in replaced.output
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    national = db.session.scalars(select(Force).where(Force.national)).one()
    with use_force(national.id):
        assert [m.role for m in db.session.scalars(select(Member))] == ["oversight"]
    start = visible_text(client_of(app, "national").get("/").get_data(as_text=True))
    assert "This address takes no reports" in start
    assert "not ready to take reports" not in start and "Start now" not in start
    assert "Check your report with your receipt" not in start
    # National oversight is no misconduct team: the footer does not say one runs this address.
    assert "run by the independent misconduct team" not in start


def test_a_reporter_at_the_national_address_is_sent_to_its_start_page_before_writing(
    app: Flask, client: FlaskClient, team: Team, national: Force
) -> None:
    # Without this the whole journey, sharing question included, ran at /national/ and ended
    # with "the independent team has not set up its key ... try again later": never true there.
    browser = client_of(app, national.slug)
    for path in ("/report/what", "/report/who", "/report/share", "/report/check"):
        response = browser.get(path)
        assert response.status_code == 302 and response.location == "/national/", path
    start = browser.post("/report/what", data={"description": "x"}, follow_redirects=True)
    assert "This address takes no reports" in visible_text(start.get_data(as_text=True))
    assert client.get("/report/what").status_code == 200  # a force's own journey is unchanged


def test_a_receipt_is_not_asked_for_at_the_national_address(
    app: Flask, client: FlaskClient, team: Team, national: Force
) -> None:
    # It offered the receipt form, which could only answer "not found": no report is held there.
    browser = client_of(app, national.slug)
    for path in ("/status", "/status/reply", "/status/withdraw"):
        response = browser.get(path)
        assert response.status_code == 302 and response.location == "/national/", path
    assert client.get("/status").status_code == 200  # a force's own status page is unchanged


def test_a_national_member_is_invited_and_signs_in_to_national_oversight(
    app: Flask, team: Team, national: Force
) -> None:
    with use_force(national.id):
        _, token = invite("nat@candour.test", "Nat Oversight", "oversight", {}, None)
        db.session.commit()
    browser = client_of(app, national.slug)
    said = visible_text(browser.get(f"/team/invitation/{token}").get_data(as_text=True))
    assert "You are joining national oversight as an oversight member." in said
    said = visible_text(browser.get("/team/sign-in").get_data(as_text=True))
    assert "For members of national oversight." in said
    assert "Ask whoever added you to national oversight to restore your access." in said
    assert "For members of the independent" not in said and "Ask a lead" not in said
    gone = visible_text(browser.get("/team/invitation/not-a-token").get_data(as_text=True))
    assert "Ask whoever added you to national oversight for a new link." in gone

    # A force's own oversight member still joins its independent team, in good grammar.
    _, token = invite("ov@candour.test", "Ov Ersight", "oversight", {}, None)
    db.session.commit()
    said = visible_text(app.test_client().get(f"/team/invitation/{token}").get_data(as_text=True))
    assert "You are joining the independent team as an oversight member." in said
    said = visible_text(app.test_client().get("/team/sign-in").get_data(as_text=True))
    assert "For members of the independent misconduct team." in said
    assert "Ask a lead to restore your access." in said


def national_snapshot(app: Flask, national: Force, member: Member) -> list[object]:
    """Every table of the national page and every CSV, for the year and quarter so far."""
    browser = client_of(app, national.slug)
    with use_force(national.id):
        sign_in_directly(browser, member, {})
    shown: list[object] = []
    for period in PERIODS_AROUND_NOVEMBER:
        page = browser.get(f"/team/oversight?period={period}")
        assert page.status_code == 200
        shown.append(page_tables(page.get_data(as_text=True)))
        for slug in (*SLUGS, "by-force"):
            csv_file = browser.get(f"/team/oversight/{slug}.csv?period={period}")
            assert csv_file.status_code == 200
            shown.append(csv_file.get_data(as_text=True))
    return shown


def test_a_decision_or_reopening_moves_no_national_figure_until_its_month_has_ended(
    app: Flask, team: Team, national: Force
) -> None:
    """The national page and its CSV files are as at the end of last month too: a case decision
    recorded, and a case reopened, on 20 November change nothing there until 1 December."""
    with time_machine.travel(datetime(2026, 10, 14, 12, tzinfo=UTC), tick=False):
        with use_force(national.id):
            member = create_member("nat@candour.test", "Nat Oversight", "oversight", PASSWORD, {})
        cases_received(team, date(2026, 10, 1), 12)
        cases = list(db.session.scalars(select(Report)))
        for report in cases[:6]:
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
        before = national_snapshot(app, national, member)
        for report in cases[6:]:
            assess(report, team.lead, "case_misconduct")
        for report in cases[:6]:
            closing.reopen(report, team.lead, "New evidence")
        db.session.commit()
        assert national_snapshot(app, national, member) == before
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        assert national_snapshot(app, national, member) == before
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        after = national_snapshot(app, national, member)
    year: dict[str, list[list[str]]] = after[0]  # type: ignore[assignment]
    all_reports = next(row for row in year["case-to-answer"] if row[0] == "All reports")
    assert all_reports[4] == "10"  # 12 decided: the 6 of 20 November count from 1 December
    assert year["days-to-outcome"] != before[0]["days-to-outcome"]  # type: ignore[index]


def test_the_by_force_table_is_a_block_per_force_with_each_figure_labelled(
    app: Flask, team: Team, national: Force
) -> None:
    """Eight columns scrolled sideways on a phone, most of them out of sight: below desktop
    width each force is a block of its own, each figure under its column's heading."""
    create_force("north", "North Force")
    db.session.commit()
    html = national_member(app, national).get("/team/oversight").get_data(as_text=True)
    headings, labels = table_labels(html, 'id="table-by-force"')
    assert len(headings) > 2
    assert labels == [[None, *headings[1:]]] * 3  # each force's name, then its labelled figures
    assert 'aria-label="Headline measures by force"' in html  # it no longer scrolls sideways
    # A table of one force's figures keeps its columns and scrolls in its labelled box.
    assert 'aria-label="Reports received by month, scrolls sideways"' in html
