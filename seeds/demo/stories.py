"""The planted stories of the demo: the patterns a newcomer should find when they open Candour.

- an escalating predatory pattern: one officer, from sexist remarks to touching a probationer
  he tutored to using police systems to pursue victims of crime, across two units over two years;
- a bullying cluster around an inspector in one unit, with retaliation against a reporter;
- smaller repeat-subject clusters (racism, a staff member's transphobia, domestic abuse);
- go-together reports: one released by a later matching report, one still waiting.

Every person here is invented, and each report writes them the messy way reporters do. Each
planted report carries a script, so every stage, outcome forum and IOPC decision appears however
few background reports there are.

Longer than 400 lines because each story is its reports' text, kept together so a story reads
from beginning to end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Script:
    """How a planted case ends up; anything left ``None`` is drawn like a background case."""

    stage: str
    decision: str | None = None  # triage.casework.vocabulary.CASE_DECISIONS
    outcome: str | None = None  # triage.casework.vocabulary.OUTCOMES
    subject_type: str | None = None
    ethnicity: str | None = None
    warning: str | None = None  # an officer's warning in force when the severity is assessed
    # A lead's decision on any IOPC flags: "confirmed", "rejected", "pending" (left for a
    # lead to decide) or None (decided as for a background case).
    iopc: str | None = None
    retaliation: bool = False  # the reporter later says they face retaliation
    conflict: bool = False  # the caseworker declares a conflict of interest; a lead reassigns


@dataclass
class DemoReport:
    """One report to submit: a record in the JSON-lines shape of issue 4, and how to work it."""

    record: dict[str, Any]
    received: date
    together: bool = False
    story: str = ""
    script: Script | None = None


def _report(
    today: date,
    days_ago: int,
    story: str,
    categories: list[str],
    affected: list[str],
    narrative: str,
    subjects: list[dict[str, str]],
    script: Script | None,
    *,
    together: bool = False,
) -> DemoReport:
    received = today - timedelta(days=days_ago)
    incident = received - timedelta(days=7 + days_ago % 40)
    record = {
        "id": f"{story}-{days_ago}",
        "categories": categories,
        "incident_date": incident.isoformat()[:7],
        "received_date": received.isoformat(),
        "subjects": subjects,
        "affected": affected,
        "narrative": narrative,
    }
    return DemoReport(record, received, together, story, script)


def _predatory(today: date) -> list[DemoReport]:
    story = "predatory"
    return [
        _report(
            today,
            790,
            story,
            ["sexism_misogyny"],
            ["junior_colleague"],
            "He makes comments about the bodies of female probationers in briefings and "
            "tells sexual jokes in the van.",
            [
                {
                    "name": "PC Darren Kettleborough",
                    "collar_number": "4471CW",
                    "rank": "PC",
                    "unit": "CW BCU",
                }
            ],
            Script("closed", "no_case", "rprp", "officer", "white"),
        ),
        _report(
            today,
            610,
            story,
            ["sexism_misogyny"],
            ["colleague"],
            "Sexist remarks about my appearance whenever I am crewed with him, and jokes "
            "about women not being up to the job.",
            [{"name": "kettleborough, daz", "unit": "Central West"}],
            Script("closed", "case_misconduct", "meeting_written_warning", "officer", "white"),
        ),
        _report(
            today,
            420,
            story,
            ["sexual_misconduct"],
            ["junior_colleague"],
            "He put his hand on my leg in the car and tried to kiss me after a late shift. "
            "I was still a probationer and he was my tutor.",
            [
                {
                    "name": "Darren Kettlebrough",
                    "collar_number": "pc 4471 cw",
                    "warrant_number": "MPS 208814",
                    "unit": "Central West BCU",
                }
            ],
            Script(
                "outcome",
                "case_gross_misconduct",
                "hearing_final_written_warning",
                "officer",
                "white",
            ),
        ),
        _report(
            today,
            200,
            story,
            ["abuse_of_position", "sexual_misconduct"],
            ["victim_of_crime"],
            "After attending her burglary he looked up her address on PNC and messaged the "
            "victim on Instagram asking her out. She says he later turned up at her home.",
            [
                {
                    "name": "Sgt D Kettleborough",
                    "collar_number": "212NA",
                    "warrant_number": "208814",
                    "rank": "PS",
                    "unit": "North Area BCU",
                }
            ],
            # The hearing's final written warning above was in force when this was assessed.
            Script(
                "assessing",
                subject_type="officer",
                ethnicity="white",
                iopc="confirmed",
                warning="final_written_warning",
            ),
        ),
        _report(
            today,
            4,
            story,
            ["abuse_of_position", "sexual_misconduct"],
            ["victim_of_crime"],
            "He offered to help with her case in exchange for a date and got her number "
            "from the crime report. She is frightened of him.",
            [{"name": "DS Darren Kettleborough", "collar_number": "212 NA", "unit": "NA"}],
            Script("received"),
        ),
    ]


def _bullying(today: date) -> list[DemoReport]:
    story = "bullying"

    def insp(name: str, unit: str) -> list[dict[str, str]]:
        return [{"name": name, "rank": "Insp", "unit": unit}]

    return [
        _report(
            today,
            560,
            story,
            ["bullying"],
            ["reporter"],
            "She shouts at me in front of the team and calls me useless.",
            insp("Insp Gail Haverstock", "TSG"),
            Script("closed", "no_case", "no_further_action", "officer", "white"),
        ),
        _report(
            today,
            470,
            story,
            ["bullying"],
            ["junior_colleague"],
            "She keeps leaving probationers off the overtime rota and blanks them in briefings.",
            insp("Inspector Haverstock", "Territorial Support Group"),
            Script("closed", "no_case", "rprp", "officer", "white"),
        ),
        _report(
            today,
            380,
            story,
            ["bullying", "retaliation"],
            ["reporter"],
            "After I raised a grievance she moved me to nights and removed me from the team chat.",
            insp("HAVERSTOCK Gail", "TSG"),
            Script("closed", "case_misconduct", "meeting_written_warning", "officer", "white"),
        ),
        _report(
            today,
            300,
            story,
            ["bullying"],
            ["colleague"],
            "Constant belittling of my work in front of the whole serial.",
            insp("G. Haverstok", "tsg"),
            Script(
                "outcome", "case_misconduct", "meeting_final_written_warning", "officer", "white"
            ),
        ),
        _report(
            today,
            210,
            story,
            ["bullying"],
            ["reporter"],
            "She said she would make my life hell if I complained to the chief inspector.",
            insp("insp haverstock", "the TSG"),
            Script("assessing", subject_type="officer", ethnicity="white", retaliation=True),
        ),
        _report(
            today,
            120,
            story,
            ["retaliation"],
            ["reporter"],
            "Since I spoke up I have been given every dead-end job and my leave requests "
            "are refused.",
            insp("Gail Haverstock", "T.S.G."),
            Script("assessing", subject_type="officer", conflict=True),
        ),
        _report(
            today,
            45,
            story,
            ["bullying"],
            ["junior_colleague"],
            "She mocks probationers in front of the public and calls them slow.",
            insp("Insp. Gail Haverstock", "TSG"),
            Script("acknowledged"),
        ),
        _report(
            today,
            12,
            story,
            ["bullying"],
            ["reporter"],
            "Shouted at me again in the yard in front of the new starters.",
            insp("Haverstock, Gail", "Territorial Support Group"),
            Script("acknowledged"),
        ),
    ]


def _smaller_clusters(today: date) -> list[DemoReport]:
    racism = [{"name": "PC Craig Ollerenshaw", "collar_number": "3390EA", "unit": "East Area"}]
    return [
        _report(
            today,
            900,
            "racism",
            ["racism"],
            ["colleague"],
            "He uses racist slurs about colleagues in the canteen.",
            racism,
            Script(
                "closed",
                "case_misconduct",
                "meeting_written_warning",
                "officer",
                "white",
                iopc="rejected",
            ),
        ),
        _report(
            today,
            640,
            "racism",
            ["racism"],
            ["member_of_public"],
            "Racist comments about a man we had stopped, said to his face.",
            [{"name": "Craig Ollerinshaw", "collar_number": "3390 EA", "unit": "EA BCU"}],
            Script(
                "closed",
                "case_gross_misconduct",
                "hearing_final_written_warning",
                "officer",
                "white",
                iopc="confirmed",
            ),
        ),
        _report(
            today,
            95,
            "racism",
            ["racism", "retaliation"],
            ["reporter"],
            "Racist jokes aimed at me on every shift. After I challenged him he threatened "
            "to ruin my career.",
            [{"name": "pc ollerenshaw", "collar_number": "EA-3390"}],
            Script(
                "assessing",
                subject_type="officer",
                ethnicity="white",
                iopc="pending",
                retaliation=True,
            ),
        ),
        _report(
            today,
            330,
            "transphobia",
            ["transphobia"],
            ["colleague"],
            "She deliberately misgenders a colleague and makes jokes about her in custody.",
            [{"name": "Paula Fenwright", "rank": "Detention officer", "unit": "Central South"}],
            Script("closed", "case_misconduct", "staff_first_written_warning", "staff", "mixed"),
        ),
        _report(
            today,
            150,
            "transphobia",
            ["homophobia", "other_discrimination"],
            ["colleague", "reporter"],
            "Homophobic remarks about me and a colleague to detained people.",
            [{"name": "P Fenwright", "rank": "DDO", "unit": "AS BCU"}],
            Script("outcome", "case_misconduct", "staff_final_written_warning", "staff", "mixed"),
        ),
        _report(
            today,
            700,
            "domestic",
            ["domestic_abuse"],
            ["reporter"],
            "My partner, an officer, hit me and checks my phone.",
            [{"name": "PC Lewis Brackenbury", "collar_number": "515NW", "unit": "Brent"}],
            Script(
                "closed",
                "case_gross_misconduct",
                "hearing_final_written_warning",
                "officer",
                "black",
                iopc="confirmed",
            ),
        ),
        _report(
            today,
            260,
            "domestic",
            ["domestic_abuse"],
            ["member_of_public"],
            "He pushed her against the door and shoved her again when she tried to leave.",
            [{"name": "Lewis Brackenbury", "collar_number": "515 nw", "unit": "NW BCU"}],
            Script("assessing", subject_type="officer", ethnicity="black", iopc="confirmed"),
        ),
        # Only a rank and a surname: too little to link, so it waits as a possible match for a
        # caseworker, who can read both reports, to judge.
        _report(
            today,
            30,
            "possible",
            ["domestic_abuse"],
            ["member_of_public"],
            "A neighbour saw an officer shouting at his partner in the street and grabbing "
            "her arm.",
            [{"name": "PC Brackenbury"}],
            Script("received"),
        ),
    ]


def _go_together(today: date) -> list[DemoReport]:
    return [
        # Held until the next report names the same sergeant, eighty days later.
        _report(
            today,
            330,
            "together",
            ["sexual_misconduct"],
            ["colleague"],
            "He sent me an explicit photo after a shift and keeps messaging me.",
            [{"name": "PS Nathan Quillfeather", "collar_number": "88CN", "unit": "Camden"}],
            Script("assessing", subject_type="officer", ethnicity="asian"),
            together=True,
        ),
        _report(
            today,
            250,
            "together",
            ["sexual_misconduct", "sexism_misogyny"],
            ["colleague"],
            "Comments about my body on every shift and he brushed against me in the custody suite.",
            [{"name": "Nathan Quilfeather", "collar_number": "88 CN", "unit": "Central North"}],
            Script(
                "outcome",
                "case_misconduct",
                "meeting_final_written_warning",
                "officer",
                "asian",
                iopc="rejected",
            ),
        ),
        # Nobody else has named this constable: the report waits, unseen by the team.
        _report(
            today,
            60,
            "waiting",
            ["other_discrimination"],
            ["colleague"],
            "He mocks a colleague's stammer in briefings and imitates him on the radio.",
            [{"name": "PC Alfie Drummond-Yates", "unit": "Dog Support Unit"}],
            Script("received"),
            together=True,
        ),
        _report(
            today,
            150,
            "other",
            ["other"],
            ["member_of_public"],
            "He was rude to a woman at the front counter and refused to take her report.",
            [],
            Script("closed", "no_case", "no_further_action", "officer", "not_stated"),
        ),
    ]


def planted_reports(today: date) -> list[DemoReport]:
    return _predatory(today) + _bullying(today) + _smaller_clusters(today) + _go_together(today)


# Kinds of report the synthetic generator seldom writes, so every category has enough cases over
# three years to show in the oversight figures: (categories, affected, narrative, person).
_VARIETY: list[tuple[list[str], list[str], str, dict[str, str]]] = [
    (
        ["transphobia"],
        ["colleague"],
        "She refuses to use a trans colleague's name and jokes about her in the locker room.",
        {"name": "PS Hollis Agutter", "unit": "Central North"},
    ),
    (
        ["transphobia"],
        ["member_of_public"],
        "He called a trans woman in custody 'it' and laughed about it with the jailer.",
        {"name": "pc renwick-gault", "collar_number": "2231 ne", "unit": "Newham"},
    ),
    (
        ["abuse_of_position"],
        ["member_of_public"],
        "He ran a PNC check on his ex-partner's new boyfriend and then turned up at his work.",
        {"name": "Marcus Feltham-Oyo", "collar_number": "719CE", "unit": "CE BCU"},
    ),
    (
        ["transphobia", "bullying"],
        ["reporter"],
        "Transphobic comments about me in briefings and he tells new starters to avoid me.",
        {"name": "Sgt Idris Vantongeren", "rank": "PS", "unit": "Roads and Transport"},
    ),
    (
        ["abuse_of_position"],
        ["victim_of_crime"],
        "He gave his personal number to the victim after her burglary and texts her late at night.",
        {"name": "DC Rhodri Penhaligon", "unit": "East Area"},
    ),
    (
        ["transphobia"],
        ["colleague"],
        "Keeps asking a trans colleague intrusive questions in front of the whole team.",
        {"name": "Bryony Castellane", "rank": "PCSO", "unit": "Brent"},
    ),
    (
        ["abuse_of_position", "other"],
        ["member_of_public"],
        "He let a friend off a driving offence and looked up the other driver on CRIS.",
        {"name": "PC T. Wolstenholme", "collar_number": "4802NW", "unit": "NW"},
    ),
    (
        ["abuse_of_position"],
        ["member_of_public"],
        "He uses his warrant card to get into clubs for free and threatens staff who refuse.",
        {"name": "Kieran Aldous-Mbeki", "unit": "Central South"},
    ),
]


def variety_reports(today: date, count: int, rng: random.Random) -> list[DemoReport]:
    """Up to ``count`` single reports of the kinds the generator seldom writes, any time in the
    last three years; their casework is drawn like any background case."""
    made = []
    for number, (categories, affected, narrative, person) in enumerate(_VARIETY[:count]):
        days_ago = rng.randint(5, 3 * 365 - 1)
        item = _report(today, days_ago, "", categories, affected, narrative, [person], None)
        item.record["id"] = f"variety-{number}"
        made.append(item)
    return made
