"""Each force's oversight counts, kept by the nightly ``flask oversight refresh`` so the national
page adds them up instead of scanning every force's reports (``triage.oversight.summary``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class OversightSummary(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """One force's measures for one period as counted on ``counted_on``: the same aggregate
    counts and day-count histograms its oversight page computes from clear columns, before
    suppression (the pages suppress when they show them). Force-owned like the reports they
    count, so only a transaction for that force reads or writes them."""

    __tablename__ = "oversight_summary"
    __table_args__ = (
        UniqueConstraint(
            "force_id", "period_start", "period_end", name="uq_oversight_summary_period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    counted_on: Mapped[date]  # the day the counts were made: what the national page says
    measures: Mapped[str] = mapped_column(Text)  # ``summary.to_json``
