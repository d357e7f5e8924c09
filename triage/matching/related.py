"""Other reports that may name the same people as a case ("this person may be named in N other
reports"), and the timeline of one person's cluster, from the blind-index clusters.

Reads cluster ids and clear risk reasons only; the link reasons are sealed on each report and
opened with the member's keys. Only cases the member may see are listed or named: a case they are
recused from is counted (the cluster's score already counts it) but never linked, its reference
is taken out of any link reason, and the risk reasons are worked out without it; a go-together
report still waiting is neither listed nor counted, exactly as it is left out of the cluster's
risk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from intake.db import db
from intake.models import Report
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.submission import REFERENCE_ALPHABET
from triage.casework.queries import visible_to
from triage.matching.cluster_risk import reasons_without
from triage.models import ClusterRisk, Member, Recusal, SubjectLink

Keys = Mapping[int, TeamPrivateKey]
# A case reference as ``intake.submission.new_reference`` makes them.
_REFERENCE = re.compile(rf"\bC-[{REFERENCE_ALPHABET}]{{8}}\b")
HIDDEN_REFERENCE = "a report you cannot open"
HIDDEN_LINK = "Also linked to a report you cannot open"
# The wording reasons sealed before it changed (``reasons.conclusion_for``) are read in now.
_OLD_AGREEMENT = re.compile(r"consistent with (\d+) earlier reports about this person")
_NEW_AGREEMENT = r"details agree with \1 of the earlier reports naming this person"
# Risk reasons stored before "independent" was dropped (reports are not known to come from
# different people: one person can send several) are read in the present wording.
_OLD_COUNT = re.compile(r"\bnamed in (\d+) independent reports")
# "Linked to C-… (person 1): why", one line of a sealed link reason.
_LINK_LINE = re.compile(r"^Linked to (.+?): (.*)$")


@dataclass(frozen=True)
class RelatedSubject:
    subject_no: int
    cluster_id: str
    other_reports: int  # every other released report in the cluster, seen or not
    visible_references: list[str]  # only the ones this member may open
    link_reason: str | None
    risk_reasons: list[str]
    # Why later reports were linked to this one: their reasons are sealed on them, so the
    # earlier case would otherwise only count them. (reference, person there, reason) each.
    linked_here: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """How many of the other reports the member may not open (they are recused from)."""
        return self.other_reports - len(self.visible_references)

    @property
    def linked_through_others(self) -> bool:
        """Whether the reasons on this case (its own link lines and those of the reports linked
        to it) cover fewer reports than are counted: a report links to the earlier reports it
        matched, so the others were linked through those, or joined by a judgement."""
        own = sum(1 for line in (self.link_reason or "").splitlines() if _LINK_LINE.match(line))
        return own + len(self.linked_here) < self.other_reports


def recused_from(member: Member) -> set[int]:
    """The ids of the reports ``member`` declared a conflict of interest in."""
    return set(db.session.scalars(select(Recusal.report_id).where(Recusal.member_id == member.id)))


def risk_reasons_seen(risk: ClusterRisk | None, recused: set[int]) -> list[str]:
    """A cluster's risk reasons as a member recused from the reports ``recused``
    (``recused_from``) may be told them: the stored ones, or, when they are recused from any
    case, worked out afresh without those cases (each reason names kinds of behaviour, who was
    harmed or how many reports there are, which a case the member stepped away from must not
    tell them). The case page and the person's page both show these."""
    if risk is None:
        return []
    if not recused:
        return [
            _OLD_COUNT.sub(r"named in \1 reports", reason) for reason in json.loads(risk.reasons)
        ]
    return reasons_without(db.session, risk.cluster_id, recused)


def open_link_reason(
    keys: Keys, report: Report, link: SubjectLink, visible: set[str]
) -> str | None:
    """The sealed reason this report was linked, with references the member may not open
    replaced by words (None when the member's keys cannot open it)."""
    if not link.reason:
        return None
    try:
        text = open_sealed(
            keys, link.reason, record=report.record, field=f"link:{link.subject_no}"
        ).decode()
    except SealError:
        return None
    text = _OLD_AGREEMENT.sub(_NEW_AGREEMENT, text)
    lines: list[str] = []
    for line in text.splitlines():
        found = _LINK_LINE.match(line)
        named = _REFERENCE.findall(found.group(1)) if found else []
        if any(reference not in visible for reference in named):
            # Why this report was linked to one the member may not open is what that report
            # said ("same shoulder number 1234"; "same rank"): only that the link exists is told.
            line = HIDDEN_LINK
        if line not in lines:
            lines.append(line)
    return _REFERENCE.sub(
        lambda found: found.group(0) if found.group(0) in visible else HIDDEN_REFERENCE,
        "\n".join(lines),
    )


def once_per_reason(text: str) -> str:
    """A link reason with the earlier reports that share the same reason named together, on one
    line: a report linked to seven earlier ones for the same details says so once, not seven
    times ("Linked to C-A (person 1), C-B (person 1) and C-C (person 2): same surname...")."""
    grouped: dict[str, list[str]] = {}
    for line in text.splitlines():
        found = _LINK_LINE.match(line)
        if found is None:
            grouped.setdefault(line, [])
        else:
            grouped.setdefault(found.group(2), []).append(found.group(1))
    lines = []
    for why, targets in grouped.items():
        if not targets:
            lines.append(why)
            continue
        named = targets[0] if len(targets) == 1 else ", ".join(targets[:-1]) + " and " + targets[-1]
        lines.append(f"Linked to {named}: {why}")
    return "\n".join(lines)


def _linked_here(
    keys: Keys, report: Report, cluster_id: str, visible: set[str]
) -> list[tuple[str, int, str]]:
    """The reasons other reports the member may open give for linking to ``report``: the lines
    of their sealed link reasons that name this case."""
    prefix = f"Linked to {report.reference} "
    found = []
    for other, link in db.session.execute(
        select(Report, SubjectLink)
        .join(SubjectLink, SubjectLink.report_id == Report.id)
        .where(
            SubjectLink.cluster_id == cluster_id,
            SubjectLink.reason.is_not(None),
            Report.reference.in_(visible - {report.reference}),
        )
        .order_by(Report.received_on, Report.id, SubjectLink.subject_no)
    ).all():
        text = open_link_reason(keys, other, link, visible)
        for line in (text or "").splitlines():
            if line.startswith(prefix):
                # "Linked to C-… (person 1): same shoulder number…" → "same shoulder number…"
                _, _, why = line.partition(": ")
                found.append((other.reference, link.subject_no, why or line))
    return found


def related_subjects(report: Report, member: Member, keys: Keys) -> list[RelatedSubject]:
    links = db.session.scalars(
        select(SubjectLink)
        .where(SubjectLink.report_id == report.id)
        .order_by(SubjectLink.subject_no)
    ).all()
    found = []
    recused = recused_from(member) if links else set()
    for link in links:
        # One query per linked person: every other released report, and whether this member
        # may open it.
        others = db.session.execute(
            select(Report.reference, and_(*visible_to(member)).label("visible"))
            .join(SubjectLink, SubjectLink.report_id == Report.id)
            .where(
                SubjectLink.cluster_id == link.cluster_id,
                Report.id != report.id,
                Report.escrow != "waiting",
            )
            .distinct()
        ).all()
        if not others:
            continue
        visible = sorted(ref for ref, seen in others if seen)
        risk = db.session.get(ClusterRisk, link.cluster_id)
        found.append(
            RelatedSubject(
                subject_no=link.subject_no,
                cluster_id=link.cluster_id,
                other_reports=len(others),
                visible_references=visible,
                link_reason=open_link_reason(keys, report, link, {*visible, report.reference}),
                risk_reasons=risk_reasons_seen(risk, recused),
                linked_here=_linked_here(
                    keys, report, link.cluster_id, {*visible, report.reference}
                ),
            )
        )
    return found


# The subject page -------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    report: Report
    subject_nos: list[int]  # which person(s) in this report belong to the cluster
    # Per person: (opened reason or None, whether a reason is stored). A report that others
    # were later linked to stores none: the reason is kept on the later report.
    link_reasons: list[tuple[str | None, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class SubjectTimeline:
    cluster_id: str
    risk: ClusterRisk | None
    risk_reasons: list[str]
    entries: list[TimelineEntry]  # cases the member may open, oldest received first
    hidden: int  # released cases in the cluster the member is recused from (a count only)
    person_reference: str  # the person is "Person <person_no> in case <person_reference>"
    person_no: int


def subject_timeline(
    cluster_id: str, member: Member, keys: Keys, from_reference: str | None = None
) -> SubjectTimeline | None:
    """One person's cluster as the member may see it, or None when they may see none of it
    (an unknown cluster and one made only of hidden reports look the same)."""
    rows = db.session.execute(
        select(Report, SubjectLink, and_(*visible_to(member)).label("visible"))
        .join(SubjectLink, SubjectLink.report_id == Report.id)
        .where(SubjectLink.cluster_id == cluster_id, Report.escrow != "waiting")
        .order_by(Report.received_on, Report.id, SubjectLink.subject_no)
    ).all()
    entries: dict[int, TimelineEntry] = {}
    links: list[tuple[TimelineEntry, SubjectLink]] = []
    hidden: set[int] = set()
    for report, link, visible in rows:
        if not visible:
            hidden.add(report.id)
            continue
        entry = entries.setdefault(report.id, TimelineEntry(report, []))
        entry.subject_nos.append(link.subject_no)
        links.append((entry, link))
    if not entries:
        return None
    references = {entry.report.reference for entry in entries.values()}
    for entry, link in links:
        opened = open_link_reason(keys, entry.report, link, references)
        entry.link_reasons.append(
            (once_per_reason(opened) if opened else opened, link.reason is not None)
        )
    ordered = list(entries.values())
    came_from = next((e for e in ordered if e.report.reference == from_reference), ordered[0])
    risk = db.session.get(ClusterRisk, cluster_id)
    return SubjectTimeline(
        cluster_id=cluster_id,
        risk=risk,
        risk_reasons=risk_reasons_seen(risk, recused_from(member)),
        entries=ordered,
        hidden=len(hidden),
        person_reference=came_from.report.reference,
        person_no=came_from.subject_nos[0],
    )
