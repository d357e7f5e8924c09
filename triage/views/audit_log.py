"""The lead-only audit log page: entries newest first, 50 a page, and a button that verifies the
hash chain. It only reads the log (and records that a lead verified it); it never shows report
content, because entries never hold any.
"""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from intake.db import db
from triage import audit
from triage.forms.members import VerifyAuditForm
from triage.models import AuditEntry, Member
from triage.team.sessions import current_member, roles_required
from triage.views import team

PER_PAGE = 50
ACTIONS = {
    "signed_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "account_locked": "Account locked",
    "sign_in_slowed": "Sign-in slowed after failed attempts",
    "signed_out": "Signed out",
    "signed_out_everywhere": "Signed out everywhere",
    "password_changed": "Changed password",
    "member_invited": "Invited a member",
    "invitation_accepted": "Set up their account",
    "invitation_locked": "Invitation closed after wrong codes",
    "access_restored": "Restored a member's access",
    "member_removed": "Removed a member",
    "key_rotated": "Rotated the team key",
    "key_rotation_refused": "Key rotation refused",
    "recovery_used": "Used the recovery key",
    "recovery_refused": "Wrong recovery key entered",
    "team_created": "Set up the team",
    "audit_verified": "Verified the audit log",
    "referral_decided": "Decided an IOPC referral",
    "possible_match_linked": "Judged a possible match the same person",
    "possible_match_rejected": "Judged a possible match to be different people",
}


def action_label(action: str) -> str:
    """Plain words for an action; actions recorded by other parts of Candour read as written."""
    return ACTIONS.get(action, action.replace("_", " ").capitalize())


@team.route("/audit", methods=["GET", "POST"])
@roles_required("lead")
def audit_log() -> str:
    form = VerifyAuditForm()
    verification = None
    if form.validate_on_submit():
        verification = audit.verify()
        member = current_member()
        audit.record(
            "audit_verified",
            member.id if member else None,
            detail="intact"
            if verification.broken_at is None
            else f"broken at entry {verification.broken_at}",
        )
        db.session.commit()
    total = db.session.scalar(select(func.count(AuditEntry.id))) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    entries = list(
        db.session.scalars(
            select(AuditEntry)
            .order_by(AuditEntry.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    )
    ids = {e.member_id for e in entries if e.member_id is not None}
    names = dict(db.session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())
    return render_template(
        "team/audit_log.html",
        form=form,
        entries=entries,
        names=names,
        label=action_label,
        page=page,
        pages=pages,
        total=total,
        verification=verification,
    )
