"""Repeat-subject matching and pattern risk for each report as it arrives.

``on_report_received`` runs inside the submission's transaction (``intake.hooks``) with the
reporter's answers in clear. From them it keeps only:

- blind-index tokens of each named person (``subject_token``) and their cluster link, with the
  reason for the link sealed to the team key (it names the new subject in words);
- a possible match (``possible_match``) for a person the matcher could not link but found
  likely to be an earlier one, its reason sealed the same way, for a caseworker to judge;
- derived signals as JSON on ``Report.pattern_signals``: category, affected and behaviour-flag
  codes, the day received, the incident month, and a keyed hash per named person's unit;
- IOPC referral grounds as codes on ``Report.iopc_flags``;
- the risk of every affected cluster (``cluster_risk``) and each member report's ``risk_score``.

It must never store or log a name, number, unit or any text the reporter wrote. A go-together
report waits (``escrow="waiting"``) until another report names the same person; while waiting it
is matched against but counted in no visible score.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from intake import hooks
from intake.db import db
from intake.models import Report
from intake.submission import record_event, seal_for
from intake.tenancy import current_force, current_force_id, force_secret
from intake.vocabulary import AFFECTED_CODES, CATEGORY_CODES, PERSON_FIELDS, parse_day, parse_month
from triage.matching import national
from triage.matching.cluster_risk import clusters_of_reports, rescore, rescore_reports
from triage.matching.iopc_grounds import iopc_referral_flags
from triage.matching.linking import LinkDecision, match_subject
from triage.matching.narrative import narrative_flags
from triage.matching.number_slips import roster_slip
from triage.matching.roster import resolve
from triage.matching.roster_store import SqlRoster
from triage.matching.sql_store import DbSession, SqlSubjectStore, lock_clusters
from triage.matching.store import SubjectRef
from triage.matching.tokens import (
    SubjectInput,
    Token,
    kept_tokens,
    labels,
    token_for,
    tokenised_readings,
)
from triage.matching.weights_store import latest_weights
from triage.models.subjects import PossibleMatch, SubjectLink

SIGNALS_VERSION = 1
# Sixteen hex digits of the unit's keyed hash: enough to tell a force's units apart, and not
# the same value as the stored unit token.
UNIT_HASH_HEX = 16
IOPC_CODES: dict[str, str] = {
    "serious sexual offence": "serious_sexual_offence",
    "abuse of position for a sexual purpose": "sexual_abuse_of_position",
    "serious assault": "serious_assault",
    "behaviour aggravated by discrimination": "discrimination",
}
RELEASED_DETAIL = "Released: another report named the same person"
# A held report that an earlier report already names is released as it arrives. The team is told
# apart: a report sent only to learn whether someone has been named (its sender is told it went
# to the team) looks just like this one.
RELEASED_ON_ARRIVAL = "Released as it arrived: an earlier report already named the same person"


# -- derived signals ----------------------------------------------------------------------------


def named_people(answers: dict[str, Any]) -> list[SubjectInput]:
    """The people the reporter named, in the order given (blank entries dropped)."""
    people = []
    for person in answers.get("people") or []:
        if not isinstance(person, dict):
            continue
        values = {f: (str(person.get(f) or "").strip() or None) for f in PERSON_FIELDS}
        if any(values.values()):
            people.append(SubjectInput(**values))
    return people


def incident_month(answers: dict[str, Any]) -> str | None:
    """The month the incident happened ("YYYY-MM"); a day is coarsened to its month so the
    stored signals cannot be lined up against a duty roster."""
    when = answers.get("when")
    if when == "date":
        day = parse_day(answers.get("when_date") or "")
        return f"{day.year:04d}-{day.month:02d}" if day else None
    if when == "month":
        month = parse_month(answers.get("when_month") or "")
        return f"{month[0]:04d}-{month[1]:02d}" if month else None
    return None


def unit_hash(unit: str, secret: bytes) -> str:
    """A keyed hash of the canonical unit under its own kind, so it is not a stored token."""
    return token_for(("signal_unit", unit.lower()), secret)[1][:UNIT_HASH_HEX]


def unit_hashes(people: list[SubjectInput], secret: bytes) -> dict[str, str]:
    """Each named person's unit as ``unit_hash``, by their number in the report."""
    units: dict[str, str] = {}
    for number, person in enumerate(people, start=1):
        unit = labels(person).get("unit")
        if unit:
            units[str(number)] = unit_hash(unit, secret)
    return units


def derive_signals(
    report: Report, answers: dict[str, Any], people: list[SubjectInput], secret: bytes
) -> dict[str, Any]:
    """The JSON kept in ``Report.pattern_signals``: codes, coarse dates and hashes only."""
    return {
        "v": SIGNALS_VERSION,
        "categories": sorted(set(answers.get("categories") or []) & CATEGORY_CODES),
        "affected": sorted(set(answers.get("affected") or []) & AFFECTED_CODES),
        "flags": sorted(narrative_flags(answers.get("description") or "")),
        "received": report.received_on.isoformat(),
        "incident": incident_month(answers),
        "units": unit_hashes(people, secret),
    }


def iopc_codes(signals: dict[str, Any]) -> str | None:
    grounds = iopc_referral_flags(
        frozenset(signals["categories"]),
        frozenset(signals["flags"]),
        frozenset(signals["affected"]),
    )
    codes = [IOPC_CODES.get(g, g.replace(" ", "_")) for g in grounds]
    return ",".join(dict.fromkeys(codes)) or None


# -- the callback ---------------------------------------------------------------------------------


def on_report_received(report: Report, answers: dict[str, Any]) -> None:
    """Match the report's subjects, release go-together reports, and re-score their clusters."""
    session = db.session
    secret = force_secret(current_app.config["CANDOUR_SECRETS"].matching_key)
    people = named_people(answers)
    signals = derive_signals(report, answers, people, secret)
    report.pattern_signals = json.dumps(signals, sort_keys=True)
    report.iopc_flags = iopc_codes(signals)
    if report.escrow == "waiting":
        report.risk_score = 0.0

    lock_clusters(session)
    store = SqlSubjectStore(session)
    roster = SqlRoster(session)
    with_roster = roster.exists()
    weights = latest_weights(session)
    own_id = str(report.id)
    refs: list[SubjectRef] = []
    reasons: dict[int, list[tuple[SubjectRef, LinkDecision]]] = {}
    possible: dict[int, tuple[SubjectRef, LinkDecision]] = {}
    national_key = current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY")
    across: dict[int, set[Token]] = {}
    for number, person in enumerate(people, start=1):
        ref: SubjectRef = (own_id, number)
        readings = tokenised_readings(person, secret)
        tokens = kept_tokens(readings)
        resolved = slip = None
        if with_roster:
            resolution = resolve(readings, roster)
            tokens |= resolution.tokens()
            resolved = resolution.person
            slip = roster_slip(readings, resolution, roster)
        if national_key:
            keys = national.national_keys(person, current_force().slug)
            across[number] = national.national_tokens(keys, national_key)
            across[number] |= national.roster_person_tokens(session, resolved)
        result = match_subject(
            store, ref, tokens, own_id, labels=labels(person), weights=weights, roster_slip=slip
        )
        refs.append(ref)
        if result.links:
            reasons[number] = result.links
        if result.possible:
            possible[number] = result.possible
    _seal_reasons(session, report, reasons)
    _record_possible(session, report, possible)

    clusters = {store.cluster_of(ref) for ref in refs}
    released = release_escrow(session, clusters, arriving=report)
    affected = clusters | set(clusters_of_reports(session, released))
    # An earlier person a new report possibly names is now possibly named once more.
    affected |= {store.cluster_of(other) for other, _ in possible.values()}
    rescore(session, affected, also=[report])
    if national_key:  # after this force's own matching, which may have released held reports
        national.on_arrival(session, report, current_force_id(), across, released)


def _seal_reasons(
    session: DbSession, report: Report, reasons: dict[int, list[tuple[SubjectRef, LinkDecision]]]
) -> None:
    """Seal each link's reason (it quotes the new subject's details) onto its link row."""
    if not reasons:
        return
    earlier = {int(r) for links in reasons.values() for (r, _), _ in links}
    references = dict(
        session.execute(select(Report.id, Report.reference).where(Report.id.in_(earlier))).all()
    )
    for number, links in reasons.items():
        lines = [
            f"Linked to {references.get(int(r), 'an earlier report')} (person {n}): {d.reason}"
            for (r, n), d in links
        ]
        sealed = seal_for(report, "\n".join(lines).encode(), f"link:{number}")
        session.execute(
            update(SubjectLink)
            .where(SubjectLink.report_id == report.id, SubjectLink.subject_no == number)
            .values(reason=sealed)
        )


def _record_possible(
    session: DbSession, report: Report, possible: dict[int, tuple[SubjectRef, LinkDecision]]
) -> None:
    """Keep each possible match for a caseworker to judge, its reason sealed on the report
    (the reason quotes what this reporter wrote; the page says which two people it compares)."""
    for number, ((other_id, other_no), decision) in possible.items():
        session.add(
            PossibleMatch(
                report_id=report.id,
                subject_no=number,
                other_report_id=int(other_id),
                other_subject_no=other_no,
                # Never 0.00, which marks a team member's proposal (``possible.PROPOSED``).
                probability=max(round(decision.strength, 2), 0.01),
                reason=seal_for(report, decision.reason.encode(), f"possible:{number}"),
                status="open",
            )
        )


def release_escrow(
    session: DbSession, clusters: Iterable[str], arriving: Report | None = None
) -> list[Report]:
    """Release every waiting report in a cluster that two or more reports now share
    (``arriving``, the report being received, if any, is released "as it arrived").

    A report withdrawn while it waited was taken back before anyone read it: it is never
    released, and it names nobody for another report's release either (``followups.withdraw``
    leaves it waiting, so the team's pages, which never show a waiting report, never show it)."""
    members: dict[str, set[int]] = defaultdict(set)
    for cluster_id, report_id in session.execute(
        select(SubjectLink.cluster_id, SubjectLink.report_id)
        .join(Report, Report.id == SubjectLink.report_id)
        .where(
            SubjectLink.cluster_id.in_(set(clusters)),
            or_(Report.escrow != "waiting", Report.withdrawn_on.is_(None)),
        )
    ):
        members[cluster_id].add(report_id)
    shared = {r for ids in members.values() if len(ids) > 1 for r in ids}
    if not shared:
        return []
    # Locked as they are read, all at once and in id order (``intake.locks``), and read again:
    # PostgreSQL checks each row again once its lock is granted, so a report the reporter
    # released or withdrew meanwhile (``intake.followups``, under its row lock) is left alone.
    waiting = session.scalars(
        select(Report)
        .where(Report.id.in_(shared), Report.escrow == "waiting", Report.withdrawn_on.is_(None))
        .order_by(Report.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    for held in waiting:
        held.escrow = "released"
        held.released_on = date.today()
        record_event(held, "released", RELEASED_ON_ARRIVAL if held is arriving else RELEASED_DETAIL)
    return list(waiting)


def before_report_released(report: Report) -> None:
    """A reporter is releasing their held report: the cluster lock, before its row is locked or
    written, as every transaction takes them (``intake.locks``), since ``on_report_released``
    re-scores its clusters."""
    lock_clusters(db.session)


def on_report_released(report: Report) -> None:
    """A reporter released their held report: score it and its clusters as a match would, and
    offer it to other forces."""
    rescore_reports(db.session, [report])
    if current_app.config.get("CANDOUR_NATIONAL_MATCHING_KEY"):
        national.release(db.session, [report], current_force_id())


def install() -> None:
    """Plug the callbacks into intake once, however many apps are created (tests make many)."""
    if on_report_received not in hooks.on_report_received:
        hooks.on_report_received.append(on_report_received)
    if on_report_released not in hooks.on_report_released:
        hooks.on_report_released.append(on_report_released)
    if before_report_released not in hooks.before_report_released:
        hooks.before_report_released.append(before_report_released)
