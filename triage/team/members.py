"""Creating and removing members, and giving them their copy of the team keys.

Never stores a password or TOTP code in clear, and never writes one to the audit log.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from sqlalchemy import update

from intake.db import db
from intake.sealing import TeamPrivateKey
from triage.audit import record
from triage.models import Invitation, Member
from triage.team.caseload import release
from triage.team.keys import (
    create_recovery,
    create_team_key,
    drop_member_keys,
    make_member_key,
    make_wrap,
)
from triage.team.passwords import hash_password, new_totp_secret
from triage.team.sessions import end_all_sessions


def create_member(
    email: str, name: str, role: str, password: str, team_keys: dict[int, TeamPrivateKey]
) -> Member:
    """An active member with a password, a TOTP secret and a copy of every given team key."""
    member = Member(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        totp_secret=new_totp_secret(),
        created_on=date.today(),
    )
    db.session.add(member)
    db.session.flush()
    if role != "oversight":  # oversight never reads reports, so holds no key
        for key in team_keys.values():
            member.wraps.append(make_wrap(member, key, password))
        db.session.add(make_member_key(member.id, password))
    return member


def normalise_email(email: str) -> str:
    return email.strip().lower()


_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}  # control, format, line and paragraph separators
_JOINERS = {"\u200c", "\u200d"}  # zero width non-joiner and joiner
NAME_LENGTH = 100
EMAIL_LENGTH = 254


def name_problem(name: str) -> str | None:
    """What is wrong with a member's name as typed, in words for the lead; None if nothing."""
    if not name.strip():
        return "Enter their name"
    if len(name) > NAME_LENGTH:
        return f"Full name must be {NAME_LENGTH} characters or fewer"
    # Control and format characters are invisible or change how the name is shown (a
    # right-to-left override turns "evil" into "live"), so a name could pass for another.
    # The joiners some scripts need to write a name correctly stay allowed.
    if any(unicodedata.category(ch) in _HIDDEN and ch not in _JOINERS for ch in name):
        return (
            "Full name must not include hidden characters, like those that change the "
            "direction of text"
        )
    return None


def email_problem(email: str) -> str | None:
    """What is wrong with a member's email address as typed; None if nothing."""
    email = email.strip()
    if not email:
        return "Enter their email address"
    if len(email) > EMAIL_LENGTH:
        return f"Email address must be {EMAIL_LENGTH} characters or fewer"
    local, _, domain = email.partition("@")
    if not local or "." not in domain or any(ch.isspace() for ch in email):
        return "Enter an email address in the correct format, like name@example.org"
    return None


def status(member: Member) -> str:
    """How a member stands, in words for the members page."""
    if not member.active:
        return "Removed"
    if member.totp_secret is None:
        return "Invited"
    return "Active"


def remove_member(member: Member, by: Member | None) -> None:
    """Deactivate ``member`` at once: their key copies, sessions and open invitations go, and the
    cases they held go back to the leads for reassignment."""
    member.active = False
    release(member)
    drop_member_keys(member)
    end_all_sessions(member.id)
    db.session.execute(
        update(Invitation)
        .where(Invitation.member_id == member.id, Invitation.used.is_(False))
        .values(used=True, wrapped_keys=None)  # nor the keys an unused link carried
    )
    record(
        "member_removed",
        by.id if by else None,
        detail=f"{member.name} ({member.role}, member {member.id}) removed",
    )


def create_team(email: str, name: str, password: str) -> tuple[int, Member, str]:
    """The current force's team: its key pair, its first lead (holding that key) and a recovery
    key, audited. Returns the key's id, the lead and the recovery key (shown once, never kept)."""
    key = create_team_key()
    lead = create_member(email, name, "lead", password, {key.key_id: key})
    recovery = create_recovery({key.key_id: key})
    record(
        "team_created",
        None,
        detail=f"team key {key.key_id}; first lead {lead.name} (member {lead.id})",
    )
    return key.key_id, lead, recovery
