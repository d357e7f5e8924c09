"""A caseworker's proposal that two people triage never offered as a possible match are one.

Triage offers a possible match only where what reporters wrote makes one likely. A caseworker who
can read both reports may see more (a wrong number, a nickname, the same incident told twice): they
propose the pair, and it becomes an open ``PossibleMatch`` like any other, judged through the same
pages (both reports side by side, "same person" merges, "different people" with a sealed reason,
a lead may split or reopen), so the same audit, reasons and lead rules apply, and a judgement of
it is a constraint of ``flask triage relink`` like any other. Proposing links nobody.

The other case is named by its reference. A reference that does not exist, is another force's, is
a go-together report still waiting, has had its content destroyed, or is a case the member
declared a conflict in gets one and the same answer, so trying references teaches nothing about
cases the member is kept from.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from intake.db import db
from intake.locks import lock_and_reread, lock_reports
from intake.models import Report
from intake.submission import record_event, seal_for
from triage.casework.checks import CaseworkError, lock_with_content, require_content
from triage.casework.queries import normalise_reference
from triage.casework.timeline import log_action
from triage.matching.possible import PROPOSED, PROPOSED_WORDING, may_judge, subject_cluster
from triage.matching.sql_store import SqlSubjectStore, lock_clusters
from triage.models import Member, PossibleMatch, SubjectLink
from triage.models.subjects import with_subject_links

NO_SUCH_CASE = "There is no case with that reference that you can open"
SAME_CASE = "Give another case's reference: two people named in one report are two people"
REASON_MISSING = "Give the reason you think they are the same person"
ALREADY_ONE = "They are already linked as one person"
ALREADY_OPEN = "A possible match between them is already waiting to be judged"
JUDGED_APART = (
    "They were judged different people: a lead can reopen that judgement on either case, "
    "and it can then be judged again"
)


def people_of(report: Report) -> list[int]:
    """The numbers of the people a report names, as matching numbered them."""
    return list(
        db.session.scalars(
            select(SubjectLink.subject_no)
            .where(SubjectLink.report_id == report.id)
            .order_by(SubjectLink.subject_no)
        )
    )


def _person(report: Report, number: int | None) -> int:
    """The person numbered ``number`` in ``report``, or its only person when not given."""
    people = people_of(report)
    if number is None:
        if len(people) == 1:
            return people[0]
        if not people:
            raise CaseworkError(f"Case {report.reference} names nobody")
        raise CaseworkError(
            f"Case {report.reference} names {len(people)} people: give the number of the person"
        )
    if number not in people:
        raise CaseworkError(f"Case {report.reference} has no person {number}")
    return number


def _open_between(cluster_a: str, cluster_b: str) -> bool:
    ours, theirs = aliased(SubjectLink), aliased(SubjectLink)
    found = db.session.scalars(
        with_subject_links(select(PossibleMatch.id), ours, theirs)
        .where(
            PossibleMatch.status == "open",
            or_(
                and_(ours.cluster_id == cluster_a, theirs.cluster_id == cluster_b),
                and_(ours.cluster_id == cluster_b, theirs.cluster_id == cluster_a),
            ),
        )
        .limit(1)
    ).first()
    return found is not None


def propose(
    report: Report,
    member: Member,
    subject_no: int,
    other_reference: str,
    other_no: int | None,
    reason: str,
) -> PossibleMatch:
    """Keep an open possible match between person ``subject_no`` of ``report`` (which the view
    has checked the member may open) and a person of the case ``other_reference``, with the
    member's ``reason`` sealed as its reason, for the team to judge. Audited, and told on both
    cases' timelines, each naming only its own person."""
    reference = normalise_reference(other_reference)  # as typed: "c-bcdf 2345", "BCDF2345"
    other = db.session.scalars(select(Report).where(Report.reference == reference)).first()
    if other is None or not may_judge(member, other):
        raise CaseworkError(NO_SUCH_CASE)
    require_content(report)
    if other.id == report.id:
        raise CaseworkError(SAME_CASE)
    own_no = _person(report, subject_no)
    their_no = _person(other, other_no)
    if not reason.strip():
        raise CaseworkError(REASON_MISSING)
    lock_clusters(db.session)  # before anything is written, as judging does
    lock_reports([report.id, other.id])
    lock_with_content(report)
    # Read again once locked: the other case's content destroyed (retention, a withdrawal), or
    # a conflict declared in it, since the check above gets the same answer as before it.
    lock_and_reread(other)
    if not may_judge(member, other):
        raise CaseworkError(NO_SUCH_CASE)
    ours, theirs = subject_cluster(report.id, own_no), subject_cluster(other.id, their_no)
    if ours is None or theirs is None:
        raise CaseworkError(NO_SUCH_CASE)
    if ours == theirs:
        raise CaseworkError(ALREADY_ONE)
    if _open_between(ours, theirs):
        raise CaseworkError(ALREADY_OPEN)
    if SqlSubjectStore(db.session).judged_apart(ours, theirs):
        raise CaseworkError(JUDGED_APART)
    # The later report is the match's "new" side, as the matcher keeps them; its reason is
    # sealed on it, as the matcher's is.
    later, later_no, earlier, earlier_no = (
        (report, own_no, other, their_no)
        if (report.received_on, report.id) > (other.received_on, other.id)
        else (other, their_no, report, own_no)
    )
    role = "a lead" if member.is_lead else "a caseworker"
    said = f"Proposed by {role}, not found by triage: {reason.strip()}"
    match = PossibleMatch(
        report_id=later.id,
        subject_no=later_no,
        other_report_id=earlier.id,
        other_subject_no=earlier_no,
        probability=PROPOSED,  # triage offered nothing: the pages say it was proposed
        reason=seal_for(later, said.encode(), f"possible:{later_no}"),
        status="open",
        proposer_id=member.id,
    )
    db.session.add(match)
    log_action(
        report,
        member,
        "possible_proposed",
        PROPOSED_WORDING.format(person=own_no),
        "possible_match_proposed",
        f"person {own_no} here and person {their_no} in {other.reference}",
    )
    record_event(other, "possible_proposed", PROPOSED_WORDING.format(person=their_no), member.id)
    db.session.flush()
    # Unlike the matcher's, a proposal counts towards nobody's risk until someone else judges it
    # (``cluster_risk``): one member's view alone must not raise a colleague's score.
    return match
