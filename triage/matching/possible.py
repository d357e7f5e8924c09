"""Possible matches: people the matcher could not link on names alone, for a caseworker to judge.

When nothing earlier is likely enough to link (``triage.matching.weights.LINK_PROBABILITY``) but one
earlier person is at least ``POSSIBLE_PROBABILITY`` likely, the intake hook keeps a
``PossibleMatch``. A caseworker can read both reports, which the matcher cannot, so the case
pages of both show it with the matcher's sealed reason, and a caseworker or lead judges it: the
same person (the two clusters are merged and re-scored, exactly as an automatic link would) or
different people (put aside, and the matcher never joins those two people afterwards). Either
way the judgement is audited and shown on both cases' timelines, each naming only its own person.

A member sees a possible match only when they may open both cases: neither is recused from nor
a go-together report still waiting, and neither case's content has been destroyed. A waiting
go-together report is therefore only ever released by an automatic link.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, open_sealed
from intake.submission import record_event, seal_for
from triage.casework.operations import CaseworkError, log_action, require_content
from triage.casework.queries import is_recused
from triage.matching.on_arrival import rescore
from triage.matching.related import Keys
from triage.matching.sql_store import SqlSubjectStore, lock_clusters
from triage.models import Member, PossibleMatch, SubjectLink

JUDGEMENTS: dict[str, str] = {
    "same": "Yes, the same person: link them",
    "different": "No, different people",
}
NOT_HERE = "There is no possible match here that you can judge"
SAME_WORDING = "Possible match judged: person {person} is named in another report too"
DIFFERENT_WORDING = "Possible match judged: person {person} is not the person in another report"


@dataclass(frozen=True)
class OpenPossibleMatch:
    """One possible match as the member sees it from one of its two cases."""

    id: int
    subject_no: int  # the person on the case being viewed
    other_reference: str
    other_subject_no: int
    probability: float
    reason: str | None  # the matcher's sealed reason, opened (None if it cannot be)


def _cluster(report_id: int, subject_no: int) -> str | None:
    link = db.session.get(SubjectLink, (report_id, subject_no))
    return link.cluster_id if link is not None else None


def _may_judge(member: Member, report: Report) -> bool:
    return (
        report.escrow != "waiting"
        and report.content_destroyed_on is None
        and not is_recused(member, report)
    )


def _sides(match: PossibleMatch, report: Report) -> tuple[Report, Report, int, int] | None:
    """(new report, other side, this case's person, the other's) as seen from ``report``."""
    new = report if match.report_id == report.id else db.session.get(Report, match.report_id)
    other_id = match.other_report_id if match.report_id == report.id else match.report_id
    other = db.session.get(Report, other_id)
    if new is None or other is None:
        return None
    if match.report_id == report.id:
        return new, other, match.subject_no, match.other_subject_no
    return new, other, match.other_subject_no, match.subject_no


def open_matches(report: Report, member: Member, keys: Keys) -> list[OpenPossibleMatch]:
    """The possible matches of this case still to judge that the member may judge."""
    matches = db.session.scalars(
        select(PossibleMatch)
        .where(
            PossibleMatch.status == "open",
            or_(PossibleMatch.report_id == report.id, PossibleMatch.other_report_id == report.id),
        )
        .order_by(PossibleMatch.id)
    ).all()
    found = []
    for match in matches:
        sides = _sides(match, report)
        if sides is None or not _may_judge(member, report) or not _may_judge(member, sides[1]):
            continue
        new, other, own_no, other_no = sides
        if _cluster(match.report_id, match.subject_no) == _cluster(
            match.other_report_id, match.other_subject_no
        ):
            continue  # linked since by another report
        reason = None
        if match.reason:
            with suppress(SealError):  # shown without the matcher's words
                reason = open_sealed(
                    keys, match.reason, record=new.record, field=f"possible:{match.subject_no}"
                ).decode()
        found.append(
            OpenPossibleMatch(
                match.id, own_no, other.reference, other_no, match.probability, reason
            )
        )
    return found


def judge(report: Report, member: Member, match_id: int, *, same: bool) -> None:
    """Record a caseworker's judgement on one of this case's possible matches.

    A match that is not on this case and one with a case the member may not open get the same
    answer, so trying match ids reveals nothing about cases the member is kept from.
    """
    match = db.session.get(PossibleMatch, match_id)
    on_case = match is not None and report.id in (match.report_id, match.other_report_id)
    sides = _sides(match, report) if match is not None and on_case else None
    if match is None or sides is None or not _may_judge(member, sides[1]):
        raise CaseworkError(NOT_HERE)
    require_content(report)
    new, other, own_no, other_no = sides
    lock_clusters(db.session)  # before anything is written, as intake matching does
    # Conditional, so two members judging at once cannot both act: the second finds it judged.
    judged = db.session.execute(
        update(PossibleMatch)
        .where(PossibleMatch.id == match.id, PossibleMatch.status == "open")
        .values(status="linked" if same else "rejected", decided_on=date.today())
        .execution_options(synchronize_session="fetch")
    )
    if judged.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseworkError("Someone has already judged that possible match")
    if same:
        _link(match, new, member)
    # Each case's timeline names only its own person: a member who may open one case but is
    # recused from the other must not learn the other's reference from it.
    wording = SAME_WORDING if same else DIFFERENT_WORDING
    log_action(
        report,
        member,
        "possible_" + ("linked" if same else "rejected"),
        wording.format(person=own_no),
        "possible_match_" + ("linked" if same else "rejected"),
        f"person {own_no} here and person {other_no} in {other.reference}",
    )
    record_event(
        other,
        "possible_" + ("linked" if same else "rejected"),
        wording.format(person=other_no),
        member.id,
    )


def _link(match: PossibleMatch, new: Report, member: Member) -> None:
    """Merge the two people's clusters and re-score them, as an automatic link would."""
    ours = _cluster(match.report_id, match.subject_no)
    theirs = _cluster(match.other_report_id, match.other_subject_no)
    earlier = db.session.get(Report, match.other_report_id)
    if ours is None or theirs is None or earlier is None:
        raise CaseworkError("One of these people is no longer on record")
    survivor = SqlSubjectStore(db.session).merge([ours, theirs]) if ours != theirs else ours
    link = db.session.get(SubjectLink, (match.report_id, match.subject_no))
    if link is not None and link.reason is None:
        # The subject page shows why each report is in the cluster: here, a person's judgement.
        role = "a lead" if member.is_lead else "a caseworker"
        text = (
            f"Linked to {earlier.reference} (person {match.other_subject_no}) by {role}'s "
            "judgement of a possible match"
        )
        link.reason = seal_for(new, text.encode(), f"link:{match.subject_no}")
    rescore(db.session, {survivor})
