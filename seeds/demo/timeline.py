"""When things happen on a demo case: the days it was acknowledged, assessed, answered and closed.

The spread is chosen so the oversight measures mean something: most reports are acknowledged
within the 7-day clock and most reporters hear back within 3 months, while days to an outcome
follow a long-tailed curve (median about six months, a tenth over a year, a few over two) so the
medians and the shares over one and two years can be read against the Casey Review's 400 days.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

STAGE_ORDER = ("received", "acknowledged", "assessing", "outcome", "closed")
# The day column each stage needs, in order.
_STAGE_STEPS = ("acknowledged", "assessing", "outcome", "closed")
OUTCOME_MEDIAN_DAYS = 170
OUTCOME_SPREAD = 0.7  # sigma of the log-normal: 90th percentile about 2.5 times the median


@dataclass(frozen=True)
class Timeline:
    acknowledged: date | None = None
    assessing: date | None = None
    feedback: date | None = None
    outcome: date | None = None
    closed: date | None = None

    @property
    def stage(self) -> str:
        reached = [s for s in _STAGE_STEPS if getattr(self, s) is not None]
        return reached[-1] if reached else "received"


def _acknowledge_delay(rng: random.Random) -> int:
    if rng.random() < 0.88:
        return rng.choices(range(7), weights=[10, 25, 20, 15, 10, 8, 5])[0]
    return rng.randint(8, 24)


def draw(rng: random.Random, start: date) -> Timeline:
    """An unbounded timeline from the day the team could first see the report."""
    acknowledged = start + timedelta(days=_acknowledge_delay(rng))
    assessing = acknowledged + timedelta(days=rng.randint(4, 40))
    feedback_after = rng.randint(10, 85) if rng.random() < 0.86 else rng.randint(95, 170)
    to_outcome = round(rng.lognormvariate(math.log(OUTCOME_MEDIAN_DAYS), OUTCOME_SPREAD))
    outcome = max(assessing + timedelta(days=15), start + timedelta(days=to_outcome))
    return Timeline(
        acknowledged=acknowledged,
        assessing=assessing,
        feedback=acknowledged + timedelta(days=feedback_after),
        outcome=outcome,
        closed=outcome + timedelta(days=rng.randint(5, 75)),
    )


def up_to(timeline: Timeline, today: date) -> Timeline:
    """What has happened by ``today``: each step only once the ones before it have."""
    kept: dict[str, date | None] = {}
    open_ = True
    for step in _STAGE_STEPS:
        day = getattr(timeline, step)
        open_ = open_ and day is not None and day <= today
        kept[step] = day if open_ else None
    feedback = (
        timeline.feedback
        if kept["acknowledged"] and timeline.feedback and timeline.feedback <= today
        else None
    )
    return Timeline(feedback=feedback, **kept)


def forced(timeline: Timeline, start: date, today: date, stage: str) -> Timeline:
    """The timeline squeezed (if need be) so the case stands at ``stage`` today."""
    wanted = _STAGE_STEPS[: STAGE_ORDER.index(stage)]
    last = max((getattr(timeline, s) for s in wanted), default=start)
    if last > today:
        # Scale every step towards the start so the last one needed falls before today.
        factor = max(0, (today - start).days - 1) / max(1, (last - start).days)
        timeline = replace(
            timeline,
            **{
                f.name: start
                + timedelta(days=int((getattr(timeline, f.name) - start).days * factor))
                for f in fields(timeline)
            },
        )
    steps = {s: (getattr(timeline, s) if s in wanted else None) for s in _STAGE_STEPS}
    feedback = (
        timeline.feedback
        if steps["acknowledged"] and timeline.feedback and timeline.feedback <= today
        else None
    )
    return Timeline(feedback=feedback, **steps)
