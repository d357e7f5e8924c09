"""The oversight tables of referrals to the IOPC: those recorded by their deadline (one row), and
the flags triage raised for one by a lead's decision, with how long they waited for it. Counts
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


# The rows of ``flag_table``: each of ``iopc_referrals.FLAG_STATES``, with the decided ones'
# total before the flags still waiting.
FLAG_ROWS = {
    "confirmed": "Referral confirmed by a lead",
    "rejected": "Referral judged not needed by a lead",
    "decided": "Decided by a lead",
    "waiting": "Still awaiting a lead's decision at the end of last month",
}
DECISION_RULE = (
    "A referral to the IOPC must be made by the end of the day after it becomes clear that it "
    "is needed, so a lead must decide on a flag by the end of the next working day after "
    "triage raised it (Monday to Friday; bank holidays are not taken out)."
)


def flag_table(f: Figures) -> Table:
    """The flags triage raised for an IOPC referral, by a lead's decision, and how many waited
    past the next working day for it (``iopc_referrals.flag_counts``)."""
    flags = Table(
        "iopc-flags",
        "Flags for an IOPC referral decided by a lead",
        [
            "Flags raised by triage",
            "Flags",
            "Waited past the next working day",
            "Percentage that waited past it",
        ],
        notes=[
            "Triage flags a report that may need a mandatory referral to the IOPC when the "
            "team can first see it (for a go-together report, when it is released). "
            + DECISION_RULE
            + " A flag decided later, or still undecided after that day, waited past it.",
            "The referral's deadline above runs from the lead's confirmation, so a flag still "
            "awaiting a decision is in no referral figure, and one judged not needed leaves its "
            "case out of them: they are counted here. Counted over the flags on reports "
            "received in the period, as at the end of last month.",
        ],
    )
    for state, heading in FLAG_ROWS.items():
        prefix = ("flags", state)
        flags.add(
            heading,
            [
                f.count((prefix, "whole")),
                f.count((prefix, "part")),
                f.rate((prefix, "part"), (prefix, "whole")),
            ],
        )
    return flags
