"""``flask triage relink`` for one force: re-cluster, then apply what changed safely.

Relinking a large force takes minutes, and arrivals must not wait that long (a reporter's
submission holds its transaction open while it matches). So the re-clustering runs without the
force's cluster lock, and before committing it takes the lock and checks that nothing it read
has changed meanwhile: a report that arrived, or a caseworker's judgement, in between would
otherwise be overwritten by the older picture (a person split, a judgement undone). If anything
changed, nothing is written and the command says to run it again. (Once it holds the lock, no
arrival can commit until it does.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy import func, select

from intake.models import Report
from intake.tenancy import current_force_id
from triage import audit
from triage.matching import national
from triage.matching.cluster_risk import rescore
from triage.matching.on_arrival import release_escrow
from triage.matching.relink import relink
from triage.matching.roster_store import load_roster
from triage.matching.sql_store import DbSession, lock_clusters
from triage.models.subjects import PossibleMatch, SubjectLink

CHUNK = 1000  # clusters released and re-scored per statement


def matching_state(session: DbSession) -> tuple[int, ...]:
    """What a relink's picture rests on, in figures relink itself never changes: reports, those
    whose content was destroyed, people named, and possible matches and those judged. Every
    arrival adds a report and its people; a withdrawal or retention destroys a report's content
    and its tokens; every judgement judges a possible match."""
    reports, destroyed = session.execute(
        select(
            func.count(), func.count().filter(Report.content_destroyed_on.is_not(None))
        ).select_from(Report)
    ).one()
    links = session.scalar(select(func.count()).select_from(SubjectLink)) or 0
    matches, judged = session.execute(
        select(func.count(), func.count().filter(PossibleMatch.status != "open")).select_from(
            PossibleMatch
        )
    ).one()
    return reports, destroyed, links, matches, judged


def relink_current_force(
    session: DbSession,
    dry_run: bool,
    echo: Callable[[str], None],
    *,
    since: tuple[int, ...] | None = None,
    under_lock: Callable[[], None] | None = None,
) -> bool:
    """Relink the current force; returns False if it changed meanwhile and nothing was written.

    A caller that changed tokens first (``flask triage reread``) gives the ``matching_state``
    its changes rest on as ``since``, and ``under_lock`` writes what must wait for the force's
    cluster lock (rows that arrivals lock too), just before the relink's own changes."""
    started = time.perf_counter()
    before = since or matching_state(session)
    result = relink(session, load_roster(session), progress=lambda s, n: echo(f"  {s}: {n}"))
    # The changes first: "Would change: 309 subjects" read as if every subject would.
    read = f"{result.subjects} subject" + ("" if result.subjects == 1 else "s")
    summary = (
        f"{result.moved} moved, {result.merged} "
        f"{'cluster' if result.merged == 1 else 'clusters'} merged into others, {result.split} "
        f"split, {result.roster_changed} re-resolved on the roster, of {read}"
    )
    if dry_run:
        session.rollback()
        echo(f"Would change: {summary} (nothing written).")
        return True
    lock_clusters(session)
    if matching_state(session) != before:
        session.rollback()
        echo(
            "Reports arrived, were withdrawn or were judged while relinking: nothing was "
            "written. Run it again."
        )
        return False
    if under_lock:
        under_lock()
    clusters = list(result.clusters)
    released: list[Report] = []
    for start in range(0, len(clusters), CHUNK):
        chunk = clusters[start : start + CHUNK]
        in_chunk = release_escrow(session, chunk)
        rescore(session, chunk, also=in_chunk)
        released += in_chunk
    if current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY"):
        # Offered to other forces now: after every report row is locked, and with the lookup
        # locks of all of them in one ordered batch (``intake.locks``).
        national.release(session, released, current_force_id())
    audit.record("relinked", None, detail=summary)
    session.commit()
    echo(f"Relinked in {time.perf_counter() - started:.1f}s: {summary}.")
    return True
