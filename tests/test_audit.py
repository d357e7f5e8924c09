"""The audit log: hash-chained so `flask audit verify` finds any edited, deleted, reordered or
renumbered entry, naming it by its place in its force's chain; a lead-only page lists it newest
first and verifies it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from intake.db import db
from intake.tenancy import create_force, use_force
from tests.helpers import Team, post_form
from tests.team_helpers import enter_password, sign_in
from triage.audit import record
from triage.models import AuditEntry


def some_entries(team: Team, count: int = 4) -> list[int]:
    ids = [
        record("case_opened", team.lead.id, case_reference=f"CASE{i:04d}").id for i in range(count)
    ]
    db.session.commit()
    return ids


def verify(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output.strip()


def test_an_untouched_log_verifies(app: Flask, team: Team) -> None:
    ids = some_entries(team)
    last = db.session.get_one(AuditEntry, ids[-1])
    assert verify(app) == (
        0,
        f"default: Audit log intact: 4 entries; the last, 4, has hash {last.entry_hash.hex()}",
    )


def test_entries_removed_from_the_end_are_found_by_the_last_runs_hash(
    app: Flask, team: Team
) -> None:
    ids = some_entries(team)
    head = verify(app)[1].rsplit(" ", 1)[-1]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify", "--since", head]).exit_code == 0
    db.session.execute(text("DELETE FROM audit_entry WHERE id >= :id"), {"id": ids[2]})
    db.session.commit()
    # The shorter chain is intact in itself: only the hash kept from the last run shows the loss.
    assert verify(app)[0] == 0
    result = runner.invoke(args=["audit", "verify", "--since", head])
    assert result.exit_code == 1, result.output
    assert "entries were removed from the end of the log" in result.output
    mistyped = runner.invoke(args=["audit", "verify", "--since", "not-hex"])
    assert mistyped.exit_code == 2 and "--since takes the hash" in mistyped.output
    # Refused before the walk: it printed "Audit log intact" above the usage error.
    assert "intact" not in mistyped.output, mistyped.output


def test_editing_an_entry_breaks_the_chain_there(app: Flask, team: Team) -> None:
    ids = some_entries(team)
    db.session.execute(
        text("UPDATE audit_entry SET detail = 'nothing to see' WHERE id = :id"), {"id": ids[1]}
    )
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    assert output.startswith("default: Audit log broken at entry 2:")
    assert "altered" in output


def test_deleting_an_entry_breaks_the_chain_at_the_next(app: Flask, team: Team) -> None:
    ids = some_entries(team)
    db.session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": ids[1]})
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    # Numbered as the page shows it.
    assert output.startswith("default: Audit log broken at entry 3:")


def test_reordering_entries_breaks_the_chain(app: Flask, team: Team) -> None:
    ids = some_entries(team)
    swap = {"a": ids[1], "b": ids[2], "spare": 1_000_000}
    db.session.execute(text("UPDATE audit_entry SET id = :spare WHERE id = :a"), swap)
    db.session.execute(text("UPDATE audit_entry SET id = :a WHERE id = :b"), swap)
    db.session.execute(text("UPDATE audit_entry SET id = :b WHERE id = :spare"), swap)
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    # Each row keeps its place: the one now second in the chain is the third entry written.
    assert output.startswith("default: Audit log broken at entry 3:")


def test_renumbering_an_entry_breaks_the_chain_there(app: Flask, team: Team) -> None:
    """Places are not hashed (that would break every chain written before them), so verify
    checks that they run 1, 2, 3… in the chain's order."""
    ids = some_entries(team)
    db.session.execute(text("UPDATE audit_entry SET place = 9 WHERE id = :id"), {"id": ids[1]})
    db.session.commit()
    assert verify(app) == (
        1,
        "default: Audit log broken at entry 9: was renumbered after it was written "
        "(its place in the chain is 2)",
    )


def test_sign_ins_are_recorded_without_the_email_typed(client: FlaskClient, team: Team) -> None:
    enter_password(client, "somebody@else.test", "a password of some kind")
    sign_in(client, team.lead)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.member_id) for e in entries] == [
        ("sign_in_failed", None),
        ("signed_in", team.lead.id),
    ]
    assert all("somebody" not in e.detail for e in entries)


def test_the_page_lists_entries_newest_first_fifty_a_page(client: FlaskClient, team: Team) -> None:
    some_entries(team, 60)
    sign_in(client, team.lead)  # the 61st entry
    first = client.get("/team/audit").get_data(as_text=True)
    assert "61 entries, page 1 of 2" in first
    assert first.index("Signed in") < first.index("CASE0059") < first.index("CASE0058")
    assert "CASE0010" not in first and "Lee Lead" in first
    second = client.get("/team/audit?page=2").get_data(as_text=True)
    assert "CASE0010" in second and "CASE0000" in second and "CASE0059" not in second


def verified_entries() -> int:
    return len(
        db.session.scalars(select(AuditEntry).where(AuditEntry.action == "audit_verified")).all()
    )


def test_the_verify_button_shows_the_result_once_by_post_redirect_get(
    client: FlaskClient, team: Team
) -> None:
    ids = some_entries(team)
    sign_in(client, team.lead)  # the fifth entry
    posted = post_form(client, "/team/audit", {})
    assert posted.status_code == 303 and posted.location == "/team/audit"
    assert verified_entries() == 1
    intact = client.get(posted.location).get_data(as_text=True)
    assert "The audit log is intact: 5 entries checked." in intact
    # A reload (or Back onto the page) neither verifies again nor adds another entry, and the
    # result, true of the moment it was checked, is not shown as if it were checked again.
    reloaded = client.get(posted.location).get_data(as_text=True)
    assert "The audit log is intact" not in reloaded
    assert verified_entries() == 1

    db.session.execute(
        text("UPDATE audit_entry SET member_id = NULL WHERE id = :id"), {"id": ids[0]}
    )
    db.session.commit()
    posted = post_form(client, "/team/audit", {})
    assert posted.status_code == 303 and verified_entries() == 2
    broken = client.get(posted.location).get_data(as_text=True)
    assert "entry 1 was altered after it was written" in broken
    assert "The check stopped there, after 1 entry." in broken
    assert "The audit log is intact" not in broken
    assert "was altered" not in client.get(posted.location).get_data(as_text=True)
    assert verified_entries() == 2


def test_a_verify_without_its_csrf_token_verifies_nothing(client: FlaskClient, team: Team) -> None:
    sign_in(client, team.lead)
    posted = client.post("/team/audit", data={})
    assert posted.status_code == 303
    html = client.get(posted.location).get_data(as_text=True)
    assert "There is a problem" in html and "The audit log is intact" not in html
    assert verified_entries() == 0


def test_every_forces_chain_is_verified_with_all_forces(app: Flask, team: Team) -> None:
    some_entries(team)
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        ids = [record("case_opened", None, case_reference=f"N{i:04d}").id for i in range(3)]
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["audit", "verify", "--all-forces"])
    assert intact.exit_code == 0, intact.output
    assert "default: Audit log intact: 4 entries;" in intact.output
    assert "north: Audit log intact: 3 entries;" in intact.output
    with use_force(north.id):
        db.session.execute(
            text("UPDATE audit_entry SET detail = 'nothing to see' WHERE id = :id"), {"id": ids[1]}
        )
    # Without it only the default force's chain is walked, and north's edit goes unseen: the
    # output says whose chain it was (it said only "Audit log intact").
    alone = runner.invoke(args=["audit", "verify"])
    assert alone.exit_code == 0 and alone.output.startswith("default: Audit log intact:")
    db.session.commit()  # the runner shares this session: a transaction is one force's
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        north_alone = runner.invoke(args=["audit", "verify"])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert north_alone.exit_code == 1, north_alone.output
    assert north_alone.output.startswith("north: Audit log broken at entry 2: was altered")
    broken = runner.invoke(args=["audit", "verify", "--all-forces"])
    assert broken.exit_code == 1, broken.output
    assert "north: Audit log broken at entry 2: was altered" in broken.output
    assert "Broken in 1 force: north." in broken.output


def test_each_forces_entries_are_placed_in_its_own_chain_however_they_interleave(
    app: Flask, team: Team
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    for i in range(3):  # the two forces' entries interleave in the one sequence of ids
        record("case_opened", team.lead.id, case_reference=f"D{i:04d}")
        with use_force(north.id):
            record("case_opened", None, case_reference=f"N{i:04d}")
    db.session.commit()

    def places() -> list[tuple[str | None, int]]:
        chain = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(entry.case_reference, entry.place) for entry in chain]

    assert places() == [("D0000", 1), ("D0001", 2), ("D0002", 3)]
    with use_force(north.id):
        assert places() == [("N0000", 1), ("N0001", 2), ("N0002", 3)]
    intact = app.test_cli_runner().invoke(args=["audit", "verify", "--all-forces"])
    assert intact.exit_code == 0, intact.output
