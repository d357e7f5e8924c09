"""Forces as tenants: one force's members see nothing of another's, by any address, form, CSV
or search; a report sent at a force's address is that force's alone; and on PostgreSQL a query
that forgets the force still returns none of another force's rows."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.test import TestResponse

from intake.cli import OperatorGroup
from intake.db import db
from intake.forms.status import RECEIPT_NOT_FOUND
from intake.models import Report, TeamKey
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.sealing import open_sealed
from intake.tenancy import create_force, forget_forces, use_force
from tests.conftest import RequestScopedClient, build_app, schema_url
from tests.helpers import (
    PASSWORD,
    Team,
    csrf_token,
    make_team,
    open_status,
    post_form,
    reports_in_order,
    send_report,
    sign_in_directly,
    submit_enough_to_calibrate,
    submit_report,
    visible_text,
)
from tests.team_helpers import is_signed_in, sign_in
from tests.test_roster import ROSTER, write_roster
from triage.models import AuditEntry, Member, Note, PossibleMatch, SubjectLink, SubjectToken

NUMBERED = {"name": "Liam Kingsmouth", "collar_number": "9871NE", "unit": "NE BCU"}
NAME_ONLY = {"name": "PC Liam Kingsmouth"}  # likely the same person: a possible match
BEFORE_TENANCY = "5d1c0e7a9b21"  # the migration head before forces existed


class ForceClient(RequestScopedClient):
    """A browser on one force's addresses: ``/x`` means ``/<slug>/x``."""

    prefix = ""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        if args and isinstance(args[0], str) and not args[0].startswith(self.prefix + "/"):
            args = (self.prefix + args[0], *args[1:])
        return super().open(*args, **kwargs)

    def at_root(self, path: str) -> TestResponse:
        """The same browser (same cookies) at an address outside its force."""
        return RequestScopedClient.open(self, path)


def client_of(app: Flask, slug: str) -> ForceClient:
    client = ForceClient(app, app.response_class, use_cookies=True)
    client.prefix = f"/{slug}"
    return client


@pytest.fixture
def north(app: Flask) -> Force:
    force = create_force("north", "North Force")
    db.session.commit()
    return force


@pytest.fixture
def north_team(north: Force) -> Team:
    with use_force(north.id):
        # The same address as the default force's lead: a member belongs to one force.
        return make_team()


def signed_in_north_lead(app: Flask, north: Force, north_team: Team) -> ForceClient:
    browser = client_of(app, north.slug)
    with use_force(north.id):
        sign_in_directly(browser, north_team.lead, north_team.keys)
    return browser


def default_force_cases(client: RequestScopedClient) -> tuple[Report, Report, PossibleMatch]:
    """Two reports in the default force naming one officer, the second too vaguely to link."""
    submit_report(client.application.test_client(), people=[NUMBERED])
    submit_report(client.application.test_client(), people=[NAME_ONLY])
    earlier, later = reports_in_order()[-2:]
    return earlier, later, db.session.scalars(select(PossibleMatch)).one()


def test_a_member_of_another_force_sees_nothing_of_a_force_by_address_form_csv_or_search(
    app: Flask, client: RequestScopedClient, team: Team, north: Force, north_team: Team
) -> None:
    earlier, later, match = default_force_cases(client)
    cluster = db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == earlier.id)
    ).one()
    case_pages = [
        f"/team/cases/{later.reference}",
        f"/team/cases/{earlier.reference}",
        f"/team/subjects/{cluster}",
        f"/team/cases/{later.reference}/possible/{match.id}/split",
        f"/team/cases/{later.reference}/bundle.zip",
    ]
    # The default force's own lead opens them all (so the refusals below are the wall between
    # forces, not pages that are missing), which also writes audit entries naming the cases.
    sign_in_directly(client, team.lead, team.keys)
    assert [client.get(page).status_code for page in case_pages[:3]] == [200, 200, 200]
    assert client.get(f"/team/?reference={later.reference}").status_code == 302

    north_lead = signed_in_north_lead(app, north, north_team)
    assert north_lead.get("/team/").status_code == 200  # signed in, in their own force
    assert [north_lead.get(page).status_code for page in case_pages] == [404] * len(case_pages)
    lookup = north_lead.get(f"/team/?reference={later.reference}")
    assert "No case you can see has that reference" in visible_text(lookup.get_data(as_text=True))
    lists = [
        "/team/",
        "/team/?stage=received&stage=closed&possible_pending=y",
        "/team/?possible_pending=y",
        "/team/audit",
        f"/team/audit?case={later.reference}",
        "/team/audit.csv",
        "/team/members",
    ]
    for page in lists:
        response = north_lead.get(page)
        body = response.get_data(as_text=True)
        # What the page shows (the audit filter echoes the reference typed in its box).
        shown = body if page.endswith(".csv") else visible_text(body)
        assert response.status_code == 200, page
        assert earlier.reference not in shown and later.reference not in shown, page
    # A form posted to the other force's case changes nothing there.
    token = csrf_token(north_lead.get("/team/").get_data(as_text=True))
    posted = north_lead.post(
        f"/team/cases/{later.reference}/notes",
        data={"csrf_token": token, "note_body": "Written from the wrong force"},
    )
    assert posted.status_code == 404
    assert db.session.scalars(select(Note)).all() == []
    # Their session belongs to their force: at the default force's address they are signed out.
    at_default = north_lead.at_root(f"/team/cases/{later.reference}")
    assert at_default.status_code == 302 and "/team/sign-in" in at_default.location


def test_each_force_keeps_its_own_members_and_audit_chain(
    app: Flask, team: Team, north: Force, north_team: Team
) -> None:
    from triage import audit

    audit.record("signed_in", team.lead.id)
    db.session.commit()
    default_entries = db.session.scalars(select(AuditEntry)).all()
    with use_force(north.id):
        north_lead = db.session.scalars(select(Member)).one()
        assert north_lead.email == "lead@candour.test" and north_lead.force_id == north.id
        audit.record("signed_in", north_lead.id)
        chain = db.session.scalars(select(AuditEntry)).all()
        assert len(chain) == 1 and chain[0].prev_hash == audit.GENESIS  # a chain of its own
        assert audit.verify().broken_at is None
    assert db.session.scalars(select(AuditEntry)).all() == default_entries
    assert audit.verify().broken_at is None
    assert [m.force_id for m in db.session.scalars(select(Member))] == [DEFAULT_FORCE_ID]


def test_a_report_sent_at_a_forces_address_is_sealed_to_its_key_and_only_its_receipt_works(
    app: Flask, team: Team, north: Force, north_team: Team
) -> None:
    reporter = client_of(app, north.slug)
    start = reporter.get("/")
    assert start.status_code == 200 and "North Force" in visible_text(start.get_data(as_text=True))
    assert reporter.at_root("/north").status_code == 308
    receipt = submit_report(reporter, people=[NUMBERED])

    with use_force(north.id):
        report = db.session.scalars(select(Report)).one()
        key = db.session.get(TeamKey, report.team_key_id)
        assert report.force_id == north.id and key is not None and key.force_id == north.id
        opened = open_sealed(north_team.keys, report.content, record=report.record, field="report")
        assert b"made comments about my appearance" in opened
    assert db.session.scalars(select(Report)).all() == []  # nothing in the default force's queue

    status = visible_text(open_status(reporter, receipt).get_data(as_text=True))
    assert RECEIPT_NOT_FOUND not in status and "Your report has arrived" in status
    elsewhere = visible_text(open_status(app.test_client(), receipt).get_data(as_text=True))
    assert RECEIPT_NOT_FOUND in elsewhere
    # With several forces, the refusal says where else to look.
    assert "If you reported to another force, check it at that force's Candour address" in (
        elsewhere
    )


def test_with_two_forces_taking_reports_every_reporter_page_names_the_force_in_its_header(
    app: Flask, team: Team, north: Force, north_team: Team
) -> None:
    """After the start page, nothing said which force a report went to: the header read only
    "Candour", and the sharing question spoke of "this force's independent team"."""
    reporter = client_of(app, north.slug)
    for url in ("/", "/report/what", "/status"):
        html = reporter.get(url).get_data(as_text=True)
        header = html[html.index("<header") : html.index("</header>")]
        assert "Candour: North Force" in visible_text(header), url


def test_with_one_force_taking_reports_the_header_says_only_candour(
    client: FlaskClient, team: Team
) -> None:
    html = client.get("/report/what").get_data(as_text=True)
    header = visible_text(html[html.index("<header") : html.index("</header>")])
    assert "Candour" in header and "Candour:" not in header


def test_the_same_officer_named_in_two_forces_gives_different_tokens_and_no_link(
    app: Flask, team: Team, north: Force, north_team: Team
) -> None:
    submit_report(app.test_client(), people=[NUMBERED])
    submit_report(client_of(app, north.slug), people=[NUMBERED])
    default_tokens = set(db.session.scalars(select(SubjectToken.token)))
    default_clusters = set(db.session.scalars(select(SubjectLink.cluster_id)))
    with use_force(north.id):
        north_tokens = set(db.session.scalars(select(SubjectToken.token)))
        north_clusters = set(db.session.scalars(select(SubjectLink.cluster_id)))
    assert default_tokens and north_tokens and not default_tokens & north_tokens
    assert len(default_clusters) == len(north_clusters) == 1
    assert default_clusters != north_clusters


def test_forces_cannot_take_a_slug_the_service_uses(app: Flask) -> None:
    for slug in ("team", "status", "static", "proof", "North", "a_b", ""):
        with pytest.raises(ValueError):
            create_force(slug, "Bad")


def test_a_force_is_not_added_twice_nor_without_a_name_of_its_own(app: Flask) -> None:
    def add(*args: str) -> tuple[int, str]:
        result = app.test_cli_runner().invoke(args=["force", "add", *args])
        return result.exit_code, result.output

    assert add("north", "North Force")[0] == 0
    code, output = add("north", "North Again")
    assert code != 0 and "/north/ is already the address of North Force" in output
    assert "Traceback" not in output and "SQL" not in output
    for name in ("", "   ", "x" * 300, "north force", "DEFAULT"):
        code, output = add("east", name)
        assert code != 0, name
        assert "A force's name needs 1 to" in output or "already names" in output
    assert add("south", "x")[0] == 0
    code, output = add("x", "Exton Force")  # the address is the south force's name
    assert code != 0 and "'x' is the name of x (/south/)" in output
    assert db.session.scalars(select(Force.slug).order_by(Force.id)).all() == [
        "default",
        "north",
        "south",
    ]


def test_a_single_force_deployment_migrates_with_its_data_still_there(
    app: Flask, client: RequestScopedClient
) -> None:
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    # Put the same deployment's data into the migrated schema, go back to the schema before
    # forces existed (as an existing deployment is), then forward again.
    team = make_team()
    receipt = submit_report(app.test_client(), people=[NUMBERED])
    reference = db.session.scalars(select(Report.reference)).one()
    db.session.remove()
    downgrade(revision=BEFORE_TENANCY)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM report").scalar() == 1
    upgrade()

    assert db.session.scalars(select(Report.reference)).all() == [reference]
    assert db.session.scalars(select(Force.slug)).all() == ["default"]
    lead = db.session.scalars(select(Member)).one()
    sign_in_directly(client, lead, team.keys)
    assert client.get(f"/team/cases/{reference}").status_code == 200
    status = visible_text(open_status(app.test_client(), receipt).get_data(as_text=True))
    assert RECEIPT_NOT_FOUND not in status
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")


# -- PostgreSQL's row-level policies ------------------------------------------------------------


@pytest.fixture
def postgres_app(postgres_schema: str) -> Iterator[Flask]:
    app = build_app(schema_url(postgres_schema))

    @app.get("/unscoped")
    def unscoped() -> dict[str, Any]:
        """A view that deliberately forgets the force: SQL text, and a Core statement on the
        table (neither passes through the application's scoping)."""
        return {
            "sql": list(db.session.scalars(text("SELECT reference FROM report"))),
            "core": list(db.session.scalars(select(Report.__table__.c.reference))),
            "role": db.session.scalar(text("SELECT current_user")),
        }

    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_on_postgresql_an_unscoped_query_in_another_forces_request_returns_nothing(
    postgres_app: Flask,
) -> None:
    app = postgres_app
    make_team()
    submit_report(app.test_client(), people=[NUMBERED])
    north = create_force("north", "North Force")
    db.session.commit()
    reference = db.session.scalars(select(Report.reference)).one()

    at_default = app.test_client().get("/unscoped").get_json()
    assert at_default == {"sql": [reference], "core": [reference], "role": "candour_app"}
    at_north = client_of(app, north.slug).get("/unscoped").get_json()
    assert at_north == {"sql": [], "core": [], "role": "candour_app"}

    # Writing a row into another force is refused too, and with no force set nothing shows.
    with use_force(north.id), pytest.raises(Exception, match="row-level security"):
        db.session.execute(
            text("UPDATE report SET force_id = :north"), {"north": north.id}
        )  # sees no rows: updates none
        db.session.execute(
            text(
                "INSERT INTO report_category (report_id, category, force_id) "
                "VALUES (:id, 'racism', :default)"
            ),
            {"id": 1, "default": DEFAULT_FORCE_ID},
        )
    with db.engine.connect() as owner:  # the owner (a superuser here) sees across forces
        assert owner.exec_driver_sql("SELECT count(*) FROM report").scalar() == 1
        owner.exec_driver_sql("SET ROLE candour_app")
        assert owner.exec_driver_sql("SELECT count(*) FROM report").scalar() == 0


# -- setting forces up, and reaching them ------------------------------------------------------


def test_commands_add_a_force_and_set_up_its_team_and_retention_through_candour_force(
    app: Flask,
) -> None:
    runner = app.test_cli_runner()
    added = runner.invoke(args=["force", "add", "north", "North Force", "--retention-months", "6"])
    assert added.exit_code == 0 and "/north/" in added.output, added.output
    db.session.commit()
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        # The new force's own audit chain starts with its creation.
        chain = runner.invoke(args=["audit", "verify"])
        assert chain.exit_code == 0 and "Audit log intact: 1 entries" in chain.output, chain.output
        init = runner.invoke(
            args=["team", "init", "--email", "nora@north.test", "--name", "Nora North"],
            input=f"{PASSWORD}\n{PASSWORD}\n",
        )
        assert init.exit_code == 0, init.output
        kept = runner.invoke(args=["retention", "apply", "--dry-run"])
        assert "(retention 6 months)" in kept.output, kept.output
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    north = db.session.scalars(select(Force).where(Force.slug == "north")).one()
    with use_force(north.id):
        assert [m.email for m in db.session.scalars(select(Member))] == ["nora@north.test"]
        assert db.session.scalars(select(TeamKey.force_id)).all() == [north.id]
    assert db.session.scalars(select(Member)).all() == []
    default = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert "(retention 24 months)" in default.output, default.output
    listed = runner.invoke(args=["force", "list"])
    assert "/default/" in listed.output and "/north/\tNorth Force\tretention 6" in listed.output


def test_adding_a_force_while_the_first_is_still_called_default_force_says_to_name_it(
    app: Flask,
) -> None:
    """Once there are two forces, pages name each: the docs say to name the first before adding
    others, and ``force add`` said nothing when it had not been."""
    runner = app.test_cli_runner()
    first = db.session.get_one(Force, DEFAULT_FORCE_ID)
    added = runner.invoke(args=["force", "add", "north", "North Force"])
    assert added.exit_code == 0, added.output
    assert "Added North Force at /north/" in added.output  # added all the same
    assert f'the first force (/{first.slug}/) is still called "Default force"' in added.output
    assert f'flask force rename {first.slug} --name "..."' in added.output
    renamed = runner.invoke(args=["force", "rename", first.slug, "--name", "West Force"])
    assert renamed.exit_code == 0, renamed.output
    added = runner.invoke(args=["force", "add", "south", "South Force"])
    assert added.exit_code == 0, added.output
    assert "Default force" not in added.output and "force rename" not in added.output


def test_a_roster_import_names_its_force_at_the_start_of_each_line(
    app: Flask, north: Force, north_team: Team, tmp_path: Path
) -> None:
    """As every force-specific command does (docs/national-service.md): "Importing 5 people
    ...", "Roster version 1: ..." did not say which force's roster it was."""
    roster = write_roster(tmp_path, ROSTER)
    runner = app.test_cli_runner()
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        dry = runner.invoke(args=["roster", "import", "--dry-run", str(roster)])
        imported = runner.invoke(args=["roster", "import", str(roster)])
        submit_report(client_of(app, north.slug), people=[{"name": "G Morris"}])
        again = runner.invoke(args=["roster", "import", str(roster)])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    for result in (dry, imported, again):
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines and all(line.startswith("north: ") for line in lines), result.output
    assert "north: roster.csv would list 5 people" in dry.output
    assert "north: Nothing stored (--dry-run)." in dry.output
    assert "north: Importing 5 people from roster.csv ..." in imported.output
    assert "north: Roster version 1: 5 listed (5 new, 0 listed before)" in imported.output
    assert "north: The people named in the 1 report already received" in again.output


def test_a_command_for_a_force_candour_force_does_not_name_says_so_plainly(app: Flask) -> None:
    app.config["CANDOUR_COMMAND_FORCE"] = "nroth"
    try:
        result = app.test_cli_runner().invoke(args=["audit", "verify"])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert result.exit_code == 1, result.output
    assert "CANDOUR_FORCE=nroth names no force" in result.output
    assert "flask force list" in result.output
    assert not isinstance(result.exception, LookupError)  # not a traceback


def test_a_roster_for_a_force_without_a_team_or_a_national_one_says_what_to_do(
    app: Flask, tmp_path: Path
) -> None:
    create_force("north", "North Force")
    create_force("national", "National oversight", national=True)
    db.session.commit()
    path = write_roster(tmp_path, ROSTER[:2])
    runner = app.test_cli_runner()
    try:
        app.config["CANDOUR_COMMAND_FORCE"] = "north"
        north = runner.invoke(args=["roster", "import", str(path)])
        app.config["CANDOUR_COMMAND_FORCE"] = "national"
        national = runner.invoke(args=["roster", "import", str(path)])
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert north.exit_code == 1, north.output
    assert "run `CANDOUR_FORCE=north flask team init` first" in north.output
    assert "Importing" not in north.output
    assert national.exit_code == 1, national.output
    assert "A national force takes no reports, so it has no roster" in national.output
    assert "team init" not in national.output  # which a national force cannot run


def test_inviting_to_a_force_without_a_team_says_to_set_it_up_without_asking_for_a_key(
    app: Flask,
) -> None:
    north = create_force("north", "North Force")
    db.session.commit()
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        result = app.test_cli_runner().invoke(
            args=[
                "team",
                "add-member",
                "--email",
                "c@north.test",
                "--name",
                "C",
                "--role",
                "caseworker",
            ]
        )
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert result.exit_code == 1, result.output
    assert "North Force has no team yet: run `CANDOUR_FORCE=north flask team init`" in result.output
    assert "Recovery key" not in result.output
    with use_force(north.id):
        assert db.session.scalars(select(AuditEntry)).all() == []  # no refusal recorded
        assert db.session.scalars(select(Member)).all() == []


def test_every_operator_command_and_option_says_what_it_is_for(app: Flask) -> None:
    runner = app.test_cli_runner()
    groups = ("force", "team", "audit", "triage", "backup", "retention", "roster", "proof")
    for group in (*groups, "privacy", "oversight", "seed"):
        command_group = app.cli.get_command(click.Context(app.cli), group)
        assert isinstance(command_group, click.Group), group
        for name, command in command_group.commands.items():
            shown = runner.invoke(args=[group, name, "--help"])
            assert shown.exit_code == 0, (group, name, shown.output)
            for option in command.params:
                if isinstance(option, click.Option):
                    assert option.help, f"flask {group} {name} {option.opts[0]} has no help"


def test_a_command_on_a_database_without_tables_says_to_upgrade_it(tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path / 'new.db'}")  # never upgraded
    runner = app.test_cli_runner()
    for args in (
        ["force", "list"],
        ["audit", "verify"],
        ["backup", "create", str(tmp_path / "b.gz")],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert "The database could not be used" in result.output, result.output
        assert "`flask db upgrade`" in result.output
        assert "SELECT" not in result.output  # the driver's line, not the statement
        assert not isinstance(result.exception, SQLAlchemyError)  # no traceback


def test_a_command_whose_change_clashes_with_a_record_already_there_says_so_plainly(
    app: Flask,
) -> None:
    # As when two operators import a roster at once: the second's rows clash with the first's.
    group = OperatorGroup("clash", help="A group whose command clashes.")

    @group.command("add")
    def add() -> None:
        """Add a force whose slug another already has."""
        db.session.add(Force(slug="default", name="A second default"))
        db.session.commit()

    app.cli.add_command(group)
    result = app.test_cli_runner().invoke(args=["clash", "add"])
    assert result.exit_code == 1, result.output
    assert "clashed with a record already there" in result.output, result.output
    assert "run this one again" in result.output
    assert "INSERT" not in result.output  # the driver's line, not the statement
    assert not isinstance(result.exception, SQLAlchemyError)  # no traceback
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Force)) == 1  # nothing kept


def test_a_command_with_no_such_database_role_says_so_plainly(postgres_schema: str) -> None:
    app = build_app(schema_url(postgres_schema), CANDOUR_DATABASE_ROLE="candour_typo")
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    with app.app_context():
        db.engine.dispose()  # the connection its refused transaction left open
    assert result.exit_code == 1, result.output
    assert 'role "candour_typo" does not exist' in result.output, result.output
    assert "CANDOUR_DATABASE_ROLE" in result.output
    assert not isinstance(result.exception, SQLAlchemyError)  # no traceback


def test_a_member_signs_in_at_their_forces_address_and_stays_in_that_force(
    app: Flask, team: Team, north: Force, north_team: Team
) -> None:
    browser = client_of(app, north.slug)
    with use_force(north.id):
        lead = db.session.scalars(select(Member)).one()
        assert sign_in(browser, lead).location == "/north/team/"
        assert is_signed_in(browser)
    assert browser.at_root("/team/account").status_code == 302  # not at the default force


def test_a_force_answers_at_its_own_host_name(database_url: str) -> None:
    app = build_app(database_url, CANDOUR_FORCE_HOSTS={"reports.north.example": "north"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        create_force("north", "North Force")
        db.session.commit()
        at_host = app.test_client().get("/", base_url="https://reports.north.example")
        assert "North Force" in visible_text(at_host.get_data(as_text=True))
        elsewhere = app.test_client().get("/", base_url="https://candour.example")
        assert "North Force" not in visible_text(elsewhere.get_data(as_text=True))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_host_whose_slug_names_no_force_is_refused_not_the_default_force(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    hosts = {"north.local": "nroth", "reports.north.example": "north"}  # a typo, and a good one
    app = build_app(database_url, CANDOUR_FORCE_HOSTS=hosts)
    with app.app_context():
        db.drop_all()
        db.create_all()
        create_force("north", "North Force")
        db.session.commit()
        client = app.test_client()
        caplog.set_level(logging.WARNING, logger="candour")
        for path in ("/", "/report/start", "/status"):
            typo = client.get(path, base_url="https://north.local")
            assert typo.status_code == 404, path
            assert "not set up" in typo.get_data(as_text=True)
            assert "Candour" not in typo.get_data(as_text=True)  # not the default force's page
            assert typo.headers["Cache-Control"] == "no-store"
        refused = [r.getMessage() for r in caplog.records if "names no force" in r.getMessage()]
        assert refused and "north.local" in refused[0] and "'nroth'" in refused[0]
        assert len(refused) == 1  # once, not at each visit: its time would say when one came
        good = client.get("/", base_url="https://reports.north.example")
        assert good.status_code == 200
        assert "North Force" in visible_text(good.get_data(as_text=True))
        default = client.get("/", base_url="https://candour.example")
        assert default.status_code == 200
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_relink_in_one_force_reads_only_that_forces_roster_and_reports(
    app: Flask, team: Team, north: Force, north_team: Team, tmp_path: Path
) -> None:
    roster = write_roster(tmp_path, ROSTER)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["roster", "import", str(roster)]).exit_code == 0
    submit_report(app.test_client(), people=[{"name": "Gaz Morris", "unit": "firearms"}])
    app.config["CANDOUR_COMMAND_FORCE"] = "north"
    try:
        imported = runner.invoke(args=["roster", "import", str(roster)])
        # The default force's report names someone, but nobody in north is named yet.
        assert imported.exit_code == 0 and "triage relink" not in imported.output
        submit_report(client_of(app, north.slug), people=[{"name": "G Morris"}])
        imported = runner.invoke(args=["roster", "import", str(roster)])
        assert "The people named in the 1 report already received are resolved" in imported.output
        assert "`CANDOUR_FORCE=north flask triage relink`" in imported.output
        relinked = runner.invoke(args=["triage", "relink"])
        assert relinked.exit_code == 0, relinked.output
        # North's one subject, against north's roster: the default force's report is not there.
        assert "0 moved" in relinked.output and "of 1 subject." in relinked.output
        # What calibrate says to run to undo it acts on north, not on the default force.
        submit_enough_to_calibrate(client_of(app, north.slug), {"name": "Grace Fitzgerald"})
        calibrated = runner.invoke(args=["triage", "calibrate"])
        assert calibrated.exit_code == 0, calibrated.output
        assert "`CANDOUR_FORCE=north flask triage calibrate --reset`" in calibrated.output
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None


def test_relink_of_all_forces_relinks_each_force_in_its_own_transaction(
    app: Flask, team: Team, north: Force, north_team: Team, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    assert (
        runner.invoke(args=["roster", "import", str(write_roster(tmp_path, ROSTER))]).exit_code == 0
    )
    submit_report(app.test_client(), people=[{"name": "Gaz Morris", "unit": "firearms"}])
    submit_report(app.test_client(), people=[{"name": "Gary Morris", "unit": "firearms"}])
    submit_report(client_of(app, north.slug), people=[{"name": "G Morris"}])
    create_force("oversight", "National oversight", national=True)
    db.session.commit()
    app.config["CANDOUR_COMMAND_FORCE"] = "oversight"
    try:  # the national force alone: it used to end silently, having relinked nothing
        national = runner.invoke(args=["triage", "relink"])
        # Rescoring it audited "0 clusters", and rotating its proof key published a signing
        # key for a force no statement of reporting comes from.
        rescored = runner.invoke(args=["triage", "rescore"])
        rotated = runner.invoke(args=["proof", "rotate-key"])
        reread = runner.invoke(args=["triage", "reread"], input="not-asked-for\n")
    finally:
        app.config["CANDOUR_COMMAND_FORCE"] = None
    assert national.exit_code == 1 and "A national force takes no reports" in national.output
    assert rescored.exit_code == 1 and "so it has none to score" in rescored.output
    assert rotated.exit_code == 1 and "so it signs no proof of reporting" in rotated.output
    # Refused before the recovery key is asked for, so no refusal of it is audited.
    assert reread.exit_code == 1 and "so it has none to read" in reread.output
    assert "Recovery key" not in reread.output
    dry = runner.invoke(args=["triage", "relink", "--all-forces", "--dry-run"])
    # A dry run said "2 forces relinked" under each force's "nothing written".
    assert dry.exit_code == 0 and "2 forces checked in" in dry.output, dry.output
    assert "(nothing written)." in dry.output and "relinked" not in dry.output
    relinked = runner.invoke(args=["triage", "relink", "--all-forces"])
    assert relinked.exit_code == 0, relinked.output
    # The national force holds no reports and is skipped; each other force sees only its own.
    assert "(3 of" not in relinked.output
    default_part, north_part = relinked.output.split(f"Force {north.slug} (2 of 2):")
    assert "Force default (1 of 2):" in default_part and "of 2 subjects." in default_part
    assert "0 moved" in north_part and "of 1 subject." in north_part
    assert "2 forces relinked" in north_part
    for force_id in (DEFAULT_FORCE_ID, north.id):
        with use_force(force_id):
            actions = db.session.scalars(select(AuditEntry.action)).all()
            assert actions.count("relinked") == 1


def addresses_outside(html: str, slug: str) -> list[str]:
    """Every link, form action and asset address on a page that is not under ``/<slug>/``."""
    found = re.findall(r'(?:href|action|src)="(/[^"]*)"', html)
    return [a for a in found if not a.startswith((f"/{slug}/", "/static/"))]


def test_every_link_and_form_on_a_forces_pages_stays_in_that_force(
    app: Flask, north: Force, north_team: Team
) -> None:
    # A reporter who follows the header's "Candour" or an error page's "Go to the start page"
    # must not land on another force's start page and send their report there.
    browser = client_of(app, north.slug)
    pages = {path: browser.get(path) for path in ("/", "/report/what", "/status", "/nowhere")}
    pages["sent"] = send_report(browser, people=[NUMBERED])
    receipt = re.search(r'id="receipt">([^<]+)<', pages["sent"].get_data(as_text=True))
    assert receipt is not None
    pages["status"] = open_status(browser, receipt[1])
    assert pages["/nowhere"].status_code == 404
    assert "Your report" in pages["status"].get_data(as_text=True)
    pages["team sign-in"] = browser.get("/team/sign-in")
    lead = signed_in_north_lead(app, north, north_team)
    with use_force(north.id):
        [reference] = db.session.scalars(select(Report.reference))
    for path in ("/team/", f"/team/cases/{reference}", "/team/audit", "/team/oversight"):
        pages[path] = lead.get(path)
        assert pages[path].status_code == 200, path
    for name, page in pages.items():
        assert addresses_outside(page.get_data(as_text=True), north.slug) == [], name


def test_with_several_forces_each_page_says_whose_it_is_and_a_single_force_looks_as_before(
    app: Flask, team: Team
) -> None:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    alone = app.test_client().get("/").get_data(as_text=True)
    assert "Default force" not in visible_text(alone)
    assert "Candour: " not in visible_text(lead.get("/team/").get_data(as_text=True))

    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        north_team = make_team()
    north_lead = signed_in_north_lead(app, north, north_team)
    # The team header names the force the member is working in, in each force.
    assert "Candour: North Force" in visible_text(north_lead.get("/team/").get_data(as_text=True))
    assert "Candour: Default force" in visible_text(lead.get("/team/").get_data(as_text=True))
    assert "Candour: North Force" in visible_text(
        client_of(app, north.slug).get("/team/sign-in").get_data(as_text=True)
    )
    # And each start page says whose service the reporter is about to use.
    assert "Default force" in visible_text(app.test_client().get("/").get_data(as_text=True))


def test_a_link_to_a_case_followed_while_signed_out_leads_back_to_it_in_the_members_force(
    app: Flask, north: Force, north_team: Team
) -> None:
    """The page asked for before signing in was kept without its force (``/team/cases/…``), so
    a member of a force at ``/<slug>/`` who followed a link to one of their cases was sent, once
    signed in, to that address at the default force: its sign-in page, as they are not signed in
    there. It is kept with the force's address, and only a page of the force signed in to is
    returned to."""
    with use_force(north.id):
        submit_report(client_of(app, north.slug))
        report = reports_in_order()[0]
        browser = client_of(app, north.slug)
        asked = browser.get(f"/team/cases/{report.reference}")
        assert asked.status_code == 302 and asked.location == "/north/team/sign-in"
        signed_in = sign_in(browser, north_team.lead)
        assert signed_in.location == f"/north/team/cases/{report.reference}"
        assert browser.get(signed_in.location).status_code == 200
        # A page of the default force asked for in the same browser is not where signing in
        # at this force leads: the force's own home instead.
        another = client_of(app, north.slug)
        assert another.at_root(f"/team/cases/{report.reference}").status_code == 302
        assert sign_in(another, north_team.lead).location == "/north/team/"


def test_a_forces_invitation_link_is_at_the_configured_address_under_the_forces_own(
    app: Flask, north: Force, north_team: Team
) -> None:
    app.config["CANDOUR_BASE_URL"] = "https://speakup.example.police.uk"
    lead = signed_in_north_lead(app, north, north_team)
    made = post_form(lead, "/team/members", {"name": "N", "email": "n@north.test", "role": "lead"})
    page = lead.get(made.location).get_data(as_text=True)
    link = re.search(r'id="invitation-link">([^<]*)</p>', page)
    assert link is not None, page
    assert link[1].startswith("https://speakup.example.police.uk/north/team/invitation/"), link[1]
    newcomer = client_of(app, north.slug)
    assert newcomer.at_root(urlsplit(link[1]).path).status_code == 200


def test_the_sign_in_says_whose_it_is_where_there_are_several_forces(
    app: Flask, team: Team
) -> None:
    whose = "If you are a member of another force’s team, sign in at your own force’s address."
    alone = visible_text(app.test_client().get("/team/sign-in").get_data(as_text=True))
    assert "This is the sign-in for" not in alone and whose not in alone
    north = create_force("north", "North Force")
    db.session.commit()
    forget_forces()
    at_north = client_of(app, north.slug)
    page = visible_text(at_north.get("/team/sign-in").get_data(as_text=True))
    assert f"This is the sign-in for North Force. {whose}" in page
    # Said before and after a refusal alike, so it tells nothing of which accounts exist here.
    refused_at_north = post_form(
        at_north, "/team/sign-in", {"email": team.lead.email, "password": PASSWORD}
    )
    again = visible_text(at_north.get(refused_at_north.location).get_data(as_text=True))
    assert "Enter a correct email address and password" in again
    assert f"This is the sign-in for North Force. {whose}" in again
    at_default = visible_text(app.test_client().get("/team/sign-in").get_data(as_text=True))
    assert f"This is the sign-in for Default force. {whose}" in at_default
