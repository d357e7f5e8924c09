"""Decisions and outcomes changed after they were recorded. A caseworker could turn a quick "no
further action" into reflective practice months later, with no lead and no reopening, and the
action taken rate of every period the case counts in rose with nothing on the oversight pages to
show it (the timeline and audit log, which oversight never sees, said so). The page now counts
the cases whose case decision or outcome was changed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import CaseEvent, Report
from tests.helpers import RUN_DAY, Team, add_member
from tests.test_case import act
from tests.test_casework_rules import NOTHING_MORE, OFFICER, SHOUTING, new_report
from tests.test_oversight_page import cases_received, page_tables, staff
from triage.casework.assessment import DECISION_CHANGED
from triage.casework.outcome import OUTCOME_CHANGED
from triage.oversight import counting
from triage.oversight.measures import Period
from triage.oversight.period import figures_as_at

# Named at import, so the two tests that take today's dates run at noon of the run's first day
# (``midday``): a run that crossed midnight before them left the reports they sent outside it.
THIS_YEAR = Period(RUN_DAY - timedelta(days=30), RUN_DAY)
RPRP = {
    "outcome": "rprp",
    "outcome_message": "We looked into your report again and decided this.",
    "outcome_reason": "Admitted in the end",
}


def changed_today() -> Counter[str]:
    return counting.compute(THIS_YEAR, RUN_DAY).changed


@pytest.mark.usefixtures("midday")
def test_an_outcome_a_caseworker_changes_is_counted_and_one_recorded_once_is_not(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    caseworker = staff(app, add_member("caseworker", team), team)
    changed, recorded_once = new_report(client, SHOUTING), new_report(client, SHOUTING)
    for report in (changed, recorded_once):
        act(
            caseworker,
            report,
            "acknowledge",
            {"acknowledgement": "Thank you, we have your report."},
        )
        assert act(caseworker, report, "outcome", NOTHING_MORE).status_code == 302
    assert changed_today() == Counter()
    assert act(caseworker, changed, "outcome", RPRP).status_code == 302
    assert changed.outcome == "rprp"
    assert changed_today() == Counter(outcome=1)
    assert act(caseworker, changed, "outcome", NOTHING_MORE).status_code == 302  # and back
    assert changed_today() == Counter(outcome=1)  # cases, not changes


@pytest.mark.usefixtures("midday")
def test_a_decision_a_lead_changes_is_counted(app: Flask, client: FlaskClient, team: Team) -> None:
    report = new_report(client, SHOUTING)
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    no_case = {**OFFICER, "case_decision": "no_case"}
    assert act(lead, report, "assessment", no_case)
    assert act(lead, report, "assessment", {**no_case, "severity": "gross_misconduct"})
    assert changed_today() == Counter()  # the decision stayed
    assert act(lead, report, "assessment", {**OFFICER, "case_decision": "case_misconduct"})
    assert changed_today() == Counter(decision=1)


@pytest.mark.usefixtures("midday")
def test_a_decision_first_recorded_under_an_outcome_is_counted(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    # Recorded after the outcome, the first decision moves the case to answer rate of every
    # period the case counts in as a changed one does: counted only when it replaced another,
    # "no further action" with no decision, then "case to answer", showed no change at all.
    report = new_report(client, SHOUTING)
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    assert act(lead, report, "outcome", NOTHING_MORE).status_code == 302
    assert act(lead, report, "assessment", {**OFFICER, "case_decision": "case_misconduct"})
    assert report.case_decision == "case_misconduct"
    assert changed_today() == Counter(decision=1)
    lines = db.session.scalars(
        select(CaseEvent.detail).where(
            CaseEvent.report_id == report.id, CaseEvent.kind == "assessment"
        )
    )
    assert f"{DECISION_CHANGED} not decided to Case to answer (misconduct)" in list(lines)


YEAR = "2026-27"
TODAY = date(2027, 2, 14)  # the figures are as at 31 January 2027
RECEIVED = date(2026, 10, 1)


def changed_on(team: Team, count: int, kind: str, begins: str, on: date) -> None:
    """``count`` cases with a timeline line of ``kind`` changing what was recorded, on ``on``."""
    before = set(db.session.scalars(select(Report.id)))
    cases_received(team, RECEIVED, count)
    for report_id in set(db.session.scalars(select(Report.id))) - before:
        detail = f"{begins} No further action to Reflective practice review process (RPRP)"
        db.session.add(CaseEvent(report_id=report_id, seq=1, on=on, kind=kind, detail=detail))
    db.session.commit()


def test_the_page_shows_the_changes_made_by_the_end_of_last_month(app: Flask, team: Team) -> None:
    with time_machine.travel(
        datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC), tick=False
    ):
        changed_on(team, 10, "outcome", OUTCOME_CHANGED, date(2027, 1, 20))
        changed_on(team, 5, "outcome", OUTCOME_CHANGED, date(2027, 2, 3))  # after 31 January
        changed_on(team, 5, "assessment", DECISION_CHANGED, date(2026, 12, 1))
        changed_on(team, 5, "assessment", "Assessment recorded", date(2026, 12, 1))  # no change
        cases_received(team, RECEIVED, 20)
        assert figures_as_at(date.today()) == date(2027, 1, 31)
        oversight = staff(app, add_member("oversight", team), team)
        html = oversight.get(f"/team/oversight?period={YEAR}").get_data(as_text=True)
        rows = {r[0]: r[1:] for r in page_tables(html)["changed-after-recorded"]}
        assert rows["Outcome"] == ["10"]
        assert rows["Case decision"] == ["5"]
        csv = oversight.get(f"/team/oversight/changed-after-recorded.csv?period={YEAR}")
        assert csv.status_code == 200 and "Outcome,10" in csv.get_data(as_text=True)
