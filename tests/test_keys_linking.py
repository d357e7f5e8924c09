"""Match keys, their tokens, and the decision whether two subjects are one person."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from triage.matching.linking import LinkDecision, decide, match_subject
from triage.matching.store import InMemorySubjectStore
from triage.matching.tokens import SubjectInput, Token, labels, subject_keys, tokenise
from triage.matching.weights import COMMON_TOKEN_LIMIT

SECRET = b"s" * 32


def tokens(**fields: str) -> set[Token]:
    return tokenise(subject_keys(SubjectInput(**fields)), SECRET)


def test_keys_cover_every_strength() -> None:
    kinds = {
        kind
        for kind, _ in subject_keys(
            SubjectInput(
                name="PC Jon Smyth", collar_number="1234AB", warrant_number="123456", unit="CW BCU"
            )
        )
    }
    assert {
        "warrant",
        "collar",
        "collar_digits",
        "collar_fuzzy",
        "name",
        "phonetic",
        "surname_unit",
        "unit",
    } <= kinds


def test_nickname_and_rank_give_the_same_name_key() -> None:
    a = subject_keys(SubjectInput(name="PC Bob Smith"))
    b = subject_keys(SubjectInput(name="Robert Smith"))
    assert ("name", "robert smith") in a & b


def test_tokens_never_contain_the_plaintext() -> None:
    keys = subject_keys(
        SubjectInput(
            name="Jon Smyth", collar_number="1234AB", warrant_number="987654", unit="CW BCU"
        )
    )
    for _kind, token in tokenise(keys, SECRET):
        for _, value in keys:
            assert value.lower() not in token.lower()
        assert len(token) == 64


def test_different_secrets_give_different_tokens() -> None:
    keys = {("name", "john smith")}
    assert tokenise(keys, b"a" * 32) != tokenise(keys, b"b" * 32)


def test_same_value_under_different_kinds_gives_different_tokens() -> None:
    ((_, a),) = tokenise({("collar_digits", "1234")}, SECRET)
    ((_, b),) = tokenise({("collar_fuzzy", "1234")}, SECRET)
    assert a != b


def test_a_short_secret_is_refused() -> None:
    try:
        tokenise({("name", "x")}, b"short")
    except ValueError:
        return
    raise AssertionError("a short secret was accepted")


def test_same_warrant_links_whatever_else_differs() -> None:
    decision = decide(
        tokens(name="John Smith", warrant_number="123456", unit="TSG"),
        tokens(name="Jack Brown", warrant_number="MPS 123 456", unit="CW"),
    )
    assert decision.linked


def test_different_warrants_never_link() -> None:
    decision = decide(
        tokens(name="John Smith", collar_number="1234AB", warrant_number="111111"),
        tokens(name="John Smith", collar_number="1234AB", warrant_number="222222"),
    )
    assert not decision.linked
    assert "warrant" in decision.conflicting


def test_warrant_numbers_two_swapped_digits_apart_link_with_a_name_and_say_so() -> None:
    new = SubjectInput(name="James Dunford", warrant_number="1724310")
    decision = decide(
        tokenise(subject_keys(new), SECRET),
        tokens(name="J Dunford", warrant_number="1723410"),
        labels(new),
    )
    assert decision.linked
    assert "warrant numbers differ only by two swapped digits" in decision.reason


def test_a_warrant_number_one_swap_away_is_no_link_without_a_name() -> None:
    decision = decide(tokens(warrant_number="1724310"), tokens(warrant_number="1723410"))
    assert not decision.linked


def test_warrant_numbers_further_apart_than_one_swap_never_link() -> None:
    decision = decide(
        tokens(name="James Dunford", collar_number="1234AB", warrant_number="1725410"),
        tokens(name="James Dunford", collar_number="1234AB", warrant_number="1723410"),
    )
    assert not decision.linked


def test_same_collar_and_similar_name_links_with_a_readable_reason() -> None:
    new = SubjectInput(name="PC Jon Smyth", collar_number="pc 1234 ab")
    decision = decide(
        tokenise(subject_keys(new), SECRET),
        tokens(name="John Smith", collar_number="1234AB"),
        labels(new),
    )
    assert decision.linked
    assert "same shoulder number 1234AB" in decision.reason


def test_a_reason_quotes_only_what_agreed_and_the_unit_as_the_reporter_wrote_it() -> None:
    new = SubjectInput(name="Darren Kettleborough", collar_number="4411CS", unit="Brixton response")
    decision = decide(
        tokenise(subject_keys(new), SECRET),
        tokens(name="D Kettleborough", collar_number="4411CS", unit="Brixton Response"),
        labels(new),
    )
    assert decision.linked
    # Only the initial was compared, so the first name is not quoted as if it agreed; the unit
    # reads as written, not as the lower-case key matching compares.
    assert "same surname and first initial (D Kettleborough)" in decision.reason
    assert "same unit or area (Brixton response)" in decision.reason
    assert "Darren" not in decision.reason and "brixton" not in decision.reason


def test_same_collar_but_a_different_surname_does_not_link() -> None:
    decision = decide(
        tokens(name="John Smith", collar_number="1234AB"),
        tokens(name="Kwame Mensah", collar_number="1234AB"),
    )
    assert not decision.linked


def test_swapped_digits_with_same_surname_sound_link() -> None:
    decision = decide(
        tokens(name="J Thomson", collar_number="2134AB"),
        tokens(name="James Thompson", collar_number="1234AB"),
    )
    assert decision.linked
    assert "swapped" in decision.reason


def test_namesake_in_another_unit_with_another_number_is_not_linked() -> None:
    decision = decide(
        tokens(name="Mark Patel", collar_number="4411CW", unit="CW BCU"),
        tokens(name="Mark Patel", collar_number="872SE", unit="South East"),
    )
    assert not decision.linked
    assert "different person" in decision.reason
    assert {"collar_fuzzy", "unit"} <= set(decision.conflicting)


def test_a_bare_name_needs_something_more_than_one_earlier_report_with_it() -> None:
    # Forces have namesakes: the same name alone, once, is not enough...
    alone = decide(tokens(name="Bob Okafor"), tokens(name="Robert Okafor"))
    assert not alone.linked
    assert "same name" in alone.reason
    # ...but the same unit, or a person already named twice, is.
    assert decide(
        tokens(name="Bob Okafor", unit="TSG"),
        tokens(name="Robert Okafor", unit="Territorial Support Group"),
    ).linked
    store = InMemorySubjectStore()
    ids = new_ids()
    first = match_subject(
        store,
        ("r1", 1),
        tokens(name="Robert Okafor", collar_number="1327CN"),
        "r1",
        new_cluster_id=ids,
    )
    second = match_subject(
        store,
        ("r2", 1),
        tokens(name="Rob Okafor", collar_number="1327 cn"),
        "r2",
        new_cluster_id=ids,
    )
    assert second.cluster_id == first.cluster_id
    third = match_subject(store, ("r3", 1), tokens(name="Bob Okafor"), "r3", new_cluster_id=ids)
    assert third.cluster_id == first.cluster_id


def test_surname_sound_alone_is_too_weak() -> None:
    decision = decide(tokens(name="J Smyth"), tokens(name="John Smith"))
    assert not decision.linked


def test_surname_sound_in_the_same_unit_links() -> None:
    decision = decide(
        tokens(name="J Smyth", unit="CW BCU"), tokens(name="John Smith", unit="Central West")
    )
    assert decision.linked


def test_unit_alone_never_links() -> None:
    assert not decide(tokens(unit="TSG"), tokens(unit="Territorial Support Group")).linked


def new_ids() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"c{next(numbers)}"


def test_match_subject_joins_the_earlier_cluster() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    first = match_subject(
        store, ("r1", 1), tokens(name="Jon Smyth", collar_number="1234AB"), "r1", new_cluster_id=ids
    )
    second = match_subject(
        store,
        ("r2", 1),
        tokens(name="John Smith", collar_number="1234 ab"),
        "r2",
        new_cluster_id=ids,
    )
    assert second.cluster_id == first.cluster_id
    assert [ref for ref, _ in second.links] == [("r1", 1)]


def test_two_people_in_one_report_are_never_linked_to_each_other() -> None:
    store = InMemorySubjectStore()
    a = match_subject(store, ("r1", 1), tokens(name="John Smith"), "r1")
    b = match_subject(store, ("r1", 2), tokens(name="John Smith"), "r1")
    assert a.cluster_id != b.cluster_id


def test_a_subject_linking_two_clusters_merges_them() -> None:
    store = InMemorySubjectStore()
    a = match_subject(store, ("r1", 1), tokens(name="Jon Smyth", collar_number="1234AB"), "r1")
    b = match_subject(store, ("r2", 1), tokens(name="J Smith", warrant_number="555555"), "r2")
    assert a.cluster_id != b.cluster_id
    c = match_subject(
        store,
        ("r3", 1),
        tokens(name="John Smith", collar_number="1234AB", warrant_number="555555"),
        "r3",
    )
    assert store.cluster_of(("r1", 1)) == store.cluster_of(("r2", 1)) == c.cluster_id


def test_a_subject_with_nothing_usable_gets_its_own_cluster() -> None:
    store = InMemorySubjectStore()
    a = match_subject(store, ("r1", 1), tokens(), "r1")
    b = match_subject(store, ("r2", 1), tokens(), "r2")
    assert a.cluster_id != b.cluster_id


def test_the_store_finds_candidates_only_through_linkable_tokens() -> None:
    store = InMemorySubjectStore()
    store.add(("r1", 1), tokens(unit="TSG"), "c1")
    assert list(store.candidates(tokens(unit="TSG"))) == []


def test_store_counts_every_kind_of_token() -> None:
    store = InMemorySubjectStore()
    store.add(("r1", 1), tokens(name="John Smith", unit="TSG"), "c1")
    store.add(("r2", 1), tokens(name="Jane Smyth"), "c2")
    (sound,) = [t for t in tokens(name="Smith") if t[0] == "sound"]
    (unit,) = [t for t in tokens(unit="TSG") if t[0] == "unit"]
    assert store.count(sound) == 2  # Smith and Smyth sound alike
    assert store.count(unit) == 1
    assert store.count(("name", "0" * 64)) == 0


def _fill(store: InMemorySubjectStore, names: list[str], prefix: str = "x") -> None:
    for i, name in enumerate(names):
        store.add((f"{prefix}{i}", 1), tokens(name=name), f"{prefix}c{i}")


GIVEN = [
    "Adam",
    "Ben",
    "Carl",
    "Dean",
    "Eric",
    "Fred",
    "Gary",
    "Hugh",
    "Ivan",
    "Kyle",
    "Liam",
    "Mark",
    "Neil",
    "Owen",
    "Paul",
    "Ross",
    "Sean",
    "Tony",
    "Wayne",
    "Yusuf",
]


def test_a_rare_surname_with_an_initial_links_but_a_common_one_does_not() -> None:
    store = InMemorySubjectStore()
    _fill(store, [f"{g} Smith" for g in GIVEN])  # twenty earlier Smiths: a common surname
    ids = new_ids()
    rare = match_subject(
        store, ("r1", 1), tokens(name="PC Michelle Babatunde"), "r1", new_cluster_id=ids
    )
    again = match_subject(
        store, ("r2", 1), tokens(name="M Babatunde", rank="Constable"), "r2", new_cluster_id=ids
    )
    assert again.cluster_id == rare.cluster_id
    assert "few earlier reports" in again.links[0][1].reason
    common = match_subject(store, ("r3", 1), tokens(name="Julian Smith"), "r3", new_cluster_id=ids)
    vague = match_subject(store, ("r4", 1), tokens(name="J Smith"), "r4", new_cluster_id=ids)
    assert vague.cluster_id != common.cluster_id


def test_a_common_surname_needs_a_unit_or_number_to_link() -> None:
    store = InMemorySubjectStore()
    _fill(store, [f"{g} Smith" for g in GIVEN])
    first = match_subject(store, ("r1", 1), tokens(name="PC Julian Smith", unit="CW BCU"), "r1")
    assert not decide(tokens(name="J Smith"), store.tokens_of(("r1", 1)), surname_count=21).linked
    placed = match_subject(store, ("r3", 1), tokens(name="PC J Smith", unit="Central West"), "r3")
    assert placed.cluster_id == first.cluster_id


def test_a_vague_mention_between_two_people_joins_neither_and_chains_nothing() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    john = match_subject(
        store,
        ("r1", 1),
        tokens(name="John Okafor", collar_number="1234CW"),
        "r1",
        new_cluster_id=ids,
    )
    james = match_subject(
        store,
        ("r2", 1),
        tokens(name="James Okafor", collar_number="5678SE"),
        "r2",
        new_cluster_id=ids,
    )
    vague = match_subject(store, ("r3", 1), tokens(name="J Okafor"), "r3", new_cluster_id=ids)
    assert vague.cluster_id not in {john.cluster_id, james.cluster_id}
    assert store.cluster_of(("r1", 1)) != store.cluster_of(("r2", 1))


def test_a_cluster_is_judged_by_all_its_members_not_the_best_one() -> None:
    store = InMemorySubjectStore()
    # One cluster already holds J Okafor and John Okafor (1234CW).
    store.add(("r1", 1), tokens(name="J Okafor"), "c1")
    store.add(("r2", 1), tokens(name="John Okafor", collar_number="1234CW"), "c1")
    # James Okafor agrees with "J Okafor" but not with John: he must not chain on.
    james = match_subject(store, ("r3", 1), tokens(name="James Okafor"), "r3")
    assert james.cluster_id != "c1"


def test_namesakes_with_different_numbers_stay_apart_and_a_bare_name_joins_neither() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    cw = match_subject(
        store,
        ("r1", 1),
        tokens(name="Mark Patel", collar_number="4411CW"),
        "r1",
        new_cluster_id=ids,
    )
    se = match_subject(
        store, ("r2", 1), tokens(name="Mark Patel", collar_number="872SE"), "r2", new_cluster_id=ids
    )
    assert cw.cluster_id != se.cluster_id
    bare = match_subject(store, ("r3", 1), tokens(name="Mark Patel"), "r3", new_cluster_id=ids)
    assert bare.cluster_id not in {cw.cluster_id, se.cluster_id}
    placed = match_subject(
        store,
        ("r4", 1),
        tokens(name="Mark Patel", collar_number="PC 4411 cw"),
        "r4",
        new_cluster_id=ids,
    )
    assert placed.cluster_id == cw.cluster_id


def test_swapped_digits_link_in_the_store_only_with_the_name() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    first = match_subject(
        store,
        ("r1", 1),
        tokens(name="Tariq Abbott", collar_number="2134CW"),
        "r1",
        new_cluster_id=ids,
    )
    named = match_subject(
        store, ("r2", 1), tokens(name="T Abbott", collar_number="1234 cw"), "r2", new_cluster_id=ids
    )
    assert named.cluster_id == first.cluster_id
    bare = match_subject(store, ("r3", 1), tokens(collar_number="1324CW"), "r3", new_cluster_id=ids)
    assert bare.cluster_id != first.cluster_id


def test_bare_digits_need_support_because_other_boroughs_reuse_them() -> None:
    # "629" in Central East and "629NA" (North Area letters) are two shoulder numbers.
    decision = decide(
        tokens(collar_number="629na", rank="PC"),
        tokens(name="Joanne Williams", collar_number="629", unit="CE"),
    )
    assert not decision.linked
    same_borough = decide(
        tokens(collar_number="629 ce", rank="PC"),
        tokens(name="Joanne Williams", collar_number="629", unit="CE"),
    )
    assert same_borough.linked


def test_unit_aliases_agree_and_borough_letters_count_as_a_unit() -> None:
    kinds = subject_keys(SubjectInput(collar_number="1234CW"))
    assert ("unit", "central west bcu") in kinds
    decision = decide(
        tokens(name="J Smyth", unit="Westminster"),
        tokens(name="John Smith", collar_number="4321 cw"),
    )
    assert "unit" in decision.agreeing


def test_a_surname_first_name_without_case_matches_either_order() -> None:
    decision = decide(
        tokens(name="GILL ALEXANDER", unit="Newham"),
        tokens(name="Inspector Alexander Gill", unit="NE BCU"),
    )
    assert decision.linked
    assert "same name" in decision.reason


def test_a_written_initial_agrees_with_a_name_whose_canonical_form_differs() -> None:
    decision = decide(
        tokens(name="pc K Buckley", unit="SW"),
        tokens(name="Krzysztof Buckley", unit="South West BCU"),
    )
    assert "initial" in decision.agreeing
    assert decision.linked


def test_a_short_first_name_one_typo_apart_still_agrees() -> None:
    decision = decide(tokens(name="SMITH, RYN"), tokens(name="Ryan Smith"))
    assert "name_fuzzy" in decision.agreeing


def test_a_different_first_name_is_not_a_typo() -> None:
    decision = decide(tokens(name="Paul Okafor"), tokens(name="Peter Okafor"))
    assert not decision.linked
    assert "different first names" in decision.reason


def test_one_members_typo_does_not_veto_a_cluster() -> None:
    store = InMemorySubjectStore()
    for i in range(4):
        store.add((f"r{i}", 1), tokens(name="Claire Okafor", collar_number="1327CN"), "c1")
    store.add(("r9", 1), tokens(name="C. Okafro", collar_number="1327cn"), "c1")
    result = match_subject(store, ("r10", 1), tokens(name="Okfaor", collar_number="1327 cn"), "r10")
    assert result.cluster_id == "c1"


def test_a_typo_in_a_written_nickname_still_agrees() -> None:
    # "Liam" is William's nickname in the data file, and "Lim" is one letter from what was
    # written, not from the canonical William.
    decision = decide(
        tokens(name="GREGOYR Liam", unit="VCTF"),
        tokens(name="Constable Lim Gregory", unit="Violent Crime Taskforce"),
    )
    assert "name_fuzzy" in decision.agreeing
    assert "different first names" not in decision.reason
    assert decision.linked


def test_one_officer_written_badly_twice_is_not_taken_for_two_people() -> None:
    # Fleeming and Fueming share no spelling variant, but the same shoulder number in the same
    # unit with the same first name is one officer: a third report joins both and merges them.
    store = InMemorySubjectStore()
    ids = new_ids()
    a = match_subject(
        store,
        ("r1", 1),
        tokens(name="Usman Fleeming", collar_number="9179", unit="Sapphire"),
        "r1",
        new_cluster_id=ids,
    )
    b = match_subject(
        store,
        ("r2", 1),
        tokens(name="pc osman fueming", collar_number="PC 9179", unit="CAIT"),
        "r2",
        new_cluster_id=ids,
    )
    c = match_subject(
        store,
        ("r3", 1),
        tokens(
            name="Usman Fleming", collar_number="CA-9179", unit="Child Abuse and Sexual Offences"
        ),
        "r3",
        new_cluster_id=ids,
    )
    assert store.cluster_of(("r1", 1)) == store.cluster_of(("r3", 1)) == c.cluster_id
    assert a.cluster_id != b.cluster_id  # apart until the third report joined them
    assert store.cluster_of(("r2", 1)) == c.cluster_id


def test_a_different_surname_with_a_different_shoulder_number_is_still_two_people() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    a = match_subject(
        store,
        ("r1", 1),
        tokens(name="Usman Fleming", collar_number="9179CA"),
        "r1",
        new_cluster_id=ids,
    )
    b = match_subject(
        store,
        ("r2", 1),
        tokens(name="Usman Okafor", collar_number="9178CA"),
        "r2",
        new_cluster_id=ids,
    )
    assert a.cluster_id != b.cluster_id


def test_a_common_token_gathers_no_candidates_but_a_shoulder_number_still_links() -> None:
    store = InMemorySubjectStore()
    # More earlier Smiths than the cap: their surname's tokens are too common to gather through.
    _fill(store, [f"{GIVEN[i % len(GIVEN)]} Smith" for i in range(COMMON_TOKEN_LIMIT + 5)])
    store.add(("r1", 1), tokens(name="Julian Smith", collar_number="1234AB"), "c1")
    found = set(store.candidates({t for t in tokens(name="Smith") if t[0] == "surname_fuzzy"}))
    assert found == set()
    smyth = SubjectInput(name="PC J Smyth", collar_number="pc 1234 ab")
    result = match_subject(
        store, ("r2", 1), tokenise(subject_keys(smyth), SECRET), "r2", labels=labels(smyth)
    )
    assert result.cluster_id == "c1"
    assert "same shoulder number 1234AB" in result.links[0][1].reason


def test_an_officer_named_more_often_than_the_cap_is_still_found_by_number() -> None:
    store = InMemorySubjectStore()
    for i in range(COMMON_TOKEN_LIMIT + 5):
        store.add((f"r{i}", 1), tokens(name="Dean Okafor", collar_number="1327CN"), "c1")
    result = match_subject(store, ("new", 1), tokens(collar_number="1327 cn"), "new")
    assert result.cluster_id == "c1"
    assert len(result.links) == COMMON_TOKEN_LIMIT  # bounded, however many reports name him


def test_counts_stop_at_their_limit() -> None:
    store = InMemorySubjectStore()
    _fill(store, [f"{g} Smith" for g in GIVEN])
    (sound,) = [t for t in tokens(name="Smith") if t[0] == "sound"]
    assert store.count(sound) == len(GIVEN)
    assert store.count(sound, 5) == 5


def test_agreeing_on_a_rare_grade_counts_for_more_than_on_a_common_one() -> None:
    def weigh(rank: str) -> LinkDecision:
        new = SubjectInput(name="H. Moore", rank=rank)
        return decide(
            tokenise(subject_keys(new), SECRET),
            tokens(name="moore, hassan", rank=rank),
            labels(new),
            surname_count=3,
        )

    inspectors = weigh("Insp.")
    assert inspectors.linked
    assert "same rank (inspector)" in inspectors.reason
    assert not weigh("PC").linked  # most officers are constables


def test_a_namesake_named_in_many_reports_counts_as_one_other_person() -> None:
    # Without the numbers, "S Quellington" is Sarah (named three times) unless Tom, the only
    # other Quellington, is a better fit: Tom's five reports are one namesake, not five.
    store = InMemorySubjectStore()
    ids = new_ids()
    for i in range(5):
        match_subject(
            store,
            (f"t{i}", 1),
            tokens(name="Tom Quellington", collar_number="5678NE"),
            f"t{i}",
            new_cluster_id=ids,
        )
    sarah = [
        match_subject(
            store,
            (f"s{i}", 1),
            tokens(name="Sarah Quellington", collar_number="1234CW"),
            f"s{i}",
            new_cluster_id=ids,
        ).cluster_id
        for i in range(3)
    ]
    assert len(set(sarah)) == 1
    vague = match_subject(
        store, ("new", 1), tokens(name="S Quellington"), "new", new_cluster_id=ids
    )
    assert vague.cluster_id == sarah[0]
    assert store.cluster_of(("t0", 1)) != sarah[0]


def test_an_earlier_vague_mention_joins_once_its_person_is_named_often() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    vague = match_subject(store, ("r1", 1), tokens(name="L. Kingsmouth"), "r1", new_cluster_id=ids)
    full = {"name": "Liam Kingsmouth", "collar_number": "9871NE"}
    first = match_subject(store, ("r2", 1), tokens(**full), "r2", new_cluster_id=ids)
    assert first.cluster_id != vague.cluster_id  # a surname and an initial: not quite enough
    match_subject(store, ("r3", 1), tokens(**full), "r3", new_cluster_id=ids)
    assert store.cluster_of(("r1", 1)) != store.cluster_of(("r2", 1))  # twice: still not
    match_subject(store, ("r4", 1), tokens(**full), "r4", new_cluster_id=ids)
    # Named three times by number, Liam Kingsmouth is now far likelier to be the one the first
    # reporter meant than anyone not yet named.
    assert store.cluster_of(("r1", 1)) == store.cluster_of(("r2", 1))


def test_an_earlier_vague_mention_stays_apart_when_it_contradicts_the_person() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    match_subject(
        store, ("r1", 1), tokens(name="L. Kingsmouth", unit="TSG"), "r1", new_cluster_id=ids
    )
    full = {"name": "Liam Kingsmouth", "collar_number": "9871NE", "unit": "NE BCU"}
    for n in range(2, 8):
        match_subject(store, (f"r{n}", 1), tokens(**full), f"r{n}", new_cluster_id=ids)
    assert store.cluster_of(("r1", 1)) != store.cluster_of(("r2", 1))


def test_a_likely_but_unproven_person_is_offered_as_a_possible_match() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    numbered = match_subject(
        store,
        ("r1", 1),
        tokens(name="Liam Kingsmouth", collar_number="9871NE"),
        "r1",
        new_cluster_id=ids,
    )
    assert numbered.possible is None  # nobody earlier at all
    bare = SubjectInput(name="PC Liam Kingsmouth")
    result = match_subject(
        store,
        ("r2", 1),
        tokenise(subject_keys(bare), SECRET),
        "r2",
        labels=labels(bare),
        new_cluster_id=ids,
    )
    assert result.cluster_id != numbered.cluster_id and not result.links
    assert result.possible is not None
    ref, decision = result.possible
    assert ref == ("r1", 1) and 0.3 <= decision.strength < 0.9 and not decision.linked
    assert decision.reason == (
        "same name (Liam Kingsmouth): not enough to be sure it is the same person"
    )
    # A link leaves nothing to judge, and neither does a name shared by many.
    linked = match_subject(
        store,
        ("r3", 1),
        tokens(name="L Kingsmouth", collar_number="9871 ne"),
        "r3",
        new_cluster_id=ids,
    )
    assert linked.links and linked.possible is None
    _fill(store, [f"{g} Smith" for g in GIVEN])
    assert match_subject(store, ("r4", 1), tokens(name="J Smith"), "r4").possible is None


def test_subjects_judged_apart_are_never_joined() -> None:
    store = InMemorySubjectStore()
    ids = new_ids()
    numbered = {"name": "Liam Kingsmouth", "collar_number": "9871NE"}
    match_subject(store, ("r1", 1), tokens(**numbered), "r1", new_cluster_id=ids)
    match_subject(store, ("r2", 1), tokens(name="L. Kingsmouth"), "r2", new_cluster_id=ids)
    store.judge_apart(("r2", 1), ("r1", 1))  # a caseworker read both: different people
    for n in range(3, 7):
        match_subject(store, (f"r{n}", 1), tokens(**numbered), f"r{n}", new_cluster_id=ids)
    assert store.cluster_of(("r2", 1)) != store.cluster_of(("r1", 1))
    assert store.judged_apart(store.cluster_of(("r1", 1)), store.cluster_of(("r2", 1)))


def test_an_area_read_from_a_shoulder_numbers_letters_is_said_to_come_from_them() -> None:
    # No unit written: SW on the shoulder number names South West BCU, which the earlier
    # report gave as its unit. The reason must not claim a unit the reporter never wrote.
    new = SubjectInput(name="Jason Hoque", collar_number="5687SW")
    decision = decide(
        tokenise(subject_keys(new), SECRET),
        tokens(name="Jayson Hoque", collar_number="5687SW", unit="South West BCU"),
        labels(new),
    )
    assert decision.linked
    assert "same shoulder number 5687SW" in decision.reason
    assert "same area (from the shoulder number's letters SW)" in decision.reason
    assert "same unit or area" not in decision.reason


def test_a_written_unit_and_a_shoulder_numbers_area_are_both_named_when_either_may_agree() -> None:
    new = SubjectInput(name="Jason Hoque", collar_number="5687SW", unit="Brixton response")
    decision = decide(
        tokenise(subject_keys(new), SECRET),
        tokens(name="Jayson Hoque", collar_number="5687SW", unit="South West BCU"),
        labels(new),
    )
    assert decision.linked
    said = "same unit or area (Brixton response, or the shoulder number's letters SW)"
    assert said in decision.reason
