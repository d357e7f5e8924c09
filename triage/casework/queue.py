"""The queue: which cases a member sees there, filtered, ordered and paged.

Everything here is built for 100,000 cases: filters are indexed comparisons on clear columns
(codes, flags and day dates), counts are done by the database, and a page is one query for its
rows plus one for their categories, whatever its size. Nothing here decrypts, writes or audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    exists,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import aliased

from intake.db import db
from intake.models import Message, Report, ReportCategory
from intake.vocabulary import STAGES
from triage.casework.clocks import IOPC_REFERRAL_DAYS, iopc_decision_raised_by, overdue_cutoffs
from triage.casework.queries import visible_to
from triage.models import (
    ClusterRisk,
    IopcReferral,
    Member,
    PossibleMatch,
    Recusal,
    SubjectLink,
)
from triage.models.case import Protection
from triage.models.crossforce import CrossForceNotice
from triage.models.subjects import with_subject_links

PAGE_SIZE = 50
# The queue opens on these: closed cases are looked up or asked for, not worked.
OPEN_STAGES = tuple(code for code in STAGES if code != "closed")


@dataclass(frozen=True)
class QueueFilters:
    stages: tuple[str, ...] = OPEN_STAGES
    category: str = ""
    assignee: str = ""  # "", "me", "unassigned", "reassign" or a member id
    overdue: bool = False
    flagged: bool = False
    iopc_pending: bool = False  # IOPC referral flagged, no lead decision yet
    possible_pending: bool = False  # a possible match this member may judge
    crossforce: bool = False  # a "named in another force" notice on the case
    replied: bool = False  # the reporter's newest message is not answered yet
    order: str = "pressing"  # a key of ORDERS
    page: int = 1


# How the queue can be ordered; the first is the default.
ORDERS = {
    "pressing": "Most pressing first",
    "risk": "Highest risk first",
    "newest": "Newest first",
}


def _filter_conditions(
    filters: QueueFilters, member: Member, today: date
) -> list[ColumnElement[bool]]:
    conditions = visible_to(member)
    if set(filters.stages) == set(OPEN_STAGES):
        conditions.append(or_(Report.stage.in_(OPEN_STAGES), closed_awaiting_condition()))
    elif set(filters.stages) != set(STAGES):
        conditions.append(Report.stage.in_(filters.stages))
    if filters.category:
        conditions.append(
            exists().where(
                ReportCategory.report_id == Report.id, ReportCategory.category == filters.category
            )
        )
    if filters.assignee == "me":
        conditions.append(Report.assignee_id == member.id)
    elif filters.assignee == "unassigned":
        conditions.append(Report.assignee_id.is_(None))
    elif filters.assignee == "reassign":
        conditions.append(Report.needs_reassignment.is_(True))
    elif filters.assignee.isdigit():
        conditions.append(Report.assignee_id == int(filters.assignee))
    if filters.flagged:
        high_risk = exists().where(
            Protection.report_id == Report.id,
            Protection.ended_on.is_(None),
            Protection.level == "high",
        )
        conditions.append(
            or_(Report.urgent.is_(True), Report.retaliation_on.is_not(None), high_risk)
        )
    if filters.overdue:
        conditions.append(overdue_condition(today))
    if filters.iopc_pending:
        conditions.append(iopc_pending_condition())
    if filters.possible_pending:
        conditions.append(possible_pending_condition(member))
    if filters.crossforce:
        conditions.append(Report.id.in_(select(CrossForceNotice.report_id)))
    if filters.replied:
        conditions.append(Report.id.in_(replied_cases()))
    return conditions


def closed_awaiting_condition() -> ColumnElement[bool]:
    """Closed cases the reporter wrote on, or reported retaliation on, since closing, not yet
    answered or reopened (``Report.reporter_since_close_on``): the working queue shows them
    with the open ones, or the team would never see what the reporter was told it sees. One
    whose content was destroyed is left out: nobody can answer it any more."""
    return and_(Report.reporter_since_close_on.is_not(None), Report.content_destroyed_on.is_(None))


def replied_cases(among: list[int] | None = None) -> Select[int]:
    """Cases (of ``among``, when given) whose reporter sent a message after the team's last
    message to them (or when the team has sent none): a reply nobody has answered yet.

    Messages are few beside the cases, so this is one grouped pass over them, uncorrelated.
    """
    last_team = func.max(case((Message.from_reporter.is_(False), Message.seq)))
    last_reporter = func.max(case((Message.from_reporter.is_(True), Message.seq)))
    query = select(Message.report_id)
    if among is not None:
        query = query.where(Message.report_id.in_(among))
    return query.group_by(Message.report_id).having(last_reporter > func.coalesce(last_team, 0))


def possible_pending_condition(member: Member) -> ColumnElement[bool]:
    """Cases with a possible match still to judge that ``member`` may judge: the case on the
    other side is one they may open, with its content, and the two people are not linked yet
    (``triage.matching.possible.open_matches`` lists the same ones).

    The matches are few beside the cases, so their cases are found once, uncorrelated, and
    each case is then one lookup in that set (correlated per case, it took PostgreSQL over a
    second on 100,000 cases).
    """
    return and_(Report.content_destroyed_on.is_(None), Report.id.in_(_possible_cases(member)))


def _possible_cases(member: Member, among: list[int] | None = None) -> CompoundSelect[int]:
    """Cases (of ``among``, when given) holding either side of a match ``member`` may judge."""
    return union(_possible_side(member, True, among), _possible_side(member, False, among))


def _possible_side(member: Member, new_side: bool, among: list[int] | None) -> Select[int]:
    """Cases holding one side of an open possible match ``member`` may judge."""
    other = aliased(Report)
    ours, theirs = aliased(SubjectLink), aliased(SubjectLink)
    here, there = (
        (PossibleMatch.report_id, PossibleMatch.other_report_id)
        if new_side
        else (PossibleMatch.other_report_id, PossibleMatch.report_id)
    )
    recused = exists().where(Recusal.report_id == other.id, Recusal.member_id == member.id)
    return with_subject_links(select(here).join(other, other.id == there), ours, theirs).where(
        PossibleMatch.status == "open",
        other.escrow != "waiting",
        other.content_destroyed_on.is_(None),
        ~recused,
        ours.cluster_id != theirs.cluster_id,
        *([here.in_(among)] if among is not None else []),
    )


def iopc_pending_condition() -> ColumnElement[bool]:
    """Cases triage flagged as a possible mandatory IOPC referral that no lead has decided, and
    can still decide: a withdrawn report whose content was deleted (at its reporter's request, or
    by retention) takes no decision (``iopc.decide``), and would otherwise wait, and be overdue,
    for ever."""
    return and_(
        Report.iopc_flags.is_not(None),
        Report.iopc_flags != "",
        Report.iopc_decision.is_(None),
        Report.content_destroyed_on.is_(None),
    )


def referral_unmade_condition() -> ColumnElement[bool]:
    """A lead confirmed the referral to the IOPC and nobody has recorded it as made."""
    return and_(
        Report.iopc_decision == "confirmed",
        ~exists().where(IopcReferral.report_id == Report.id),
    )


def referral_overdue_condition(today: date) -> ColumnElement[bool]:
    """A confirmed IOPC referral not recorded as made by its statutory deadline
    (``clocks.iopc_referral_clock``), open case or not: closing does not stop that clock."""
    return and_(
        referral_unmade_condition(),
        Report.iopc_decided_on < today - timedelta(days=IOPC_REFERRAL_DAYS),
    )


def iopc_decision_overdue_condition(today: date) -> ColumnElement[bool]:
    """A flag for an IOPC referral still awaiting a lead's decision after the end of the next
    working day after it was raised (``clocks.iopc_decision_due``), open case or not (a flagged
    case cannot close undecided, but a withdrawal closes it)."""
    clocks_from = func.coalesce(Report.released_on, Report.received_on)  # ``Report.clocks_from``
    return and_(iopc_pending_condition(), clocks_from <= iopc_decision_raised_by(today))


def overdue_condition(today: date) -> ColumnElement[bool]:
    """Open cases with either clock, or the update a reopening owes, overdue on ``today``, and
    any case whose IOPC referral, or a lead's decision on its flag, is overdue, as comparisons
    with fixed days."""
    cut = overdue_cutoffs(today)
    clocks_from = func.coalesce(Report.released_on, Report.received_on)  # ``Report.clocks_from``
    acknowledge = and_(Report.acknowledged_on.is_(None), clocks_from <= cut.acknowledge_received_by)
    feedback = and_(
        Report.feedback_on.is_(None),
        or_(
            Report.acknowledged_on <= cut.feedback_acknowledged_by,
            clocks_from <= cut.feedback_received_by,
        ),
    )
    update_owed = Report.update_owed_since <= cut.update_owed_by
    return or_(
        and_(Report.closed_on.is_(None), or_(acknowledge, feedback, update_owed)),
        referral_overdue_condition(today),
        iopc_decision_overdue_condition(today),
    )


@dataclass(frozen=True)
class QueueRow:
    report: Report
    assignee_name: str | None
    # The retaliation risk the team recorded and has not ended ("low", "medium", "high"), if any.
    retaliation_risk: str | None
    possible_pending: bool = False
    # A person named in this report is named in another report too (their cluster's risk is
    # shown as "repeat subject"; otherwise the risk comes from the report's own words and any
    # open possible match).
    repeat_subject: bool = False
    crossforce: bool = False  # someone it names is probably named in another force's report
    referral_to_make: bool = False  # the IOPC referral is confirmed and not recorded as made
    # The reporter's newest message is newer than the team's last message to them.
    reporter_replied: bool = False


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


def _order(filters: QueueFilters, today: date) -> list[ColumnElement[Any]]:
    """The queue's order. Most pressing: retaliation reported (urgent), then a clock overdue,
    then not yet acknowledged, then risk, newest first; ordered by risk alone, a new case with
    nothing known about its subject sat below every case with a risk score, and an overdue
    one with it. Highest risk: urgent, then risk (read straight off ``ix_report_queue_order``)."""
    newest: list[ColumnElement[Any]] = [Report.received_on.desc(), Report.id.desc()]
    if filters.order == "newest":
        return newest
    by_risk: list[ColumnElement[Any]] = [
        Report.urgent.desc(),
        Report.risk_score.desc(),
        *newest,
    ]
    if filters.order == "risk":
        return by_risk
    overdue = case((overdue_condition(today), 0), else_=1)
    unacknowledged = case(
        (and_(Report.acknowledged_on.is_(None), Report.closed_on.is_(None)), 0), else_=1
    )
    return [Report.urgent.desc(), overdue, unacknowledged, *by_risk[1:]]


def queue_page(member: Member, filters: QueueFilters, today: date) -> QueuePage:
    """One page of the queue, in the order chosen (``_order``)."""
    conditions = _filter_conditions(filters, member, today)
    total = db.session.scalar(select(func.count(Report.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    retaliation_risk = (
        select(Protection.level)
        .where(Protection.report_id == Report.id, Protection.ended_on.is_(None))
        .order_by(Protection.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("retaliation_risk")
    )
    query = (
        select(Report, Member.name, retaliation_risk, referral_unmade_condition())
        .outerjoin(Member, Member.id == Report.assignee_id)  # names in the same query, not per row
        .where(*conditions)
        .order_by(*_order(filters, today))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    found = db.session.execute(query).all()
    # Which of this page's cases have a possible match to judge: one query for the page.
    shown = [report.id for report, _, _, _ in found if report.content_destroyed_on is None]
    pending = set(db.session.scalars(_possible_cases(member, shown))) if shown else set()
    ids = [report.id for report, _, _, _ in found]
    repeated = _repeat_subject_cases(ids)
    elsewhere = (
        set(
            db.session.scalars(
                select(CrossForceNotice.report_id).where(CrossForceNotice.report_id.in_(ids))
            )
        )
        if ids
        else set()
    )
    replied = set(db.session.scalars(replied_cases(ids))) if ids else set()
    rows = [
        QueueRow(
            report,
            name,
            risk,
            report.id in pending,
            report.id in repeated,
            report.id in elsewhere,
            bool(unmade),
            report.id in replied,
        )
        for report, name, risk, unmade in found
    ]
    return QueuePage(rows=rows, total=total, page=page, pages=pages)


def _repeat_subject_cases(report_ids: list[int]) -> set[int]:
    """Of these cases, those naming a person whose cluster holds another report too: one query
    for the page, through ``cluster_risk.report_count``."""
    if not report_ids:
        return set()
    query = (
        select(SubjectLink.report_id)
        .join(ClusterRisk, ClusterRisk.cluster_id == SubjectLink.cluster_id)
        .where(SubjectLink.report_id.in_(report_ids), ClusterRisk.report_count > 1)
    )
    return set(db.session.scalars(query))
