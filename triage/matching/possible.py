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

import json
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update

from intake.db import db
from intake.locks import lock_reports
from intake.models import Report
from intake.sealing import SealError, open_sealed
from intake.submission import record_event, seal_for
from triage.casework.checks import CaseworkError, lock_with_content, require_content
from triage.casework.queries import is_recused
from triage.casework.timeline import log_action, seal_note
from triage.matching.cluster_risk import rescore
from triage.matching.related import Keys
from triage.matching.sql_store import SqlSubjectStore, lock_clusters
from triage.models import Member, PossibleMatch, SubjectLink

JUDGEMENTS: dict[str, str] = {
    "same": "Yes, the same person: link them",
    "different": "No, different people",
}
NOT_HERE = "There is no possible match here that you can judge"
# A team member's proposal (``triage.matching.proposals``) is a possible match triage never
# offered: stored with this probability (triage's own are never below 0.01) and a timeline line
# on each case naming the proposer and that case's person.
PROPOSED = 0.0
PROPOSED_WORDING = "Possible match proposed: person {person} may be named in another report"
OWN_PROPOSAL = (
    "You proposed this possible match: someone else on the team judges it, so one person's "
    "view never joins two people alone"
)
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
    own_proposal: bool = False  # the member proposed it: someone else judges it


DIFFERENT_REASON_MISSING = "Give the reason they are different people"
SAME_REASON_MISSING = "Give the reason they are the same person"


def subject_cluster(report_id: int, subject_no: int) -> str | None:
    link = db.session.get(SubjectLink, (report_id, subject_no))
    return link.cluster_id if link is not None else None


def may_judge(member: Member, report: Report) -> bool:
    return (
        report.escrow != "waiting"
        and report.content_destroyed_on is None
        and not is_recused(member, report)
    )


def proposed_by(match: PossibleMatch, member: Member) -> bool:
    """Whether ``member`` proposed ``match`` (and so may not judge it); the matcher's own
    possible matches have no proposer."""
    return match.proposer_id == member.id


def own_open_proposal(report: Report, member: Member, match_id: int) -> bool:
    """Whether ``match_id`` is a possible match of ``report``, still open, that ``member``
    proposed: asked before anything else about the page that would judge it."""
    match = db.session.get(PossibleMatch, match_id)
    return (
        match is not None
        and match.status == "open"
        and report.id in (match.report_id, match.other_report_id)
        and proposed_by(match, member)
    )


def sides_of(match: PossibleMatch, report: Report) -> tuple[Report, Report, int, int] | None:
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
        sides = sides_of(match, report)
        if sides is None or not may_judge(member, report) or not may_judge(member, sides[1]):
            continue
        new, other, own_no, other_no = sides
        if subject_cluster(match.report_id, match.subject_no) == subject_cluster(
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
                match.id,
                own_no,
                other.reference,
                other_no,
                match.probability,
                reason,
                proposed_by(match, member),
            )
        )
    return found


def judge(report: Report, member: Member, match_id: int, *, same: bool, reason: str = "") -> None:
    """Record a caseworker's judgement on one of this case's possible matches, with the
    member's ``reason`` for it (either judgement needs one), sealed as a note on this case.

    A match that is not on this case and one with a case the member may not open get the same
    answer, so trying match ids reveals nothing about cases the member is kept from.
    """
    match = db.session.get(PossibleMatch, match_id)
    on_case = match is not None and report.id in (match.report_id, match.other_report_id)
    sides = sides_of(match, report) if match is not None and on_case else None
    if match is None or sides is None or not may_judge(member, sides[1]):
        raise CaseworkError(NOT_HERE)
    require_content(report)
    if proposed_by(match, member):
        raise CaseworkError(OWN_PROPOSAL)
    if not reason.strip():
        raise CaseworkError(SAME_REASON_MISSING if same else DIFFERENT_REASON_MISSING)
    new, other, own_no, other_no = sides
    lock_clusters(db.session)  # before anything is written, as intake matching does
    # Both cases' rows, before the audit log's lock (``intake.locks``): the other case's
    # timeline line comes after this case's audit entry.
    lock_reports([new.id, other.id])
    lock_with_content(report)  # locked already: read again, content destroyed meanwhile or not
    # Conditional, so two members judging at once cannot both act: the second finds it judged.
    judged = db.session.execute(
        update(PossibleMatch)
        .where(PossibleMatch.id == match.id, PossibleMatch.status == "open")
        .values(status="linked" if same else "rejected", decided_on=date.today())
        .execution_options(synchronize_session="fetch")
    )
    if judged.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseworkError("That possible match has already been judged")
    if same:
        _link(match, new, member)
        seal_note(report, member, reason, "same_reason")
    else:
        # The earlier person is no longer "possibly" named in the new report: score both again.
        apart = {subject_cluster(match.report_id, match.subject_no)}
        apart.add(subject_cluster(match.other_report_id, match.other_subject_no))
        rescore(db.session, {c for c in apart if c})
        seal_note(report, member, reason, "different_reason")
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


def _members(cluster_id: str) -> list[list[int]]:
    return [
        [report_id, subject_no]
        for report_id, subject_no in db.session.execute(
            select(SubjectLink.report_id, SubjectLink.subject_no)
            .where(SubjectLink.cluster_id == cluster_id)
            .order_by(SubjectLink.report_id, SubjectLink.subject_no)
        )
    ]


def _link(match: PossibleMatch, new: Report, member: Member) -> None:
    """Merge the two people's clusters and re-score them, as an automatic link would, keeping
    which subjects the merge moved so that a lead can split them again."""
    ours = subject_cluster(match.report_id, match.subject_no)
    theirs = subject_cluster(match.other_report_id, match.other_subject_no)
    earlier = db.session.get(Report, match.other_report_id)
    if ours is None or theirs is None or earlier is None:
        raise CaseworkError("One of these people is no longer on record")
    sides = {ours: _members(ours), theirs: _members(theirs)}
    survivor = SqlSubjectStore(db.session).merge([ours, theirs]) if ours != theirs else ours
    moved = sides[theirs if survivor == ours else ours] if ours != theirs else []
    link = db.session.get(SubjectLink, (match.report_id, match.subject_no))
    wrote_reason = link is not None and link.reason is None
    match.merged_side = json.dumps({"moved": moved, "wrote_reason": wrote_reason})
    if link is not None and link.reason is None:
        # The subject page shows why each report is in the cluster: here, a person's judgement.
        role = "a lead" if member.is_lead else "a caseworker"
        text = (
            f"Linked to {earlier.reference} (person {match.other_subject_no}) by {role}'s "
            "judgement of a possible match"
        )
        link.reason = seal_for(new, text.encode(), f"link:{match.subject_no}")
    rescore(db.session, {survivor})


# Splitting a person judged the same by mistake -------------------------------------------------

SPLIT_WORDING = "A lead split person {person} from a person in another report: not the same person"


@dataclass(frozen=True)
class JudgedSame:
    """A possible match judged the same person, as a lead may split it from one of its cases."""

    id: int
    subject_no: int
    other_reference: str
    other_subject_no: int


def judged_same(report: Report, member: Member) -> list[JudgedSame]:
    """This case's people linked by a judgement the member could split (both cases open to
    them), while the two are still in one cluster."""
    found = []
    for match in db.session.scalars(
        select(PossibleMatch)
        .where(
            PossibleMatch.status == "linked",
            or_(PossibleMatch.report_id == report.id, PossibleMatch.other_report_id == report.id),
        )
        .order_by(PossibleMatch.id)
    ):
        sides = sides_of(match, report)
        if sides is None or not may_judge(member, report) or not may_judge(member, sides[1]):
            continue
        if subject_cluster(match.report_id, match.subject_no) != subject_cluster(
            match.other_report_id, match.other_subject_no
        ):
            continue
        _, other, own_no, other_no = sides
        found.append(JudgedSame(match.id, own_no, other.reference, other_no))
    return found


def find_judged_same(report: Report, member: Member, match_id: int) -> JudgedSame:
    found = next((m for m in judged_same(report, member) if m.id == match_id), None)
    if found is None:
        raise CaseworkError("There is no person judged the same here that you can split")
    return found


def split(report: Report, member: Member, match_id: int, reason: str) -> None:
    """Undo a "same person" judgement (leads only, checked by the view): the subjects the merge
    moved go to a cluster of their own, the match counts as "different people" from now on (so
    the matcher never joins them again: ``SqlSubjectStore.judged_apart``), both clusters are
    re-scored, and the lead's reason is sealed as a note on this case.

    A merge recorded before sides were kept is split by the judged pair: the newer report's
    person alone leaves. People linked to the merged cluster after the judgement stay with the
    side that was the larger at merge time; the subject pages show both clusters to check.
    """
    find_judged_same(report, member, match_id)
    require_content(report)
    if not reason.strip():
        raise CaseworkError("Give the reason for splitting them")
    match = db.session.get(PossibleMatch, match_id)
    assert match is not None  # found above
    lock_clusters(db.session)
    lock_reports([match.report_id, match.other_report_id])  # as ``judge`` does
    lock_with_content(report)
    judged = db.session.execute(
        update(PossibleMatch)
        .where(PossibleMatch.id == match.id, PossibleMatch.status == "linked")
        .values(status="rejected", decided_on=date.today())
        .execution_options(synchronize_session="fetch")
    )
    if judged.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseworkError("Someone has already split them")
    merged = json.loads(match.merged_side or "{}")
    moved = {tuple(pair) for pair in merged.get("moved", [])} or {
        (match.report_id, match.subject_no)
    }
    cluster = subject_cluster(match.report_id, match.subject_no)
    assert cluster is not None  # still linked: checked by find_judged_same
    apart = uuid.uuid4().hex
    for link in db.session.scalars(select(SubjectLink).where(SubjectLink.cluster_id == cluster)):
        if (link.report_id, link.subject_no) in moved:
            link.cluster_id = apart
    if merged.get("wrote_reason"):
        # The reason said "linked by a judgement": no longer true.
        link_row = db.session.get(SubjectLink, (match.report_id, match.subject_no))
        if link_row is not None:
            link_row.reason = None
    db.session.flush()
    rescore(db.session, {cluster, apart})
    sides = sides_of(match, report)
    assert sides is not None
    _, other, own_no, other_no = sides
    seal_note(report, member, reason, "split_reason")
    log_action(
        report,
        member,
        "possible_split",
        SPLIT_WORDING.format(person=own_no),
        "possible_match_split",
        f"person {own_no} here and person {other_no} in {other.reference}",
    )
    record_event(other, "possible_split", SPLIT_WORDING.format(person=other_no), member.id)
