"""Flags for an IOPC referral and how long they waited for a lead's decision. The referral's
deadline runs from the lead's confirmation, so a lead who sat on a flag for a month and recorded
the referral the day they confirmed it still counted as on time, and flags nobody had decided
were in no figure at all: the oversight page counts the flags by a lead's decision, and how many
waited past the end of the next working day, and the queue's overdue cases include them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, sign_in_directly
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.casework.clocks import iopc_decision_due, iopc_decision_raised_by
from triage.oversight import counting
from triage.oversight.measures import Period
from triage.oversight.period import figures_as_at
from triage.oversight.referral_table import FLAG_ROWS

YEAR = "2026-27"
PERIOD = Period(date(2026, 4, 1), date(2026, 9, 30))
TODAY = date(2026, 10, 14)  # the figures are as at Wednesday 30 September
THURSDAY, FRIDAY, MONDAY = date(2026, 9, 3), date(2026, 9, 4), date(2026, 9, 7)
FLAG = "serious_assault"


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


def flags(team: Team, received: date, count: int, decision: str | None, on: date | None) -> None:
    cases_received(
        team, received, count, iopc_flags=FLAG, iopc_decision=decision, iopc_decided_on=on
    )


def test_a_flag_is_due_by_the_end_of_the_next_working_day() -> None:
    assert iopc_decision_due(THURSDAY) == FRIDAY
    assert iopc_decision_due(FRIDAY) == MONDAY
    assert iopc_decision_due(date(2026, 9, 5)) == MONDAY  # raised on a Saturday
    # On Tuesday, flags raised on Friday to Sunday are overdue; Monday's is not yet.
    assert iopc_decision_raised_by(date(2026, 9, 8)) == date(2026, 9, 6)
    assert iopc_decision_raised_by(MONDAY) == THURSDAY


def test_flags_waiting_for_a_lead_are_counted_with_their_wait(app: Flask, team: Team) -> None:
    with at(TODAY):
        flags(team, THURSDAY, 6, "confirmed", FRIDAY)  # decided the next working day
        # Confirmed a fortnight late: its referral, recorded that day, would count on time.
        flags(team, THURSDAY, 5, "confirmed", date(2026, 9, 18))
        flags(team, FRIDAY, 5, "rejected", MONDAY)  # over the weekend: in time
        flags(team, THURSDAY, 5, "rejected", date(2026, 9, 25))
        flags(team, THURSDAY, 7, None, None)  # never decided
        flags(team, THURSDAY, 5, "confirmed", date(2026, 10, 2))  # decided after 30 September
        flags(team, date(2026, 9, 29), 5, None, None)  # due 30 September: not yet late
        # A go-together report's flag is raised when it is released (Monday 28 September).
        flags(team, date(2026, 6, 1), 5, "confirmed", date(2026, 9, 29))
        db_reports_released(date(2026, 6, 1), date(2026, 9, 28))
        cases_received(team, THURSDAY, 5)  # not flagged
        found = counting.compute(PERIOD, figures_as_at(date.today()))
        assert found.iopc_flags == Counter(
            confirmed=16, confirmed_late=5, rejected=10, rejected_late=5, waiting=17,
            waiting_late=12,
        )  # fmt: skip
        html = staff(app, team.lead, team).get(f"/team/oversight?period={YEAR}")
        text = html.get_data(as_text=True)
        rows = {r[0]: r[1:] for r in page_tables(text)["iopc-flags"]}
        assert rows[FLAG_ROWS["confirmed"]] == ["15", "5", "33%"]
        assert rows[FLAG_ROWS["rejected"]] == ["10", "5", "50%"]
        assert rows[FLAG_ROWS["decided"]] == ["25", "10", "40%"]
        assert rows[FLAG_ROWS["waiting"]] == ["15", "10", "67%"]
        assert "by the end of the next working day after triage raised it" in text
        csv_file = staff(app, team.lead, team).get(f"/team/oversight/iopc-flags.csv?period={YEAR}")
        assert f"{FLAG_ROWS['waiting']},15,10,67%" in csv_file.get_data(as_text=True)


def db_reports_released(received: date, released: date) -> None:
    """Make the reports received on ``received`` go-together reports released on ``released``."""
    db.session.execute(
        update(Report)
        .where(Report.received_on == received)
        .values(escrow="released", released_on=released)
    )
    db.session.commit()


def queue_rows(client: FlaskClient, query: str = "") -> dict[str, str]:
    html = client.get(f"/team/{query}").get_data(as_text=True)
    return {
        ref: row
        for row, ref in re.findall(
            r'(<tr class="govuk-table__row candour-case-row">.*?/team/cases/(C-[A-Z0-9]+).*?</tr>)',
            html,
            re.S,
        )
    }


def test_a_flag_left_undecided_past_the_next_working_day_is_overdue_in_the_queue(
    app: Flask, team: Team
) -> None:
    tuesday = date(2026, 9, 8)
    with at(tuesday):
        # Acknowledged and fed back, so no other clock makes them overdue.
        done = {"acknowledged_on": tuesday, "feedback_on": tuesday}
        cases_received(team, FRIDAY, 1, iopc_flags=FLAG, **done)
        cases_received(team, MONDAY, 1, iopc_flags=FLAG, **done)
        cases_received(team, THURSDAY, 1, iopc_flags=FLAG, iopc_decision="rejected",
                       iopc_decided_on=tuesday, **done)  # fmt: skip
        late, waiting, decided = (
            db.session.scalars(select(Report.reference).order_by(Report.received_on)).all()[i]
            for i in (1, 2, 0)
        )
        client = app.test_client()
        sign_in_directly(client, add_member("caseworker", team), team.keys)
        overdue = queue_rows(client, "?overdue=y")
        assert set(overdue) == {late}
        rows = queue_rows(client)
        assert "IOPC referral decision overdue: was due 7 Sep 2026" in rows[late]
        assert "IOPC referral to decide by 8 Sep 2026" in rows[waiting]
        assert "IOPC referral" not in rows[decided]


def test_a_flag_on_a_report_deleted_before_a_decision_waits_no_longer(
    app: Flask, team: Team
) -> None:
    """A lead cannot decide on a report whose content was deleted (withdrawn and deleted at its
    reporter's request, or by retention), so its flag was overdue in the queue, tagged red on its
    page and counted as waiting, and late, at every month's end for ever."""
    tuesday = date(2026, 9, 8)
    with at(TODAY):
        # Acknowledged and fed back, so no other clock makes them overdue.
        done = {"iopc_flags": FLAG, "acknowledged_on": FRIDAY, "feedback_on": FRIDAY}
        deleted = {"withdrawn_on": FRIDAY, "content_destroyed_on": tuesday}
        cases_received(team, THURSDAY, 5, **done, **deleted)
        cases_received(team, THURSDAY, 5, **done)
        # Deleted after 30 September: it was still waiting, and late, then.
        cases_received(team, THURSDAY, 5, **done, content_destroyed_on=date(2026, 10, 5))
        found = counting.compute(PERIOD, figures_as_at(date.today()))
        assert found.iopc_flags == Counter(waiting=10, waiting_late=10)
        client = app.test_client()
        sign_in_directly(client, add_member("caseworker", team), team.keys)
        assert len(queue_rows(client, "?overdue=y")) == 5  # only the undecided, undeleted ones
        gone = db.session.scalars(
            select(Report.reference).where(Report.content_destroyed_on == tuesday)
        ).first()
        assert gone is not None and gone not in queue_rows(client, "?iopc_pending=y")
        page = client.get(f"/team/cases/{gone}")
        assert page.status_code == 200
        assert "IOPC referral decision overdue" not in page.get_data(as_text=True)
