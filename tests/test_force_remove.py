"""Removing a force added by mistake: ``flask force remove`` takes out a force that holds nothing
but its own audit entries, records the removal (with the removed chain's length and last hash)
in every remaining force's chain, and frees the slug; a force holding anything else, and the
first force, are refused with nothing changed.

Before, a force added with a mistyped slug stayed for good: a slug never changes, and its
reporters' start page at the wrong address could not be taken down."""

from __future__ import annotations

from click.testing import Result
from flask import Flask
from sqlalchemy import func, select

from intake.db import db
from intake.models.force import Force
from intake.models.reporter_session import ReporterSession
from intake.tenancy import use_force
from tests.helpers import Team, csrf_token, make_team, submit_report
from tests.test_tenancy import client_of
from triage.models import AuditEntry


def force(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["force", *args])


def slugs() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Force.slug)))


def removals() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "force_removed"))
    )


def audit_verifies(app: Flask, slug: str | None) -> bool:
    app.config["CANDOUR_COMMAND_FORCE"] = slug
    try:
        return app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None


def test_a_force_added_by_mistake_is_removed_and_every_other_chain_says_so(
    app: Flask, team: Team
) -> None:
    assert force(app, "add", "north", "North Force").exit_code == 0
    assert force(app, "add", "nrth", "North Police").exit_code == 0  # the slug mistyped
    [nrth] = [f for f in db.session.scalars(select(Force)) if f.slug == "nrth"]
    with use_force(nrth.id):
        [added] = db.session.scalars(select(AuditEntry)).all()
        last = added.entry_hash.hex()[:16]
    refused = force(app, "remove", "nrth")  # asks first; no answer is no
    assert refused.exit_code != 0 and "nrth" in slugs()
    removed = force(app, "remove", "nrth", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "Removed /nrth/ 'North Police'" in removed.output
    assert slugs() == ["default", "north"]
    said = f"its own audit chain of 1 entry, last hash {last}, went with it"
    assert [said in detail for detail in removals()] == [True], removals()  # the first force chain
    with use_force(next(f.id for f in db.session.scalars(select(Force)) if f.slug == "north")):
        assert [said in detail for detail in removals()] == [True]
    assert audit_verifies(app, None) and audit_verifies(app, "north")
    # The address is free again, and nothing of the removed force is left to find.
    assert client_of(app, "nrth").get("/").status_code == 404
    assert force(app, "add", "nrth", "Another Force").exit_code == 0


def test_a_force_holding_anything_but_its_audit_entries_is_not_removed(
    app: Flask, team: Team
) -> None:
    assert force(app, "add", "north", "North Force").exit_code == 0
    north = next(f for f in db.session.scalars(select(Force)) if f.slug == "north")
    with use_force(north.id):
        make_team()
    submit_report(client_of(app, "north"))
    refused = force(app, "remove", "north", "--yes")
    assert refused.exit_code != 0
    assert "holds more than its own audit entries" in refused.output
    assert "member" in refused.output and "report" in refused.output
    assert "north" in slugs() and removals() == []
    first = force(app, "remove", "default", "--yes")
    assert first.exit_code != 0 and "cannot be removed" in first.output
    assert force(app, "remove", "nowhere", "--yes").exit_code != 0


def test_a_receipt_tried_at_the_mistaken_address_does_not_keep_the_force(
    app: Flask, team: Team
) -> None:
    """Someone who tried a receipt at /nrth/ had a session there, which blocked the removal
    ("reporter_session 1") until that very browser selected Exit, which an operator cannot do."""
    assert force(app, "add", "nrth", "North Police").exit_code == 0
    visitor = client_of(app, "nrth")
    page = visitor.get("/status").get_data(as_text=True)
    visitor.post(
        "/status", data={"csrf_token": csrf_token(page), "receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}
    )
    nrth = next(f for f in db.session.scalars(select(Force)) if f.slug == "nrth")
    with use_force(nrth.id):
        assert db.session.scalar(select(func.count()).select_from(ReporterSession)) == 1
    asked = app.test_cli_runner().invoke(args=["force", "remove", "nrth"], input="n\n")
    assert "1 visitor session at its address will end" in asked.output
    removed = force(app, "remove", "nrth", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "nrth" not in slugs()
    with use_force(nrth.id):
        assert db.session.scalar(select(func.count()).select_from(ReporterSession)) == 0
