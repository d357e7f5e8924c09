"""Why ``flask triage relink`` put a person with earlier reports, sealed on each link it moved.

A link's reason is written when its report arrives and says why it joined the person it joined
then, or nothing if nobody earlier was that person. Relink moves subjects between people (a
roster imported, a judgement, a later report that joins two), and a reason left as it was then
said something untrue: a subject joined to earlier reports by the roster showed "Later reports
were linked to this one", and one split off still named the reports it was taken from. So each
subject relink moves gets its reason written again, from tokens alone (nothing is decrypted):
what it shares with each earlier report of its new person, or that the team judged them one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import bindparam, select, update

from intake.models import Report, TeamKey
from intake.models.report import record_of
from intake.sealing import seal
from triage.matching.evidence import evidence_of
from triage.matching.reasons import phrases
from triage.matching.sql_store import DbSession
from triage.matching.store import SubjectRef
from triage.matching.tokens import Token
from triage.models.subjects import SubjectLink

BATCH = 500  # reports read per statement (within SQLite's 999 variables)


def relinked_reason(
    ref: SubjectRef,
    earlier: list[SubjectRef],
    subjects: dict[SubjectRef, set[Token]],
    judged_same: set[frozenset[SubjectRef]],
    references: dict[int, str],
    day: date,
) -> str | None:
    """The reason for ``ref``'s link to the ``earlier`` subjects of its person (arrival order),
    one line for each it has something in common with, in the form arrival writes."""
    when = f"found when every report was matched again on {day.day} {day:%B %Y}"
    lines = []
    for other in earlier:
        if frozenset((ref, other)) in judged_same:
            why = "judged the same person by the team"
        else:
            said = phrases(evidence_of(subjects[ref], subjects[other]), {})
            if not said:
                continue
            why = "; ".join(said)
        reference = references.get(int(other[0]), "an earlier report")
        lines.append(f"Linked to {reference} (person {other[1]}): {why}; {when}")
    if earlier and not lines:
        # Joined through the person's other reports, with nothing in common with any one.
        reference = references.get(int(earlier[-1][0]), "an earlier report")
        lines.append(
            f"Linked to {reference} (person {earlier[-1][1]}): through other reports about this "
            f"person; {when}"
        )
    return "\n".join(lines) or None


def write_relinked_reasons(
    session: DbSession,
    subjects: dict[SubjectRef, set[Token]],
    old: dict[SubjectRef, str],
    new: dict[SubjectRef, str],
    moved: list[SubjectRef],
    same: list[tuple[SubjectRef, SubjectRef]],
    day: date,
) -> None:
    """Write again the reason of every subject whose earlier reports about its person changed
    (``subjects`` is in arrival order, ``old`` and ``new`` each subject's cluster before and
    after relink, ``moved`` those whose cluster changed): sealed, or cleared for one now the
    first report about its person. A subject an earlier one joined keeps its cluster id but not
    its reason (the earlier one moved, it did not), so clusters are compared, not ids."""
    if not moved:
        return
    touched = {new[ref] for ref in moved} | {old[ref] for ref in moved if ref in old}
    order = {ref: number for number, ref in enumerate(subjects)}
    before: dict[str, list[SubjectRef]] = defaultdict(list)
    after: dict[str, list[SubjectRef]] = defaultdict(list)
    for ref in subjects:
        if old.get(ref) in touched:
            before[old[ref]].append(ref)
        if new[ref] in touched:
            after[new[ref]].append(ref)

    def earlier(members: list[SubjectRef], ref: SubjectRef) -> list[SubjectRef]:
        return [m for m in members if order[m] < order[ref] and m[0] != ref[0]]

    judged_same = {frozenset(pair) for pair in same}
    earlier_of = {}
    for members in after.values():
        for ref in members:
            now = earlier(members, ref)
            if ref not in old or now != earlier(before[old[ref]], ref):
                earlier_of[ref] = now
    if not earlier_of:
        return
    rewritten = list(earlier_of)
    wanted = sorted(
        {int(ref[0]) for ref in rewritten} | {int(m[0]) for e in earlier_of.values() for m in e}
    )
    # Only what sealing and the references need: a report's content is not read.
    rows: dict[int, tuple[str, int]] = {}
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        found = session.execute(
            select(Report.id, Report.reference, Report.team_key_id).where(Report.id.in_(batch))
        )
        rows.update((report_id, (reference, key)) for report_id, reference, key in found)
    references = {report_id: reference for report_id, (reference, _) in rows.items()}
    keys = {key.id: key for key in session.scalars(select(TeamKey))}
    written = []
    for ref in rewritten:
        reference, key_id = rows[int(ref[0])]
        text = relinked_reason(ref, earlier_of[ref], subjects, judged_same, references, day)
        key = keys[key_id]
        sealed = (
            seal(
                key.public_key,
                key.id,
                text.encode(),
                record=record_of(reference),
                field=f"link:{ref[1]}",
            )
            if text
            else None
        )
        written.append({"r": int(ref[0]), "n": ref[1], "s": sealed})
    statement = (
        update(SubjectLink)
        .where(SubjectLink.report_id == bindparam("r"), SubjectLink.subject_no == bindparam("n"))
        .values(reason=bindparam("s"))
    )
    connection = session.connection()
    for start in range(0, len(written), BATCH):
        connection.execute(statement, written[start : start + BATCH])
