"""The two-force demo's transferee: an officer reported in one force who moved to another and is
named again there, so each force's team sees a "named in another force" notice and can refer.

Every person here is invented. His new force's roster lists him with his warrant number and the
force he came from, so reporters there need give only his name: a report resolved to him on
that roster carries his warrant number (found against the first force's report that gives it)
and his name in his former force (found against the one that names him only as Dan Rourke).
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from intake.db import db
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.tenancy import force_secret, use_force
from seeds.demo.stories import DemoReport, Script, _report
from seeds.demo.team import DEMO_PASSWORD, DemoTeam
from triage.casework import crossforce
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import import_roster
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
            [{"name": "PC Daniel Rourke", "unit": "response"}],
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


def import_transferee_roster(today: date) -> None:
    """The current (second) force's roster: of the demo's people, only the transferee is on it,
    with the first force as his former force. Imported before its reports arrive."""
    first = db.session.get(Force, DEFAULT_FORCE_ID)
    assert first is not None
    entry = RosterEntry(
        name="Daniel Rourke",
        rank="PC",
        unit="Response",
        warrant_number=WARRANT,
        former_units=("Lambeth",),
        former_forces=(first.slug,),
    )
    secret = force_secret(current_app.config["CANDOUR_SECRETS"].matching_key)
    national = current_app.config["CANDOUR_NATIONAL_MATCHING_KEY"]
    import_roster(db.session, [entry], secret, today, national=national)
    db.session.commit()


def refer_transferee(first: DemoTeam, other: DemoTeam, other_force_id: int) -> tuple[int, int]:
    """The other force's lead asks the first force to share what it holds about the
    transferee, and the first force's lead accepts: what the two-force demo shows of a
    referral. Returns how many notices the other force has (one per report naming him, and any
    a namesake in the background reports brings) and the id of the first force's report
    shared."""
    with use_force(other_force_id):
        notices = list(db.session.scalars(select(CrossForceNotice)))
        # The newest of the other force's reports asks about the first force's earliest. Only
        # a notice against the first force: with three forces the third's also name him in the
        # second, whose referral the first force's lead could not answer.
        notice = max(
            (n for n in notices if n.other_force_id == DEFAULT_FORCE_ID),
            key=lambda n: (n.strength == "strong", n.id),
        )
        referral = crossforce.request_share(notice.id, other.lead)
        referral_id = referral.referral_id
    keys = dict(unlock_member(first.lead, DEMO_PASSWORD))
    decided = crossforce.decide(referral_id, first.lead, keys, accept=True)
    shared = db.session.get(CrossForceNotice, decided.notice_id)
    assert shared is not None  # the first force's own notice, which the request answered
    db.session.commit()
    return len(notices), shared.report_id
