"""The roster's three lookups decide alike: the live one in SQL (one statement per reading,
one row per person), the whole roster in memory as ``relink`` loads it, and the index the
command line builds from the file. Each is asked every reading of every person a few hundred
synthetic reports name, against a roster of those people with their namesakes."""

from __future__ import annotations

import random
from datetime import date

import pytest
from flask import Flask

from intake.db import db
from seeds.synthetic import _Population, generate
from tests.helpers import Team
from triage.matching import roster, roster_sql
from triage.matching.roster import RosterEntry, RosterIndex, resolve
from triage.matching.roster_store import SqlRoster, import_roster, load_roster
from triage.matching.tokens import SubjectInput, Token, roster_readings, tokenise

SEED = 3
REPORTS = 400


def roster_entries() -> list[RosterEntry]:
    """The people ``generate(REPORTS, SEED)`` draws its subjects from, as their force lists
    them (``seeds.synthetic`` builds the same population from the same seed)."""
    population = _Population(random.Random(SEED), max(20, int(REPORTS * 0.75)))
    entries = []
    for person in population.people:
        current = person.postings[-1]
        entries.append(
            RosterEntry(
                name=f"{person.surname.upper()}, {person.given.capitalize()}",
                rank=person.rank,
                unit=current.unit,
                collar_number=f"{current.collar_digits}{current.code}",
                warrant_number=person.warrant,
                former_collar_numbers=tuple(
                    f"{p.collar_digits}{p.code}" for p in person.postings[:-1]
                ),
                former_units=tuple(p.unit for p in person.postings[:-1]),
            )
        )
    return entries


def mentions(secret: bytes) -> list[list[set[Token]]]:
    fields = ("name", "collar_number", "warrant_number", "rank", "unit")
    found = []
    for report in generate(REPORTS, seed=SEED):
        for raw in report["subjects"]:
            subject = SubjectInput(**{f: raw.get(f) or None for f in fields})
            found.append([tokenise(keys, secret) for keys in roster_readings(subject)])
    return found


@pytest.mark.parametrize("limit", [roster.ROSTER_TOKEN_LIMIT, 3])
def test_sql_memory_and_file_lookups_resolve_every_mention_alike(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # A small limit makes common tokens crowded, so that path is compared too.
    monkeypatch.setattr(roster, "ROSTER_TOKEN_LIMIT", limit)
    monkeypatch.setattr(roster_sql, "ROSTER_TOKEN_LIMIT", limit)
    secret = app.config["CANDOUR_SECRETS"].matching_key
    entries = roster_entries()
    import_roster(db.session, entries, secret, date(2026, 11, 30))
    in_memory = load_roster(db.session)
    assert in_memory is not None
    lookups = {"sql": SqlRoster(db.session), "file": RosterIndex.build(entries, secret)}
    resolved = crowded = 0
    for readings in mentions(secret):
        expected = resolve(readings, in_memory)
        for name, lookup in lookups.items():
            assert resolve(readings, lookup) == expected, name
        resolved += expected.person is not None
        crowded += expected.crowded
    # The comparison covers resolved, vague and (with the small limit) crowded mentions.
    assert resolved > 100
    assert crowded > 0 if limit == 3 else crowded == 0
