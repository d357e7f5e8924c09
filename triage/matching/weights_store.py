"""The stored matching weights: the latest version ``flask triage calibrate`` kept, read by
live matching on arrival and by ``flask triage relink``. Without one, the hand-set weights.

``flask triage calibrate --reset`` goes back to the hand-set weights by storing a version that
says so (``HAND_SET_MARK``) rather than deleting the learnt ones: every version stays on
record, dated, beside the audit entry that made it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from triage.matching.sql_store import DbSession
from triage.matching.weights import HAND_SET, Weights
from triage.models.weights import MatchWeights

# A version's weights when it is a return to the hand-set ones: those in the code, never a copy
# that would keep old values once the code's are changed.
HAND_SET_MARK = "hand-set"


def _newest(session: DbSession) -> str | None:
    return session.scalars(
        select(MatchWeights.weights).order_by(MatchWeights.version.desc()).limit(1)
    ).first()


def latest_weights(session: DbSession) -> Weights:
    """The newest stored weights (one indexed read), or the hand-set ones if none are stored
    or the newest version is a return to them."""
    stored = _newest(session)
    return HAND_SET if stored in (None, HAND_SET_MARK) else Weights.from_json(stored)


def uses_hand_set(session: DbSession) -> bool:
    """Whether matching weighs with the hand-set weights (nothing learnt is in use)."""
    return _newest(session) in (None, HAND_SET_MARK)


def store_weights(session: DbSession, weights: Weights | None, today: date) -> int:
    """Keep ``weights`` as the next version, dated ``today`` (``None``: back to the hand-set
    weights); returns the version."""
    version = (session.scalar(select(func.max(MatchWeights.version))) or 0) + 1
    stored = HAND_SET_MARK if weights is None else weights.to_json()
    session.add(MatchWeights(version=version, weights=stored, stored_on=today))
    session.flush()
    return version
