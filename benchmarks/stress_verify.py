"""After a load or fault run: does every receipt open the report that was sent, and is nothing
half written?

Opens the team's private key the way the service does (the lead's password unwraps their copy,
``triage.team.keys.unlock_all``), finds each report by its receipt's keyed hash, and compares every
sealed field with what the simulated reporter typed, byte for byte. Then checks the whole store
for half-written reports: no categories, no "received" event, sealed content that does not open,
or rows pointing at a report that is not there. Prints counts only, never content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from benchmarks.stress_client import Sent


@dataclass
class Verdict:
    receipts: int = 0
    opened_and_equal: int = 0
    missing: int = 0
    different: list[str] = field(default_factory=list)
    replies_expected: int = 0
    replies_found: int = 0
    integrity: dict[str, int] = field(default_factory=dict)
    reports_in_store: int = 0
    drafts_left: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.missing == 0
            and not self.different
            and self.replies_found == self.replies_expected
            and not any(self.integrity.values())
        )

    def print(self) -> None:
        print(f"receipts handed out:            {self.receipts}")
        print(f"  found, open, equal byte for byte: {self.opened_and_equal}")
        print(f"  missing:                          {self.missing}")
        print(
            f"  different from what was sent:     {len(self.different)}"
            + (f" ({', '.join(sorted(set(self.different)))})" if self.different else "")
        )
        print(f"replies acknowledged / stored:  {self.replies_expected} / {self.replies_found}")
        print(
            f"reports in the store:           {self.reports_in_store} "
            f"(draft rows, unsent or holding a sent confirmation until purged: {self.drafts_left})"
        )
        for check, bad in self.integrity.items():
            print(f"  {check:<46} {bad}")


def _equal(verdict: Verdict, what: str, stored: object, sent: object) -> bool:
    if isinstance(stored, str) and isinstance(sent, str):
        same = stored.encode() == sent.encode()
    else:
        same = stored == sent
    if not same:
        verdict.different.append(what)
    return same


def verify(sent: list[Sent], receipt_key_hex: str, lead_email: str, password: str) -> Verdict:
    """Needs the CANDOUR_* environment of the stack (``wsgi`` is imported here, not at the top)."""
    from intake import receipts
    from intake.attachments import team_filename
    from intake.db import db
    from intake.models import Draft, Report
    from intake.sealing import SealError, open_sealed
    from triage.models import Member
    from triage.team.keys import unlock_all
    from wsgi import create_app

    app = create_app()
    verdict = Verdict(receipts=len(sent))
    receipt_key = bytes.fromhex(receipt_key_hex)
    with app.app_context():
        lead = db.session.scalars(select(Member).where(Member.email == lead_email)).one()
        keys = unlock_all(list(lead.wraps), password)

        for reporter in sent:
            wanted = receipts.receipt_hash(receipt_key, reporter.receipt)
            report = db.session.scalars(select(Report).where(Report.receipt_hash == wanted)).first()
            if report is None:
                verdict.missing += 1
                continue
            try:
                content = json.loads(
                    open_sealed(keys, report.content, record=report.record, field="report")
                )
                files = [
                    (
                        json.loads(
                            open_sealed(
                                keys, a.meta, record=report.record, field=f"attachment:{a.uid}:meta"
                            )
                        ),
                        open_sealed(
                            keys, a.data, record=report.record, field=f"attachment:{a.uid}:data"
                        ),
                    )
                    for a in report.attachments
                ]
                replies = [
                    open_sealed(
                        keys, m.body, record=report.record, field=f"message:{m.uid}"
                    ).decode()
                    for m in report.messages
                    if m.from_reporter
                ]
            except SealError:
                verdict.different.append("does not open")
                continue
            person = (content.get("people") or [{}])[0]
            checks = [
                _equal(
                    verdict,
                    "categories",
                    sorted(report.category_codes),
                    sorted(reporter.categories),
                ),
                _equal(verdict, "when_month", content.get("when_month"), reporter.when_month),
                _equal(verdict, "where", content.get("where"), reporter.where),
                _equal(verdict, "description", content.get("description"), reporter.description),
                _equal(verdict, "witnesses", content.get("witnesses"), reporter.witnesses),
                _equal(verdict, "affected", content.get("affected"), reporter.affected),
                all(
                    _equal(verdict, f"person {k}", person.get(k), v)
                    for k, v in reporter.person.items()
                ),
                _equal(verdict, "evidence", [data for _, data in files], [reporter.evidence]),
                # The team sees a file by its kind and number, never the name it was sent with.
                _equal(
                    verdict,
                    "evidence name",
                    [meta["filename"] for meta, _ in files],
                    [team_filename(reporter.evidence_name, "text/plain", 1)],
                ),
            ]
            verdict.replies_expected += len(reporter.replies)
            verdict.replies_found += sum(1 for r in reporter.replies if r in replies)
            if all(checks):
                verdict.opened_and_equal += 1

        verdict.integrity = integrity_problems(keys)
        verdict.reports_in_store = db.session.scalar(select(func.count(Report.id))) or 0
        verdict.drafts_left = db.session.scalar(select(func.count()).select_from(Draft)) or 0
        db.session.remove()
        db.engine.dispose()
    return verdict


def integrity_problems(keys: dict) -> dict[str, int]:  # type: ignore[type-arg]
    """Counts of half-written or orphaned rows across the whole store (all should be 0)."""
    from intake.db import db
    from intake.models import Report
    from intake.sealing import SealError, open_sealed

    session = db.session
    problems = {
        "reports without categories": session.scalar(
            text(
                "SELECT count(*) FROM report r WHERE NOT EXISTS "
                "(SELECT 1 FROM report_category c WHERE c.report_id = r.id)"
            )
        ),
        "reports without their 'received' event": session.scalar(
            text(
                "SELECT count(*) FROM report r WHERE NOT EXISTS (SELECT 1 FROM case_event e "
                "WHERE e.report_id = r.id AND e.kind = 'received')"
            )
        ),
        "reports without signals (hook did not run)": session.scalar(
            text("SELECT count(*) FROM report WHERE pattern_signals IS NULL")
        ),
    }
    # Every table that points at a report: no row may point at a report that is not there.
    for table in db.metadata.sorted_tables:
        if "report_id" in table.columns and table.name != "report":
            problems[f"{table.name} rows without their report"] = session.scalar(
                text(
                    f"SELECT count(*) FROM {table.name} t WHERE NOT EXISTS "  # noqa: S608 (names from the metadata)
                    "(SELECT 1 FROM report r WHERE r.id = t.report_id)"
                )
            )
    unopenable = 0
    for report in session.scalars(select(Report)):
        blobs = [(report.content, "report")]
        blobs += [(a.meta, f"attachment:{a.uid}:meta") for a in report.attachments]
        blobs += [(a.data, f"attachment:{a.uid}:data") for a in report.attachments]
        blobs += [(m.body, f"message:{m.uid}") for m in report.messages]
        for blob, name in blobs:
            try:
                open_sealed(keys, blob, record=report.record, field=name)
            except SealError:
                unopenable += 1
    problems["sealed fields that do not open"] = unopenable
    return {name: int(count or 0) for name, count in problems.items()}
