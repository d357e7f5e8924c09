"""``flask seed demo`` on an empty database: a living demo built through the live code paths.

The seed runs once per test with a small ``--reports`` (the planted stories plus a few
background reports), then the test reads back what a newcomer would find.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date, timedelta

from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from intake.models import CaseEvent, Message, Report
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.sealing import TeamPrivateKey, open_sealed
from intake.tenancy import use_force
from intake.vocabulary import STAGES
from seeds.demo import texts as demo_texts
from seeds.demo.background import background_reports
from seeds.demo.command import FIRST_FORCE_NAME, MIN_OTHER_REPORTS
from seeds.demo.decisions import decided
from seeds.demo.stories import planted_reports, variety_reports
from seeds.demo.team import DEMO_PASSWORD
from seeds.demo.transferee import WARRANT
from tests.helpers import Team, open_status, sign_in_directly
from tests.test_oversight_page import page_tables
from triage.casework.vocabulary import (
    ACKNOWLEDGEMENT_MESSAGE,
    CASE_DECISIONS,
    SUBJECT_TYPES,
    outcomes_for,
)
from triage.models import AuditEntry, Member, Note, Recusal
from triage.models.case import Protection
from triage.models.crossforce import CrossForceNotice, SharedReport
from triage.models.subjects import ClusterRisk, PossibleMatch, SubjectLink
from triage.team.keys import unlock_member, unlock_recovery

REPORTS = 30  # the planted stories and a few background reports: enough, and quick
PREDATORY_NAME = "Kettleborough"
PREDATORY_NARRATIVE = "looked up her address on PNC"


def seed(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["seed", "demo", *args])


def seeded(app: Flask) -> Result:
    result = seed(app, "--reports", str(REPORTS), "--seed", "7")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def member(email: str) -> Member:
    found = db.session.scalars(select(Member).where(Member.email == email)).one()
    return found


def lead_keys() -> dict[int, TeamPrivateKey]:
    return dict(unlock_member(member("lead@candour.example"), DEMO_PASSWORD))


def reports_of() -> list[Report]:
    """Every report of the force the session works for."""
    return list(db.session.scalars(select(Report)))


def visible_reports() -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.escrow != "waiting")))


def predatory_cluster() -> ClusterRisk:
    top = db.session.scalars(
        select(ClusterRisk)
        .where(ClusterRisk.predatory.is_(True))
        .order_by(ClusterRisk.score.desc())
    ).first()
    assert top is not None
    return top


def assert_seeding_again_changes_nothing(app: Flask) -> None:
    counts = (
        db.session.scalar(select(func.count(Report.id))),
        db.session.scalar(select(func.count(CaseEvent.id))),
    )

    again = seed(app, "--if-empty", "--reports", "5")
    assert again.exit_code == 0 and "already present" in again.output
    refused = seed(app, "--reports", "5")
    assert refused.exit_code != 0 and "already has a team" in refused.output
    db.session.expire_all()
    assert (
        db.session.scalar(select(func.count(Report.id))),
        db.session.scalar(select(func.count(CaseEvent.id))),
    ) == counts


def test_the_demo_outcomes_all_fit_their_case_decision() -> None:
    """The demo draws outcomes by decision; each must be one the case page accepts."""
    rng = random.Random(7)
    for decision in CASE_DECISIONS:
        for subject_type in SUBJECT_TYPES:
            fitting = outcomes_for(subject_type, decision)
            for _ in range(40):
                drawn = decided(["bullying"], subject_type, decision, None, rng).outcome
                assert drawn in fitting, (decision, subject_type, drawn)


def test_seed_on_an_empty_database_builds_every_part_of_the_demo(app: Flask) -> None:
    result = seeded(app)
    today = date.today()

    assert db.session.scalar(select(func.count(Report.id))) == REPORTS
    for text in (
        "Stages",
        "Repeat subjects",
        "Possible matches for a caseworker",
        "/team/sign-in",
        "lead@candour.example",
        "olive@candour.example",
        DEMO_PASSWORD,
    ):
        assert text in result.output
    # The recovery key is shown once, and it opens the team's keys (reread asks for it).
    said = re.search(r"Recovery key, shown this once .*: (\S+)\n", result.output)
    assert said and unlock_recovery(said.group(1))
    # Some people are named too vaguely to link: the demo leaves them for the team to judge.
    assert (
        db.session.scalar(
            select(func.count(PossibleMatch.id)).where(PossibleMatch.status == "open")
        )
        >= 1
    )

    reports = visible_reports()
    assert {r.stage for r in reports} == set(STAGES)
    released = [r for r in reports if r.escrow == "released"]
    assert released and all(r.released_on and r.released_on > r.received_on for r in released)
    assert db.session.scalar(select(func.count(Report.id)).where(Report.escrow == "waiting")) == 1

    # The escalating pattern ranks above the (bigger) bullying cluster.
    top = predatory_cluster()
    assert top.report_count >= 5 and top.level == "high"
    assert "escalated" in top.reasons
    bullying = db.session.scalars(
        select(ClusterRisk).where(ClusterRisk.predatory.is_(False), ClusterRisk.report_count >= 5)
    ).first()
    assert bullying is not None and bullying.score < top.score

    # Clocks: every step after the one before, and nothing dated in the future.
    for report in reports:
        days = [
            report.received_on,
            report.released_on,
            report.acknowledged_on,
            report.outcome_on,
            report.closed_on,
        ]
        present = [d for d in days if d is not None]
        assert present == sorted(present) and present[-1] <= today, report.reference
        # An outcome only once the report was acknowledged, as the case page allows: dated in
        # order above, so it was acknowledged on or before the outcome's day.
        assert report.outcome is None or report.acknowledged_on is not None, report.reference
        # Dated the day the demo made them, not the day it was seeded: dated today, the
        # decisions, and every case changed (``Report.keep_figures_before_change``), would
        # count in no oversight figure until next month.
        if report.case_decision:
            assert report.decision_on == report.outcome_on, report.reference
        if report.closed_on:
            changed = report.figures_changed_on
            assert changed is not None and changed <= report.closed_on, report.reference
        events = [e.on for e in report.events]
        assert events == sorted(events) and events[0] == report.received_on
    delays = [
        (r.acknowledged_on - (r.released_on or r.received_on)).days
        for r in reports
        if r.acknowledged_on
    ]
    assert sum(1 for d in delays if d <= 7) >= 0.7 * len(delays)
    assert min(r.received_on for r in reports) < today - timedelta(days=700)

    # Retaliation, protection, conflicts, IOPC decisions, ethnicity and assignees.
    flagged = [r for r in reports if r.retaliation_on]
    assert flagged and all(r.urgent for r in flagged)
    assert (db.session.scalar(select(func.count(Protection.id))) or 0) >= 1
    assert (db.session.scalar(select(func.count()).select_from(Recusal)) or 0) >= 1
    decisions = {r.iopc_decision for r in reports if r.iopc_flags}
    assert {"confirmed", "rejected", None} <= decisions
    with_outcome = [r for r in reports if r.outcome]
    assert {r.case_decision for r in with_outcome} == {
        "no_case",
        "case_misconduct",
        "case_gross_misconduct",
    }
    assert sum(1 for r in with_outcome if r.subject_ethnicity) >= 0.7 * len(with_outcome)
    # The predatory officer's final written warning from the hearing was in force when his next
    # report was assessed; no one else has a warning recorded.
    warned = [r for r in reports if r.warning_in_force]
    assert [(r.warning_in_force, r.stage) for r in warned] == [
        ("final_written_warning", "assessing")
    ]
    assignees = {r.assignee_id for r in reports}
    assert {member("casey@candour.example").id, member("sam@candour.example").id} <= assignees
    # A reporter who replied had read the team's messages before it: none is still "New".
    for report in reports:
        replies = [m.seq for m in report.messages if m.from_reporter]
        if replies:
            before = [m for m in report.messages if not m.from_reporter and m.seq < max(replies)]
            assert all(m.seen_by_reporter for m in before), report.reference

    # Run again (as ``make run`` does every time): nothing changes.
    assert_seeding_again_changes_nothing(app)


def test_everything_written_is_sealed_and_opens_with_the_team_key(app: Flask) -> None:
    seeded(app)
    keys = lead_keys()
    known = {
        ACKNOWLEDGEMENT_MESSAGE,
        *demo_texts.FEEDBACK,
        *demo_texts.REPLIES,
        *demo_texts.RETALIATION,
        *demo_texts.OUTCOME_MESSAGES,
        *demo_texts.NOTES,
        *demo_texts.MANAGEMENT_ACTIONS,
        *(t for ts in demo_texts.OUTCOME_REASONS.values() for t in ts),
        *(t for ts in demo_texts.IOPC_REASONS.values() for t in ts),
        *demo_texts.CLOSE_REASONS.values(),
    }

    messages = db.session.scalars(select(Message)).all()
    notes = db.session.scalars(select(Note)).all()
    assert any(m.from_reporter for m in messages) and any(not m.from_reporter for m in messages)
    assert {n.kind for n in notes} >= {"note", "outcome_reason"}
    for message in messages:
        report = message.report
        text = open_sealed(
            keys, message.body, record=report.record, field=f"message:{message.uid}"
        ).decode()
        assert text in known
        assert report.received_on <= message.sent_on <= date.today()
    for note in notes:
        noted = db.session.get(Report, note.report_id)
        assert noted is not None
        sealed = open_sealed(keys, note.body, record=noted.record, field=f"note:{note.uid}")
        assert sealed.decode() in known

    # Nothing anyone wrote, and no name, is stored in clear anywhere.
    needles = [
        PREDATORY_NAME,
        PREDATORY_NARRATIVE,
        demo_texts.NOTES[0][:40],
        demo_texts.FEEDBACK[0][:40],
        demo_texts.REPLIES[0][:30],
    ]
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            for value in row:
                raw = value if isinstance(value, bytes) else str(value).encode()
                assert not any(n.encode() in raw for n in needles), table.name


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    who = member(email)
    sign_in_directly(client, who, lead_keys() if who.reads_cases else {})
    return client


def test_the_pages_the_demo_feeds_render_for_the_demo_team(app: Flask) -> None:
    seeded(app)
    cluster = predatory_cluster()
    refs = list(
        db.session.scalars(
            select(Report.reference)
            .join(SubjectLink, SubjectLink.report_id == Report.id)
            .where(SubjectLink.cluster_id == cluster.cluster_id)
            .order_by(Report.received_on)
        )
    )
    client = signed_in(app, "lead@candour.example")

    every_stage = "&".join(f"stage={code}" for code in STAGES)
    queue = client.get(f"/team/?{every_stage}")
    assert queue.status_code == 200
    assert all(ref in queue.get_data(as_text=True) for ref in refs)

    case = client.get(f"/team/cases/{refs[-2]}")
    html = case.get_data(as_text=True)
    assert case.status_code == 200 and PREDATORY_NARRATIVE in html
    closed = client.get(f"/team/cases/{refs[0]}")
    assert closed.status_code == 200 and ACKNOWLEDGEMENT_MESSAGE[:40] in closed.get_data(
        as_text=True
    )

    timeline = client.get(f"/team/subjects/{cluster.cluster_id}?case={refs[-1]}")
    assert timeline.status_code == 200
    assert all(ref in timeline.get_data(as_text=True) for ref in refs)

    for email in ("lead@candour.example", "olive@candour.example"):
        page = signed_in(app, email).get("/team/oversight")
        assert page.status_code == 200, email
        # Figures run to the end of last month: the demo's reports of past months fill them.
        total = page_tables(page.get_data(as_text=True))["received-by-month"][-1]
        assert total[0] == "Total" and total[1].isdigit() and int(total[1]) >= 10, total


def test_the_same_seed_plans_the_same_demo() -> None:
    today = date(2026, 1, 15)
    first = [(r.record, r.received) for r in background_reports(40, 7, today)]
    assert first == [(r.record, r.received) for r in background_reports(40, 7, today)]
    assert first != [(r.record, r.received) for r in background_reports(40, 8, today)]
    assert all(today - timedelta(days=3 * 365) <= day < today for _, day in first)
    variety = [(v.record, v.received) for v in variety_reports(today, 8, random.Random(3))]
    assert variety == [(v.record, v.received) for v in variety_reports(today, 8, random.Random(3))]
    stories = planted_reports(today)
    assert [s.record for s in stories] == [s.record for s in planted_reports(today)]
    assert {c for s in stories for c in s.record["categories"]} >= {
        "bullying",
        "sexism_misogyny",
        "sexual_misconduct",
        "racism",
        "homophobia",
        "transphobia",
        "other_discrimination",
        "domestic_abuse",
        "abuse_of_position",
        "retaliation",
        "other",
    }


def test_a_real_teams_secrets_are_never_printed_and_production_refuses(
    app: Flask, team: Team
) -> None:
    lead = db.session.get_one(Member, team.lead.id)
    result = seed(app, "--if-empty")
    assert result.exit_code == 0 and "already has a team (not the demo's)" in result.output
    assert "Demo data" not in result.output and "Demo sign-in" not in result.output
    assert lead.totp_secret not in result.output and lead.email not in result.output
    app.config["CANDOUR_PRODUCTION"] = True
    refused = seed(app)
    assert refused.exit_code != 0 and "not for production" in refused.output


def test_a_two_force_demo_needs_a_national_key(app: Flask) -> None:
    result = seed(app, "--reports", str(REPORTS), "--forces", "2")
    assert result.exit_code != 0 and "CANDOUR_NATIONAL_MATCHING_KEY" in result.output
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_a_two_force_demo_gives_each_force_its_own_team_and_the_transferee(
    app: Flask, client: FlaskClient
) -> None:
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = bytes(range(32))
    result = seed(app, "--reports", str(REPORTS), "--seed", "7", "--forces", "2")
    assert result.exit_code == 0, result.output
    assert "request to share was accepted" in result.output
    assert "lead@north.candour.example" in result.output and "/north/team/" in result.output
    north = db.session.scalars(select(Force).where(Force.slug == "north")).one()
    first = db.session.scalar(select(func.count(Report.id)))
    with use_force(north.id):
        emails = set(db.session.scalars(select(Member.email)))
        assert emails == {f"{e.split('@')[0]}@north.candour.example" for e in emails}
        assert len(emails) == 4
        reports = reports_of()
        assert len(reports) == MIN_OTHER_REPORTS
        keys = dict(unlock_member(member("lead@north.candour.example"), DEMO_PASSWORD))
        contents = [open_sealed(keys, r.content, record=r.record, field="report") for r in reports]
        # Both of north's reports naming him carry two notices: his warrant number (from north's
        # roster) against the first force's report giving it, and his name in the force he
        # left against the one naming him only as Dan Rourke. Its lead asked and was answered.
        # Each notice gives the year the other force's report arrived, as the demo dates it.
        # Read north's notices before switching force: on PostgreSQL, row-level security hides
        # them from the first force, so a lazy reload inside its block finds no row.
        notices = db.session.execute(
            select(CrossForceNotice.other_notice_id, CrossForceNotice.other_year)
        ).all()
        assert notices
        for other_notice_id, other_year in notices:
            with use_force(DEFAULT_FORCE_ID):
                other = db.session.scalars(
                    select(CrossForceNotice).where(CrossForceNotice.id == other_notice_id)
                ).one()
                received = db.session.get_one(Report, other.report_id).received_on
            assert other_year == received.year
        agreements = Counter(db.session.scalars(select(CrossForceNotice.agreement)))
        assert agreements["warrant,name_former_unit,name_served_there"] == 2
        assert agreements["name_served_there"] == 2
        assert db.session.scalars(select(SharedReport)).all()
        north_audit = set(db.session.scalars(select(AuditEntry.action)))
        assert {"crossforce_requested", "crossforce_accepted_there"} <= north_audit
        assert sum(WARRANT.encode() in c for c in contents) == 1  # the roster knows it
    # The first force kept its own demo, the transferee's earlier reports among them, and its
    # audit chain and the shared report's reporter record the referral.
    assert first == REPORTS
    # The first force has a name beside the others', not "Default force".
    assert db.session.get_one(Force, DEFAULT_FORCE_ID).name == FIRST_FORCE_NAME
    assert "crossforce_accepted" in set(db.session.scalars(select(AuditEntry.action)))
    assert db.session.scalar(select(func.count(CaseEvent.id)).where(CaseEvent.kind == "shared"))
    keys = lead_keys()
    contents = [open_sealed(keys, r.content, record=r.record, field="report") for r in reports_of()]
    assert sum(b"Rourke" in c for c in contents) == 2  # one gives his warrant number
    assert "lead@north.candour.example" not in set(db.session.scalars(select(Member.email)))
    # The printed receipt is the shared report's, and its status page says it was shared.
    receipt = re.search(r"status page \(/status\) with the receipt (\S+)\.", result.output)
    assert receipt is not None, result.output
    status = open_status(client, receipt[1]).get_data(as_text=True)
    assert "shared with another police force" in status


def test_a_three_force_demo_has_each_other_force_ask_the_first(app: Flask) -> None:
    # The third force's reports name the transferee in the second force too; its request must
    # go to the first force, whose lead the demo has answer it (it crashed asking the second).
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = bytes(range(32))
    result = seed(app, "--reports", str(REPORTS), "--seed", "7", "--forces", "3")
    assert result.exit_code == 0, result.output
    assert result.output.count("request to share was accepted") == 2
    others = db.session.scalars(select(Force).where(Force.id != DEFAULT_FORCE_ID)).all()
    assert len(others) == 2
    for force in others:
        with use_force(force.id):
            assert db.session.scalars(select(SharedReport)).all()
