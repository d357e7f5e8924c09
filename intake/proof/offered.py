"""Whether a report may have a proof of reporting, and if not, why not.

A proof says that a report "was made to the independent misconduct team". A go-together report
still held, or withdrawn while it was held, never reached the team (``intake.followups``): a
proof of it would say something false. One another report released, whose sender has not been
told so (``followups.looks_held``), is offered none either: a proof offered for it and not for
a held one would tell anyone sending a held report whether someone had reported that officer.

It is not worded differently instead, because held reports are few and counted nowhere a proof
could hide among, so a proof saying "held" would point to one of them; a reporter who needs
proof can release their report and then download it.
"""

from __future__ import annotations

from typing import Literal

from intake import followups
from intake.models import Report

Withheld = Literal["held", "withdrawn_unread"]


def withheld_because(report: Report) -> Withheld | None:
    """None when a proof may be downloaded for ``report``; else why not."""
    if followups.looks_held(report):
        return "held"
    if followups.withdrawn_looking_held(report):
        return "withdrawn_unread"
    return None
