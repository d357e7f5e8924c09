"""Former forces on the roster make transferees findable: a name said in one force meets another
force's roster person of that name who served there ("same name and served in your force"),
under the national key, with nothing kept in clear; and a bad former force is a per-row error
that keeps nothing."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from intake.db import db
from intake.models import Report
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import Team, make_team, sign_in_directly, submit_report, visible_text
from tests.test_crossforce import national, north, north_team, notices
from tests.test_tenancy import client_of
from triage.matching.national import decide, national_tokens, roster_national_keys
from triage.matching.roster import RosterEntry
from triage.models import RosterNationalToken, RosterPerson

__all__ = ["national", "north", "north_team"]  # fixtures, used by name

HEADER = "name,rank,unit,warrant_number,former_forces,collar_number"
# North's roster: Daniel Rourke moved there from the default force.
ROURKE = "Daniel Rourke,PC,Response,0417093,Default force"
NAMED = {"name": "Daniel Rourke", "rank": "PC"}  # no warrant number, no unit


def import_roster(app: Flask, tmp_path: Path, force: str, *rows: str) -> tuple[int, str]:
    path = tmp_path / f"{force}.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    app.config["CANDOUR_COMMAND_FORCE"] = force
    try:
        result = app.test_cli_runner().invoke(args=["roster", "import", str(path)])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    return result.exit_code, result.output


def test_a_name_said_in_the_force_a_transferee_left_finds_him_on_his_new_roster(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    assert import_roster(app, tmp_path, "north", ROURKE)[0] == 0
    # A reporter in the default force knows only his name: before, this crossed nothing.
    submit_report(app.test_client(), people=[NAMED])
    submit_report(client_of(app, north.slug), people=[NAMED])  # resolved to the roster person
    [here] = notices()
    assert (here.other_force_id, here.strength, here.agreement) == (
        north.id,
        "probable",
        "name_served_here",
    )
    default_reference = db.session.scalars(select(Report.reference)).one()
    with use_force(north.id):
        [there] = notices()
        assert (there.strength, there.agreement) == ("probable", "name_served_there")
    # Each side says it the right way round.
    browser = app.test_client()
    sign_in_directly(browser, team.lead, team.keys)
    case = visible_text(browser.get(f"/team/cases/{default_reference}").get_data(as_text=True))
    assert "Probably the same person: same name and served in your force by their roster." in case


def test_the_roster_person_found_first_is_found_from_the_other_side_too(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    assert import_roster(app, tmp_path, "north", ROURKE)[0] == 0
    submit_report(client_of(app, north.slug), people=[NAMED])
    submit_report(app.test_client(), people=[NAMED])
    [here] = notices()
    assert here.agreement == "name_served_here"


def test_a_namesake_in_a_force_he_never_served_in_is_not_him(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    east = create_force("east", "East Force")
    db.session.commit()
    with use_force(east.id):
        make_team()
    assert import_roster(app, tmp_path, "north", ROURKE)[0] == 0
    submit_report(client_of(app, "east"), people=[NAMED])
    submit_report(client_of(app, north.slug), people=[NAMED])
    with use_force(north.id):
        assert notices() == []
    # And a namesake on the default force's own roster, with another warrant number, is ruled
    # out even though the name was said in the force Rourke left.
    assert import_roster(app, tmp_path, "default", "Daniel Rourke,PC,CID,0999999,")[0] == 0
    submit_report(app.test_client(), people=[NAMED])
    assert notices() == []


def test_former_forces_are_kept_as_keyed_hashes_only() -> None:
    key = bytes(range(32))
    moved = RosterEntry(name="Daniel Rourke", warrant_number="0417093", former_forces=("west",))
    stayed = RosterEntry(name="Daniel Rourke", warrant_number="0417093")
    tokens = national_tokens(roster_national_keys(moved, "north"), key)
    assert {k for k, _ in tokens} - {
        k for k, _ in national_tokens(roster_national_keys(stayed, "north"), key)
    } == {"former_force"}
    # Keyed: under another key not one value is the same (a plain or unkeyed hash would be).
    other_key = bytes(range(1, 33))
    elsewhere = national_tokens(roster_national_keys(moved, "north"), other_key)
    assert not {v for _, v in tokens} & {v for _, v in elsewhere}
    # A name said in west agrees with the former force; said in north it does not.
    said_in_west = national_tokens(
        roster_national_keys(RosterEntry(name="Dan Rourke"), "west"), key
    )
    said_elsewhere = national_tokens(
        roster_national_keys(RosterEntry(name="Dan Rourke"), "east"), key
    )
    assert decide(said_in_west, tokens) == ("probable", ("name_served_here",))
    assert decide(said_elsewhere, tokens) is None


def test_a_former_force_that_is_not_a_force_of_this_service_is_a_row_error_and_keeps_nothing(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    create_force("national", "National oversight", national=True)
    db.session.commit()
    code, output = import_roster(
        app,
        tmp_path,
        "north",
        ROURKE,
        "Amy Stone,PC,Response,0417094,Police Scotland",
        'Ben Hart,PC,Response,0417095,"default;national"',
        "Cal Hill,PC,Response,0417096,DEFAULT;north",  # a slug in any case; north itself ignored
    )
    assert code != 0
    assert "line 3: former force 'Police Scotland' is not a force of this service" in output
    assert "line 4: former force 'national' is national oversight, which takes no" in output
    assert "line 5" not in output and "nothing was imported" in output
    with use_force(north.id):
        assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0
        assert db.session.scalar(select(func.count()).select_from(RosterNationalToken)) == 0
