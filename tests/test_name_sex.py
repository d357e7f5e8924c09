"""The sex a mention points to: a lone subject's pronoun and a roster first name's usual sex,
which narrow the roster people a vague mention likely is (never whom it could be)."""

from __future__ import annotations

import secrets

from triage.matching.name_sex import given_sex, narrative_sex, with_pronoun
from triage.matching.roster import RosterEntry, RosterIndex, person_key, resolve
from triage.matching.tokens import SubjectInput, subject_keys, token_for, tokenise


def test_the_pronoun_counts_only_when_the_narrative_uses_one_alone() -> None:
    assert narrative_sex("He picks on the student officers.") == "m"
    assert narrative_sex("She's been reading my messages") == "f"
    # "Her" is as often the person something was done to: only he/she as a subject counts.
    assert narrative_sex("He kept touching her arm.") == "m"
    assert narrative_sex("He said she should leave.") is None
    assert narrative_sex("The officer shouted at the whole team.") is None


def test_a_first_name_gives_a_sex_only_when_the_list_is_sure() -> None:
    assert given_sex("Sarah") == "f"
    assert given_sex("david") == "m"
    assert given_sex("S") is None  # an initial
    assert given_sex("Charlie") is None  # borne by either
    assert given_sex(None) is None


def test_only_the_one_person_a_report_names_takes_its_pronoun() -> None:
    one = [SubjectInput(name="PC Carr")]
    assert with_pronoun(one, "She laughed at me.")[0].sex == "f"
    two = [SubjectInput(name="PC Carr"), SubjectInput(name="Sgt Addo")]
    assert [s.sex for s in with_pronoun(two, "She laughed at me.")] == [None, None]


def test_the_pronoun_narrows_whom_a_vague_mention_likely_is() -> None:
    secret = secrets.token_bytes(32)
    carrs = [RosterEntry(name=f"CARR, {g}", rank="PC") for g in ("Sarah", "Emma", "David")]
    index = RosterIndex.build(carrs, secret)
    women = {token_for(person_key(e), secret)[1] for e in carrs[:2]}
    subject = SubjectInput(name="PC Carr", sex="f")
    resolution = resolve([tokenise(subject_keys(subject), secret)], index)
    tokens = resolution.tokens()
    assert len({v for k, v in tokens if k == "maybe"}) == 3  # David is not ruled out
    assert {v for k, v in tokens if k == "likely"} == women
