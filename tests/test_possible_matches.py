"""Possible matches: a person the matcher could not link, shown on both cases for a caseworker
to judge; "same person" merges and re-scores the clusters, "different" puts it aside."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID
from tests.conftest import POSTGRES_URL
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    refused,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from tests.page_text import words
from triage.casework import closing, outcome, stages
from triage.casework.retention import apply_retention
from triage.matching.evidence import evidence_of
from triage.matching.possible import NOT_HERE
from triage.matching.reasons import phrases
from triage.matching.side_by_side import surnames_compared
from triage.matching.sql_store import cluster_lock_key, lock_clusters
from triage.matching.tokens import SubjectInput, labels, subject_keys
from triage.models import AuditEntry, ClusterRisk, Note, PossibleMatch, Recusal, SubjectLink

NUMBERED = {"name": "Liam Kingsmouth", "collar_number": "9871NE", "unit": "NE BCU"}
NAME_ONLY = {"name": "PC Liam Kingsmouth"}  # a bare full name: likely, but not enough to link


def report_named(client: FlaskClient, person: dict[str, str]) -> Report:
    submit_report(client.application.test_client(), people=[person])
    return reports_in_order()[-1]


def cluster_of(report: Report) -> str:
    return db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == report.id)
    ).one()


def two_reports(client: FlaskClient) -> tuple[Report, Report, PossibleMatch]:
    earlier, later = report_named(client, NUMBERED), report_named(client, NAME_ONLY)
    match = db.session.scalars(select(PossibleMatch)).one()
    return earlier, later, match


def sign_in_recused(client: FlaskClient, team: Team, report: Report) -> None:
    """Sign in a new caseworker who declared a conflict with ``report``."""
    caseworker = add_member("caseworker", team)
    db.session.add(Recusal(member_id=caseworker.id, report_id=report.id, declared_on=date.today()))
    db.session.commit()
    sign_in_directly(client, caseworker, team.keys)


def confirm_url(report: Report, match: PossibleMatch, judgement: str) -> str:
    """The page that shows both reports side by side before ``judgement`` is kept."""
    return f"/team/cases/{report.reference}/possible/{match.id}/confirm?judgement={judgement}"


def choose(
    client: FlaskClient, report: Report, match: PossibleMatch, judgement: str | None
) -> TestResponse:
    """Choose a judgement on the case page: the POST that leads to the confirmation."""
    url = f"/team/cases/{report.reference}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {f"possible-{match.id}-csrf_token": token}
    if judgement is not None:
        data[f"possible-{match.id}-judgement"] = judgement
    return client.post(f"{url}/possible/{match.id}", data=data)


def confirm(
    client: FlaskClient,
    report: Report,
    match: PossibleMatch,
    judgement: str,
    reason: str = "Different shoulder numbers and stations in the two accounts",
) -> TestResponse:
    """Press the button on the side-by-side page, as its form sends it, with the member's
    ``reason`` for the judgement (the same person, or different people)."""
    page = client.get(confirm_url(report, match, judgement))
    assert page.status_code == 200, page.location
    data = {"csrf_token": csrf_token(page.get_data(as_text=True))}
    if judgement == "different":
        data["different_reason"] = reason
    else:
        data["same_reason"] = reason
    return client.post(confirm_url(report, match, judgement), data=data)


def judge(
    client: FlaskClient,
    report: Report,
    match: PossibleMatch,
    judgement: str,
    *,
    reason: str = "Different shoulder numbers and stations in the two accounts",
) -> TestResponse:
    """Choose a judgement on the case page and confirm it with both reports side by side, as a
    member does; the answer to the confirmation."""
    chosen = choose(client, report, match, judgement)
    assert chosen.status_code == 303 and chosen.location == confirm_url(report, match, judgement)
    return confirm(client, report, match, judgement, reason)


def refused_judgement(
    client: FlaskClient, report: Report, match: PossibleMatch, judgement: str | None
) -> str:
    """A choice refused on the case page: the case page it comes back to, with the error."""
    return refused(
        client, choose(client, report, match, judgement), f"/team/cases/{report.reference}"
    )


def turned_away(client: FlaskClient, report: Report, match: PossibleMatch) -> str:
    """A judgement chosen where there is no match to judge: the side-by-side page sends the
    member back to the case, saying so. The case page shown."""
    chosen = choose(client, report, match, "same")
    assert chosen.status_code == 303
    sent_back = client.get(chosen.location)
    assert sent_back.status_code == 302
    assert sent_back.location == f"/team/cases/{report.reference}"
    return client.get(sent_back.location).get_data(as_text=True)


def test_a_bare_name_is_kept_as_a_possible_match_with_a_sealed_reason(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    assert cluster_of(earlier) != cluster_of(later)  # not linked
    assert (match.report_id, match.other_report_id, match.status) == (later.id, earlier.id, "open")
    assert 0.3 <= match.probability < 0.9
    assert match.reason and b"Kingsmouth" not in match.reason and b"kingsmouth" not in match.reason


def test_both_cases_show_it_with_the_reason_and_a_form(client: FlaskClient, team: Team) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    new_side = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible matches to judge" in new_side
    assert "Person 1 may be person 1 in" in new_side and earlier.reference in new_side
    assert "same name (Liam Kingsmouth)" in new_side
    assert f'id="possible-{match.id}-judgement"' in new_side
    old_side = client.get(f"/team/cases/{earlier.reference}").get_data(as_text=True)
    assert later.reference in old_side and "same name (Liam Kingsmouth)" in old_side


def test_judging_the_same_person_merges_rescores_and_audits(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    response = judge(client, later, match, "same")
    assert response.status_code == 302
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)
    assert db.session.get(PossibleMatch, match.id).status == "linked"
    risk = db.session.get(ClusterRisk, cluster_of(later))
    assert risk is not None and risk.report_count == 2
    assert (
        db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.case_reference == later.reference)
        )
        .all()
        .count("possible_match_linked")
        == 1
    )
    page = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible matches to judge" not in page
    assert "may be named in 1 other report" in page
    timeline = client.get(f"/team/subjects/{cluster_of(later)}").get_data(as_text=True)
    assert "by a lead&#39;s judgement of a possible match" in timeline


def test_judging_different_people_keeps_them_apart_and_hides_the_match(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert judge(client, earlier, match, "different").status_code == 302
    db.session.expire_all()
    assert cluster_of(earlier) != cluster_of(later)
    assert db.session.get(PossibleMatch, match.id).status == "rejected"
    assert "possible_match_rejected" in db.session.scalars(select(AuditEntry.action)).all()
    assert "Possible matches to judge" not in client.get(f"/team/cases/{later.reference}").get_data(
        as_text=True
    )
    again = turned_away(client, later, match)
    assert "That possible match has already been judged different people." in again
    db.session.expire_all()
    assert cluster_of(earlier) != cluster_of(later)


def test_different_people_is_confirmed_with_both_reports_side_by_side_first(
    client: FlaskClient, team: Team
) -> None:
    """ "Different" stops triage ever linking the two: one click is not enough for it either."""
    earlier, later, match = two_reports(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    asked = choose(client, earlier, match, "different")
    assert asked.status_code == 303
    assert asked.location == confirm_url(earlier, match, "different")
    text = client.get(asked.location).get_data(as_text=True)
    assert "Are these different people?" in text and "triage never links these two" in text
    assert earlier.reference in text and later.reference in text
    assert f'action="{confirm_url(earlier, match, "different")}"' in text
    assert "Yes, different people: keep them apart" in text
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"


def test_different_people_needs_a_reason_sealed_as_a_note(client: FlaskClient, team: Team) -> None:
    earlier, later, match = two_reports(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    asked = client.get(choose(client, earlier, match, "different").location)
    assert "Why are they different people?" in asked.get_data(as_text=True)
    # Confirmed with nothing written: the same page again, with the error, and nothing kept.
    page = refused(
        client,
        confirm(client, earlier, match, "different", reason="   "),
        f"/team/cases/{earlier.reference}/possible/{match.id}/confirm",
    )
    assert "<title>Error: Are these different people?" in page
    assert "Give the reason they are different people" in page and later.reference in page
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"
    reason = "Kettleborough in the first is a sergeant at Lewisham; this one is staff at Bow"
    assert judge(client, earlier, match, "different", reason=reason).status_code == 302
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "rejected"
    note = db.session.scalars(select(Note).where(Note.kind == "different_reason")).one()
    assert note.report_id == earlier.id and note.member_id == caseworker.id
    assert b"Kettleborough" not in note.body  # sealed to the team key, like every note
    shown = words(client.get(f"/team/cases/{earlier.reference}").get_data(as_text=True))
    assert "Reason for judging two people different" in shown and reason in shown


def test_the_same_person_needs_a_reason_sealed_as_a_note(client: FlaskClient, team: Team) -> None:
    """ "Different people" and a lead's split needed a reason; "same person", which merges two
    people's reports into one pattern, needed none."""
    earlier, later, match = two_reports(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    asked = client.get(choose(client, later, match, "same").location)
    assert "Why are they the same person?" in asked.get_data(as_text=True)
    page = refused(
        client,
        confirm(client, later, match, "same", reason="  "),
        f"/team/cases/{later.reference}/possible/{match.id}/confirm",
    )
    assert "<title>Error: Are these the same person?" in page
    assert "Give the reason they are the same person" in page
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"
    assert cluster_of(earlier) != cluster_of(later)
    reason = "Both name Kettleborough at Lewisham, the same shift pattern and shoulder number"
    assert judge(client, later, match, "same", reason=reason).status_code == 302
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "linked"
    note = db.session.scalars(select(Note).where(Note.kind == "same_reason")).one()
    assert note.report_id == later.id and note.member_id == caseworker.id
    assert b"Kettleborough" not in note.body  # sealed to the team key, like every note
    shown = words(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    assert "Reason for judging two people the same" in shown and reason in shown


def test_no_choice_is_an_error_and_changes_nothing(client: FlaskClient, team: Team) -> None:
    _, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    html = refused_judgement(client, later, match, None)
    assert "There is a problem" in html and "Select whether it is the same person" in html
    assert f'href="#possible-{match.id}-judgement"' in html
    forged = refused_judgement(client, later, match, "maybe")
    assert "Select whether it is the same person" in forged
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"


def test_a_member_recused_from_either_case_neither_sees_nor_judges_it(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_recused(client, team, earlier)
    page = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible matches to judge" not in page and earlier.reference not in page
    assert NOT_HERE in turned_away(client, later, match)
    # Nor by sending the confirmation without the page: the operation refuses it too.
    token = csrf_token(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    forged = client.post(
        confirm_url(later, match, "same"), data={"csrf_token": token, "same_reason": "Same"}
    )
    assert NOT_HERE in refused(client, forged, f"/team/cases/{later.reference}")
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"
    assert cluster_of(earlier) != cluster_of(later)


def test_oversight_may_not_judge(client: FlaskClient, team: Team) -> None:
    _, later, match = two_reports(client)
    sign_in_directly(client, add_member("oversight", team), team.keys)
    response = client.post(
        f"/team/cases/{later.reference}/possible/{match.id}",
        data={f"possible-{match.id}-judgement": "same"},
    )
    assert response.status_code == 403
    confirming = confirm_url(later, match, "same")
    assert client.get(confirming).status_code == 403  # nothing decrypted for them either
    assert client.post(confirming, data={}).status_code == 403
    assert db.session.get(PossibleMatch, match.id).status == "open"


def test_a_match_from_another_case_cannot_be_judged_here(client: FlaskClient, team: Team) -> None:
    earlier, later, match = two_reports(client)
    unrelated = report_named(client, {"name": "Sgt Mo Khan", "collar_number": "77EA"})
    sign_in_directly(client, team.lead, team.keys)
    # The same words as for a match with a case the member may not open: probing match ids
    # tells nobody which cases those are.
    assert NOT_HERE in turned_away(client, unrelated, match)
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"
    assert cluster_of(earlier) != cluster_of(later)


def test_retention_destroys_possible_matches_to_and_from_a_case(
    client: FlaskClient, team: Team
) -> None:
    earlier, _, _ = two_reports(client)
    stages.acknowledge(earlier, team.lead)
    outcome.record_outcome(
        earlier,
        team.lead,
        "no_further_action",
        "Nothing in it.",
        told="We looked into your report and decided this.",
    )
    closing.close(earlier, team.lead, "No further action")
    earlier.closed_on = date.today() - timedelta(days=800)
    db.session.commit()
    apply_retention(24)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PossibleMatch)) == 0


def test_the_queue_tags_and_filters_cases_with_a_match_to_judge(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    unrelated = report_named(client, {"name": "Sgt Mo Khan", "collar_number": "77EA"})
    sign_in_directly(client, team.lead, team.keys)
    queue = client.get("/team/").get_data(as_text=True)
    assert queue.count("Possible match to judge") == 2
    filtered = client.get("/team/?possible_pending=y").get_data(as_text=True)
    assert earlier.reference in filtered and later.reference in filtered
    assert unrelated.reference not in filtered
    judge(client, later, match, "same")
    assert "Possible match to judge" not in client.get("/team/").get_data(as_text=True)
    assert later.reference not in client.get("/team/?possible_pending=y").get_data(as_text=True)


def test_the_queue_filter_leaves_out_matches_with_a_case_the_member_may_not_open(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, _ = two_reports(client)
    sign_in_recused(client, team, earlier)
    filtered = client.get("/team/?possible_pending=y").get_data(as_text=True)
    assert later.reference not in filtered
    assert "Possible match to judge" not in client.get("/team/").get_data(as_text=True)


def test_judging_from_the_earlier_case_links_too_and_each_timeline_keeps_to_its_own_case(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    assert judge(client, earlier, match, "same").status_code == 302
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)
    # A caseworker recused from the earlier case reads the later one's timeline: it says a
    # judgement was made, never which case it was made against.
    sign_in_recused(client, team, earlier)
    page = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible match judged: person 1 is named in another report too" in page
    assert earlier.reference not in page


def test_people_judged_different_are_never_joined_by_later_reports(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    judge(client, later, match, "different")
    # Three more reports by number make the earlier person well known: the later bare name
    # would now be weighed again and joined, but a caseworker has said it is someone else.
    more = [report_named(client, NUMBERED) for _ in range(3)]
    db.session.expire_all()
    assert {cluster_of(r) for r in more} == {cluster_of(earlier)}
    assert cluster_of(later) != cluster_of(earlier)
    # A report naming both spellings' details together cannot bridge them either.
    bridge = report_named(client, {"name": "PC Liam Kingsmouth", "collar_number": "9871 ne"})
    db.session.expire_all()
    assert cluster_of(bridge) == cluster_of(earlier) != cluster_of(later)


def test_a_match_with_a_waiting_go_together_report_stays_hidden(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client.application.test_client(), people=[NUMBERED], together="together")
    waiting = reports_in_order()[-1]
    assert waiting.escrow == "waiting"
    later = report_named(client, NAME_ONLY)
    match = db.session.scalars(select(PossibleMatch)).one()
    assert match.other_report_id == waiting.id
    sign_in_directly(client, team.lead, team.keys)
    page = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible matches to judge" not in page and waiting.reference not in page
    assert later.reference not in client.get("/team/?possible_pending=y").get_data(as_text=True)
    assert NOT_HERE in turned_away(client, later, match)
    db.session.expire_all()
    assert waiting.escrow == "waiting" and match.status == "open"


def test_a_match_linked_since_by_another_report_is_not_offered(
    client: FlaskClient, team: Team
) -> None:
    earlier, later, _ = two_reports(client)
    # Numbered reports make the earlier person well known; the later bare name is weighed
    # again and joined automatically, so there is nothing left to judge.
    for _ in range(3):
        report_named(client, NUMBERED)
    db.session.expire_all()
    assert cluster_of(later) == cluster_of(earlier)
    sign_in_directly(client, team.lead, team.keys)
    assert "Possible matches to judge" not in client.get(f"/team/cases/{later.reference}").get_data(
        as_text=True
    )
    assert later.reference not in client.get("/team/?possible_pending=y").get_data(as_text=True)


def test_cluster_changes_take_one_lock_per_force_on_postgresql(postgres_schema: str) -> None:
    engine = create_engine(POSTGRES_URL)
    here, elsewhere = cluster_lock_key(DEFAULT_FORCE_ID), cluster_lock_key(DEFAULT_FORCE_ID + 1)
    try:
        with Session(engine) as holder:
            lock_clusters(holder)  # outside a request or command: the default force
            with engine.connect() as other:
                taken = other.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": here})
                assert taken.scalar_one() is False  # a second matcher or judgement waits
                # Another force's clusters are not this force's: its matching goes on.
                taken = other.execute(
                    text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": elsewhere}
                )
                assert taken.scalar_one() is True
            holder.commit()
            with engine.connect() as other:
                taken = other.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": here})
                assert taken.scalar_one() is True
    finally:
        engine.dispose()


def stored_reasons(report: Report) -> str:
    db.session.expire_all()
    risk = db.session.get(ClusterRisk, cluster_of(report))
    return risk.reasons if risk is not None else ""


def test_an_open_possible_match_counts_towards_risk_until_judged_different(
    client: FlaskClient, team: Team
) -> None:
    earlier = report_named(client, NUMBERED)
    before = db.session.get(ClusterRisk, cluster_of(earlier))
    assert before is not None and "possibly" not in before.reasons
    score_before = before.score
    later = report_named(client, NAME_ONLY)
    match = db.session.scalars(select(PossibleMatch)).one()
    assert "1 more report possibly names this person" in stored_reasons(earlier)
    assert db.session.get(ClusterRisk, cluster_of(earlier)).score > score_before
    sign_in_directly(client, add_member("caseworker", team), team.keys)
    # The case and the queue say the risk counts a possible match, not "own words" alone.
    case = words(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    score = f"{later.risk_score:.0f}"
    assert f"Risk {score}, with a possible match" in case  # the score, then the one match
    assert "with a possible match" in words(client.get("/team/").get_data(as_text=True))
    assert judge(client, later, match, "different").status_code == 302
    assert "possibly" not in stored_reasons(earlier)
    assert db.session.get(ClusterRisk, cluster_of(earlier)).score == score_before
    case = words(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    assert "with possible matches" not in case
    assert "with a possible match" not in words(client.get("/team/").get_data(as_text=True))


def test_the_likelihood_is_not_led_with_and_each_side_shows_its_roster_person(
    client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    """ "about 88% likely… too many officers share this name to be sure" read as "probably
    him"; the side-by-side page did not show whom on the roster each side had been found to be."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,rank,unit,collar_number,warrant_number\n"
        "Liam Kingsmouth,PC,North East BCU,9871NE,1111111\n"
        "Liam Kingsmouth,PC,South West BCU,4410SW,2222222\n",
        "utf-8",
    )
    imported = client.application.test_cli_runner().invoke(args=["roster", "import", str(roster)])
    assert imported.exit_code == 0, imported.output
    earlier, later, match = two_reports(client)
    sign_in_directly(client, team.lead, team.keys)
    case_page = words(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    assert "% likely" not in case_page
    assert f"Person 1 may be person 1 in {earlier.reference}" in case_page
    assert "Why triage could not tell from what was written: same name" in case_page
    shown = words(client.get(confirm_url(later, match, "same")).get_data(as_text=True))
    assert "% likely" not in shown
    assert "Triage could not tell from what the reporters wrote whether this is one person" in shown
    # The earlier report gave the shoulder number: resolved. The bare name fits both.
    assert (
        "On the force roster Liam Kingsmouth, PC, North East BCU, shoulder number 9871NE, "
        "warrant number 1111111" in shown
    )
    assert "On the force roster Not matched to one person on the roster" in shown
    # Without a roster, nothing is said of one.
    db.session.execute(text("DELETE FROM roster_token"))
    db.session.execute(text("DELETE FROM roster_person"))
    db.session.commit()
    shown = words(client.get(confirm_url(later, match, "same")).get_data(as_text=True))
    assert "On the force roster" not in shown


def test_a_surname_spelt_differently_is_said_to_be_similar_with_both_spellings() -> None:
    """ "same surname (Smyth)" was said of Smith against Smyth."""
    smith = SubjectInput(name="Smith")
    smyth = SubjectInput(name="Smyth")
    said = phrases(evidence_of(subject_keys(smyth), subject_keys(smith)), labels(smyth))
    assert said[0] == "similar surname (Smyth)"
    exact = phrases(evidence_of(subject_keys(smyth), subject_keys(smyth)), labels(smyth))
    assert exact[0] == "same surname (Smyth)"
    # With both reports open, the side-by-side page says both spellings, also of a reason
    # sealed before "similar" was said.
    old = "same surname (Smyth): too many officers share this name to be sure"
    assert surnames_compared(old, "Smyth", "Smith") == (
        "similar surname (Smyth / Smith): too many officers share this name to be sure"
    )
    assert surnames_compared(old, "Smyth", "Smyth") == old
