"""Normalising what reporters write: ranks, order, nicknames, numbers and units."""

from __future__ import annotations

import pytest

from triage.matching import names
from triage.matching.names import (
    PersonName,
    adjacent_swaps,
    canonical_given_names,
    collar_number,
    parse_name,
    phonetic,
    reversed_name,
    swapped_name,
    warrant_number,
)
from triage.matching.postings import (
    boroughs_of,
    canonical_unit,
    grade_share,
    rank_grade,
    team_of,
    unit_from_collar,
    unit_parts,
)
from triage.matching.tokens import SubjectInput, subject_keys


@pytest.mark.parametrize(
    "written",
    [
        "PC John Smith",
        "P.C. John Smith",
        "Police Constable John Smith",
        "DC John Smith",
        "Det Con John Smith",
        "Sgt John Smith",
        "Sergeant John Smith",
        "DS John Smith",
        "Insp John Smith",
        "DI John Smith",
        "Ch Insp John Smith",
        "Supt John Smith",
        "Ch Supt John Smith",
        "Commander John Smith",
        "PCSO John Smith",
        "Special Constable John Smith",
        "SC John Smith",
        "Mr John Smith",
        "Mrs John Smith",
        "Ms John Smith",
        "Dr John Smith",
        "A/Sgt John Smith",
        "T/DS John Smith",
        "A/DI John Smith",
        "John Smith (PC)",
        # Police staff's grade is no first name.
        "Staff John Smith",
        "STAFF JOHN SMITH",
        "Police Staff John Smith",
        "Civilian John Smith",
        "DDO John Smith",
        "Detention Officer John Smith",
    ],
)
def test_ranks_and_titles_are_stripped(written: str) -> None:
    parsed = parse_name(written)
    assert (parsed.given, parsed.surname) == ("john", "smith")


def test_surname_first_with_comma() -> None:
    parsed = parse_name("Smith, John")
    assert (parsed.given, parsed.surname) == ("john", "smith")


@pytest.mark.parametrize(
    ("written", "given", "surname"),
    [
        ("CONSTABLE, John", "john", "constable"),
        ("STAFF, Amy", "amy", "staff"),
        ("Sgt, Smith", None, "smith"),  # an abbreviated rank is never a surname
    ],
)
def test_a_surname_that_is_also_a_rank_word_is_kept_before_a_comma(
    written: str, given: str | None, surname: str
) -> None:
    parsed = parse_name(written)
    assert (parsed.given, parsed.surname) == (given, surname)


def test_roster_capitals_put_the_surname_first() -> None:
    parsed = parse_name("SMITH John")
    assert (parsed.given, parsed.surname) == ("john", "smith")


def test_case_does_not_matter() -> None:
    assert parse_name("JOHN SMITH") == parse_name("john smith")


def test_apostrophes_and_hyphens_join_the_surname() -> None:
    assert parse_name("Bob O'Brien").surname == "obrien"
    assert parse_name("Sarah Smith-Jones").surname == "smithjones"


@pytest.mark.parametrize("written", ["J. Smyth", "J Smyth", "Smyth, J.", "Smyth J"])
def test_initials_give_an_initial_but_no_given_name(written: str) -> None:
    parsed = parse_name(written)
    assert (parsed.given, parsed.initial, parsed.surname) == (None, "j", "smyth")


def test_con_is_a_name_unless_it_follows_det() -> None:
    assert parse_name("Con Murphy").given == "con"
    assert parse_name("Det Con Murphy").given is None


def test_nicknames_expand_to_the_canonical_name() -> None:
    assert canonical_given_names("Bob") == {"robert"}
    assert canonical_given_names("Mo") == {"mohammed"}
    assert canonical_given_names("Liam") == {"william"}


def test_a_shared_short_form_keeps_both_names() -> None:
    assert canonical_given_names("Chris") == {"christopher", "christine"}


def test_short_forms_of_emma_folasade_and_dimitrios_find_them() -> None:
    # "Em" is as often Emma as Emily; Yoruba "Sade" is Folasade; a Dimitrios is often "Jim".
    assert canonical_given_names("Em") == {"emma", "emily"}
    assert canonical_given_names("Sade") == {"folasade"}
    assert canonical_given_names("Jim") == {"james", "dimitrios"}


def test_unknown_given_name_is_its_own_canonical_form() -> None:
    assert canonical_given_names("Zebedee") == {"zebedee"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Smyth", "Smith"), ("Thomson", "Thompson"), ("Hussain", "Hussein"), ("Reid", "Reed")],
)
def test_misspellings_sound_the_same(a: str, b: str) -> None:
    assert phonetic(a) == phonetic(b)


def test_different_surnames_sound_different() -> None:
    assert phonetic("Smith") != phonetic("Jones")


@pytest.mark.parametrize(
    "written", ["1234AB", "PC 1234 ab", "1234 ab", "AB1234", "ab-1234", "pc1234ab"]
)
def test_collar_numbers_in_any_shape(written: str) -> None:
    parsed = collar_number(written)
    assert parsed is not None
    assert (parsed.canonical, parsed.digits, parsed.letters) == ("1234AB", "1234", "AB")


def test_collar_number_digits_only() -> None:
    parsed = collar_number("1234")
    assert parsed is not None
    assert (parsed.canonical, parsed.letters) == ("1234", "")


def test_swapped_digits_share_the_order_insensitive_form() -> None:
    a, b = collar_number("1234AB"), collar_number("2134AB")
    assert a is not None and b is not None
    assert a.digits != b.digits
    assert a.fuzzy == b.fuzzy


def test_not_a_collar_number() -> None:
    assert collar_number("don't know") is None


def test_warrant_numbers_lose_prefix_and_spaces() -> None:
    assert warrant_number("MPS 123 456") == "123456"
    assert warrant_number("123456") == "123456"
    assert warrant_number("12") is None


@pytest.mark.parametrize(
    "written", ["CW BCU", "CW", "Central West", "Central West Basic Command Unit", "c.w. bcu"]
)
def test_central_west_aliases(written: str) -> None:
    assert canonical_unit(written) == "Central West BCU"


@pytest.mark.parametrize(
    "written", ["MO19", "SCO19", "sco 19", "CO19", "Firearms", "SC&O19", "ARV", "SFO team"]
)
def test_firearms_aliases(written: str) -> None:
    assert canonical_unit(written) == "Specialist Firearms Command"


def test_other_unit_aliases() -> None:
    assert canonical_unit("PaDP") == "Parliamentary and Diplomatic Protection"
    assert canonical_unit("the TSG") == "Territorial Support Group"
    assert canonical_unit("SO15") == "Counter Terrorism Command"
    assert canonical_unit("RaSP") == "Royal and Specialist Protection"
    # Names officers use for their own teams, which a reporter writes as they hear them.
    assert canonical_unit("DPG") == "Parliamentary and Diplomatic Protection"
    assert canonical_unit("MASH") == "Public Protection"
    assert canonical_unit("DWO team") == "Neighbourhood Policing"
    assert canonical_unit("Bow control") == "Met Command and Control"
    assert canonical_unit("RPU") == "Roads and Transport Policing Command"
    assert "Parliamentary and Diplomatic Protection" in unit_parts("the embassy protection lot")


def test_unknown_unit_is_normalised_not_dropped() -> None:
    assert canonical_unit("Some  Odd-Unit") == canonical_unit("some odd unit")


def test_rank_grades_ignore_detective_and_uniform() -> None:
    assert rank_grade("DS") == rank_grade("Sergeant") == "sergeant"
    assert rank_grade("PC Jon Smyth") == "constable"
    assert rank_grade("Jon Smyth") is None


def test_irish_o_and_multi_word_surnames_before_a_comma_join() -> None:
    assert parse_name("O Brien, Anndrew").surname == "obrien"
    assert parse_name("Helen O Brien").surname == "obrien"
    assert parse_name("de Souza, Maria").surname == parse_name("Maria de Souza").surname


def test_a_surname_in_capitals_with_its_particle_first_is_the_surname() -> None:
    # Roster style, surname first in capitals with the apostrophe or space kept as written.
    assert parse_name("O LOUGHLIN Eoin") == parse_name("Eoin O'Loughlin")
    assert parse_name("Sgt DE SOUZA Maria").surname == "desouza"
    assert parse_name("DE SOUZA Maria").given == "maria"
    # A given name first stays the given name.
    assert parse_name("Kieran O BRIEN").given == "kieran"


def test_a_name_that_begins_with_a_surname_particle_is_all_surname() -> None:
    assert parse_name("Mc Leary") == PersonName(None, None, "mcleary", frozenset())
    assert parse_name("PC Mac Donald").surname == "macdonald"
    assert parse_name("de Souza").surname == parse_name("Maria de Souza").surname == "desouza"
    assert parse_name("Van der Berg").surname == "vanderberg"
    # "Al" and "Del" are also short first names, and a lone "O" an initial.
    assert parse_name("Al Smith").given == "al"
    assert parse_name("O Brien").initial == "o"


def test_warrant_numbers_one_swap_apart_share_a_variant() -> None:
    assert adjacent_swaps("1234") == {"1234", "2134", "1324", "1243"}
    assert adjacent_swaps("1723410") & adjacent_swaps("1724310")
    assert not adjacent_swaps("1723410") & adjacent_swaps("1725410")  # a digit changed


def test_a_caseless_two_word_name_has_a_reversed_reading() -> None:
    other = reversed_name("GILL ALEXANDER")
    assert other is not None
    assert (other.given, other.surname) == ("alexander", "gill")
    assert reversed_name("SMITH John") is None  # the capitals say which is the surname
    assert reversed_name("Smith, John") is None
    assert reversed_name("John Smith") is None


def test_borough_letters_name_a_unit_only_when_they_are_a_known_code() -> None:
    assert unit_from_collar(collar_number("1234CW")) == "Central West BCU"
    assert unit_from_collar(collar_number("1234")) is None
    assert unit_from_collar(collar_number("1234XQ")) is None


def test_grade_shares_come_from_the_data_file_and_rarer_grades_have_smaller_shares() -> None:
    constable, inspector = grade_share("constable"), grade_share("inspector")
    assert constable is not None and inspector is not None
    assert inspector < constable
    assert grade_share("admiral") is None
    assert grade_share(None) is None


@pytest.mark.parametrize(
    ("written", "surname"),
    [("D/C Jennifer Lowe", "lowe"), ("D/Sgt Victoria Wilson", "wilson"), ("A/Insp Green", "green")],
)
def test_a_rank_with_a_slash_prefix_is_not_an_initial(written: str, surname: str) -> None:
    name = parse_name(written)
    assert name.surname == surname
    assert name.initial != "d" and name.initial != "a"


def test_a_two_word_name_can_be_read_the_other_way_round() -> None:
    other = swapped_name("Robertson Jen")
    assert other is not None and other.surname == "robertson" and other.given == "jen"
    assert swapped_name("Jen Robertson, PC") is None


def test_a_unit_written_with_its_team_also_names_the_unit() -> None:
    assert unit_parts("North East BCU - CID") >= {"North East BCU"}
    assert "Territorial Support Group" in unit_parts("TSG (unit 4)")


@pytest.mark.parametrize("written", ["Skipper R Nicholson", "skip R NICHOLSON", "Guv R Nicholson"])
def test_what_officers_call_their_supervisors_is_a_rank_not_a_first_name(written: str) -> None:
    assert parse_name(written) == PersonName(None, "r", "nicholson", frozenset())


@pytest.mark.parametrize(
    ("written", "grade"),
    [
        ("my skipper", "sergeant"),
        ("the sergeant", "sergeant"),
        ("the guv", "inspector"),
        ("D/Sgt", "sergeant"),
        ("A/Insp", "inspector"),
        ("D/Con", "constable"),
        ("Staff Shane O'Driscoll", "staff"),
        ("Police Staff (Band D)", "staff"),
        ("civvie", "staff"),
        ("member of staff", "staff"),
        ("community support officer", "pcso"),
    ],
)
def test_ranks_as_reporters_write_them_have_a_grade(written: str, grade: str) -> None:
    assert rank_grade(written) == grade


def test_a_one_word_name_can_be_read_as_a_first_name() -> None:
    assert names.given_only("Sgt Emma") == PersonName("emma", "e", None, frozenset({"emma"}))
    assert names.given_only("Officer Bob").given_canonical == frozenset({"robert"})
    assert names.given_only("Emma Smith") is None
    assert names.given_only("Smith, E") is None


def test_each_half_of_a_double_barrelled_surname_is_a_name_of_its_own() -> None:
    assert names.surname_halves("TAYLOR-BROWN, Claire") == ["TAYLOR, Claire", "BROWN, Claire"]
    assert names.surname_halves("Claire Taylor-Brown") == ["Claire Taylor", "Claire Brown"]
    assert names.surname_halves("Claire Brown") == []


@pytest.mark.parametrize(
    ("written", "units"),
    [
        ("Brixton the response team", {"Central South BCU", "Emergency Response"}),
        ("Tower Hamlets custody suite", {"Central East BCU", "Met Detention"}),
        ("North West BCU", {"North West BCU"}),  # never "North" and "West"
        ("Central South BCU - Response", {"Central South BCU", "Emergency Response"}),
    ],
)
def test_known_units_written_within_a_unit_are_found_longest_first(
    written: str, units: set[str]
) -> None:
    found = unit_parts(written)
    assert units <= found
    assert found - units <= {canonical_unit(written)}


@pytest.mark.parametrize(
    ("written", "team"),
    [
        ("South East BCU - Lewisham - Response Team 4", "4"),
        ("team 2 (Belgravia)", "2"),
        ("ERPT team 3", "3"),
        ("Team No. 5", "5"),
        ("C relief", "c"),
        ("relief B", "b"),
        ("3 team, Hounslow", "3"),
        ("the proactive team", None),
        ("on a team at Brixton", None),  # "a" is the article
        ("Team 10", None),  # not a team number people write
        ("TSG (unit 4)", None),
        (None, None),
    ],
)
def test_a_numbered_team_is_read_from_the_unit(written: str | None, team: str | None) -> None:
    assert team_of(written) == team
    keys = subject_keys(SubjectInput(name="Jo Bloggs", unit=written))
    assert {v for k, v in keys if k == "team"} == ({team} if team else set())


@pytest.mark.parametrize(
    ("written", "boroughs"),
    [
        ("response team 2 at Plumstead", {"Greenwich"}),
        ("Walworth police station", {"Southwark"}),
        ("Central West BCU - Kensington - Response Team 2", {"Kensington and Chelsea"}),
        ("Brixton the response team", {"Lambeth"}),
        ("Kingston upon Thames", {"Kingston"}),
        ("custody at Southwark, then Lambeth", {"Southwark", "Lambeth"}),
        ("Lambeth control", set()),  # the Met's control room, not a borough's
        ("North East BCU - CID", set()),
        (None, set()),
    ],
)
def test_a_borough_is_read_from_a_town_or_station_in_the_unit(
    written: str | None, boroughs: set[str]
) -> None:
    assert boroughs_of(written) == boroughs
    keys = subject_keys(SubjectInput(name="Jo Bloggs", unit=written))
    assert {v for k, v in keys if k == "borough"} == {b.lower() for b in boroughs}


def test_a_kind_of_work_is_a_role_not_a_place() -> None:
    keys = subject_keys(SubjectInput(name="Jo Bloggs", unit="Brixton response"))
    assert ("unit", "central south bcu") in keys
    assert ("role", "emergency response") in keys
    assert ("unit", "emergency response") not in keys
