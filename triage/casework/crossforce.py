"""Referral between forces: a lead asks another force's lead to share, who accepts or declines.

From a "named in another force" notice (``triage.matching.national``) a lead of one force asks;
the other force's lead sees the request and decides, with a reason when declining. On acceptance
the narrative and the details of the person both reports name are opened with the accepting
lead's unlocked team key, in their signed-in session, and sealed at once to the asking force's
current team key: they are never decrypted anywhere else, and nothing else of the report
crosses. Every step is written to both forces in one transaction (``intake.tenancy.
on_behalf_of``) and recorded in both audit chains; the reporter's timeline says their report
was shared. A go-together report still waiting is never shared (nor, having no notice while
held, ever asked about).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from intake.db import db
from intake.locks import lock_reports
from intake.models import Report, TeamKey
from intake.models.force import Force
from intake.models.ids import random_id
from intake.sealing import TeamPrivateKey, open_sealed, seal
from intake.submission import record_event, seal_for
from intake.tenancy import on_behalf_of
from intake.vocabulary import PERSON_FIELDS
from triage import audit
from triage.matching.cluster_risk import rescore_reports
from triage.matching.sql_store import lock_clusters
from triage.models import (
    CrossForceNotice,
    CrossForceReferral,
    Member,
    SharedReport,
)

Keys = dict[int, TeamPrivateKey]
SHARED_EVENT = "shared"
SHARED_DETAIL = "Shared with {force}'s independent team"
NOT_TO_BE_SHARED = (
    "The reporter of {force}'s report asked that it not be shared with another force, so it "
    "cannot be asked for"
)
# Withdrawn or past retention: nothing is left to share, and nothing may be sealed onto it. Not
# saying which, so the asking force does not learn that a reporter withdrew.
CONTENT_GONE = "{force} no longer holds what that report said, so there is nothing to share"
DESTROYED = (
    "This report's content was destroyed, so there is nothing to share: decline the request "
    "(your reason goes to the other force only)"
)
ASKING_GONE = (
    "{force} no longer holds the case that asked, so there is nothing to share it with: "
    "decline the request"
)
CANNOT_RECEIVE = "This case's content was destroyed, so nothing can be shared onto it"
ALREADY_ASKED = "You have already asked {force}'s lead to share their report"


class ReferralError(Exception):
    """A step that cannot be taken; the message is shown to the lead."""


def force_name(force_id: int) -> str:
    force = db.session.get(Force, force_id)
    return force.name if force is not None else "another force"


def _notice(notice_id: int) -> CrossForceNotice | None:
    # A query, not ``session.get``: the identity map must never hand back another force's row.
    return db.session.scalars(
        select(CrossForceNotice).where(CrossForceNotice.id == notice_id)
    ).first()


def _report(report_id: int) -> Report:
    return db.session.scalars(select(Report).where(Report.id == report_id)).one()


def referral_of_notice(notice_id: int, *, asking: bool) -> CrossForceReferral | None:
    """The latest referral in which this force asked for the other force's report about this
    notice's pair (``asking``), or was asked for its own."""
    return db.session.scalars(
        select(CrossForceReferral)
        .where(CrossForceReferral.notice_id == notice_id, CrossForceReferral.asking.is_(asking))
        .order_by(CrossForceReferral.round.desc())
    ).first()


def _round_after(latest: CrossForceReferral | None) -> int:
    """The round of a request asked after ``latest`` in its direction (``CrossForceReferral``)."""
    return latest.round + 1 if latest is not None else 1


def request_share(notice_id: int, member: Member) -> CrossForceReferral:
    """A lead asks the other force's lead to share their report about the same person. Each
    force may ask for the other's report once at a time (again after a decline), whether or not
    the other force has asked for this one."""
    notice = _notice(notice_id)
    if notice is None:
        raise LookupError(notice_id)
    earlier = referral_of_notice(notice.id, asking=True)
    if earlier is not None and earlier.status != "declined":
        raise ReferralError(ALREADY_ASKED.format(force=force_name(notice.other_force_id)))
    report = _report(notice.report_id)
    if report.content_destroyed_on is not None:
        raise ReferralError(CANNOT_RECEIVE)
    today, referral_id = date.today(), random_id()
    other, here = force_name(notice.other_force_id), force_name(notice.force_id)
    ours = CrossForceReferral(
        referral_id=referral_id,
        notice_id=notice.id,
        asking=True,
        round=_round_after(earlier),
        requested_on=today,
    )
    db.session.add(ours)
    audit.record("crossforce_requested", member.id, report.reference, f"asked {other} to share")
    with on_behalf_of(notice.other_force_id):
        their_notice = _notice(notice.other_notice_id)
        if their_notice is None:
            raise ReferralError(f"{other} no longer holds that report")
        db.session.add(
            CrossForceReferral(
                referral_id=referral_id,
                notice_id=their_notice.id,
                asking=False,
                round=_round_after(referral_of_notice(their_notice.id, asking=False)),
                requested_on=today,
            )
        )
        their_report = _report(their_notice.report_id)
        if their_report.no_sharing:
            raise ReferralError(NOT_TO_BE_SHARED.format(force=other))
        if their_report.content_destroyed_on is not None:
            raise ReferralError(CONTENT_GONE.format(force=other))
        audit.record(
            "crossforce_request_received", None, their_report.reference, f"{here} asked to share"
        )
    return ours


def decide(
    referral_id: int, member: Member, keys: Keys, *, accept: bool, reason: str | None = None
) -> CrossForceReferral:
    """The asked force's lead accepts (and shares) or declines, with a reason."""
    ours = db.session.scalars(
        select(CrossForceReferral).where(CrossForceReferral.referral_id == referral_id)
    ).first()
    if ours is None or ours.asking:
        raise LookupError(referral_id)
    notice = _notice(ours.notice_id)
    assert notice is not None  # the referral row points at this force's own notice
    report = _report(notice.report_id)
    with on_behalf_of(notice.other_force_id):
        asking = _asking_report(referral_id)
    # Decided on what the request and both cases say once locked: another tab or lead answering,
    # or the reporter asking not to share, in the meantime is seen (``intake.locks``).
    _lock_in_order((notice.force_id, report.id), (notice.other_force_id, asking.id))
    db.session.refresh(ours)
    db.session.refresh(report)
    if ours.status != "open":
        raise ReferralError("This request has already been answered")
    if accept and report.escrow == "waiting":
        raise ReferralError("A held report cannot be shared while it waits")
    if accept and report.no_sharing:
        raise ReferralError("The reporter asked that this report not be shared with another force")
    destroyed = report.content_destroyed_on is not None
    if accept and destroyed:
        raise ReferralError(DESTROYED)
    with on_behalf_of(notice.other_force_id):
        db.session.refresh(asking)
        asking_destroyed = asking.content_destroyed_on is not None
    if accept and asking_destroyed:
        # Retention passes over a destroyed case: what was sealed onto it would stay for ever.
        raise ReferralError(ASKING_GONE.format(force=force_name(notice.other_force_id)))
    payload = _shared_content(report, notice.subject_no, keys) if accept else None
    today, status = date.today(), "accepted" if accept else "declined"
    other, here = force_name(notice.other_force_id), force_name(notice.force_id)
    ours.status, ours.decided_on = status, today
    if reason and not destroyed:  # nothing more is sealed onto a destroyed case
        ours.reason = seal_for(report, reason.encode(), f"crossforce:{referral_id}:reason")
    audit.record(f"crossforce_{status}", member.id, report.reference, f"asked by {other}")
    if payload is not None:
        record_event(report, SHARED_EVENT, SHARED_DETAIL.format(force=other), member.id)
        audit.record(
            "crossforce_shared",
            member.id,
            report.reference,
            f"sealed to {other}: the narrative and person {notice.subject_no}",
        )
    with on_behalf_of(notice.other_force_id):
        theirs = db.session.scalars(
            select(CrossForceReferral).where(CrossForceReferral.referral_id == referral_id)
        ).one()
        their_notice = _notice(theirs.notice_id)
        assert their_notice is not None
        their_report = _report(their_notice.report_id)
        theirs.status, theirs.decided_on = status, today
        if reason and not asking_destroyed:
            field = f"crossforce:{referral_id}:reason"
            theirs.reason = seal_for(their_report, reason.encode(), field)
        audit.record(f"crossforce_{status}_there", None, their_report.reference, f"by {here}")
        if payload is not None:
            _deliver(payload, referral_id, their_report, their_notice, notice.force_id, report)
            rescore_reports(db.session, [their_report])
            audit.record("crossforce_received", None, their_report.reference, f"from {here}")
    return ours


def _lock_in_order(ours: tuple[int, int], theirs: tuple[int, int]) -> None:
    """Every lock a decision needs, before the first audit entry and in the order every
    transaction takes them (``intake.locks``): the asking force's cluster lock (its clusters are
    re-scored with what is shared), then both cases' rows, in id order, each on behalf of its
    own force (its row is hidden from the other). Two leads each answering the other's request
    about the same two cases then wait for each other instead of each holding one row."""
    with on_behalf_of(theirs[0]):
        lock_clusters(db.session)
    for force_id, report_id in sorted((ours, theirs), key=lambda held: held[1]):
        with on_behalf_of(force_id):
            lock_reports([report_id])


def _asking_report(referral_id: int) -> Report:
    """The asking force's case of a referral (run on that force's behalf)."""
    return db.session.scalars(
        select(Report)
        .join(CrossForceNotice, CrossForceNotice.report_id == Report.id)
        .join(CrossForceReferral, CrossForceReferral.notice_id == CrossForceNotice.id)
        .where(CrossForceReferral.referral_id == referral_id, CrossForceReferral.asking.is_(True))
    ).one()


def _shared_content(report: Report, subject_no: int, keys: Keys) -> bytes:
    """The narrative and the one person's details, opened with the accepting lead's key."""
    answers = json.loads(open_sealed(keys, report.content, record=report.record, field="report"))
    people = [p for p in answers.get("people") or [] if isinstance(p, dict)]
    person = people[subject_no - 1] if 0 < subject_no <= len(people) else {}
    shared = {
        "description": answers.get("description") or "",
        "person": {f: person.get(f) for f in PERSON_FIELDS if person.get(f)},
    }
    return json.dumps(shared, sort_keys=True).encode()


def _deliver(
    payload: bytes,
    referral_id: int,
    their_report: Report,
    their_notice: CrossForceNotice,
    from_force_id: int,
    report: Report,
) -> None:
    """Seal the shared content to the receiving force's current key (run on its behalf)."""
    key = TeamKey.current()
    if key is None:
        raise ReferralError("The other force has no team key to share to")
    share_id = random_id()
    sealed = seal(key.public_key, key.id, payload, record=f"share:{share_id}", field="shared")
    db.session.add(
        SharedReport(
            id=share_id,
            referral_id=referral_id,
            report_id=their_report.id,
            subject_no=their_notice.subject_no,
            from_force_id=from_force_id,
            team_key_id=key.id,
            content=sealed,
            signals=report.pattern_signals,
            shared_on=date.today(),
        )
    )


@dataclass(frozen=True)
class OpenedShare:
    force_name: str
    shared_on: date
    subject_no: int
    description: str
    person: dict[str, Any]


def shared_with(report: Report, keys: Keys) -> list[OpenedShare]:
    """What other forces shared on this case, opened with the member's key (the case read is
    audited by the caller)."""
    out = []
    for share in db.session.scalars(
        select(SharedReport).where(SharedReport.report_id == report.id)
    ):
        raw = open_sealed(keys, share.content, record=f"share:{share.id}", field="shared")
        data = json.loads(raw)
        out.append(
            OpenedShare(
                force_name(share.from_force_id),
                share.shared_on,
                share.subject_no,
                data.get("description", ""),
                data.get("person", {}),
            )
        )
    return out


@dataclass(frozen=True)
class ShownReferral:
    referral_id: int
    notice_id: int
    asking: bool
    status: str
    requested_on: date
    decided_on: date | None
    reason: str | None


def referrals_of(report: Report, keys: Keys) -> dict[tuple[int, bool], ShownReferral]:
    """This case's latest referrals by notice id and direction (``asking``: this force asked
    for the other report), decline reasons opened."""
    rows = db.session.execute(
        select(CrossForceReferral)
        .join(CrossForceNotice, CrossForceNotice.id == CrossForceReferral.notice_id)
        .where(CrossForceNotice.report_id == report.id)
        .order_by(CrossForceReferral.round)  # the latest of each notice and direction is kept
    ).scalars()
    shown = {}
    for row in rows:
        reason = None
        if row.reason is not None:
            field = f"crossforce:{row.referral_id}:reason"
            reason = open_sealed(keys, row.reason, record=report.record, field=field).decode()
        shown[row.notice_id, row.asking] = ShownReferral(
            row.referral_id,
            row.notice_id,
            row.asking,
            row.status,
            row.requested_on,
            row.decided_on,
            reason,
        )
    return shown


def cannot_be_asked_for(report: Report) -> dict[int, str]:
    """Why this case's notices whose other report the reporter asked not to share cannot be
    asked about, by notice id: the page says so in place of an Ask button that ``request_share``
    would only refuse with the same words. Read on the other force's behalf, as that refusal is,
    and only the flag: nothing of the other report enters this force's session."""
    notices = db.session.scalars(
        select(CrossForceNotice).where(CrossForceNotice.report_id == report.id)
    ).all()
    why = {}
    for notice in notices:
        with on_behalf_of(notice.other_force_id):
            no_sharing = db.session.scalars(
                select(Report.no_sharing)
                .join(CrossForceNotice, CrossForceNotice.report_id == Report.id)
                .where(CrossForceNotice.id == notice.other_notice_id)
            ).first()
        if no_sharing:
            why[notice.id] = NOT_TO_BE_SHARED.format(force=force_name(notice.other_force_id))
    return why


@dataclass(frozen=True)
class OpenRequest:
    referral_id: int
    reference: str
    subject_no: int
    force_name: str
    requested_on: date


def open_requests() -> list[OpenRequest]:
    """Requests other forces made of this force that no lead has answered yet."""
    rows = db.session.execute(
        select(CrossForceReferral, CrossForceNotice, Report.reference)
        .join(CrossForceNotice, CrossForceNotice.id == CrossForceReferral.notice_id)
        .join(Report, Report.id == CrossForceNotice.report_id)
        .where(CrossForceReferral.asking.is_(False), CrossForceReferral.status == "open")
        .order_by(CrossForceReferral.requested_on)
    ).all()
    return [
        OpenRequest(
            r.referral_id, reference, n.subject_no, force_name(n.other_force_id), r.requested_on
        )
        for r, n, reference in rows
    ]
