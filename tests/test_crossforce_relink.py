"""A go-together report that a relink releases is offered to the other forces there and then
(``triage.matching.relink_run``): the other force gets its "named in another force" notice, and
a dry run offers nothing."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.tenancy import use_force
from tests.helpers import Team, submit_report
from tests.test_crossforce import national, north, north_team, notices
from tests.test_relink import GAZ, OLD_NUMBER, relink
from tests.test_roster import ROSTER, run_import, write_roster
from tests.test_tenancy import client_of
from triage.models import NationalToken

__all__ = ["national", "north", "north_team"]  # fixtures, used by name


def held_tokens() -> list[bool]:
    return list(
        db.session.scalars(
            select(NationalToken.held).where(NationalToken.force_id == DEFAULT_FORCE_ID)
        )
    )


def test_a_report_relink_releases_is_offered_to_the_other_forces_and_a_dry_run_offers_none(
    app: Flask, team: Team, north: Force, north_team: Team, national: bytes, tmp_path: Path
) -> None:
    # North has a report naming Gaz Morris of firearms; the default force's report naming him
    # waits to go together, and a second one names him only as "G Morris" with an old number,
    # which only the roster ties to him: nothing releases the first until a relink.
    submit_report(client_of(app, north.slug), people=[GAZ])
    submit_report(app.test_client(), people=[GAZ], together="together")
    submit_report(app.test_client(), people=[OLD_NUMBER])
    waiting = db.session.scalars(select(Report).where(Report.escrow == "waiting")).one()
    assert True in held_tokens()
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    assert notices() == []

    assert "Would change" in relink(app, "--dry-run")
    db.session.expire_all()
    assert True in held_tokens()
    assert notices() == []
    with use_force(north.id):
        assert notices() == []

    assert "1 moved" in relink(app)
    db.session.expire_all()
    assert db.session.get(Report, waiting.id).escrow == "released"
    assert True not in held_tokens()
    [here] = notices()
    assert (here.report_id, here.other_force_id) == (waiting.id, north.id)
    assert (here.strength, here.agreement) == ("probable", "name_unit")
    here_id = here.id
    with use_force(north.id):
        [there] = notices()
        assert (there.other_force_id, there.other_notice_id) == (DEFAULT_FORCE_ID, here_id)
