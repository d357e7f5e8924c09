"""Weights learnt from the data (``flask triage calibrate``): EM recovers known m and u, never-merge
pairs are fixed non-matches, the command stores, audits and prints its table, and live matching
and relink weigh with the stored weights."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from tests.helpers import Team, reports_in_order, submit_enough_to_calibrate, submit_report
from triage.matching.calibrate import blocked_pairs, calibrate, table
from triage.matching.fellegi_sunter import COMPARISONS, LEVELS, Pairs, Vector, fit_session
from triage.matching.linking import match_subject
from triage.matching.store import InMemorySubjectStore
from triage.matching.tokens import SubjectInput, Token, subject_keys, tokenise
from triage.matching.weights import HAND_SET, Weights
from triage.matching.weights_store import latest_weights, store_weights
from triage.models import AuditEntry, MatchWeights, SubjectLink

SECRET = secrets.token_bytes(32)
TWIN = {"name": "Joanne Brackenbury", "unit": "TSG"}
# Weights under which agreeing on a unit counts against (as a calibration on data where units
# are written carelessly might say): a rare full name in one unit, which the hand-set weights
# link, then falls short of a link even against a person already named twice.
UNIT_AGAINST = replace(HAND_SET, lr_unit_same=0.5)


def tokens(**fields: str) -> set[Token]:
    return tokenise(subject_keys(SubjectInput(**fields)), SECRET)


def _draw(rng: random.Random, probabilities: dict[str, float]) -> str:
    return rng.choices(list(probabilities), weights=list(probabilities.values()))[0]


def test_em_recovers_known_m_and_proportion_from_generated_comparison_vectors() -> None:
    rng = random.Random(7)
    comparisons = ("collar", "given", "unit", "rank")
    m = {
        "collar": {"full": 0.5, "digits": 0.2, "swapped": 0.1, "differs": 0.2},
        "given": {
            "same": 0.6,
            "typo": 0.05,
            "initial": 0.3,
            "differs": 0.03,
            "initial_differs": 0.02,
        },
        "unit": {"same": 0.8, "differs": 0.2},
        "rank": {"same": 0.9, "differs": 0.1},
    }
    u = {
        "collar": {"full": 0.001, "digits": 0.004, "swapped": 0.005, "differs": 0.99},
        "given": {
            "same": 0.02,
            "typo": 0.005,
            "initial": 0.05,
            "differs": 0.05,
            "initial_differs": 0.875,
        },
        "unit": {"same": 0.06, "differs": 0.94},
        "rank": {"same": 0.45, "differs": 0.55},
    }
    proportion = 0.15
    patterns: Counter[tuple[Vector, bool | None]] = Counter()
    for _ in range(40_000):
        source = m if rng.random() < proportion else u
        levels = {c: _draw(rng, source[c]) for c in comparisons}
        vector = tuple(levels.get(c) for c in COMPARISONS)
        patterns[(vector, None)] += 1
    full_u = {c: u.get(c, dict.fromkeys(LEVELS[c], 1 / len(LEVELS[c]))) for c in COMPARISONS}

    fit = fit_session(Pairs("sound", patterns), comparisons, full_u)

    assert fit.converged
    assert abs(fit.proportion - proportion) < 0.02
    for comparison in comparisons:
        for level, expected in m[comparison].items():
            assert abs(fit.m[comparison][level] - expected) < 0.04, (comparison, level)


def test_never_merge_pairs_are_fixed_non_matches_of_the_estimate() -> None:
    subjects = {
        ("r1", 1): tokens(name="Joanne Brackenbury", warrant_number="111111"),
        ("r2", 1): tokens(name="Joanne Brackenbury", warrant_number="222222"),
        ("r3", 1): tokens(name="Joanne Brackenbury"),
        ("r3", 2): tokens(name="Joanne Brackenbury"),
        ("r4", 1): tokens(name="Joanne Brackenbury"),
    }
    pairs = blocked_pairs(subjects, "sound", apart=[(("r4", 1), ("r1", 1))])
    # 10 pairs in all: different warrant numbers (1), one report (1), judged apart (1) are fixed.
    assert pairs.total == 10
    assert pairs.count(False) == 3
    assert pairs.count(True) == 0

    # Every never-merge pair agrees on everything else: as fixed non-matches they count towards
    # no m, so the identical names are no stronger for them than the free pairs make them.
    all_agree = tuple(
        "same" if c == "given" else "exact" if c == "surname" else None for c in COMPARISONS
    )
    only_fixed = Pairs("sound", Counter({(all_agree, False): 1000}))
    fit = fit_session(
        only_fixed, ("given",), {c: dict.fromkeys(LEVELS[c], 0.2) for c in COMPARISONS}
    )
    assert fit.support["given"] == 0.0


def test_never_merge_pairs_stay_apart_whatever_the_weights() -> None:
    generous = replace(HAND_SET, p_given=1e-6, p_initial=1e-6, lr_unit_same=1e5, lr_rank_same=1e5)
    same = {"name": "Sgt Joanne Brackenbury", "unit": "TSG"}

    def clusters(*subjects: tuple[str, set[Token]]) -> set[str]:
        store = InMemorySubjectStore()
        ids = iter(f"c{n}" for n in range(1, 10))
        return {
            match_subject(
                store, (report, n), held, report, weights=generous, new_cluster_id=lambda: next(ids)
            ).cluster_id
            for n, (report, held) in enumerate(subjects, start=1)
        }

    person = tokens(**same)
    assert len(clusters(("r1", person), ("r2", person))) == 1  # these weights do link
    assert len(clusters(("r1", person), ("r1", person))) == 2  # one report names two people
    warrants = [tokens(**same, warrant_number=w) for w in ("111111", "222222")]
    assert len(clusters(("r1", warrants[0]), ("r2", warrants[1]))) == 2
    roster = [person | {("person", p), ("maybe", p)} for p in ("aa", "bb")]
    assert len(clusters(("r1", roster[0]), ("r2", roster[1]))) == 2


FIRST_NAMES = ("Alex", "Brian", "Carla", "Dev", "Erin", "Farah", "Gita", "Hugo", "Ines", "Jamal")


def _surname(n: int) -> str:
    letters = "".join(chr(ord("a") + (n // 26**k) % 26) for k in range(3))
    return f"Wor{letters}ton"


def test_calibration_learns_that_first_names_agree_for_one_person_named_often() -> None:
    subjects = {(f"r{n}", 1): tokens(name="Joanne Brackenbury", unit="TSG") for n in range(30)}
    subjects |= {
        (f"s{n}", 1): tokens(name=f"{FIRST_NAMES[n % 10]} {_surname(n)}") for n in range(300)
    }
    weights, fit = calibrate(subjects)
    assert fit.m["given"]["same"] > 0.5
    assert fit.u["given"]["same"] < 0.2
    assert weights.p_given < 0.5
    row = next(line.split() for line in table(fit) if line.split()[:2] == ["given", "same"])
    assert float(row[4]) == pytest.approx(1.0 / weights.p_given, rel=1e-3)  # m/u of the level
    assert Weights.from_json(weights.to_json()) == weights


def test_the_command_stores_the_weights_audits_and_prints_the_table(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_enough_to_calibrate(client, TWIN)  # a handful of reports is not: the next test
    result = app.test_cli_runner().invoke(args=["triage", "calibrate", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(MatchWeights)).first() is None

    result = app.test_cli_runner().invoke(args=["triage", "calibrate"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(line.startswith("default: ") for line in lines)  # a log of many forces' runs
    lines = [line.removeprefix("default: ") for line in lines]
    header = next(line for line in lines if line.startswith("comparison"))
    assert header.split() == ["comparison", "level", "m", "u", "m/u", "bits"]
    # Each comparison has its rows, or says it had too few pairs to learn from.
    named = {line.split()[0] for line in lines if line.strip()}
    assert named >= {"collar", "surname", "given", "unit", "rank"}
    assert "Stored matching weights version 1" in result.output
    stored = db.session.scalars(select(MatchWeights)).one()
    assert stored.version == 1 and stored.stored_on == date.today()
    assert latest_weights(db.session) == Weights.from_json(stored.weights) != HAND_SET
    audited = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "weights_calibrated")
    ).one()
    assert "version 1" in audited.detail and "40 subjects" in audited.detail


def test_calibrate_stores_nothing_when_no_weight_had_enough_pairs_to_learn_from(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    for person in (
        TWIN,
        TWIN,
        {"name": "Sam Okafor", "collar_number": "1234 CW"},
        {"name": "S Okafor"},
    ):
        submit_report(client, people=[person])

    result = app.test_cli_runner().invoke(args=["triage", "calibrate"])

    assert result.exit_code == 0, result.output
    assert "fewer than 20: the weights in use are kept" in result.output
    assert "nothing stored; matching keeps the weights in use" in result.output
    assert "Stored" not in result.output
    assert db.session.scalars(select(MatchWeights)).first() is None
    assert db.session.scalars(select(AuditEntry.action)).all().count("weights_calibrated") == 0


def _clusters() -> list[str]:
    db.session.expire_all()
    return [
        db.session.scalars(
            select(SubjectLink.cluster_id).where(SubjectLink.report_id == r.id)
        ).one()
        for r in reports_in_order()
    ]


def test_matching_on_arrival_weighs_with_the_latest_stored_weights(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[TWIN])
    submit_report(client, people=[TWIN])
    assert len(set(_clusters())) == 1  # the hand-set weights link them
    store_weights(db.session, UNIT_AGAINST, date.today())
    db.session.commit()

    submit_report(client, people=[TWIN])

    first, _, third = _clusters()
    assert third != first


def test_relink_weighs_with_the_latest_stored_weights(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[TWIN])
    submit_report(client, people=[TWIN])
    assert len(set(_clusters())) == 1
    store_weights(db.session, UNIT_AGAINST, date.today())
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["triage", "relink"])

    assert result.exit_code == 0, result.output
    assert "1 moved" in result.output
    assert len(set(_clusters())) == 2


def test_reset_goes_back_to_the_hand_set_weights_and_is_audited(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client, people=[TWIN])
    submit_report(client, people=[TWIN])
    store_weights(db.session, UNIT_AGAINST, date.today())
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["triage", "calibrate", "--reset"])

    assert result.exit_code == 0, result.output
    assert "Stored matching weights version 2: the hand-set weights" in result.output
    assert latest_weights(db.session) == HAND_SET
    versions = db.session.scalars(select(MatchWeights).order_by(MatchWeights.version)).all()
    assert [v.version for v in versions] == [1, 2]  # the learnt version stays on record
    audited = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "weights_reset")
    ).one()
    assert "version 2" in audited.detail
    # The next arrival weighs with the hand-set weights again: it joins the others.
    submit_report(client, people=[TWIN])
    assert len(set(_clusters())) == 1
    again = runner.invoke(args=["triage", "calibrate", "--reset"])
    assert again.exit_code == 0 and "already uses the hand-set weights" in again.output
    assert len(db.session.scalars(select(MatchWeights)).all()) == 2
    both = runner.invoke(args=["triage", "calibrate", "--reset", "--dry-run"])
    assert both.exit_code == 2 and "cannot be used together" in both.output


def test_calibrate_with_nobody_named_stores_nothing_and_fails(app: Flask, team: Team) -> None:
    result = app.test_cli_runner().invoke(args=["triage", "calibrate"])

    assert result.exit_code == 1, result.output
    assert "Nothing to learn from: 0 people named in reports" in result.output
    assert db.session.scalars(select(MatchWeights)).first() is None
    assert db.session.scalars(select(AuditEntry.action)).all().count("weights_calibrated") == 0


def test_a_few_people_named_a_few_times_leave_every_thinly_supported_weight_hand_set() -> None:
    # 45 subjects, as a small force's first weeks might hold: 15 people named three times
    # each, the third time with a neighbour's first name. Too few pairs for most levels.
    first = ("John", "Jon", "Sarah", "Sara", "Mo", "Mohammed", "Claire", "Clare", "Peter")
    first += ("Pete", "Emma", "Gemma", "Liam", "Adam", "Ruth")
    surnames = ("Smith", "Smyth", "Khan", "Okafor", "Brown", "Browne", "Taylor", "Jones")
    surnames += ("Patel", "Evans", "Walsh", "Hughes", "Reid", "Reed", "Kerr")
    units = ("Tower Hamlets Response", "TSG", "CID", "Brixton response", "Custody")
    subjects = {}
    for person in range(15):
        for time in range(3):
            given = first[person] if time < 2 else first[(person + 1) % 15]
            rank = ("PC", "Sgt", "Inspector")[person % 3]
            unit = units[(person + time // 2) % 5]
            subjects[(f"r{person * 3 + time}", 1)] = tokens(
                name=f"{rank} {given} {surnames[person]}", unit=unit
            )

    weights, fit = calibrate(subjects)

    # No u is below one pair of the 990 there are, however many random pairs were drawn.
    assert min(u for levels in fit.u.values() for u in levels.values()) >= 1 / 990
    # A level resting on a handful of pairs keeps its hand-set weight, and the table says so:
    # on main, "given differs" became +10 bits in favour and units all but worthless.
    for name in ("lr_given_differs", "lr_initial_differs", "given_typo", "p_initial"):
        assert getattr(weights, name) == getattr(HAND_SET, name), name
    assert (weights.lr_unit_same, weights.lr_unit_differs) == (
        HAND_SET.lr_unit_same,
        HAND_SET.lr_unit_differs,
    )
    lines = table(fit)
    typo = next(line for line in lines if line.split()[:2] == ["given", "typo"])
    assert "fewer than 20: the weight in use is kept" in typo
    # Every weight learnt rests on at least 20 pairs and is no stronger than 2**10 either way.
    for name in ("p_given", "lr_rank_same", "lr_rank_differs"):
        value = getattr(weights, name)
        assert 2**-10 < value < 2**10
