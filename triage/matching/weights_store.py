"""The stored matching weights: the latest version ``flask triage calibrate`` kept, read by
live matching on arrival and by ``flask triage relink``. Without one, the hand-set weights."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from triage.matching.sql_store import DbSession
from triage.matching.weights import HAND_SET, Weights
from triage.models.weights import MatchWeights


def latest_weights(session: DbSession) -> Weights:
    """The newest stored weights (one indexed read), or the hand-set ones if none are stored."""
    stored = session.scalars(
        select(MatchWeights.weights).order_by(MatchWeights.version.desc()).limit(1)
    ).first()
    return HAND_SET if stored is None else Weights.from_json(stored)


def store_weights(session: DbSession, weights: Weights, today: date) -> int:
    """Keep ``weights`` as the next version, dated ``today``; returns the version."""
    version = (session.scalar(select(func.max(MatchWeights.version))) or 0) + 1
    session.add(MatchWeights(version=version, weights=weights.to_json(), stored_on=today))
    session.flush()
    return version
