"""The two-force demo's transferee: an officer reported in one force who moved to another and is
named again there, so each force's team sees a "named in another force" notice and can refer.

Every person here is invented. The same warrant number is what lets the two forces find him
without either reading the other's reports.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from intake.db import db
from intake.tenancy import use_force
from seeds.demo.stories import DemoReport, Script, _report
from seeds.demo.team import DEMO_PASSWORD, DemoTeam
from triage.casework import crossforce
from triage.models.crossforce import CrossForceNotice
from triage.team.keys import unlock_member

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


def refer_transferee(first: DemoTeam, other: DemoTeam, other_force_id: int) -> tuple[int, int]:
    """The other force's lead asks the first force to share what it holds about the
    transferee, and the first force's lead accepts: what the two-force demo shows of a
    referral. Returns how many notices the other force has (one per report naming him, and any
    a namesake in the background reports brings) and the id of the first force's report
    shared."""
    with use_force(other_force_id):
        notices = list(db.session.scalars(select(CrossForceNotice)))
        # The newest of the other force's reports asks about the first force's earliest.
        notice = max(notices, key=lambda n: (n.strength == "strong", n.id))
        referral = crossforce.request_share(notice.id, other.lead)
        referral_id = referral.referral_id
    keys = dict(unlock_member(first.lead, DEMO_PASSWORD))
    decided = crossforce.decide(referral_id, first.lead, keys, accept=True)
    shared = db.session.get(CrossForceNotice, decided.notice_id)
    assert shared is not None  # the first force's own notice, which the request answered
    db.session.commit()
    return len(notices), shared.report_id
