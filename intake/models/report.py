"""A report and what hangs off it: categories, attachments, messages and the case timeline.

In clear: categories, day dates, stage, flags and scores needed to sort the queue and compute
oversight measures. Sealed: everything the reporter or the team wrote (``content``, ``body``,
attachment ``meta`` and ``data``). The receipt is kept only as a keyed hash.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.db import db
from intake.models.force import ForceOwned
from intake.models.ids import ID_TYPE, random_primary_key
from intake.vocabulary import CATEGORIES


def record_of(reference: str) -> str:
    """What sealed blobs of the report with this reference are bound to."""
    return f"report:{reference}"


class Report(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "report"
    __table_args__ = (
        Index("ix_report_queue", "urgent", "received_on"),
        Index("ix_report_stage_received", "stage", "received_on"),
    )

    id: Mapped[int] = random_primary_key()
    reference: Mapped[str] = mapped_column(String(12), unique=True)  # shown to the team only
    receipt_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    content: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON of the reporter's answers
    # Public half of a key pair derived from the receipt: messages are also sealed to it so the
    # reporter, and only someone holding the receipt, can read the thread on the status page.
    reporter_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The report as sent, sealed to that same key, so the receipt holder can read it back and
    # the server cannot (None for reports sent before read-back existed).
    reporter_content: Mapped[bytes | None] = mapped_column(LargeBinary)

    received_on: Mapped[date] = mapped_column(index=True)
    stage: Mapped[str] = mapped_column(String(16), default="received")
    urgent: Mapped[bool] = mapped_column(default=False)
    retaliation_on: Mapped[date | None]
    go_together: Mapped[bool] = mapped_column(default=False)
    # "none" for ordinary reports; go-together reports are "waiting" until a match "released" them.
    escrow: Mapped[str] = mapped_column(String(8), default="none", index=True)
    released_on: Mapped[date | None]
    # The reporter asked that the team never share this report with another force's team.
    no_sharing: Mapped[bool] = mapped_column(default=False, server_default=false())

    acknowledged_on: Mapped[date | None]
    feedback_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    # The day a lead reopened the case, while the reporter has had no update on progress or
    # outcome since (the first reopening not yet followed by one): ``feedback_on`` keeps the
    # first feedback, which the feedback clock and the oversight figure count.
    update_owed_since: Mapped[date | None]
    # The day the reporter first wrote, or reported retaliation, on the case after it was
    # closed, until a member answers them or a lead reopens it: the queue shows the closed case
    # among the open ones meanwhile, so what the reporter is told ("the team has been told")
    # is true. Never set on an open case.
    reporter_since_close_on: Mapped[date | None] = mapped_column(index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)

    # Filled by triage at submission: derived signals (never text) and the cluster risk.
    pattern_signals: Mapped[str | None] = mapped_column(Text)
    risk_score: Mapped[float] = mapped_column(default=0.0, index=True)
    iopc_flags: Mapped[str | None] = mapped_column(String(200))  # comma-separated IOPC codes
    # The team's assessment, as codes from ``triage.casework.vocabulary`` only (never free text).
    subject_type: Mapped[str | None] = mapped_column(String(20))
    severity: Mapped[str | None] = mapped_column(String(20))
    case_decision: Mapped[str | None] = mapped_column(String(24))
    # The day the case decision standing now was recorded (None for one recorded before
    # decisions were dated): oversight counts it from the end of that month, as an outcome.
    decision_on: Mapped[date | None]
    # An officer's warning in force on the date of the severity assessment (a code from
    # ``WARNINGS_IN_FORCE``): it decides whether a case to answer goes to a meeting or a hearing.
    warning_in_force: Mapped[str | None] = mapped_column(String(24))
    referrals: Mapped[str | None] = mapped_column(String(40))  # comma-separated codes
    standards: Mapped[str | None] = mapped_column(String(300))  # comma-separated codes
    # Set when the assignee declared a conflict of interest, until a lead assigns someone else.
    needs_reassignment: Mapped[bool] = mapped_column(default=False)
    # Optional, from HR records: the subject's ethnic group (a code from
    # ``triage.casework.vocabulary.ETHNIC_GROUPS``), used only for the oversight disparity measure.
    subject_ethnicity: Mapped[str | None] = mapped_column(String(24))
    # A lead's decision on the IOPC flags triage raised: "confirmed" or "rejected".
    iopc_decision: Mapped[str | None] = mapped_column(String(12))
    iopc_decided_on: Mapped[date | None]
    # Set by ``flask retention apply`` when the sealed content was destroyed; the clear
    # columns above stay so the oversight figures still count the case.
    content_destroyed_on: Mapped[date | None]
    # The day the reporter withdrew the report (their reason, if any, is a sealed message).
    withdrawn_on: Mapped[date | None]
    # The first day of its month that the decision, outcome, close or subject's ethnic group
    # changed, and (``before_*``) those fields as they stood before it: as at the end of the
    # month before, the day the oversight figures are as at until this month ends
    # (``keep_figures_before_change``).
    figures_changed_on: Mapped[date | None]
    before_decision: Mapped[str | None] = mapped_column(String(24))
    before_outcome: Mapped[str | None] = mapped_column(String(40))
    before_outcome_on: Mapped[date | None]
    before_closed_on: Mapped[date | None]
    before_subject_ethnicity: Mapped[str | None] = mapped_column(String(24))

    categories: Mapped[list[ReportCategory]] = relationship(
        back_populates="report", cascade="all, delete-orphan", lazy="selectin"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Attachment.seq"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Message.seq"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="CaseEvent.seq"
    )

    @property
    def category_codes(self) -> list[str]:
        order = list(CATEGORIES)
        return sorted((c.category for c in self.categories), key=order.index)

    def keep_figures_before_change(self, today: date) -> None:
        """Call before changing the case decision, outcome, close or subject's ethnic group: the
        first such change in a month keeps them as they stood, which is as at the end of the
        month before.

        Why: the oversight figures are as at the end of last month, and a new decision, outcome
        or close is dated, so it waits for the month's end; but a change that takes one away (a
        reopening undates the close and outcome, a decision or outcome replaced or cleared)
        would move figures already shown on the day it was made, and an oversight member
        reloading daily would see that day. Later changes in the same month keep what the first
        kept: it is still what the end of last month looked like."""
        changed = self.figures_changed_on
        if changed is not None and (changed.year, changed.month) == (today.year, today.month):
            return
        self.figures_changed_on = today
        self.before_decision = self.case_decision
        self.before_outcome = self.outcome
        self.before_outcome_on = self.outcome_on
        self.before_closed_on = self.closed_on
        self.before_subject_ethnicity = self.subject_ethnicity

    @property
    def destroyed_on_withdrawal(self) -> bool:
        """Whether the content was destroyed at the reporter's request, rather than under the
        retention policy: as they withdrew (on the day they withdrew), or later, from their
        status page (``intake.followups.destroy_withdrawn`` records their asking)."""
        return (
            self.withdrawn_on is not None
            and self.content_destroyed_on is not None
            and (
                self.content_destroyed_on == self.withdrawn_on
                or any(event.kind == "deletion_asked" for event in self.events)
            )
        )

    @property
    def outcome_set_aside(self) -> bool:
        """Whether a reopening set the case's outcome aside and none is recorded again yet:
        reopening keeps the outcome but takes its date until the case closes again or a new one
        is recorded. The team's case page says so; the reporter's status page stops showing it
        and says the report is being looked at again."""
        return (
            self.outcome is not None
            and self.outcome_on is None
            and self.closed_on is None
            and any(event.kind == "reopened" for event in self.events)
        )

    @property
    def clocks_from(self) -> date:
        """The day the team's clocks start: a go-together report held until a match (or its
        reporter) released it could not be seen by anyone before, so its acknowledgement and
        feedback are due from its release, not from when it was sent."""
        return self.released_on or self.received_on

    @property
    def record(self) -> str:
        """What sealed blobs of this report are bound to."""
        return record_of(self.reference)


class ReportCategory(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "report_category"

    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(24), primary_key=True, index=True)
    report: Mapped[Report] = relationship(back_populates="categories")


class Attachment(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "attachment"
    # Two lines can never share a place, even if written at once (``intake.locks.next_seq``).
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_attachment_report_seq"),)

    id: Mapped[int] = random_primary_key()
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    # Found by the unique constraint on (report_id, seq), an index that begins with it.
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"))
    seq: Mapped[int]  # position among this report's attachments (ids are random)
    added_on: Mapped[date]
    meta: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON: filename, media type, cleaned
    data: Mapped[bytes] = mapped_column(LargeBinary)  # sealed file bytes
    # Sealed to the reporter's key: name and size, for the reporter's read-back, and the file's
    # salted fingerprint (``intake.duplicates``), to refuse it if added again.
    reporter_meta: Mapped[bytes | None] = mapped_column(LargeBinary)
    report: Mapped[Report] = relationship(back_populates="attachments")


class Message(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A message between the team and the reporter; ``from_reporter`` says which way."""

    __tablename__ = "message"
    # Two lines can never share a place, even if written at once (``intake.locks.next_seq``).
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_message_report_seq"),)

    id: Mapped[int] = random_primary_key()
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    # Found by the unique constraint on (report_id, seq), an index that begins with it.
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"))
    seq: Mapped[int]  # position in this report's thread (ids are random)
    from_reporter: Mapped[bool]
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    sent_on: Mapped[date]
    body: Mapped[bytes] = mapped_column(LargeBinary)  # sealed to the team key
    reporter_copy: Mapped[bytes] = mapped_column(LargeBinary)  # sealed to the reporter's key
    # False for a team message the reporter has not opened the status page to see yet.
    seen_by_reporter: Mapped[bool] = mapped_column(default=False)
    report: Mapped[Report] = relationship(back_populates="messages")


class CaseEvent(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A line of a case's timeline; ``detail`` is fixed wording chosen by code, not free text."""

    __tablename__ = "case_event"
    # Two lines can never share a place, even if written at once (``intake.locks.next_seq``).
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_case_event_report_seq"),)

    id: Mapped[int] = random_primary_key()
    # Found by the unique constraint on (report_id, seq), an index that begins with it.
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"))
    seq: Mapped[int]  # position on this report's timeline (ids are random)
    on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    detail: Mapped[str] = mapped_column(String(200), default="")
    report: Mapped[Report] = relationship(back_populates="events")
