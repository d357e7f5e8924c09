"""Other reports that may name the same people as a case ("this person may be named in N other
reports"), from the blind-index clusters. Reads cluster ids and clear risk reasons only; the
link reasons are sealed on this report and opened with the member's keys."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import and_, select

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from triage.models import ClusterRisk, Member, SubjectLink
from triage.queries import visible_to


@dataclass(frozen=True)
class RelatedSubject:
    subject_no: int
    other_reports: int  # every other released report in the cluster, seen or not
    visible_references: list[str]  # only the ones this member may open
    link_reason: str | None
    risk_reasons: list[str]


def related_subjects(
    report: Report, member: Member, keys: Mapping[int, TeamPrivateKey]
) -> list[RelatedSubject]:
    links = db.session.scalars(
        select(SubjectLink).where(SubjectLink.report_id == report.id)
        .order_by(SubjectLink.subject_no)
    ).all()
    found = []
    for link in links:
        # One query per linked person: every other released report, and whether this member
        # may open it.
        others = db.session.execute(
            select(Report.reference, and_(*visible_to(member)).label("visible"))
            .join(SubjectLink, SubjectLink.report_id == Report.id)
            .where(SubjectLink.cluster_id == link.cluster_id, Report.id != report.id,
                   Report.escrow != "waiting")
            .distinct()
        ).all()
        if not others:
            continue
        reason = None
        if link.reason:
            try:
                reason = open_sealed(keys, link.reason, record=report.record,
                                     field=f"link:{link.subject_no}").decode()
            except SealError:
                reason = None
        risk = db.session.get(ClusterRisk, link.cluster_id)
        found.append(RelatedSubject(
            subject_no=link.subject_no, other_reports=len(others),
            visible_references=sorted(ref for ref, visible in others if visible),
            link_reason=reason,
            risk_reasons=json.loads(risk.reasons) if risk is not None else [],
        ))
    return found
