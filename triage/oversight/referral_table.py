"""The oversight table of referrals to the IOPC recorded by their deadline: one row, its counts
from ``triage.oversight.iopc_referrals``, declared and withheld in ``triage.oversight.figures``."""

from __future__ import annotations

from triage.oversight.figures import Figures
from triage.oversight.iopc_referrals import REFERRAL_COUNTS
from triage.oversight.table import Table


def referral_table(f: Figures) -> Table:
    """Confirmed IOPC referrals by when Candour was told (``iopc_referrals``)."""
    referrals = Table(
        "iopc-referrals",
        "Referrals to the IOPC recorded by the deadline",
        [
            "Referrals",
            "Due by the end of last month",
            "Recorded by the deadline",
            "Recorded after the deadline",
            "Not recorded",
            "Percentage recorded by the deadline",
        ],
        notes=[
            "A referral to the IOPC is due by the end of the day after a lead confirms it. It "
            "counts as recorded by the deadline only if both the date the lead gives for it and "
            "the day it was first recorded in Candour are by then: a date typed in later never "
            "makes a referral count as on time. Counted over the referrals confirmed by the end "
            "of last month that were recorded, or whose deadline had passed, by then.",
        ],
    )
    referrals.add(
        "Confirmed by a lead",
        [
            f.count(("iopc", "due")),
            *(f.count(("iopc", name)) for name in REFERRAL_COUNTS),
            f.rate(("iopc", "on_time"), ("iopc", "due")),
        ],
    )
    return referrals
