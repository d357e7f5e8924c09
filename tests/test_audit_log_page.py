"""The audit log as an investigator uses it: filtered by case, member, action and dates, case
references as links, details in words, one entry per action, CSV export for a lead, and nothing
about a case the lead is recused from."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.tenancy import create_force, use_force
from tests.helpers import PASSWORD, RUN_DAY, Team, add_member, make_team, sign_in_directly
from tests.page_text import table_labels, words
from tests.test_tenancy import client_of
from triage import audit
from triage.audit import record
from triage.models import AuditEntry, Member, Recusal
from triage.team.members import create_member

# Taken when the module is collected, used up to an hour later: so every test here runs at noon
# of that day (a run crossing midnight made the queue's clocks a day out).
TODAY = RUN_DAY
pytestmark = pytest.mark.usefixtures("midday")


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def rows(html: str) -> list[dict[str, str]]:
    """The log's table as a list of {column: cell text}."""
    table = re.search(
        r'<table class="govuk-table[^"]*" id="audit-entries">(.*?)</table>', html, re.S
    )
    if table is None:
        assert (
            "No entries match these filters." in html
            or "Correct the filter to see the entries it finds." in html
        ), "no audit table on the page"
        return []
    head = [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table.group(1), re.S)
    ]
    body = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table.group(1), re.S)[1:]
    found = []
    for row in body:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append(
            {
                h: " ".join(re.sub(r"<[^>]+>", " ", c).split())
                for h, c in zip(head, cells, strict=True)
            }
        )
    return found


def casework_history(team: Team) -> tuple[Member, Member]:
    """A caseworker assigned a case, an outcome, an assessment and a judged match, as recorded."""
    casey = create_member("casey@candour.test", "Casey Worker", "caseworker", PASSWORD, team.keys)
    sam = create_member("sam@candour.test", "Sam Second", "caseworker", PASSWORD, team.keys)
    record("assigned", team.lead.id, "C-DDDDDDDD", f"to member {casey.id}")
    record("outcome_recorded", casey.id, "C-DDDDDDDD", "no_further_action")
    record(
        "assessment_recorded",
        casey.id,
        "C-DDDDDDDD",
        "subject=officer severity=gross_misconduct decision=None warning=final_written_warning "
        "referrals=iopc ethnicity=recorded standards=honesty_integrity,use_of_force",
    )
    record(
        "possible_match_linked", sam.id, "C-BBBBBBBB", "person 1 here and person 2 in C-DDDDDDDD"
    )
    record("stage_changed", sam.id, "C-BBBBBBBB", "assessing")
    db.session.commit()
    return casey, sam


def test_details_read_as_words_and_references_are_links(app: Flask, team: Team) -> None:
    casey, _ = casework_history(team)
    html = staff(app, team.lead, team).get("/team/audit").get_data(as_text=True)
    shown = rows(html)
    by_action = {row["Action"]: row for row in shown}
    assert by_action["Assigned a case"]["Detail"] == "To Casey Worker"
    assert by_action["Recorded an outcome"]["Detail"] == "No further action"
    assessment = by_action["Recorded an assessment"]["Detail"]
    assert "Gross misconduct" in assessment and "Use of force" in assessment
    assert "Warning in force: Final written warning" in assessment
    assert "gross_misconduct" not in assessment and "=" not in assessment
    judged = by_action["Judged two people to be the same person"]["Detail"]
    assert judged == "Person 1 in this case and person 2 in C-DDDDDDDD"
    assert by_action["Moved a case to another stage"]["Detail"] == "Being assessed"
    assert "member 2" not in html.lower() and "no_further_action" not in html
    assert '<a class="govuk-link" href="/team/cases/C-DDDDDDDD">C-DDDDDDDD</a>' in html
    assert casey.name in by_action["Recorded an outcome"]["Member"]


def test_the_log_filters_by_case_member_action_and_dates(app: Flask, team: Team) -> None:
    casey, sam = casework_history(team)
    client = staff(app, team.lead, team)

    def actions(query: str) -> list[str]:
        response = client.get("/team/audit?" + query)
        assert response.status_code == 200
        return [row["Action"] for row in rows(response.get_data(as_text=True))]

    # The case filter also finds the judgement made on the other case that names it.
    assert len(actions("case=c-dddddddd")) == 4
    assert actions("case=C-BBBBBBBB") == [
        "Moved a case to another stage",
        "Judged two people to be the same person",
    ]
    assert actions(f"member={sam.id}") == actions("case=C-BBBBBBBB")
    assert actions("action=outcome_recorded") == ["Recorded an outcome"]
    assert actions(f"member={casey.id}&action=assigned") == []
    tomorrow = TODAY + timedelta(days=1)
    assert actions(f"from={tomorrow.isoformat()}") == []
    assert len(actions(f"from={TODAY.isoformat()}&to={TODAY.isoformat()}")) >= 5
    bad = client.get("/team/audit?from=31-02-2026").get_data(as_text=True)
    assert "Enter a real date" in bad
    early = words(client.get("/team/audit?to=1/1/1900").get_data(as_text=True))
    assert "Enter a real date from 1 January 1970 on" in early  # 1900 is real, but not taken
    assert rows(bad) == []  # a mistaken filter lists nothing, never the whole log under it
    assert client.get("/team/audit.csv?from=31-02-2026").status_code == 400
    written = f"{TODAY.day} {TODAY:%B %Y}"  # as the reporter's form suggests writing a date
    assert actions(f"from={written}&to={written}") == actions(
        f"from={TODAY.isoformat()}&to={TODAY.isoformat()}"
    )
    backwards = client.get(
        f"/team/audit?from={TODAY.isoformat()}&to={(TODAY - timedelta(days=1)).isoformat()}"
    ).get_data(as_text=True)
    assert "must be the same as or after" in backwards and rows(backwards) == []


def test_a_lead_exports_the_filtered_log_as_csv_and_the_export_is_audited(
    app: Flask, team: Team
) -> None:
    casework_history(team)
    record("note_added", team.lead.id, "C-CCCCCCCC", '=HYPERLINK("http://x")')
    db.session.commit()
    response = staff(app, team.lead, team).get("/team/audit.csv?case=C-DDDDDDDD")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["Action"] for row in table][-1] == "Assigned a case"
    assert all("C-DDDDDDDD" in row["Case"] + row["Detail"] for row in table)
    assert table[-1]["Detail"] == "To Casey Worker"
    exported = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "audit_exported")
    ).one()
    assert exported.member_id == team.lead.id and "C-DDDDDDDD" in exported.detail
    assert audit.verify().broken_at is None
    # A cell a spreadsheet would run as a formula is written as text.
    everything = staff(app, team.lead, team).get("/team/audit.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in everything
    caseworker = staff(app, add_member("caseworker", team), team)
    assert caseworker.get("/team/audit.csv").status_code == 403


def test_a_recused_lead_sees_no_entry_about_the_case(app: Flask, team: Team) -> None:
    from tests.test_queue import make_case

    hidden = make_case(team)
    second_lead = add_member("lead", team)
    db.session.add(Recusal(member_id=second_lead.id, report_id=hidden.id, declared_on=TODAY))
    record(
        "assessment_recorded", team.lead.id, hidden.reference, "subject=officer severity=misconduct"
    )
    record(
        "possible_match_linked",
        team.lead.id,
        "C-DDDDDDDD",
        f"person 1 here and person 1 in {hidden.reference}",
    )
    record("signed_in", team.lead.id)
    db.session.commit()
    client = staff(app, second_lead, team)
    html = client.get("/team/audit").get_data(as_text=True)
    assert hidden.reference not in html and "Misconduct" not in html
    # Everything else stays, entries about no case included.
    assert [row["Action"] for row in rows(html)] == ["Signed in"]
    searched = client.get(f"/team/audit?case={hidden.reference}").get_data(as_text=True)
    assert rows(searched) == []
    assert hidden.reference not in client.get("/team/audit.csv").get_data(as_text=True)
    assert hidden.reference in staff(app, team.lead, team).get("/team/audit").get_data(as_text=True)


def test_a_mistyped_filter_is_said_to_be_wrong_not_matched_by_nothing(
    app: Flask, team: Team
) -> None:
    client = staff(app, team.lead, team)
    for query, said in (
        ("case=bad", "Enter a case reference in the correct format"),
        ("member=999", "Not a valid choice: choose the member from the list"),
        ("action=bogus", "Not a valid choice: choose the action from the list"),
    ):
        html = client.get(f"/team/audit?{query}").get_data(as_text=True)
        assert said in html and "govuk-error-summary" in html, query
        assert "No entries match these filters" not in html


def test_every_cell_carries_its_column_heading_for_a_phone(app: Flask, team: Team) -> None:
    """Below tablet width each entry is a block of cells, each under its column's heading (the
    stylesheet shows each cell's data-label): the log's cells were stacked there unlabelled."""
    casework_history(team)
    html = staff(app, team.lead, team).get("/team/audit").get_data(as_text=True)
    headings, labels = table_labels(html, 'id="audit-entries"')
    assert headings == ["Entry", "When (UTC)", "Member", "Action", "Case", "Detail"]
    assert len(labels) >= 5 and all(row == headings for row in labels)


def test_dates_have_no_leading_zero_as_everywhere_else(app: Flask, team: Team) -> None:
    entry = record("note_added", team.lead.id, "C-CCCCCCCC", "")
    entry.at = datetime(2026, 12, 3, 4, 7, 51)
    db.session.commit()
    client = staff(app, team.lead, team)
    shown = [row["When (UTC)"] for row in rows(client.get("/team/audit").get_data(as_text=True))]
    assert "3 Dec 2026 04:07:51" in shown and not any(w.startswith("0") for w in shown)
    exported = client.get("/team/audit.csv").get_data(as_text=True)
    assert [r["When (UTC)"] for r in csv.DictReader(io.StringIO(exported))].count(
        "3 Dec 2026 04:07:51"
    ) == 1


def test_two_members_who_share_a_name_are_told_apart_in_the_member_filter(
    app: Flask, team: Team
) -> None:
    # Two members called the same were two identical choices: the lead could not tell which
    # one the log would be filtered to.
    for email in ("jo.smith@candour.test", "jo.smith2@candour.test"):
        create_member(email, "Jo Smith", "caseworker", PASSWORD, team.keys)
    db.session.commit()
    html = staff(app, team.lead, team).get("/team/audit").get_data(as_text=True)
    options = [o.strip() for o in re.findall(r"<option [^>]*>([^<]*)</option>", html)]
    assert "Jo Smith (jo.smith@candour.test)" in options
    assert "Jo Smith (jo.smith2@candour.test)" in options
    assert "Jo Smith" not in options
    assert team.lead.name in options  # a name no one else has is shown alone


def test_each_force_numbers_its_entries_without_the_other_forces_gaps(
    app: Flask, team: Team
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        north_team = make_team()
    for i in range(3):  # the two forces' entries interleave in the one sequence of ids
        record("case_opened", team.lead.id, f"C-DDDDDD{i}D")
        db.session.commit()
        with use_force(north.id):
            record("case_opened", north_team.lead.id, f"C-NNNNNN{i}N")
    north_lead = client_of(app, north.slug)
    with use_force(north.id):
        sign_in_directly(north_lead, north_team.lead, north_team.keys)
    default_lead = staff(app, team.lead, team)
    for client in (north_lead, default_lead):
        shown = rows(client.get("/team/audit").get_data(as_text=True))
        assert [int(row["Entry"]) for row in shown] == list(range(len(shown), 0, -1))
        exported = list(csv.DictReader(io.StringIO(client.get("/team/audit.csv").get_data(True))))
        assert [int(row["Entry"]) for row in exported] == list(range(len(exported), 0, -1))
