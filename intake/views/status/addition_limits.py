"""The limits on what a reporter adds to their report (a message, a file, word of retaliation),
and the page a refused addition is redirected to (``intake.errors.LIMITED_PAGES``).

Each limit counts the report, wherever it was opened, never the address alone. Counted per
address, as they were, one person who sent 30 messages in an hour from a police station's proxy,
a home's Wi-Fi or a mobile network's shared address kept everyone else there from sending any,
and the next reporter was told "You have tried this too many times", with their message lost.
Each address (from a listed shared network, each report and the network, ``intake.reporter_
limits``) is also held to a ceiling of all such POSTs, ``ADDRESS_CEILING_FACTOR`` times
looser, so that one machine holding many receipts still cannot flood the team's queue.

A refusal is a redirect to a page of its own, as a receipt lookup's is: a reload or Back is a GET,
never the form sent again. It says what was not added and whose attempts were counted, and what
was typed is kept, as a refused form's is, for the way back to its page after the wait.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import render_template, request, url_for

from intake.errors import CEILING_OF_ALL, reporter_whose_named, wait_named
from intake.reporter_limits import ADDRESS_CEILING_FACTOR, reporter_limit
from intake.shared_networks import scaled
from intake.views import redisplay, reporter
from intake.views.status.session_report import (
    KEPT_WHEN_LIMITED,
    keeping_when_limited,
    report_person,
)

P = ParamSpec("P")
R = TypeVar("R")

# How many of each addition one report may send or try in an hour, by its page's name.
ADDITION_LIMITS = {
    "reply": "30 per hour",
    "add_evidence": "20 per hour",
    "retaliation": "10 per hour",
}
_ADDITION = {  # what each addition is called, for the numbers its refusal names
    "reply": "Up to {n} messages an hour can be sent about one report",
    "add_evidence": "Up to {n} files an hour can be added to one report",
    "retaliation": "The team can be told about retaliation up to {n} times an hour for one report",
}
NOT_DONE = {
    "reply": "Your message has not been added to your report.",
    "add_evidence": "Your file has not been added to your report.",
    "retaliation": "The team has not been told about the retaliation.",
}
_GO_BACK = {
    "reply": "your message",
    "add_evidence": "adding a file",
    "retaliation": "telling the team about retaliation",
}


def _ceiling(limit: str) -> str:
    return scaled(limit, ADDRESS_CEILING_FACTOR)


def addition_limits(keeps: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The limits of an addition route, named by ``ADDITION_LIMITS`` for its function's name:
    the report's own, counted wherever it was opened, and the address's ceiling of all its
    POSTs. What was typed in the field ``keeps`` of a refused form is kept for after the wait."""

    def limited(route: Callable[P, R]) -> Callable[P, R]:
        limit = ADDITION_LIMITS[route.__name__]
        own = reporter_limit(
            limit,
            methods=["POST"],
            person=report_person,
            per_person_everywhere=True,
            unless=redisplay.went_back,  # no addition: counted by the ceiling alone
        )
        ceiling = reporter_limit(
            _ceiling(limit), methods=["POST"], person=report_person, ceiling_of_all=True
        )
        checked = ceiling(own(route))
        return checked if keeps is None else keeping_when_limited(route, checked, keeps)

    return limited


@reporter.get("/status/not-added")
def addition_limited() -> str:
    """Its redirect names the addition (``?action=``), the wait, and whether the address's
    ceiling refused it (``?all=yes``) rather than the report's own limit; opened without them,
    it says what it can."""
    action = request.args.get("action", "")
    if action not in ADDITION_LIMITS:
        action = "reply"  # opened by hand: the commonest, and what it says is still true
    limit = ADDITION_LIMITS[action]
    minutes, at_most, over = wait_named(f"{limit}; {_ceiling(limit)}")
    kept = action in KEPT_WHEN_LIMITED and redisplay.follow_up_typed(
        action, KEPT_WHEN_LIMITED[action]
    )
    return render_template(
        "reporter/addition_limited.html",
        action=action,
        minutes=minutes,
        at_most=at_most,
        over=over,
        whose=_whose(),
        report_limit=_ADDITION[action].format(n=limit.split()[0]),
        not_done=NOT_DONE[action],
        go_back=_GO_BACK[action],
        action_page=url_for(f"reporter.{action}"),
        kept_at=redisplay.follow_up_refused_at(action) if kept else None,
    )


def _whose() -> str:
    """Whose attempts the refusal counted: the report's own ("report"), everyone's at an
    unlisted address ("network"), everyone's on a listed shared network ("shared"), or, from a
    listed network on a page opened without the redirect's word, "unknown"."""
    why = reporter_whose_named()
    if why == "shared":  # the network's ceiling of the report limit, or of all POSTs
        return "shared"
    if request.args.get(CEILING_OF_ALL) != "yes" or why == "you":
        return "report"  # from a listed network, the report's ceiling counts the report too
    return "unknown" if why == "unknown" else "network"
