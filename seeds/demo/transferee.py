"""The two-force demo's transferee: an officer reported in one force who moved to another and is
named again there, so each force's team sees a "named in another force" notice and can refer.

Every person here is invented. The same warrant number is what lets the two forces find him
without either reading the other's reports.
"""

from __future__ import annotations

from datetime import date

from seeds.demo.stories import DemoReport, Script, _report

WARRANT = "0417093"


def transferee_reports(today: date, first_force: bool) -> list[DemoReport]:
    """The transferee's reports in the first force (before he moved) or in the second."""
    story = "transferee"
    if first_force:
        return [
            _report(
                today,
                700,
                story,
                ["sexual_misconduct"],
                ["junior_colleague"],
                "PC Rourke kept messaging a student officer I tutor late at night and asked her "
                "to meet him alone after her shift. She is frightened to say no to him.",
                [{"name": "PC Daniel Rourke", "warrant_number": WARRANT, "unit": "Lambeth"}],
                Script("assessing", subject_type="officer"),
            ),
            _report(
                today,
                640,
                story,
                ["sexual_misconduct", "abuse_of_position"],
                ["member_of_public", "victim_of_crime"],
                "Dan Rourke took the number of a woman whose flat had been burgled from the "
                "crime report and texted her asking for a drink.",
                [{"name": "Dan Rourke", "rank": "PC", "unit": "Brixton response"}],
                Script("acknowledged", subject_type="officer"),
            ),
        ]
    return [
        _report(
            today,
            120,
            story,
            ["sexual_misconduct"],
            ["junior_colleague"],
            "The new transferee on our team, Daniel Rourke, keeps touching a probationer's back "
            "in the writing room and offers her lifts home.",
            [{"name": "PC Daniel Rourke", "warrant_number": WARRANT, "unit": "response"}],
            Script("assessing", subject_type="officer"),
        ),
        _report(
            today,
            45,
            story,
            ["sexual_misconduct", "abuse_of_position"],
            ["member_of_public"],
            "Rourke messaged a woman he stopped for speeding on Instagram the same evening.",
            [{"name": "PC Rourke", "warrant_number": WARRANT}],
            Script("received"),
        ),
    ]
