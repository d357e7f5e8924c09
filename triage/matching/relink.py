"""Re-resolving every person named, from tokens alone: ``flask triage relink``.

Matching one report at a time, in the order they arrive, can never undo an early mistake nor
join two people once a later report (or a newly imported roster) shows they are one. This
replays every stored subject through the same ``match_subject``, in arrival order, after
re-resolving each against the current roster, and keeps caseworker judgements as constraints:
pairs judged different are never joined, pairs judged the same are joined afterwards. Nothing is
decrypted: only tokens, clusters and judgements are read.

The new clusters keep the old cluster ids wherever most of their members were, so running it
twice changes nothing, and the changes are applied in the caller's transaction: subjects moved,
roster tokens replaced, clusters re-scored, go-together reports released where a person is now
named by someone else.
"""

from __future__ import annotations

import gc
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Executable, bindparam, delete, insert, or_, select, update

from intake.models import Report
from triage.matching.linking import match_subject
from triage.matching.relink_reasons import write_relinked_reasons
from triage.matching.roster import LIKELY_KIND, MAYBE_KIND, PERSON_KIND, RosterLookup, resolve
from triage.matching.sql_store import DbSession
from triage.matching.store import InMemorySubjectStore, SubjectRef
from triage.matching.tokens import Token, readings_of
from triage.matching.weights import Weights
from triage.matching.weights_store import latest_weights
from triage.models.subjects import PossibleMatch, SubjectLink, SubjectToken

ROSTER_KINDS = frozenset({PERSON_KIND, MAYBE_KIND, LIKELY_KIND})


@dataclass(frozen=True)
class RelinkResult:
    subjects: int
    moved: int  # subjects whose cluster changed
    merged: int  # old clusters absorbed into another
    split: int  # old clusters whose members now sit in more than one cluster
    roster_changed: int  # subjects whose roster tokens changed
    clusters: frozenset[str]  # every cluster touched (old and new ids)


# Rows read at a time while streaming every subject's tokens.
READ_BATCH = 10_000
# Subjects moved or re-resolved written per statement batch.
WRITE_BATCH = 5_000

Progress = Callable[[str, int], None]
"""Told what is being done and how many so far every ``PROGRESS_EVERY`` subjects."""
PROGRESS_EVERY = 50_000


def stored_subjects(
    session: DbSession, progress: Progress | None = None
) -> dict[SubjectRef, set[Token]]:
    """Every subject's tokens, in arrival order (received day, then report id).

    Streamed, and each distinct token is held once however many subjects share it (a surname's
    tokens are shared by thousands): at a national scale that is most of relink's memory."""
    rows = session.execute(
        select(
            SubjectToken.report_id, SubjectToken.subject_no, SubjectToken.kind, SubjectToken.token
        ),
        execution_options={"yield_per": READ_BATCH},
    )
    # By kind and value: a ``person`` and a ``maybe`` token share their value.
    shared: dict[tuple[str, bytes], Token] = {}
    subjects: dict[SubjectRef, set[Token]] = {}
    for report_id, subject_no, kind, token in rows:
        key = (kind, bytes(token))
        held = shared.get(key)
        if held is None:
            held = shared[key] = (kind, key[1].hex())
        ref = (str(report_id), subject_no)
        tokens = subjects.get(ref)
        if tokens is None:
            tokens = subjects[ref] = set()
            if progress and len(subjects) % PROGRESS_EVERY == 0:
                progress("subjects read", len(subjects))
        tokens.add(held)
    del shared
    # Subjects named with nothing usable have a link but no tokens.
    links = session.execute(
        select(SubjectLink.report_id, SubjectLink.subject_no)
        .join(Report, Report.id == SubjectLink.report_id)
        .order_by(Report.received_on, Report.id, SubjectLink.subject_no)
    )
    ordered: dict[SubjectRef, set[Token]] = {}
    for report_id, subject_no in links:
        ref = (str(report_id), subject_no)
        ordered[ref] = subjects.get(ref, set())
    return ordered


def judgements(session: DbSession) -> tuple[list[tuple[SubjectRef, SubjectRef]], ...]:
    """Pairs of subjects caseworkers judged the same person, and pairs they judged different."""
    rows = session.execute(
        select(
            PossibleMatch.report_id,
            PossibleMatch.subject_no,
            PossibleMatch.other_report_id,
            PossibleMatch.other_subject_no,
            PossibleMatch.status,
        ).where(PossibleMatch.status.in_(("linked", "rejected")))
    )
    same: list[tuple[SubjectRef, SubjectRef]] = []
    apart: list[tuple[SubjectRef, SubjectRef]] = []
    for a, a_no, b, b_no, status in rows:
        pair = ((str(a), a_no), (str(b), b_no))
        (same if status == "linked" else apart).append(pair)
    return same, apart


def _reresolve(
    stored: dict[SubjectRef, set[Token]], roster: RosterLookup | None, progress: Progress | None
) -> dict[SubjectRef, set[Token]]:
    """Each subject's tokens with its roster tokens found again: every reading of its name that
    arrival kept (``tokens.other_readings``), asked of the current roster."""
    subjects: dict[SubjectRef, set[Token]] = {}
    for done, (ref, tokens) in enumerate(stored.items(), start=1):
        base = {t for t in tokens if t[0] not in ROSTER_KINDS}
        if roster is not None:
            base |= resolve(readings_of(base), roster).tokens()
        # Unchanged (the usual case): share the stored set rather than hold a second copy.
        subjects[ref] = tokens if base == tokens else base
        if progress and done % PROGRESS_EVERY == 0:
            progress("subjects re-resolved on the roster", done)
    return subjects


def replay(
    subjects: dict[SubjectRef, set[Token]],
    same: list[tuple[SubjectRef, SubjectRef]],
    apart: list[tuple[SubjectRef, SubjectRef]],
    progress: Progress | None = None,
    weights: Weights | None = None,
) -> InMemorySubjectStore:
    """Match every subject again in the order given, under the caseworkers' judgements,
    weighing with ``weights`` (the hand-set ones when None)."""
    store = InMemorySubjectStore()
    for a, b in apart:
        store.judge_apart(a, b)
    counter = iter(range(1, len(subjects) + 1))
    for done, (ref, tokens) in enumerate(subjects.items(), start=1):
        match_subject(
            store,
            ref,
            tokens,
            ref[0],
            new_cluster_id=lambda: f"new{next(counter)}",
            weights=weights,
        )
        if progress and done % PROGRESS_EVERY == 0:
            progress("subjects replayed", done)
    for a, b in same:
        if a in subjects and b in subjects:
            ca, cb = store.cluster_of(a), store.cluster_of(b)
            if ca != cb and not store.judged_apart(ca, cb):
                store.merge([ca, cb])
    return store


def _in_batches(
    session: DbSession,
    statement: Executable,
    rows: list[dict[str, Any]],
    progress: Progress | None,
    what: str,
) -> None:
    """``statement`` once per row, sent as executemany batches (not one round trip each)."""
    connection = session.connection()
    for start in range(0, len(rows), WRITE_BATCH):
        connection.execute(statement, rows[start : start + WRITE_BATCH])
        if progress and (start // WRITE_BATCH) % 10 == 9:
            progress(what, start + WRITE_BATCH)


def _keep_old_ids(store: InMemorySubjectStore, old: dict[SubjectRef, str]) -> dict[SubjectRef, str]:
    """Each new cluster takes the old id most of its members had, biggest clusters first, so an
    unchanged person keeps their id (and a second run finds nothing to change)."""
    clusters = sorted(store.clusters().values(), key=lambda m: (-len(m), min(m)))
    taken: set[str] = set()
    result: dict[SubjectRef, str] = {}
    for members in clusters:
        votes = Counter(old[ref] for ref in members if ref in old)
        choice = next((c for c, _ in votes.most_common() if c not in taken), None)
        cluster_id = choice or uuid.uuid4().hex
        taken.add(cluster_id)
        for ref in members:
            result[ref] = cluster_id
    return result


def relink(
    session: DbSession,
    roster: RosterLookup | None,
    progress: Progress | None = None,
    *,
    reasons: bool = True,
) -> RelinkResult:
    """Re-cluster every subject with the latest stored weights and apply the changes (the
    caller commits and audits).

    ``roster`` is asked once per subject: give it in memory (``roster_store.load_roster``) to
    spare a round trip each. ``reasons`` False leaves the links' reasons as they are (the
    benchmark's bare report table has no references or team key to seal them to)."""
    # Millions of token tuples and sets are made and kept here, none of them in a cycle: the
    # cyclic collector would only scan them again and again as they grow (reading 1,000,000
    # reports' tokens slowed down many times over), so it is paused until relink is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _relink(session, roster, progress, reasons)
    finally:
        if collecting:
            gc.enable()


def _relink(
    session: DbSession, roster: RosterLookup | None, progress: Progress | None, reasons: bool
) -> RelinkResult:
    stored = stored_subjects(session, progress)
    old = {
        (str(r), n): c
        for r, n, c in session.execute(
            select(SubjectLink.report_id, SubjectLink.subject_no, SubjectLink.cluster_id)
        )
    }
    subjects = _reresolve(stored, roster, progress)
    same, apart = judgements(session)
    store = replay(subjects, same, apart, progress, latest_weights(session))
    new = _keep_old_ids(store, old)

    moved = [ref for ref in subjects if new[ref] != old.get(ref)]
    if reasons:
        write_relinked_reasons(session, subjects, old, new, moved, same, date.today())
    _in_batches(
        session,
        update(SubjectLink)
        .where(SubjectLink.report_id == bindparam("r"), SubjectLink.subject_no == bindparam("n"))
        .values(cluster_id=bindparam("c")),
        [{"r": int(ref[0]), "n": ref[1], "c": new[ref]} for ref in moved],
        progress,
        "subjects moved",
    )
    # ``_reresolve`` keeps the stored set itself wherever nothing changed.
    changed_roster = [ref for ref in subjects if subjects[ref] is not stored[ref]]
    _in_batches(
        session,
        delete(SubjectToken).where(
            SubjectToken.report_id == bindparam("r"),
            SubjectToken.subject_no == bindparam("n"),
            # Not ``in_``: an expanding IN cannot be sent as executemany.
            or_(*(SubjectToken.kind == kind for kind in sorted(ROSTER_KINDS))),
        ),
        [{"r": int(ref[0]), "n": ref[1]} for ref in changed_roster],
        progress,
        "subjects' old roster tokens cleared",
    )
    _in_batches(
        session,
        insert(SubjectToken),
        [
            {"report_id": int(ref[0]), "subject_no": ref[1], "kind": k, "token": bytes.fromhex(v)}
            for ref in changed_roster
            for k, v in sorted(t for t in subjects[ref] if t[0] in ROSTER_KINDS)
        ],
        progress,
        "roster tokens written",
    )
    old_members: dict[str, set[str]] = defaultdict(set)
    for ref in subjects:
        if ref in old:
            old_members[old[ref]].add(new[ref])
    split = sum(1 for targets in old_members.values() if len(targets) > 1)
    surviving = set(new.values())
    merged = sum(1 for cluster_id in old_members if cluster_id not in surviving)
    touched = frozenset({new[ref] for ref in moved} | {old[ref] for ref in moved if ref in old})
    session.flush()
    return RelinkResult(len(subjects), len(moved), merged, split, len(changed_roster), touched)
