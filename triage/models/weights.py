"""Matching weights learnt from the stored tokens (``flask triage calibrate``): each version's
likelihood ratios as JSON, dated to the day only. No token, name or count of a person is kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db


class MatchWeights(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "match_weights"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    weights: Mapped[str] = mapped_column(Text)  # ``Weights.to_json()``
    stored_on: Mapped[date]
