"""The IOPC referral figure: of the referrals a lead confirmed, how many were recorded in Candour
by their deadline (the end of the day after confirming, ``clocks.iopc_referral_clock``), how many
after it, and how many not at all although the deadline has passed; and the flags triage raised
for a referral: how many a lead decided (confirmed or judged not needed) and how many still await
a decision, each with how many waited past the end of the next working day
(``clocks.iopc_decision_due``). The referral's own deadline runs from the lead's confirmation, so
without the second a lead who sat on a flag for a month would still show every referral on time.

On time needs both the date the lead gave and the day Candour was first told
(``IopcReferral.recorded_on``, the server's day, never changed) to be by the deadline: a referral
typed in as made on the deadline day but recorded a week later counts as late, so a date typed
after the event can never make one count as on time. Like every oversight figure it is as at
``as_at``: a referral recorded after it was not recorded then. An aggregate query over clear day
columns; nothing is decrypted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Index, and_, case, func, not_, or_, select
from sqlalchemy.sql.expression import ColumnElement

from intake.db import db
from intake.models import Report
from triage.casework.clocks import IOPC_DECISION_DAYS_BY_WEEKDAY, IOPC_REFERRAL_DAYS
from triage.models import IopcReferral
from triage.oversight.sql import days_between, weekday

# The names the counts go under (``Measures.iopc_referrals``), in the order the table shows them.
REFERRAL_COUNTS = ("on_time", "late", "unrecorded")

# The flags a lead decides, by their decision as at ``as_at`` ("waiting": none yet), in the order
# the table shows them; each also counted under ``name + "_late"``: waited past the rule.
FLAG_STATES = ("confirmed", "rejected", "waiting")

# Confirmed referrals are few: found through this index, the figure reads no other report row.
Index("ix_report_iopc_decision", Report.force_id, Report.iopc_decision, Report.received_on)


def referral_counts(visible: ColumnElement[bool], as_at: date) -> Counter[str]:
    """The referrals confirmed by ``as_at`` among the ``visible`` reports, under the names of
    ``REFERRAL_COUNTS``; one still within its deadline and not recorded is in none of them."""
    recorded = IopcReferral.recorded_on <= as_at
    by_deadline = and_(
        days_between(IopcReferral.recorded_on, Report.iopc_decided_on) <= IOPC_REFERRAL_DAYS,
        days_between(IopcReferral.referred_on, Report.iopc_decided_on) <= IOPC_REFERRAL_DAYS,
    )
    conditions = {
        "on_time": and_(recorded, by_deadline),
        "late": and_(recorded, not_(by_deadline)),
        "unrecorded": and_(
            or_(IopcReferral.recorded_on.is_(None), IopcReferral.recorded_on > as_at),
            Report.iopc_decided_on < as_at - timedelta(days=IOPC_REFERRAL_DAYS),
        ),
    }
    row = db.session.execute(
        select(*(func.coalesce(func.sum(case((c, 1), else_=0)), 0) for c in conditions.values()))
        .select_from(Report)
        .outerjoin(IopcReferral, IopcReferral.report_id == Report.id)
        .where(visible, Report.iopc_decision == "confirmed", Report.iopc_decided_on <= as_at)
    ).one()
    return +Counter({name: int(n) for name, n in zip(conditions, row, strict=True)})


def flag_counts(visible: ColumnElement[bool], as_at: date) -> Counter[str]:
    """The IOPC flags on the ``visible`` reports as at ``as_at``: ``state`` and ``state_late``
    for each of ``FLAG_STATES``. A flag is raised the day the team could first
    see the report (``Report.clocks_from``); one decided after ``as_at`` was still waiting then,
    and one still waiting is late once its due day has passed."""
    raised = func.coalesce(Report.released_on, Report.received_on)
    allowed = case(IOPC_DECISION_DAYS_BY_WEEKDAY, value=weekday(raised))
    decided = Report.iopc_decided_on <= as_at
    # A flag on a report whose content was deleted before a lead decided (withdrawn and deleted
    # at its reporter's request, or by retention) can no longer be decided: from then on it is
    # not waiting (``queue.iopc_pending_condition``).
    deleted_undecided = and_(
        or_(Report.iopc_decided_on.is_(None), Report.iopc_decided_on > as_at),
        Report.content_destroyed_on.is_not(None),
        Report.content_destroyed_on <= as_at,
    )
    state = case(
        (and_(decided, Report.iopc_decision == "confirmed"), "confirmed"),
        (and_(decided, Report.iopc_decision == "rejected"), "rejected"),
        else_="waiting",
    )
    waited_to = case((decided, Report.iopc_decided_on), else_=as_at)
    late = days_between(waited_to, raised) > allowed
    found: Counter[str] = Counter()
    for name, count, late_count in db.session.execute(
        select(state, func.count(), func.coalesce(func.sum(case((late, 1), else_=0)), 0))
        .where(visible, Report.iopc_flags.is_not(None), Report.iopc_flags != "")
        .where(not_(deleted_undecided))
        .group_by(state)
    ):
        found[str(name)] += int(count)
        found[f"{name}_late"] += int(late_count)
    return +found
