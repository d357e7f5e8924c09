"""Submitting the demo reports through the live submission path, then moving them back in time.

Each report goes through ``intake.submission.submit`` in the order it was received, so it is
sealed, matched and scored (and go-together reports held and released) exactly as a real one.
The live code stamps today on everything it writes; afterwards the day columns are moved back
to the planned days, including the received day inside the derived pattern signals, and every
cluster is re-scored from the stored signals as ``flask triage rescore`` does. Nothing here
reads or writes plaintext outside the sealing functions.
"""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

from sqlalchemy import select, update

from intake.db import db
from intake.models import Report
from intake.submission import submit
from intake.tenancy import on_behalf_of
from intake.vocabulary import PERSON_FIELDS
from seeds.demo.stories import DemoReport
from seeds.demo.texts import PLACES
from triage.matching.cluster_risk import rescore
from triage.models.crossforce import CrossForceNotice, NationalToken
from triage.models.subjects import SubjectLink

RESCORE_CHUNK = 1000  # clusters per query, as ``flask triage rescore`` does
# The two-force demo prints the receipt of the transferee report the first force shares.
RECEIPTS_KEPT = frozenset({"transferee"})


def answers_from(item: DemoReport, rng: random.Random) -> dict[str, Any]:
    """The answers a reporter's journey would produce for this record."""
    raw = item.record
    people = [{k: (s.get(k) or "") for k in PERSON_FIELDS} for s in raw.get("subjects") or []]
    incident = raw.get("incident_date") or ""
    when, when_date, when_month = "unsure", "", ""
    if len(incident) == 10:
        day = date.fromisoformat(incident)
        when, when_date = "date", f"{day.day}/{day.month}/{day.year}"
    elif len(incident) == 7:
        when, when_month = "month", f"{int(incident[5:7])}/{incident[:4]}"
    return {
        "categories": list(raw["categories"]),
        "when": when,
        "when_date": when_date,
        "when_month": when_month,
        "where": rng.choice(PLACES),
        "description": raw["narrative"],
        "people": people,
        "unknown": not people,
        "affected": raw.get("affected") or ["reporter"],
        "witnesses": "",
        "together": "together" if item.together and people else "now",
        "files": [],
    }


def submit_all(
    items: list[DemoReport], rng: random.Random, started: date, receipts: dict[int, str]
) -> list[Report]:
    """Submit every report in received order; returns them in the same order as ``items``.

    The receipts of the reports whose story is in ``RECEIPTS_KEPT`` go into ``receipts`` (by
    report id) so the demo can print one a reporter would hold; every other receipt is dropped.

    ``started`` is the day the seed began: anything the live code dated on or after it was
    written by this run and is moved to the day it should have happened.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i].received, i))
    made: dict[int, Report] = {}
    waiting: list[Report] = []
    for index in order:
        item = items[index]
        report, receipt = submit(answers_from(item, rng))
        if item.story in RECEIPTS_KEPT:
            receipts[report.id] = receipt
        report.received_on = item.received
        for event in report.events:
            event.on = item.received
        _date_across_forces(report)
        waiting = [held for held in waiting if not _dated_release(held, item.received, started)]
        if report.escrow == "waiting":
            waiting.append(report)
        made[index] = report
    db.session.commit()
    return [made[i] for i in range(len(items))]


def _date_across_forces(report: Report) -> None:
    """Give other forces the report's year as moved back: its national tokens carry it, and so
    does each notice another force was given when it arrived ("named in a report in 2025")."""
    year = report.received_on.year
    db.session.execute(
        update(NationalToken).where(NationalToken.report_id == report.id).values(year=year)
    )
    ours = db.session.scalars(
        select(CrossForceNotice).where(CrossForceNotice.report_id == report.id)
    )
    for notice in list(ours):
        with on_behalf_of(notice.other_force_id):
            theirs = db.session.get_one(CrossForceNotice, notice.other_notice_id)
            theirs.other_year = year


def _dated_release(held: Report, day: date, started: date) -> bool:
    """If the report just submitted (on ``day``) released ``held``, date the release."""
    if held.escrow != "released":
        return False
    held.released_on = day
    for event in held.events:
        if event.kind == "released" and event.on >= started:
            event.on = day
    return True


def backdate_signals_and_rescore(reports: list[Report]) -> None:
    """Put each report's received day into its stored signals, then re-score every cluster."""
    for report in reports:
        signals = json.loads(report.pattern_signals or "{}")
        if signals:
            signals["received"] = report.received_on.isoformat()
            report.pattern_signals = json.dumps(signals, sort_keys=True)
    db.session.flush()
    clusters = list(db.session.scalars(select(SubjectLink.cluster_id).distinct()))
    for start in range(0, len(clusters), RESCORE_CHUNK):
        rescore(db.session, clusters[start : start + RESCORE_CHUNK])
    linked = set(db.session.scalars(select(SubjectLink.report_id).distinct()))
    rescore(db.session, [], also=[r for r in reports if r.id not in linked])
    db.session.commit()
