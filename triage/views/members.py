"""Lead-only pages: the team's members (invite, restore access, remove) and the team keys
(rotate). The views are thin: ``triage.team.invitations``, ``triage.team.members`` and
``triage.team.rotation``
do the writing and the auditing.

An invitation link is shown once, in the response to the request that made it, and never stored
or logged; removing a member needs a confirmation page and a POST with a CSRF token.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from intake.security import limiter
from triage.forms.members import (
    ROLE_HINTS,
    ChangeRoleForm,
    InviteForm,
    ReinviteForm,
    RemoveMemberForm,
    RestoreAccessForm,
    RevokeInvitationForm,
    RotateKeyForm,
)
from triage.models import ROLES, Member
from triage.team import invitations, membership, rotation
from triage.team.keys import holdings
from triage.team.members import remove_member
from triage.team.members import status as joined_status
from triage.team.sessions import current_member, replace_session_keys, roles_required, unlocked_keys
from triage.views import redisplay, team

_INVITE = "invite"  # the place of the invitation form (``redisplay``)
_MISSING_KEYS = (
    "Your session does not hold every team key yet. Sign out and sign in again to "
    "pick up the newest key, then try again."
)


def _lead() -> Member:
    member = current_member()
    assert member is not None  # roles_required let only signed-in leads through
    return member


def _member_or_404(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    return member


def _invitation_link(token: str) -> str:
    return url_for("team.accept_invitation", token=token, _external=True)


def status(member: Member) -> str:
    """How a member stands, with an invitation revoked or run out told apart from one open."""
    found = joined_status(member)
    if found == "Invited" and not membership.has_open_invitation(member):
        return "Invitation revoked or expired"
    return found


def _role_place(member: Member) -> str:
    return f"role/{member.id}"


def _member_page(member: Member, **extra: object) -> str:
    # "person", not "member": the team layout already names the signed-in member "member".
    refused = redisplay.refused_at(_role_place(member))
    if refused is None:
        role_form = ChangeRoleForm(formdata=None, role=member.role)
    else:  # shown with its error summary
        role_form = extra["form"] = refused.restore(ChangeRoleForm(formdata=refused.fields))
    return render_template(
        "team/member.html",
        person=member,
        status=status(member),
        roles=ROLES,
        role_hints=ROLE_HINTS,
        restore_form=RestoreAccessForm(),
        role_form=role_form,
        revoke_form=RevokeInvitationForm(),
        reinvite_form=ReinviteForm(),
        open_invitation=membership.has_open_invitation(member),
        last_sign_in=membership.last_sign_in_days([member.id]).get(member.id),
        caseload=membership.caseloads([member.id]).get(member.id, 0),
        **extra,
    )


@team.route("/members", methods=["GET", "POST"])
@roles_required("lead")
def members() -> str | BaseResponse:
    lead = _lead()
    form = InviteForm()
    if form.is_submitted():
        if form.validate():
            try:
                member, token = invitations.invite(
                    form.email.data or "",
                    form.name.data or "",
                    form.role.data or "",
                    unlocked_keys(),
                    lead,
                )
            except invitations.EmailTaken:
                db.session.rollback()
                form.email.errors = [
                    "This email address already belongs to a member, current or "
                    "removed. If a current member lost access, restore it from "
                    "their page."
                ]
            except invitations.MissingKeys:
                db.session.rollback()
                form.email.errors = [_MISSING_KEYS]
            else:
                redisplay.accepted(_INVITE)
                db.session.commit()
                # The link is shown once, in reply to this POST, and never kept.
                return _member_page(member, link=_invitation_link(token), new=True)
        return redisplay.refuse(_INVITE, form, url_for("team.members"))
    form, _ = redisplay.shown(_INVITE, InviteForm)
    everyone = list(db.session.scalars(select(Member).order_by(Member.active.desc(), Member.name)))
    ids = [m.id for m in everyone]
    return render_template(
        "team/members.html",
        form=form,
        members=everyone,
        roles=ROLES,
        role_hints=ROLE_HINTS,
        status=status,
        last_sign_in=membership.last_sign_in_days(ids),
        caseloads=membership.caseloads(ids),
    )


@team.route("/members/<int:member_id>")
@roles_required("lead")
def member(member_id: int) -> str:
    return _member_page(_member_or_404(member_id))


@team.route("/members/<int:member_id>/restore", methods=["POST"])
@roles_required("lead")
def member_restore(member_id: int) -> str | BaseResponse:
    lead, member = _lead(), _member_or_404(member_id)
    if not member.active or not RestoreAccessForm().validate_on_submit():
        return redirect(url_for("team.member", member_id=member.id))
    try:
        token = invitations.restore_access(member, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return _member_page(member, error=_MISSING_KEYS)
    db.session.commit()
    return _member_page(member, link=_invitation_link(token))


@team.post("/members/<int:member_id>/role")
@roles_required("lead")
def member_role(member_id: int) -> str | BaseResponse:
    lead, member = _lead(), _member_or_404(member_id)
    if member.id == lead.id or not member.active:
        # A lead cannot change their own role, so the team always keeps a lead who can sign in.
        return redirect(url_for("team.member", member_id=member.id))
    form = ChangeRoleForm()
    if not form.validate_on_submit():
        return redisplay.refuse(
            _role_place(member), form, url_for("team.member", member_id=member.id)
        )
    redisplay.accepted(_role_place(member))
    if form.role.data == member.role:
        db.session.commit()
        return redirect(url_for("team.member", member_id=member.id))
    try:
        token = membership.change_role(member, form.role.data, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return _member_page(member, error=_MISSING_KEYS)
    db.session.commit()
    if token is not None:
        return _member_page(member, link=_invitation_link(token))
    flash(f"{member.name} is now {ROLES[member.role].lower()}. They have been signed out.")
    return redirect(url_for("team.member", member_id=member.id))


@team.post("/members/<int:member_id>/revoke")
@roles_required("lead")
def member_revoke(member_id: int) -> BaseResponse:
    lead, member = _lead(), _member_or_404(member_id)
    if RevokeInvitationForm().validate_on_submit() and membership.revoke_invitation(member, lead):
        db.session.commit()
        flash(f"The invitation for {member.name} has been revoked: the link no longer works.")
    return redirect(url_for("team.member", member_id=member.id))


@team.post("/members/<int:member_id>/reinvite")
@roles_required("lead")
def member_reinvite(member_id: int) -> str | BaseResponse:
    lead, member = _lead(), _member_or_404(member_id)
    if member.active or not ReinviteForm().validate_on_submit():
        return redirect(url_for("team.member", member_id=member.id))
    try:
        token = membership.reinvite(member, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return _member_page(member, error=_MISSING_KEYS)
    db.session.commit()
    return _member_page(member, link=_invitation_link(token))


@team.route("/members/<int:member_id>/remove", methods=["GET", "POST"])
@roles_required("lead")
def member_remove(member_id: int) -> str | BaseResponse:
    lead, member = _lead(), _member_or_404(member_id)
    if member.id == lead.id or not member.active:
        # Leads cannot remove themselves, so the team always keeps a lead who can sign in.
        return redirect(url_for("team.member", member_id=member.id))
    form = RemoveMemberForm()
    if form.validate_on_submit():
        remove_member(member, lead)
        db.session.commit()
        flash(
            f"{member.name} has been removed. They can no longer sign in and their copies of "
            "the team key have been deleted. Consider rotating the team key."
        )
        return redirect(url_for("team.members"))
    return render_template(
        "team/member.html",
        person=member,
        status=status(member),
        roles=ROLES,
        remove_form=form,
        confirm_remove=True,
    )


@team.route("/keys", methods=["GET", "POST"])
@roles_required("lead")
@limiter.limit("10 per minute", methods=["POST"])
def keys() -> str | BaseResponse:
    lead = _lead()
    form = RotateKeyForm()
    result = None
    if form.validate_on_submit():
        result = rotation.rotate(lead, form.password.data or "")
        if result is None:
            db.session.commit()  # keeps the audit entry of the refusal
            form.password.errors = ["Your password is not right"]
        else:
            replace_session_keys({**unlocked_keys(), result.new_key.key_id: result.new_key})
            db.session.commit()
    return render_template(
        "team/keys.html",
        form=RotateKeyForm() if result else form,
        holdings=holdings(),
        result=result,
    )
