"""The subject page: every case the member may see that may name one person, on a timeline by
when each incident happened (the day it was received where the reporter did not say), with the
cluster's risk and the reasons the reports were linked.

Caseworkers and leads only (oversight never sees case content: 403). Nobody's name is stored in
clear: the page opens each listed report to head it with the name the reporters gave ("Person N
in case REF", from the case the member came from, when none was given), and each case's link
reason. The view is audited once, naming every listed case.

A member recused from some of the cluster's cases sees the cluster's score, as on the case page,
with reasons worked out from the cases they may open only: none carries anything from a case
they may not open.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import abort, render_template, request

from intake.db import db
from intake.sealing import SealError, TeamPrivateKey, open_sealed
from intake.vocabulary import (
    CATEGORIES,
    STAGES,
    named_people,
    parse_day,
    parse_month,
    when_written,
)
from triage import audit
from triage.casework import vocabulary
from triage.casework.near_copies import near_copies
from triage.casework.repeat_subjects import ORDERS, names_for, repeat_subjects
from triage.matching.notices import notices_of
from triage.matching.related import SubjectTimeline, TimelineEntry, subject_timeline
from triage.matching.roster_store import roster_people
from triage.team.sessions import current_member, roles_required, unlocked_keys
from triage.views import team
from triage.views.pagination import pagination


@dataclass(frozen=True)
class ShownRisk:
    level: str
    score: float
    predatory: bool
    reasons: list[str]


def _visible_risk(timeline: SubjectTimeline) -> ShownRisk | None:
    """The cluster's stored risk, as the case page and the queue show it, with the reasons the
    member may be told (``related.risk_reasons_seen``: worked out without the cases they are
    recused from, exactly as on the case page); the score and level stay the stored ones, which
    the case page shows anyway and which a caseworker needs to protect the reporters they can
    see."""
    risk = timeline.risk
    if risk is None:
        return None
    return ShownRisk(risk.level, risk.score, risk.predatory, timeline.risk_reasons)


Contents = dict[int, dict[str, Any]]


def opened_reports(entries: list[TimelineEntry], keys: Mapping[int, TeamPrivateKey]) -> Contents:
    """Each listed report's content by report id, opened once for the page (a report the
    member's keys cannot open, or whose content was destroyed, is left out)."""
    contents: Contents = {}
    for entry in entries:
        try:
            contents[entry.report.id] = json.loads(
                open_sealed(keys, entry.report.content, record=entry.report.record, field="report")
            )
        except (SealError, ValueError):
            continue
    return contents


@dataclass(frozen=True)
class Happened:
    """When a report says its incident happened, as precisely as the reporter gave it."""

    text: str  # "4 March 2025", "March 2025", or "" when not said
    on: date | None  # the day, or the first of the month, for ordering


def when_happened(entry: TimelineEntry, contents: Contents) -> Happened:
    """From the report as the reporter wrote it, or else from the month kept with its pattern
    signals (a report the member's keys cannot open)."""
    content = contents.get(entry.report.id)
    if content is not None:
        text = when_written(content) or ""
        when = content.get("when")
        if when == "date" and (day := parse_day(str(content.get("when_date") or ""), date.max)):
            return Happened(text, day)
        if when == "month" and (
            month := parse_month(str(content.get("when_month") or ""), date.max)
        ):
            return Happened(text, date(month[0], month[1], 1))
        return Happened(text, None)
    incident = json.loads(entry.report.pattern_signals or "{}").get("incident")
    if not incident:
        return Happened("", None)
    month_on = date.fromisoformat(f"{incident}-01")
    return Happened(f"{month_on:%B %Y}", month_on)


def by_when_happened(timeline: SubjectTimeline, contents: Contents) -> SubjectTimeline:
    """The timeline oldest first by when each incident happened, or when the report was
    received where the reporter did not say: escalation is read from the order of incidents,
    and reports of old incidents often arrive together, long after."""
    happened = {e.report.id: when_happened(e, contents) for e in timeline.entries}

    def key(entry: TimelineEntry) -> tuple[date, date, int]:
        report = entry.report
        return (happened[report.id].on or report.received_on, report.received_on, report.id)

    return replace(timeline, entries=sorted(timeline.entries, key=key))


def names_given(timeline: SubjectTimeline, contents: Contents) -> list[str]:
    """The names the reporters gave this person, as they wrote them, the case the member came
    from first, each once (a report the member's keys cannot open, or naming nobody, adds none)."""
    first = [e for e in timeline.entries if e.report.reference == timeline.person_reference]
    names: list[str] = []
    for entry in first + [e for e in timeline.entries if e not in first]:
        content = contents.get(entry.report.id)
        if content is None:
            continue
        people = named_people(content)  # numbered as matching numbered them
        for number in entry.subject_nos:
            person = people[number - 1] if 0 < number <= len(people) else {}
            name = " ".join(str(person.get("name") or "").split())
            if name and name not in names:
                names.append(name)
    return names


@team.get("/subjects")
@roles_required("caseworker", "lead")
def subjects() -> str:
    """Everyone named in more than one report, most at risk first (``repeat_subjects``), each
    by the name a reporter gave them in a case the member may open, so that one person listed
    twice can be seen."""
    member = current_member()
    assert member is not None
    order = request.args.get("order", "risk")
    order = order if order in ORDERS else "risk"
    found = repeat_subjects(member, request.args.get("page", 1, type=int) or 1, order)
    named, opened = names_for(found.people, unlocked_keys())
    if opened:
        audit.record("decrypted", member.id, None, f"people named again: {', '.join(opened)}")
        db.session.commit()  # the audit entry stands even if rendering fails
    return render_template(
        "team/subjects.html",
        found=found,
        named=named,
        order=order,
        pagination=pagination(
            "team.subjects",
            "Pages of people named again",
            found.page,
            found.pages,
            {} if order == "risk" else {"order": order},
        ),
    )


@team.get("/subjects/<cluster_id>")
@roles_required("caseworker", "lead")
def subject(cluster_id: str) -> str:
    member = current_member()
    assert member is not None  # the blueprint's before_request has already checked
    timeline = subject_timeline(
        cluster_id[:64],
        member,
        unlocked_keys(),
        from_reference=request.args.get("case", "")[:20] or None,
    )
    if timeline is None:
        abort(404)
    contents = opened_reports(timeline.entries, unlocked_keys())
    timeline = by_when_happened(timeline, contents)
    listed = ", ".join(entry.report.reference for entry in timeline.entries)
    audit.record(
        "decrypted",
        member.id,
        timeline.person_reference,
        f"subject page {timeline.cluster_id}: {listed}",
    )
    db.session.commit()  # the audit entry stands even if rendering fails
    subjects = [(e.report.id, n) for e in timeline.entries for n in e.subject_nos]
    return render_template(
        "team/subject.html",
        timeline=timeline,
        roster=roster_people(db.session, subjects, unlocked_keys()),
        mentions=len(subjects),
        crossforce=notices_of(db.session, subjects),
        references={e.report.id: e.report.reference for e in timeline.entries},
        risk=_visible_risk(timeline),
        names=names_given(timeline, contents),
        happened={e.report.id: when_happened(e, contents).text for e in timeline.entries},
        copies=near_copies(
            {
                report_id: str(content.get("description") or "")
                for report_id, content in contents.items()
            }
        ),
        categories=CATEGORIES,
        stages=STAGES,
        vocabulary=vocabulary,
    )
