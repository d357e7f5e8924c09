"""Who holds a case: a member taking it, a lead assigning it, and a member declaring a conflict of
interest (which gives up a case they held).

Each step is written and audited together and the caller commits. Nothing here checks roles —
the views do that before calling.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from intake.db import db
from intake.locks import lock_and_reread
from intake.models import Report
from triage.casework.checks import CaseworkError, changed_since, require_open
from triage.casework.queries import assignable_members, is_recused, member_names
from triage.casework.timeline import log_action
from triage.models import Member, Recusal


def assign_to_self(report: Report, member: Member) -> None:
    """A caseworker or lead takes an unassigned case; only a lead moves an assigned one."""
    lock_and_reread(report)  # two members taking it at once: the second finds it taken
    require_open(report)
    if report.assignee_id == member.id:  # a second tab or a double click: already done
        return
    if report.assignee_id is not None:
        raise CaseworkError("This case is already assigned. Ask a lead to reassign it")
    report.assignee_id = member.id
    report.needs_reassignment = False
    role = "A lead" if member.is_lead else "A caseworker"
    log_action(
        report,
        member,
        "assigned",
        f"{role} assigned the case to themselves",
        "assigned",
        f"to member {member.id} (themselves)",
    )


def _assigned_meanwhile(report: Report) -> CaseworkError:
    if report.assignee_id is None:
        now = "unassigned"
    else:
        now = f"assigned to {member_names({report.assignee_id}).get(report.assignee_id)}"
    return CaseworkError(
        f"This case was {now} while you were looking (in another tab, or by someone else). "
        "Check and try again"
    )


def assign(report: Report, member: Member, assignee_id: int, seen: str | None = None) -> bool:
    """``seen`` is the assignee as the lead's page showed it: if the case was assigned (or
    unassigned) since, nothing changes, instead of the later choice silently overwriting.
    Whether the case changed hands (not when the chosen member already had it)."""
    if changed_since(report.assignee_id, seen):
        raise _assigned_meanwhile(report)
    assignee = next((m for m in assignable_members(report) if m.id == assignee_id), None)
    if assignee is None:
        raise CaseworkError("Choose a caseworker or lead who is not recused from this case")
    if assignee.id == report.assignee_id:
        # "Assign" pressed with the member shown chosen, who has the case: nothing changes, and
        # nothing is recorded, as taking a case one already has (``assign_to_self``).
        return False
    # Conditional, so two leads posting from the same page at the same moment cannot both win.
    updated = db.session.execute(
        update(Report)
        .where(Report.id == report.id, Report.assignee_id.is_not_distinct_from(report.assignee_id))
        .values(assignee_id=assignee.id, needs_reassignment=False)
        .execution_options(synchronize_session="fetch")
    )
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(report)
        raise _assigned_meanwhile(report)
    log_action(report, member, "assigned", "Case assigned", "assigned", f"to member {assignee.id}")
    return True


def declare_conflict(report: Report, member: Member) -> None:
    """Recuse ``member`` at once; a case they held goes back to the leads for reassignment."""
    lock_and_reread(report)  # declared in another tab at this moment: found, not written twice
    if is_recused(member, report):
        raise CaseworkError("You have already declared a conflict of interest in this case")
    db.session.add(Recusal(member_id=member.id, report_id=report.id, declared_on=date.today()))
    unassigned = report.assignee_id == member.id
    if unassigned:
        report.assignee_id = None
        report.needs_reassignment = True
    log_action(
        report,
        member,
        "conflict",
        "A team member declared a conflict of interest and was recused",
        "conflict_declared",
        "unassigned" if unassigned else "",
    )
