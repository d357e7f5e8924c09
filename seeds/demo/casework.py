"""Working the demo cases with the live casework functions, then dating each step.

Every step (acknowledging, assigning, assessing, notes, messages, retaliation, protective
measures, conflicts of interest, outcomes, closing) calls the same function the case page calls,
so notes and messages are sealed, the timeline is worded and the audit log is written exactly as
in the live service. The live functions date what they write today; each step is then moved to
the day it is planned for. The audit log keeps its real times: it records that the seed did this
work today, and its hash chain must not be rewritten.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial

from sqlalchemy import update
from sqlalchemy.orm import InstrumentedAttribute

from intake.db import db
from intake.models import Report
from intake.submission import add_message, record_event
from seeds.demo import texts
from seeds.demo.decisions import Decision, decide, decided, subject_type_of
from seeds.demo.stories import DemoReport, Script
from seeds.demo.timeline import Timeline, draw, forced, up_to
from triage.casework import (
    assessment,
    assignment,
    closing,
    iopc,
    outcome,
    protection,
    stages,
    vocabulary,
    writing,
)
from triage.models import Member, Note, Recusal
from triage.models.case import Protection

# Report day columns the live functions set to today.
_DAY_COLUMNS = (
    "acknowledged_on",
    "feedback_on",
    "outcome_on",
    "closed_on",
    "decision_on",
    "figures_changed_on",
    "retaliation_on",
    "iopc_decided_on",
)
# IOPC grounds a lead nearly always confirms; "discrimination" alone is more often rejected.
_SERIOUS_IOPC = frozenset({"serious_sexual_offence", "sexual_abuse_of_position", "serious_assault"})


@dataclass(frozen=True)
class Crew:
    lead: Member
    caseworkers: tuple[Member, Member]

    def pick(self, rng: random.Random) -> Member:
        """Who takes a case: mostly the two caseworkers, sometimes the lead."""
        return rng.choices([*self.caseworkers, self.lead], weights=[45, 45, 10])[0]


@dataclass
class Tally:
    """Counts for the summary of what the casework did."""

    retaliation: int = 0
    conflicts: int = 0
    iopc_decided: int = 0
    messages: int = 0
    notes: int = 0
    reporter_replies: int = 0


# A side table the live functions date today: its report column and its day column.
DatedRows = tuple[InstrumentedAttribute[int], InstrumentedAttribute[date]]
NOTES: DatedRows = (Note.report_id, Note.created_on)
PROTECTIONS: DatedRows = (Protection.report_id, Protection.opened_on)
RECUSALS: DatedRows = (Recusal.report_id, Recusal.declared_on)
# (day, order within the day, action, the side tables whose new rows it dates)
Step = tuple[date, int, Callable[[], object], tuple[DatedRows, ...]]


class CaseSeeder:
    """Plans and carries out the casework of one report."""

    def __init__(self, crew: Crew, started: date, today: date, tally: Tally) -> None:
        self.crew, self.started, self.today, self.tally = crew, started, today, tally
        self.steps: list[Step] = []

    # -- dating ---------------------------------------------------------------------------------

    def _carry_out(self, report: Report) -> None:
        """Run the planned steps in day order, then move what each wrote to its day.

        Each step may only add events and messages at the end of the report's lists and set
        day columns that were empty, so what a step wrote is told apart by position and by
        which column it filled. Those are dated together once the case is done (written in one
        flush, not one per step); side-table rows are dated after each step, as their rows are
        told apart only by being dated today.
        """
        dated: list[tuple[object, str, date]] = []
        columns: dict[str, date] = {}
        for day, _order, action, tables in sorted(self.steps, key=lambda s: (s[0], s[1])):
            events, messages = len(report.events), len(report.messages)
            action()
            dated += [(event, "on", day) for event in report.events[events:]]
            dated += [(message, "sent_on", day) for message in report.messages[messages:]]
            for column in _DAY_COLUMNS:
                value = getattr(report, column)
                if column not in columns and value is not None and value >= self.started:
                    columns[column] = day
            for report_id, day_column in tables:
                # Not read again in this run, so the session need not be synchronised.
                db.session.execute(
                    update(report_id.class_)
                    .where(report_id == report.id, day_column >= self.started)
                    .values({day_column.key: day})
                    .execution_options(synchronize_session=False)
                )
        for row, attribute, day in dated:
            setattr(row, attribute, day)
        for column, day in columns.items():
            setattr(report, column, day)

    def _at(
        self,
        day: date | None,
        order: int,
        action: Callable[[], object],
        tables: tuple[DatedRows, ...] = (),
    ) -> None:
        if day is not None and day <= self.today:
            self.steps.append((day, order, action, tables))

    # -- the plan ---------------------------------------------------------------------------------

    def work(self, report: Report, item: DemoReport, rng: random.Random) -> None:
        """Plan the case from its script (or draw it), carry it out and date every step."""
        if report.escrow == "waiting":
            return  # counted nowhere visible until a matching report releases it
        start = report.released_on or report.received_on
        script = item.script
        timeline = draw(rng, start)
        timeline = (
            forced(timeline, start, self.today, script.stage)
            if script
            else up_to(timeline, self.today)
        )
        categories = report.category_codes
        subject_type = (
            script.subject_type
            if script and script.subject_type
            else subject_type_of(item.record, rng)
        )
        decision = self._decision(script, categories, subject_type, rng)
        # A conflict of interest is declared by the caseworker the case was given to.
        conflict = (
            timeline.assessing is not None
            and timeline.outcome is None
            and (item.script.conflict if item.script else rng.random() < 0.04)
        )
        assignee = rng.choice(self.crew.caseworkers) if conflict else self.crew.pick(rng)
        self.steps = []
        self._plan(report, item, timeline, decision, assignee, rng)
        if conflict:
            self._plan_conflict(report, assignee, rng, reassign=item.script is not None)
        self._carry_out(report)

    @staticmethod
    def _decision(
        script: Script | None, categories: list[str], subject_type: str, rng: random.Random
    ) -> Decision:
        if script and script.decision:
            decision = decided(
                categories, subject_type, script.decision, script.outcome, rng, script.ethnicity
            )
        else:
            decision = decide(categories, subject_type, rng)
        return replace(decision, warning=script.warning) if script else decision

    def _plan(
        self,
        report: Report,
        item: DemoReport,
        timeline: Timeline,
        decision: Decision,
        assignee: Member,
        rng: random.Random,
    ) -> None:
        lead = self.crew.lead
        ack = timeline.acknowledged
        if ack is None:
            return
        acker = rng.choice([lead, *self.crew.caseworkers])
        self._at(ack, 0, lambda: stages.acknowledge(report, acker))
        unassigned = timeline.stage == "acknowledged" and rng.random() < 0.3
        if not unassigned:
            self._at(ack, 1, lambda: assignment.assign(report, lead, assignee.id))
        self._plan_iopc(report, item.script, ack, timeline, rng)
        if timeline.assessing is not None:
            self._plan_assessment(report, timeline, decision, assignee, rng)
        self._plan_messages(report, timeline, assignee, rng)
        self._plan_retaliation(report, item.script, timeline, assignee, rng)
        if timeline.outcome is not None:
            self._plan_outcome(report, timeline, decision, assignee, rng)
        if timeline.closed is not None:
            closer = rng.choice([assignee, lead])
            self._at(timeline.closed, 90, lambda: self._close(report, closer), (NOTES,))

    def _close(self, report: Report, closer: Member) -> None:
        # A case never acknowledged or without an outcome is closed only by a lead.
        if closing.lead_must_close(report):
            closer = self.crew.lead
        closing.close(report, closer, texts.CLOSE_REASONS[report.outcome is not None])
        self.tally.notes += 1

    def _plan_iopc(
        self,
        report: Report,
        script: Script | None,
        ack: date,
        timeline: Timeline,
        rng: random.Random,
    ) -> None:
        """A lead decides on the IOPC flags triage raised (most cases past acknowledgement)."""
        flags = set((report.iopc_flags or "").split(",")) - {""}
        if not flags:
            return
        verdict = script.iopc if script is not None else None
        if verdict is None:
            still_open = timeline.outcome is None
            if still_open and rng.random() < 0.35:
                verdict = "pending"
            else:
                verdict = "confirmed" if flags & _SERIOUS_IOPC or rng.random() < 0.4 else "rejected"
        if verdict == "pending":
            return

        reason = rng.choice(texts.IOPC_REASONS[verdict])

        def decide_referral() -> None:
            iopc.decide(report, self.crew.lead, verdict, reason)  # the reason is a sealed note
            self.tally.iopc_decided += 1
            self.tally.notes += 1

        decided = min(ack + timedelta(days=rng.randint(1, 6)), self.today)
        self._at(decided, 2, decide_referral, (NOTES,))
        if verdict == "confirmed":
            self._plan_referral(report, decided, timeline, rng)

    def _plan_referral(
        self, report: Report, decided: date, timeline: Timeline, rng: random.Random
    ) -> None:
        """A confirmed referral is mostly recorded as made by its deadline, sometimes late, always
        before the case closes; a few open cases have none yet, so the queue shows it overdue."""
        if timeline.closed is None and rng.random() < 0.15:
            return
        made = decided + timedelta(days=rng.choice([0, 0, 1, 1, 1, 3]))
        made = min(made, timeline.closed or made, self.today)
        reference = f"2026/{rng.randint(1, 99999):05d}"
        mode = rng.choice(["", *vocabulary.IOPC_MODES])

        def record() -> None:
            # Day columns are dated once the case is done; the referral may not precede its
            # confirmation, so that one is dated now.
            report.iopc_decided_on = decided
            iopc.record_referral(
                report,
                self.crew.lead,
                referred_on=made,
                reference=reference,
                mode=mode,
                # A matter returned without an investigation is recorded with its date.
                returned_on=made if mode == "returned" else None,
                today=made,
            )

        self._at(made, 3, record)

    def _plan_assessment(
        self,
        report: Report,
        timeline: Timeline,
        decision: Decision,
        assignee: Member,
        rng: random.Random,
    ) -> None:
        assessing = timeline.assessing
        assert assessing is not None

        def start() -> None:
            stages.move_stage(report, assignee, "assessing")
            if timeline.outcome is None:  # otherwise the assessment is recorded with the outcome
                assessment.record_assessment(
                    report,
                    assignee,
                    subject_type=decision.subject_type,
                    severity=decision.severity if rng.random() < 0.7 else None,
                    case_decision=None,
                    referrals=self._referrals(report, rng),
                    standards=decision.standards,
                    warning_in_force=decision.warning,
                )

        self._at(assessing, 10, start)
        end = min(timeline.outcome or self.today, self.today)
        for number in range(rng.choice([0, 1, 1, 1, 2])):
            day = assessing + timedelta(days=rng.randint(0, max(0, (end - assessing).days)))
            text = rng.choice(texts.NOTES)
            self._at(day, 20 + number, partial(self._note, report, assignee, text), (NOTES,))

    def _referrals(self, report: Report, rng: random.Random) -> list[str]:
        # Not the IOPC referral: the lead's decision (``_plan_iopc``) is its record.
        referrals = []
        flags = set(json.loads(report.pattern_signals or "{}").get("flags", []))
        if flags & {"sexual_assault", "violence"} and rng.random() < 0.7:
            referrals.append("criminal")
        return referrals

    def _note(self, report: Report, member: Member, text: str, action: bool = False) -> None:
        writing.add_note(report, member, text, management_action=action)
        self.tally.notes += 1

    def _plan_messages(
        self, report: Report, timeline: Timeline, assignee: Member, rng: random.Random
    ) -> None:
        """Feedback within the clock (mostly), and replies from some reporters."""
        feedback = timeline.feedback
        if feedback is None or (timeline.outcome is not None and feedback >= timeline.outcome):
            return
        text = rng.choice(texts.FEEDBACK)
        self._at(feedback, 30, lambda: self._message(report, assignee, text))
        if rng.random() < 0.45:
            reply = rng.choice(texts.REPLIES)
            day = feedback + timedelta(days=rng.randint(1, 12))
            if timeline.closed is None or day < timeline.closed:
                self._at(day, 31, lambda: self._reporter_says(report, reply))

    def _message(self, report: Report, member: Member, text: str) -> None:
        writing.message_reporter(report, member, text, progress_update=True)
        self.tally.messages += 1

    def _reporter_says(self, report: Report, text: str) -> None:
        # As the status page's reply form does (intake.views.status.additions.reply).
        _write_from_the_status_page(report, text)
        record_event(report, "reporter_reply", "The reporter sent a message")
        self.tally.reporter_replies += 1

    def _plan_retaliation(
        self,
        report: Report,
        script: Script | None,
        timeline: Timeline,
        assignee: Member,
        rng: random.Random,
    ) -> None:
        """The reporter says they face retaliation; the team records protective measures."""
        wanted = (
            script.retaliation
            if script
            else (
                timeline.closed is None and timeline.assessing is not None and rng.random() < 0.04
            )
        )
        ack = timeline.acknowledged
        if not wanted or ack is None:
            return
        latest = min(timeline.closed or self.today, self.today)
        day = ack + timedelta(days=rng.randint(1, max(1, min(60, (latest - ack).days - 3))))
        text = rng.choice(texts.RETALIATION)

        def flag() -> None:
            # As the status page's retaliation form does (intake.views.status.additions).
            report.urgent = True
            report.retaliation_on = date.today()
            _write_from_the_status_page(report, text)
            record_event(report, "retaliation", "The reporter said they are facing retaliation")
            self.tally.retaliation += 1

        self._at(min(day, self.today), 40, flag)
        note, measures = rng.choice(texts.PROTECTION_NOTES), rng.choice(texts.PROTECTION_MEASURES)
        level = rng.choice(["medium", "high"])
        self._at(
            min(day + timedelta(days=rng.randint(1, 4)), self.today),
            41,
            partial(protection.record_protection, report, assignee, level, note, measures),
            (PROTECTIONS,),
        )

    def _plan_outcome(
        self,
        report: Report,
        timeline: Timeline,
        decision: Decision,
        assignee: Member,
        rng: random.Random,
    ) -> None:
        outcome_day = timeline.outcome
        assert outcome_day is not None
        reason = rng.choice(texts.OUTCOME_REASONS[decision.decision])
        letter = rng.choice(texts.OUTCOME_MESSAGES)

        def conclude() -> None:
            # The subject's ethnic group comes from HR records with the decision (most cases).
            assessment.record_assessment(
                report,
                assignee,
                subject_type=decision.subject_type,
                severity=decision.severity,
                case_decision=decision.decision,
                referrals=self._referrals(report, rng),
                standards=decision.standards,
                subject_ethnicity=decision.ethnicity,
                warning_in_force=decision.warning,
            )
            # The letter is the outcome's message to the reporter, as the case page sends it.
            outcome.record_outcome(report, assignee, decision.outcome, reason, told=letter)
            self.tally.messages += 1
            self.tally.notes += 1

        self._at(outcome_day, 80, conclude, (NOTES,))
        if decision.decision == "no_case" and rng.random() < 0.3:
            text = rng.choice(texts.MANAGEMENT_ACTIONS)
            self._at(
                outcome_day, 81, partial(self._note, report, assignee, text, action=True), (NOTES,)
            )

    def _plan_conflict(
        self, report: Report, assignee: Member, rng: random.Random, *, reassign: bool
    ) -> None:
        """A caseworker finds they know someone in the case; a lead reassigns it, or has yet to
        (the queue's "needs reassigning" filter)."""
        # After everything else the caseworker did on the case: they stop the day they declare.
        last = max(step[0] for step in self.steps)
        day = min(last + timedelta(days=rng.randint(1, 5)), self.today)
        other = next(m for m in self.crew.caseworkers if m is not assignee)

        def declare() -> None:
            assignment.declare_conflict(report, assignee)
            self.tally.conflicts += 1

        self._at(day, 50, declare, (RECUSALS,))
        if reassign:
            self._at(
                min(day + timedelta(days=rng.randint(1, 5)), self.today),
                51,
                lambda: assignment.assign(report, self.crew.lead, other.id),
            )


def _write_from_the_status_page(report: Report, text: str) -> None:
    """A reporter's message: they wrote it on the status page, where they had read the team's
    messages, so none of those is still "New" to them."""
    for message in report.messages:
        message.seen_by_reporter = True
    add_message(report, text, from_reporter=True)
