"""Pattern risk: narrative flags, severity, cluster ranking and IOPC referral grounds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from triage.matching.iopc_grounds import iopc_referral_flags
from triage.matching.narrative import narrative_flags
from triage.matching.patterns import ReportSignals, score_cluster, severity


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("He looked up her address on PNC.", "used_police_systems"),
        ("found her number on the police database", "used_police_systems"),
        ("He messaged the victim on Instagram", "position_for_sexual_purpose"),
        ("he asked her out after taking her statement", "position_for_sexual_purpose"),
        ("offered to help with her case in exchange for a date", "position_for_sexual_purpose"),
        ("He GROPED me in the van", "physical_contact"),
        ("he hugged me and kissed my neck", "physical_contact"),
        ("kept grabbing my arm", "physical_contact"),
        ("he pinches people", "physical_contact"),
        ("he punched the prisoner", "violence"),
        ("she was choking", "violence"),
        ("always leering at us", "comments"),
        ("he has been stalking her", "following"),
        ("he touched my leg", "physical_contact"),
        ("She says he raped her", "sexual_assault"),
        ("he sexually assaulted a witness", "sexual_assault"),
        ("He punched the detainee", "violence"),
        ("said he would ruin my career", "threats"),
        ("comments about my appearance", "comments"),
        ("he turned up at her home twice", "following"),
    ],
)
def test_narrative_flags_found(text: str, flag: str) -> None:
    assert flag in narrative_flags(text)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("we kept in touch after training", "physical_contact"),
        ("he behaved like a cad", "used_police_systems"),
        ("he sexually assaulted her", "violence"),
        ("grapefruit", "sexual_assault"),
        # Names that begin with a flag's word are names, not behaviour.
        ("Hugh Hughes rips apart her files", "physical_contact"),
        ("PC Huggins and DC Kissoon shouted", "physical_contact"),
        ("Sgt Grabowski and Insp Pinchbeck", "physical_contact"),
        ("DS Kickham and PC Punchard", "violence"),
        ("PC Chokshi made me redo it", "violence"),
        ("Leeroy mocked my accent", "comments"),
        ("DC Stalker refused my leave", "following"),
    ],
)
def test_narrative_flags_not_found(text: str, flag: str) -> None:
    assert flag not in narrative_flags(text)


def report(
    rid: str,
    year: int,
    categories: set[str],
    text: str = "",
    affected: set[str] | None = None,
    unit: str | None = None,
) -> ReportSignals:
    return ReportSignals(
        report_id=rid,
        categories=frozenset(categories),
        received_date=date(year, 6, 1),
        incident_date=date(year, 5, 1),
        affected=frozenset(affected or {"colleague"}),
        narrative_flags=narrative_flags(text),
        unit_token=unit,
    )


def test_severity_ladder() -> None:
    assert severity(report("a", 2020, set())) == 0
    assert severity(report("a", 2020, {"bullying"})) == 1
    assert severity(report("a", 2020, {"sexual_misconduct"}, "he grabbed me")) == 2
    assert severity(report("a", 2020, {"abuse_of_position"})) == 3
    assert severity(report("a", 2020, {"sexual_misconduct"}, "he raped her")) == 4
    assert severity(report("a", 2020, {"domestic_abuse"})) == 4


def predatory_cluster() -> list[ReportSignals]:
    return [
        report(
            "p1",
            2017,
            {"sexism_misogyny"},
            "comments about my appearance",
            {"junior_colleague"},
            "u1",
        ),
        report("p2", 2019, {"sexual_misconduct"}, "he touched my leg", {"colleague"}, "u1"),
        report(
            "p3",
            2021,
            {"abuse_of_position"},
            "looked up her address on PNC",
            {"victim_of_crime"},
            "u2",
        ),
        report(
            "p4",
            2023,
            {"sexual_misconduct"},
            "he sexually assaulted her",
            {"member_of_public"},
            "u3",
        ),
    ]


def test_escalation_is_explained() -> None:
    risk = score_cluster(predatory_cluster())
    assert risk.predatory
    assert "severity escalated from comments or bullying to sexual assault or violence" in (
        risk.reasons
    )
    assert "named in 4 reports over 6 years" in risk.reasons
    assert "signs of using police systems to find victims" in risk.reasons
    assert "reports from 3 different units" in risk.reasons
    assert "2 reports involve members of the public or victims of crime" in risk.reasons


def test_many_bullying_reports_rank_below_a_predatory_pattern() -> None:
    bullying = [
        report(
            f"b{i}",
            2015 + i % 9,
            {"bullying", "retaliation"},
            "he shouted and said he would ruin my career",
            {"junior_colleague"},
            f"u{i % 4}",
        )
        for i in range(30)
    ]
    bully_risk = score_cluster(bullying)
    assert not bully_risk.predatory
    assert bully_risk.score < score_cluster(predatory_cluster()).score
    assert bully_risk.score < score_cluster(predatory_cluster()[:2]).score


def test_duplicate_report_ids_count_once() -> None:
    one = report("x", 2020, {"bullying"})
    assert "named in 2 reports" not in " ".join(score_cluster([one, one]).reasons)


def test_iopc_grounds() -> None:
    assert iopc_referral_flags(
        {"sexual_misconduct"}, narrative_flags("he raped her"), {"member_of_public"}
    ) == ["serious sexual offence"]
    assert "abuse of position for a sexual purpose" in iopc_referral_flags(
        {"abuse_of_position"},
        narrative_flags("messaged the victim on Facebook"),
        {"victim_of_crime"},
    )
    assert "serious assault" in iopc_referral_flags(set(), narrative_flags("he punched me"), set())
    assert "behaviour aggravated by discrimination" in iopc_referral_flags(
        {"racism"}, narrative_flags("he pushed me and threatened me"), {"colleague"}
    )


def test_no_iopc_grounds_for_rudeness() -> None:
    assert iopc_referral_flags({"bullying"}, narrative_flags("he was rude"), {"colleague"}) == []


def test_someone_named_after_the_subject_does_not_take_on_what_the_report_describes() -> None:
    bystander = [
        ReportSignals(
            report_id=f"r{i}",
            categories=frozenset({"sexual_misconduct", "abuse_of_position"}),
            received_date=date(2025, 1 + i, 1),
            affected=frozenset({"member_of_public"}),
            narrative_flags=frozenset({"sexual_assault"}),
            named_first=False,
        )
        for i in range(4)
    ]
    risk = score_cluster(bystander)
    assert not risk.predatory
    assert risk.score < 50
    assert "4 of them name this person only after someone else" in risk.reasons


def test_more_reports_of_the_same_behaviour_rank_higher() -> None:
    def cluster(n: int) -> list[ReportSignals]:
        return [
            ReportSignals(
                report_id=f"r{i}",
                categories=frozenset({"abuse_of_position"}),
                received_date=date(2025, 1, 1 + i),
                affected=frozenset({"victim_of_crime"}),
            )
            for i in range(n)
        ]

    scores = [score_cluster(cluster(n)).score for n in (2, 4, 6, 8)]
    assert scores == sorted(scores) and len(set(scores)) == 4
    assert "6 reports describe abuse of position" in score_cluster(cluster(6)).reasons


def test_reports_that_possibly_name_the_person_count_half_and_say_so() -> None:
    own = predatory_cluster()[:2]
    maybe = [report("m1", 2024, {"sexual_misconduct"}, "he groped her in the van")]
    alone, with_maybe = score_cluster(own), score_cluster(own, maybe)
    assert with_maybe.score > alone.score
    assert with_maybe.score < score_cluster([*own, *maybe]).score  # less than a certain link
    assert "1 more report possibly names this person (a possible match not yet judged)" in (
        with_maybe.reasons
    )


def test_a_possible_match_never_makes_bullying_look_predatory() -> None:
    bullying = [report(f"b{i}", 2020 + i, {"bullying"}, "he shouted at me") for i in range(2)]
    maybe = [report("m1", 2024, {"sexual_misconduct"}, "he raped her")]
    risk = score_cluster(bullying, maybe)
    assert not risk.predatory
    assert risk.score < 50


def test_the_reason_names_what_the_reports_describe_domestic_abuse_included() -> None:
    """Reports of domestic abuse count towards the sustained pattern: the reason says so, and
    names sexual behaviour or abuse of position only when a report describes it."""
    partner = [
        report(f"d{i}", 2022 + i, {"domestic_abuse"}, "he hit his partner") for i in range(3)
    ]
    reasons = score_cluster(partner).reasons
    assert "3 reports describe domestic abuse" in reasons
    assert not any("sexual behaviour" in reason for reason in reasons)
    mixed = [*partner[:2], report("s1", 2025, {"sexual_misconduct"}, "he groped her")]
    assert "3 reports describe sexual behaviour or domestic abuse" in score_cluster(mixed).reasons


def test_a_proven_outcome_and_retaliation_raise_a_conduct_pattern_without_making_it_predatory() -> (
    None
):
    bullying = [report(f"b{i}", 2020 + i, {"bullying"}, "he shouted at me") for i in range(3)]
    plain = score_cluster(bullying)
    proven = score_cluster([replace(bullying[0], proven=True), *bullying[1:]])
    retaliated = score_cluster(
        [*bullying[:2], report("r", 2022, {"retaliation"}, "he shouted at me")]
    )
    assert plain.score < proven.score < 50 and not proven.predatory
    assert "misconduct was found proven on 1 of the 3 reports" in proven.reasons
    assert plain.score < retaliated.score < 50 and not retaliated.predatory
    assert "1 report describes retaliation against someone for speaking up" in retaliated.reasons
    alone = score_cluster([replace(bullying[0], proven=True)])
    assert "misconduct was found proven on this report" in alone.reasons


def test_a_proven_outcome_is_not_counted_against_someone_named_only_in_passing() -> None:
    passing = replace(report("p", 2022, {"bullying"}), named_first=False)
    assert score_cluster([replace(passing, proven=True)]) == score_cluster([passing])
