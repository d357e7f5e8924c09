"""The migrations build exactly the schema the models describe, on both backends, and fill what
they add for data already there."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from intake.db import db
from intake.models import Attachment, CaseEvent, Message, Report
from intake.models.force import DEFAULT_FORCE_ID
from intake.submission import add_attachment, add_message, record_event
from intake.tenancy import use_force
from tests.helpers import Team, add_member, reports_in_order, sign_in_directly, submit_report
from tests.test_crossforce_referral import answer, ask, make_two_forces
from tests.test_iopc import REASON, flagged_report
from tests.test_propose_same import NICKNAME, NUMBERED, propose
from triage.audit import record
from triage.casework import closing, iopc, stages, writing
from triage.matching.roster import RosterEntry
from triage.matching.roster_sql import BITS
from triage.matching.roster_store import import_roster
from triage.models import (
    AuditEntry,
    CrossForceReferral,
    IopcReferral,
    PossibleMatch,
    RosterPerson,
    RosterToken,
)


@pytest.fixture(autouse=True)
def no_revision_left_behind(app: Flask) -> Iterator[None]:
    """Every other module builds its schema from the models, with no revision recorded: a
    revision left here (by a test that failed half-way, or by one that migrated last) made a
    later module's backup record it, and its restore refuse a database at none."""
    yield
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrating_an_empty_database_matches_the_models(app: Flask) -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_flask_db_upgrade_says_what_it_ran_and_where_the_database_is(app: Flask) -> None:
    """It printed nothing, whether it migrated or not; Alembic's set-up lines stay out."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    runner = app.test_cli_runner()
    migrated = runner.invoke(args=["db", "upgrade"])
    assert migrated.exit_code == 0, migrated.output
    with db.engine.connect() as connection:
        head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert migrated.output.startswith("Running upgrade  -> "), migrated.output
    assert f"-> {head}, " in migrated.output
    assert f"Database now at revision {head} (" in migrated.output
    assert "Context impl" not in migrated.output
    again = runner.invoke(args=["db", "upgrade"])
    assert again.exit_code == 0, again.output
    assert again.output == f"Database at revision {head} already: nothing to run.\n"
    # Said only where a revision was asked for: `flask db current` prints its own line.
    current = runner.invoke(args=["db", "current"])
    assert current.exit_code == 0 and "Database at revision" not in current.output


def test_a_roster_imported_before_its_tokens_were_packed_is_packed_by_the_migration(
    app: Flask, team: Team
) -> None:
    """PostgreSQL reads each roster person's tokens from their row (``roster_sql.pack``): the
    migration that added them fills them for rosters already imported, force by force, as an
    import would. SQLite reads ``roster_token`` and leaves them empty."""
    secret = app.config["CANDOUR_SECRETS"].matching_key
    # Only kinds of token the migration knew (its own ``KINDS``): a unit naming a borough or a
    # numbered team ("Brixton", "Response Team 4") now also gives kinds added after it ran.
    entries = [
        RosterEntry(name="Dave Kettleborough", warrant_number="204471", unit="Central South BCU"),
        RosterEntry(name="Asha Okafor", collar_number="4471AB", rank="PS"),
    ]
    import_roster(db.session, entries, secret, date(2026, 12, 1))
    db.session.commit()
    imported = packed_rows()
    stamp()
    downgrade(revision=BEFORE_PACKING)  # the schema as it was, the roster's tokens still there
    upgrade()
    assert packed_rows() == imported
    if db.engine.dialect.name == "postgresql":
        tokens = {
            person: sorted(
                db.session.scalars(select(RosterToken.token).where(RosterToken.person_id == person))
            )
            for person, _, _ in imported
        }
        assert [(p, sorted(t or []), k) for p, t, k in imported] == [
            (p, tokens[p], sum(BITS[kind] for kind in kinds_of(p))) for p, _, _ in imported
        ]
    else:
        assert all(t is None and k is None for _, t, k in imported)


BEFORE_PACKING = "9e4d2c7b1a30"


def packed_rows() -> list[tuple[int, list[bytes] | None, int | None]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(RosterPerson.id, RosterPerson.tokens, RosterPerson.kinds).order_by(RosterPerson.id)
    )
    found = [(person, list(tokens) if tokens else tokens, kinds) for person, tokens, kinds in rows]
    db.session.commit()  # holds no lock on the tables the migrations alter
    return found


def kinds_of(person: int) -> set[str]:
    return set(db.session.scalars(select(RosterToken.kind).where(RosterToken.person_id == person)))


BEFORE_UPDATE_OWED = "a7c3e5f19d20"


def test_a_case_reopened_before_updates_were_owed_owes_one_after_the_migration(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """Filled from the timelines: owed from the first reopening no update or outcome followed."""
    submit_report(client)
    answered = db.session.scalars(select(Report)).one()
    submit_report(client)
    unanswered = db.session.scalars(select(Report).where(Report.id != answered.id)).one()
    lead = team.lead
    for report in (answered, unanswered):
        stages.acknowledge(report, lead)
        closing.close(report, lead, "Done")
        closing.reopen(report, lead, "New evidence")
    writing.message_reporter(answered, lead, "We are looking again.", progress_update=True)
    db.session.commit()
    stamp()
    downgrade(revision=BEFORE_UPDATE_OWED)
    upgrade()
    db.session.expire_all()
    assert answered.update_owed_since is None
    assert unanswered.update_owed_since == date.today()


BEFORE_SEQ_UNIQUE = "z8b5d2f1c6e4"


# A cleaned text file, as ``intake.views.uploads.read_upload`` hands one over.
NOTE_FILE = {
    "media_type": "text",
    "data": base64.b64encode(b"what I saw").decode(),
    "cleaned": True,
}


def test_lines_sharing_a_place_are_renumbered_before_the_constraint_is_added(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """Messages and timeline events are numbered again in their order; a file keeps the number
    its sealed name carries, unless another file of the report already had it first."""
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    report_id = report.id
    for number in range(4):
        add_message(report, f"Message {number}", from_reporter=True)
        record_event(report, "reporter_reply", "The reporter sent a message")
        add_attachment(report, {**NOTE_FILE, "filename": f"note{number}.txt"})
    db.session.commit()
    messages = sorted(report.messages, key=lambda m: m.seq)
    events = sorted(report.events, key=lambda e: e.seq)
    files = sorted(report.attachments, key=lambda a: a.seq)
    ids = {
        model: [row.id for row in rows]
        for model, rows in ((Message, messages), (CaseEvent, events), (Attachment, files))
    }
    db.session.commit()  # holds no lock on the tables the migrations alter
    stamp()
    downgrade(revision=BEFORE_SEQ_UNIQUE)
    # As two lines added at the same moment used to be numbered: the same place twice.
    for model, rows in ((Message, messages), (CaseEvent, events), (Attachment, files)):
        db.session.execute(update(model).where(model.id == rows[1].id).values(seq=3))
    db.session.commit()
    upgrade()

    def seq_of(model: type[Attachment] | type[Message] | type[CaseEvent]) -> dict[int, int]:
        db.session.expire_all()
        rows = db.session.execute(select(model.id, model.seq).where(model.report_id == report_id))
        found = {row_id: seq for row_id, seq in rows}
        db.session.commit()
        return found

    for model in (Message, CaseEvent):
        first, second, third, fourth, *rest = ids[model]
        renumbered = seq_of(model)
        shared = sorted([second, third])  # the two that shared place 3, in id order
        order = [first, *shared, fourth, *rest]
        assert [renumbered[i] for i in order] == list(range(1, len(order) + 1))
    first, second, third, fourth = ids[Attachment]
    assert seq_of(Attachment) == {
        first: 1,
        min(second, third): 3,
        max(second, third): 5,  # the later of the two moves after the last file
        fourth: 4,
    }
    with pytest.raises(IntegrityError):
        db.session.execute(update(Message).where(Message.id == ids[Message][0]).values(seq=2))
        db.session.flush()
    db.session.rollback()


BEFORE_RECORDED_ON = "a1f6c3e9d2b7"


def test_a_referral_recorded_before_its_day_was_kept_gets_it_from_its_timeline(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """The day of its first "iopc_referral" timeline line; with none, the date referred."""
    today = date.today()
    reports = [flagged_report(client) for _ in range(2)]
    for report in reports:
        iopc.decide(report, team.lead, "confirmed", REASON)
        report.received_on = report.iopc_decided_on = today - timedelta(days=10)
        for referred_on in (today - timedelta(days=8), today - timedelta(days=9)):  # and edited
            iopc.record_referral(
                report,
                team.lead,
                referred_on=referred_on,
                reference="",
                mode="",
                returned_on=None,
                today=today,
            )
    first, second = (report.id for report in reports)
    timeline = sorted(reports[0].events, key=lambda event: event.seq)
    events = [event.id for event in timeline if event.kind == "iopc_referral"]
    db.session.commit()
    stamp()
    downgrade(revision=BEFORE_RECORDED_ON)
    # The first recorded four days ago and updated two days ago; the second has no such line.
    for event_id, days_ago in zip(events, (4, 2), strict=True):
        db.session.execute(
            update(CaseEvent).where(CaseEvent.id == event_id).values(on=today - timedelta(days_ago))
        )
    db.session.execute(
        update(CaseEvent)
        .where(CaseEvent.report_id == second, CaseEvent.kind == "iopc_referral")
        .values(kind="note")
    )
    db.session.commit()
    upgrade()
    found = dict(
        db.session.execute(
            select(IopcReferral.report_id, IopcReferral.recorded_on).where(
                IopcReferral.report_id.in_((first, second))
            )
        ).all()
    )
    db.session.commit()
    assert found == {first: today - timedelta(days=4), second: today - timedelta(days=9)}


BEFORE_PLACES = "d5f9b2c7e1a4"


def test_entries_and_referrals_made_before_they_were_numbered_are_numbered_by_the_migration(
    app: Flask, team: Team
) -> None:
    """Each force's audit entries by their place in its own chain, in id order; each notice's
    referrals in one direction from the first asked, a declined one before one asked again the
    same day whatever their random ids."""
    s = make_two_forces(app, team)  # signing in and sending audit in both forces, interleaved
    assert ask(s) == 302
    assert answer(s, "decline", "Not while our investigation is open") == 302
    assert ask(s) == 302
    forces = (DEFAULT_FORCE_ID, s.north.id)
    for i in range(3):
        for force_id in forces:
            with use_force(force_id):
                record("case_opened", None, case_reference=f"C{i:04d}")
    for force_id in forces:
        with use_force(force_id):
            for status, row_id in (("declined", 2**52), ("open", 10)):  # the later has the lower
                db.session.execute(
                    update(CrossForceReferral)
                    .where(CrossForceReferral.status == status)
                    .values(id=row_id + force_id)  # ids are unique across forces
                )
    db.session.commit()

    def numbered() -> dict[int, tuple[list[tuple[int, int]], list[tuple[str, int]]]]:
        found = {}
        for force_id in forces:
            with use_force(force_id):
                db.session.expire_all()
                places = db.session.execute(
                    select(AuditEntry.id, AuditEntry.place).order_by(AuditEntry.id)
                )
                rounds = db.session.execute(
                    select(CrossForceReferral.status, CrossForceReferral.round).order_by(
                        CrossForceReferral.round
                    )
                )
                found[force_id] = ([tuple(row) for row in places], [tuple(row) for row in rounds])
        db.session.commit()  # holds no lock on the tables the migrations alter
        return found

    written = numbered()
    for places, rounds in written.values():
        assert [place for _, place in places] == list(range(1, len(places) + 1))
        assert len(places) > 3 and rounds == [("declined", 1), ("open", 2)]
    stamp()
    downgrade(revision=BEFORE_PLACES)
    upgrade()
    assert numbered() == written
    with use_force(s.north.id):
        record("case_opened", None, case_reference="C9999")  # the chain goes on from there
        db.session.commit()
        assert numbered()[s.north.id][0][-1][1] == len(written[s.north.id][0]) + 1


BEFORE_PROPOSERS = "e3a9c5d1f7b2"


def test_proposals_made_before_their_proposer_was_kept_get_it_from_the_timeline(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """A proposal whose new side's person only one member proposed gets that member; one whose
    person two members proposed, against different cases, gets nobody, since which was whose
    cannot be told from the lines (each proposal writes one on both its cases)."""
    others = ({"name": "Bazza", "unit": "Dog support unit"}, {"name": "Moggy", "unit": "Marine"})
    for person in (NUMBERED, NICKNAME, *others):
        submit_report(client.application.test_client(), people=[person])
    r1, r2, r3, r4 = sorted(reports_in_order(), key=lambda r: (r.received_on, r.id))
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert propose(client, r2, r1.reference).status_code == 303
    assert propose(client, r4, r1.reference).status_code == 303
    sign_in_directly(client, team.lead, team.keys)
    assert propose(client, r4, r3.reference).status_code == 303
    # Read now: nothing may hold a lock on these tables while the migration alters them.
    caseworker_id, lead_id, ids = caseworker.id, team.lead.id, [r.id for r in (r1, r2, r3, r4)]
    db.session.commit()

    def proposers() -> dict[tuple[int, int], int | None]:
        db.session.expire_all()
        found = {
            (ids.index(m.report_id) + 1, ids.index(m.other_report_id) + 1): m.proposer_id
            for m in db.session.scalars(select(PossibleMatch))
        }
        db.session.commit()
        return found

    assert proposers() == {(2, 1): caseworker_id, (4, 1): caseworker_id, (4, 3): lead_id}
    stamp()
    downgrade(revision=BEFORE_PROPOSERS)
    upgrade()
    assert proposers() == {(2, 1): caseworker_id, (4, 1): None, (4, 3): None}
