"""What a force's members see of a cross-force match: "named in another force" notices.

Reads only the current force's own notices (``CrossForceNotice`` is force-owned) and the public
force table. A notice says which force, how strong the match is, which kinds of key agreed and
the other report's year: nothing of that report's content, categories or finer dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from intake.models.force import Force
from triage.matching.national import STRENGTH_WORDS, agreement_words
from triage.matching.sql_store import DbSession
from triage.models.crossforce import CrossForceNotice


@dataclass(frozen=True)
class ShownNotice:
    id: int
    report_id: int
    subject_no: int
    force_name: str
    strength: str  # in words
    agreement: list[str]  # in words
    year: int
    # Which of the other force's matches for this person it is ("match 2 of 3"), so that several
    # notices are told apart; 1 of 1 when it is the only one. A match, not a report: one report
    # there naming the person twice gives two.
    number: int = 1
    of: int = 1


def notices_of(session: DbSession, subjects: Iterable[tuple[int, int]]) -> list[ShownNotice]:
    """The notices about the given (report id, subject number) pairs, by subject then year."""
    wanted = set(subjects)
    if not wanted:
        return []
    found = session.execute(
        select(CrossForceNotice, Force.name)
        .join(Force, Force.id == CrossForceNotice.other_force_id)
        .where(CrossForceNotice.report_id.in_({r for r, _ in wanted}))
        # The id last: a stable order among one force's notices of one year.
        .order_by(
            CrossForceNotice.subject_no,
            CrossForceNotice.other_year,
            Force.name,
            CrossForceNotice.id,
        )
    ).all()
    rows = [(n, name) for n, name in found if (n.report_id, n.subject_no) in wanted]
    same = Counter((n.report_id, n.subject_no, n.other_force_id) for n, _ in rows)
    counted: Counter[tuple[int, int, int]] = Counter()
    shown = []
    for notice, force_name in rows:
        whose = (notice.report_id, notice.subject_no, notice.other_force_id)
        counted[whose] += 1
        shown.append(
            ShownNotice(
                id=notice.id,
                report_id=notice.report_id,
                subject_no=notice.subject_no,
                force_name=force_name,
                strength=STRENGTH_WORDS.get(notice.strength, notice.strength),
                agreement=agreement_words(notice.agreement),
                year=notice.other_year,
                number=counted[whose],
                of=same[whose],
            )
        )
    return shown


def notices_of_report(session: DbSession, report_id: int) -> list[ShownNotice]:
    numbers = session.scalars(
        select(CrossForceNotice.subject_no).where(CrossForceNotice.report_id == report_id)
    )
    return notices_of(session, [(report_id, n) for n in set(numbers)])
