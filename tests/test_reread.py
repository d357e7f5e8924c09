"""Reading the people named in stored reports again (``flask triage reread``): tokens an older
reader made are replaced by this version's, the people they name are relinked, the recovery key's
use is audited, and nothing in clear is printed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, insert, select, update

from intake.db import db
from intake.models import Report
from intake.tenancy import force_secret
from tests.helpers import Team, reports_in_order, submit_report
from tests.test_relink import cluster_ids
from tests.test_roster import ROSTER, run_import, write_roster
from triage.matching.relink import ROSTER_KINDS
from triage.matching.relink_run import matching_state, relink_current_force
from triage.matching.reread import reread
from triage.matching.tokens import SubjectInput, Token, kept_tokens, tokenised_readings
from triage.models import AuditEntry, SubjectToken
from triage.team.keys import create_recovery

# The same officer twice; the first written with an aside in brackets, which an older reader
# took for part of the name ("Jon One").
WALKER = {"name": "Jon Walker (the tall one)", "unit": "TSG", "collar_number": "4521"}
SAME_WALKER = {"name": "Jon Walker", "unit": "TSG", "collar_number": "4521"}


def stored_tokens_of(person: SubjectInput, secret: bytes) -> set[Token]:
    """What arrival stores for a person before the roster is asked."""
    return kept_tokens(tokenised_readings(person, secret))


def secret(app: Flask) -> bytes:
    return force_secret(app.config["CANDOUR_SECRETS"].matching_key)


def stored(report_id: int) -> set[Token]:
    rows = db.session.execute(
        select(SubjectToken.kind, SubjectToken.token).where(
            SubjectToken.report_id == report_id, SubjectToken.kind.not_in(ROSTER_KINDS)
        )
    )
    return {(kind, bytes(token).hex()) for kind, token in rows}


def as_an_older_reader_stored(report_id: int, tokens: set[Token]) -> None:
    db.session.execute(delete(SubjectToken).where(SubjectToken.report_id == report_id))
    db.session.execute(
        insert(SubjectToken),
        [
            {"report_id": report_id, "subject_no": 1, "kind": k, "token": bytes.fromhex(v)}
            for k, v in tokens
        ],
    )
    db.session.commit()


def signals_of(report_id: int) -> dict[str, object]:
    db.session.expire_all()
    kept = db.session.scalar(select(Report.pattern_signals).where(Report.id == report_id))
    assert kept is not None
    loaded: dict[str, object] = json.loads(kept)
    return loaded


def run(app: Flask, command: str, key: str, *options: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["triage", command, *options], input=f"{key}\n")
    return result.exit_code, result.output


def two_reports_of_walker(client: FlaskClient, team: Team) -> tuple[str, Report, Report]:
    """The recovery key, and two reports naming Jon Walker (the first with an aside)."""
    recovery = create_recovery(team.keys)
    db.session.commit()
    submit_report(client, people=[WALKER])
    submit_report(client, people=[SAME_WALKER])
    first, second = reports_in_order()
    return recovery, first, second


def read_as_jon_one(app: Flask, report_id: int) -> set[Token]:
    """Store the first person as an older reader read "Jon Walker (the tall one)": Jon One
    (with, here, no number or unit either)."""
    older = stored_tokens_of(SubjectInput(name="Jon One"), secret(app))
    as_an_older_reader_stored(report_id, older)
    return older


def audited(action: str) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action)))


def test_tokens_an_older_reader_made_are_made_again_and_the_person_is_joined(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    recovery, first, _ = two_reports_of_walker(client, team)
    right = stored(first.id)
    assert right == stored_tokens_of(SubjectInput(**WALKER), secret(app))
    assert len(set(cluster_ids())) == 1
    read_as_jon_one(app, first.id)
    code, output = run(app, "relink", "")
    assert code == 0, output
    assert len(set(cluster_ids())) == 2  # from tokens alone, they are two people

    code, output = run(app, "reread", recovery, "--dry-run")
    assert code == 0, output
    assert "Would read again 2 people named in 2 reports: 1 read differently." in output
    assert "Would change: 1 moved" in output
    assert stored(first.id) != right and len(set(cluster_ids())) == 2  # nothing written

    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "Read again 2 people named in 2 reports: 1 read differently." in output
    assert stored(first.id) == right
    assert len(set(cluster_ids())) == 1
    for written in ("Walker", "walker", "TSG", "4521", "tall"):
        assert written not in output
    assert len(audited("recovery_used")) == 2  # the dry run's use is on record too
    assert audited("reread") == ["2 people named in 2 reports: 1 read differently"]
    assert any("1 moved" in detail for detail in audited("relinked"))

    # A second run finds nothing read differently and moves nobody.
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "Read again 2 people named in 2 reports: 0 read differently." in output
    assert "0 moved" in output


def test_the_units_a_report_names_are_read_again_into_its_signals(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """ "Sgt Kettleby, Brixton" names a unit in the name box, which an older reader missed."""
    recovery = create_recovery(team.keys)
    db.session.commit()
    submit_report(client, people=[{"name": "Sgt Kettleby, Brixton"}])
    (report,) = reports_in_order()
    assert report.pattern_signals is not None
    signals = json.loads(report.pattern_signals)
    assert set(signals["units"]) == {"1"}
    older = dict(signals, units={})
    db.session.execute(
        update(Report).where(Report.id == report.id).values(pattern_signals=json.dumps(older))
    )
    db.session.commit()
    code, output = run(app, "reread", recovery, "--dry-run")
    assert code == 0, output
    assert "0 read differently, and the units named in 1 report." in output
    assert signals_of(report.id) == older  # a dry run writes nothing
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "1 person named in 1 report: 0 read differently, and the units named in 1" in output
    assert signals_of(report.id) == signals


def test_a_wrong_recovery_key_reads_nothing_and_destroyed_content_is_not_read(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    recovery, first, second = two_reports_of_walker(client, team)
    older = read_as_jon_one(app, first.id)

    code, output = run(app, "reread", "WRONG-KEY")
    assert code == 1 and "does not open the team's keys" in output, output
    assert stored(first.id) == older
    assert len(audited("recovery_refused")) == 1 and not audited("reread")

    # The second report's content was destroyed (withdrawn): it is counted, not read.
    db.session.execute(
        update(Report)
        .where(Report.id == second.id)
        .values(content=b"", content_destroyed_on=date.today())
    )
    db.session.commit()
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "1 person named in 1 report: 1 read differently; 1 report with its content" in output
    assert "1 report with its content destroyed, not read" in output
    assert stored(first.id) == stored_tokens_of(SubjectInput(**WALKER), secret(app))


def test_a_report_naming_two_people_keeps_the_one_read_the_same(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    recovery = create_recovery(team.keys)
    db.session.commit()
    other = {"name": "PS Amira Haddad", "unit": "Lewisham CID"}
    submit_report(client, people=[WALKER, other])
    (report,) = reports_in_order()
    second = {
        (kind, bytes(token).hex())
        for kind, token in db.session.execute(
            select(SubjectToken.kind, SubjectToken.token).where(
                SubjectToken.report_id == report.id, SubjectToken.subject_no == 2
            )
        )
    }
    assert second == stored_tokens_of(SubjectInput(**other), secret(app))
    db.session.execute(
        delete(SubjectToken).where(
            SubjectToken.report_id == report.id, SubjectToken.subject_no == 1
        )
    )
    db.session.commit()
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "2 people named in 1 report: 1 read differently." in output
    rows = db.session.execute(
        select(SubjectToken.subject_no, SubjectToken.kind, SubjectToken.token).where(
            SubjectToken.report_id == report.id
        )
    ).all()
    by_subject: dict[int, set[Token]] = {1: set(), 2: set()}
    for number, kind, token in rows:
        by_subject[number].add((kind, bytes(token).hex()))
    assert by_subject == {1: stored_tokens_of(SubjectInput(**WALKER), secret(app)), 2: second}


def test_a_person_the_reader_now_finds_nothing_to_match_on_loses_the_old_tokens(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """An older reader took "my tutor" for the surname Tutor, which every probationer's tutor
    would have shared; today's reader finds no name in it."""
    recovery = create_recovery(team.keys)
    db.session.commit()
    submit_report(client, people=[{"name": "my tutor"}])
    (report,) = reports_in_order()
    assert (
        stored(report.id) == stored_tokens_of(SubjectInput(name="my tutor"), secret(app)) == set()
    )
    as_an_older_reader_stored(report.id, stored_tokens_of(SubjectInput(name="Tutor"), secret(app)))
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "1 person named in 1 report: 1 read differently." in output
    assert stored(report.id) == set()


def test_the_roster_tokens_are_kept_and_a_relink_resolves_the_people_read_again(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    recovery = create_recovery(team.keys)
    db.session.commit()
    code, imported = run_import(app, write_roster(tmp_path, ROSTER))
    assert code == 0, imported
    andreou = {"name": "officer Sarah Andreou (the new one)", "unit": "East Area BCU"}
    submit_report(client, people=[andreou])
    (report,) = reports_in_order()

    def roster_tokens() -> set[tuple[str, bytes]]:
        rows = db.session.execute(
            select(SubjectToken.kind, SubjectToken.token).where(
                SubjectToken.report_id == report.id, SubjectToken.kind.in_(ROSTER_KINDS)
            )
        )
        return {(kind, bytes(token)) for kind, token in rows}

    resolved = roster_tokens()
    assert "person" in {kind for kind, _ in resolved}  # one PC Sarah Andreou of East Area
    as_an_older_reader_stored(
        report.id, stored_tokens_of(SubjectInput(name="Sarah One"), secret(app))
    )
    code, output = run(app, "reread", recovery)
    assert code == 0, output
    assert "1 person named in 1 report: 1 read differently." in output
    assert stored(report.id) == stored_tokens_of(SubjectInput(**andreou), secret(app))
    assert roster_tokens() == resolved


def test_a_report_withdrawn_while_reports_are_read_again_means_nothing_is_written(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    _, first, second = two_reports_of_walker(client, team)
    older = read_as_jon_one(app, first.id)
    state = matching_state(db.session)
    result = reread(db.session, team.keys, secret(app))
    assert result.changed == 1
    # Meanwhile the second reporter withdraws, destroying the report's content and tokens.
    db.session.execute(
        update(Report)
        .where(Report.id == second.id)
        .values(content=b"", content_destroyed_on=date.today())
    )
    db.session.execute(delete(SubjectToken).where(SubjectToken.report_id == second.id))
    told: list[str] = []
    assert not relink_current_force(db.session, False, told.append, since=state)
    assert told[-1].startswith("Reports arrived, were withdrawn or were judged while relinking")
    assert stored(first.id) == older
