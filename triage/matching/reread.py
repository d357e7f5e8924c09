"""Reading every report's named people again: ``flask triage reread``.

A subject's tokens are made once, from the reporter's answers in clear, as the report arrives.
When a later version of Candour reads names better ("Sgt Smith, Brixton" as a Brixton sergeant,
not a Brixton Smith), or knows more about units (a numbered team, a borough), reports that came
before it keep the tokens the old reader made, and ``flask triage relink`` cannot mend them: it
sees tokens only. This opens each report's sealed answers with the team keys, makes each named
person's tokens again as ``on_arrival`` does today, and replaces those that differ. The roster's
tokens are left for the relink that follows, which re-resolves every subject from its readings.

Plaintext exists only inside ``reread`` for one report at a time, and nothing here logs, prints
or returns any of it: the result is counts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from intake.models import Report
from intake.models.ids import random_id
from intake.models.report import record_of
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.tenancy import current_force_id
from triage.matching.on_arrival import named_people, unit_hashes
from triage.matching.relink import ROSTER_KINDS
from triage.matching.sql_store import DbSession
from triage.matching.tokens import (
    SubjectInput,
    Token,
    kept_tokens,
    tokenised_readings,
)
from triage.models.subjects import SubjectLink, SubjectToken

# Reports opened at a time (their sealed answers are held in memory until read).
BATCH = 500
PROGRESS_EVERY = 10_000
WRITE_BATCH = 5_000  # signals written a statement

Progress = Callable[[int, int], None]
"""Told how many reports have been read so far, and how many there are."""


@dataclass(frozen=True)
class RereadResult:
    reports: int  # reports whose answers were read again
    subjects: int  # people named in them
    changed: int  # people whose tokens the reader now makes differently
    destroyed: int  # reports whose content was destroyed (withdrawn, or under retention)
    unopened: int  # reports these keys cannot open
    # Each report whose named people's units now hash differently, with its new signals: written
    # by ``write_signals`` only under the force's cluster lock, as arrivals' re-scoring locks
    # report rows too.
    signals: dict[int, str]


def reread(
    session: DbSession,
    keys: Mapping[int, TeamPrivateKey],
    secret: bytes,
    progress: Progress | None = None,
) -> RereadResult:
    """Read every report's named people again and replace the tokens that differ, in the
    caller's transaction. Links, clusters and roster tokens are left for ``relink``."""
    ids = list(session.scalars(select(Report.id).order_by(Report.id)))
    counts: Counter[str] = Counter()
    signals: dict[int, str] = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stored = _stored_tokens(session, batch)
        linked = _linked_subjects(session, batch)
        # Columns, not Report objects: a million reports' sealed answers must not pile up in the
        # session.
        rows = session.execute(
            select(
                Report.id,
                Report.reference,
                Report.content,
                Report.content_destroyed_on,
                Report.pattern_signals,
            ).where(Report.id.in_(batch))
        ).all()
        remade: dict[tuple[int, int], set[Token]] = {}
        changed_reports: set[int] = set()
        for report_id, reference, content, destroyed_on, kept_signals in rows:
            if destroyed_on is not None or not content:
                counts["destroyed"] += 1
                continue
            try:
                sealed = open_sealed(keys, content, record=record_of(reference), field="report")
            except SealError:
                counts["unopened"] += 1
                continue
            counts["reports"] += 1
            people = named_people(json.loads(sealed))
            for number, person in enumerate(people, start=1):
                if (report_id, number) not in linked:
                    continue  # never matched (sent before matching was switched on)
                counts["subjects"] += 1
                fresh = remade[report_id, number] = kept_tokens(tokenised_readings(person, secret))
                if fresh != stored.get((report_id, number), set()):
                    counts["changed"] += 1
                    changed_reports.add(report_id)
            if (remade_signals := _with_units_read_again(kept_signals, people, secret)) is not None:
                signals[report_id] = remade_signals
        _replace(session, {ref: t for ref, t in remade.items() if ref[0] in changed_reports})
        done = min(start + BATCH, len(ids))
        if progress and (done % PROGRESS_EVERY < BATCH or done == len(ids)):
            progress(done, len(ids))
    return RereadResult(
        counts["reports"],
        counts["subjects"],
        counts["changed"],
        counts["destroyed"],
        counts["unopened"],
        signals,
    )


def _stored_tokens(session: DbSession, report_ids: list[int]) -> dict[tuple[int, int], set[Token]]:
    """Each subject's stored tokens other than the roster's."""
    rows = session.execute(
        select(
            SubjectToken.report_id, SubjectToken.subject_no, SubjectToken.kind, SubjectToken.token
        ).where(SubjectToken.report_id.in_(report_ids), SubjectToken.kind.not_in(ROSTER_KINDS))
    )
    stored: dict[tuple[int, int], set[Token]] = {}
    for report_id, subject_no, kind, token in rows:
        stored.setdefault((report_id, subject_no), set()).add((kind, bytes(token).hex()))
    return stored


def _linked_subjects(session: DbSession, report_ids: list[int]) -> set[tuple[int, int]]:
    rows = session.execute(
        select(SubjectLink.report_id, SubjectLink.subject_no).where(
            SubjectLink.report_id.in_(report_ids)
        )
    )
    return {(report_id, subject_no) for report_id, subject_no in rows}


def _replace(session: DbSession, subjects: dict[tuple[int, int], set[Token]]) -> None:
    """The tokens other than the roster's of these subjects' reports replaced by the subjects'
    (every linked subject of each report is among them): one statement of each kind a batch."""
    if not subjects:
        return
    session.execute(
        delete(SubjectToken).where(
            SubjectToken.report_id.in_({report_id for report_id, _ in subjects}),
            SubjectToken.kind.not_in(ROSTER_KINDS),
        )
    )
    force = current_force_id()  # given, not defaulted row by row: a batch is 20,000 rows
    rows = [
        {
            "id": random_id(),
            "force_id": force,
            "report_id": report_id,
            "subject_no": number,
            "kind": kind,
            "token": bytes.fromhex(value),
        }
        for (report_id, number), tokens in subjects.items()
        for kind, value in sorted(tokens)
    ]
    if rows:  # the reader may now find nothing to match on ("my tutor")
        session.execute(insert(SubjectToken.__table__), rows)


def _with_units_read_again(
    kept: str | None, people: list[SubjectInput], secret: bytes
) -> str | None:
    """The report's signals with its named people's units hashed as the reader now reads them
    ("Sgt Smith, Brixton" says a unit), or None if they are unchanged. The rest stays as it
    was: the categories are not in the sealed answers, and the rest does not change."""
    if not kept:
        return None
    signals = json.loads(kept)
    units = unit_hashes(people, secret)
    if signals.get("units", {}) == units:
        return None
    signals["units"] = units
    return json.dumps(signals, sort_keys=True)


def write_signals(session: DbSession, signals: dict[int, str]) -> None:
    """Store the signals ``reread`` remade (the caller holds the force's cluster lock)."""
    rows = [{"id": report_id, "pattern_signals": text} for report_id, text in signals.items()]
    for start in range(0, len(rows), WRITE_BATCH):
        session.execute(update(Report), rows[start : start + WRITE_BATCH])  # by primary key
