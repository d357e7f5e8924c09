"""Lead-only pages: the team's members (invite, restore access, remove) and the team keys
(rotate). The views are thin: ``triage.team.invitations``, ``triage.team.members`` and
``triage.team.rotation``
do the writing and the auditing.

A rotation's result is shown once on the keys page its POST redirects to, and a refused rotation
(wrong password) comes back there by redirect with its error, the password never kept; so a
reload neither rotates the key again nor counts another failed attempt.

An invitation link is shown once, on the GET of the member's page that the request that made it
redirects to (``shown_once``: sealed in the lead's session until then, never in clear in the
database or a log), so a reload neither makes another link nor shows this one again; removing a
member needs a confirmation page and a POST with a CSRF token, and a removal refused (a missing
or expired token) comes back to the confirmation page by redirect with its error.

Removing a member hands the cases they hold back to the leads for reassignment, so its
confirmation says how many, and sends that number with the confirmation: should it have changed
meanwhile (another tab or lead assigned them one), nothing is done and the page says so, as a
role change that takes cases away does (``triage.views.member_role``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake.addresses import public_url
from intake.db import db
from intake.security import limiter
from triage.casework.checks import changed_since
from triage.forms.members import (
    REINVITE,
    ROLE_HINTS,
    ChangeRoleForm,
    InviteForm,
    ReinviteForm,
    RemoveMemberForm,
    RestoreAccessForm,
    RevokeInvitationForm,
    RotateKeyForm,
)
from triage.forms.signin import WRONG_REASKED
from triage.models import ROLES, Member
from triage.team import caseload, invitations, membership, rotation, signin
from triage.team.keys import holdings
from triage.team.members import remove_member
from triage.team.members import status as joined_status
from triage.team.sessions import current_member, replace_session_keys, roles_required, unlocked_keys
from triage.views import FORM_LIMIT, member_key, redisplay, shown_once, team
from triage.views.member_words import (
    KEYS_GONE,
    NEVER_READ,
    REMOVED_MEANWHILE,
    ROTATE_ADVICE,
    cases_changed,
    open_cases,
    to_reassign,
)

_INVITE = "invite"  # the place of the invitation form (``redisplay``)
_KEYS = "keys"  # the place of the rotation form, and of its result until shown (``shown_once``)
_MISSING_KEYS = (
    "Your session does not hold every team key yet. Sign out and sign in again to "
    "pick up the newest key, then try again."
)


def current_lead() -> Member:
    member = current_member()
    assert member is not None  # roles_required let only signed-in leads through
    return member


def member_or_404(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    return member


def _invitation_link(token: str) -> str:
    return public_url("team.accept_invitation", token=token)


def status(member: Member) -> str:
    """How a member stands, with an invitation revoked or run out told apart from one open."""
    found = joined_status(member)
    if found == "Invited" and not membership.has_open_invitation(member):
        return "Invitation revoked or expired"
    return found


_NO_LINK = f"no new link was made. To let them back, select “{REINVITE}” on this page"


def role_place(member: Member) -> str:
    return f"role/{member.id}"


def _remove_place(member: Member) -> str:
    return f"remove/{member.id}"


def _link_place(member: Member) -> str:
    """The place of the forms on a member's page that make them a new link (restore access,
    invite again), and of the link made, until it is shown."""
    return f"link/{member.id}"


def link_made(member: Member, token: str, *, new: bool = False) -> BaseResponse:
    """Commit what made the link, keeping it to be shown once on the member's page, and go
    there (post/redirect/get)."""
    shown_once.keep(_link_place(member), {"link": _invitation_link(token), "new": new})
    db.session.commit()
    return redirect(url_for("team.member", member_id=member.id), code=303)


def missing_keys(member: Member, place: str, form: FlaskForm) -> BaseResponse:
    """The lead's session lacks a team key the new link would carry: back to the member's page,
    saying so, on reload and Back too (``redisplay``)."""
    return redisplay.refuse(place, form, url_for("team.member", member_id=member.id), _MISSING_KEYS)


def _member_page(member: Member) -> str:
    # "person", not "member": the team layout already names the signed-in member "member".
    role_refused = redisplay.refused_at(role_place(member))
    refused = role_refused or redisplay.refused_at(_link_place(member))
    if role_refused is None:
        role_form = ChangeRoleForm(formdata=None, role=member.role)
    else:  # shown with its error summary, if it has errors
        role_form = role_refused.restore(ChangeRoleForm(formdata=role_refused.fields))
    role_form.role_seen.data = member.role  # as it is now, not as a refused page saw it
    made = shown_once.take(_link_place(member))
    return render_template(
        "team/member.html",
        person=member,
        status=status(member),
        roles=ROLES,
        role_hints=ROLE_HINTS,
        restore_form=RestoreAccessForm(),
        form=role_form,  # the layout's error summary
        role_form=role_form,
        revoke_form=RevokeInvitationForm(),
        reinvite_form=ReinviteForm(),
        open_invitation=membership.has_open_invitation(member),
        last_sign_in=membership.last_sign_in_days([member.id]).get(member.id),
        caseload=membership.caseloads([member.id]).get(member.id, 0),
        error=refused.action_error if refused else None,
        joined=member.totp_secret is not None,  # finished setting up from an invitation
        link=made["link"] if made else None,
        new=made["new"] if made else False,
    )


def _email_taken(member: Member) -> str:
    """Why an invitation to this address was refused, and what to do instead. Naming the member
    tells the lead nothing new: the members list below shows everyone, removed members too."""
    if not member.active:
        return (
            f"This email address belongs to {member.name}, who was removed from the team. To let "
            f"them back, open their page from the list of members and select “{REINVITE}”."
        )
    return (
        f"This email address already belongs to {member.name}, a current member. If they lost "
        "access, restore it from their page."
    )


@team.route("/members", methods=["GET", "POST"])
@roles_required("lead")
def members() -> str | BaseResponse:
    lead = current_lead()
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
            except invitations.EmailTaken as taken:
                db.session.rollback()
                form.email.errors = [_email_taken(taken.member)]
            except invitations.MissingKeys:
                db.session.rollback()
                form.email.errors = [_MISSING_KEYS]
            else:
                redisplay.accepted(_INVITE)
                return link_made(member, token, new=True)
        elif not form.email.errors and (
            existing := invitations.member_with_email(form.email.data or "")
        ):
            # Every problem at once, as the error summary promises: a lead who mends the name
            # should not only then learn that the address was taken.
            form.email.errors = [_email_taken(existing)]
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
    return _member_page(member_or_404(member_id))


@team.route("/members/<int:member_id>/restore", methods=["POST"])
@roles_required("lead")
def member_restore(member_id: int) -> BaseResponse:
    lead, member = current_lead(), member_or_404(member_id)
    form = RestoreAccessForm()
    # Not for the lead's own account: the link would stop their own password working.
    if member.id == lead.id or not form.validate_on_submit():
        return redirect(url_for("team.member", member_id=member.id))
    if not member.active:
        flash(REMOVED_MEANWHILE.format(name=member.name, what=_NO_LINK), "important")
        return redirect(url_for("team.member", member_id=member.id))
    try:
        token = invitations.restore_access(member, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return missing_keys(member, _link_place(member), form)
    redisplay.accepted(_link_place(member))
    return link_made(member, token)


@team.post("/members/<int:member_id>/revoke")
@roles_required("lead")
def member_revoke(member_id: int) -> BaseResponse:
    lead, member = current_lead(), member_or_404(member_id)
    if not RevokeInvitationForm().validate_on_submit():
        return redirect(url_for("team.member", member_id=member.id))
    if membership.revoke_invitation(member, lead):
        db.session.commit()
        flash(f"The invitation for {member.name} has been revoked: the link no longer works.")
    else:  # the page was older than the invitation's end: say so, not come back silent
        flash(
            f"{member.name} has no open invitation now, so nothing was revoked. It was used, "
            "revoked or ended (when they were removed, say) in another tab or by another lead.",
            "important",
        )
    return redirect(url_for("team.member", member_id=member.id))


@team.post("/members/<int:member_id>/reinvite")
@roles_required("lead")
def member_reinvite(member_id: int) -> BaseResponse:
    lead, member = current_lead(), member_or_404(member_id)
    form = ReinviteForm()
    if not form.validate_on_submit():
        return redirect(url_for("team.member", member_id=member.id))
    if member.active:
        flash(
            f"{member.name} was already let back (in another tab, or by another lead), so no "
            "new link was made.",
            "important",
        )
        return redirect(url_for("team.member", member_id=member.id))
    try:
        token = membership.reinvite(member, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return missing_keys(member, _link_place(member), form)
    redisplay.accepted(_link_place(member))
    return link_made(member, token)


@team.route("/members/<int:member_id>/remove", methods=["GET", "POST"])
@roles_required("lead")
def member_remove(member_id: int) -> str | BaseResponse:
    lead, member = current_lead(), member_or_404(member_id)
    if member.id == lead.id or not member.active:
        # Leads cannot remove themselves, so the team always keeps a lead who can sign in.
        if not member.active and RemoveMemberForm().validate_on_submit():
            flash(
                f"{member.name} had already been removed, in another tab or by another lead.",
                "important",
            )
        return redirect(url_for("team.member", member_id=member.id))
    place, page = _remove_place(member), url_for("team.member_remove", member_id=member.id)
    form = RemoveMemberForm()
    if form.is_submitted():
        if not form.validate():  # a missing or expired CSRF token
            return redisplay.refuse(place, form, page)
        held = caseload.held(member)
        if changed_since(held, form.cases_seen.data):
            return redisplay.refuse(
                place, form, page, cases_changed(member, held, form.cases_seen.data or "")
            )
        read_cases = membership.may_have_read_cases(member)
        remove_member(member, lead)
        redisplay.accepted(place)
        db.session.commit()
        removed = f"{member.name} has been removed. They can no longer sign in"
        if read_cases:
            flash(to_reassign(f"{removed} and {KEYS_GONE}. {ROTATE_ADVICE}", held))
        elif member.reads_cases:
            flash(to_reassign(f"{removed}. {NEVER_READ}", held))
        else:  # oversight never reads a case
            flash(f"{removed}.")
        return redirect(url_for("team.members"))
    form, error = redisplay.shown(place, RemoveMemberForm)
    held = caseload.held(member)
    form.cases_seen.data = str(held)
    return render_template(
        "team/member.html",
        person=member,
        status=status(member),
        roles=ROLES,
        form=form,  # the layout's error summary
        remove_form=form,
        confirm_remove=True,
        reinvite_button=REINVITE,
        may_have_read_cases=membership.may_have_read_cases(member),
        held=open_cases(held) if held else None,
        error=error,
    )


@team.route("/keys", methods=["GET", "POST"])
@roles_required("lead")
@limiter.limit(FORM_LIMIT, key_func=member_key, methods=["POST"], override_defaults=False)
def keys() -> str | BaseResponse:
    lead = current_lead()
    form = RotateKeyForm()
    if form.is_submitted():
        if not form.validate():
            return redisplay.refuse(_KEYS, form, url_for("team.keys"))
        waiting = signin.wait_notice(lead)  # before the attempt, which may start a wait
        result = rotation.rotate(lead, form.password.data or "")
        if result is None:  # audited, and counted as a failed attempt, by rotate
            form.password.errors = [waiting or WRONG_REASKED]
            return redisplay.refuse(_KEYS, form, url_for("team.keys"))  # commits them too
        replace_session_keys({**unlocked_keys(), result.new_key.key_id: result.new_key})
        redisplay.accepted(_KEYS)
        shown_once.keep(
            _KEYS,
            {
                "key_id": result.new_key.key_id,
                "delivered": result.delivered,
                "invite_again": result.invite_again,
                "recovery_covered": result.recovery_covered,
            },
        )
        db.session.commit()
        return redirect(url_for("team.keys"), code=303)
    form, _ = redisplay.shown(_KEYS, RotateKeyForm)
    return render_template(
        "team/keys.html",
        form=form,
        holdings=holdings(),
        result=shown_once.take(_KEYS),
    )
