"""Read-only lookups behind the case page and its operations: which cases a member may see (not
held in escrow, not recused from), finding a case by its reference as typed, the members who
work cases, and a case's notes and protective measures. The queue is ``triage.casework.queue``.

Nothing here decrypts, writes or audits.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    exists,
    select,
)

from intake.db import db
from intake.models import Report
from intake.submission import REFERENCE_ALPHABET
from triage.models import (
    Member,
    Note,
    Recusal,
)
from triage.models.case import Protection

CASE_ROLES = ("caseworker", "lead")


def visible_to(member: Member) -> list[ColumnElement[bool]]:
    """Conditions for the cases ``member`` may see: not held in escrow, not recused from.

    A go-together report waiting for a match is "counted nowhere visible" (design §5) until it is
    released, so it is left out here as well as on the case page.
    """
    recused = exists().where(Recusal.report_id == Report.id, Recusal.member_id == member.id)
    return [Report.escrow != "waiting", ~recused]


def is_recused(member: Member, report: Report) -> bool:
    return db.session.get(Recusal, (member.id, report.id)) is not None


def normalise_reference(text: str) -> str:
    """A reference as typed ("c-bcdf 2345", "BCDF2345") in its stored shape ("C-BCDF2345")."""
    cleaned = "".join(text.split()).upper()
    if cleaned.startswith("C-"):
        cleaned = cleaned[2:]
    return "C-" + cleaned.replace("-", "")


# What a search box says of text that cannot be a case reference, wherever a reference is asked.
NOT_A_REFERENCE = (
    "Enter a case reference in the correct format: C- and 8 letters and numbers, like C-BCDF2345"
)


def is_case_reference(text: str) -> bool:
    """Whether ``text`` can be a case reference at all ("C-" and eight letters and numbers of
    ``REFERENCE_ALPHABET``), once ``normalise_reference`` has put it in shape."""
    reference = normalise_reference(text)
    return len(reference) == 10 and all(c in REFERENCE_ALPHABET for c in reference[2:])


def find_visible(member: Member, reference: str) -> Report | None:
    """The case with exactly this reference, if ``member`` may see it."""
    query = select(Report).where(
        Report.reference == normalise_reference(reference), *visible_to(member)
    )
    return db.session.scalars(query).first()


def case_members() -> list[Member]:
    """Active caseworkers and leads who can be assigned cases (they finished joining), by name,
    for the assignee filter. One sent a new link since, who holds open cases until they use it,
    stays listed: their cases are still theirs."""
    joined = Member.totp_sealed.is_not(None)
    holding = exists().where(Report.assignee_id == Member.id, Report.closed_on.is_(None))
    query = (
        select(Member)
        .where(Member.active.is_(True), Member.role.in_(CASE_ROLES), joined | holding)
        .order_by(Member.name, Member.id)
    )
    return list(db.session.scalars(query))


def assignable_members(report: Report) -> list[Member]:
    """Who a lead may assign this case to: active caseworkers and leads not recused from it,
    who have finished joining (an invited member has no authenticator, and no key to open it)."""
    recused = exists().where(Recusal.report_id == report.id, Recusal.member_id == Member.id)
    joined = Member.totp_sealed.is_not(None)
    query = (
        select(Member)
        .where(Member.active.is_(True), Member.role.in_(CASE_ROLES), joined, ~recused)
        .order_by(Member.name, Member.id)
    )
    return list(db.session.scalars(query))


def member_names(ids: set[int]) -> dict[int, str]:
    """Names of the members who appear on a case, in one query."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())


def notes_of(report: Report) -> list[Note]:
    return list(
        db.session.scalars(select(Note).where(Note.report_id == report.id).order_by(Note.id))
    )


def protections_of(report: Report) -> list[Protection]:
    """Open assessments first, then ended ones, newest first within each."""
    query = (
        select(Protection)
        .where(Protection.report_id == report.id)
        .order_by(Protection.ended_on.is_not(None), Protection.id.desc())
    )
    return list(db.session.scalars(query))
