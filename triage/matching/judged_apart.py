"""People judged different: possible matches a caseworker answered "No, different people" (or a
lead split after a "same person" judgement), as each of the two cases shows them, and a lead's
reopening of one judged wrongly.

A judgement of "different people" is a constraint the matcher keeps for ever
(``SqlSubjectStore.judged_apart``, and ``flask triage relink``): the two people are never joined,
whatever later reports say. A mistaken one would hide a repeat subject, so both cases list it,
and a lead can put it back among the possible matches to judge, with a sealed reason, audited on
both cases. Reopening joins nobody: it only lets the match be judged again and the matcher weigh
the two people again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update

from intake.db import db
from intake.locks import lock_reports
from intake.models import Report
from intake.submission import record_event
from triage.casework.checks import CaseworkError, lock_with_content, require_content
from triage.casework.timeline import log_action, seal_note
from triage.matching.cluster_risk import rescore
from triage.matching.possible import may_judge, sides_of, subject_cluster
from triage.matching.roster_store import resolved_mentions
from triage.matching.sql_store import lock_clusters
from triage.models import Member, PossibleMatch

REOPEN_WORDING = (
    "A lead reopened the judgement that person {person} is not the person in another report"
)


@dataclass(frozen=True)
class JudgedDifferent:
    """A possible match judged "different people", as seen from one of its two cases."""

    id: int
    subject_no: int  # the person on the case being viewed
    other_reference: str
    other_subject_no: int
    decided_on: date | None
    split: bool  # judged the same first, then split by a lead
    # Both people resolved to one person on the force roster (imported, or re-resolved by
    # relink, after the judgement): the case says so, for a lead to look at it again.
    roster_same: bool = False


def judged_different(report: Report, member: Member) -> list[JudgedDifferent]:
    """This case's people judged different from a person in another case the member may open
    (neither recused from, waiting nor destroyed), oldest judgement first."""
    if not may_judge(member, report):
        return []
    found = []
    for match in db.session.scalars(
        select(PossibleMatch)
        .where(
            PossibleMatch.status == "rejected",
            or_(PossibleMatch.report_id == report.id, PossibleMatch.other_report_id == report.id),
        )
        .order_by(PossibleMatch.decided_on, PossibleMatch.id)
    ):
        sides = sides_of(match, report)
        if sides is None or not may_judge(member, sides[1]):
            continue
        _, other, own_no, other_no = sides
        people = {
            (report_id, subject_no): person
            for report_id, subject_no, person in resolved_mentions(
                db.session, {report.id, other.id}
            )
        }
        own_person = people.get((report.id, own_no))
        found.append(
            JudgedDifferent(
                match.id,
                own_no,
                other.reference,
                other_no,
                match.decided_on,
                match.merged_side is not None,
                own_person is not None and own_person == people.get((other.id, other_no)),
            )
        )
    return found


def find_judged_different(report: Report, member: Member, match_id: int) -> JudgedDifferent:
    found = next((m for m in judged_different(report, member) if m.id == match_id), None)
    if found is None:
        raise CaseworkError("There is no judgement of different people here that you can reopen")
    return found


def reopen(report: Report, member: Member, match_id: int, reason: str) -> None:
    """Put a "different people" judgement back among the possible matches to judge (leads only,
    checked by the view): the two people may be weighed and linked again, both clusters are
    re-scored (the earlier person counts as "possibly" named again), and the lead's reason is
    sealed as a note on this case."""
    judged = find_judged_different(report, member, match_id)
    require_content(report)
    if not reason.strip():
        raise CaseworkError("Give the reason for reopening the judgement")
    lock_clusters(db.session)
    # Both cases' rows, before the audit log's lock (``intake.locks``): the other case's
    # timeline line comes after this case's audit entry.
    match = db.session.get(PossibleMatch, match_id)
    assert match is not None  # listed by ``find_judged_different`` just above
    lock_reports([match.report_id, match.other_report_id])
    lock_with_content(report)  # locked already: read again, content destroyed meanwhile or not
    # Conditional, so two leads reopening at once (or a reopen racing a new judgement) act once.
    reopened = db.session.execute(
        update(PossibleMatch)
        .where(PossibleMatch.id == match_id, PossibleMatch.status == "rejected")
        .values(status="open", decided_on=None, merged_side=None)
        .execution_options(synchronize_session="fetch")
    )
    if reopened.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseworkError("Someone has already reopened that judgement")
    sides = sides_of(match, report)
    assert sides is not None  # found and updated just above
    other = sides[1]
    clusters = {
        subject_cluster(match.report_id, match.subject_no),
        subject_cluster(match.other_report_id, match.other_subject_no),
    }
    rescore(db.session, {c for c in clusters if c})
    seal_note(report, member, reason, "judgement_reopened")
    log_action(
        report,
        member,
        "possible_reopened",
        REOPEN_WORDING.format(person=judged.subject_no),
        "possible_match_reopened",
        f"person {judged.subject_no} here and person {judged.other_subject_no} in "
        f"{judged.other_reference}",
    )
    record_event(
        other, "possible_reopened", REOPEN_WORDING.format(person=judged.other_subject_no), member.id
    )
