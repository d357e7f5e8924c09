"""The demo team: a lead, two caseworkers and an oversight member, with printed sign-in details.

Members are made by the same function as ``flask team init`` uses, so passwords are hashed and the
team key wrapped with the configured (production) Argon2 and scrypt settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage import audit
from triage.models import Member
from triage.team.keys import create_recovery, create_team_key
from triage.team.members import create_member

DEMO_PASSWORD = "demo-password-123"  # noqa: S105  (demo only, printed for local use)
DEMO_DOMAIN = "candour.example"
DEMO_MEMBERS = [
    ("lead@", "Lee Lead", "lead"),
    ("casey@", "Casey Worker", "caseworker"),
    ("sam@", "Sam Worker", "caseworker"),
    ("olive@", "Olive Oversight", "oversight"),
]


def demo_emails(domain: str = DEMO_DOMAIN) -> list[str]:
    """The demo members' addresses for one force's team (each force has its own domain)."""
    return [f"{local}{domain}" for local, _, _ in DEMO_MEMBERS]


@dataclass(frozen=True)
class DemoTeam:
    lead: Member
    caseworkers: tuple[Member, Member]
    oversight: Member
    # Shown once, when the demo is seeded, as a real team's is when it is made: the commands
    # that open every report (``flask triage reread``) or add a member from the command line
    # ask for it.
    recovery: str


def create_demo_team(domain: str = DEMO_DOMAIN) -> DemoTeam:
    """The demo team of the current force, its members at ``domain``."""
    key = create_team_key()
    made = [
        create_member(f"{local}{domain}", name, role, DEMO_PASSWORD, {key.key_id: key})
        for local, name, role in DEMO_MEMBERS
    ]
    recovery = create_recovery({key.key_id: key})
    audit.record("team_created", None, detail=f"demo team; team key {key.key_id}")
    lead, casey, sam, olive = made
    return DemoTeam(lead=lead, caseworkers=(casey, sam), oversight=olive, recovery=recovery)
