"""The queue: who sees it, what it lists and in what order, filters, paging and lookup."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from intake.db import db
from intake.models import Message, Report, ReportCategory
from intake.submission import new_reference
from intake.templating import day
from intake.vocabulary import STAGES
from tests.helpers import RUN_DAY, Team, add_member, sign_in_directly, submit_report, visible_text
from tests.journey_page import parse
from tests.page_text import table_labels, words
from triage.models import Member, Recusal
from triage.models.case import Protection

# Taken when the module is collected, used up to an hour later: so every test here runs at noon
# of that day (a run crossing midnight made the queue's clocks a day out).
TODAY = RUN_DAY
pytestmark = pytest.mark.usefixtures("midday")


def make_case(
    team: Team, *, days_ago: int = 0, categories: tuple[str, ...] = ("bullying",), **fields: Any
) -> Report:
    """A case row as the queue sees it; its sealed fields are empty: listing never opens them."""
    report = Report(
        reference=new_reference(),
        receipt_hash=os.urandom(32),
        reporter_key=b"",
        team_key_id=team.key.key_id,
        content=b"",
        received_on=TODAY - timedelta(days=days_ago),
        **fields,
    )
    report.categories = [ReportCategory(category=c) for c in categories]
    db.session.add(report)
    db.session.commit()
    return report


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def listed(client: FlaskClient, query: str = "") -> list[str]:
    """References on the queue page, in the order shown."""
    response = client.get("/team/" + query)
    assert response.status_code == 200
    return re.findall(r">(C-[A-Z0-9]{8})</a>", response.get_data(as_text=True))


def test_oversight_is_refused_the_queue(app: Flask, team: Team) -> None:
    assert staff(app, add_member("oversight", team), team).get("/team/").status_code == 403


def test_most_pressing_first_then_by_risk_or_newest_when_chosen(app: Flask, team: Team) -> None:
    done = {"acknowledged_on": TODAY - timedelta(days=1)}
    quiet_risky = make_case(team, days_ago=3, risk_score=80.0, **done)
    quiet = make_case(team, days_ago=2, **done)
    new = make_case(team, days_ago=1)  # not acknowledged, not yet late
    overdue = make_case(team, days_ago=30)  # not acknowledged within 7 days
    overdue_risky = make_case(team, days_ago=60, risk_score=72.5)
    urgent_new = make_case(team, days_ago=4, urgent=True)
    urgent_overdue = make_case(team, days_ago=90, urgent=True)
    lead = staff(app, team.lead, team)
    # Retaliation reported, then a clock overdue, then not yet acknowledged, then risk: a new
    # case no longer sits below every case with a risk score.
    pressing = [urgent_overdue, urgent_new, overdue_risky, overdue, new, quiet_risky, quiet]
    assert listed(lead) == [r.reference for r in pressing]
    by_risk = [urgent_new, urgent_overdue, quiet_risky, overdue_risky, new, quiet, overdue]
    assert listed(lead, "?order=risk") == [r.reference for r in by_risk]
    newest = [new, quiet, quiet_risky, urgent_new, overdue, overdue_risky, urgent_overdue]
    assert listed(lead, "?order=newest") == [r.reference for r in newest]
    page = lead.get("/team/?order=risk").get_data(as_text=True)
    assert "Cases, highest risk first" in page
    assert 'href="/team/?order=risk&amp;page=' not in page  # one page: no paging links
    # No person named in another report, and no possible match: the risk alone.
    assert re.search(r">\s*Risk 72\s*<", page) and "Urgent" in page
    assert "receipt" not in page.lower()
    assert lead.get("/team/?order=sideways").status_code == 200  # an unknown order: an error
    # Which filter was refused is said in words ("Not a valid choice" alone named none).
    sideways = lead.get("/team/?order=sideways").get_data(as_text=True)
    assert "Not a valid choice: choose an order from the list" in sideways


def test_the_order_choice_says_highest_risk_puts_retaliation_first(app: Flask, team: Team) -> None:
    # "Highest risk first" lists every case with retaliation reported, whatever its risk,
    # above a case of risk 85; the hint said how only "most pressing" orders, so the order
    # chosen looked wrong.
    page = words(staff(app, team.lead, team).get("/team/?order=risk").get_data(as_text=True))
    assert "Highest risk: retaliation reported, then risk" in page


def test_go_together_reports_stay_out_of_the_queue_until_released(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client, together="together")
    waiting = db.session.scalars(select(Report)).one()
    assert waiting.escrow == "waiting"
    released = make_case(team, go_together=True, escrow="released")
    lead = staff(app, team.lead, team)
    assert listed(lead) == [released.reference]
    assert "1 case" in lead.get("/team/").get_data(as_text=True)


def test_a_recused_member_no_longer_sees_the_case(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    mine, other = make_case(team), make_case(team, days_ago=3)
    db.session.add(Recusal(member_id=caseworker.id, report_id=mine.id, declared_on=TODAY))
    db.session.commit()
    assert listed(staff(app, caseworker, team)) == [other.reference]
    assert set(listed(staff(app, team.lead, team))) == {mine.reference, other.reference}


def test_filters_by_stage_category_assignee_and_flag(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    assessing = make_case(team, stage="assessing", acknowledged_on=TODAY)
    racism = make_case(team, categories=("racism", "bullying"), days_ago=1)
    assigned = make_case(team, assignee_id=caseworker.id, days_ago=2)
    flagged = make_case(team, urgent=True, retaliation_on=TODAY, days_ago=3)
    client = staff(app, caseworker, team)
    assert listed(client, "?stage=assessing") == [assessing.reference]
    assert listed(client, "?category=racism") == [racism.reference]
    assert listed(client, "?assignee=me") == [assigned.reference]
    assert assigned.reference not in listed(client, "?assignee=unassigned")
    assert listed(client, f"?assignee={caseworker.id}") == [assigned.reference]
    assert listed(client, "?flagged=y") == [flagged.reference]
    assert listed(client, "?stage=assessing&category=racism") == []
    bad = client.get("/team/?stage=nonsense").get_data(as_text=True)
    assert "Not a valid choice" in bad and len(re.findall(r">C-[A-Z0-9]{8}</a>", bad)) == 4


def test_the_assignee_filter_lists_only_members_who_can_be_assigned(app: Flask, team: Team) -> None:
    """Not someone only invited, nor oversight; one sent a new link since, while holding an open
    case, stays listed so their cases can still be found."""
    caseworker = add_member("caseworker", team)
    add_member("oversight", team)
    invited = Member(email="new@candour.test", name="Ivy Invited", role="caseworker")
    invited.created_on = TODAY
    restoring = add_member("lead", team, email="restoring@candour.test")
    restoring.name = "Res Toring"
    restoring.totp_secret = None  # a new link half used: no authenticator yet
    db.session.add(invited)
    db.session.commit()
    make_case(team, assignee_id=restoring.id)
    page = staff(app, caseworker, team).get("/team/").get_data(as_text=True)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert sorted(options) == sorted([caseworker.name, team.lead.name, "Res Toring"])


def test_one_bad_filter_value_is_ignored_and_the_others_still_apply(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    racism = make_case(team, categories=("racism",), stage="assessing", acknowledged_on=TODAY)
    make_case(team, days_ago=1)
    client = staff(app, caseworker, team)
    bad = client.get("/team/?stage=bogus&stage=assessing&category=racism").get_data(as_text=True)
    assert "Not a valid choice: tick stages from the list" in bad
    assert re.findall(r">(C-[A-Z0-9]{8})</a>", bad) == [racism.reference]
    assert re.search(r'value="assessing"\s+checked', bad)  # the known stage stays ticked
    # Only leads may list cases needing reassignment: the rest of the link still applies.
    reassign = client.get("/team/?assignee=reassign&category=racism").get_data(as_text=True)
    assert "Not a valid choice: choose who the cases are assigned to from the list" in reassign
    assert re.findall(r">(C-[A-Z0-9]{8})</a>", reassign) == [racism.reference]
    assert re.search(r'<option value=""\s+selected>Anyone or no one', reassign)
    assert re.search(r'<option value="racism"\s+selected>', reassign)


def test_overdue_clocks_are_flagged_in_words_and_filterable(app: Flask, team: Team) -> None:
    fresh = make_case(team, days_ago=7)  # due today: not yet overdue
    late = make_case(team, days_ago=8)
    feedback_late = make_case(
        team, days_ago=120, acknowledged_on=TODAY - timedelta(days=118), stage="acknowledged"
    )
    answered = make_case(
        team,
        days_ago=120,
        acknowledged_on=TODAY - timedelta(days=118),
        feedback_on=TODAY - timedelta(days=30),
        stage="assessing",
    )
    closed = make_case(team, days_ago=30, closed_on=TODAY, stage="closed")
    # Reopened with its first feedback given, and no update to the reporter since.
    reopened_late = make_case(
        team,
        days_ago=300,
        acknowledged_on=TODAY - timedelta(days=298),
        feedback_on=TODAY - timedelta(days=250),
        update_owed_since=TODAY - timedelta(days=100),
        stage="assessing",
    )
    # Found in testing: closed and reopened before its first feedback, overdue, the row said
    # only "Update owed since reopening: due" months ahead, which hid the clock it had missed.
    reopened_unanswered = make_case(
        team,
        days_ago=120,
        acknowledged_on=TODAY - timedelta(days=118),
        update_owed_since=TODAY,
        stage="assessing",
    )
    client = staff(app, team.lead, team)
    overdue = listed(client, "?overdue=y")
    assert set(overdue) == {
        late.reference,
        feedback_late.reference,
        reopened_late.reference,
        reopened_unanswered.reference,
    }
    assert not {fresh.reference, answered.reference, closed.reference} & set(overdue)
    html = client.get("/team/").get_data(as_text=True)
    rows = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))
    assert 'class="candour-overdue">Overdue' in rows[late.reference]
    assert "Overdue" not in rows[fresh.reference]
    assert "Overdue" in rows[feedback_late.reference]
    assert "Done" in rows[answered.reference]
    assert "Update owed since reopening: was due" in rows[reopened_late.reference]
    assert rows[reopened_late.reference].count("Done") == 1  # the acknowledgement only
    assert "Overdue: was due" not in rows[reopened_late.reference]  # its feedback was given
    unanswered = rows[reopened_unanswered.reference]
    assert 'class="candour-overdue">Overdue: was due' in unanswered
    assert unanswered.index("Overdue: was due") < unanswered.index("Update owed since reopening")


def test_lookup_by_reference_jumps_to_the_case(app: Flask, team: Team) -> None:
    report = make_case(team)
    client = staff(app, team.lead, team)
    typed = report.reference.lower().replace("c-", "")
    jump = client.get(f"/team/?reference={typed}")
    assert jump.status_code == 302
    assert jump.headers["Location"].endswith(f"/team/cases/{report.reference}")
    missing = client.get("/team/?reference=C-BBBBBBBB").get_data(as_text=True)
    assert "No case you can see has that reference" in missing
    assert 'value="C-BBBBBBBB"' in missing  # what was typed is kept
    # Not a reference at all (a typo, a word): told the format, not that no case has it.
    for typed in ("C-BCDF234", "C-BCDF23456", "C-ABCD2345", "smith", "C-" + "B" * 30):
        refused = words(client.get(f"/team/?reference={typed}").get_data(as_text=True))
        assert "Enter a case reference in the correct format" in refused, typed
        assert "No case you can see" not in refused, typed


@pytest.mark.parametrize("typed", ["%00", "C-BCDF%002345", "C-BCDF2345%00", "%01", "C-BCDF2345%1F"])
def test_a_reference_with_a_control_character_is_told_the_format(
    app: Flask, team: Team, typed: str
) -> None:
    """A NUL gave "Page not found", where other text that is no reference is told the format;
    a control character that ``split`` takes for a space (\x1f) led to the case."""
    make_case(team)
    client = staff(app, team.lead, team)
    answer = client.get(f"/team/?reference={typed}")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    refused = words(html)
    assert "Enter a case reference in the correct format" in refused
    assert "No case you can see" not in refused and "Page not found" not in refused
    assert 'href="#reference"' in html  # the error summary leads to the box
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in html)  # nothing shown back


def test_fifty_cases_a_page_with_a_count_done_in_sql(app: Flask, team: Team) -> None:
    for n in range(120):
        make_case(team, days_ago=n)
    client = staff(app, team.lead, team)
    html = client.get("/team/?page=3").get_data(as_text=True)
    assert "120 cases, page 3 of 3" in html
    assert len(listed(client, "?page=1")) == 50 and len(listed(client, "?page=3")) == 20
    assert "govuk-pagination" in html
    assert len(listed(client, "?page=99")) == 20  # past the end: the last page


def test_the_queue_runs_the_same_queries_whatever_the_page_holds(app: Flask, team: Team) -> None:
    """No per-row queries: names are joined, categories loaded in one go, nothing decrypted."""
    caseworker = add_member("caseworker", team)
    client = staff(app, team.lead, team)

    def statements() -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(args[2])

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/team/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    make_case(team, assignee_id=caseworker.id)
    # The list of forces is read at most every 30 seconds per worker, not per page: read it
    # before counting, as a running worker would have.
    app.extensions["candour_forces"].slugs()
    few = statements()
    for n in range(40):
        make_case(
            team,
            days_ago=n,
            assignee_id=caseworker.id if n % 2 else None,
            categories=("racism", "sexual_misconduct"),
        )
    assert statements() == few


def test_the_queue_opens_on_open_cases_and_takes_several_stages(app: Flask, team: Team) -> None:
    received = make_case(team)
    assessing = make_case(team, stage="assessing", acknowledged_on=TODAY, days_ago=1)
    outcome = make_case(team, stage="outcome", acknowledged_on=TODAY, days_ago=2)
    closed = make_case(team, stage="closed", closed_on=TODAY, days_ago=3)
    client = staff(app, team.lead, team)
    assert listed(client) == [received.reference, assessing.reference, outcome.reference]
    both = listed(client, "?stage=assessing&stage=outcome")
    assert both == [assessing.reference, outcome.reference]
    everything = "?" + "&".join(f"stage={s}" for s in STAGES)
    assert closed.reference in listed(client, everything)
    assert listed(client, "?stage=closed") == [closed.reference]


def test_my_open_cases_are_one_click_from_the_queue(app: Flask, team: Team) -> None:
    caseworker = add_member("caseworker", team)
    mine = make_case(team, assignee_id=caseworker.id)
    make_case(team, assignee_id=caseworker.id, stage="closed", closed_on=TODAY, days_ago=1)
    make_case(team, days_ago=2)
    client = staff(app, caseworker, team)
    page = client.get("/team/").get_data(as_text=True)
    link = re.search(r'<a class="govuk-link" href="/team/(\?[^"]*)">My open cases</a>', page)
    assert link, "no 'My open cases' link on the queue"
    assert listed(client, link.group(1).replace("&amp;", "&")) == [mine.reference]


def test_repeat_subject_only_tags_a_case_whose_person_is_named_again(
    client: FlaskClient, team: Team
) -> None:
    person = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
    submit_report(client, people=[person], categories=["sexual_misconduct"])
    submit_report(client, people=[person], categories=["sexual_misconduct"])
    submit_report(
        client,
        people=[],
        categories=["sexual_misconduct"],
        description="He grabbed me and looked up my address on PNC.",
    )
    staff = client.application.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    html = staff.get("/team/").get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row candour-case-row">(.*?)</tr>', html, re.S)
    tags = ["Repeat subject" in row for row in rows if "C-" in row]
    own = [bool(re.search(r">\s*Risk \d+\s*<", row)) for row in rows if "C-" in row]
    assert sorted(tags) == [False, True, True]
    assert own.count(True) == 1


def test_a_late_acknowledgement_buys_no_time_and_shows_as_done_late(app: Flask, team: Team) -> None:
    """Acknowledged 40 days after receipt: the acknowledgement reads "Done late", and feedback
    falls due three months after day 7 (not after the acknowledgement), so the case is overdue
    for feedback now, 100 days after receipt, where it would not be if acknowledging late
    moved the deadline."""
    case = make_case(
        team, days_ago=100, acknowledged_on=TODAY - timedelta(days=60), stage="acknowledged"
    )
    client = staff(app, team.lead, team)
    assert case.reference in listed(client, "?overdue=y")
    html = client.get("/team/").get_data(as_text=True)
    row = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))[case.reference]
    assert "Done late" in row and "Overdue" in row


def test_a_released_go_together_reports_clocks_run_from_its_release(app: Flask, team: Team) -> None:
    """Sent 100 days ago and held until a match released it 2 days ago: nobody could see it
    before, so it is not overdue, and the case page gives its acknowledgement a week from the
    release (it read "was due" 93 days ago, and the queue put it first as overdue)."""
    released = TODAY - timedelta(days=2)
    case = make_case(team, days_ago=100, go_together=True, escrow="released", released_on=released)
    client = staff(app, team.lead, team)
    assert case.reference not in listed(client, "?overdue=y")
    page = visible_text(client.get(f"/team/cases/{case.reference}").get_data(as_text=True))
    assert f"Acknowledge within 7 days Due by {day(released + timedelta(days=7))}" in page


def test_a_high_risk_of_retaliation_is_in_the_urgent_filter_and_said_in_the_row(
    app: Flask, team: Team
) -> None:
    """A team-recorded high risk of retaliation is as pressing as a report of it: the filter
    for urgent cases finds it, and the row says the risk, not "protection open"."""
    risky = make_case(team, days_ago=3)
    calm = make_case(team, days_ago=3)
    for case, level in ((risky, "high"), (calm, "low")):
        db.session.add(
            Protection(
                uid=os.urandom(16).hex(),
                report_id=case.id,
                level=level,
                note=b"",
                measures=b"",
                opened_on=TODAY,
                opened_by=team.lead.id,
            )
        )
    db.session.commit()
    client = staff(app, team.lead, team)
    assert listed(client, "?flagged=y") == [risky.reference]
    html = client.get("/team/").get_data(as_text=True)
    rows = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))
    assert "Retaliation risk: high" in rows[risky.reference]
    assert "Retaliation risk: low" in rows[calm.reference]


def test_every_cell_carries_its_column_heading_for_a_phone(app: Flask, team: Team) -> None:
    """Below tablet width each case is a block of labelled cells (the stylesheet shows each
    cell's data-label): every label is its column's heading, hidden words included, and a case
    without flags has an empty flags cell, which the phone leaves out."""
    flagged = make_case(team, days_ago=3, urgent=True)
    plain = make_case(team, days_ago=2)
    html = staff(app, team.lead, team).get("/team/").get_data(as_text=True)
    head = re.search(r'<thead class="govuk-table__head">(.*?)</thead>', html, re.S)
    assert head
    headings = [words(cell) for cell in re.findall(r"<th [^>]*>(.*?)</th>", head.group(1), re.S)]
    assert headings[-2:] == ["Acknowledge within 7 days", "Feedback within 3 months"]
    rows = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))
    for row in rows.values():
        assert re.findall(r'<td [^>]*data-label="([^"]*)"', row) == headings[1:]
        assert row.count("<td ") == len(headings) - 1
    flags = {
        reference: re.search(r'data-label="Flags">(.*?)</td>', row, re.S)
        for reference, row in rows.items()
    }
    assert (plain_flags := flags[plain.reference]) and plain_flags.group(1) == ""
    assert (urgent_flags := flags[flagged.reference]) and "Urgent" in urgent_flags.group(1)
    # The reference is the block's heading, on a line of its own and needing no label.
    columns, labels = table_labels(html, 'class="govuk-table candour-queue')
    assert columns == headings
    assert labels == [[None, *headings[1:]]] * 2


def test_the_common_view_shown_is_marked_and_named(app: Flask, team: Team) -> None:
    client = staff(app, team.lead, team)
    mine = parse(client.get("/team/?assignee=me").get_data(as_text=True))
    current = mine.find(**{"aria-current": "page"})
    assert [a.words for a in current] == ["My open cases"]
    assert mine.find("h1")[0].words == "My open cases"
    assert "My open cases – Queue" in mine.find("title")[0].words
    default = parse(client.get("/team/").get_data(as_text=True))
    assert [a.words for a in default.find(**{"aria-current": "page"})] == ["Open cases"]
    assert default.find("h1")[0].words == "Queue"
    mixed = parse(client.get("/team/?assignee=me&overdue=y").get_data(as_text=True))
    assert not mixed.find(**{"aria-current": "page"})  # not one of the common views
    assert mixed.find("h1")[0].words == "Queue"


def test_a_reporter_reply_not_yet_answered_is_flagged_and_filterable(
    app: Flask, team: Team
) -> None:
    """A reporter's message newer than the team's last message to them is said in the row
    ("Reporter replied") and found by its own filter, until the team answers it."""

    def message(case: Report, seq: int, *, from_reporter: bool) -> None:
        db.session.add(
            Message(
                uid=os.urandom(16).hex(),
                report_id=case.id,
                seq=seq,
                from_reporter=from_reporter,
                member_id=None if from_reporter else team.lead.id,
                sent_on=TODAY,
                body=b"",
                reporter_copy=b"",
            )
        )

    waiting = make_case(team, days_ago=3)  # the team wrote, then the reporter replied
    answered = make_case(team, days_ago=3)  # the reporter replied, then the team answered
    unasked = make_case(team, days_ago=3)  # the reporter wrote first, nobody has answered
    quiet = make_case(team, days_ago=3)  # only the team has written
    message(waiting, 1, from_reporter=False)
    message(waiting, 2, from_reporter=True)
    message(answered, 1, from_reporter=False)
    message(answered, 2, from_reporter=True)
    message(answered, 3, from_reporter=False)
    message(unasked, 1, from_reporter=True)
    message(quiet, 1, from_reporter=False)
    db.session.commit()
    client = staff(app, team.lead, team)
    assert sorted(listed(client, "?replied=y")) == sorted([waiting.reference, unasked.reference])
    page = client.get("/team/?replied=y").get_data(as_text=True)
    assert "Reporter replied and not answered yet" in page  # the filter's label, ticked
    assert re.search(r'name="replied"[^>]*checked', page)
    html = client.get("/team/").get_data(as_text=True)
    rows = dict(re.findall(r">(C-[A-Z0-9]{8})</a></th>(.*?)</tr>", html, re.S))
    flagged = {ref for ref, row in rows.items() if "Reporter replied" in words(row)}
    assert flagged == {waiting.reference, unasked.reference}
