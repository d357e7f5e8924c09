"""How many statements the live store makes when matching one subject, and that the rejected
possible matches it reads once per subject still answer after clusters merge."""

from __future__ import annotations

import secrets

from flask import Flask
from sqlalchemy import select

from intake.db import db
from tests.helpers import Team, blank_report
from tests.test_matching_live import statements
from triage.matching.linking import match_subject
from triage.matching.sql_store import SqlSubjectStore
from triage.matching.store import InMemorySubjectStore
from triage.matching.tokens import SubjectInput, labels, subject_keys, tokenise
from triage.matching.weights import COMMON_TOKEN_LIMIT
from triage.models import PossibleMatch, SubjectLink


def subject_in(team: Team, store: SqlSubjectStore, cluster: str, secret: bytes) -> int:
    """A report naming one subject, put in ``cluster``; its id."""
    report_id = blank_report(team)
    person = SubjectInput(name=f"Officer {secrets.token_hex(3)}", collar_number="1XY")
    store.add((str(report_id), 1), tokenise(subject_keys(person), secret), cluster)
    return report_id


def reject(one: int, other: int) -> None:
    db.session.add(
        PossibleMatch(
            report_id=one,
            subject_no=1,
            other_report_id=other,
            other_subject_no=1,
            probability=0.5,
            status="rejected",
        )
    )
    db.session.flush()


def test_a_subject_with_an_earlier_match_costs_one_lookup_and_one_write_on_postgresql(
    app: Flask, team: Team
) -> None:
    secret = secrets.token_bytes(32)
    earlier = SubjectInput(name="Jon Smyth", collar_number="1234AB", unit="CW BCU")
    store = SqlSubjectStore(db.session)
    store.add((str(blank_report(team)), 1), tokenise(subject_keys(earlier), secret), "c" * 32)
    probe = SubjectInput(name="PC J Smyth", collar_number="pc 1234 ab")
    report_id = str(blank_report(team))
    db.session.commit()
    db.session.connection()
    live = SqlSubjectStore(db.session)
    with statements() as seen:
        result = match_subject(
            live,
            (report_id, 1),
            tokenise(subject_keys(probe), secret),
            report_id,
            labels=labels(probe),
        )
    assert result.cluster_id == "c" * 32 and len(result.links) == 1
    writes = [s for s in seen if "INSERT" in s.upper()]
    postgresql = db.engine.dialect.name == "postgresql"
    # The candidates, the surname count and (on PostgreSQL) the candidates' tokens and clusters
    # in one statement, and the subject's tokens and link in another; SQLite reads the tokens
    # and clusters in a second statement and writes the tokens and the link in two.
    assert len(seen) - len(writes) == (1 if postgresql else 2)
    assert len(writes) == (1 if postgresql else 2)
    db.session.rollback()


def test_judgements_are_read_once_for_every_cluster_seen_and_follow_a_merge(
    app: Flask, team: Team
) -> None:
    secret = secrets.token_bytes(32)
    writer = SqlSubjectStore(db.session)
    a, b, c, d = ("a" * 32, "b" * 32, "c" * 32, "d" * 32)
    in_a = [subject_in(team, writer, a, secret) for _ in range(2)]
    in_b = subject_in(team, writer, b, secret)
    in_c = subject_in(team, writer, c, secret)
    in_d = subject_in(team, writer, d, secret)
    reject(in_c, in_a[0])  # C's person is not A's, from either side of the match
    reject(in_b, in_d)
    db.session.commit()
    db.session.connection()

    store = SqlSubjectStore(db.session)
    for report_id in (in_a[0], in_b, in_c):  # the clusters a lookup would have seen
        store.cluster_of((str(report_id), 1))
    with statements() as seen:
        assert store.judged_apart(a, c) and store.judged_apart(c, a)
        assert not store.judged_apart(a, b)
        assert store.judged_apart(b, d)  # D was not seen, but B was read, with its partner
        assert not store.judged_apart(c, c)
    assert len(seen) == 1

    # B merges into A (the bigger): A and its survivor keep C apart, and so B's judgement
    # about D now holds for A, all without reading again.
    assert store.merge([b, a]) == a
    with statements() as seen:
        assert store.judged_apart(a, c)
        assert store.judged_apart(d, a)
    assert seen == []
    assert (
        db.session.scalar(select(SubjectLink.cluster_id).where(SubjectLink.report_id == in_b)) == a
    )

    # A cluster first met after the reading (a later subject's candidate) is read then.
    with statements() as seen:
        assert not store.judged_apart("e" * 32, "f" * 32)
    assert len(seen) == 1
    db.session.rollback()


def test_the_lookup_gathers_as_the_memory_store_does_and_reads_every_candidate_at_once(
    app: Flask, team: Team
) -> None:
    """PostgreSQL keeps ``usable_holders`` in its statement: a shoulder number (never common)
    more than ``COMMON_TOKEN_LIMIT`` subjects hold still gathers the first of them, its digits
    (common) gather nobody, a rare surname gathers its holder; and the candidates' tokens and
    clusters come in the same statement, each subject's tokens whole."""
    secret = secrets.token_bytes(32)
    writer = SqlSubjectStore(db.session)
    people = [
        SubjectInput(name=f"Officer{n:03d} Smith", collar_number="1234AB")
        for n in range(COMMON_TOKEN_LIMIT + 3)
    ]
    people += [SubjectInput(name="Zebedee Quartermaine", unit="CW BCU")] * 2
    added = []
    for number, person in enumerate(people):
        ref = (str(blank_report(team)), 1)
        tokens = tokenise(subject_keys(person), secret)
        writer.add(ref, tokens, f"{number:032d}")
        added.append((ref, tokens, f"{number:032d}"))
    db.session.commit()
    db.session.connection()
    memory = InMemorySubjectStore()
    # The memory store keeps holders in the order they came, the table in report id order.
    for ref, tokens, cluster in sorted(added, key=lambda item: int(item[0][0])):
        memory.add(ref, tokens, cluster)
    probe = tokenise(
        subject_keys(SubjectInput(name="Z Quartermaine", collar_number="1234 ab")), secret
    )
    (sound,) = [t for t in probe if t[0] == "sound"]
    store = SqlSubjectStore(db.session)
    with statements() as seen:
        found, held = store.candidates_counting(probe, sound, 1000)
    assert len(seen) == 1
    expected, count = memory.candidates_counting(probe, sound, 1000)
    assert found == set(expected) and held == count == 2
    assert len(found) == COMMON_TOKEN_LIMIT + 2  # the first holders of the number, both Zs
    postgresql = db.engine.dialect.name == "postgresql"
    with statements() as seen:
        for ref in found:
            assert store.tokens_of(ref) == memory.tokens_of(ref)
            assert store.cluster_of(ref) == memory.cluster_of(ref)
    assert len(seen) == (0 if postgresql else 1)
    db.session.rollback()
