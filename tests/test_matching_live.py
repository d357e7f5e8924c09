"""Repeat-subject matching in the live service: reports sent through the real journey are linked
to earlier reports naming the same person, without keeping any subject detail in clear; go-together
reports wait for a match; clusters are scored from derived signals."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from intake.db import db
from intake.models import CaseEvent, Report
from intake.sealing import open_sealed
from tests.helpers import (
    Team,
    blank_report,
    open_status,
    post_form,
    reports_in_order,
    sign_in_directly,
    submit_report,
    visible_text,
)
from triage.matching.linking import match_subject
from triage.matching.patterns import score_cluster
from triage.matching.sql_store import SqlSubjectStore
from triage.matching.tokens import SubjectInput, labels, subject_keys, tokenise
from triage.matching.weights import COMMON_TOKEN_LIMIT
from triage.models import ClusterRisk, PossibleMatch, SubjectLink

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234KX", "unit": "CW BCU"}
SMITH = {"name": "Jonathan Smith", "collar_number": "PC 1234 kx", "unit": "Central West BCU"}
HELD = "Your report is held until someone else names the same person"
NAMESAKE = {"name": "Jon Smyth", "collar_number": "5678 NW", "unit": "North West BCU"}
KHAN = {"name": "Sgt Mo Khan", "collar_number": "77EK", "unit": "East Area BCU"}


def reports() -> list[Report]:
    """Every report, oldest first, as the database now holds it."""
    db.session.expire_all()
    return reports_in_order()


def clusters_of(report: Report) -> list[str]:
    return list(
        db.session.scalars(
            select(SubjectLink.cluster_id)
            .where(SubjectLink.report_id == report.id)
            .order_by(SubjectLink.subject_no)
        )
    )


def test_two_spellings_of_one_officer_end_up_in_one_cluster(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[SMYTH])
    submit_report(client, people=[SMITH])
    first, second = reports()
    assert clusters_of(first) == clusters_of(second)
    link = db.session.get(SubjectLink, (second.id, 1))
    assert link is not None and link.reason is not None
    reason = open_sealed(team.keys, link.reason, record=second.record, field="link:1").decode()
    assert first.reference in reason and "same shoulder number" in reason


def test_a_namesake_in_another_unit_with_another_number_is_kept_apart(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[SMYTH])
    submit_report(client, people=[NAMESAKE])
    first, second = reports()
    assert clusters_of(first) != clusters_of(second)
    link = db.session.get(SubjectLink, (second.id, 1))
    assert link is not None and link.reason is None


def test_a_warrant_number_written_with_two_digits_swapped_still_links_and_says_why(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[{"name": "James Dunford", "warrant_number": "1723410"}])
    submit_report(client, people=[{"name": "J Dunford", "warrant_number": "1724310"}])
    submit_report(client, people=[{"name": "James Dunford", "warrant_number": "1725410"}])
    first, swapped, other = reports()
    assert clusters_of(first) == clusters_of(swapped)
    assert clusters_of(other) != clusters_of(first)  # further apart: never the same person
    link = db.session.get(SubjectLink, (swapped.id, 1))
    assert link is not None and link.reason is not None
    reason = open_sealed(team.keys, link.reason, record=swapped.record, field="link:1").decode()
    assert "warrant numbers differ only by two swapped digits" in reason


def test_probationers_who_each_name_my_tutor_are_not_one_person(
    client: FlaskClient, team: Team
) -> None:
    """ "my tutor" is what a probationer calls whoever tutors them: a description, not a name
    every tutor constable shares (seen in a labelled set, where it joined 19 people)."""
    for name, rank in (("my tutor", "DC"), ("my tutor", "PC"), ("my tutor constable", "PC")):
        submit_report(client, people=[{"name": name, "rank": rank}])
    assert len({tuple(clusters_of(report)) for report in reports()}) == 3


def _searchable(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).lower()
    return str(value).lower().encode()


def test_no_subject_detail_is_kept_in_clear(app: Flask, client: FlaskClient, team: Team) -> None:
    submit_report(client, people=[SMYTH, KHAN])
    submit_report(client, people=[SMITH], description="Zebedee-Quinlan saw him touch me.")
    submit_report(client, people=[{"name": "Sgt Khan"}])  # too vague to link: a possible match
    assert db.session.scalar(select(func.count(PossibleMatch.id))) == 1
    written = [
        "Smyth",
        "Jon Smyth",
        "Jonathan",
        "Smith",
        "1234KX",
        "1234 kx",
        "CW BCU",
        "Central West",
        "Khan",
        "77EK",
        "East Area",
        "Zebedee-Quinlan",
    ]
    # Every needle has a letter beyond f, so none can turn up by chance in a hex token.
    needles = {w.lower().encode() for w in written}
    rows = 0
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(select(table)):
                rows += 1
                for value in row:
                    found = [n for n in needles if n in _searchable(value)]
                    assert not found, f"{table.name} keeps {found!r} in clear"
    assert rows > 20  # the dump really did see the reports, tokens and links
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        reference = reports()[0].reference.lower().encode()
        db.session.commit()
        db.engine.dispose()  # close every connection so the file on disk is complete
        assert url.database
        assert reference in Path(url.database).read_bytes().lower()  # the file read is the db
        for path in Path(url.database).parent.glob(Path(url.database).name + "*"):
            raw = path.read_bytes().lower()
            found = [n for n in needles if n in raw]
            assert not found, f"{path.name} keeps {found!r} in clear"


def test_a_go_together_report_waits_until_someone_else_names_the_same_person(
    client: FlaskClient, team: Team
) -> None:
    held_receipt = submit_report(client, people=[SMYTH], together="together")
    (held,) = reports()
    assert held.escrow == "waiting" and held.released_on is None
    assert HELD in visible_text(open_status(client, held_receipt).get_data(as_text=True))

    submit_report(client, people=[SMITH])
    held, second = reports()
    assert held.escrow == "released" and held.released_on == date.today()
    assert second.escrow == "none"
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.report_id == held.id))
    assert "Released: another report named the same person" in [e.detail for e in events]
    # Its sender is not told until the team acknowledges it: told by Candour itself, anyone
    # could send a held report naming an officer to learn the day someone reported them.
    page = visible_text(open_status(client, held_receipt).get_data(as_text=True))
    assert HELD in page and "has been released" not in page


def test_a_held_report_withdrawn_is_never_released_nor_releases_another(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    held_receipt = submit_report(client, people=[SMYTH], together="together")
    open_status(client, held_receipt)
    post_form(client, "/status/withdraw", {"receipt": held_receipt, "reason": "I changed my mind"})
    page = visible_text(open_status(client, held_receipt).get_data(as_text=True))
    # The reporter is told the truth: the team never read it, not that it "can see" it.
    assert "If it was still held, nobody on the team read it, and it will never be released" in page
    assert "The team can see" not in page

    # Someone else names the same person, also holding theirs: neither is released.
    other = app.test_client()
    other_receipt = submit_report(other, people=[SMITH], together="together")
    assert [r.escrow for r in reports()] == ["waiting", "waiting"]
    assert HELD in visible_text(open_status(other, other_receipt).get_data(as_text=True))
    # A third names them and acts now: the second is released; the withdrawn one never is.
    submit_report(app.test_client(), people=[SMYTH])
    withdrawn, second, third = reports()
    assert (withdrawn.escrow, withdrawn.released_on) == ("waiting", None)
    assert second.escrow == "released" and third.escrow == "none"
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    assert lead.get(f"/team/cases/{withdrawn.reference}").status_code == 404
    assert withdrawn.reference not in lead.get("/team/").get_data(as_text=True)
    shown = visible_text(open_status(client, held_receipt).get_data(as_text=True))
    assert "has been released" not in shown and "will never be released" in shown


def test_two_go_together_reports_naming_one_person_release_each_other(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[SMYTH], together="together")
    submit_report(client, people=[SMITH], together="together")
    assert [r.escrow for r in reports()] == ["released", "released"]


def test_a_waiting_report_raises_no_visible_risk(client: FlaskClient, team: Team) -> None:
    submit_report(
        client,
        people=[SMYTH],
        together="together",
        categories=["sexual_misconduct"],
        description="He sexually assaulted me and threatened me.",
        affected=["member_of_public"],
    )
    submit_report(
        client,
        people=[KHAN],
        categories=["bullying"],
        description="He shouts at me in front of the team.",
    )
    held, other = reports()
    assert held.escrow == "waiting" and held.risk_score == 0.0
    assert held.pattern_signals  # derived signals are kept, ready for a release
    alone = score_cluster([_signals(other)])
    assert other.risk_score == alone.score
    counted = db.session.scalars(select(ClusterRisk)).all()
    assert sum(c.report_count for c in counted) == 1  # the held report is counted nowhere
    assert clusters_of(held)[0] not in {c.cluster_id for c in counted}

    submit_report(
        client,
        people=[SMITH],
        categories=["bullying"],
        description="He shouts at me in front of the team.",
    )
    held, other, third = reports()
    assert held.escrow == "released"
    assert held.risk_score == third.risk_score > alone.score  # now both count


def _signals(report: Report):  # type: ignore[no-untyped-def]
    from triage.matching.cluster_risk import report_signals

    return report_signals(report.id, report.pattern_signals, 1)


PREDATOR = {"name": "DC Lee Warrender", "collar_number": "310NW", "unit": "North West BCU"}
BULLY = {"name": "PS Gary Pike", "collar_number": "882CE", "unit": "Central East BCU"}


def test_an_escalating_sexual_pattern_outranks_a_bigger_bullying_cluster(
    client: FlaskClient, team: Team
) -> None:
    escalation = [
        ("1/2023", ["sexism_misogyny"], "He made sexist comments about her appearance."),
        ("7/2023", ["sexual_misconduct"], "He touched her leg and tried to kiss her."),
        ("2/2024", ["sexual_misconduct"], "He sexually assaulted her after taking her statement."),
    ]
    for month, categories, text in escalation:
        submit_report(
            client,
            people=[PREDATOR],
            when="month",
            when_month=month,
            categories=categories,
            description=text,
            affected=["member_of_public"],
        )
    for month in ("2/2023", "5/2023", "9/2023", "1/2024"):
        submit_report(
            client,
            people=[BULLY],
            when="month",
            when_month=month,
            categories=["bullying"],
            affected=["colleague"],
            description="He shouts at me in front of the team and calls me useless.",
        )
    rows = reports()
    predatory, bullying = rows[:3], rows[3:]
    assert len({c for r in predatory for c in clusters_of(r)}) == 1
    assert len({c for r in bullying for c in clusters_of(r)}) == 1
    assert len({r.risk_score for r in predatory}) == 1
    assert len({r.risk_score for r in bullying}) == 1
    assert predatory[0].risk_score > bullying[0].risk_score
    risk = db.session.get(ClusterRisk, clusters_of(predatory[0])[0])
    assert risk is not None and risk.predatory and risk.report_count == 3
    assert any("escalated" in reason for reason in json.loads(risk.reasons))
    assert "serious_sexual_offence" in (predatory[2].iopc_flags or "")
    signals = json.loads(predatory[2].pattern_signals or "{}")
    assert signals["incident"] == "2024-02" and "sexual_assault" in signals["flags"]


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _add_reports(
    team: Team, store: SqlSubjectStore, people: list[SubjectInput], secret: bytes
) -> None:
    for person in people:
        report_id = blank_report(team)
        tokens = tokenise(subject_keys(person), secret)
        store.add((str(report_id), 1), tokens, secrets.token_hex(16))
    db.session.commit()


def test_a_candidate_lookup_is_one_query_whatever_the_table_size(app: Flask, team: Team) -> None:
    secret = secrets.token_bytes(32)
    store = SqlSubjectStore(db.session)
    smyth = SubjectInput(name="Jon Smyth", collar_number="1234AB", unit="CW BCU")
    probe = tokenise(
        subject_keys(SubjectInput(name="Jonathan Smith", collar_number="1234 ab")), secret
    )
    counts, found = [], []
    for size in (10, 300):
        people = [
            SubjectInput(name=f"Officer{n:04d} Surname{n:04d}", collar_number=f"{n}XY")
            for n in range(size)
        ]
        _add_reports(team, store, [*people, smyth], secret)
        db.session.connection()  # the transaction (and its force setting) starts before the count
        with statements() as seen:
            found.append(len(store.candidates(probe)))
        counts.append(len(seen))
    assert counts == [1, 1]
    assert found == [1, 2]  # both earlier Jon Smyths, none of the others
    unit = next(t for t in tokenise(subject_keys(smyth), secret) if t[0] == "unit")
    with statements() as seen:
        assert store.count(unit) == 2
    assert len(seen) == 1


def test_common_tokens_are_capped_in_the_database_and_a_shoulder_number_still_links(
    app: Flask, team: Team
) -> None:
    secret = secrets.token_bytes(32)
    store = SqlSubjectStore(db.session)
    # More earlier Smiths than the cap, and one with a shoulder number.
    smiths = [SubjectInput(name=f"Officer{n:03d} Smith") for n in range(COMMON_TOKEN_LIMIT + 5)]
    _add_reports(
        team, store, [*smiths, SubjectInput(name="Julian Smith", collar_number="1234AB")], secret
    )
    surname = {
        t
        for t in tokenise(subject_keys(SubjectInput(name="Smith")), secret)
        if t[0] == "surname_fuzzy"
    }
    db.session.connection()  # the transaction (and its force setting) starts before the count
    with statements() as seen:
        assert store.candidates(surname) == set()  # too common to gather through
    assert len(seen) == 1
    (sound,) = [
        t for t in tokenise(subject_keys(SubjectInput(name="Smith")), secret) if t[0] == "sound"
    ]
    assert store.count(sound) == COMMON_TOKEN_LIMIT + 6
    assert store.count(sound, 10) == 10
    probe = SubjectInput(name="PC J Smyth", collar_number="pc 1234 ab")
    new_id = str(blank_report(team))
    result = match_subject(
        SqlSubjectStore(db.session),
        (new_id, 1),
        tokenise(subject_keys(probe), secret),
        new_id,
        labels=labels(probe),
    )
    assert len(result.links) == 1
    assert "same shoulder number 1234AB" in result.links[0][1].reason
    db.session.rollback()
