"""Both reports of a possible match side by side, decrypted for the member about to confirm that
they name the same person: each report's own words, the roster person each side resolved to, and
the matcher's reason with the surname as both reporters wrote it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, open_sealed
from intake.vocabulary import named_people
from triage.casework.checks import CaseworkError
from triage.matching import names
from triage.matching.possible import NOT_HERE, OpenPossibleMatch, open_matches
from triage.matching.related import Keys
from triage.matching.roster import RosterEntry
from triage.matching.roster_store import SqlRoster, roster_people, roster_people_of
from triage.models import Member, PossibleMatch, SubjectLink


class AlreadyJudged(CaseworkError):
    """The possible match asked for was judged (by this member or another) since the link."""


def _judged_already(report: Report, match_id: int) -> str | None:
    """What a possible match of this report was judged, if it was (Back onto its confirmation
    page after judging it, say), in words for the member."""
    judged = db.session.get(PossibleMatch, match_id)
    if judged is None or report.id not in (judged.report_id, judged.other_report_id):
        return None
    if judged.status == "linked":
        return "That possible match has already been judged the same person"
    if judged.status == "rejected":
        return "That possible match has already been judged different people"
    return None


@dataclass(frozen=True)
class SideBySide:
    match: OpenPossibleMatch
    this_report: Report
    other_report: Report
    this_content: dict[str, object] | None
    other_content: dict[str, object] | None
    # The roster person each side's mention was resolved to, if any: two different people on
    # the roster are never the same, and one person on both sides is strong evidence.
    this_roster: RosterEntry | None = None
    other_roster: RosterEntry | None = None
    roster_imported: bool = False  # without a roster, "not matched on it" would mislead
    # The roster people each side's whole group (cluster) was resolved to, when the two groups
    # hold different people: linking would join people the roster says are two, which triage
    # never does itself, so the page says so before a member does it.
    roster_apart: tuple[list[RosterEntry], list[RosterEntry]] | None = None


# The matcher's words for a surname, quoting only the new reporter's spelling: "same surname
# (Smyth)" was sealed for Smith against Smyth before "similar surname" was said instead.
_SURNAME_SAID = re.compile(r"\b(?:same|similar) surname \(([^)]*)\)")


def _surname(content: dict[str, object] | None, person_no: int) -> str | None:
    people = named_people(content) if content is not None else []
    person = people[person_no - 1] if 0 < person_no <= len(people) else {}
    surname = names.parse_name(str(person.get("name") or "")).surname
    return surname.capitalize() if surname else None


def surnames_compared(reason: str | None, this: str | None, other: str | None) -> str | None:
    """The matcher's reason with the surname said as both reporters wrote it, now that the
    member has both reports open: "similar surname (Smith / Smyth)", or "same surname (Smith)"
    when they wrote one name."""
    if reason is None or this is None or other is None:
        return reason
    if names.fold(this).lower() == names.fold(other).lower():
        said = f"same surname ({this})"
    else:
        said = f"similar surname ({this} / {other})"
    return _SURNAME_SAID.sub(said, reason)


def side_by_side(report: Report, member: Member, keys: Keys, match_id: int) -> SideBySide:
    """Both reports' own words, decrypted for the member (who may open both), for the page that
    confirms they name the same person. The caller audits the decryption of each."""
    match = next((m for m in open_matches(report, member, keys) if m.id == match_id), None)
    if match is None:
        judged = _judged_already(report, match_id)
        raise AlreadyJudged(judged) if judged else CaseworkError(NOT_HERE)
    other = db.session.scalars(
        select(Report).where(Report.reference == match.other_reference)
    ).one()

    def content(of: Report) -> dict[str, object] | None:
        try:
            opened: dict[str, object] = json.loads(
                open_sealed(keys, of.content, record=of.record, field="report")
            )
        except SealError:
            return None
        return opened

    def resolved(of: Report, person_no: int) -> RosterEntry | None:
        found = roster_people_of(db.session, of.id, dict(keys))
        return next((entry for number, entry in found if number == person_no), None)

    def group(of: Report, person_no: int) -> list[RosterEntry]:
        cluster = db.session.scalar(
            select(SubjectLink.cluster_id).where(
                SubjectLink.report_id == of.id, SubjectLink.subject_no == person_no
            )
        )
        members = db.session.execute(
            select(SubjectLink.report_id, SubjectLink.subject_no).where(
                SubjectLink.cluster_id == cluster
            )
        )
        people = [(report_id, subject_no) for report_id, subject_no in members]
        return [entry for entry, _ in roster_people(db.session, people, dict(keys))]

    this_content, other_content = content(report), content(other)
    this_group, other_group = group(report, match.subject_no), group(other, match.other_subject_no)
    apart = any(a != b for a in this_group for b in other_group)
    reason = surnames_compared(
        match.reason,
        _surname(this_content, match.subject_no),
        _surname(other_content, match.other_subject_no),
    )
    return SideBySide(
        replace(match, reason=reason),
        report,
        other,
        this_content,
        other_content,
        resolved(report, match.subject_no),
        resolved(other, match.other_subject_no),
        SqlRoster(db.session).exists(),
        (this_group, other_group) if apart else None,
    )
