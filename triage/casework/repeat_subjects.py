"""The people named in more than one report, most at risk first: the force-wide view of what the
queue shows case by case ("repeat subject"), so that someone named again and again is seen as
one person and not as several cases in different caseworkers' hands.

Only what the queue and the case page already show: each person's cluster risk, how many
released reports name them, and the newest case the member may open, through which the person
is named ("Person N in case REF"); nobody's name is stored in clear, so the view opens the
member's own cases for the names (``names_for``). A report still waiting to go together is
counted nowhere; cases the member is recused from are counted, never linked, and a person named
only in such cases is not listed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, distinct, func, select

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.vocabulary import named_people
from triage.casework.queries import visible_to
from triage.casework.queue import PAGE_SIZE
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import open_entry, resolved_mentions
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
    # Every (report id, person number) of theirs the member may open, newest first: where the
    # page looks for the name reporters gave them.
    openable: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class RepeatSubjectsPage:
    people: list[RepeatSubject]
    page: int
    pages: int
    total: int


# The orders the list can be read in: the risk of a predatory pattern (the default), or how
# many reports name each person, which the risk score does not follow (a person named in eight
# reports of bullying is low risk beside one named in two of sexual misconduct).
ORDERS = ("risk", "reports")


def repeat_subjects(member: Member, page: int = 1, order: str = "risk") -> RepeatSubjectsPage:
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
        grouped.order_by(
            *((reports.desc(),) if order == "reports" else ()),
            ClusterRisk.score.desc(),
            ClusterRisk.cluster_id,
        )
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
            *newest[row.cluster_id][:3],
            openable=newest[row.cluster_id][3],
        )
        for row in rows
    ]
    return RepeatSubjectsPage(people, page, pages, total)


Newest = tuple[date, str, int, tuple[tuple[int, int], ...]]


def _newest_visible_cases(member: Member, cluster_ids: list[str]) -> dict[str, Newest]:
    """For each cluster, the newest case naming them that the member may open: the day it was
    received, its reference and the person's number in it; and every (report id, person number)
    of theirs the member may open, newest first."""
    if not cluster_ids:
        return {}
    rows = db.session.execute(
        select(
            SubjectLink.cluster_id,
            Report.received_on,
            Report.reference,
            SubjectLink.subject_no,
            Report.id,
        )
        .join(Report, Report.id == SubjectLink.report_id)
        .where(SubjectLink.cluster_id.in_(cluster_ids), *visible_to(member))
        .order_by(Report.received_on.desc(), Report.id.desc(), SubjectLink.subject_no)
    ).all()
    newest: dict[str, tuple[date, str, int]] = {}
    openable: dict[str, list[tuple[int, int]]] = {}
    for cluster_id, received_on, reference, subject_no, report_id in rows:
        newest.setdefault(cluster_id, (received_on, reference, subject_no))
        openable.setdefault(cluster_id, []).append((report_id, subject_no))
    return {c: (*first, tuple(openable[c])) for c, first in newest.items()}


@dataclass(frozen=True)
class Named:
    """What the list can say of one person for the signed-in member."""

    name: str | None  # as a reporter wrote it, from a case the member may open
    named_in: str | None  # the reference of that case
    roster: RosterEntry | None  # the roster person their newest mentions resolved to


# Reports opened for one person's name before the list gives up and shows "Person N in case":
# most reports name the person, so the first almost always does, and a page stays bounded.
TRIED_PER_PERSON = 3


def names_for(
    people: list[RepeatSubject], keys: Mapping[int, TeamPrivateKey]
) -> tuple[dict[str, Named], list[str]]:
    """Each listed person's name as a reporter gave it (opened with the member's keys, only from
    the cases they may open, newest first) and their roster entry, by cluster id; and the
    references of every case opened to find them, for the audit log (a case opened that gave
    no name was read all the same)."""
    tried = {p.cluster_id: p.openable[:TRIED_PER_PERSON] for p in people}
    ids = {report_id for subjects in tried.values() for report_id, _ in subjects}
    reports = (
        {r.id: r for r in db.session.scalars(select(Report).where(Report.id.in_(ids)))}
        if ids
        else {}
    )
    contents: dict[int, dict[str, Any] | None] = {}
    resolved = {
        (report_id, subject_no): person
        for report_id, subject_no, person in resolved_mentions(
            db.session, {r for p in people for r, _ in p.openable}
        )
    }
    found: dict[str, Named] = {}
    for person in people:
        name = named_in = None
        for report_id, subject_no in tried[person.cluster_id]:
            if report_id not in contents:
                contents[report_id] = _opened(reports[report_id], keys)
            content = contents[report_id]
            given = named_people(content) if content is not None else []
            said = given[subject_no - 1] if 0 < subject_no <= len(given) else {}
            written = " ".join(str(said.get("name") or "").split())
            if written:
                name, named_in = written, reports[report_id].reference
                break
        roster = next(
            (resolved[s] for s in person.openable if s in resolved),
            None,
        )
        entry = open_entry(db.session, roster, dict(keys)) if roster else None
        found[person.cluster_id] = Named(name, named_in, entry)
    return found, sorted(reports[report_id].reference for report_id in contents)


def _opened(report: Report, keys: Mapping[int, TeamPrivateKey]) -> dict[str, Any] | None:
    try:
        content: dict[str, Any] = json.loads(
            open_sealed(keys, report.content, record=report.record, field="report")
        )
    except (SealError, ValueError):  # not this member's keys, or content destroyed
        return None
    return content
