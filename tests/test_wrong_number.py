"""A report that names a known person with a wrong shoulder or warrant number is kept apart (two
numbers are never one officer's), but offered to the team as a possible match saying why, so
one slip cannot split a person's pattern beyond repair."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.sealing import open_sealed
from tests.helpers import Team, reports_in_order, sign_in_directly, submit_report
from tests.test_possible_matches import judge
from tests.test_relink import relink
from tests.test_roster import run_import, write_roster
from triage.models import PossibleMatch, SubjectLink

SMITH_ROW = '"SMITH, John",PS,Tower Hamlets Response,PS1234,1122334,PC5678;PC4321,,'
RIGHT = {
    "name": "Sgt John Smith",
    "collar_number": "PS1234",
    "rank": "Sergeant",
    "unit": "Tower Hamlets Response",
}
EARLIER = [
    RIGHT,
    {"name": "John Smith", "unit": "Tower Hamlets Response"},
    {"name": "Sgt Smith", "collar_number": "PC5678"},
]
WRONG_COLLAR = {**RIGHT, "collar_number": "PS9876"}
WRONG_WARRANT = {
    "name": "Sgt John Smith",
    "warrant_number": "W999999",
    "rank": "Sergeant",
    "unit": "Tower Hamlets Response",
}


def clusters() -> list[str]:
    db.session.expire_all()
    return [
        db.session.scalars(
            select(SubjectLink.cluster_id).where(SubjectLink.report_id == r.id)
        ).one()
        for r in reports_in_order()
    ]


def sent(app: Flask, client: FlaskClient, tmp_path: Path, *people: dict[str, str]) -> None:
    assert run_import(app, write_roster(tmp_path, [SMITH_ROW]))[0] == 0
    for person in people:
        submit_report(client, people=[person])


def opened(team: Team, match: PossibleMatch) -> str:
    report = db.session.get(Report, match.report_id)
    assert report is not None and match.reason is not None
    return open_sealed(
        team.keys, match.reason, record=report.record, field=f"possible:{match.subject_no}"
    ).decode()


def test_a_wrong_shoulder_number_is_offered_as_a_possible_match_and_judged_the_same(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    sent(app, client, tmp_path, *EARLIER, WRONG_COLLAR, WRONG_WARRANT)
    before = clusters()
    # Clustering is unchanged: the wrong numbers are a person of their own...
    assert len(set(before[:3])) == 1 and before[3] == before[4] != before[0]
    # ...but the team is asked whether they are the same person, and told why.
    match = db.session.scalars(select(PossibleMatch)).one()
    wrong = reports_in_order()[3]
    assert match.report_id == wrong.id and match.status == "open"
    reason = opened(team, match)
    assert "same name (John Smith)" in reason and "same rank" in reason
    assert "a different shoulder number (PS9876 here): the reporter may have mis-written it" in (
        reason
    )
    sign_in_directly(client, team.lead, team.keys)
    page = client.get(f"/team/cases/{wrong.reference}").get_data(as_text=True)
    assert "Possible matches to judge" in page and "may have mis-written it" in page
    assert judge(client, wrong, match, "same").status_code == 302
    joined = clusters()
    assert len(set(joined)) == 1
    # A relink replays every mention, and keeps the judgement: still one person.
    relink(app)
    assert len(set(clusters())) == 1


def test_a_number_that_fits_nobody_on_the_roster_is_offered_against_the_named_person(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    sent(app, client, tmp_path, *EARLIER[:2], {"name": "John Smith", "warrant_number": "9999999"})
    assert len(set(clusters())) == 2
    match = db.session.scalars(select(PossibleMatch)).one()
    assert match.report_id == reports_in_order()[2].id
    reason = opened(team, match)
    assert "fits nobody on the force's roster, but the name alone is this person's" in reason


def test_a_strong_name_and_unit_never_outweigh_a_different_shoulder_number(
    client: FlaskClient, team: Team
) -> None:
    """A rare name in the same unit with another shoulder number (bare digits, no roster) was
    weighed with the rest and joined the earlier person with no link to say why, though the
    page tells reporters that a number that differs counts against a match: it is offered to
    the team as a possible match instead."""
    person = {"name": "Sgt Ævar O'Brien-Łukasz", "rank": "Sergeant", "unit": "TSG"}
    for number in ("PC 5678", "PC 9876"):
        submit_report(client, people=[{**person, "collar_number": number}])
    earlier, later = clusters()
    assert earlier != later
    match = db.session.scalars(select(PossibleMatch)).one()
    assert "a different shoulder number" in opened(team, match)
