"""Cross-force matching under the national key: a person named in two forces gives each force a
"named in another force" notice with the kinds of agreement and the other report's year only;
held reports and deployments without the national key cross nothing; and on PostgreSQL a force
may deliver the other force's notice but never read it."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.security import limiter
from intake.tenancy import create_force, force_secret, use_force
from tests.helpers import (
    Team,
    add_member,
    make_team,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.test_tenancy import client_of
from triage.matching import national_lookup
from triage.matching.national import decide, national_keys, national_tokens
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import import_roster
from triage.matching.tokens import SubjectInput
from triage.models import CrossForceNotice, NationalToken, SubjectLink

NATIONAL_KEY = bytes(range(32))
# A transferee: named in the default force with their warrant number, then in North.
IN_DEFAULT = {"name": "PC Liam Kingsmouth", "warrant_number": "W 0048213", "unit": "NE BCU"}
IN_NORTH = {"name": "Liam Kingsmouth", "warrant_number": "48213", "unit": "Response"}
DESCRIPTION = "He made comments about my appearance in the canteen at the Horsefair station."


@pytest.fixture
def north(app: Flask) -> Force:
    force = create_force("north", "North Force")
    db.session.commit()
    return force


@pytest.fixture
def north_team(north: Force) -> Team:
    with use_force(north.id):
        return make_team()


@pytest.fixture
def national(app: Flask) -> bytes:
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    return NATIONAL_KEY


def notices() -> list[CrossForceNotice]:
    return list(db.session.scalars(select(CrossForceNotice)))


def north_references(north: Force) -> list[str]:
    with use_force(north.id):
        return list(db.session.scalars(select(Report.reference)))


def test_a_transferee_named_in_two_forces_gives_each_a_notice_with_the_kinds_and_year_only(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT], description=DESCRIPTION)
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    year = date.today().year

    [here] = notices()  # the default force's own notice, about its own report
    default_report = db.session.scalars(select(Report)).one()
    assert (here.force_id, here.report_id, here.subject_no) == (
        DEFAULT_FORCE_ID,
        default_report.id,
        1,
    )
    assert (here.other_force_id, here.strength, here.agreement, here.other_year) == (
        north.id,
        "strong",
        "warrant",
        year,
    )
    here_id, here_points_at = here.id, here.other_notice_id
    with use_force(north.id):
        [there] = notices()
        north_report = db.session.scalars(select(Report)).one()
        assert (there.report_id, there.other_force_id, there.other_year) == (
            north_report.id,
            DEFAULT_FORCE_ID,
            year,
        )
        # Each points at the other; neither holds anything but codes, ids and a year.
        assert there.other_notice_id == here_id and here_points_at == there.id
    assert set(CrossForceNotice.__table__.c.keys()) == {
        "id", "force_id", "report_id", "subject_no", "other_force_id", "other_notice_id",
        "strength", "agreement", "other_year",
    }  # fmt: skip


def test_the_case_and_subject_pages_say_named_in_another_force_and_nothing_of_its_report(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT], description=DESCRIPTION)
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    [north_reference] = north_references(north)
    browser = client_of(app, north.slug)
    with use_force(north.id):
        sign_in_directly(browser, north_team.lead, north_team.keys)
        cluster = db.session.scalars(select(SubjectLink.cluster_id)).one()
    case = visible_text(browser.get(f"/team/cases/{north_reference}").get_data(as_text=True))
    assert "Named in another force" in case
    assert f"Person 1: named in a report to Default force in {date.today().year}" in case
    assert "Almost certainly the same person: same warrant number." in case
    # Nothing of the default force's report: its words, reference, unit or category.
    default_report = db.session.scalars(select(Report)).one()
    for secret in ("canteen", "Horsefair", default_report.reference, "NE BCU"):
        assert secret not in case
    subject = visible_text(browser.get(f"/team/subjects/{cluster}").get_data(as_text=True))
    # Each notice says which report here it matched, so one of theirs listed twice is clear.
    year = date.today().year
    assert f"Person 1 in {north_reference} and a report from {year} in Default force:" in subject
    assert "almost certainly" in subject
    assert "canteen" not in subject and default_report.reference not in subject
    # The other force's case itself stays behind its wall.
    assert browser.get(f"/team/cases/{default_report.reference}").status_code == 404
    assert "match 1 of" not in case  # one report there: nothing to tell apart

    # A second report there naming him: two notices, each saying which report it is.
    submit_report(app.test_client(), people=[IN_DEFAULT], description="Again in the canteen.")
    case = visible_text(browser.get(f"/team/cases/{north_reference}").get_data(as_text=True))
    for number in (1, 2):
        assert (
            f"Person 1: named in a report to Default force in {year} "
            f"(match {number} of 2 there)" in case
        )
    # The subject page too: its two lines read the same without it.
    subject = visible_text(browser.get(f"/team/subjects/{cluster}").get_data(as_text=True))
    for number in (1, 2):
        assert (
            f"Person 1 in {north_reference} and a report from {year} in Default force "
            f"(match {number} of 2 there):" in subject
        )


def test_the_queue_tags_and_filters_the_cases_named_in_another_force(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT], description=DESCRIPTION)
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    [named_elsewhere] = north_references(north)
    submit_report(client_of(app, north.slug), people=[{"name": "Sgt Orla Penhallow"}])
    [only_here] = set(north_references(north)) - {named_elsewhere}
    browser = client_of(app, north.slug)
    with use_force(north.id):
        sign_in_directly(browser, north_team.lead, north_team.keys)
    queue = browser.get("/team/").get_data(as_text=True)
    assert named_elsewhere in queue and only_here in queue
    assert visible_text(queue).count("Named in another force") == 2  # the filter and one tag
    filtered = browser.get("/team/?crossforce=y").get_data(as_text=True)
    assert named_elsewhere in filtered and only_here not in filtered


def test_oversight_never_sees_a_notice(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT])
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    report = db.session.scalars(select(Report)).one()
    overseer = add_member("oversight", team)
    browser = app.test_client()
    sign_in_directly(browser, overseer, team.keys)
    assert browser.get(f"/team/cases/{report.reference}").status_code == 403
    page = browser.get("/team/oversight").get_data(as_text=True)
    assert "another force" not in visible_text(page)


def test_a_name_alone_crosses_nothing_but_a_name_and_a_former_unit_on_the_roster_does(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    # The default force's reporter gives a name and a unit, no number.
    submit_report(app.test_client(), people=[{"name": "Liam Kingsmouth", "unit": "NE BCU"}])
    # North's reporter gives only the name and a unit North knows him by: a name alone.
    submit_report(client_of(app, north.slug), people=[{"name": "Liam Kingsmouth", "unit": "TSG"}])
    assert notices() == []
    # North's roster lists him with his former unit in the default force; the next report
    # naming him in North resolves to that roster person and so carries the former unit.
    with use_force(north.id):
        secret = force_secret(app.config["CANDOUR_SECRETS"].matching_key, north.id)
        entry = RosterEntry(
            name="KINGSMOUTH, Liam", unit="TSG", collar_number="4410TS", former_units=("NE BCU",)
        )
        import_roster(db.session, [entry], secret, date.today(), national=national)
    submit_report(
        client_of(app, north.slug), people=[{"name": "Liam Kingsmouth", "collar_number": "4410TS"}]
    )
    [here] = notices()
    assert (here.strength, here.agreement) == ("probable", "name_former_unit")


def test_one_report_naming_two_people_finds_each_by_what_gathers_them(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    # One lookup gathers by warrant number for one subject and by name with a unit for the
    # other: each subject is matched to its own person, and only to them.
    submit_report(app.test_client(), people=[IN_DEFAULT])
    submit_report(app.test_client(), people=[{"name": "Ruth Okonjo", "unit": "NW BCU"}])
    submit_report(
        client_of(app, north.slug),
        people=[IN_NORTH, {"name": "Ruth Okonjo", "unit": "NW BCU"}],
    )
    with use_force(north.id):
        found = {(n.subject_no, n.agreement) for n in notices()}
    assert found == {(1, "warrant"), (2, "name_unit")}
    assert sorted(n.agreement for n in notices()) == ["name_unit", "warrant"]


def test_different_warrant_numbers_rule_a_match_out_whatever_else_agrees() -> None:
    def tokens(**person: str) -> set[tuple[str, str]]:
        return national_tokens(national_keys(SubjectInput(**person)), NATIONAL_KEY)

    one = tokens(name="Liam Kingsmouth", warrant_number="48213", unit="NE BCU")
    assert decide(one, tokens(name="Liam Kingsmouth", warrant_number="48213")) == (
        "strong",
        ("warrant",),
    )
    namesake = tokens(name="Liam Kingsmouth", warrant_number="99999", unit="NE BCU")
    assert decide(one, namesake) is None
    same_unit = tokens(name="Liam Kingsmouth", unit="NE BCU")
    assert decide(one, same_unit) == ("probable", ("name_unit",))
    assert decide(one, tokens(name="L Kingsmouth", unit="NE BCU")) is None  # no full name
    kinds = {kind for kind, _ in one}
    assert kinds == {"warrant", "name", "surname_initial", "surname_unit"}  # never unit or rank


def test_a_held_report_is_offered_to_no_other_force_until_released(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT], together="together")
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    assert notices() == []
    with use_force(north.id):
        assert notices() == []
    held = db.session.scalars(select(NationalToken.held).where(NationalToken.force_id == 1)).all()
    assert held and all(held)  # kept, but offered to no other force
    # A second report in the default force names him: the held report is released there, and
    # both are then offered to North.
    submit_report(app.test_client(), people=[IN_DEFAULT])
    assert {n.other_force_id for n in notices()} == {north.id}
    assert len(notices()) == 2
    with use_force(north.id):
        assert len(notices()) == 2


def test_without_a_national_key_nothing_crosses(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
) -> None:
    assert app.config.get("CANDOUR_NATIONAL_MATCHING_KEY") is None
    submit_report(app.test_client(), people=[IN_DEFAULT])
    submit_report(client_of(app, north.slug), people=[IN_NORTH])
    assert db.session.scalar(select(func.count()).select_from(NationalToken)) == 0
    assert notices() == []
    with use_force(north.id):
        assert notices() == []


def test_each_force_reads_only_its_own_notice_though_north_wrote_both(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
) -> None:
    submit_report(app.test_client(), people=[IN_DEFAULT])
    submit_report(client_of(app, north.slug), people=[IN_NORTH])  # writes both notices
    with use_force(north.id):
        assert [n.force_id for n in notices()] == [north.id]
        if db.engine.dialect.name == "postgresql":
            # SQL text passes the application's wall: PostgreSQL's policy still stops the
            # default force's notice (SQLite, one force in production, has only the first wall).
            rows = db.session.execute(text("SELECT force_id FROM crossforce_notice")).all()
            assert rows == [(north.id,)]
    assert [n.force_id for n in notices()] == [DEFAULT_FORCE_ID]


def test_a_common_name_finds_the_one_holder_who_shares_a_unit_however_many_namesakes(
    app: Flask,
    team: Team,
    north: Force,
    north_team: Team,
    national: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The officer in NE BCU, then namesakes in other units of the default force. With the lookup
    # limited to one candidate, gathering by the name alone would read one holder of thirteen
    # (which one depends on the query plan: right about one time in thirteen on each database);
    # the name with the unit reads exactly him.
    submit_report(app.test_client(), people=[{"name": "Liam Kingsmouth", "unit": "NE BCU"}])
    him = db.session.scalars(select(Report.id)).one()
    for unit in (
        "TSG",
        "Lambeth",
        "Croydon",
        "Hackney",
        "Westminster",
        "Camden",
        "Islington",
        "Brent",
        "Ealing",
        "Bromley",
        "Lewisham",
        "Southwark",
    ):
        limiter.reset()  # more reports than one address may send in an hour
        submit_report(app.test_client(), people=[{"name": "Liam Kingsmouth", "unit": unit}])
    monkeypatch.setattr(national_lookup, "CANDIDATE_LIMIT", 1)
    limiter.reset()
    north_client = client_of(app, north.slug)
    submit_report(north_client, people=[{"name": "Liam Kingsmouth", "unit": "NE BCU"}])
    [in_default] = notices()  # this force's own; North has the other
    assert in_default.report_id == him and in_default.agreement == "name_unit"
    with use_force(north.id):
        assert len(notices()) == 1
