"""What a proof of reporting may say about its report without singling it out.

A statement giving the day and the categories pointed to one report for 288 of the 300 demo
reports (``flask proof anonymity``): anyone holding the proof and a copy of the database could
find the report. So a proof says only as much as at least ``MIN_REPORTS`` reports fit, counted
over every report in the database when it is downloaded (counts only grow, so it stays true).
A report that is offered no proof (``intake.proof.offered``) can be left out by whoever holds
one, so it is not counted: one still held ("waiting"), and one released by another report whose
sender has not been told (``followups.match_untold``, held or withdrawn as it looked held). A
held report is only ever released, and a sender once told stays told, so the count still only
grows; the one exception is a sender told only by a message who withdrew and then had what they
sent deleted, messages and all, whose report looks held again.

The descriptions form one chain, each fitting every report the one before fits:

    month + categories  ⊂  quarter + categories  ⊂  year + categories  ⊂  year  ⊂  nothing

The most precise one that fits enough reports is chosen. Because the chain is nested, two
proofs of the same report downloaded at different times (same reference) together reveal no
more than the more precise of them, which fitted enough reports when it was made. Categories
must match exactly: a DBA would look for reports with that very set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from intake.db import db
from intake.followups import match_untold_clause
from intake.models import Report, ReportCategory
from intake.proof.period import (
    month_of,
    period_bounds,
    period_kind,
    period_words,
    quarter_of,
    year_of,
)
from intake.vocabulary import CATEGORIES, in_a_sentence

MIN_REPORTS = 5


@dataclass(frozen=True)
class Disclosure:
    """What a proof will say: category codes (maybe none) and a period (maybe "")."""

    categories: tuple[str, ...]
    period: str
    fits: int  # how many reports this description fits now

    @property
    def when(self) -> str:
        """The period in words ("March 2026"), or "" when the proof gives none."""
        return period_words(self.period)

    @property
    def category_labels(self) -> str:
        """The categories as the page says them mid-sentence, as the statement lists them:
        "bullying or harassment and racism"."""
        words = [in_a_sentence(CATEGORIES.get(code, code)) for code in self.categories]
        if len(words) < 2:
            return "".join(words)
        return f"{', '.join(words[:-1])} and {words[-1]}"

    @property
    def kind(self) -> str:
        """Which link of the chain this is, in words, for the operator's measure."""
        span = period_kind(self.period)
        if not span:
            return "only that a report was made"
        return f"{span} and categories" if self.categories else f"{span} only"

    @property
    def among_enough(self) -> bool:
        """Whether it fits at least ``MIN_REPORTS`` reports. Only the last link, "a report was
        made" to this force (its signing key says which), can fit fewer: a force with few
        reports yet, where the page must not promise what the proof cannot give."""
        return self.fits >= MIN_REPORTS

    @property
    def most_precise(self) -> bool:
        """True when it already gives the month and the categories (it can say no more)."""
        return bool(self.categories) and period_kind(self.period) == "month"


def _descriptions(categories: tuple[str, ...], day: date) -> list[tuple[tuple[str, ...], str]]:
    return [
        (categories, month_of(day)),
        (categories, quarter_of(day)),
        (categories, year_of(day)),
        ((), year_of(day)),
    ]


# The reports a proof can be of: never one still held or withdrawn while held, nor one released
# by a match its sender was not told of.
_can_have_a_proof = (Report.escrow != "waiting") & ~match_untold_clause()


def _fits_in_sql(categories: tuple[str, ...], period: str) -> int:
    """How many reports a description fits, counted in the database (one or two queries)."""
    bounds = period_bounds(period)
    assert bounds is not None
    in_period = Report.received_on.between(*bounds) & _can_have_a_proof
    if not categories:
        return db.session.scalar(select(func.count()).select_from(Report).where(in_period)) or 0
    # Reports whose category set is exactly ``categories``: all of their rows are among them
    # and there are as many rows as codes.
    per_report = (
        select(ReportCategory.report_id)
        .join(Report, Report.id == ReportCategory.report_id)
        .where(in_period)
        .group_by(ReportCategory.report_id)
        .having(func.count() == len(categories))
        .having(
            func.sum(case((ReportCategory.category.in_(categories), 1), else_=0)) == len(categories)
        )
    )
    return db.session.scalar(select(func.count()).select_from(per_report.subquery())) or 0


def disclosure_for(report: Report) -> Disclosure:
    """What this report's proof may say now."""
    categories = tuple(sorted(report.category_codes))
    for codes, period in _descriptions(categories, report.received_on):
        fits = _fits_in_sql(codes, period)
        if fits >= MIN_REPORTS:
            return Disclosure(codes, period, fits)
    total = (
        db.session.scalar(select(func.count()).select_from(Report).where(_can_have_a_proof)) or 0
    )
    return Disclosure((), "", total)


def anonymity_sets() -> tuple[dict[str, Counter[int]], Counter[str]]:
    """For every report, how many reports its proof fits: as proofs were (the day and the
    categories) and as they are now, and what proofs now say. The operator's measure
    (``flask proof anonymity``)."""
    sets: dict[int, set[str]] = {}
    for report_id, category in db.session.execute(
        select(ReportCategory.report_id, ReportCategory.category)
    ):
        sets.setdefault(report_id, set()).add(category)
    reports = list(db.session.scalars(select(Report)))
    day_and_categories = Counter(
        (report.received_on, frozenset(sets.get(report.id, ()))) for report in reports
    )
    now = [disclosure_for(report) for report in reports]
    sizes = {
        "day and categories (before)": Counter(
            day_and_categories[report.received_on, frozenset(sets.get(report.id, ()))]
            for report in reports
        ),
        "now": Counter(said.fits for said in now),
    }
    return sizes, Counter(said.kind for said in now)
