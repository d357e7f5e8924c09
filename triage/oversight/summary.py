"""Each force's oversight counts kept nightly, for the national page to add up.

At 1,000,000 reports in 43 forces the national page took 18 s computing every force's measures
for two periods (86 transactions of six aggregate queries). ``flask oversight refresh`` computes
them instead, once a night, force by force, each in a transaction of its own for that force
(``use_force``), so the same two walls scope every query as on the force's own page; it stores
the counts (``OversightSummary``, force-owned, so read back only in that force's transaction
too). The national page then reads 43 small rows per period and suppresses exactly as it does
with live counts (``triage.oversight.national``), saying on the page the day the counts were
made. A force or period without a stored count is computed live, as before; so is a chosen
period the refresh does not keep (quarters, earlier years).

What is stored is what the page computes from clear columns: counts and day-count histograms,
never a row per report and nothing sealed. The counts are before suppression, because the
national suppression needs each force's true counts to protect the sums (a force's own cells
are suppressed when shown, as on its own page).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from intake.db import db
from intake.tenancy import use_force
from triage.models import OversightSummary
from triage.oversight import counting
from triage.oversight.histogram import Histogram
from triage.oversight.measures import Decisions, Measures, Period
from triage.oversight.period import default_choice, figures_as_at, previous


def refreshed_periods(today: date) -> list[Period]:
    """The periods the refresh keeps: those the national page opens on (this reporting year so
    far and the year before), as at the end of last month (``figures_as_at``), as every force's
    own page shows them."""
    as_at = figures_as_at(today)
    chosen = default_choice(as_at)
    return [chosen.period, previous(chosen, as_at).period]


def _decisions(found: Decisions) -> dict[str, dict[str, int]]:
    return {"decisions": dict(found.decisions), "outcomes": dict(found.outcomes)}


def _read_decisions(found: dict[str, dict[str, int]]) -> Decisions:
    return Decisions(Counter(found["decisions"]), Counter(found["outcomes"]))


def _quarters(histogram: Histogram) -> list[list[int]]:
    return [[y, mo, n] for (y, mo), n in sorted(histogram.quarters.items())]


def _read_histogram(found: dict[str, Any], name: str) -> Histogram:
    # Counts kept before the quarters were kept have none: every average and percentile they give
    # is then withheld (``figures.timing_row``) until the nightly refresh counts again.
    quarters = Counter({(y, mo): n for y, mo, n in found.get(f"{name}_quarters", [])})
    return Histogram(Counter({d: n for d, n in found[name]}), quarters)


def to_json(m: Measures) -> str:
    """Every count of ``m`` (its period and day are kept in their own columns)."""
    return json.dumps(
        {
            "by_month": [[y, mo, n] for (y, mo), n in sorted(m.by_month.items())],
            "months_around": [[y, mo, n] for (y, mo), n in sorted(m.months_around.items())],
            "by_category": m.by_category,
            "received": m.received,
            "acknowledged_in_time": m.acknowledged_in_time,
            "acknowledgement_due": m.acknowledgement_due,
            "feedback_in_time": m.feedback_in_time,
            "feedback_due": m.feedback_due,
            "open_updated": m.open_updated,
            "open_update_due": m.open_update_due,
            "to_outcome": sorted(m.to_outcome.days.items()),
            "to_close": sorted(m.to_close.days.items()),
            "still_open": sorted(m.still_open.days.items()),
            "to_outcome_quarters": _quarters(m.to_outcome),
            "to_close_quarters": _quarters(m.to_close),
            "still_open_quarters": _quarters(m.still_open),
            "closed_without_decision": m.closed_without_decision,
            "closed_without_outcome": m.closed_without_outcome,
            "decisions_by_category": {
                code: _decisions(d) for code, d in m.decisions_by_category.items()
            },
            "decisions_all": _decisions(m.decisions_all),
            # An ethnic group may be unrecorded (None): kept as a pair, not as a JSON key.
            "decisions_by_ethnicity": [
                [group, _decisions(d)] for group, d in m.decisions_by_ethnicity.items()
            ],
            "subjects": m.subjects,
            "repeat_subjects": m.repeat_subjects,
            "retaliation": [[a, b, n] for (a, b), n in m.retaliation.items()],
            "together": dict(m.together),
            "iopc_referrals": dict(m.iopc_referrals),
            "iopc_flags": dict(m.iopc_flags),
            "reopened": dict(m.reopened),
            "changed": dict(m.changed),
        },
        sort_keys=True,
    )


def from_json(text: str, period: Period, as_at: date) -> Measures:
    found: dict[str, Any] = json.loads(text)
    return Measures(
        period=period,
        as_at=as_at,
        by_month={(y, mo): n for y, mo, n in found["by_month"]},
        # Counts kept before months were decided per year are of whole years, their own months.
        months_around={(y, mo): n for y, mo, n in found.get("months_around", found["by_month"])},
        by_category=found["by_category"],
        received=found["received"],
        acknowledged_in_time=found["acknowledged_in_time"],
        acknowledgement_due=found["acknowledgement_due"],
        feedback_in_time=found["feedback_in_time"],
        feedback_due=found["feedback_due"],
        open_updated=found["open_updated"],
        open_update_due=found["open_update_due"],
        to_outcome=_read_histogram(found, "to_outcome"),
        to_close=_read_histogram(found, "to_close"),
        still_open=_read_histogram(found, "still_open"),
        closed_without_decision=found["closed_without_decision"],
        closed_without_outcome=found["closed_without_outcome"],
        decisions_by_category={
            code: _read_decisions(d) for code, d in found["decisions_by_category"].items()
        },
        decisions_all=_read_decisions(found["decisions_all"]),
        decisions_by_ethnicity={g: _read_decisions(d) for g, d in found["decisions_by_ethnicity"]},
        subjects=found["subjects"],
        repeat_subjects=found["repeat_subjects"],
        retaliation=Counter({(a, b): n for a, b, n in found["retaliation"]}),
        together=Counter(found["together"]),
        iopc_referrals=Counter(found["iopc_referrals"]),
        iopc_flags=Counter(found["iopc_flags"]),
        reopened=Counter(found["reopened"]),
        changed=Counter(found["changed"]),
    )


# Counts added since the first counts were kept: read as 0, a row kept before one was counted
# would say no case was still open, none closed with no decision or outcome (or with a case to
# answer and no outcome), none owed an update, no IOPC referral recorded late, no IOPC flag
# left waiting, no case reopened, or no decision or outcome changed.
COUNTED_SINCE = (
    "still_open",
    "closed_without_decision",
    "closed_without_outcome",
    "open_update_due",
    "iopc_referrals",
    "iopc_flags",
    "reopened",
    "changed",
)


def counted_before(text: str) -> bool:
    """Whether these counts were kept before one of ``COUNTED_SINCE`` was counted: the page
    then counts that force now, until the nightly refresh runs."""
    found = json.loads(text)
    return any(name not in found for name in COUNTED_SINCE)


def refresh_force(force_id: int, today: date) -> None:
    """Count one force's measures for the kept periods and replace what it had stored, in one
    transaction for that force (so its figures are never half replaced)."""
    with use_force(force_id):
        db.session.execute(delete(OversightSummary))  # scoped to this force, as every query
        for period in refreshed_periods(today):
            db.session.add(
                OversightSummary(
                    period_start=period.start,
                    period_end=period.end,
                    counted_on=today,
                    measures=to_json(counting.compute(period, figures_as_at(today))),
                )
            )


def refresh(
    force_ids: Iterable[int], today: date, progress: Callable[[int], None] | None = None
) -> int:
    """Refresh each force in turn; returns how many."""
    done = 0
    for force_id in force_ids:
        refresh_force(force_id, today)
        done += 1
        if progress:
            progress(force_id)
    return done


@dataclass(frozen=True)
class Counted:
    measures: Measures
    counted_on: date


def stored(
    force_ids: Iterable[int], periods: list[Period], as_at: date
) -> dict[tuple[int, Period], Counted]:
    """Each force's stored counts for exactly each of ``periods`` as at ``as_at`` (what is
    missing, was counted in another month and so as at another day, or before a count of
    ``COUNTED_SINCE`` was made, is left out), read in one transaction for each force."""
    found: dict[tuple[int, Period], Counted] = {}
    for force_id in force_ids:
        with use_force(force_id):
            for row in db.session.scalars(select(OversightSummary)):
                period = Period(row.period_start, row.period_end)
                if (
                    period in periods
                    and figures_as_at(row.counted_on) == as_at
                    and not counted_before(row.measures)
                ):
                    counted = from_json(row.measures, period, as_at)
                    found[(force_id, period)] = Counted(counted, row.counted_on)
    return found
