"""The people named in more than one report, most at risk first: the force-wide view of what the
queue shows case by case ("repeat subject"), so that someone named again and again is seen as
one person and not as several cases in different caseworkers' hands.

Only what the queue and the case page already show: each person's cluster risk, how many
released reports name them, and the newest case the member may open, through which the person
is named ("Person N in case REF"); nobody's name is stored in clear. A report still waiting to go
together is counted nowhere; cases the member is recused from are counted, never linked, and a
person named only in such cases is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, distinct, func, select

from intake.db import db
from intake.models import Report
from triage.casework.queries import visible_to
from triage.casework.queue import PAGE_SIZE
from triage.models import ClusterRisk, Member, SubjectLink


@dataclass(frozen=True)
class RepeatSubject:
    cluster_id: str
    score: float
    level: str
    predatory: bool
    reports: int  # released reports naming them
    visible: int  # of those, the ones the member may open
    newest_on: date  # the day the newest of those the member may open was received
    reference: str  # that case, through which the person is named
    person_no: int  # and their number in it


@dataclass(frozen=True)
class RepeatSubjectsPage:
    people: list[RepeatSubject]
    page: int
    pages: int
    total: int


def repeat_subjects(member: Member, page: int = 1) -> RepeatSubjectsPage:
    visible = and_(*visible_to(member))
    reports = func.count(distinct(Report.id))
    seen = func.count(distinct(case((visible, Report.id))))
    grouped = (
        select(
            ClusterRisk.cluster_id,
            ClusterRisk.score,
            ClusterRisk.level,
            ClusterRisk.predatory,
            reports.label("reports"),
            seen.label("visible"),
        )
        .join(SubjectLink, SubjectLink.cluster_id == ClusterRisk.cluster_id)
        .join(Report, Report.id == SubjectLink.report_id)
        .where(ClusterRisk.report_count >= 2, Report.escrow != "waiting")
        .group_by(
            ClusterRisk.cluster_id, ClusterRisk.score, ClusterRisk.level, ClusterRisk.predatory
        )
        .having(reports >= 2, seen >= 1)
    )
    total = db.session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        grouped.order_by(ClusterRisk.score.desc(), ClusterRisk.cluster_id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    newest = _newest_visible_cases(member, [row.cluster_id for row in rows])
    people = [
        RepeatSubject(
            row.cluster_id,
            row.score,
            row.level,
            row.predatory,
            row.reports,
            row.visible,
            *newest[row.cluster_id],
        )
        for row in rows
    ]
    return RepeatSubjectsPage(people, page, pages, total)


def _newest_visible_cases(
    member: Member, cluster_ids: list[str]
) -> dict[str, tuple[date, str, int]]:
    """For each cluster, the newest case naming them that the member may open: the day it was
    received, its reference and the person's number in it."""
    if not cluster_ids:
        return {}
    rows = db.session.execute(
        select(SubjectLink.cluster_id, Report.received_on, Report.reference, SubjectLink.subject_no)
        .join(Report, Report.id == SubjectLink.report_id)
        .where(SubjectLink.cluster_id.in_(cluster_ids), *visible_to(member))
        .order_by(Report.received_on.desc(), Report.id.desc(), SubjectLink.subject_no)
    ).all()
    newest: dict[str, tuple[date, str, int]] = {}
    for cluster_id, received_on, reference, subject_no in rows:
        newest.setdefault(cluster_id, (received_on, reference, subject_no))
    return newest
