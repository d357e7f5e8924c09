"""Retention: destroy the sealed content of cases closed longer ago than the retention period.

For each case closed more than N months ago (``CANDOUR_RETENTION_MONTHS``, default 24) whose
content is still there:

- destroyed: the report's sealed answers (``Report.content`` emptied), every attachment, every
  message (the team's sealed copy and the reporter's), every case note (including outcome and
  reopening reasons), the sealed note and measures of ended protective measures, the sealed
  reason of each subject link, the IOPC's reference on a referral record, every possible match
  to or from the case, and the subject
  tokens (keyed hashes of the people named — so a later report naming the same person no
  longer matches this case);
- kept: every clear column the oversight figures are computed from (categories, day dates,
  stage, outcome, assessment codes, IOPC flags and decision, subject ethnic group, risk score,
  pattern signals), the timeline's fixed wording, and each subject link's random cluster id,
  which is what "subjects named in more than one report" counts — it carries no name, and
  without its tokens nothing can be matched to it any more;
- ``Report.content_destroyed_on`` records the day, and the audit log one entry with the count.

Cases not closed, reopened (their ``closed_on`` is cleared) or closed more recently are left
alone, and so is a case whose retaliation protective measures are still open: those outlive the
case until a lead ends them, and the measures must stay readable while they are in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, or_, select, update

from intake import hooks
from intake.db import db
from intake.locks import lock_reports
from intake.models import Attachment, Message, Report
from intake.submission import record_event
from triage import audit
from triage.casework.clocks import add_months
from triage.models import (
    CrossForceNotice,
    CrossForceReferral,
    IopcReferral,
    NationalToken,
    Note,
    PossibleMatch,
    SharedReport,
    SubjectLink,
    SubjectToken,
)
from triage.models.case import Protection

DEFAULT_MONTHS = 24
DESTROYED_WORDING = "Sealed content destroyed under the retention policy"
# True both of a deletion asked for on withdrawing and of one asked for later (the timeline's
# line before it says which).
WITHDRAWN_WORDING = "Sealed content destroyed at the reporter's request, after they withdrew it"


@dataclass(frozen=True)
class RetentionResult:
    cutoff: date  # cases closed before this day are due
    cases: int
    attachments: int
    messages: int
    notes: int
    subject_tokens: int
    kept_for_protection: int  # due, but protective measures are still open


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the month's last day when it is shorter)."""
    return add_months(day, -months)


def _count(model: type, report_ids: list[int]) -> int:
    column = model.report_id  # type: ignore[attr-defined]
    return len(db.session.scalars(select(column).where(column.in_(report_ids))).all())


def apply_retention(
    months: int, *, today: date | None = None, dry_run: bool = False
) -> RetentionResult:
    """Destroy what is due in the session's transaction (the caller commits), or only count it."""
    if months < 1:
        raise ValueError("The retention period must be at least one month")
    day = today or date.today()
    cutoff = months_before(day, months)
    open_protection = exists().where(
        Protection.report_id == Report.id, Protection.ended_on.is_(None)
    )
    due = select(Report.id).where(
        Report.closed_on.is_not(None),
        Report.closed_on < cutoff,
        Report.content_destroyed_on.is_(None),
    )
    report_ids = list(db.session.scalars(due.where(~open_protection).order_by(Report.id)))
    if not dry_run:
        # Read again once locked (``intake.locks``): a case reopened, or given a protective
        # measure, while this ran is kept. No case becomes due meanwhile (it closes today).
        lock_reports(report_ids)
        report_ids = list(db.session.scalars(due.where(~open_protection).order_by(Report.id)))
    kept = len(db.session.scalars(due.where(open_protection)).all())
    result = RetentionResult(
        cutoff=cutoff,
        cases=len(report_ids),
        attachments=_count(Attachment, report_ids),
        messages=_count(Message, report_ids),
        notes=_count(Note, report_ids),
        subject_tokens=_count(SubjectToken, report_ids),
        kept_for_protection=kept,
    )
    if dry_run or not report_ids:
        return result
    for start in range(0, len(report_ids), 500):
        _destroy(report_ids[start : start + 500], day)
    audit.record(
        "retention_applied",
        None,
        detail=(
            f"sealed content of {result.cases} cases closed before {cutoff.isoformat()} destroyed "
            f"({result.attachments} attachments, {result.messages} messages, "
            f"{result.notes} notes); "
            f"retention {months} months"
        ),
    )
    return result


def protection_open(report: Report) -> bool:
    """Whether a retaliation protective measure is still in force for ``report``."""
    return bool(
        db.session.scalar(
            select(Protection.id)
            .where(Protection.report_id == report.id, Protection.ended_on.is_(None))
            .limit(1)
        )
    )


def destroy_withdrawn(report: Report) -> None:
    """Destroy a withdrawn report's sealed content at the reporter's request (as they withdrew,
    or later), as retention would. No audit entry: its exact time would say when the reporter
    acted (the case's timeline records the day)."""
    _destroy([report.id], date.today(), WITHDRAWN_WORDING)


def install() -> None:
    """Let intake destroy a withdrawn report at once (idempotent)."""
    if protection_open not in hooks.protection_open:
        hooks.protection_open.append(protection_open)
    if destroy_withdrawn not in hooks.destroy_content:
        hooks.destroy_content.append(destroy_withdrawn)


def _destroy(report_ids: list[int], today: date, wording: str = DESTROYED_WORDING) -> None:
    session = db.session
    lock_reports(report_ids)  # in id order, before their timelines' lines (``intake.locks``)
    # What another force shared onto the case goes with it; the national tokens too, so the
    # report is found in no other force again.
    for model in (Attachment, Message, Note, SubjectToken, NationalToken, SharedReport):
        column = model.report_id
        session.execute(delete(model).where(column.in_(report_ids)))
    # A decline reason was typed by a lead and sealed on the case: it goes too.
    notices = select(CrossForceNotice.id).where(CrossForceNotice.report_id.in_(report_ids))
    session.execute(
        update(CrossForceReferral)
        .where(CrossForceReferral.notice_id.in_(notices))
        .values(reason=None)
    )
    session.execute(
        update(SubjectLink).where(SubjectLink.report_id.in_(report_ids)).values(reason=None)
    )
    # The IOPC's reference was typed by a lead: sealed, so it goes; the dates and mode stay.
    session.execute(
        update(IopcReferral).where(IopcReferral.report_id.in_(report_ids)).values(reference=None)
    )
    # A possible match quotes the new report and can no longer be judged once either side's
    # content is gone.
    session.execute(
        delete(PossibleMatch).where(
            or_(
                PossibleMatch.report_id.in_(report_ids),
                PossibleMatch.other_report_id.in_(report_ids),
            )
        )
    )
    session.execute(
        update(Protection)
        .where(Protection.report_id.in_(report_ids))
        .values(note=b"", measures=b"")
    )
    session.execute(
        update(Report)
        .where(Report.id.in_(report_ids))
        .values(content=b"", reporter_content=None, content_destroyed_on=today)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()  # loaded reports and their collections must not show what was deleted
    for report in session.scalars(select(Report).where(Report.id.in_(report_ids))):
        record_event(report, "content_destroyed", wording)
    session.flush()
