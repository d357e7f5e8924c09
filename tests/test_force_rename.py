"""Renaming a force: ``flask force rename`` changes its display name only, prints what changed
and records it in that force's own audit chain; its slug, which the national matching tokens
are keyed on, never changes; and a roster that still lists the force by its old name resolves,
so a transferee is still found across forces."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID, SLUG_FIXED, Force
from intake.tenancy import create_force, use_force
from tests.helpers import Team, submit_report, visible_text
from tests.test_crossforce import national, north, north_team, notices
from tests.test_crossforce_former_forces import NAMED, import_roster
from tests.test_tenancy import client_of
from triage.matching.roster import RosterEntry
from triage.matching.roster_file import ServiceForces
from triage.models import AuditEntry

__all__ = ["national", "north", "north_team"]  # fixtures, used by name


def force(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["force", *args])


def renames() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "force_renamed"))
    )


def test_a_rename_changes_the_name_only_prints_it_and_is_audited_in_that_forces_chain(
    app: Flask, north: Force
) -> None:
    result = force(app, "rename", "north", "--name", "  Northshire Police ")
    assert result.exit_code == 0, result.output
    assert "Renamed /north/ from 'North Force' to 'Northshire Police'." in result.output
    assert "'North Force' is kept as a former name" in result.output
    db.session.expire_all()
    renamed = db.session.get_one(Force, north.id)
    assert (renamed.slug, renamed.name, renamed.former_names) == (
        "north",
        "Northshire Police",
        ["North Force"],
    )
    assert renames() == []  # not in the default force's chain
    with use_force(north.id):
        assert renames() == ["name 'North Force' to 'Northshire Police'"]
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        verified = app.test_cli_runner().invoke(args=["audit", "verify"])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert verified.exit_code == 0, verified.output
    listed = force(app, "list").output
    assert "/north/\tNorthshire Police\tretention default\tformerly North Force" in listed
    # Its addresses are unchanged: the start page still answers at /north/.
    assert client_of(app, "north").get("/").status_code == 200
    # A reporter who wrote down "North Force" with their receipt finds it on Find your force.
    listing = visible_text(app.test_client().get("/forces").get_data(as_text=True))
    assert "Northshire Police (formerly North Force)" in listing

    # Back to the first name: each name is kept once, and only while it is not the name.
    assert force(app, "rename", "north", "--name", "North Force").exit_code == 0
    db.session.expire_all()
    assert db.session.get_one(Force, north.id).former_names == ["Northshire Police"]
    unchanged = force(app, "rename", "north", "--name", "North Force")
    assert unchanged.exit_code == 0 and "nothing changed" in unchanged.output
    with use_force(north.id):
        assert len(renames()) == 2


def test_a_change_of_case_alone_keeps_no_former_name_and_says_so(app: Flask, north: Force) -> None:
    # It used to print that 'North Force' "is kept as a former name", which it is not.
    result = force(app, "rename", "north", "--name", "NORTH FORCE")
    assert result.exit_code == 0, result.output
    assert "kept as a former name" not in result.output
    assert "no former name is kept" in result.output
    db.session.expire_all()
    assert db.session.get_one(Force, north.id).former_names == []


def test_the_slug_never_changes_and_the_command_says_why(app: Flask, north: Force) -> None:
    result = force(app, "rename", "north", "--name", "Northshire Police", "--slug", "northshire")
    assert result.exit_code != 0
    assert SLUG_FIXED in result.output
    assert "national matching tokens" in result.output
    alone = force(app, "rename", "north", "--slug", "northshire")  # without a new name
    assert alone.exit_code != 0 and SLUG_FIXED in alone.output
    assert force(app, "rename", "north").exit_code != 0  # nothing to rename to
    db.session.expire_all()
    assert db.session.get_one(Force, north.id).name == "North Force"
    with use_force(north.id):
        assert renames() == []
    # In code too: whatever sets a force's slug is refused before anything is written.
    with pytest.raises(ValueError, match="slug never changes"):
        db.session.get_one(Force, north.id).slug = "northshire"
    db.session.rollback()
    assert db.session.scalars(select(Force.slug).order_by(Force.id)).all() == ["default", "north"]


def test_a_rename_is_refused_for_a_name_another_force_goes_by_or_no_force(
    app: Flask, north: Force
) -> None:
    assert force(app, "rename", "default", "--name", "Westshire Police").exit_code == 0
    for taken in ("default", "WESTSHIRE POLICE", "default force"):  # slug, name, former name
        result = force(app, "rename", "north", "--name", taken)
        assert result.exit_code != 0, taken
        assert "a roster's former forces could not tell the two apart" in result.output
    assert "nothing" not in force(app, "rename", "north", "--name", " ").output
    assert force(app, "rename", "north", "--name", " ").exit_code != 0
    # Its own name in other letters is its own to take, and keeps no former name.
    assert force(app, "rename", "north", "--name", "NORTH FORCE").exit_code == 0
    db.session.expire_all()
    assert db.session.get_one(Force, north.id).former_names == []
    missing = force(app, "rename", "south", "--name", "South Force")
    assert missing.exit_code != 0 and "No force has the slug 'south'" in missing.output
    db.session.expire_all()
    assert db.session.get_one(Force, north.id).name == "NORTH FORCE"


def test_a_roster_giving_a_forces_old_name_still_finds_the_transferee(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    # Named in the default force before it was renamed: its tokens were made with its slug.
    submit_report(app.test_client(), people=[NAMED])
    assert force(app, "rename", "default", "--name", "Westshire Police").exit_code == 0
    # North's HR export still lists where Daniel Rourke served by the force's old name.
    code, output = import_roster(
        app, tmp_path, "north", "Daniel Rourke,PC,Response,0417093,Default force"
    )
    assert code == 0, output
    submit_report(client_of(app, north.slug), people=[NAMED])
    [here] = notices()
    assert (here.other_force_id, here.agreement) == (north.id, "name_served_here")
    with use_force(north.id):
        [there] = notices()
        assert (there.other_force_id, there.agreement) == (DEFAULT_FORCE_ID, "name_served_there")


def test_former_names_resolve_after_slugs_and_current_names(app: Flask) -> None:
    create_force("west", "West Force")
    create_force("east", "East Force")
    db.session.commit()
    assert force(app, "rename", "west", "--name", "Westshire Police").exit_code == 0
    assert force(app, "rename", "east", "--name", "Eastshire Police").exit_code == 0
    assert force(app, "rename", "east", "--name", "West").exit_code != 0  # west's slug
    # A force created since, taking a name another force had before: its own name wins.
    create_force("wessex", "West Force")
    db.session.commit()
    forces = ServiceForces.load(db.session, "default")

    def resolved(*given: str) -> tuple[str, ...]:
        return forces.check(RosterEntry(name="A B", former_forces=given)).former_forces

    assert resolved("West Force") == ("wessex",)
    assert resolved("east force", "EASTSHIRE POLICE", "east") == ("east",)
    assert resolved("Westshire Police") == ("west",)
    with pytest.raises(ValueError, match="not a force of this service"):
        resolved("North Force")


def test_adding_a_force_under_a_name_another_force_has_left_warns_whose_it_was(
    app: Flask,
) -> None:
    create_force("west", "West Force")
    db.session.commit()
    assert force(app, "rename", "west", "--name", "Westshire Police").exit_code == 0

    added = force(app, "add", "wessex", "west force")

    # Allowed (its own name wins in a roster), but a transferee's former force given as "West
    # Force" now means the new force, not the one the roster meant: the operator is told.
    assert added.exit_code == 0, added.output
    assert "Added west force at /wessex/" in added.output
    assert "Warning: Westshire Police (/west/) was called 'West Force' before" in added.output
    assert "now mean /wessex/; give /west/ instead" in added.output
    other = force(app, "add", "south", "South Force")
    assert other.exit_code == 0 and "was called" not in other.output


def test_a_name_with_invisible_characters_is_refused_and_runs_of_spaces_are_one(
    app: Flask, north: Force
) -> None:
    """A tab and line break split `flask force list`'s row in two; a zero-width space, a
    right-to-left override or a double space made a name look like another force's."""
    for name in ("Tab\tNew\nLine", "North\u200bForce", "Evil \u202eecroF"):
        for args in (("add", "odd", name), ("rename", "north", "--name", name)):
            result = force(app, *args)
            assert result.exit_code != 0, (args, result.output)
            assert "cannot hold tabs, line breaks or invisible characters" in result.output
    assert "odd" not in [f.slug for f in db.session.scalars(select(Force))]
    # "North  Force" is North Force's own name: taken, as the same name in capitals is.
    assert force(app, "add", "nf2", "North  Force").exit_code != 0
    assert force(app, "add", "east", "East   Shire  Police").exit_code == 0
    assert db.session.scalars(select(Force.name).where(Force.slug == "east")).one() == (
        "East Shire Police"
    )
