"""A person's risk as the team sees it: each cluster scored from its reports' stored signals
(``triage.matching.patterns.score_cluster``), counting reports an open possible match says may
name the same person as "possibly", and each report's own risk as the highest of its clusters'.

Reads only derived signals stored at arrival (categories, flags, months, unit hashes), never
report content. Waiting go-together reports count nowhere until released.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import aliased, load_only

from intake.models import Report
from triage.casework.vocabulary import PROVEN_OUTCOMES
from triage.matching.patterns import ReportSignals, score_cluster
from triage.matching.sql_store import DbSession
from triage.models.crossforce import SharedReport
from triage.models.subjects import ClusterRisk, PossibleMatch, SubjectLink, SubjectToken


def report_signals(
    report_id: int, stored: str | None, subject_no: int | None, outcome: str | None = None
) -> ReportSignals:
    """Rebuild a ``ReportSignals`` from stored JSON, with the unit of the given subject and
    whether the case's recorded outcome found misconduct proven."""
    data = json.loads(stored or "{}")
    incident = data.get("incident")
    return ReportSignals(
        report_id=str(report_id),
        categories=frozenset(data.get("categories", [])),
        received_date=date.fromisoformat(data["received"]),
        incident_date=date.fromisoformat(f"{incident}-01") if incident else None,
        affected=frozenset(data.get("affected", [])),
        narrative_flags=frozenset(data.get("flags", [])),
        unit_token=(data.get("units") or {}).get(str(subject_no)) if subject_no else None,
        named_first=subject_no in (None, 1),
        proven=outcome in PROVEN_OUTCOMES,
    )


def clusters_of_reports(session: DbSession, reports: Iterable[Report]) -> list[str]:
    """The clusters the given reports' subjects are linked to."""
    return clusters_of_report_ids(session, [r.id for r in reports])


def clusters_of_report_ids(session: DbSession, ids: list[int]) -> list[str]:
    """The clusters the subjects of the reports with these ids are linked to, once each."""
    if not ids:
        return []
    return list(
        session.scalars(
            select(SubjectLink.cluster_id).where(SubjectLink.report_id.in_(ids)).distinct()
        )
    )


def rescore_reports(session: DbSession, reports: list[Report]) -> None:
    """Re-score every cluster the given reports name people in, and the reports themselves
    (after something that changes their signals: an outcome, a release, a share)."""
    rescore(session, clusters_of_reports(session, reports), also=reports)


def rescore(session: DbSession, cluster_ids: Iterable[str], also: Iterable[Report] = ()) -> None:
    """Score each cluster from its visible reports' stored signals, then set every visible
    member report's ``risk_score`` to the highest score of its clusters.

    Waiting go-together reports are left out of every score (and score 0 themselves), so a
    held report changes nothing the team can see. ``also`` names reports to re-score even if
    they name nobody (their score is then their own single-report score).
    """
    cluster_ids = set(cluster_ids)
    links, possibly, reports = _load(session, cluster_ids, also)
    by_cluster = _by_cluster(session, links, reports)
    shared = _add_shared(session, links, by_cluster)
    for cluster_id in cluster_ids:
        maybe = _visible(sorted(possibly.get(cluster_id, ())), reports)
        _store_risk(
            session, cluster_id, by_cluster.get(cluster_id, []), maybe, shared.get(cluster_id, 0)
        )
    session.flush()

    visible = [r for r in reports.values() if r.escrow != "waiting" and r.pattern_signals]
    if not visible:
        return
    clusters_of: dict[int, set[str]] = defaultdict(set)
    for report_id, cluster_id in session.execute(
        select(SubjectLink.report_id, SubjectLink.cluster_id).where(
            SubjectLink.report_id.in_([r.id for r in visible])
        )
    ):
        clusters_of[report_id].add(cluster_id)
    wanted = set().union(*clusters_of.values()) if clusters_of else set()
    scores = (
        dict(
            session.execute(
                select(ClusterRisk.cluster_id, ClusterRisk.score).where(
                    ClusterRisk.cluster_id.in_(wanted)
                )
            ).all()
        )
        if wanted
        else {}
    )
    for held in visible:
        own = [scores[c] for c in clusters_of.get(held.id, ()) if c in scores]
        held.risk_score = (
            max(own)
            if own
            else score_cluster(
                [report_signals(held.id, held.pattern_signals, None, held.outcome)]
            ).score
        )


def _load(
    session: DbSession,
    cluster_ids: set[str],
    also: Iterable[Report] = (),
    left_out: Collection[int] = (),
) -> tuple[list[tuple[str, int, int]], dict[str, set[tuple[int, int]]], dict[int, Report]]:
    """What scoring ``cluster_ids`` reads: their links (cluster, report id, subject number),
    each cluster's possible matches (``_possibly``) and the reports either names, with ``also``,
    by id; the reports ``left_out`` are dropped from the links and the possible matches."""
    links = (
        [
            (cluster_id, report_id, subject_no)
            for cluster_id, report_id, subject_no in session.execute(
                select(SubjectLink.cluster_id, SubjectLink.report_id, SubjectLink.subject_no).where(
                    SubjectLink.cluster_id.in_(cluster_ids)
                )
            ).all()
            if report_id not in left_out
        ]
        if cluster_ids
        else []
    )
    possibly = {
        cluster_id: {(r, n) for r, n in refs if r not in left_out}
        for cluster_id, refs in _possibly(session, cluster_ids).items()
    }
    report_ids = (
        {r for _, r, _ in links}
        | {r.id for r in also}
        | {r for refs in possibly.values() for r, _ in refs}
    )
    reports = {
        r.id: r
        for r in session.scalars(
            select(Report)
            .where(Report.id.in_(report_ids))
            .options(
                load_only(
                    Report.id,
                    Report.escrow,
                    Report.pattern_signals,
                    Report.risk_score,
                    Report.outcome,
                )
            )
        )
    }
    return links, possibly, reports


def _add_shared(
    session: DbSession,
    links: Iterable[tuple[str, int, int]],
    by_cluster: dict[str, list[ReportSignals]],
) -> dict[str, int]:
    """Count what other forces shared about a cluster's people (both leads having agreed) as
    linked reports, from the shared report's own signals; how many each cluster was given."""
    cluster_of = {(r, n): c for c, r, n in links}
    given: dict[str, int] = defaultdict(int)
    if not cluster_of:
        return given
    for share in session.scalars(
        select(SharedReport).where(SharedReport.report_id.in_({r for r, _ in cluster_of}))
    ):
        cluster_id = cluster_of.get((share.report_id, share.subject_no))
        if cluster_id and share.signals:
            by_cluster[cluster_id].append(report_signals(share.id, share.signals, None))
            given[cluster_id] += 1
    return given


def _possibly(session: DbSession, cluster_ids: set[str]) -> dict[str, set[tuple[int, int]]]:
    """For each cluster, the subjects of other clusters an open possible match says may be its
    person (either side of the match), as (report id, subject number)."""
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    if not cluster_ids:
        return found
    ours, theirs = aliased(SubjectLink), aliased(SubjectLink)
    rows = session.execute(
        select(
            ours.cluster_id,
            PossibleMatch.report_id,
            PossibleMatch.subject_no,
            theirs.cluster_id,
            PossibleMatch.other_report_id,
            PossibleMatch.other_subject_no,
        )
        .join(
            ours,
            and_(
                ours.report_id == PossibleMatch.report_id,
                ours.subject_no == PossibleMatch.subject_no,
            ),
        )
        .join(
            theirs,
            and_(
                theirs.report_id == PossibleMatch.other_report_id,
                theirs.subject_no == PossibleMatch.other_subject_no,
            ),
        )
        .where(
            PossibleMatch.status == "open",
            # A team member's proposal (``possible.PROPOSED``) counts only once judged.
            PossibleMatch.probability > 0,
            or_(ours.cluster_id.in_(cluster_ids), theirs.cluster_id.in_(cluster_ids)),
        )
    )
    for cluster_a, report_a, no_a, cluster_b, report_b, no_b in rows:
        if cluster_a != cluster_b:
            found[cluster_a].add((report_b, no_b))
            found[cluster_b].add((report_a, no_a))
    return found


def _store_risk(
    session: DbSession,
    cluster_id: str,
    signals: list[ReportSignals],
    possibly: list[ReportSignals],
    shared: int = 0,
) -> None:
    if not signals:
        session.execute(delete(ClusterRisk).where(ClusterRisk.cluster_id == cluster_id))
        return
    risk = score_cluster(signals, possibly)
    reasons = _reasons(risk.reasons, shared)
    row = session.get(ClusterRisk, cluster_id)
    if row is None:
        row = ClusterRisk(cluster_id=cluster_id)
        session.add(row)
    row.report_count = len({s.report_id for s in signals})
    row.score = risk.score
    row.level = risk.level
    row.predatory = risk.predatory
    row.reasons = json.dumps(reasons)


def _visible(refs: Iterable[tuple[int, int]], reports: dict[int, Report]) -> list[ReportSignals]:
    """The stored signals of the reports ``refs`` (report id, subject number) names, leaving out
    waiting go-together reports, which change nothing the team can see, and reports with none."""
    return [
        report_signals(report_id, held.pattern_signals, subject_no, held.outcome)
        for report_id, subject_no in refs
        if (held := reports[report_id]).escrow != "waiting" and held.pattern_signals
    ]


def _by_cluster(
    session: DbSession, links: Iterable[tuple[str, int, int]], reports: dict[int, Report]
) -> defaultdict[str, list[ReportSignals]]:
    """Each cluster's visible reports' signals (``_visible``), from its links, each with its
    unit as ``unit_groups`` tells them apart."""
    links = list(links)
    units = unit_groups(session, links)
    by_cluster: defaultdict[str, list[ReportSignals]] = defaultdict(list)
    for cluster_id, report_id, subject_no in links:
        by_cluster[cluster_id].extend(
            replace(signals, unit_token=units.get((report_id, subject_no)))
            for signals in _visible([(report_id, subject_no)], reports)
        )
    return by_cluster


def unit_groups(
    session: DbSession, links: Iterable[tuple[str, int, int]]
) -> dict[tuple[int, int], str]:
    """Each linked subject's unit as one of the units its cluster's reports are known to
    differ in: subjects whose units share any place the matcher reads in them (its ``unit``
    tokens: "Tower Hamlets", "Tower Hamlets Response" and "TH response team" are all Central
    East BCU; "Southwark CID" and "Southwark" both Central South) are one unit, so the risk
    reason "reports from N different units", and the points it adds, count units that differ
    rather than ways of writing one. A subject with no place in its unit (only a kind of work,
    "response", done in every BCU) is in none: it cannot be told apart from any."""
    links = list(links)
    wanted = {(r, n) for _, r, n in links}
    if not wanted:
        return {}
    held: dict[tuple[int, int], set[bytes]] = defaultdict(set)
    for report_id, subject_no, token in session.execute(
        select(SubjectToken.report_id, SubjectToken.subject_no, SubjectToken.token).where(
            SubjectToken.kind == "unit", SubjectToken.report_id.in_({r for r, _ in wanted})
        )
    ):
        if (report_id, subject_no) in wanted:
            held[(report_id, subject_no)].add(bytes(token))
    members: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for cluster_id, report_id, subject_no in links:
        if held.get((report_id, subject_no)):
            members[cluster_id].append((report_id, subject_no))
    groups: dict[tuple[int, int], str] = {}
    for subjects in members.values():
        shares = {a: {b for b in subjects if b != a and held[a] & held[b]} for a in subjects}
        # The units that differ are subjects no two of which share a place, taken fewest shared
        # first; each other subject goes with one of them it shares a place with. Not chained
        # through a third: one report whose unit names several places ("Camden Southwark
        # Croydon response") would join three units into one and take their points away.
        apart: list[tuple[int, int]] = []
        for s in sorted(subjects, key=lambda s: (len(shares[s]), s)):
            if not shares[s].intersection(apart):
                apart.append(s)
        for s in subjects:
            stands_for = s if s in apart else next(a for a in apart if a in shares[s])
            groups[s] = f"{stands_for[0]}:{stands_for[1]}"
    return groups


def _reasons(scored: Iterable[str], shared: int) -> list[str]:
    reasons = list(scored)
    if shared:
        # Counted like this force's own reports, but listed nowhere among its cases: say so.
        reasons.append(
            f"{shared} of the reports counted {'was' if shared == 1 else 'were'} shared by "
            "another force's team"
        )
    return reasons


def reasons_without(session: DbSession, cluster_id: str, left_out: set[int]) -> list[str]:
    """The cluster's risk reasons worked out exactly as ``rescore`` stores them, but as if the
    reports ``left_out`` (a member's recusals) were not there: every reason names kinds of
    behaviour, who was harmed or how many reports there are, which a report the member may not
    open must not tell them. Their own links, possible matches and shares go with them."""
    links, possibly, reports = _load(session, {cluster_id}, left_out=left_out)
    by_cluster = _by_cluster(session, links, reports)
    shared = _add_shared(session, links, by_cluster)
    if not by_cluster[cluster_id]:
        return []
    maybe = _visible(sorted(possibly.get(cluster_id, ())), reports)
    risk = score_cluster(by_cluster[cluster_id], maybe)
    return _reasons(risk.reasons, shared.get(cluster_id, 0))
