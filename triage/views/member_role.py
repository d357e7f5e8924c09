"""Changing a member's role (lead only). A change that takes their cases away (to oversight)
is confirmed first on a page of its own that says how many open cases they hold; it sends that
number with the role it showed, and a confirmation left open while either changed does nothing
and says so. ``triage.team.membership.change_role`` does the writing and the auditing.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from triage.casework.checks import changed_since
from triage.forms.members import ChangeRoleForm
from triage.models import ROLES
from triage.models.member import CASE_ROLES
from triage.team import caseload, invitations, membership
from triage.team.sessions import roles_required, unlocked_keys
from triage.views import redisplay, team
from triage.views.member_words import (
    KEYS_GONE,
    NEVER_READ,
    NOW_HAS_ROLE,
    REMOVED_MEANWHILE,
    ROTATE_ADVICE,
    cases_changed,
    open_cases,
    to_reassign,
)
from triage.views.members import current_lead, link_made, member_or_404, missing_keys, role_place


@team.post("/members/<int:member_id>/role")
@roles_required("lead")
def member_role(member_id: int) -> BaseResponse:
    lead, member = current_lead(), member_or_404(member_id)
    if member.id == lead.id or not member.active:
        # A lead cannot change their own role, so the team always keeps a lead who can sign in.
        if not member.active and ChangeRoleForm().csrf_valid():  # said only to their own page
            unchanged = "their role was not changed"
            flash(REMOVED_MEANWHILE.format(name=member.name, what=unchanged), "important")
        return redirect(url_for("team.member", member_id=member.id))
    form = ChangeRoleForm()
    page = url_for("team.member", member_id=member.id)
    if not form.validate_on_submit():
        return redisplay.refuse(role_place(member), form, page)
    if changed_since(member.role, form.role_seen.data):
        # Another tab (or lead) changed it since this page showed it: not silently overwritten.
        now = ROLES[member.role].lower()
        return redisplay.refuse(
            role_place(member),
            form,
            page,
            f"{member.name}'s role was changed to {now} while you were looking (in another tab, "
            "or by another lead), so your change was not made. Check their role and change it "
            "again if you still mean to.",
        )
    role = form.role.data or ""
    takes_cases = member.reads_cases and role not in CASE_ROLES
    held = caseload.held(member) if takes_cases else 0
    if takes_cases:
        confirm = url_for("team.member_role_confirm", member_id=member.id, role=role)
        if form.cases_seen.data is None:  # from the member's page: the confirmation first
            redisplay.accepted(role_place(member))
            db.session.commit()
            return redirect(confirm, code=303)
        if changed_since(held, form.cases_seen.data):
            return redisplay.refuse(
                role_place(member),
                form,
                confirm,
                cases_changed(member, held, form.cases_seen.data),
            )
    redisplay.accepted(role_place(member))
    if form.role.data == member.role:
        db.session.commit()
        # Say so: the page coming back unchanged and silent left the lead wondering what happened.
        flash(
            f"{member.name} already has the {ROLES[member.role].lower()} role. "
            "Nothing was changed.",
            "important",
        )
        return redirect(url_for("team.member", member_id=member.id))
    read_cases = membership.may_have_read_cases(member)
    try:
        token = membership.change_role(member, form.role.data, unlocked_keys(), lead)
    except invitations.MissingKeys:
        db.session.rollback()
        return missing_keys(member, role_place(member), form)
    done = f"{member.name} {NOW_HAS_ROLE[member.role]}. They have been signed out."
    if read_cases and not member.reads_cases:
        done = (
            f"{member.name} {NOW_HAS_ROLE[member.role]}. They have been signed out and "
            f"{KEYS_GONE}. {ROTATE_ADVICE}"
        )
    elif member.role == "oversight" and not read_cases:
        done = f"{member.name} {NOW_HAS_ROLE[member.role]}. {NEVER_READ}"
    if takes_cases:
        done = to_reassign(done, held)
    if token is not None:
        # Said before the link, which they need to read cases: the link alone left the lead
        # unsure the role had changed.
        flash(f"{done} Send them the new link below so they can sign in and read cases.")
        return link_made(member, token)
    db.session.commit()
    flash(done)
    return redirect(url_for("team.member", member_id=member.id))


@team.get("/members/<int:member_id>/role/<role>")
@roles_required("lead")
def member_role_confirm(member_id: int, role: str) -> str | BaseResponse:
    """The confirmation before a role change that takes a member's cases away; it posts to
    ``member_role`` with the number of cases it showed."""
    lead, member = current_lead(), member_or_404(member_id)
    if role not in ROLES:
        abort(404)
    if member.id == lead.id or not member.active or not member.reads_cases or role in CASE_ROLES:
        # Nothing to confirm (any more: changed in another tab, say): their page shows them.
        return redirect(url_for("team.member", member_id=member.id))
    refused = redisplay.refused_at(role_place(member))
    form = ChangeRoleForm(formdata=None, role=role)
    if refused is not None:
        form = refused.restore(form)
    held = caseload.held(member)
    form.role_seen.data, form.cases_seen.data = member.role, str(held)
    return render_template(
        "team/member_role.html",
        person=member,
        role=role,
        roles=ROLES,
        form=form,
        held=open_cases(held) if held else None,
        may_have_read_cases=membership.may_have_read_cases(member),
        error=refused.action_error if refused else None,
    )
