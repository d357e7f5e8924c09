"""What a lead changes about a member after they joined: their role, an open invitation, and
letting a removed member back in; and what the members pages show about each member's work
(the day they last signed in, their open cases).

Every change is audited here, in the caller's transaction (callers commit). A member's keys follow
their role: oversight holds none, so a move to oversight deletes their copies, and a move from
oversight to a case role needs a new invitation to carry the keys to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select, update

from intake.db import db
from intake.models import Report
from intake.sealing import TeamPrivateKey
from triage.audit import record
from triage.models import ROLES, AuditEntry, Invitation, Member
from triage.team import invitations
from triage.team.caseload import held_by, release
from triage.team.keys import drop_member_keys
from triage.team.sessions import end_all_sessions


def change_role(
    member: Member, role: str, keys: Mapping[int, TeamPrivateKey], by: Member
) -> str | None:
    """Give ``member`` a new role; the one-time link they need when they now read cases but hold
    no key (they were oversight), else None."""
    old = member.role
    member.role = role
    record(
        "role_changed",
        by.id,
        detail=f"{member.name}: {old} to {role} (member {member.id})",
    )
    if role == "oversight":
        # Oversight never reads reports: no key copies, and no case stays assigned to them (nor
        # a closed one whose reporter wrote since, which is work owed too).
        drop_member_keys(member)
        # A link made while they read cases (restore access) carries the team keys, sealed to
        # its token: used now it gives them none (``keys.lock_member_keys``), but the sealed
        # copy has no business staying either.
        db.session.execute(
            update(Invitation)
            .where(Invitation.member_id == member.id, Invitation.used.is_(False))
            .values(wrapped_keys=None)
        )
        release(member)
    end_all_sessions(member.id)  # the next sign-in starts with the new role's rights and keys
    if old == "oversight" and member.reads_cases:
        return invitations.restore_access(member, keys, by, how=f"; now {ROLES[role].lower()}")
    return None


def has_open_invitation(member: Member) -> bool:
    return any(invitations.is_open(i) for i in _open(member))


def _open(member: Member) -> list[Invitation]:
    query = select(Invitation).where(Invitation.member_id == member.id, Invitation.used.is_(False))
    return list(db.session.scalars(query))


def revoke_invitation(member: Member, by: Member) -> bool:
    """Stop ``member``'s open invitation working; False when there was none."""
    if not invitations.cancel_open_invitations(member.id):
        return False
    record("invitation_revoked", by.id, detail=f"for {member.name} (member {member.id})")
    return True


def reinvite(member: Member, keys: Mapping[int, TeamPrivateKey], by: Member) -> str:
    """Let a removed member back: active again, with a one-time link to set a new password and
    authenticator (and receive the team keys, if their role reads cases)."""
    member.active = True
    member.password_hash = None
    member.totp_secret = None
    return invitations.restore_access(member, keys, by, how="; removed, now invited again")


def may_have_read_cases(member: Member) -> bool:
    """Whether ``member`` could have read cases until now: their role reads them and they ever
    finished setting up an authenticator or signed in. Someone invited who never did could not
    sign in, so never saw a case (whatever key copies their unused link or unfinished set-up
    held, which they could not use)."""
    if not member.reads_cases:
        return False
    if member.totp_sealed is not None:  # tested sealed: no need to open it
        return True
    signed_in = select(AuditEntry.id).where(
        AuditEntry.action == "signed_in", AuditEntry.member_id == member.id
    )
    return db.session.scalars(signed_in.limit(1)).first() is not None


def last_sign_in_days(member_ids: list[int]) -> dict[int, date]:
    """The day each member last signed in (from the audit log): a day, never a time."""
    if not member_ids:
        return {}
    rows = db.session.execute(
        select(AuditEntry.member_id, func.max(AuditEntry.at))
        .where(AuditEntry.action == "signed_in", AuditEntry.member_id.in_(member_ids))
        .group_by(AuditEntry.member_id)
    ).all()
    return {
        member_id: at.date()
        for member_id, at in rows
        if member_id is not None and isinstance(at, datetime)
    }


def caseloads(member_ids: list[int]) -> dict[int, int]:
    """The cases assigned to each member that the queue's "Open cases" shows them: the open
    ones and the closed ones whose reporter has written since closing, not yet answered. Each is
    work the member owes, and a lead who compared this count with the queue filtered to the
    member found one more there for every such closed case."""
    if not member_ids:
        return {}
    rows = db.session.execute(
        select(Report.assignee_id, func.count(Report.id))
        .where(held_by(member_ids))
        .group_by(Report.assignee_id)
    ).all()
    return {member_id: count for member_id, count in rows if member_id is not None}
