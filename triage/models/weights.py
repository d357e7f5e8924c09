"""Matching weights learnt from the stored tokens (``flask triage calibrate``): each version's
likelihood ratios as JSON, dated to the day only. No token, name or count of a person is kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class MatchWeights(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """Each force learns from its own tokens, so each keeps its own versions."""

    __tablename__ = "match_weights"
    __table_args__ = (
        UniqueConstraint("force_id", "version", name="uq_match_weights_force_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    weights: Mapped[str] = mapped_column(Text)  # ``Weights.to_json()``
    stored_on: Mapped[date]
