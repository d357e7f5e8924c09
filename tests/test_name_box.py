"""What the name box gives beyond a name (``name_box.read``, through ``tokens.as_written``): words
saying the reporter does not know the name, or going on to describe the person, give no name
(``name_words.DOUBT_WORDS``); a shoulder number typed there is the person's number; a place after
a comma or a dash is the unit; a grade after the name is the grade."""

from __future__ import annotations

import json

import pytest

from triage.__main__ import read_reports, run_match
from triage.matching.name_box import name_and_place, name_in_description
from triage.matching.national import national_keys
from triage.matching.tokens import SubjectInput, as_written, labels, subject_keys

NAME_KINDS = {"surname", "given", "initial", "name"}


def name_keys(written: str) -> set[tuple[str, str]]:
    return {k for k in subject_keys(SubjectInput(name=written)) if k[0] in NAME_KINDS}


@pytest.mark.parametrize(
    "written",
    [
        "Unknown",
        "unknown male PC",
        "N/A",
        "n/k",
        "Don't know",
        "dont know his name",
        "not known",
        "no idea",
        "unsure",
        "not sure of name, skipper on B relief",
        "tall sergeant with a beard",
        "?",
    ],
)
def test_a_name_box_saying_the_name_is_not_known_gives_no_name(written: str) -> None:
    assert name_keys(written) == set()


def test_the_name_before_the_doubt_is_kept_without_a_first_name() -> None:
    assert name_keys("PS Smith, not sure of first name") == {("surname", "smith")}
    assert name_keys("Dave Smith known as Smudge") == name_keys("Dave Smith")
    assert name_keys("John Smith?") == name_keys("John Smith")


def test_a_grade_said_in_the_doubt_is_still_the_grade() -> None:
    assert as_written(SubjectInput(name="unknown male PC")).rank == "constable"
    assert as_written(SubjectInput(name="not sure of name, skipper")).rank == "sergeant"


@pytest.mark.parametrize("written", ["Mary Beard", "Na Young", "A Fox", "Jon Walker"])
def test_real_names_near_the_doubt_words_are_untouched(written: str) -> None:
    assert ("surname", written.split()[-1].lower()) in name_keys(written)


def test_a_nickname_with_big_is_the_first_name_alone() -> None:
    assert not any(value == "big" for _, value in name_keys("Big Dave"))


@pytest.mark.parametrize(
    "written", [("Unknown", "unknown"), ("not sure of name", "not sure of his name")]
)
def test_two_unknown_officers_of_one_team_are_not_linked(written: tuple[str, str]) -> None:
    """Read as names, "Unknown" twice was one rare surname, and "not sure of (his) name" a
    first name "not" and a surname "name": with the same team and grade they were linked as
    one person."""
    lines = [
        {
            "id": f"r{n}",
            "received_date": f"2026-0{n}-01",
            "categories": ["bullying"],
            "subjects": [{"name": name, "rank": "PC", "unit": "Hackney response team 3"}],
        }
        for n, name in enumerate(written, start=1)
    ]
    run = run_match(read_reports(json.dumps(line) for line in lines), secret=b"k" * 32)
    assert run.clusters_of("r1") != run.clusters_of("r2")


def test_the_cross_force_keys_read_the_name_box_the_same_way() -> None:
    """``national_keys`` parsed the box as typed, so "not sure of name" was surname "name" with
    initial "n" in every force, and "my skipper Dave Jones" had the initial "m"."""
    assert national_keys(SubjectInput(name="not sure of name")) == set()
    keys = national_keys(SubjectInput(name="my skipper Dave Jones"))
    assert {v for k, v in keys if k == "surname_initial"} == {"jones|d"}


@pytest.mark.parametrize(
    ("written", "number", "name"),
    [
        ("PC 4521 Smith", "4521", "PC Smith"),
        ("Smith (4521CW)", "4521CW", "Smith"),
        ("Smith 4521 CW", "4521 CW", "Smith"),
        ("PC4521CW", "PC4521CW", None),
        ("Officer 1234", "1234", "Officer"),
        ("Smith No. 4521", "4521", "Smith"),
        ("Smith #4521", "4521", "Smith"),
    ],
)
def test_a_shoulder_number_in_the_name_box_is_the_number(
    written: str, number: str, name: str | None
) -> None:
    subject = as_written(SubjectInput(name=written))
    assert (subject.collar_number, subject.name) == (number, name)


@pytest.mark.parametrize(
    "written", ["Sgt Smith, about 45", "Smith (2019)", "Smith 123456", "Smith 45"]
)
def test_an_age_a_year_or_a_warrant_number_is_not_a_shoulder_number(written: str) -> None:
    assert as_written(SubjectInput(name=written)).collar_number is None


def test_the_shoulder_number_box_wins_over_a_number_in_the_name_box() -> None:
    subject = as_written(SubjectInput(name="PC 4521 Smith", collar_number="7788CW"))
    assert subject.collar_number == "7788CW"
    assert subject.name == "PC Smith"


def test_a_number_in_the_name_box_links_two_reports_of_one_officer() -> None:
    """Before, "PC 4521 Smith" gave only the surname, so the same officer named with the number
    in its own box was a namesake among every Smith."""
    lines = [
        {
            "id": f"r{n}",
            "received_date": f"2026-0{n}-01",
            "categories": ["bullying"],
            "subjects": [subject],
        }
        for n, subject in enumerate(
            [{"name": "PC 4521CW Smith"}, {"name": "Smith", "collar_number": "4521 CW"}],
            start=1,
        )
    ]
    run = run_match(read_reports(json.dumps(line) for line in lines), secret=b"k" * 32)
    assert run.clusters_of("r1") == run.clusters_of("r2")


@pytest.mark.parametrize(
    ("written", "name", "unit"),
    [
        ("Sgt Smith, Brixton", "Sgt Smith", "Brixton"),
        ("Sgt Smith, NE BCU", "Sgt Smith", "NE BCU"),
        ("Sgt Smith - response", "Sgt Smith", "response"),
        ("J Bloggs – CID", "J Bloggs", "CID"),
        # After a dash, what is not a place is dropped, not kept as a unit.
        ("Smith - the tall one", "Smith", None),
        ("Smith - not sure", "Smith", None),
        ("Sgt Smith, Brixton, not sure of first name", "Sgt Smith", "Brixton"),
        ("John Smith, Brixton", "John Smith", "Brixton"),
        # A comma before a first name or initials is the name's own, even where the first name
        # is also a place's or a unit's, as a roster writes a surname.
        ("Smith, John", "Smith, John", None),
        ("Smith, J", "Smith, J", None),
        ("SMITH, Chelsea", "SMITH, Chelsea", None),
        ("Smith, Sapphire", "Smith, Sapphire", None),
        ("VAN DER BERG, Brent", "VAN DER BERG, Brent", None),
        ("Sgt Smith, A S", "Sgt Smith, A S", None),  # initials, not Central South BCU's "AS"
    ],
)
def test_a_place_after_a_comma_or_dash_is_the_unit_not_a_name(
    written: str, name: str, unit: str | None
) -> None:
    """ "Sgt Smith, Brixton" was read surname first, as a Brixton Smith; "Sgt Smith - response"
    gave the surname "response"."""
    subject = as_written(SubjectInput(name=written))
    assert (subject.name, subject.unit) == (name, unit)


def test_a_place_in_the_name_box_agrees_with_the_same_place_in_the_unit_box() -> None:
    assert subject_keys(SubjectInput(name="Sgt Smith, Brixton")) == subject_keys(
        SubjectInput(name="Sgt Smith", unit="Brixton")
    )


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("John Smith Jnr", "John Smith"),
        ("Insp John Smith aka Smudge", "John Smith"),
        ("Ex-PC John Smith", "John Smith"),
        ("former DS John Smith", "John Smith"),
        ("retired Insp John Smith", "John Smith"),
    ],
)
def test_words_around_a_name_that_are_no_part_of_it_are_left_out(written: str, plain: str) -> None:
    assert name_keys(written) == name_keys(plain)


@pytest.mark.parametrize(
    ("written", "grade"),
    [
        ("Smith, DS", "sergeant"),
        ("Smith J PC", "constable"),
        ("Ex-PC Smith", "constable"),
        ("Staff Shane O'Driscoll", "staff"),
    ],
)
def test_a_grade_written_after_the_name_or_before_ex_is_the_grade(written: str, grade: str) -> None:
    assert ("rank", grade) in subject_keys(SubjectInput(name=written))


def test_a_place_written_in_the_name_box_is_the_place_not_the_name() -> None:
    assert name_and_place("Olukwo from Newham CID") == ("Olukwo", "Newham CID")
    assert name_and_place("Sgt Patel at the Brixton custody suite") == (
        "Sgt Patel",
        "Brixton custody suite",
    )
    assert name_and_place("Jon Fromm") == ("Jon Fromm", None)
    assert name_and_place("from CID") == ("from CID", None)


@pytest.mark.parametrize(
    "written",
    [
        "Jon Walker (the tall one)",
        "Jon Walker (Wally)",
        "Jon Walker [response]",
        "Jon Walker (the tall one",  # never closed
        "Jon (the tall one) Walker",
    ],
)
def test_an_aside_in_brackets_is_not_read_as_part_of_the_name(written: str) -> None:
    """Its last word was read as the surname: "Jon Walker (the tall one)" was Jon One."""
    assert subject_keys(SubjectInput(name=written)) == subject_keys(SubjectInput(name="Jon Walker"))


def test_brackets_around_the_only_name_keep_it() -> None:
    assert ("surname", "walker") in subject_keys(SubjectInput(name="(Walker)"))


def test_a_place_in_the_name_box_gives_the_unit_keys_when_the_unit_box_is_empty() -> None:
    keys = subject_keys(SubjectInput(name="Sgt Olukwo from Lewisham CID"))
    assert ("surname", "olukwo") in keys
    assert ("surname", "cid") not in keys
    assert {k for k in keys if k[0] in ("unit", "role")} == {
        k for k in subject_keys(SubjectInput(unit="Lewisham CID")) if k[0] in ("unit", "role")
    }
    # The unit box, when filled, says where they work: the name box's place is dropped.
    written = subject_keys(SubjectInput(name="Olukwo from Lewisham", unit="TSG"))
    assert written == subject_keys(SubjectInput(name="Olukwo", unit="TSG"))


@pytest.mark.parametrize(
    "written",
    [
        "my tutor",
        "my tutor constable",
        "the one driving",
        "A male officer",
        "the Inspector",
        "male officer with a beard",
        "a woman",
        "an inspector",
        "one of the PCs",
    ],
)
def test_a_description_in_the_name_box_names_nobody(written: str) -> None:
    assert name_in_description(written) is None
    keys = subject_keys(SubjectInput(name=written))
    assert not {k for k in keys if k[0] in ("surname", "surname_fuzzy", "given", "initial")}


def test_a_description_keeps_the_name_and_the_grade_it_gives() -> None:
    assert name_in_description("my skipper Dave Jones") == "Dave Jones"
    assert name_in_description("The Sergeant Smith") == "Smith"
    assert ("rank", "inspector") in subject_keys(SubjectInput(name="the Inspector"))
    # The grade may come anywhere in the description, or in the plural.
    for written, grade in (
        ("my tutor constable", "constable"),
        ("one of the PCs", "constable"),
        ("the civvie on the front counter", "staff"),
        ("my tutor", None),
    ):
        ranks = {
            value for kind, value in subject_keys(SubjectInput(name=written)) if kind == "rank"
        }
        assert ranks == ({grade} if grade else set()), written
        assert labels(SubjectInput(name=written)).get("rank") == grade, written
    # The rank box, when filled, is the grade: the description's is not read.
    assert ("rank", "sergeant") in subject_keys(SubjectInput(name="my tutor constable", rank="PS"))
    assert ("surname", "jones") in subject_keys(SubjectInput(name="my skipper Dave Jones"))
    # An initial is not a description: "A Smith", "a. smith", "a fox".
    for written in ("A Smith", "A. Smith", "a. smith", "a fox", "An Nguyen", "Smith"):
        assert name_in_description(written) == written
