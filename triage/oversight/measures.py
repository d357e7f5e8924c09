"""What the oversight measures are: the period they cover and, for one force (or the sum of
several), the counts and histograms computed from clear columns (``triage.oversight.counting``)
before small-number suppression (``triage.oversight.tables``). Never a row per report, never
anything decrypted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from triage.oversight.histogram import Histogram
from triage.oversight.reporting_year import reporting_year, year_end, year_start


@dataclass(frozen=True)
class Period:
    """Whole months: the first day of ``start``'s month to the last day of ``end``'s."""

    start: date
    end: date


@dataclass
class Decisions:
    """Case decisions and outcomes of one group of reports (a category, an ethnic group...)."""

    decisions: Counter[str] = field(default_factory=Counter)  # case decision code → reports
    outcomes: Counter[str] = field(default_factory=Counter)  # outcome group → reports


@dataclass
class Measures:
    period: Period
    as_at: date  # the day the figures are as at (``triage.oversight.period.figures_as_at``)
    by_month: dict[tuple[int, int], int]
    # Reports received in each month of the reporting years the period falls in: a month's
    # figure is shown or withheld once for its year, alike in the year's and its quarter's view
    # (``triage.oversight.figures.decide_months``).
    months_around: dict[tuple[int, int], int]
    by_category: dict[str, int]
    received: int
    acknowledged_in_time: int
    acknowledgement_due: int
    feedback_in_time: int
    feedback_due: int
    # Cases open as at ``as_at`` whose first feedback was due by then, and those of them the
    # team updated in the FEEDBACK_MONTHS months to ``as_at`` (``open_updates``): only the
    # first feedback counts in the two above, so one early update would otherwise hide a case
    # left silent for a year.
    open_updated: int
    open_update_due: int
    to_outcome: Histogram
    to_close: Histogram
    # Cases not closed as at ``as_at``: days from receipt to ``as_at``, how long each has been
    # open so far. Without it a team that left its slowest cases open would flatter the other
    # two rows, which count only cases that got that far.
    still_open: Histogram
    # Cases the team closed as at ``as_at`` with neither a case decision nor an outcome
    # (``closed_by_team``): they are in no decision or outcome rate, so without this count a
    # team could leave those rates looking better by closing the hard cases undecided.
    closed_without_decision: int
    # Cases the team closed as at ``as_at`` with a case decision (to answer or not) but no
    # outcome: they are in the case to answer rate but in no outcome rate, so a team could
    # otherwise keep its action taken rate up by closing, unrecorded, the cases that came to
    # nothing (after no case to answer, "no further action" is an outcome without action).
    closed_without_outcome: int
    decisions_by_category: dict[str, Decisions]
    decisions_all: Decisions
    decisions_by_ethnicity: dict[str | None, Decisions]
    subjects: int
    repeat_subjects: int
    retaliation: Counter[tuple[bool, bool]]  # (category retaliation, reporter said so) → reports
    together: Counter[str]  # "waiting" / "released" → go-together reports received
    # Confirmed IOPC referrals recorded in Candour by their deadline, after it, or not at all
    # (``iopc_referrals.REFERRAL_COUNTS``): by the day recorded, not only the date typed.
    iopc_referrals: Counter[str]
    # The flags triage raised for an IOPC referral, by a lead's decision as at ``as_at`` (none
    # yet: "waiting"), each with how many waited past the end of the next working day
    # (``iopc_referrals.flag_counts``): the referral's deadline runs from the decision, so a
    # flag left waiting shows only here.
    iopc_flags: Counter[str] = field(default_factory=Counter)
    # Cases reopened by ``as_at``, and those reopened in a later month than they were closed, so
    # that some month's figures had counted them closed (``counting.reopened_counts``).
    reopened: Counter[str] = field(default_factory=Counter)
    # Cases whose case decision or outcome was changed after it was recorded, by ``as_at``
    # (``changes.changed_counts``): a changed one moves the rates of past periods too.
    changed: Counter[str] = field(default_factory=Counter)

    @classmethod
    def empty(cls, period: Period, as_at: date) -> Measures:
        """Nothing counted yet: what sums of several forces' measures start from."""
        return cls(
            period=period,
            as_at=as_at,
            by_month={},
            months_around={},
            by_category={},
            received=0,
            acknowledged_in_time=0,
            acknowledgement_due=0,
            feedback_in_time=0,
            feedback_due=0,
            open_updated=0,
            open_update_due=0,
            to_outcome=Histogram(),
            to_close=Histogram(),
            still_open=Histogram(),
            closed_without_decision=0,
            closed_without_outcome=0,
            decisions_by_category={},
            decisions_all=Decisions(),
            decisions_by_ethnicity={},
            subjects=0,
            repeat_subjects=0,
            retaliation=Counter(),
            together=Counter(),
            iopc_referrals=Counter(),
        )

    @property
    def timings(self) -> tuple[tuple[str, Histogram], ...]:
        """The histograms of the days-to-outcome table, by the name their counts go under."""
        return (
            ("to_outcome", self.to_outcome),
            ("to_close", self.to_close),
            ("still_open", self.still_open),
        )


def years_around(period: Period) -> Period:
    """The whole reporting years ``period`` falls in."""
    return Period(year_start(reporting_year(period.start)), year_end(reporting_year(period.end)))
