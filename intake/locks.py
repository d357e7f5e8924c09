"""Report row locks, and the next place in one report's thread, timeline or files.

Locks are always taken in one order, so that two transactions never each hold one the other
waits for (PostgreSQL would end one of them): the force's cluster lock first
(``triage.matching.sql_store.lock_clusters``), then report rows (``lock_reports``, in id
order), then the national lookup locks of the reports offered to other forces
(``triage.matching.national_lookup.lock_lookups``, all in one ordered batch), then the audit
log's lock (``triage.audit.record``). An operation that will touch more than one report, or
that matching may re-score, takes what it needs up front, in that order; one that decides on
what a report says now (is it still held, still open?) locks its row and reads it again
(``lock_and_reread``) before deciding.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from intake.db import db
from intake.models import Attachment, CaseEvent, Message, Report


def lock_reports(report_ids: Iterable[int]) -> None:
    """Hold these reports' rows until the transaction ends (PostgreSQL), locked in id order so
    that two transactions locking the same reports cannot each wait for the other. SQLite, the
    single-process development store, lets one writer in at a time and needs none."""
    ids = sorted(set(report_ids))
    if ids and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(Report.id).where(Report.id.in_(ids)).order_by(Report.id).with_for_update()
        )


def lock_report(report: Report) -> None:
    if report.id is None:
        db.session.flush()  # a report not yet written takes its id now; no one else can see it
    lock_reports([report.id])


def lock_and_reread(report: Report) -> None:
    """Lock the report's row and read it again: a decision taken on what it says now (is it
    still open?) cannot then race another transaction taking the same one. The caller's own
    unwritten changes are written first, not read away."""
    db.session.flush()
    db.session.refresh(report, with_for_update=True)


def next_seq(report: Report, model: type[Attachment] | type[Message] | type[CaseEvent]) -> int:
    """The next place in one report's list of ``model`` rows (ids are random, so order is kept
    per report), counted in the database while holding the report's row: two lines added at the
    same moment (a reporter's reply and a team member's message) wait for each other instead of
    both taking the same place. The unique constraint on (report, ``seq``) refuses any that did
    not."""
    lock_report(report)
    db.session.flush()  # this transaction's own lines not yet written count too
    highest = db.session.scalar(select(func.max(model.seq)).where(model.report_id == report.id))
    return (highest or 0) + 1
